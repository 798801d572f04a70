"""`Stream` and `AsyncStream`: a streamed completion as typed chunks, text, or its final message.

Everything but the reading is shared: `_StreamState` turns bytes into decoded chunk payloads
(each event's JSON parsed once, the `p` padding dropped, `[DONE]` ends it), feeds the
`ChatCompletionAccumulator`, and turns failures into our errors. The sync and async classes
only loop over the socket. A stream always ends closed: at `[DONE]`, on an early `break`,
an exception in the caller's loop, garbage collection, task cancellation, or `with` exit.

Retries: a stream that fails before its first event reached the caller is sent again under
the client's retry policy (the chunks you see are never repeated); after that, a failure
raises `StreamError` with `.partial`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import json.scanner
import logging
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from mistral_generated.models import (
    ChatCompletionResponse,
    CompletionChunk,
    CompletionChunkChoice,
    DeltaMessage,
    FinishReason,
    UsageInfo,
)
from mistral_generated.types import UNSET

from ._accumulator import ChatCompletionAccumulator
from ._calls import request_id_of
from ._redaction import redact, redact_headers
from ._sse import EventTooLargeError, ServerSentEvent, SSEDecoder
from ._transport import EXTENSION, RequestPolicy, ResilientTransport
from .errors import MistralError, StreamError, _status_error

T = TypeVar("T")

logger = logging.getLogger("mistral_client")

# The clock the between-events idle check reads; tests replace it.
monotonic: Callable[[], float] = time.monotonic

# After [DONE], read at most this much more so the connection can go back to the pool.
_DRAIN_LIMIT = 64 * 1024

_CHUNK_KEYS = frozenset({"id", "object", "created", "model", "choices", "usage"})
_CHOICE_KEYS = frozenset({"index", "delta", "finish_reason", "logprobs"})
_DELTA_KEYS = frozenset({"role", "content", "tool_calls"})
_FINISH = {reason.value: reason for reason in FinishReason}
_scan_json = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def loads(text: str) -> Any:
    """`json.loads`, minus its per-call overhead for the usual `{...}` with nothing around it."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:  # leading whitespace or nothing at all: the general path decides
        return json.loads(text)
    if end != len(text) and text[end:].strip():
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def build_chunk(payload: dict[str, Any]) -> CompletionChunk:
    """The generated `CompletionChunk` for one event's JSON, equal to what `from_dict` builds.

    Text deltas (nearly every event) are built directly, positionally: `from_dict` costs
    about ten times more. Anything richer (list content, tool calls, unknown keys in a
    choice or delta) goes through the generated `from_dict`.
    """
    choices: list[CompletionChunkChoice] = []
    for item in payload["choices"]:
        delta = item.get("delta") if item.__class__ is dict else None
        if (
            delta.__class__ is not dict
            or not _CHOICE_KEYS.issuperset(item)
            or not _DELTA_KEYS.issuperset(delta)
        ):
            return CompletionChunk.from_dict(payload)
        role = delta.get("role", UNSET)
        content = delta.get("content", UNSET)
        tool_calls = delta.get("tool_calls", UNSET)
        finish = item.get("finish_reason", UNSET)
        if finish.__class__ is str:
            finish = _FINISH.get(finish, finish)
        elif finish is not None and finish is not UNSET:
            return CompletionChunk.from_dict(payload)
        if (
            (content.__class__ is not str and content is not None and content is not UNSET)
            or (role.__class__ is not str and role is not None and role is not UNSET)
            or (tool_calls is not None and tool_calls is not UNSET)
        ):
            return CompletionChunk.from_dict(payload)
        choices.append(
            CompletionChunkChoice(
                item["index"],
                DeltaMessage(role, content, tool_calls),
                finish,
                item.get("logprobs", UNSET),
            )
        )
    usage = payload.get("usage", UNSET)
    chunk = CompletionChunk(
        payload["id"],
        choices,
        payload.get("object", UNSET),
        payload.get("created", UNSET),
        payload.get("model", UNSET),
        UNSET if usage is UNSET else UsageInfo.from_dict(usage),
    )
    if not _CHUNK_KEYS.issuperset(payload):
        chunk.additional_properties = {k: v for k, v in payload.items() if k not in _CHUNK_KEYS}
    return chunk


