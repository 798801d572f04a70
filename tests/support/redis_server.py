"""A real redis-server on a free loopback port, started and stopped by the tests.

Outside CI a missing redis-server skips the tests that need it, loudly; in CI (CI=true)
it fails them: .ci/run installs Debian's redis-server package.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_redis_server() -> str:
    executable = shutil.which("redis-server")
    if executable is not None:
        return executable
    message = "redis-server is not installed (apt-get install redis-server; .ci/run does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs Redis: {message}")
    pytest.skip(f"REDIS TESTS SKIPPED: {message}")


@contextmanager
def running_redis(port: int | None = None, timeout: float = 10.0) -> Iterator[str]:
    """Start redis-server on 127.0.0.1 (no persistence); yields its redis:// URL."""
    executable = require_redis_server()
    port = port or free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [
                executable,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workdir,
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            client = redis.Redis.from_url(url, socket_timeout=1)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("redis-server did not start") from None
                    time.sleep(0.02)
            client.close()
            yield url
        finally:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
                process.kill()
                process.wait(5)
