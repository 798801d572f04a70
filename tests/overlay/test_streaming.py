"""chat/fim/agents.stream over loopback, sync and async: requests, chunks, text, the final
completion, raw responses, in-band and malformed events, and closing in every way out."""

from __future__ import annotations

import asyncio
import gc
import json
from typing import Any

import httpx
import pytest

from mistral_client import AsyncMistral, AsyncStream, Mistral, Stream, errors
from mistral_client._streaming import _StreamState
from mistral_client.models import ChatCompletionResponse, CompletionChunk
from tests.conftest import CANARY_KEY, Api
from tests.support.server import RecordingServer, Reply

HELLO = [{"role": "user", "content": "Hello"}]
HEAD = {"id": "5e1f", "object": "chat.completion.chunk", "created": 3, "model": "m"}
USAGE = {"prompt_tokens": 2, "total_tokens": 5, "completion_tokens": 3}
SSE_HEADERS = {"Content-Type": "text/event-stream; charset=utf-8", "mistral-correlation-id": "rq-9"}


def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
    return {**HEAD, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}


TEXT_EVENTS = [
    event({"role": "assistant", "content": ""}),
    event({"content": "Hi"}, p="abc"),
    event({"content": " there"}, p="abcdef"),
    event({"content": "!"}, "stop", usage=USAGE, p="a"),
]


def sse(*events: Any, done: bool = True) -> Reply:
    """An event-stream reply; bytes items go out verbatim as the whole event block."""
    blocks = [
        item if isinstance(item, bytes) else b"data: " + json.dumps(item).encode() + b"\n\n"
        for item in events
    ]
    return Reply(200, b"".join(blocks) + (b"data: [DONE]\n\n" if done else b""), SSE_HEADERS)


async def opened(api: Api, dotted: str, **kwargs: Any) -> Any:
    stream = api.method(dotted)(**kwargs)
    if api.is_async:
        assert isinstance(stream, AsyncStream)
        await stream
    else:
        assert isinstance(stream, Stream)
    return stream


async def chunks_of(stream: Any) -> list[CompletionChunk]:
    if isinstance(stream, AsyncStream):
        return [chunk async for chunk in stream]
    return list(stream)


async def text_of(stream: Any) -> list[str]:
    if isinstance(stream, AsyncStream):
        return [text async for text in stream.text()]
    return list(stream.text())


async def final_of(stream: Any) -> ChatCompletionResponse:
    if isinstance(stream, AsyncStream):
        return await stream.get_final_completion()
    reply: ChatCompletionResponse = stream.get_final_completion()
    return reply


async def close(stream: Any) -> None:
    if isinstance(stream, AsyncStream):
        await stream.aclose()
    else:
        stream.close()


STREAM_METHODS = [
    ("chat.stream", "/v1/chat/completions", {"model": "mistral-small-latest", "messages": HELLO}),
    ("fim.stream", "/v1/fim/completions", {"model": "codestral-latest", "prompt": "def f("}),
    ("agents.stream", "/v1/agents/completions", {"agent_id": "ag_1", "messages": HELLO}),
]