def _text_of(payload: Mapping[str, Any]) -> str:
    """The answer text a chunk adds to choice 0 (thinking excluded)."""
    for choice in payload["choices"]:
        if not isinstance(choice, dict) or choice.get("index", 0) != 0:
            continue
        delta = choice.get("delta")
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str):
            return content
        if isinstance(content, list):
            return "".join(
                part["text"]
                for part in content
                if isinstance(part, dict)
                and part.get("type") == "text"
                and isinstance(part.get("text"), str)
            )
    return ""


def _status_of(error: Mapping[str, Any]) -> int:
    for key in ("raw_status_code", "status_code", "status"):
        value = error.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
            return value
    return 500


class _StreamState:
    """What a stream knows, whichever way it is read: decoding, assembly, errors."""

    __slots__ = (
        "accumulator",
        "closed",
        "decoder",
        "delivered",
        "done",
        "idle_timeout",
        "last_event",
        "operation",
        "response",
    )

    def __init__(self, response: httpx.Response, operation: str, idle_timeout: float) -> None:
        self.operation = operation
        self.idle_timeout = idle_timeout
        self.closed = False
        self.restart(response)

    def restart(self, response: httpx.Response) -> None:
        """Start over on a fresh response (a retry before anything was delivered)."""
        self.response = response
        self.decoder = SSEDecoder()
        self.accumulator = ChatCompletionAccumulator()
        self.delivered = 0
        self.done = False
        self.last_event = monotonic()

    # -- decoding ---------------------------------------------------------------------------

    def events(self, data: bytes) -> list[ServerSentEvent]:
        """The events `data` completes; StreamError once none came for the idle timeout."""
        try:
            events = self.decoder.feed(data)
        except EventTooLargeError as exc:
            raise StreamError(f"{self.operation}: {exc}", partial=self.partial()) from exc
        now = monotonic()
        if events:
            self.last_event = now
        elif now - self.last_event > self.idle_timeout:
            raise self.idle_error()
        return events

    def last_events(self) -> list[ServerSentEvent]:
        """The body ended: what the decoder still holds."""
        try:
            return self.decoder.close()
        except EventTooLargeError as exc:
            raise StreamError(f"{self.operation}: {exc}", partial=self.partial()) from exc

    def decoded(self, events: list[ServerSentEvent]) -> Iterator[dict[str, Any]]:
        """The chunk JSON of each event, one at a time (few objects alive: less GC work)."""
        for event in events:
            data = event.data
            if data == "[DONE]":
                self.done = True
                return
            kind = event.event
            if kind != "message" and kind != "error":
                continue  # event types this client does not know are skipped
            try:
                payload = loads(data)
            except (ValueError, RecursionError):
                if kind == "error":  # an error event in plain text
                    raise self._in_band(500, data) from None
                raise StreamError(
                    f"{self.operation}: malformed event (not JSON): {data[:200]!r}",
                    event=data,
                    partial=self.partial(),
                ) from None
            if (
                kind == "error"
                or payload.__class__ is not dict
                or payload.get("choices").__class__ is not list
                or "id" not in payload
            ):
                raise self._not_a_chunk(payload, data, kind)
            payload.pop("p", None)  # padding
            self.accumulator.add(payload)
            self.delivered += 1
            yield payload

    def check_end(self) -> None:
        """The body ended without [DONE]: fine only if every choice has its finish_reason."""
        if self.done:
            return
        choices = self.accumulator.to_dict()["choices"]
        if not choices or any(choice["finish_reason"] is None for choice in choices):
            raise StreamError(
                f"{self.operation}: the stream ended before [DONE]", partial=self.partial()
            )
        self.done = True

    def _not_a_chunk(self, payload: Any, data: str, kind: str) -> MistralError:
        if isinstance(payload, dict) and (kind == "error" or _looks_like_an_error(payload)):
            inner = payload.get("error")
            body = json.dumps(inner) if isinstance(inner, dict) else data
            error = inner if isinstance(inner, dict) else payload
            return self._in_band(_status_of(error), body)
        return StreamError(
            f"{self.operation}: event is not a completion chunk: {data[:200]!r}",
            event=data,
            partial=self.partial(),
        )

    def _in_band(self, status: int, body: str) -> MistralError:
        request = self.response.request
        headers = redact_headers(self.response.headers, request)
        return _status_error(status, headers, redact(body, request))

    # -- results and failures -------------------------------------------------------------

    def partial(self) -> ChatCompletionResponse | None:
        """What was assembled so far, or None before the first chunk."""
        if self.accumulator.chunk_count == 0:
            return None
        try:
            return self.accumulator.completion()
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    def final(self) -> ChatCompletionResponse:
        if not self.done:
            raise StreamError(
                f"{self.operation}: the stream was closed before it ended", partial=self.partial()
            )
        try:
            return self.accumulator.completion()
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise StreamError(
                f"{self.operation}: the assembled completion does not match the schema: {exc}",
                partial=None,
            ) from exc

    def chunk(self, payload: dict[str, Any], build: Callable[[dict[str, Any]], T]) -> T:
        try:
            return build(payload)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            text = json.dumps(payload)
            raise StreamError(
                f"{self.operation}: event does not match CompletionChunk: {exc}",
                event=text,
                partial=self.partial(),
            ) from exc

    def idle_error(self) -> StreamError:
        return StreamError(
            f"{self.operation}: no event for {self.idle_timeout:g} s (stream_idle_timeout)",
            partial=self.partial(),
        )

    def failure(self, error: httpx.TransportError) -> StreamError:
        """A transport failure in the middle of the body, as our error."""
        if isinstance(error, httpx.TimeoutException):
            read = (self.response.request.extensions.get("timeout") or {}).get("read")
            if isinstance(read, int | float) and read < self.idle_timeout:
                # The transport cut the read timeout to what was left of the call's deadline.
                return StreamError(
                    f"{self.operation}: no event for {read:g} s (what was left of the deadline)",
                    partial=self.partial(),
                )
            return self.idle_error()
        return StreamError(
            f"{self.operation}: the connection broke mid-stream ({type(error).__name__}: {error})",
            partial=self.partial(),
        )


