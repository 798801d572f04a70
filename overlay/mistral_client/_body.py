"""Reading a response body inside the transport attempt, decoded and bounded.

Reading there (not after `send` returns) means a body that is cut or stalls after the
headers fails the attempt with a transport error, which the retry policy judges like any
other connection failure. The decoded size is counted while reading, so a small gzip
answer that inflates to gigabytes stops at the limit instead of filling memory.

Sync and async differ only in how chunks are pulled; `_Collector` holds the rules.
"""

from __future__ import annotations

import httpx

from ._redaction import redact
from .errors import ResponseValidationError

# How much of an oversized or undecodable body the error keeps in `.body`.
BODY_PREFIX_BYTES = 64 * 1024


def should_read(response: httpx.Response, read_body: bool) -> bool:
    """Error bodies are always read here; success bodies unless the caller streams them
    (downloads to disk, server-sent events)."""
    if response.status_code >= 400:
        return True
    content_type = response.headers.get("content-type", "")
    return read_body and not content_type.startswith("text/event-stream")


class _Collector:
    def __init__(self, response: httpx.Response, request: httpx.Request, limit: int | None) -> None:
        self.response = response
        self.request = request
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise self._error(
                f"response body exceeds the {self.limit}-byte limit (max_response_bytes)"
            )

    def finish(self) -> None:
        # httpx keeps a read body in `_content`; `read()` after `send` then returns it
        # without touching the (already consumed) stream again.
        self.response._content = b"".join(self.chunks)

    def undecodable(self, error: httpx.DecodingError) -> ResponseValidationError:
        encoding = self.response.headers.get("content-encoding", "?")
        return self._error(f"response body could not be decoded ({encoding}): {error}")

    def _error(self, message: str) -> ResponseValidationError:
        keep = BODY_PREFIX_BYTES if self.limit is None else min(self.limit, BODY_PREFIX_BYTES)
        prefix = b"".join(self.chunks)[:keep].decode("utf-8", "replace")
        return ResponseValidationError(
            message,
            body=redact(prefix, self.request),
            status_code=self.response.status_code,
        )


def read(response: httpx.Response, request: httpx.Request, limit: int | None) -> None:
    """Read and decode `response`'s body (sync). Transport errors propagate for the retry
    policy; an oversized or undecodable body raises ResponseValidationError."""
    collector = _Collector(response, request, limit)
    try:
        for chunk in response.iter_bytes():
            collector.add(chunk)
    except httpx.DecodingError as exc:
        raise collector.undecodable(exc) from exc
    finally:
        response.close()
    collector.finish()


async def aread(response: httpx.Response, request: httpx.Request, limit: int | None) -> None:
    """`read` for async responses."""
    collector = _Collector(response, request, limit)
    try:
        async for chunk in response.aiter_bytes():
            collector.add(chunk)
    except httpx.DecodingError as exc:
        raise collector.undecodable(exc) from exc
    finally:
        await response.aclose()
    collector.finish()
