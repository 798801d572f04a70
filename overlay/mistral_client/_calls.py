"""One API call from description to typed result, shared by the sync and async clients.

A resource method turns its arguments into a `Call` (pure: validated, request built with the
generated operation's `_get_kwargs`). A runner sends it on the overlay's own httpx client,
maps errors to `mistral_client.errors`, and parses the body with the generated model. Only
`SyncRunner.run` and `AsyncRunner.run` do I/O; everything else here is shared.
"""

from __future__ import annotations

import asyncio
import contextvars
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypedDict, TypeVar

import attrs
import httpx
import orjson

from . import _encoding as encoding
from ._config import _MAX_RETRIES_LIMIT, DEFAULT_MAX_RESPONSE_BYTES, MAX_TIMEOUT_SECONDS
from ._decode import converter_for
from ._observability import CallTrace, Telemetry
from ._pool import AsyncGate
from ._redaction import redact, redact_headers
from ._transport import EXTENSION, RequestPolicy, ResilientTransport, policy_of
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    MistralError,
    RequestValidationError,
    ResponseValidationError,
    TLSError,
    _status_error,
)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class CallOptions(TypedDict, total=False):
    """Per-call options every method accepts.

    timeout: seconds for this call (connect stays as configured).
    max_retries: retries for this call (0 = exactly one attempt).
    deadline: seconds for the whole call, every attempt and wait included (None: the
        client's `deadline`); past it the call raises APITimeoutError.
    extra_headers: headers added to this request (Authorization cannot be overridden).
    extra_body: JSON fields merged into the body, for fields this client does not know yet.
    stream_idle_timeout: streaming methods only: seconds to wait for the next event.
    """

    timeout: float | None
    max_retries: int | None
    deadline: float | None
    extra_headers: Mapping[str, str] | None
    extra_body: Mapping[str, Any] | None
    stream_idle_timeout: float | None


_OPTION_NAMES = frozenset(CallOptions.__annotations__)


class Sink(Protocol[T_co]):
    """Consumes a streamed body chunk by chunk (downloads to disk)."""

    def write(self, chunk: bytes) -> None: ...
    def finish(self) -> T_co: ...
    def abort(self) -> None: ...


@attrs.frozen
class Call(Generic[T]):
    """A validated request and how to read its answer."""

    operation: str
    request: Mapping[str, Any]  # kwargs for httpx.Client.build_request (from _get_kwargs)
    parse: Callable[[httpx.Response], T]
    retry_safe: bool
    options: CallOptions = attrs.field(factory=lambda: CallOptions())
    sink: Callable[[], Sink[T]] | None = None
    model: str | None = None
    cleanup: Callable[[], None] | None = None  # runs after the call, whatever its outcome
    # False when the body is the product itself (files.download as bytes), not JSON:
    # max_response_bytes does not apply to it.
    bounded: bool = True


def split_options(params: Mapping[str, Any]) -> tuple[dict[str, Any], CallOptions]:
    """Separate API fields from per-call options in a method's keyword arguments."""
    fields: dict[str, Any] = {}
    options = CallOptions()
    for key, value in params.items():
        if key in _OPTION_NAMES:
            options[key] = value  # type: ignore[literal-required]
        else:
            fields[key] = value
    return fields, options


@attrs.frozen
class RawResponse(Generic[T]):
    """A parsed result with the HTTP facts around it.

    Usage: `raw = client.with_raw_response(client.models.list)`;
    `raw.status_code, raw.headers["x-ratelimit-remaining-req-minute"], raw.request_id, raw.parsed`
    """

    parsed: T
    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    method: str
    url: str
    elapsed_seconds: float


@attrs.define
class _Capture:
    response: httpx.Response | None = None
    elapsed: float = 0.0


_capture: contextvars.ContextVar[_Capture | None] = contextvars.ContextVar(
    "mistral_client_capture", default=None
)


