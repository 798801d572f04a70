"""The one place a request's JSON body and extra headers become bytes.

Anything that cannot go on the wire as the API would read it becomes a
RequestValidationError naming the field path and the rule, before a byte is sent: lone
surrogates, NaN and infinities, values JSON has no form for (bytes, sets, arbitrary
objects), non-string keys, integers outside 64 bits, nesting beyond 255 levels, and
headers that are not ASCII `name: value` pairs.

The fast path is one `orjson.dumps` call. Only when it fails, or when its output holds a
`null` (orjson writes NaN and infinities as `null`), does a walk look for the offending
value and its path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson

from .errors import RequestValidationError

# orjson's own limit; the walk reports it instead of recursing.
_MAX_DEPTH = 255
_INT_MIN = -(2**63)
_UINT_MAX = 2**64 - 1
_SURROGATES = "must not contain lone surrogates (invalid Unicode)"
# Set by httpx from the request itself; a caller's value would corrupt the framing.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "host", "connection"})
_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def json_body(body: Mapping[str, Any], extra_body: Any = None) -> bytes:
    """`body` (plus `extra_body` merged over it) as JSON bytes, or RequestValidationError."""
    extra_keys: frozenset[str] = frozenset()
    if extra_body is not None:
        if not isinstance(extra_body, Mapping):
            raise RequestValidationError("extra_body", "must be an object (a dict)")
        if extra_body:
            extra_keys = frozenset(key for key in extra_body if isinstance(key, str))
            body = {**body, **extra_body}
    try:
        encoded = orjson.dumps(body, default=_mapping_as_dict)
    except (orjson.JSONEncodeError, TypeError):
        problem = _find_problem(body, extra_keys)
        if problem is None:  # pragma: no cover - orjson refused something the walk accepts
            raise RequestValidationError("body", "cannot be encoded as JSON") from None
        raise problem from None
    if b"null" in encoded and _holds_non_finite(body):
        problem = _find_problem(body, extra_keys)
        if problem is not None:
            raise problem
    return encoded


def _holds_non_finite(body: Any) -> bool:
    """Whether a NaN or an infinity hides behind one of orjson's `null`s (a quick scan,
    without the paths `_find_problem` builds; only a hit pays for those)."""
    stack = [body]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list or kind is tuple:
            stack.extend(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                return True
        elif isinstance(value, Mapping | list | tuple):
            stack.extend(value.values() if isinstance(value, Mapping) else value)
    return False


def _mapping_as_dict(value: Any) -> Any:
    # orjson serialises dicts and floats only; other Mappings (MappingProxyType, ...) are
    # JSON objects too, and float subclasses (numpy.float64) are numbers.
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError


def _field(path: tuple[str | int, ...], extra_keys: frozenset[str]) -> str:
    text = ""
    for index, part in enumerate(path):
        if isinstance(part, int):
            text += f"[{part}]"
        elif index == 0:
            text = f"extra_body.{part}" if part in extra_keys else part
        else:
            text += f".{part}"
    return text or "body"


def _leaf_rule(value: Any) -> str | None:
    """Why a non-container value cannot be sent as JSON, or None when it can."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return None if _is_utf8(value) else _SURROGATES
    if isinstance(value, int):
        if _INT_MIN <= value <= _UINT_MAX:
            return None
        return "must be an integer within 64 bits"
    if isinstance(value, float):
        return None if math.isfinite(value) else "must be a finite number (not NaN or infinity)"
    try:
        orjson.dumps(value, default=_mapping_as_dict)
    except (orjson.JSONEncodeError, TypeError):
        return f"{type(value).__name__} values cannot be sent as JSON"
    return None  # dataclasses, datetimes, UUIDs, enums: orjson has a JSON form for them


def _is_utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _find_problem(body: Any, extra_keys: frozenset[str]) -> RequestValidationError | None:
    """The first value JSON cannot carry, as an error naming its path (iterative: no
    recursion limit, and a cycle stops at the depth limit)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), body)]
    while stack:
        path, value = stack.pop()
        if len(path) > _MAX_DEPTH:
            return RequestValidationError(
                _field(path[:_MAX_DEPTH], extra_keys), f"nests deeper than {_MAX_DEPTH} levels"
            )
        if isinstance(value, Mapping):
            children: list[tuple[tuple[str | int, ...], Any]] = []
            for key, item in value.items():
                if not isinstance(key, str):
                    return RequestValidationError(
                        _field(path, extra_keys), f"keys must be strings, got {key!r}"
                    )
                if not _is_utf8(key):
                    return RequestValidationError(
                        _field((*path, ascii(key)), extra_keys),
                        "keys must not contain lone surrogates (invalid Unicode)",
                    )
                children.append(((*path, key), item))
            stack.extend(reversed(children))
        elif isinstance(value, list | tuple):
            stack.extend(reversed([((*path, i), item) for i, item in enumerate(value)]))
        else:
            rule = _leaf_rule(value)
            if rule is not None:
                return RequestValidationError(_field(path, extra_keys), rule)
    return None


def extra_headers(value: Any) -> dict[str, str]:
    """Per-call headers checked as HTTP needs them: ASCII names that are tokens, ASCII
    values without line breaks. Authorization and framing headers cannot be set."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RequestValidationError(
            "extra_headers", "must be a mapping of header names to strings"
        )
    headers: dict[str, str] = {}
    for name, item in value.items():
        if not isinstance(name, str) or not name or not set(name) <= _TOKEN_CHARS:
            raise RequestValidationError(
                f"extra_headers[{name!a}]", "header names must be non-empty ASCII tokens"
            )
        lowered = name.lower()
        if lowered == "authorization":
            raise RequestValidationError(
                "extra_headers.Authorization", "cannot be overridden: use api_key"
            )
        if lowered in _FRAMING_HEADERS:
            raise RequestValidationError(
                f"extra_headers.{name}", "is set by the client from the request itself"
            )
        if not isinstance(item, str):
            raise RequestValidationError(f"extra_headers.{name}", "must be a string")
        if not item.isascii() or "\r" in item or "\n" in item or "\0" in item:
            raise RequestValidationError(
                f"extra_headers.{name}", "must be ASCII without line breaks"
            )
        headers[name] = item
    return headers


def url_problem(request: Mapping[str, Any]) -> RequestValidationError:
    """The error for a URL httpx could not encode: the query parameter that holds a lone
    surrogate, else the path (path parameters are checked earlier, so this is a backstop)."""
    params = request.get("params") or {}
    for name, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, str) and not _is_utf8(item) for item in values):
            return RequestValidationError(str(name), _SURROGATES)
    return RequestValidationError("url", _SURROGATES)