def _looks_like_an_error(payload: dict[str, Any]) -> bool:
    """An error object instead of a chunk: the API's own shapes, or OpenAI's `{"error": ...}`."""
    if "choices" in payload:
        return False
    return (
        payload.get("object") == "error"
        or isinstance(payload.get("error"), dict)
        or "message" in payload
        or "detail" in payload
    )


class _Reopen:
    """Decides whether a stream that failed before its first event is sent again."""

    def __init__(self, transport: ResilientTransport | None) -> None:
        self.transport = transport

    def delay(self, response: httpx.Response, attempt: int, error: Exception) -> float | None:
        transport = self.transport
        policy = response.request.extensions.get(EXTENSION)
        if transport is None or not isinstance(policy, RequestPolicy):
            return None
        decision = transport.retry_policy.after_error(
            attempt=attempt,
            max_retries=policy.max_retries,
            error=error,
            retry_safe=policy.retry_safe,
        )
        if not decision.retry:
            return None
        logger.info(
            "retrying %s after %s in %.2fs (attempt %d of %d; no event had arrived)",
            policy.operation,
            decision.reason,
            decision.delay,
            attempt + 1,
            policy.max_retries + 1,
            extra={"operation": policy.operation, "attempt": attempt + 1, "delay": decision.delay},
        )
        return decision.delay


def _sync_source(
    state: _StreamState, reopen: _Reopen, opener: Callable[[], httpx.Response]
) -> Generator[dict[str, Any], None, None]:
    """The decoded payloads of a sync stream (re-opening it if it fails before any)."""
    attempt = 1
    while True:
        try:
            body = state.response.iter_bytes()
            for data in body:
                yield from state.decoded(state.events(data))
                if state.done:
                    _sync_drain(state.response, body)
                    return
            yield from state.decoded(state.last_events())
            state.check_end()
            return
        except httpx.TransportError as exc:
            delay = reopen.delay(state.response, attempt, exc) if state.delivered == 0 else None
            state.response.close()
            if delay is None:
                raise state.failure(exc) from exc
        transport = reopen.transport
        assert transport is not None  # delay() only retries with a transport
        transport.sleep(delay)
        attempt += 1
        state.restart(opener())