@contextmanager
def capturing() -> Iterator[_Capture]:
    """Within the block, the runner records the last response it received."""
    capture = _Capture()
    token = _capture.set(capture)
    try:
        yield capture
    finally:
        _capture.reset(token)


def raw_from_capture(parsed: T, capture: _Capture) -> RawResponse[T]:
    response = capture.response
    if response is None:  # pragma: no cover - every method sends exactly one request
        raise RuntimeError("with_raw_response needs a method of this client")
    return RawResponse(
        parsed=parsed,
        status_code=response.status_code,
        headers=response.headers,
        request_id=request_id_of(response),
        method=response.request.method,
        url=str(response.request.url),
        elapsed_seconds=capture.elapsed,
    )


def request_id_of(response: httpx.Response) -> str | None:
    headers = response.headers
    value = headers.get("mistral-correlation-id") or headers.get("x-kong-request-id")
    return str(value) if value else None


def connection_error(error: httpx.RequestError) -> MistralError:
    """Our error for a transport failure; httpx's own types never reach the user."""
    kind = type(error).__name__
    if isinstance(error, httpx.DecodingError):  # a corrupt gzip/deflate body
        return ResponseValidationError(f"response body could not be decoded: {error}", body="")
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"request timed out ({kind})")
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return TLSError(f"TLS failed: {cause}")
        cause = cause.__cause__ or cause.__context__
    return APIConnectionError(f"connection failed ({kind}): {error}")


def parse_json(response: httpx.Response) -> Any:
    """The JSON body of a successful response, or ResponseValidationError with the raw body."""
    try:
        # orjson decodes UTF-8 bytes directly (JSON is UTF-8 by RFC 8259), about 2-4x
        # json.loads, and is what makes large embedding bodies cheap.
        return orjson.loads(response.content)
    except (ValueError, RecursionError) as exc:  # orjson.JSONDecodeError is a ValueError
        raise ResponseValidationError(
            f"expected a JSON body, got {response.headers.get('content-type', 'no content type')}",
            body=response.text,
            status_code=response.status_code,
        ) from exc


_model_parsers: dict[Any, Callable[[httpx.Response], Any]] = {}


