"""Traces, metrics and logs of every call (seed 9), in one place.

Each client owns one `Telemetry`. The runner asks it for a `CallTrace` per call and tells the
trace what happens (`sending`, `responded`, `succeeded`, `failed`); streams report their
first token and their end. Logging (the `mistral_client.calls` and `mistral_client.streams`
loggers) is always on and costs a level check when disabled. OpenTelemetry is used only when
the `otel` extra is installed and `instrument` is not False: this is the only module that
imports it, and only then, so without it a call pays for one small object and a few
attribute lookups.

Names follow seed 9 (spans `mistral.client.<operation>` with `mistral.*` and `http.*`
attributes, `mistral_*` metrics with its labels and buckets) plus the OpenTelemetry GenAI
semantic conventions (`gen_ai.*`) that existing LLM dashboards read. Bodies never go on a
span unless `capture_content=True`; message content is logged at DEBUG at most, truncated;
file content is never logged; the API key is never read here at all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import httpx

from ._redaction import redact, redact_headers
from .errors import (
    APIConnectionError,
    APIStatusError,
    ConfigurationError,
    MistralError,
    RequestValidationError,
    TLSError,
)

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import Span, TracerProvider

    from ._calls import Call

T = TypeVar("T")

# Below DEBUG, for full bodies while developing (seed 9.3 "TRACE").
TRACE = 5
logging.addLevelName(TRACE, "TRACE")

calls_log = logging.getLogger("mistral_client.calls")
streams_log = logging.getLogger("mistral_client.streams")
deprecations_log = logging.getLogger("mistral_client.deprecations")


def warn_deprecated(message: str, *, stacklevel: int) -> None:
    """A DeprecationWarning for the caller, also logged at WARNING (seed 9.3), since services
    often run with Python's warnings filtered out. `stacklevel` counts from the caller of this
    function, as for `warnings.warn`.

    Usage: `warn_deprecated("server_url= is deprecated; use base_url=", stacklevel=2)`
    """
    warnings.warn(message, DeprecationWarning, stacklevel=stacklevel + 1)
    deprecations_log.warning(message, extra={"deprecation": message})


DEFAULT_CONTENT_LIMIT = 1000
SCOPE = "mistral_client"
GEN_AI_SYSTEM = "mistral_ai"

# Seed 9.2 histogram buckets, exactly.
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
TTFT_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
GEN_AI_DURATION_BUCKETS = tuple(0.01 * 2**i for i in range(14))  # 0.01 .. 81.92 s
GEN_AI_TOKEN_BUCKETS = tuple(4**i for i in range(14))  # 1 .. 67108864
# Seed 9.2: 0=closed, 1=half-open, 2=open.
BREAKER_STATES = {"closed": 0, "half-open": 1, "half_open": 1, "open": 2}

# Our method names where seed 9.1 names the operation differently.
_SEED_OPERATIONS = {
    "chat.complete": "chat.create",
    "chat.stream": "chat.create_stream",
    "fim.complete": "fim.create",
    "fim.stream": "fim.create_stream",
    "agents.complete": "agents.completions.create",
    "agents.stream": "agents.completions.create_stream",
}
# gen_ai.operation.name of the operations the GenAI conventions know.
_GEN_AI_OPERATIONS = {
    "chat.complete": "chat",
    "chat.stream": "chat",
    "fim.complete": "text_completion",
    "fim.stream": "text_completion",
    "embeddings.create": "embeddings",
    "agents.complete": "invoke_agent",
    "agents.stream": "invoke_agent",
    "agents.create": "create_agent",
}
# Request fields that are settings, not content: safe on every span.
_GEN_AI_REQUEST_FIELDS = {
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "max_tokens": "gen_ai.request.max_tokens",
    "random_seed": "gen_ai.request.seed",
    "presence_penalty": "gen_ai.request.presence_penalty",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "n": "gen_ai.request.choice.count",
}
# Where the content of a request lives, per kind of body.
_CONTENT_FIELDS = ("messages", "prompt", "suffix", "input", "inputs")
# Header names whose values never appear in a log line.
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
)
# Rate-limit headers per seed label, the current form first (api-facts.md).
_REMAINING_HEADERS = {
    "requests": (b"x-ratelimit-remaining-req-minute", b"x-ratelimit-remaining-req-10-second"),
    "tokens": (b"x-ratelimit-remaining-tokens-minute", b"x-ratelimit-remaining-tokens-month"),
}
_CORRELATION_HEADERS = (b"mistral-correlation-id", b"x-kong-request-id")
# The response headers the spans and gauges read, picked in one pass (httpx's Headers.get
# scans the whole list on every lookup).
_READ_HEADERS = frozenset(
    {
        b"content-length",
        *_CORRELATION_HEADERS,
        *(n for ns in _REMAINING_HEADERS.values() for n in ns),
    }
)
# Operations whose bodies are file content, never logged whatever their content type.
_FILE_CONTENT = frozenset({"files.upload", "files.download"})
_RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ATTEMPTS = "mistral.attempts"  # request.extensions key: attempts made so far
TRACE_KEY = "mistral.trace"  # request.extensions key: the CallTrace, for the transport


@attrs.frozen
class Names:
    """What one operation is called on spans, metrics and logs."""

    operation: str  # seed name, e.g. "chat.create"
    service: str  # "chat"
    method: str  # "create"
    span: str  # "mistral.client.chat.create"
    gen_ai_operation: str | None


@lru_cache(maxsize=256)
def names_of(operation: str) -> Names:
    """Seed 9.1 names for one of our operations (`chat.complete` -> `chat.create`)."""
    seed = _SEED_OPERATIONS.get(operation, operation)
    service, _, method = seed.partition(".")
    return Names(
        seed, service, method or seed, f"mistral.client.{seed}", _GEN_AI_OPERATIONS.get(operation)
    )


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text)} chars]"


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    return {
        name: "[redacted]" if name.lower() in _SECRET_HEADERS else value
        for name, value in headers.items()
    }


def request_id() -> str:
    """A client-generated id for one call, to correlate its log lines and span."""
    return os.urandom(8).hex()


def error_type(error: BaseException) -> str:
    return type(error).__name__


def retryable(error: BaseException) -> bool:
    """Whether the retry policy treats this kind of failure as transient."""
    if isinstance(error, APIStatusError):
        return error.status_code in _RETRYABLE_STATUSES
    return isinstance(error, APIConnectionError) and not isinstance(error, TLSError)


def _json_body(call: Call[Any]) -> Mapping[str, Any] | None:
    """The JSON body a call was built with (settings for the span; content if captured)."""
    body = call.request.get("json")
    return body if isinstance(body, Mapping) else None


def _body_preview(content: bytes, content_type: str, limit: int) -> str | None:
    """A JSON body for a DEBUG line: cut at `limit` (whole at TRACE). Nothing else is shown:
    multipart uploads and downloads carry file content."""
    if not content_type.startswith("application/json"):
        return None
    text = content.decode("utf-8", "replace")
    return text if calls_log.isEnabledFor(TRACE) else truncate(text, limit)


def _response_body(response: httpx.Response) -> bytes | None:
    try:
        return response.content
    except httpx.ResponseNotRead:
        return None


def _usage(result: Any) -> tuple[int | None, int | None, int | None]:
    usage = getattr(result, "usage", None)
    values = (
        getattr(usage, field, None)
        for field in ("prompt_tokens", "completion_tokens", "total_tokens")
    )
    prompt, completion, total = (
        v if isinstance(v, int) and not isinstance(v, bool) else None for v in values
    )
    return prompt, completion, total


def _finish_reasons(result: Any) -> list[str]:
    reasons = []
    for choice in getattr(result, "choices", None) or ():
        reason = getattr(choice, "finish_reason", None)
        if reason is not None and not isinstance(reason, bool):
            reasons.append(str(getattr(reason, "value", reason)))
    return reasons


def picked_headers(headers: httpx.Headers) -> dict[bytes, bytes]:
    """The headers of `_READ_HEADERS` present in `headers`, by lower-case name."""
    picked = {}
    for name, value in headers.raw:
        lowered = name.lower()
        if lowered in _READ_HEADERS:
            picked[lowered] = value
    return picked


def _plain_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def has_output(payload: Mapping[str, Any]) -> bool:
    """Whether a stream chunk carries generated output (text or a tool call), for TTFT."""
    for choice in payload.get("choices") or ():
        delta = choice.get("delta") if isinstance(choice, Mapping) else None
        if isinstance(delta, Mapping) and (delta.get("content") or delta.get("tool_calls")):
            return True
    return False


class CallTrace:
    """One call's record: log lines always; spans and metrics in the OpenTelemetry subclass."""

    __slots__ = (
        "_id",
        "_stream_over",
        "call",
        "names",
        "request",
        "response",
        "started",
        "telemetry",
    )

    def __init__(self, telemetry: Telemetry, call: Call[Any]) -> None:
        self.telemetry = telemetry
        self.call = call
        self.names = names_of(call.operation)
        self.started = time.perf_counter()
        self.request: httpx.Request | None = None
        self.response: httpx.Response | None = None
        self._id: str | None = None
        self._stream_over = False

    @property
    def request_id(self) -> str:
        if self._id is None:
            self._id = request_id()
        return self._id

    @property
    def trace_id(self) -> str | None:
        return None

    def fields(self, **more: Any) -> dict[str, Any]:
        """The seed 9.3 structured fields, every key always present (for formatters)."""
        response = self.response
        fields = {
            "request_id": self.request_id,
            "trace_id": self.trace_id,
            "model": self.call.model,
            "operation": self.names.operation,
            "duration_ms": round((time.perf_counter() - self.started) * 1000, 3),
            "status_code": response.status_code if response is not None else None,
            "error_type": None,
        }
        fields.update(more)
        return fields

    # --- what the runner reports ---------------------------------------------------------------

    def sending(self, request: httpx.Request) -> None:
        """The request is built and about to go out."""
        self.request = request
        request.extensions[TRACE_KEY] = self
        if calls_log.isEnabledFor(logging.INFO):
            calls_log.info(
                "%s started (model %s, request id %s)",
                self.names.operation,
                self.call.model,
                self.request_id,
                extra=self.fields(duration_ms=None),
            )
            if calls_log.isEnabledFor(logging.DEBUG):
                self._log_request(request)

    def responded(self, response: httpx.Response) -> None:
        """The final attempt's response head arrived (retries are behind us)."""
        self.response = response
        if response.status_code == 429 and calls_log.isEnabledFor(logging.WARNING):
            calls_log.warning(
                "%s was rate limited (HTTP 429, retry after %s)",
                self.names.operation,
                response.headers.get("retry-after", "unspecified"),
                extra=self.fields(error_type="RateLimitError"),
            )

    def succeeded(self, result: T) -> T:
        """The call returned `result`."""
        self._forget()
        if calls_log.isEnabledFor(logging.INFO):
            fields = self.fields()
            calls_log.info(
                "%s completed in %.1f ms (HTTP %s, request id %s)",
                self.names.operation,
                fields["duration_ms"],
                fields["status_code"],
                self.request_id,
                extra=fields,
            )
            if calls_log.isEnabledFor(logging.DEBUG):
                self._log_response()
        return result

    def failed(self, error: BaseException) -> None:
        """The call raised `error`. Logged without its message, which may quote content."""
        self._stream_over = True
        self._forget()
        if calls_log.isEnabledFor(logging.ERROR) and not isinstance(error, RequestValidationError):
            fields = self.fields(error_type=error_type(error))
            calls_log.error(
                "%s failed: %s (HTTP %s) after %.1f ms (request id %s)",
                self.names.operation,
                fields["error_type"],
                fields["status_code"],
                fields["duration_ms"],
                self.request_id,
                extra=fields,
            )
            if calls_log.isEnabledFor(logging.DEBUG):
                self._log_response()

    def rate_limit_wait(self, seconds: float) -> None:
        """The client-side rate limiter holds this call for `seconds` before an attempt."""
        if calls_log.isEnabledFor(logging.WARNING):
            calls_log.warning(
                "%s waits %.2f s for a rate-limit slot (request id %s)",
                self.names.operation,
                seconds,
                self.request_id,
                extra=self.fields(),
            )

    # --- what a stream reports -------------------------------------------------------------

    def stream_opened(self) -> None:
        """A stream's response is open (status < 400); the call goes on while it is read."""
        if streams_log.isEnabledFor(logging.INFO):
            fields = self.fields()
            streams_log.info(
                "%s stream started in %.1f ms (request id %s)",
                self.names.operation,
                fields["duration_ms"],
                self.request_id,
                extra=fields,
            )

    def first_token(self) -> None:
        """The stream delivered its first content."""

    def stream_closed(
        self, completed: Callable[[], Any] | None, error: BaseException | None
    ) -> None:
        """The stream is over (reported once; later reports are ignored): read to its end
        (`completed` gives the assembled completion), failed (`error`), or closed by its
        reader before the end (both None)."""
        if self._stream_over:
            return
        self._stream_over = True
        self._stream_over_now(completed, error)

    def _stream_over_now(
        self, completed: Callable[[], Any] | None, error: BaseException | None
    ) -> None:
        if error is not None:
            self.failed(error)
            return
        self._forget()
        if streams_log.isEnabledFor(logging.INFO):
            fields = self.fields()
            streams_log.info(
                "%s stream %s after %.1f ms (request id %s)",
                self.names.operation,
                "ended" if completed is not None else "closed early",
                fields["duration_ms"],
                self.request_id,
                extra=fields,
            )

    def _forget(self) -> None:
        # The request outlives the call (in responses): no reference cycle back to the trace.
        if self.request is not None:
            self.request.extensions.pop(TRACE_KEY, None)

    # --- DEBUG details ------------------------------------------------------------------------

    def _log_request(self, request: httpx.Request) -> None:
        preview = None
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json") and self.call.operation not in _FILE_CONTENT:
            try:
                preview = _body_preview(request.content, content_type, self.telemetry.content_limit)
            except httpx.RequestNotRead:  # pragma: no cover - JSON bodies are never streams
                preview = None
        calls_log.debug(
            "%s request: %s %s headers=%s body=%s",
            self.names.operation,
            request.method,
            request.url,
            redacted_headers(request.headers),
            preview,
            extra=self.fields(duration_ms=None),
        )

    def _log_response(self) -> None:
        response = self.response
        if response is None:
            return
        file_content = self.call.sink is not None or self.call.operation in _FILE_CONTENT
        body = None if file_content else _response_body(response)
        preview = None
        request = response.request
        if body is not None:
            preview = _body_preview(
                body, response.headers.get("content-type", ""), self.telemetry.content_limit
            )
        calls_log.debug(
            "%s response: HTTP %d headers=%s body=%s",
            self.names.operation,
            response.status_code,
            redacted_headers(redact_headers(response.headers, request)),
            preview and redact(preview, request),  # a gateway may echo the key back
            extra=self.fields(),
        )