@pytest.mark.parametrize(("dotted", "path", "kwargs"), STREAM_METHODS)
async def test_stream_methods_send_the_complete_request_with_stream_true(
    api: Api, server: RecordingServer, dotted: str, path: str, kwargs: dict[str, Any]
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(api, dotted, **kwargs, max_tokens=5)
    sent = server.last
    assert (sent.method, sent.path) == ("POST", path)
    assert sent.json() == {**kwargs, "max_tokens": 5, "stream": True}
    assert sent.headers["accept"] == "text/event-stream"
    assert sent.headers["authorization"] == f"Bearer {CANARY_KEY}"
    reply = await final_of(stream)
    assert reply.choices[0].message.content == "Hi there!"
    assert len(server.requests) == 1


async def test_chunks_are_typed_with_padding_dropped(api: Api, server: RecordingServer) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    chunks = await chunks_of(stream)
    assert all(isinstance(chunk, CompletionChunk) for chunk in chunks)
    assert [chunk.choices[0].delta.content for chunk in chunks] == ["", "Hi", " there", "!"]
    assert all("p" not in chunk.additional_properties for chunk in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].usage is not None
    assert chunks[-1].to_dict()["usage"] == USAGE
    # Iterating to the end also assembled the final completion.
    reply = await final_of(stream)
    assert reply.choices[0].message.content == "Hi there!"
    assert reply.to_dict()["usage"] == USAGE


async def test_text_yields_only_the_text_deltas(api: Api, server: RecordingServer) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    assert stream.current_completion() is None
    assert await text_of(stream) == ["Hi", " there", "!"]
    current = stream.current_completion()
    assert current is not None
    assert current.choices[0].message.content == "Hi there!"
    assert (await final_of(stream)).choices[0].finish_reason == "stop"


async def test_response_and_request_id_as_soon_as_the_stream_opens(
    api: Api, server: RecordingServer
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    assert stream.request_id == "rq-9"
    assert stream.response.status_code == 200
    assert stream.response.headers["content-type"].startswith("text/event-stream")
    assert not stream.response.is_closed
    await close(stream)
    assert stream.response.is_closed


def test_with_raw_response_on_a_stream(client: Mistral, server: RecordingServer) -> None:
    server.queue(sse(*TEXT_EVENTS))
    raw = client.with_raw_response(client.chat.stream, model="m", messages=HELLO)
    assert (raw.status_code, raw.request_id, raw.method) == (200, "rq-9", "POST")
    assert raw.url.endswith("/v1/chat/completions")
    with raw.parsed as stream:
        assert "".join(stream.text()) == "Hi there!"


async def test_with_raw_response_on_an_async_stream(
    aclient: AsyncMistral, server: RecordingServer
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    raw = await aclient.with_raw_response(aclient.fim.stream, model="codestral", prompt="x")
    assert (raw.status_code, raw.request_id) == (200, "rq-9")
    async with raw.parsed as stream:
        assert (await stream.get_final_completion()).choices[0].message.content == "Hi there!"


async def test_an_error_status_raises_its_typed_error_when_the_stream_opens(
    api: Api, server: RecordingServer
) -> None:
    server.queue(Reply.json({"detail": "Unauthorized"}, status=401))
    with pytest.raises(errors.AuthenticationError) as caught:
        await opened(api, "chat.stream", model="m", messages=HELLO)
    assert caught.value.body == '{"detail": "Unauthorized"}'


async def test_async_stream_sends_on_first_use_not_before(
    aclient: AsyncMistral, server: RecordingServer
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = aclient.chat.stream(model="m", messages=HELLO)
    assert server.requests == []
    assert stream.current_completion() is None
    with pytest.raises(errors.StreamError, match="not open yet"):
        _ = stream.response
    assert [c.choices[0].delta.content async for c in stream][1] == "Hi"
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stream": True}, "stream"),
        ({"stream": False}, "stream"),
        ({"extra_body": {"stream": False}}, "extra_body.stream"),
        ({"messages": []}, "messages"),
        ({"temperature": 9}, "temperature"),
        ({"stream_idle_timeout": 0}, "stream_idle_timeout"),
        ({"stream_idle_timeout": float("nan")}, "stream_idle_timeout"),
        ({"stream_idle_timeout": "5"}, "stream_idle_timeout"),
    ],
)
async def test_bad_input_is_refused_before_sending(
    api: Api, server: RecordingServer, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        await opened(api, "chat.stream", **{"model": "m", "messages": HELLO, **kwargs})
    assert caught.value.field == field
    assert server.requests == []


def test_client_stream_idle_timeout_is_checked() -> None:
    with pytest.raises(errors.ConfigurationError, match="stream_idle_timeout"):
        Mistral(api_key=CANARY_KEY, stream_idle_timeout=-1)


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (
            b'data: {"object":"error","message":"overloaded","type":"unavailable",'
            b'"code":"3505","raw_status_code":503}\n\n',
            errors.ServiceUnavailableError,
            "overloaded",
        ),
        (
            b'data: {"error":{"message":"slow down","type":"rate_limited","status":429}}\n\n',
            errors.RateLimitError,
            "slow down",
        ),
        (b'event: error\ndata: {"message":"boom"}\n\n', errors.InternalServerError, "boom"),
        (
            b'data: {"detail":"Model overloaded"}\n\n',
            errors.InternalServerError,
            "Model overloaded",
        ),
        (
            b"event: error\ndata: upstream timeout\n\n",
            errors.InternalServerError,
            "HTTP 500 (non-JSON body: upstream timeout)",
        ),
    ],
)
async def test_an_in_band_error_raises_the_matching_typed_error(
    api: Api, server: RecordingServer, body: bytes, error: type[errors.APIStatusError], message: str
) -> None:
    server.queue(sse(TEXT_EVENTS[0], TEXT_EVENTS[1], body))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(error) as caught:
        await chunks_of(stream)
    assert caught.value.message == message
    assert caught.value.request_id == "rq-9"
    assert stream.response.is_closed


async def test_a_malformed_event_raises_stream_error_with_the_raw_text_and_partial(
    api: Api, server: RecordingServer
) -> None:
    server.queue(sse(TEXT_EVENTS[0], TEXT_EVENTS[1], b'data: {"id": "5e1f", "choi\n\n'))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(errors.StreamError) as caught:
        await text_of(stream)
    assert caught.value.event == '{"id": "5e1f", "choi'
    assert caught.value.partial is not None
    assert caught.value.partial.choices[0].message.content == "Hi"
    assert caught.value.partial.choices[0].finish_reason is None
    assert stream.response.is_closed


@pytest.mark.parametrize(
    "body",
    [
        b'data: {"unexpected": true}\n\n',
        b'data: {"id": "5e1f", "object": "chat.completion.chunk"}\n\n',
        b"data: [1, 2]\n\n",
        b'data: {"choices": []}\n\n',
        b'data: {"id": "x", "choices": "no"}\n\n',
    ],
)
async def test_an_event_that_is_not_a_chunk_raises_stream_error(
    api: Api, server: RecordingServer, body: bytes
) -> None:
    server.queue(sse(TEXT_EVENTS[0], body))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(errors.StreamError, match="not a completion chunk") as caught:
        await final_of(stream)
    assert caught.value.event == body.decode().removeprefix("data: ").strip()


async def test_a_chunk_that_does_not_match_the_schema_raises_stream_error(
    api: Api, server: RecordingServer
) -> None:
    server.queue(sse(TEXT_EVENTS[0], {"id": "5e1f", "choices": [{"delta": {}}]}))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(errors.StreamError, match="does not match CompletionChunk") as caught:
        await chunks_of(stream)
    assert caught.value.event is not None
    assert '"delta"' in caught.value.event


async def test_unknown_event_types_and_events_after_done_are_skipped(
    api: Api, server: RecordingServer
) -> None:
    ping = b"event: ping\ndata: not json\n\n"
    after = b'data: {"id":"5e1f","choices":[{"index":0,"delta":{"content":"late"}}]}\n\n'
    server.queue(sse(ping, *TEXT_EVENTS, b"data: [DONE]\n\n" + after, done=False))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    assert await text_of(stream) == ["Hi", " there", "!"]


async def test_a_stream_ending_without_done(api: Api, server: RecordingServer) -> None:
    # Finished choices and no [DONE]: complete. Unfinished: a StreamError with the partial.
    server.queue(sse(*TEXT_EVENTS, done=False), sse(*TEXT_EVENTS[:2], done=False))
    complete = await opened(api, "chat.stream", model="m", messages=HELLO)
    assert (await final_of(complete)).choices[0].message.content == "Hi there!"
    cut = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(errors.StreamError, match="before \\[DONE\\]") as caught:
        await final_of(cut)
    assert caught.value.partial is not None
    assert caught.value.partial.choices[0].message.content == "Hi"


async def test_no_answer_at_all_times_out_on_the_idle_timeout(
    api: Api, server: RecordingServer
) -> None:
    # The server never sends headers: waiting for them is bounded by the idle timeout too.
    server.queue(Reply(hang=True))
    with pytest.raises(errors.APITimeoutError):
        await opened(api, "chat.stream", model="m", messages=HELLO, stream_idle_timeout=0.05)


def test_idle_between_events_is_measured_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes that carry no event (keep-alive comments) do not reset the idle timer."""
    now = [100.0]
    monkeypatch.setattr("mistral_client._streaming.monotonic", lambda: now[0])
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    state = _StreamState(httpx.Response(200, request=request), "chat.stream", idle_timeout=5)
    assert state.events(b": keep-alive\n") == []
    now[0] += 4.9
    assert len(state.events(b"data: {}\n\n")) == 1  # an event: the timer restarts
    now[0] += 4.9
    assert state.events(b": keep-alive\n") == []
    now[0] += 0.2
    with pytest.raises(errors.StreamError, match="no event for 5 s"):
        state.events(b": keep-alive\n")


# --- closing: every way out frees the connection -------------------------------------------

LONG = sse(*TEXT_EVENTS[:1], *[event({"content": f"w{i}"}) for i in range(200)], TEXT_EVENTS[-1])


def test_early_break_closes_the_response(client: Mistral, server: RecordingServer) -> None:
    server.queue(LONG)
    stream = client.chat.stream(model="m", messages=HELLO)
    for _chunk in stream:
        break
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError, match="closed before it ended") as caught:
        stream.get_final_completion()
    assert caught.value.partial is not None


def test_an_exception_in_the_loop_closes_the_response(
    client: Mistral, server: RecordingServer
) -> None:
    server.queue(LONG)
    stream = client.chat.stream(model="m", messages=HELLO)
    response = stream.response

    def consume() -> None:
        for text in stream.text():
            raise KeyError(text)

    with pytest.raises(KeyError):
        consume()
    assert response.is_closed


def test_garbage_collection_closes_an_abandoned_stream(
    client: Mistral, server: RecordingServer
) -> None:
    server.queue(LONG)
    stream = client.chat.stream(model="m", messages=HELLO)
    response = stream.response
    del stream
    gc.collect()
    assert response.is_closed


def test_with_block_closes_and_close_is_idempotent(
    client: Mistral, server: RecordingServer
) -> None:
    server.queue(LONG)
    with client.chat.stream(model="m", messages=HELLO) as stream:
        assert repr(stream) == "Stream(chat.stream, request_id='rq-9')"
    assert stream.response.is_closed
    stream.close()
    assert list(stream) == []


async def test_async_early_break_closes_the_response(
    aclient: AsyncMistral, server: RecordingServer
) -> None:
    server.queue(LONG)
    stream = await aclient.chat.stream(model="m", messages=HELLO)
    async for _chunk in stream:
        break
    await asyncio.sleep(0)  # the abandoned iterator is finalised on the next loop turn
    await asyncio.sleep(0)
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError, match="closed before it ended"):
        await stream.get_final_completion()


async def test_async_cancellation_closes_the_response(
    aclient: AsyncMistral, server: RecordingServer
) -> None:
    server.queue(Reply(hang=True))
    stream = aclient.chat.stream(model="m", messages=HELLO, stream_idle_timeout=30)
    task = asyncio.ensure_future(stream.get_final_completion())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert stream._closed
    with pytest.raises(errors.StreamError, match="closed before it opened"):
        await stream


async def test_async_garbage_collection_closes_an_abandoned_stream(
    aclient: AsyncMistral, server: RecordingServer
) -> None:
    server.queue(LONG)
    stream = await aclient.chat.stream(model="m", messages=HELLO)
    response = stream.response
    assert repr(stream) == "AsyncStream(chat.stream, request_id='rq-9')"
    del stream
    gc.collect()
    for _ in range(5):
        await asyncio.sleep(0)
    assert response.is_closed


async def test_async_with_block_closes(aclient: AsyncMistral, server: RecordingServer) -> None:
    server.queue(LONG)
    async with aclient.agents.stream(agent_id="ag_1", messages=HELLO) as stream:
        assert stream.request_id == "rq-9"
    assert stream.response.is_closed
    assert [chunk async for chunk in stream] == []


async def test_text_skips_thinking_and_reads_text_parts(api: Api, server: RecordingServer) -> None:
    thinking = {"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]}
    server.queue(
        sse(
            event({"role": "assistant", "content": [thinking]}),
            event({"content": [{"type": "text", "text": "Yes"}, thinking]}),
            event({"content": "."}, "stop"),
        )
    )
    stream = await opened(api, "chat.stream", model="magistral-small-latest", messages=HELLO)
    assert await text_of(stream) == ["Yes", "."]
    content = (await final_of(stream)).to_dict()["choices"][0]["message"]["content"]
    assert content == [
        thinking,
        {"type": "text", "text": "Yes"},
        thinking,
        {"type": "text", "text": "."},
    ]


async def test_bytes_after_done_are_not_read_past_a_bound(
    api: Api, server: RecordingServer
) -> None:
    trailing = b": " + b"x" * 200_000 + b"\n"
    server.queue(sse(*TEXT_EVENTS, b"data: [DONE]\n\n" + trailing, done=False))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    assert (await final_of(stream)).choices[0].message.content == "Hi there!"
    assert stream.response.is_closed


async def test_incremental_tool_call_deltas_through_the_client(
    api: Api, server: RecordingServer
) -> None:
    def call(index: int, arguments: str, **fields: Any) -> dict[str, Any]:
        name = fields.pop("name", "")
        return {"index": index, **fields, "function": {"name": name, "arguments": arguments}}

    server.queue(
        sse(
            event({"role": "assistant", "content": None}),
            event({"tool_calls": [call(0, "", id="call_1", type="function", name="weather")]}),
            event({"tool_calls": [call(0, '{"city":')]}),
            event({"tool_calls": [call(0, ' "Nice"}')]}, "tool_calls", usage=USAGE),
        )
    )
    stream = await opened(api, "chat.stream", model="open-model", messages=HELLO)
    chunks = await chunks_of(stream)
    deltas = [chunk.choices[0].delta.tool_calls for chunk in chunks[1:]]
    assert all(isinstance(d, list) and d[0].index == 0 for d in deltas)
    calls = (await final_of(stream)).choices[0].message.tool_calls
    assert isinstance(calls, list)
    (assembled,) = calls
    assert (assembled.id, assembled.type_, assembled.function.name) == (
        "call_1",
        "function",
        "weather",
    )
    assert json.loads(assembled.function.arguments) == {"city": "Nice"}


async def test_an_endless_line_is_a_stream_error(
    api: Api, server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mistral_client._sse.MAX_EVENT_BYTES", 1000)
    server.queue(sse(TEXT_EVENTS[0], b"data: " + b"x" * 5000, done=False))
    stream = await opened(api, "chat.stream", model="m", messages=HELLO)
    with pytest.raises(errors.StreamError, match="over 1000 bytes") as caught:
        await final_of(stream)
    assert caught.value.partial is not None
