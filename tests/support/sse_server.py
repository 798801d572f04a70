"""A minimal HTTP/1.1 event-stream server on 127.0.0.1 that counts its open connections.

Every POST gets a chunked `text/event-stream` reply: by default a long stream ending in
`[DONE]` (the connection then stays open for the next request); with the request header
`x-mode: stall`, one event and then nothing until the client hangs up. `open_connections`
is what the server sees, so a client that leaks a socket cannot hide it.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time
from multiprocessing.context import BaseContext
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


class _Counters:
    """Shared with the server process: what it has seen, readable from the test at any time."""

    def __init__(self, context: BaseContext) -> None:
        self.port = context.Value("i", 0)
        self.open = context.Value("i", 0)
        self.accepted = context.Value("i", 0)
        self.peak = context.Value("i", 0)
        self.stop = context.Event()

    def count(self, delta: int) -> None:
        with self.open.get_lock():
            self.open.value += delta
            if delta > 0:
                self.accepted.value += 1
                self.peak.value = max(self.peak.value, self.open.value)


async def _serve(
    counters: _Counters, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    counters.count(+1)
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").lower().split("\r\n")
            length = next(
                (int(h.split(":", 1)[1]) for h in lines if h.startswith("content-length:")), 0
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
        counters.count(-1)


async def _main(counters: _Counters) -> None:
    server = await asyncio.start_server(
        lambda r, w: _serve(counters, r, w), "127.0.0.1", 0, backlog=512
    )
    counters.port.value = server.sockets[0].getsockname()[1]
    async with server:
        while not counters.stop.is_set():  # noqa: ASYNC110 - set from another process
            await asyncio.sleep(0.02)


def _run(counters: _Counters) -> None:
    asyncio.run(_main(counters))


class CountingSSEServer:
    """Usage: `with CountingSSEServer() as server: ... server.wait_until_no_connections()`

    The server runs in its own process: its work neither competes with the client for the
    GIL nor runs under the coverage tracer, and its counts cannot be touched by the client.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._counters = _Counters(context)
        self._process = context.Process(target=_run, args=(self._counters,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._counters.port.value)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def open_connections(self) -> int:
        return int(self._counters.open.value)

    @property
    def accepted(self) -> int:
        return int(self._counters.accepted.value)

    @property
    def peak(self) -> int:
        return int(self._counters.peak.value)

    def wait_until_no_connections(self, limit: float = 10.0) -> int:
        """Open connections once they have all gone (or after `limit` seconds: then > 0)."""
        deadline = time.monotonic() + limit
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.open_connections

    def __enter__(self) -> CountingSSEServer:
        self._process.start()
        deadline = time.monotonic() + 30
        while not self.port:
            if not self._process.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the SSE test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._counters.stop.set()
        self._process.join(10)
        if self._process.is_alive():  # pragma: no cover - a stuck server
            self._process.kill()
