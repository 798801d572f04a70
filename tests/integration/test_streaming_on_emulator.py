"""Streams against the emulator, sync and async: every `complete` case streamed assembles
the same completion `complete` returns; stalls, cuts and retries before the first event."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mistral_client import AsyncStream, errors
from mistral_client.testing import Fault, MistralEmulator
from mistral_client.testing._faults import parse_rule
from tests.conftest import Api, open_api

KEY = "emulator-key"
MODEL = "mistral-small-latest"
USER = [{"role": "user", "content": "What is the weather in Lyon and the time in Oslo?"}]


def function(name: str, **properties: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": sorted(properties)}
    return {"type": "function", "function": {"name": name, "parameters": schema}}


WEATHER = function("get_weather", city={"type": "string"}, days={"type": "integer"})
TIME = function("get_time", city={"type": "string"})
TOOL_TURN = [
    *USER,
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"id": "abc123def", "function": {"name": "get_time", "arguments": "{}"}}],
    },
    {"role": "tool", "tool_call_id": "abc123def", "name": "get_time", "content": "12:00"},
]
SCHEMA = {"type": "object", "properties": {"year": {"type": "integer"}}, "required": ["year"]}

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "text": ("chat", {"model": MODEL, "messages": USER}),
    "max_tokens": ("chat", {"model": MODEL, "messages": USER, "max_tokens": 3}),
    "stop": ("chat", {"model": MODEL, "messages": USER, "stop": ["Oslo"]}),
    "json_object": (
        "chat",
        {"model": MODEL, "messages": USER, "response_format": {"type": "json_object"}},
    ),
    "json_schema": (
        "chat",
        {
            "model": MODEL,
            "messages": USER,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "y", "schema": SCHEMA},
            },
        },
    ),
    "tool_any": (
        "chat",
        {"model": MODEL, "messages": USER, "tools": [WEATHER], "tool_choice": "any"},
    ),
    "parallel_tools": ("chat", {"model": MODEL, "messages": USER, "tools": [WEATHER, TIME]}),
    "one_tool": (
        "chat",
        {"model": MODEL, "messages": USER, "tools": [WEATHER, TIME], "parallel_tool_calls": False},
    ),
    "named_tool": (
        "chat",
        {
            "model": MODEL,
            "messages": USER,
            "tools": [WEATHER, TIME],
            "tool_choice": {"type": "function", "function": {"name": "get_time"}},
        },
    ),
    "after_tool_result": ("chat", {"model": MODEL, "messages": TOOL_TURN, "tools": [TIME]}),
    "two_choices": ("chat", {"model": MODEL, "messages": USER, "n": 2}),
    "fim": ("fim", {"model": "codestral-latest", "prompt": "def add(a, b):\n", "suffix": "\n"}),
    "fim_max_tokens": ("fim", {"model": "codestral-latest", "prompt": "x = 1\n", "max_tokens": 2}),
}


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[MistralEmulator]:
    with MistralEmulator() as emulator:
        yield emulator


@pytest.fixture
def mistral_emulator(shared_emulator: MistralEmulator) -> MistralEmulator:
    """One emulator for the module (starting one per test costs more than the test), reset."""
    shared_emulator.reset()
    return shared_emulator


def without_ids(value: Any) -> Any:
    """The completion minus what the emulator numbers afresh each call (completion and call ids)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


async def open_stream(api: Api, dotted: str, **kwargs: Any) -> Any:
    stream = api.method(dotted)(**kwargs)
    if isinstance(stream, AsyncStream):
        await stream
    return stream


async def drain(stream: Any) -> tuple[list[Any], Any]:
    """All chunks, then the final completion."""
    if isinstance(stream, AsyncStream):
        chunks = [chunk async for chunk in stream]
        return chunks, await stream.get_final_completion()
    return list(stream), stream.get_final_completion()


@pytest.mark.parametrize("case", sorted(CASES))
async def test_every_complete_case_streams_to_the_same_completion(emu_api: Api, case: str) -> None:
    namespace, kwargs = CASES[case]
    complete = await emu_api.call(f"{namespace}.complete", **kwargs)
    chunks, final = await drain(await open_stream(emu_api, f"{namespace}.stream", **kwargs))
    assert without_ids(final.to_dict()) == without_ids(complete.to_dict())
    assert len({chunk.id for chunk in chunks}) == 1
    assert final.id == chunks[0].id
    expected = complete.choices[0].message.content
    if isinstance(expected, str) and len(complete.choices) == 1:
        deltas = [chunk.choices[0].delta.content for chunk in chunks]
        assert "".join(d for d in deltas if isinstance(d, str)) == expected


async def test_agent_stream_matches_agent_complete(emu_api: Api) -> None:
    agent = await emu_api.call(
        "agents.create", model=MODEL, name="helper", instructions="Be brief."
    )
    kwargs = {"agent_id": agent.id, "messages": USER}
    complete = await emu_api.call("agents.complete", **kwargs)
    _, final = await drain(await open_stream(emu_api, "agents.stream", **kwargs))
    assert without_ids(final.to_dict()) == without_ids(complete.to_dict())


# --- faults ------------------------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


