"""A fast canned-answer HTTP/1.1 server on 127.0.0.1 (plain asyncio, standard library only),
for load tests and the benchmark: the server must not be the bottleneck, and it counts what
a pool does to it.

Paths: `<prefix>/v1/chat/completions` and `<prefix>/v1/embeddings` answer a canned JSON body
(any other path answers `{}`); a first path segment `slow` adds `latency` seconds before the
answer (so base_url `http://127.0.0.1:PORT/slow` is a slow server, without it a fast one);
a JSON body with `"stream": true` gets a text/event-stream answer of STREAM_CHUNKS chat
chunks (then `[DONE]`), one HTTP chunk per event; `GET /__stats` answers the counters as
JSON, `POST /__reset` zeroes them.

In a test: `with LoopbackServer() as server: ... server.stats().max_in_flight` (the server
runs in a child process). For the benchmark: `python tests/support/loopback.py --port 0`
prints `PORT <n>` and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import urllib.request
from dataclasses import asdict, dataclass
from types import TracebackType
from typing import Any

CHAT_BODY: dict[str, Any] = {
    "id": "cmpl-e5cc70bb28c444948073e77776eb30ef",
    "object": "chat.completion",
    "created": 1702256327,
    "model": "mistral-small-latest",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Paris is the capital and most populous city of France. " * 12,
                "tool_calls": None,
            },
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 16, "completion_tokens": 102, "total_tokens": 118},
}


def embeddings_body(rows: int = 64, dimension: int = 1024) -> dict[str, Any]:
    """A float embeddings answer with deterministic, full-precision values."""
    return {
        "id": "embd-aad6fc62b17349b192ef09225058bc45",
        "object": "list",
        "model": "mistral-embed",
        "data": [
            {
                "object": "embedding",
                "index": row,
                "embedding": [
                    ((row * 7919 + i * 104729) % 20011) / 20011 - 0.5 for i in range(dimension)
                ],
            }
            for row in range(rows)
        ],
        "usage": {"prompt_tokens": rows * 8, "completion_tokens": 0, "total_tokens": rows * 8},
    }


STREAM_CHUNKS = 200
_STREAM = re.compile(rb'"stream"\s*:\s*true')


def _sse_events() -> list[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None, **extra: Any) -> bytes:
        payload = {
            "id": "cmpl-stream",
            "object": "chat.completion.chunk",
            "created": 1702256327,
            "model": "mistral-small-latest",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"

    events = [chunk({"role": "assistant", "content": ""}, None)]
    events += [chunk({"content": f"word{i} "}, None) for i in range(STREAM_CHUNKS - 2)]
    usage = {"prompt_tokens": 16, "completion_tokens": STREAM_CHUNKS, "total_tokens": 216}
    events.append(chunk({"content": "end."}, "stop", usage=usage))
    return [*events, b"data: [DONE]\n\n"]


_SSE_EVENTS = _sse_events()


@dataclass
class Stats:
    """What the server saw since the last reset."""

    connections: int = 0  # TCP connections accepted
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0  # most requests being answered at the same moment

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def reset(self) -> None:
        self.connections = self.requests = self.in_flight = self.max_in_flight = 0


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nmistral-correlation-id: loopback\r\n\r\n"
    )
    return head.encode() + body


class _Protocol:
    def __init__(self, bodies: dict[str, bytes], latency: float, stats: Stats) -> None:
        self.bodies = bodies
        self.latency = latency
        self.stats = stats

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stats = self.stats
        stats.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, _, header_block = head.decode("latin-1").partition("\r\n")
                method, path, _ = request_line.split(" ", 2)
                length = 0
                for line in header_block.split("\r\n"):
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length) if length else b""
                if _STREAM.search(body):
                    stats.requests += 1
                    await self.stream(writer)
                    continue
                if path.startswith("/__"):  # the counters' own requests are not counted
                    writer.write(await self.answer(method, path))
                    continue
                stats.requests += 1
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
                try:
                    writer.write(await self.answer(method, path))
                    await writer.drain()
                finally:
                    stats.in_flight -= 1
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    async def stream(self, writer: asyncio.StreamWriter) -> None:
        """An SSE answer of STREAM_CHUNKS chunks, each event its own HTTP chunk, flushed."""
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            b"transfer-encoding: chunked\r\nmistral-correlation-id: loopback\r\n\r\n"
        )
        for event in _SSE_EVENTS:
            writer.write(b"%x\r\n%s\r\n" % (len(event), event))
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    async def answer(self, method: str, path: str) -> bytes:
        path = path.split("?", 1)[0]
        if path == "/__stats":
            return _response("200 OK", json.dumps(self.stats.as_dict()).encode())
        if path == "/__reset":
            self.stats.reset()
            return _response("200 OK", b"{}")
        if path.startswith("/slow/"):
            path = path[len("/slow") :]
            await asyncio.sleep(self.latency)
        for suffix, body in self.bodies.items():
            if path.endswith(suffix):
                return _response("200 OK", body)
        return _response("200 OK", b"{}")


def _bodies(embedding_rows: int) -> dict[str, bytes]:
    return {
        "/v1/chat/completions": json.dumps(CHAT_BODY).encode(),
        "/v1/embeddings": json.dumps(embeddings_body(embedding_rows)).encode(),
    }


class LoopbackServer:
    """The server in a child process (its own GIL: a server thread in the test process would
    trade the GIL with the client every few milliseconds and time the switches instead).

    Usage: `with LoopbackServer(latency=0.02) as server: ...; server.stats().max_in_flight`
    """

    def __init__(self, *, latency: float = 0.05, embedding_rows: int = 4) -> None:
        self._command = [
            sys.executable,
            __file__,
            "--latency",
            str(latency),
            "--embedding-rows",
            str(embedding_rows),
        ]
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stats(self) -> Stats:
        """The server's counters now."""
        with urllib.request.urlopen(f"{self.base_url}/__stats", timeout=10) as answer:  # noqa: S310
            return Stats(**json.loads(answer.read()))

    def reset(self) -> None:
        with urllib.request.urlopen(f"{self.base_url}/__reset", timeout=10) as answer:  # noqa: S310
            answer.read()

    def __enter__(self) -> LoopbackServer:
        self._process = subprocess.Popen(self._command, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.port = int(self._process.stdout.readline().split()[1])
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._process is not None
        self._process.terminate()
        self._process.wait(timeout=10)
        if self._process.stdout is not None:
            self._process.stdout.close()


async def _serve(port: int, latency: float, embedding_rows: int) -> None:
    protocol = _Protocol(_bodies(embedding_rows), latency, Stats())
    server = await asyncio.start_server(protocol.handle, "127.0.0.1", port, backlog=8192)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="canned loopback server for benchmarks")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--embedding-rows", type=int, default=64)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.port, args.latency, args.embedding_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
