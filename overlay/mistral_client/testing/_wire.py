"""Writing an answer to the ASGI connection, with the wire-level faults applied."""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from dataclasses import dataclass, field

from starlette.types import Receive, Send

from . import _errors
from ._faults import Fault
from ._sse import encode


@dataclass
class Wire:
    """An answer ready to send: a stream goes out one chunk per piece, chunked."""

    status: int
    pieces: list[bytes]
    media_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    stream: bool = False


async def pause(seconds: float, stopping: threading.Event) -> None:
    """Sleep `seconds` of real time, or less if the emulator stops meanwhile."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not stopping.is_set():
        left = deadline - loop.time()
        if left <= 0:
            return
        await asyncio.sleep(min(left, 0.02))


async def _hold(receive: Receive, stopping: threading.Event) -> None:
    """Keep a connection open until the client leaves or the emulator stops."""

    async def client_gone() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    watcher = asyncio.ensure_future(client_gone())
    try:
        # `stopping` is set from another thread, so it is polled rather than awaited.
        while not watcher.done() and not stopping.is_set():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    finally:
        watcher.cancel()


def _malformed(pieces: list[bytes], stream: bool) -> list[bytes]:
    if stream and len(pieces) > 1:
        broken = pieces[1]
        return [pieces[0], broken[: len(broken) // 2] + b"\n\n", *pieces[2:]]
    data = b"".join(pieces)
    return [data[: max(1, len(data) // 2)]]


async def reset_connection(send: Send) -> None:
    """Drop the connection with a TCP reset, before any byte of the response.

    ASGI has no message for this, so it reaches uvicorn's transport through the `send`
    callable (a method of uvicorn's per-request cycle), then waits for uvicorn to notice
    the disconnect so it does not answer 500 in our place.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:  # pragma: no cover - only uvicorn's h11 server is used
        raise RuntimeError("reset_after_read needs the emulator's own server")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # Linger 0: close() sends RST instead of FIN, as a crashed proxy would.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            return
        await asyncio.sleep(0)


async def send_wire(
    wire: Wire, fault: Fault | None, receive: Receive, send: Send, stopping: threading.Event
) -> None:
    pieces = _malformed(wire.pieces, wire.stream) if fault and fault.malformed else wire.pieces
    if fault is not None and fault.error_event_after is not None and wire.stream:
        status = fault.error_event_status
        error = {**_errors.error_for_status(status), "raw_status_code": status}
        pieces = [*pieces[: fault.error_event_after], encode(error)]
    headers = dict(wire.headers)
    if wire.media_type:
        headers["content-type"] = wire.media_type
    if not wire.stream:
        headers["content-length"] = str(sum(len(p) for p in pieces))
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": wire.status, "headers": raw})
    limit = (
        None
        if fault is None
        else fault.stall_after
        if fault.stall_after is not None
        else fault.cut_after
    )
    if limit is None:
        for piece in pieces if wire.stream else []:
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        final = b"" if wire.stream else b"".join(pieces)
        await send({"type": "http.response.body", "body": final, "more_body": False})
        return
    data = b"".join(pieces)
    # A non-stream body always stays incomplete, however large `limit` is.
    partial = pieces[:limit] if wire.stream else [data[: min(limit, max(len(data) - 1, 0))]]
    for piece in partial:
        if piece:
            await send({"type": "http.response.body", "body": piece, "more_body": True})
    if fault is not None and fault.stall_after is not None:
        await _hold(receive, stopping)
    # Returning without finishing the body makes the server drop the connection.
