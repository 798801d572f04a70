"""Every error the client raises. Catch `MistralError` to catch them all.

    MistralError
    ├── ConfigurationError             bad or missing settings (api key, base url, ...)
    ├── ClientClosedError              the client was closed before this call
    ├── RequestValidationError         bad input, raised before any byte is sent (also ValueError)
    │   └── BatchInputError            a bad line of a batch run's input (`line`, `custom_id`)
    ├── APIConnectionError             the request did not get an HTTP answer
    │   ├── APITimeoutError            connect / read / write / pool timeout
    │   └── TLSError                   certificate or handshake failure
    ├── ResponseValidationError        the server answered 2xx with a body we cannot parse
    ├── StreamError                    a stream broke, went idle or sent an undecodable event
    ├── CircuitOpenError               the circuit breaker refused the call
    ├── BatchError                     a batch run cannot go on, or a line got no result
    ├── StructuredOutputError          a reply is not the JSON / type that was asked for
    │   └── ToolArgumentsError         a tool call's arguments are not a JSON object
    └── APIStatusError                 the server answered 4xx / 5xx (other 4xx land here)
        ├── InvalidRequestError        400
        ├── AuthenticationError        401
        ├── PermissionDeniedError      403
        ├── NotFoundError              404
        ├── UnprocessableEntityError   422
        ├── RateLimitError             429
        └── ServerError                5xx not listed below
            ├── InternalServerError    500
            ├── BadGatewayError        502
            ├── ServiceUnavailableError 503
            └── GatewayTimeoutError    504

Usage:
    try:
        client.chat.complete(model="mistral-small-latest", messages=[...])
    except errors.RateLimitError as exc:
        wait = exc.retry_after
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistral_generated.models import ChatCompletionResponse

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadGatewayError",
    "BatchError",
    "BatchInputError",
    "CircuitOpenError",
    "ClientClosedError",
    "ConfigurationError",
    "GatewayTimeoutError",
    "InternalServerError",
    "InvalidRequestError",
    "MistralError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "ServerError",
    "ServiceUnavailableError",
    "StreamError",
    "StructuredOutputError",
    "TLSError",
    "ToolArgumentsError",
    "UnprocessableEntityError",
]

# Longest wait a server may ask for through Retry-After that we take at face value.
_MAX_RETRY_AFTER_SECONDS = 24 * 3600.0
# How much of a non-JSON body (an HTML gateway page) goes into an error message.
_BODY_SNIPPET = 200


class MistralError(Exception):
    """Base class of every error raised by mistral_client.

    `attempts` is how many times the request was sent (0: refused before sending, e.g. bad
    input, an open circuit or a full local rate limit). `may_have_been_processed` is True
    when an attempt may have reached the server and been acted on (a 5xx, a timeout or a
    dropped connection after the request was sent): check before resubmitting a create.
    """

    attempts: int = 0
    may_have_been_processed: bool = False


class ConfigurationError(MistralError):
    """A setting is missing or invalid, e.g. no API key. Raised when the client is built."""


class ClientClosedError(MistralError):
    """The client's connection pool was closed (`close()`, or leaving its `with` block)."""


class RequestValidationError(MistralError, ValueError):
    """An argument breaks a rule of the API; nothing was sent.

    `field` is the path of the bad value (`messages[2].role`), `rule` the rule it breaks.
    Usage: `except RequestValidationError as exc: print(exc.field, exc.rule)`
    """

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


class BatchInputError(RequestValidationError):
    """A line of `client.batch.run`'s input breaks a rule; nothing was uploaded.

    `line` is its 1-based line number (position in the iterable, or line of the JSONL file),
    `custom_id` its id when it has one, `field` and `rule` as for `RequestValidationError`.
    """

    def __init__(self, field: str, rule: str, *, line: int, custom_id: str | None) -> None:
        super().__init__(field, rule)
        self.line = line
        self.custom_id = custom_id
        self.args = (f"line {line}: {field}: {rule}",)


class BatchError(MistralError):
    """A batch run cannot go on (its state file belongs to other input, a job vanished), or
    one request of a finished run got no result (its job ended first). `job_id` when known.
    """

    def __init__(self, message: str, *, job_id: str | None = None) -> None:
        super().__init__(message)
        self.job_id = job_id


class APIConnectionError(MistralError):
    """No HTTP answer: connection refused or reset, DNS failure, protocol error."""


