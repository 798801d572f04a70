"""A scripted HTTP server on 127.0.0.1 for overlay tests: it records every request and
answers from a queue of replies. Real sockets, real HTTP/1.1, no mocks of httpx."""

from __future__ import annotations

import json
import ssl
import sys
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs


@attrs.frozen
class Reply:
    """One scripted answer. `hang` keeps the socket open without answering until stop();
    `drop` closes the connection without a response; `cut_after` sends the headers (with
    the full Content-Length) and that many body bytes, then closes; `stall_after` sends
    that many body bytes, then holds the connection open until stop()."""

    status: int = 200
    body: bytes = b"{}"
    headers: Mapping[str, str] = attrs.field(factory=dict)
    hang: bool = False
    drop: bool = False
    cut_after: int | None = None
    stall_after: int | None = None

    @classmethod
    def json(cls, payload: Any, status: int = 200, **headers: str) -> Reply:
        merged = {"Content-Type": "application/json", **headers}
        return cls(status=status, body=json.dumps(payload).encode(), headers=merged)


@attrs.frozen
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes: with Nagle on, delayed ACKs add ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._read_body()
        url = urlsplit(self.path)
        owner = self.server.owner
        owner.record(
            Recorded(
                method=self.command,
                path=url.path,
                query=parse_qs(url.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
        )
        reply = owner.next_reply()
        if reply.drop:
            self.close_connection = True
            return
        if reply.hang:
            owner.stopping.wait(timeout=30)
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != 204:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.cut_after is not None:
            self.wfile.write(reply.body[: reply.cut_after])
            self.close_connection = True
        elif reply.stall_after is not None:
            self.wfile.write(reply.body[: reply.stall_after])
            self.wfile.flush()
            owner.stopping.wait(timeout=30)
            self.close_connection = True
        elif reply.status != 204:
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle  # noqa: N815 - http.server names


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: RecordingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that closed its connection mid-reply (a stream it left) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class RecordingServer:
    """Usage:
    with RecordingServer() as server:
        server.queue(Reply.json({"object": "list", "data": []}))
        Mistral(api_key="k", base_url=server.base_url).models.list()
        assert server.requests[0].path == "/v1/models"
    """

    def __init__(self, default: Reply | None = None, *, tls: ssl.SSLContext | None = None) -> None:
        self.default = default or Reply.json({})
        self.scheme = "https" if tls else "http"
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        # A short poll interval keeps shutdown() (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else self.default

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    def __iter__(self) -> Iterator[Recorded]:
        return iter(list(self.requests))

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
