"""A minimal HTTP/1.1 event-stream server on 127.0.0.1 that counts its open connections.

Every POST gets a chunked `text/event-stream` reply: by default a long stream ending in
`[DONE]` (the connection then stays open for the next request); with the request header
`x-mode: stall`, one event and then nothing until the client hangs up. `open_connections`
is what the server sees, so a client that leaks a socket cannot hide it.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from types import TracebackType

_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
    b"transfer-encoding: chunked\r\nmistral-correlation-id: sse-1\r\n\r\n"
)


def _event(number: int, finish: str | None = None) -> bytes:
    delta = {"role": "assistant", "content": ""} if number == 0 else {"content": f" w{number}"}
    chunk = {
        "id": "cafe",
        "object": "chat.completion.chunk",
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def _chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


FIRST = _chunked(_event(0))
REST = _chunked(
    b"".join(_event(n) for n in range(1, 60)) + _event(60, "stop") + b"data: [DONE]\n\n"
)
END = b"0\r\n\r\n"


class CountingSSEServer:
    """Usage: `with CountingSSEServer() as server: ... server.wait_until_no_connections()`"""

    def __init__(self) -> None:
        self.open_connections = 0
        self.accepted = 0
        self.peak = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="sse-server", daemon=True)
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _count(self, delta: int) -> None:
        with self._lock:
            self.open_connections += delta
            if delta > 0:
                self.accepted += 1
                self.peak = max(self.peak, self.open_connections)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._count(+1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").lower().split("\r\n")
                length = next(
                    (int(h.split(":", 1)[1]) for h in lines if h.startswith("content-length:")),
                    0,
                )
                await reader.readexactly(length)
                writer.write(_HEAD + FIRST)
                if "x-mode: stall" in lines:
                    await writer.drain()
                    await reader.read()  # until the client hangs up
                    return
                writer.write(REST + END)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            self._count(-1)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=512)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stopping.wait()

    def wait_until_no_connections(self, limit: float = 10.0) -> int:
        """Open connections once they have all gone (or after `limit` seconds: then > 0)."""
        deadline = time.monotonic() + limit
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.open_connections

    def __enter__(self) -> CountingSSEServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        stopping = self._stopping
        if stopping is not None:
            self._loop.call_soon_threadsafe(stopping.set)
        self._thread.join(10)
