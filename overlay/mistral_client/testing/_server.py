"""uvicorn serving an ASGI app from a background thread, on a socket bound beforehand."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp


class _DropIntentionalCuts(logging.Filter):
    """A cut-connection fault is deliberate: keep uvicorn from logging it as an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


_FILTER = _DropIntentionalCuts()


class ServerThread:
    """Serve `app` on (host, port) in a daemon thread; port 0 picks a free port."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        self._app = app
        self._host = host
        self._requested_port = port
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.port = 0

    def start(self, timeout: float = 10.0) -> int:
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP, and without it Nagle + delayed ACK add ~40 ms to every response.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self._host, self._requested_port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        self._socket = sock
        self.port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self._app,
            log_config=None,
            log_level=logging.WARNING,
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            loop="asyncio",
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=5,
        )
        logging.getLogger("uvicorn.error").addFilter(_FILTER)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, name=f"mistral-emulator-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator server did not start: {self._error!r}")
            time.sleep(0.005)
        return self.port

    def _run(self) -> None:
        server, sock = self._server, self._socket
        if server is None or sock is None:  # pragma: no cover - start() sets both first
            return
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # reported by start()
            self._error = exc

    def stop(self, timeout: float = 15.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():  # pragma: no cover - a stuck handler
                raise RuntimeError("the emulator server thread did not stop")
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