def _sync_drain(response: httpx.Response, body: Iterator[bytes]) -> None:
    read = 0
    try:
        for data in body:
            read += len(data)
            if read > _DRAIN_LIMIT:
                break
    except httpx.HTTPError:
        pass
    response.close()


class Stream(Generic[T]):
    """A streamed completion: iterate it for typed chunks, or read `text()`, or ask for the
    final message. Always closed at the end, on `break`, on errors and on garbage collection.

    Usage:
        with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
            for chunk in stream:
                print(chunk.choices[0].delta.content or "", end="")
            reply = stream.get_final_completion()   # a ChatCompletionResponse
    """

    def __init__(
        self,
        opener: Callable[[], httpx.Response],
        *,
        build: Callable[[dict[str, Any]], T],
        operation: str,
        idle_timeout: float,
        transport: ResilientTransport | None = None,
    ) -> None:
        self._build = build
        self._state = _StreamState(opener(), operation, idle_timeout)
        # The source is a free function over the state: no reference cycle back to self,
        # so an abandoned stream is closed as soon as its last reference goes.
        self._source = _sync_source(self._state, _Reopen(transport), opener)

    @property
    def response(self) -> httpx.Response:
        """The HTTP response (status, headers) of the stream, available at once."""
        return self._state.response

    @property
    def request_id(self) -> str | None:
        """The API's request id (`mistral-correlation-id`)."""
        return request_id_of(self._state.response)

    def __iter__(self) -> Iterator[T]:
        state, build = self._state, self._build
        try:
            for payload in self._source:
                yield state.chunk(payload, build)
        finally:
            self.close()

    def text(self) -> Iterator[str]:
        """The text deltas of the answer (choice 0; thinking excluded), as they arrive."""
        try:
            for payload in self._source:
                text = _text_of(payload)
                if text:
                    yield text
        finally:
            self.close()

    def current_completion(self) -> ChatCompletionResponse | None:
        """What has arrived so far, assembled (None before the first chunk); reads nothing."""
        return self._state.partial()

    def get_final_completion(self) -> ChatCompletionResponse:
        """Read the rest of the stream; the assembled completion, as `complete` returns it."""
        if not self._state.closed:
            try:
                for _ in self._source:
                    pass
            finally:
                self.close()
        return self._state.final()

    def close(self) -> None:
        """Close the response and free its connection (idempotent)."""
        state = self._state
        if state.closed:
            return
        state.closed = True
        self._source.close()
        state.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        state = getattr(self, "_state", None)
        if state is not None and not state.closed:
            self.close()

    def __repr__(self) -> str:
        return f"Stream({self._state.operation}, request_id={self.request_id!r})"


async def _async_source(
    state: _StreamState, reopen: _Reopen, opener: Callable[[], Awaitable[httpx.Response]]
) -> AsyncGenerator[dict[str, Any], None]:
    """The decoded payloads of an async stream (see `_sync_source`)."""
    attempt = 1
    while True:
        try:
            body = state.response.aiter_bytes()
            async for data in body:
                for payload in state.decoded(state.events(data)):
                    yield payload
                if state.done:
                    await _async_drain(state.response, body)
                    return
            for payload in state.decoded(state.last_events()):
                yield payload
            state.check_end()
            return
        except httpx.TransportError as exc:
            delay = reopen.delay(state.response, attempt, exc) if state.delivered == 0 else None
            await state.response.aclose()
            if delay is None:
                raise state.failure(exc) from exc
        transport = reopen.transport
        assert transport is not None
        await transport.async_sleep(delay)
        attempt += 1
        state.restart(await opener())


async def _async_drain(response: httpx.Response, body: AsyncIterator[bytes]) -> None:
    read = 0
    try:
        async for data in body:
            read += len(data)
            if read > _DRAIN_LIMIT:
                break
    except httpx.HTTPError:
        pass
    await response.aclose()


