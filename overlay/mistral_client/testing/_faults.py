"""Fault injection: what the next N requests to a route get instead of the normal answer."""

from __future__ import annotations

import fnmatch
import json
import math
import random
import threading
from dataclasses import dataclass, field
from enum import StrEnum

from . import _errors


class ErrorShape(StrEnum):
    """The error body shapes the real API and its gateways send."""

    ERROR_OBJECT = "error_object"  # {"object": "error", "message", "type", "param", "code"}
    VALIDATION = "validation"  # 422 error object wrapping {"detail": [...]}
    VALIDATION_BARE = "validation_bare"  # 422 {"detail": [...]}
    UNAUTHORIZED_DETAIL = "unauthorized_detail"  # {"detail": "Unauthorized"}
    UNAUTHORIZED_MESSAGE = "unauthorized_message"  # {"message": "Unauthorized", "request_id"}
    RATE_LIMIT = "rate_limit"  # gateway {"message": "Requests rate limit exceeded"}
    RATE_LIMIT_OBJECT = "rate_limit_object"  # error object, code "1300"
    CAPACITY = "capacity"  # "Service tier capacity exceeded for this model."
    HTML = "html"  # a gateway's HTML page
    EMPTY = "empty"  # no body at all


_DEFAULT_SHAPES = {
    401: ErrorShape.UNAUTHORIZED_DETAIL,
    422: ErrorShape.VALIDATION,
    429: ErrorShape.RATE_LIMIT,
    502: ErrorShape.HTML,
    503: ErrorShape.HTML,
    504: ErrorShape.HTML,
}


@dataclass(frozen=True)
class Fault:
    """What an injected fault does; fields combine (e.g. latency plus a status).

    - `status`: answer this status instead of calling the operation, with a body of `shape`
      (default by status: 401 detail, 422 wrapped, 429 gateway, 502/503/504 HTML, else the
      error object) and `retry_after` as the Retry-After header (a number or any string).
    - `latency`: seconds to wait before answering (real time; ends early when the
      emulator stops).
    - `stall_after`: send this many SSE events (bytes for a non-stream body), then hold the
      connection open without sending more until the client leaves or the emulator stops.
    - `cut_after`: send this many SSE events (bytes for a non-stream body), then close the
      connection mid-body.
    - `malformed`: send invalid JSON (a truncated body; for a stream, its second event).
    - `content`: answer a chat, FIM or agent completion normally (validation, usage,
      `max_tokens` and `stop`, streaming) but with this assistant content and no tool
      calls; `finish_reason` replaces its "stop". Scripts a model's reply, good or bad.
    - `reset_after_read`: read the whole request and run the operation (a create really
      creates), then reset the connection without answering: the client cannot know
      whether its request was processed.
    - `drop`: reset the connection without running the operation (nothing happened).
    - `error_event_after`: a stream sends this many events, then an in-band error event
      (the error object for `error_event_status`, default 500) and ends, without [DONE].

    Usage: ``emu.inject(Fault.error(503, retry_after=2), path="/v1/chat/completions")``
    """

    status: int | None = None
    shape: ErrorShape | None = None
    retry_after: float | str | None = None
    latency: float = 0.0
    stall_after: int | None = None
    cut_after: int | None = None
    malformed: bool = False
    content: str | None = None
    finish_reason: str | None = None
    reset_after_read: bool = False
    drop: bool = False
    error_event_after: int | None = None
    error_event_status: int = 500

    @classmethod
    def error(
        cls,
        status: int,
        shape: ErrorShape | str | None = None,
        retry_after: float | str | None = None,
    ) -> Fault:
        """Answer `status` with an error body of `shape`."""
        return cls(
            status=status, shape=ErrorShape(shape) if shape else None, retry_after=retry_after
        )

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer normally, `seconds` late."""
        return cls(latency=seconds)

    @classmethod
    def stall(cls, after: int = 1) -> Fault:
        """Send `after` events (or bytes), then hang with the connection open."""
        return cls(stall_after=after)

    @classmethod
    def cut(cls, after: int = 1) -> Fault:
        """Send `after` events (or bytes), then drop the connection."""
        return cls(cut_after=after)

    @classmethod
    def reply(cls, content: str, finish_reason: str | None = None) -> Fault:
        """Answer a completion with this assistant `content` (e.g. a scripted tool intent,
        or hostile JSON to test a parser against)."""
        return cls(content=content, finish_reason=finish_reason)

    @classmethod
    def reset(cls) -> Fault:
        """Process the request, then reset the connection before any byte of the answer."""
        return cls(reset_after_read=True)

    @classmethod
    def reset_unprocessed(cls) -> Fault:
        """Reset the connection without processing the request."""
        return cls(drop=True)

    @classmethod
    def error_event(cls, after: int = 1, status: int = 500) -> Fault:
        """A stream that sends `after` events, then an error object as an event, and ends."""
        return cls(error_event_after=after, error_event_status=status)

    @classmethod
    def malformed_json(cls) -> Fault:
        """Answer 200 with a body that is not valid JSON."""
        return cls(malformed=True)

    def error_body(self, request_id: str) -> tuple[bytes, str | None]:
        """The body and media type of an injected `status`."""
        status = self.status or 500
        shape = self.shape or _DEFAULT_SHAPES.get(status, ErrorShape.ERROR_OBJECT)
        if shape is ErrorShape.HTML:
            return _errors.gateway_html(status), "text/html"
        if shape is ErrorShape.EMPTY:
            return b"", None
        bodies = {
            ErrorShape.ERROR_OBJECT: lambda: _errors.error_for_status(status),
            ErrorShape.VALIDATION: lambda: _errors.validation_wrapped(_errors.sample_details()),
            ErrorShape.VALIDATION_BARE: lambda: _errors.validation_bare(_errors.sample_details()),
            ErrorShape.UNAUTHORIZED_DETAIL: lambda: _errors.UNAUTHORIZED_DETAIL,
            ErrorShape.UNAUTHORIZED_MESSAGE: lambda: _errors.unauthorized_message(request_id),
            ErrorShape.RATE_LIMIT: lambda: _errors.REQUESTS_RATE_LIMITED,
            ErrorShape.RATE_LIMIT_OBJECT: lambda: _errors.TOKENS_RATE_LIMITED,
            ErrorShape.CAPACITY: lambda: _errors.CAPACITY_EXCEEDED,
        }
        return json.dumps(bodies[shape](), separators=(",", ":")).encode(), "application/json"

    def retry_after_header(self) -> str | None:
        if self.retry_after is None:
            return None
        if isinstance(self.retry_after, float) and self.retry_after.is_integer():
            return str(int(self.retry_after))
        return str(self.retry_after)


@dataclass
class FaultRule:
    """An injected fault and where it applies; `remaining` None means every request.

    `probability` below 1 applies it to that share of the matching requests, drawn from
    a generator seeded by `seed` (reproducible runs of a random fault mix).
    """

    fault: Fault
    path: str = "*"
    method: str | None = None
    remaining: int | None = 1
    hits: int = 0
    probability: float = 1.0
    seed: int = 0
    _random: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        self._random = random.Random(self.seed)  # noqa: S311 - fault sampling, not security

    def fires(self) -> bool:
        return self.probability >= 1.0 or self._random.random() < self.probability

    def matches(self, method: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return fnmatch.fnmatchcase(path, self.path)


@dataclass
class FaultBook:
    """The injected rules, consulted in the order they were added."""

    rules: list[FaultRule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any, counting it against its rule."""
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path) and rule.fires():
                    rule.hits += 1
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    return rule.fault
        return None