def model_parser(from_dict: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    """A parser that reads JSON into a generated model, mapping its failures to ours.

    A generated `Model.from_dict` is swapped for the model's converter (`_decode`), which
    gives the same objects about 4x faster; its parser is built once per model.
    """
    model = getattr(from_dict, "__self__", None)
    if isinstance(model, type):
        parser = _model_parsers.get(model)
        if parser is None:
            parser = _model_parsers[model] = _parser(converter_for(model))
        return parser
    return _parser(from_dict)


def _parser(convert: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    def parse(response: httpx.Response) -> T:
        payload = parse_json(response)
        try:
            return convert(payload)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise ResponseValidationError(
                f"response does not match the expected schema: {type(exc).__name__}: {exc}",
                body=response.text,
                status_code=response.status_code,
            ) from exc

    return parse


def _check_seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RequestValidationError(name, "must be a number of seconds")
    # Compared before any float(): an int like 10**400 has no float form; and more than a
    # day overflows the OS timers (`timeout=1e308`).
    if not (value > 0 and value <= MAX_TIMEOUT_SECONDS):
        raise RequestValidationError(
            name, f"must be a finite number of seconds > 0 and <= {MAX_TIMEOUT_SECONDS:g}"
        )
    return float(value)


def annotate(error: MistralError, request: httpx.Request) -> None:
    """Say on the error how many attempts were sent and whether one may have been acted on."""
    policy = policy_of(request)
    record = policy.record
    error.attempts = record.attempts
    error.may_have_been_processed = record.may_have_been_processed
    if record.may_have_been_processed and not policy.retry_safe:
        error.add_note(
            f"{policy.operation} may have been processed by the server before it failed: "
            "check (e.g. list recent items) before sending it again"
        )


def report_usage(result: Any, request: httpx.Request) -> None:
    """Give the rate limiter the real token count of a completion or embedding."""
    report = policy_of(request).record.report_tokens
    if report is None:
        return
    tokens = getattr(getattr(result, "usage", None), "total_tokens", None)
    if isinstance(tokens, int) and not isinstance(tokens, bool):
        report(tokens)


# Distinct request paths whose absolute URL is kept (ids make paths vary; the cap bounds it).
_URL_CACHE_SIZE = 512


class _Core:
    """What both runners share: request building, error mapping, parsing."""

    def __init__(
        self,
        *,
        connect_timeout: float,
        default_max_retries: int,
        deadline: float | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        stream_idle_timeout: float = 60.0,
        telemetry: Telemetry | None = None,
    ) -> None:
        self.connect_timeout = connect_timeout
        self.default_max_retries = default_max_retries
        self.deadline = deadline
        self.max_response_bytes = max_response_bytes
        self.stream_idle_timeout = stream_idle_timeout
        # The client's ResilientTransport: streams consult its retry policy and sleep.
        self.transport: ResilientTransport | None = None
        self.telemetry = telemetry or Telemetry()
        self._urls: dict[str, httpx.URL] = {}

    def url(self, http: httpx.Client | httpx.AsyncClient, path: str) -> httpx.URL:
        """The absolute URL of an operation's path, parsed once rather than on every call.

        httpx would parse the relative path and re-parse the joined URL per request (about a
        fifth of the overlay's CPU per call); an absolute httpx.URL goes through untouched.
        """
        url = self._urls.get(path)
        if url is None:
            base = http.base_url  # always ends in "/"
            url = base.copy_with(raw_path=base.raw_path + httpx.URL(path).raw_path.lstrip(b"/"))
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            self._urls[path] = url
        return url

    def idle_timeout(self, call: Call[Any]) -> float:
        """The stream idle timeout for `call`: its own option, else the client's."""
        value = call.options.get("stream_idle_timeout")
        if value is None:
            return self.stream_idle_timeout
        return _check_seconds("stream_idle_timeout", value)

    def build(
        self, http: httpx.Client | httpx.AsyncClient, call: Call[Any], *, stream: bool = False
    ) -> httpx.Request:
        options = call.options
        kwargs = dict(call.request)
        kwargs["url"] = self.url(http, kwargs["url"])
        headers: dict[str, str] = dict(kwargs.pop("headers", None) or {})
        headers.update(encoding.extra_headers(options.get("extra_headers")))
        extra_body = options.get("extra_body")
        if "json" in kwargs:
            kwargs["content"] = encoding.json_body(kwargs.pop("json"), extra_body)
        elif extra_body:
            raise RequestValidationError("extra_body", "this operation has no JSON body")
        max_retries = options.get("max_retries")
        if max_retries is None:
            max_retries = self.default_max_retries
        elif (
            isinstance(max_retries, bool)
            or not isinstance(max_retries, int)
            or not 0 <= max_retries <= _MAX_RETRIES_LIMIT
        ):
            raise RequestValidationError(
                "max_retries", f"must be a whole number >= 0 and <= {_MAX_RETRIES_LIMIT}"
            )
        timeout_value = options.get("timeout")
        if timeout_value is not None:
            seconds = _check_seconds("timeout", timeout_value)
            kwargs["timeout"] = httpx.Timeout(seconds, connect=min(seconds, self.connect_timeout))
        if stream:
            # Every wait for data is bounded by the idle timeout, independent of `timeout`.
            base = kwargs.get("timeout") or http.timeout
            kwargs["timeout"] = httpx.Timeout(
                connect=base.connect, read=self.idle_timeout(call), write=base.write, pool=base.pool
            )
            headers["Accept"] = "text/event-stream"
        deadline = options.get("deadline")
        deadline = self.deadline if deadline is None else _check_seconds("deadline", deadline)
        policy = RequestPolicy(
            call.operation,
            call.retry_safe,
            max_retries,
            deadline=deadline,
            # An event stream's body is read by the caller, event by event, never up front.
            read_body=call.sink is None and not stream,
            max_body_bytes=self.max_response_bytes if call.bounded else None,
            stream=stream,
        )
        try:
            return http.build_request(**kwargs, headers=headers, extensions={EXTENSION: policy})
        except UnicodeEncodeError:
            raise encoding.url_problem(kwargs) from None

    @staticmethod
    def record(response: httpx.Response, started: float) -> None:
        elapsed = time.perf_counter() - started
        capture = _capture.get()
        if capture is not None:
            capture.response = response
            capture.elapsed = elapsed

    @staticmethod
    def finish(call: Call[T], response: httpx.Response) -> T:
        """A read response to its typed error (4xx/5xx) or its parsed result."""
        request = response.request
        if response.status_code >= 400:
            raise _status_error(
                response.status_code,
                redact_headers(response.headers, request),
                redact(response.text, request),
            )
        try:
            return call.parse(response)
        except ResponseValidationError as exc:
            body = redact(exc.body, request)
            if body != exc.body:  # the server echoed the key back
                exc.body = body
                exc.args = tuple(redact(str(arg), request) for arg in exc.args)
                # The parser's own error quotes the raw body too (JSONDecodeError.doc).
                exc.__cause__ = exc.__context__ = None
            raise


@contextmanager
def aborting(sink: Sink[Any]) -> Iterator[None]:
    """Lets a sink discard what it wrote when streaming into it fails."""
    try:
        yield
    except BaseException:
        sink.abort()
        raise


class SyncRunner:
    """Sends calls on an httpx.Client."""

    def __init__(self, http: httpx.Client, core: _Core, gate: threading.BoundedSemaphore) -> None:
        self.http = http
        self.core = core
        self.gate = gate

    def run(self, call: Call[T]) -> T:
        trace = self.core.telemetry.begin(call)
        try:
            if self.http.is_closed:
                raise ClientClosedError("this client was closed: create a new Mistral client")
            # Requests are built inside the gate: 10,000 waiting calls hold no httpx.Request.
            with self.gate:
                request = self.core.build(self.http, call)
                trace.sending(request)
                try:
                    result = self._run(call, request, trace)
                except MistralError as error:
                    annotate(error, request)
                    raise
            report_usage(result, request)
            return trace.succeeded(result)
        except BaseException as exc:
            trace.failed(exc)
            raise
        finally:
            if call.cleanup is not None:
                call.cleanup()

    def _run(self, call: Call[T], request: httpx.Request, trace: CallTrace) -> T:
        started = time.perf_counter()
        try:
            response = self.http.send(request, stream=call.sink is not None)
        except httpx.RequestError as exc:
            raise connection_error(exc) from exc
        self.core.record(response, started)
        trace.responded(response)
        try:
            if call.sink is None or response.status_code >= 400:
                response.read()
                return self.core.finish(call, response)
            sink = call.sink()
            with aborting(sink):
                for chunk in response.iter_bytes():
                    sink.write(chunk)
            return sink.finish()
        except httpx.RequestError as exc:
            raise connection_error(exc) from exc
        finally:
            response.close()

    def open_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        """Send a streaming call; the open response, or the typed error for its status."""
        try:
            response = self._open_stream(call, trace)
        except BaseException as exc:
            trace.failed(exc)
            raise
        trace.stream_opened()
        return response

    def _open_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        if self.http.is_closed:
            raise ClientClosedError("this client was closed: create a new Mistral client")
        # Streams pass the gate while they open, not while they are read: 1,000 of them queue
        # here instead of inside httpx's pool, and a call made inside a stream's loop never
        # waits for a slot that the stream it runs in holds.
        with self.gate:
            return self._send_stream(call, trace)

    def _send_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        request = self.core.build(self.http, call, stream=True)
        trace.sending(request)
        started = time.perf_counter()
        try:
            try:
                response = self.http.send(request, stream=True)
            except httpx.RequestError as exc:
                raise connection_error(exc) from exc
            self.core.record(response, started)
            trace.responded(response)
            if response.status_code < 400:
                return response
            try:
                response.read()
            except httpx.RequestError as exc:
                raise connection_error(exc) from exc
            finally:
                response.close()
            self.core.finish(call, response)  # raises the typed, redacted status error
            raise AssertionError("finish() raises for an error status")  # pragma: no cover
        except MistralError as error:
            annotate(error, request)
            raise


class AsyncRunner:
    """Sends calls on an httpx.AsyncClient."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        core: _Core,
        gate: AsyncGate,
        on_new_loop: Callable[[], None] | None = None,
    ) -> None:
        self.http = http
        self.core = core
        self.gate = gate
        # Pooled connections belong to the event loop that opened them: when calls come
        # from a new loop (asyncio.run twice), `on_new_loop` replaces the pool.
        self.on_new_loop = on_new_loop
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self, call: Call[T]) -> T:
        trace = self.core.telemetry.begin(call)
        try:
            if self.http.is_closed:
                raise ClientClosedError("this client was closed: create a new AsyncMistral client")
            self.check_loop()
            # Requests are built inside the gate: 10,000 waiting calls hold no httpx.Request.
            async with self.gate:
                request = self.core.build(self.http, call)
                trace.sending(request)
                try:
                    result = await self._run(call, request, trace)
                except MistralError as error:
                    annotate(error, request)
                    raise
            report_usage(result, request)
            return trace.succeeded(result)
        except BaseException as exc:
            trace.failed(exc)
            raise
        finally:
            if call.cleanup is not None:
                call.cleanup()

    def check_loop(self) -> None:
        """Replace the pool when this call runs on another event loop than the last one."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            if self._loop is not None and self.on_new_loop is not None:
                self.on_new_loop()
            self._loop = loop

    async def _run(self, call: Call[T], request: httpx.Request, trace: CallTrace) -> T:
        started = time.perf_counter()
        try:
            response = await self.http.send(request, stream=call.sink is not None)
        except httpx.RequestError as exc:
            raise connection_error(exc) from exc
        self.core.record(response, started)
        trace.responded(response)
        try:
            if call.sink is None or response.status_code >= 400:
                await response.aread()
                return self.core.finish(call, response)
            sink = call.sink()
            with aborting(sink):
                async for chunk in response.aiter_bytes():
                    sink.write(chunk)
            return sink.finish()
        except httpx.RequestError as exc:
            raise connection_error(exc) from exc
        finally:
            await response.aclose()

    async def open_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        """Send a streaming call; the open response, or the typed error for its status."""
        try:
            response = await self._open_stream(call, trace)
        except BaseException as exc:
            trace.failed(exc)
            raise
        trace.stream_opened()
        return response

    async def _open_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        if self.http.is_closed:
            raise ClientClosedError("this client was closed: create a new AsyncMistral client")
        self.check_loop()
        async with self.gate:  # while it opens, as in SyncRunner._open_stream
            return await self._send_stream(call, trace)

    async def _send_stream(self, call: Call[Any], trace: CallTrace) -> httpx.Response:
        request = self.core.build(self.http, call, stream=True)
        trace.sending(request)
        started = time.perf_counter()
        try:
            try:
                response = await self.http.send(request, stream=True)
            except httpx.RequestError as exc:
                raise connection_error(exc) from exc
            self.core.record(response, started)
            trace.responded(response)
            if response.status_code < 400:
                return response
            try:
                await response.aread()
            except httpx.RequestError as exc:
                raise connection_error(exc) from exc
            finally:
                await response.aclose()
            self.core.finish(call, response)  # raises the typed, redacted status error
            raise AssertionError("finish() raises for an error status")  # pragma: no cover
        except MistralError as error:
            annotate(error, request)
            raise