class APITimeoutError(APIConnectionError):
    """The connect, read, write or pool timeout expired."""


class TLSError(APIConnectionError):
    """TLS failed: untrusted certificate, wrong host name, or a protocol below TLS 1.2."""


class ResponseValidationError(MistralError):
    """A successful response is not JSON or lacks a required field. `body` holds it raw."""

    def __init__(self, message: str, *, body: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.body = body
        self.status_code = status_code


class StreamError(MistralError):
    """A streamed response broke off, went idle, or carried an event that cannot be decoded;
    or a download could not be written where `files.download(to=...)` asked.

    `partial` is the completion assembled from the chunks that did arrive (a
    `ChatCompletionResponse`, None before the first chunk); `event` the raw text of an
    undecodable event. Usage: `except StreamError as exc: keep(exc.partial)`
    """

    def __init__(
        self,
        message: str,
        *,
        partial: ChatCompletionResponse | None = None,
        event: str | None = None,
    ) -> None:
        super().__init__(message)
        self.partial = partial
        self.event = event


class CircuitOpenError(MistralError):
    """The circuit breaker is open: the call was refused without being sent.

    `retry_at` is when the breaker lets a probe through (epoch seconds), `retry_after`
    the seconds until then (0 while a probe is already in flight).
    Usage: `except CircuitOpenError as exc: schedule(exc.retry_after)`
    """

    def __init__(self, message: str, *, retry_at: float, retry_after: float) -> None:
        super().__init__(message)
        self.retry_at = retry_at
        self.retry_after = retry_after


class StructuredOutputError(MistralError):
    """A reply does not hold the JSON or the type that was asked for. `raw` holds the text.

    `reason` says what failed: "truncated" (finish_reason length: the JSON is cut off),
    "not_json", "schema" (valid JSON of the wrong shape) or "tool" (a tool intent names an
    unknown tool or breaks that tool's parameter schema). `field` is the JSONPath of the
    bad value (`$.items[2].price`) and `rule` the rule it breaks; `tool` names the tool.
    `attempts` counts the requests made (re-asks included); `completion` is the last reply.
    Usage: `except StructuredOutputError as exc: print(exc.reason, exc.field, exc.raw)`
    """

    def __init__(
        self,
        message: str,
        *,
        raw: str,
        reason: str = "schema",
        field: str | None = None,
        rule: str | None = None,
        tool: str | None = None,
        attempts: int = 1,
        completion: Any = None,
    ) -> None:
        super().__init__(message)
        self.raw = raw
        self.reason = reason
        self.field = field
        self.rule = rule
        self.tool = tool
        self.attempts = attempts
        self.completion = completion


class ToolArgumentsError(StructuredOutputError):
    """A tool call's `arguments` are not a JSON object. `raw` holds them, `tool_name` the tool.

    Usage: `except errors.ToolArgumentsError as exc: log(exc.tool_name, exc.raw)`
    """

    def __init__(self, tool_name: str, rule: str, *, raw: str) -> None:
        super().__init__(f"arguments of tool call {tool_name!r}: {rule}", raw=raw)
        self.tool_name = tool_name


class APIStatusError(MistralError):
    """The API answered with an error status.

    Attributes come from whichever error-body shape the API used: `message`, `type`,
    `code` (always a string), `param`, `details` (422 validation items), `request_id`
    (body or `mistral-correlation-id` header), `retry_after` (seconds, from Retry-After),
    `headers` and the raw `body`.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str],
        body: str,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        request_id: str | None = None,
        details: list[dict[str, Any]] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.type = type
        self.code = code
        self.param = param
        self.request_id = request_id
        self.details = details or []
        self.retry_after = retry_after

    def __str__(self) -> str:
        parts = [f"{self.status_code} {self.message}"]
        if self.type:
            parts.append(f"type={self.type}")
        if self.code:
            parts.append(f"code={self.code}")
        if self.param:
            parts.append(f"param={self.param}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " ".join(parts)


class InvalidRequestError(APIStatusError):
    """400: the API rejected the request (e.g. an unknown model, code 1500)."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this resource."""


class NotFoundError(APIStatusError):
    """404: no such model, file, job or agent."""


class UnprocessableEntityError(APIStatusError):
    """422: the body broke the API's schema; `details` lists each item (type, loc, msg)."""


class RateLimitError(APIStatusError):
    """429: too many requests or tokens; `retry_after` says how long the API asks to wait."""


class ServerError(APIStatusError):
    """5xx: the API or a gateway failed."""


class InternalServerError(ServerError):
    """500."""


class BadGatewayError(ServerError):
    """502 (gateways often send an HTML page: see `body`)."""


class ServiceUnavailableError(ServerError):
    """503."""


class GatewayTimeoutError(ServerError):
    """504."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def _error_class(status_code: int) -> type[APIStatusError]:
    known = _BY_STATUS.get(status_code)
    if known is not None:
        return known
    return ServerError if status_code >= 500 else APIStatusError


# delta-seconds is digits only (RFC 9110); a fraction is tolerated, nothing else
# (Python's float() would also take "1_0", "1e3", "inf" and " -1").
_DELTA_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None.

    Hostile values (negative, nan, inf, `1_0`, unparseable) give None, absurdly large
    ones are clamped, so a server can never make the client sleep forever.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _DELTA_SECONDS.fullmatch(text):
        seconds = float(text)
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            return None
        seconds = max(when.timestamp() - (time.time() if now is None else now), 0.0)
    if math.isinf(seconds):
        return None
    return min(seconds, _MAX_RETRY_AFTER_SECONDS)


def _retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The wait a response asks for: `retry-after-ms` (milliseconds, sent by some
    gateways) when it parses, else `Retry-After`."""
    millis = (headers.get("retry-after-ms") or "").strip()
    if _DELTA_SECONDS.fullmatch(millis) and math.isfinite(float(millis)):
        return min(float(millis) / 1000.0, _MAX_RETRY_AFTER_SECONDS)
    return _parse_retry_after(headers.get("retry-after"), now=now)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


def _describe_details(details: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Turn pydantic-style 422 items into one message and the first offending field."""
    pieces = []
    first_param: str | None = None
    for item in details:
        loc = item.get("loc")
        where = (
            ".".join(str(part) for part in loc if part != "body") if isinstance(loc, list) else ""
        )
        if first_param is None and where:
            first_param = where
        msg = _text(item.get("msg")) or _text(item.get("type")) or "invalid"
        pieces.append(f"{where}: {msg}" if where else msg)
    return "; ".join(pieces) or "validation error", first_param


def _status_error(status_code: int, headers: Mapping[str, str], body: str) -> APIStatusError:
    """Build the typed error for an error response from its status, headers and raw body.

    Understands every error-body shape the API is known to send: the error object
    (`message`, `type`, `param`, `code`), the 422 object whose `message` wraps
    `{"detail": [...]}`, a bare `{"detail": [...]}` or `{"detail": "..."}`,
    `{"message": ..., "request_id": ...}`, and HTML or empty gateway bodies.
    """
    message: str | None = None
    type_: str | None = None
    code: str | None = None
    param: str | None = None
    request_id: str | None = None
    details: list[dict[str, Any]] = []
    is_json = False
    try:
        payload: Any = json.loads(body) if body.strip() else None
        is_json = payload is not None
    except (ValueError, RecursionError):  # RecursionError: absurdly nested gateway output
        payload = None
    if isinstance(payload, dict):
        raw_message = payload.get("message")
        if isinstance(raw_message, dict) and "detail" in raw_message:
            raw_message = raw_message["detail"]
        raw_detail = payload.get("detail") if raw_message is None else raw_message
        if isinstance(raw_detail, list):
            details = [item for item in raw_detail if isinstance(item, dict)]
            message, param = _describe_details(details)
        else:
            message = _text(raw_detail)
        type_ = _text(payload.get("type"))
        code = _text(payload.get("code"))
        param = _text(payload.get("param")) or param
        request_id = _text(payload.get("request_id"))
    elif isinstance(payload, str):
        message = payload
    if not message:
        snippet = " ".join(body.split())[:_BODY_SNIPPET]
        kind = "unrecognised JSON body" if is_json else "non-JSON body"
        message = f"HTTP {status_code}" + (f" ({kind}: {snippet})" if snippet else "")
    request_id = (
        request_id or headers.get("mistral-correlation-id") or headers.get("x-kong-request-id")
    )
    cls = _error_class(status_code)
    return cls(
        message,
        status_code=status_code,
        headers=headers,
        body=body,
        type=type_,
        code=code,
        param=param,
        request_id=request_id,
        details=details,
        retry_after=_retry_after(headers),
    )