class _Untraced(CallTrace):
    """Stands in where no call is traced (a stream state built on its own, in tests)."""

    def __init__(self) -> None:
        self.request = None
        self._stream_over = True

    def stream_opened(self) -> None:
        pass

    def stream_closed(
        self, completed: Callable[[], Any] | None, error: BaseException | None
    ) -> None:
        pass


UNTRACED: CallTrace = _Untraced()


class Telemetry:
    """One client's observability: a factory of `CallTrace`s and of the attempt wrapper.

    Usage (internal): `trace = telemetry.begin(call)`; `trace.sending(request)`; ...
    """

    def __init__(
        self,
        *,
        otel: _Otel | None = None,
        capture_content: bool = False,
        content_limit: int = DEFAULT_CONTENT_LIMIT,
    ) -> None:
        self.otel = otel
        self.capture_content = capture_content
        self.content_limit = content_limit

    @property
    def enabled(self) -> bool:
        """Whether spans and metrics are emitted."""
        return self.otel is not None

    def begin(self, call: Call[Any]) -> CallTrace:
        if self.otel is None or not self.otel.live():
            return CallTrace(self, call)
        return _OtelCallTrace(self, call, self.otel)

    def wrap_sync(self, transport: httpx.BaseTransport) -> httpx.BaseTransport:
        """The real transport, with a span per attempt when instrumented."""
        return transport if self.otel is None else _AttemptSpans(self.otel, sync=transport)

    def wrap_async(self, transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        return transport if self.otel is None else _AttemptSpans(self.otel, async_=transport)

    def watch_breaker(self, breaker: Any) -> None:
        """Keep `mistral_circuit_breaker_state` up to date for a `_breaker.BreakerPolicy`
        (a listener on its pybreaker circuit; `service` is the base URL it guards)."""
        if self.otel is not None:
            listener = _BreakerGauge(self.otel, str(breaker.name))
            breaker.breaker.add_listener(listener)
            listener.show(breaker.state)


def rate_limit_wait(request: httpx.Request, seconds: float) -> None:
    """For the transport: the rate limiter holds `request`'s call for `seconds`."""
    trace = request.extensions.get(TRACE_KEY)
    if isinstance(trace, CallTrace):
        trace.rate_limit_wait(seconds)


def build_telemetry(
    *,
    instrument: bool | None,
    tracer_provider: TracerProvider | None,
    meter_provider: MeterProvider | None,
    capture_content: bool,
    content_limit: int,
) -> Telemetry:
    """The client's Telemetry: OpenTelemetry when wanted and installed, logging regardless.

    `instrument=None` (the default) instruments when the `otel` extra is installed, with the
    given providers or the global ones; False never imports it; True requires it.
    """
    if isinstance(content_limit, bool) or not isinstance(content_limit, int) or content_limit < 0:
        raise ConfigurationError("content_limit must be a whole number of characters >= 0")
    otel = None
    if instrument is not False:
        try:
            otel = _Otel(tracer_provider, meter_provider)
        except ImportError:
            if instrument or tracer_provider is not None or meter_provider is not None:
                raise ConfigurationError(
                    "instrumentation needs OpenTelemetry: pip install 'mistral-client[otel]'"
                ) from None
    return Telemetry(otel=otel, capture_content=bool(capture_content), content_limit=content_limit)


# --- OpenTelemetry (imported only from here, and only when instrumenting) ---------------------


class _Otel:
    """The tracer, the seed 9.2 instruments and the few API functions the traces use."""

    def __init__(self, tracer_provider: Any, meter_provider: Any) -> None:
        from opentelemetry import context, metrics, trace

        from . import __version__

        self.context = context
        self.trace = trace
        self.metrics = metrics
        # Providers given (or the global ones set by an SDK, found by live()): always record.
        self.known_live = tracer_provider is not None or meter_provider is not None
        # The API's stand-ins for providers an SDK has not set yet (None: unknown, so live).
        self.proxies = (
            getattr(trace, "ProxyTracerProvider", None),
            getattr(getattr(metrics, "_internal", None), "_ProxyMeterProvider", None),
        )
        self.kind = trace.SpanKind.CLIENT
        self.error_status = trace.Status(trace.StatusCode.ERROR)
        self.tracer = trace.get_tracer(SCOPE, __version__, tracer_provider)
        meter = metrics.get_meter(SCOPE, __version__, meter_provider)
        self.requests = meter.create_counter(
            "mistral_requests_total", unit="{request}", description="Calls made, by outcome"
        )
        self.tokens = meter.create_counter(
            "mistral_tokens_total", unit="{token}", description="Tokens used, prompt and completion"
        )
        self.errors = meter.create_counter(
            "mistral_errors_total", unit="{error}", description="Calls that raised, by error type"
        )
        self.retries = meter.create_counter(
            "mistral_retries_total", unit="{retry}", description="Attempts after the first"
        )
        self.duration = meter.create_histogram(
            "mistral_request_duration_seconds",
            unit="s",
            description="Call duration, from sending to the parsed result (streams: to their end)",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        )
        self.ttft = meter.create_histogram(
            "mistral_time_to_first_token_seconds",
            unit="s",
            description="Streams: from sending to the first content token",
            explicit_bucket_boundaries_advisory=TTFT_BUCKETS,
        )
        self.rate_limit_remaining = meter.create_gauge(
            "mistral_rate_limit_remaining",
            unit="{count}",
            description="What the server says is left of the rate limit window",
        )
        self.breaker_state = meter.create_gauge(
            "mistral_circuit_breaker_state",
            unit="1",
            description="Circuit breaker: 0=closed, 1=half-open, 2=open",
        )
        # The GenAI semantic conventions' client metrics, with their advised buckets.
        self.gen_ai_duration = meter.create_histogram(
            "gen_ai.client.operation.duration",
            unit="s",
            description="GenAI operation duration",
            explicit_bucket_boundaries_advisory=GEN_AI_DURATION_BUCKETS,
        )
        self.gen_ai_tokens = meter.create_histogram(
            "gen_ai.client.token.usage",
            unit="{token}",
            description="Tokens used per GenAI operation, input and output",
            explicit_bucket_boundaries_advisory=GEN_AI_TOKEN_BUCKETS,
        )
        self.active_streams = meter.create_up_down_counter(
            "mistral_active_streams", unit="{stream}", description="Streams open right now"
        )

    def live(self) -> bool:
        """Whether spans and metrics go anywhere: providers were given, or an SDK has set the
        global ones. Until then the API's proxies record nothing, and a call skips them
        (about 25 us of the ~200 us a call costs). Asked per call: an SDK set up after the
        client is built is picked up from its next call on."""
        if self.known_live:
            return True
        tracer_proxy, meter_proxy = self.proxies
        if tracer_proxy is None or meter_proxy is None:
            return True
        # The global providers can be set once and never unset: live once, live for good.
        self.known_live = not (
            isinstance(self.trace.get_tracer_provider(), tracer_proxy)
            and isinstance(self.metrics.get_meter_provider(), meter_proxy)
        )
        return self.known_live

    def record_rate_limits(self, headers: Mapping[bytes, bytes]) -> None:
        for limit_type, names in _REMAINING_HEADERS.items():
            for name in names:
                value = headers.get(name)
                if value is not None:
                    if value.isdigit():
                        self.rate_limit_remaining.set(int(value), {"limit_type": limit_type})
                    break


class _BreakerGauge:
    """A pybreaker listener (duck-typed: nothing imports pybreaker here) setting the gauge."""

    def __init__(self, otel: _Otel, service: str) -> None:
        self.otel = otel
        self.labels = {"service": service}

    def show(self, state: str) -> None:
        self.otel.breaker_state.set(BREAKER_STATES.get(state, 2), self.labels)

    def state_change(self, breaker: Any, old: Any, new: Any) -> None:
        self.show(str(new.name))

    def before_call(self, breaker: Any, func: Any, *args: Any, **kwargs: Any) -> None:
        pass

    def failure(self, breaker: Any, error: BaseException) -> None:
        pass

    def success(self, breaker: Any) -> None:
        pass


class _OtelCallTrace(CallTrace):
    """A CallTrace that is also a span `mistral.client.<operation>` and feeds the metrics.

    Attributes are computed only for a recording span: with the API but no SDK, a call
    costs two no-op spans and a few no-op instrument calls."""

    __slots__ = ("_ended", "_headers", "_streaming", "_token", "otel", "recording", "span")

    def __init__(self, telemetry: Telemetry, call: Call[Any], otel: _Otel) -> None:
        super().__init__(telemetry, call)
        self.otel = otel
        self._token: object | None = None
        self._headers: dict[bytes, bytes] = {}
        self._streaming = False
        self._ended = False
        names = self.names
        self.span: Span = otel.tracer.start_span(names.span, kind=otel.kind)
        self.recording = self.span.is_recording()
        if self.recording:
            attributes: dict[str, Any] = {
                "mistral.operation": names.operation,
                "mistral.request_id": self.request_id,
                "gen_ai.system": GEN_AI_SYSTEM,
                "gen_ai.provider.name": GEN_AI_SYSTEM,
            }
            if call.model:
                attributes["mistral.model"] = call.model
                attributes["gen_ai.request.model"] = call.model
            if names.gen_ai_operation is not None:
                attributes["gen_ai.operation.name"] = names.gen_ai_operation
            self.span.set_attributes(attributes)

    @property
    def trace_id(self) -> str | None:
        context = self.span.get_span_context()
        return f"{context.trace_id:032x}" if context.is_valid else None

    def sending(self, request: httpx.Request) -> None:
        if self.request is not None:  # a stream opened again: its attempts go on counting
            request.extensions[ATTEMPTS] = self.request.extensions.get(ATTEMPTS, 0)
        span = self.span
        if self.recording:
            url = request.url
            span.set_attribute("http.method", request.method)
            span.set_attribute("http.url", str(url))
            span.set_attribute("server.address", url.host)
            if url.port is not None:
                span.set_attribute("server.port", url.port)
            length = request.headers.get("content-length")
            if length is not None and length.isdigit():
                span.set_attribute("http.request_content_length", int(length))
            body = _json_body(self.call)
            if body is not None:
                self._request_attributes(body)
        # Current while sending, so attempt spans (and any httpx instrumentation) nest inside.
        otel = self.otel
        self._token = otel.context.attach(otel.trace.set_span_in_context(span))
        super().sending(request)

    def rate_limit_wait(self, seconds: float) -> None:
        if self.recording:
            self.span.add_event("mistral.rate_limit_wait", {"mistral.wait_seconds": seconds})
        super().rate_limit_wait(seconds)

    def _request_attributes(self, body: Mapping[str, Any]) -> None:
        span = self.span
        for field, attribute in _GEN_AI_REQUEST_FIELDS.items():
            value = body.get(field)
            if isinstance(value, int | float) and not isinstance(value, bool):
                span.set_attribute(attribute, value)
        if self.telemetry.capture_content:
            content = {k: body[k] for k in _CONTENT_FIELDS if k in body}
            span.set_attribute("gen_ai.input.messages", self._content(content))

    def responded(self, response: httpx.Response) -> None:
        super().responded(response)
        if self.recording:
            self._headers = headers = picked_headers(response.headers)
            self.span.set_attribute("http.status_code", response.status_code)
            for name in _CORRELATION_HEADERS:
                if name in headers:
                    self.span.set_attribute("mistral.correlation_id", headers[name].decode())
                    break

    def succeeded(self, result: T) -> T:
        self._end(result, None)
        return super().succeeded(result)

    def failed(self, error: BaseException) -> None:
        self._end(None, error)
        super().failed(error)

    def stream_opened(self) -> None:
        self._detach()  # the span lives on, but the reader's code is not inside it
        if not self._streaming:
            self._streaming = True
            self.otel.active_streams.add(1)
        super().stream_opened()

    def first_token(self) -> None:
        seconds = time.perf_counter() - self.started
        self.otel.ttft.record(seconds, {"model": self.call.model or ""})
        if self.recording:
            self.span.set_attribute("mistral.time_to_first_token", seconds)
            self.span.add_event("mistral.first_token")

    def _stream_over_now(
        self, completed: Callable[[], Any] | None, error: BaseException | None
    ) -> None:
        if error is None:
            final = None
            if completed is None:
                if self.recording:
                    self.span.set_attribute("mistral.stream.closed_early", True)
            else:
                with contextlib.suppress(MistralError):  # assembled reply off-schema: no usage
                    final = completed()
            self._end(final, None)
        super()._stream_over_now(completed, error)

    def _end(self, result: Any, error: BaseException | None) -> None:
        """Metrics, final attributes and the end of the span, once."""
        if self._ended:
            return
        self._ended = True
        try:
            self._detach()
            if self._streaming:
                self.otel.active_streams.add(-1)
            gen_ai = self._gen_ai_labels(result, error)
            if error is None:
                if result is not None:
                    self._record_result(result, gen_ai)
            else:
                kind = error_type(error)
                self.span.set_attribute("error.type", kind)
                self.span.set_status(self.otel.trace.Status(self.otel.trace.StatusCode.ERROR, kind))
                self.span.record_exception(error)
            self._record_call(error, gen_ai)
            self.span.end()
        except Exception:  # pragma: no cover - telemetry must never break a call
            calls_log.debug("telemetry failed", exc_info=True)

    # --- helpers -----------------------------------------------------------------------------

    def _detach(self) -> None:
        if self._token is not None:
            self.otel.context.detach(self._token)
            self._token = None

    def _content(self, value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, default=str)
        return truncate(text, self.telemetry.content_limit)

    def _gen_ai_labels(self, result: Any, error: BaseException | None) -> dict[str, str] | None:
        """Attributes of the GenAI metrics, for the operations the conventions know."""
        operation = self.names.gen_ai_operation
        if operation is None:
            return None
        labels = {
            "gen_ai.operation.name": operation,
            "gen_ai.provider.name": GEN_AI_SYSTEM,
            "gen_ai.system": GEN_AI_SYSTEM,
            "gen_ai.request.model": self.call.model or "",
        }
        response_model = _plain_str(getattr(result, "model", None))
        if response_model:
            labels["gen_ai.response.model"] = response_model
        if error is not None:
            labels["error.type"] = error_type(error)
        return labels

    def _record_result(self, result: Any, gen_ai: dict[str, str] | None) -> None:
        prompt, completion, total = _usage(result)
        response_model = _plain_str(getattr(result, "model", None))
        names = self.names
        otel = self.otel
        labels = {"service": names.service, "model": response_model or self.call.model or ""}
        for count, direction, token_type in (
            (prompt, "prompt", "input"),
            (completion, "completion", "output"),
        ):
            if count is not None:
                otel.tokens.add(count, {**labels, "direction": direction})
                if gen_ai is not None:
                    otel.gen_ai_tokens.record(count, {**gen_ai, "gen_ai.token.type": token_type})
        if not self.recording:
            return
        span = self.span
        response = self.response
        if response is not None:
            size = self._headers.get(b"content-length")
            if size is not None and size.isdigit():
                span.set_attribute("http.response_content_length", int(size))
            elif response.num_bytes_downloaded:
                span.set_attribute("http.response_content_length", response.num_bytes_downloaded)
        if prompt is not None:
            span.set_attribute("mistral.prompt_tokens", prompt)
            span.set_attribute("gen_ai.usage.input_tokens", prompt)
        if completion is not None:
            span.set_attribute("mistral.completion_tokens", completion)
            span.set_attribute("gen_ai.usage.output_tokens", completion)
        if total is not None:
            span.set_attribute("mistral.total_tokens", total)
        reasons = _finish_reasons(result)
        if reasons:
            span.set_attribute("mistral.finish_reason", reasons[0])
            span.set_attribute("gen_ai.response.finish_reasons", reasons)
        if response_model:
            span.set_attribute("gen_ai.response.model", response_model)
        response_id = _plain_str(getattr(result, "id", None))
        if response_id and names.gen_ai_operation is not None:
            span.set_attribute("gen_ai.response.id", response_id)
        if self.telemetry.capture_content and reasons:
            to_dict = getattr(result, "to_dict", None)
            if callable(to_dict):
                choices = to_dict().get("choices") or []
                messages = [c.get("message") for c in choices if isinstance(c, dict)]
                span.set_attribute("gen_ai.output.messages", self._content(messages))

    def _record_call(self, error: BaseException | None, gen_ai: dict[str, str] | None) -> None:
        """Seed 9.2 counters and duration (and the GenAI duration) of a call that was sent."""
        otel = self.otel
        names = self.names
        request = self.request
        if request is not None:
            attempts = request.extensions.get(ATTEMPTS)
            if isinstance(attempts, int):
                self.span.set_attribute(ATTEMPTS, attempts)
        if error is not None:
            otel.errors.add(
                1,
                {
                    "service": names.service,
                    "error_type": error_type(error),
                    "retryable": "true" if retryable(error) else "false",
                },
            )
        if request is None or not request.extensions.get(ATTEMPTS):
            return  # nothing went on the wire (bad input, open circuit, rate limit refusal)
        response = self.response
        status = str(response.status_code) if response is not None else "error"
        labels = {"service": names.service, "method": names.method, "status": status}
        seconds = time.perf_counter() - self.started
        otel.duration.record(seconds, labels)
        otel.requests.add(1, {**labels, "model": self.call.model or ""})
        if gen_ai is not None:
            otel.gen_ai_duration.record(seconds, gen_ai)


class _AttemptSpans(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps the real transport, below the retry loop: one child span per attempt, the
    retries counter, and the rate-limit gauge from each response's headers."""

    def __init__(
        self,
        otel: _Otel,
        *,
        sync: httpx.BaseTransport | None = None,
        async_: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.otel = otel
        self._sync = sync
        self._async = async_

    def _traced(self, request: httpx.Request) -> bool:
        """Whether the call this attempt belongs to records (`Telemetry.begin` decided once
        per call; a request sent without one, through the client's raw httpx, asks live())."""
        trace = request.extensions.get(TRACE_KEY)
        return isinstance(trace, _OtelCallTrace) if trace is not None else self.otel.live()

    def _start(self, request: httpx.Request) -> tuple[Span, object]:
        extensions = request.extensions
        attempt = int(extensions.get(ATTEMPTS, 0)) + 1
        extensions[ATTEMPTS] = attempt
        policy = extensions.get("mistral")
        names = names_of(getattr(policy, "operation", "request"))
        otel = self.otel
        if attempt > 1:
            otel.retries.add(1, {"service": names.service, "attempt_number": str(attempt)})
            otel.trace.get_current_span().add_event("mistral.retry", {"mistral.attempt": attempt})
        span = otel.tracer.start_span(f"{names.span}.attempt", kind=otel.kind)
        if span.is_recording():
            span.set_attributes(
                {
                    "mistral.attempt": attempt,
                    "http.request.resend_count": attempt - 1,
                    "http.method": request.method,
                    "http.url": str(request.url),
                }
            )
        return span, otel.context.attach(otel.trace.set_span_in_context(span))

    def _end(
        self, span: Span, token: object, response: httpx.Response | None, error: Exception | None
    ) -> None:
        otel = self.otel
        otel.context.detach(token)
        if response is not None:
            otel.record_rate_limits(picked_headers(response.headers))
            if span.is_recording():
                span.set_attribute("http.status_code", response.status_code)
                if response.status_code >= 400:
                    span.set_attribute("error.type", str(response.status_code))
                    span.set_status(otel.error_status)
        if error is not None and span.is_recording():
            span.set_attribute("error.type", error_type(error))
            span.set_status(otel.error_status)
            span.record_exception(error)
        span.end()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert self._sync is not None
        if not self._traced(request):
            return self._sync.handle_request(request)
        span, token = self._start(request)
        try:
            response = self._sync.handle_request(request)
        except Exception as error:
            self._end(span, token, None, error)
            raise
        self._end(span, token, response, None)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert self._async is not None
        if not self._traced(request):
            return await self._async.handle_async_request(request)
        span, token = self._start(request)
        try:
            response = await self._async.handle_async_request(request)
        except Exception as error:
            self._end(span, token, None, error)
            raise
        self._end(span, token, response, None)
        return response

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
