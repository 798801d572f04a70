"""Keeping the client's own key out of what the server sends back.

A gateway that echoes request headers puts `Bearer <key>` into an error body; the
errors built from it (message, `.body`, `.headers`) must not carry it on.
"""

from __future__ import annotations

import httpx

REDACTED = "<redacted>"
# Shorter "keys" (test stand-ins like "k") would blank out ordinary words.
_MIN_KEY_LENGTH = 8


def sent_key(request: httpx.Request | None) -> str | None:
    """The API key this request carried (read back from its Authorization header)."""
    if request is None:
        return None
    value = request.headers.get("authorization", "")
    key = value[7:].strip() if value[:7].lower() == "bearer " else ""
    return key if len(key) >= _MIN_KEY_LENGTH else None


def redact(text: str, request: httpx.Request | None) -> str:
    """`text` with the request's key replaced by `<redacted>`."""
    key = sent_key(request)
    return text.replace(key, REDACTED) if key and key in text else text


def redact_headers(headers: httpx.Headers, request: httpx.Request | None) -> httpx.Headers:
    """`headers`, with the key removed from any value that quotes it."""
    key = sent_key(request)
    if not key or not any(key in value for value in headers.values()):
        return headers
    return httpx.Headers(
        [(name, value.replace(key, REDACTED)) for name, value in headers.multi_items()]
    )