# Closes of abandoned async streams in flight (a task must be referenced until it ends).
_CLOSING: set[asyncio.Task[None]] = set()


class AsyncStream(Generic[T]):
    """The async `Stream`: `async with`, `async for`, `await stream.get_final_completion()`.

    The request is sent when the stream is first awaited, entered or iterated.
    Usage:
        async with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
            async for text in stream.text():
                print(text, end="")
            reply = await stream.get_final_completion()
    """

    def __init__(
        self,
        opener: Callable[[], Awaitable[httpx.Response]],
        *,
        build: Callable[[dict[str, Any]], T],
        operation: str,
        idle_timeout: float,
        transport: ResilientTransport | None = None,
    ) -> None:
        self._opener = opener
        self._build = build
        self._operation = operation
        self._idle_timeout = idle_timeout
        self._reopen = _Reopen(transport)
        self._state: _StreamState | None = None
        self._source: AsyncGenerator[dict[str, Any], None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    async def _open(self) -> _StreamState:
        if self._state is None:
            if self._closed:
                raise StreamError(f"{self._operation}: the stream was closed before it opened")
            try:
                response = await self._opener()
            except BaseException:  # cancelled or failed: this stream is over
                self._closed = True
                raise
            with contextlib.suppress(RuntimeError):  # no asyncio loop (another library)
                self._loop = asyncio.get_running_loop()
            self._state = _StreamState(response, self._operation, self._idle_timeout)
            self._source = _async_source(self._state, self._reopen, self._opener)
        return self._state

    def __await__(self) -> Generator[Any, None, Self]:
        """`stream = await client.chat.stream(...)` sends the request and returns the stream."""
        return self._opened().__await__()

    async def _opened(self) -> Self:
        await self._open()
        return self

    @property
    def response(self) -> httpx.Response:
        """The HTTP response; available once the stream is awaited, entered or iterated."""
        if self._state is None:
            raise StreamError("the stream is not open yet: await it or use `async with`")
        return self._state.response

    @property
    def request_id(self) -> str | None:
        """The API's request id (`mistral-correlation-id`)."""
        return request_id_of(self.response)

    async def _payloads(self) -> AsyncIterator[dict[str, Any]]:
        await self._open()
        source = self._source
        assert source is not None
        async for payload in source:
            yield payload

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            state = await self._open()
            async for payload in self._payloads():
                yield state.chunk(payload, self._build)
        finally:
            await self.aclose()

    async def text(self) -> AsyncIterator[str]:
        """The text deltas of the answer (choice 0; thinking excluded), as they arrive."""
        try:
            async for payload in self._payloads():
                text = _text_of(payload)
                if text:
                    yield text
        finally:
            await self.aclose()

    def current_completion(self) -> ChatCompletionResponse | None:
        """What has arrived so far, assembled (None before the first chunk); reads nothing."""
        return self._state.partial() if self._state is not None else None

    async def get_final_completion(self) -> ChatCompletionResponse:
        """Read the rest of the stream; the assembled completion, as `complete` returns it."""
        state = await self._open()
        if not state.closed:
            try:
                async for _ in self._payloads():
                    pass
            finally:
                await self.aclose()
        return state.final()

    async def aclose(self) -> None:
        """Close the response and free its connection (idempotent)."""
        self._closed = True
        state = self._state
        if state is None or state.closed:
            return
        state.closed = True
        source = self._source
        try:
            if source is not None:
                await source.aclose()
        finally:
            await state.response.aclose()

    async def __aenter__(self) -> Self:
        await self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        state = getattr(self, "_state", None)
        loop = getattr(self, "_loop", None)
        if state is None or state.closed or loop is None or loop.is_closed():
            return
        state.closed = True
        response = state.response
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(_close_later, loop, response)

    def __repr__(self) -> str:
        request_id = request_id_of(self._state.response) if self._state else None
        return f"AsyncStream({self._operation}, request_id={request_id!r})"


def _close_later(loop: asyncio.AbstractEventLoop, response: httpx.Response) -> None:
    task = loop.create_task(response.aclose())
    _CLOSING.add(task)
    task.add_done_callback(_CLOSING.discard)