async def test_a_stall_fires_the_per_call_idle_timeout_with_the_partial(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    # The emulator sends three events and then nothing, ever: the 0.2 s bound always fires.
    mistral_emulator.inject(Fault.stall(after=3), path="/v1/chat/completions")
    async with open_api(kind, mistral_emulator.base_url, api_key=KEY, max_retries=0) as api:
        stream = await open_stream(
            api, "chat.stream", model=MODEL, messages=USER, stream_idle_timeout=0.2
        )
        with pytest.raises(errors.StreamError, match=r"no event for 0\.2 s") as caught:
            await drain(stream)
        assert stream.response.is_closed
    partial = caught.value.partial
    assert partial is not None
    assert partial.choices[0].message.content == "Echo: What"
    assert partial.choices[0].finish_reason is None


async def test_the_client_idle_timeout_applies_when_the_call_sets_none(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.stall(after=2), path="/v1/fim/completions")
    settings = {"api_key": KEY, "max_retries": 0, "stream_idle_timeout": 0.2}
    async with open_api(kind, mistral_emulator.base_url, **settings) as api:
        stream = await open_stream(api, "fim.stream", model="codestral-latest", prompt="x")
        with pytest.raises(errors.StreamError, match="stream_idle_timeout"):
            await drain(stream)


async def test_a_cut_after_events_raises_with_the_partial_and_is_not_retried(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.cut(after=4), path="/v1/chat/completions")
    async with open_api(kind, mistral_emulator.base_url, api_key=KEY, max_retries=3) as api:
        stream = await open_stream(api, "chat.stream", model=MODEL, messages=USER)
        with pytest.raises(errors.StreamError, match="broke mid-stream") as caught:
            await drain(stream)
    assert caught.value.partial is not None
    assert caught.value.partial.choices[0].message.content == "Echo: What is"
    assert len(mistral_emulator.requests) == 1


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def sync(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def asynchronous(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.mark.parametrize("fault", [Fault.cut(after=0), Fault.stall(after=0)], ids=["cut", "stall"])
async def test_a_failure_before_the_first_event_is_retried(
    mistral_emulator: MistralEmulator, kind: str, fault: Fault
) -> None:
    settings = {"api_key": KEY, "max_retries": 2, "stream_idle_timeout": 0.2}
    async with open_api(kind, mistral_emulator.base_url, **settings) as api:
        sleeps = Sleeps()
        transport = api.client._transport
        transport.sleep = sleeps.sync
        transport.async_sleep = sleeps.asynchronous
        complete = await api.call("chat.complete", model=MODEL, messages=USER)
        mistral_emulator.inject(fault, path="/v1/chat/completions")
        _, final = await drain(await open_stream(api, "chat.stream", model=MODEL, messages=USER))
    assert without_ids(final.to_dict()) == without_ids(complete.to_dict())
    assert len(sleeps.delays) == 1
    assert len(mistral_emulator.requests) == 3  # complete, the failed stream, its retry


async def test_failures_before_the_first_event_stop_at_max_retries(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.cut(after=0), path="/v1/chat/completions", times=None)
    async with open_api(kind, mistral_emulator.base_url, api_key=KEY, max_retries=1) as api:
        sleeps = Sleeps()
        api.client._transport.sleep = sleeps.sync
        api.client._transport.async_sleep = sleeps.asynchronous
        stream = await open_stream(api, "chat.stream", model=MODEL, messages=USER)
        with pytest.raises(errors.StreamError) as caught:
            await drain(stream)
    assert caught.value.partial is None
    assert len(sleeps.delays) == 1
    assert len(mistral_emulator.requests) == 2


async def test_an_error_status_before_the_stream_is_retried_by_the_transport(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.error(503), path="/v1/chat/completions")
    async with open_api(kind, mistral_emulator.base_url, api_key=KEY, max_retries=1) as api:
        api.client._transport.sleep = Sleeps().sync
        api.client._transport.async_sleep = Sleeps().asynchronous
        _, final = await drain(await open_stream(api, "chat.stream", model=MODEL, messages=USER))
    assert final.choices[0].finish_reason == "stop"
    assert [r.status for r in mistral_emulator.requests] == [503, 200]


async def test_a_deadline_shorter_than_the_idle_timeout_bounds_the_wait_for_events(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.stall(after=2), path="/v1/chat/completions")
    settings = {"api_key": KEY, "max_retries": 0, "stream_idle_timeout": 30, "deadline": 0.3}
    async with open_api(kind, mistral_emulator.base_url, **settings) as api:
        stream = await open_stream(api, "chat.stream", model=MODEL, messages=USER)
        with pytest.raises(errors.StreamError, match="what was left of the deadline") as caught:
            await drain(stream)
    assert caught.value.partial is not None


async def test_an_in_band_error_event_from_the_emulator_is_a_typed_error(
    mistral_emulator: MistralEmulator, kind: str
) -> None:
    mistral_emulator.inject(Fault.error_event(after=3, status=503), path="/v1/chat/completions")
    async with open_api(kind, mistral_emulator.base_url, api_key=KEY, max_retries=2) as api:
        stream = await open_stream(api, "chat.stream", model=MODEL, messages=USER)
        received: list[Any] = []

        async def consume() -> None:
            if isinstance(stream, AsyncStream):
                async for chunk in stream:
                    received.append(chunk)
            else:
                for chunk in stream:
                    received.append(chunk)

        with pytest.raises(errors.ServiceUnavailableError) as caught:
            await consume()
    assert len(received) == 3
    assert caught.value.status_code == 503
    assert caught.value.request_id is not None
    assert len(mistral_emulator.requests) == 1  # events had arrived: not sent again


def test_the_error_event_fault_from_the_cli_form() -> None:
    rule = parse_rule("path=/v1/chat/completions,error_event_after=2,error_event_status=429")
    assert (rule.fault.error_event_after, rule.fault.error_event_status) == (2, 429)
    assert Fault.error_event() == Fault(error_event_after=1, error_event_status=500)