def _flag(value: str | None) -> bool:
    return (value or "false").lower() in ("1", "true", "yes")


def parse_rule(spec: str) -> FaultRule:
    """A rule from the CLI form ``path=/v1/chat/*,method=POST,times=2,status=503,shape=html``.

    Keys: path, method, times (a number, or ``always``), status, shape, retry_after,
    latency, stall_after, cut_after, malformed, reset_after_read, drop, probability,
    error_event_after, error_event_status.
    """
    values: dict[str, str] = {}
    for item in spec.split(","):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"fault option {item!r} is not key=value")
        values[key.strip().replace("-", "_")] = value.strip()
    known = {"path", "method", "times", "status", "shape", "retry_after", "latency"} | {
        "stall_after",
        "cut_after",
        "malformed",
        "reset_after_read",
        "drop",
        "probability",
        "error_event_after",
        "error_event_status",
    }
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown fault option(s): {', '.join(sorted(unknown))}")
    retry: float | str | None = values.get("retry_after")
    if isinstance(retry, str):
        try:
            number = float(retry)
            retry = number if math.isfinite(number) else retry
        except ValueError:
            pass
    fault = Fault(
        status=int(values["status"]) if "status" in values else None,
        shape=ErrorShape(values["shape"]) if "shape" in values else None,
        retry_after=retry,
        latency=float(values.get("latency", 0)),
        stall_after=int(values["stall_after"]) if "stall_after" in values else None,
        cut_after=int(values["cut_after"]) if "cut_after" in values else None,
        malformed=_flag(values.get("malformed")),
        reset_after_read=_flag(values.get("reset_after_read")),
        drop=_flag(values.get("drop")),
        error_event_after=(
            int(values["error_event_after"]) if "error_event_after" in values else None
        ),
        error_event_status=int(values.get("error_event_status", 500)),
    )
    times = values.get("times", "1")
    return FaultRule(
        fault=fault,
        path=values.get("path", "*"),
        method=values.get("method"),
        remaining=None if times == "always" else int(times),
        probability=float(values.get("probability", 1.0)),
    )
