"""`chat.stream(response_format=T)` against the emulator, sync and async: a partial object on
each chunk, growing toward the final one, and the validated T at the end."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from mistral_client import AsyncStructuredStream, StructuredStream, errors
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import Api
from tests.overlay.test_structured_partial import extends

MODEL = "mistral-small-latest"
USER = [{"role": "user", "content": "An order, please."}]


@dataclasses.dataclass
class Line:
    name: str
    qty: int


@dataclasses.dataclass
class Order:
    title: str
    lines: list[Line]
    note: str | None


async def _events(api: Api, stream: Any) -> list[Any]:
    if api.is_async:
        assert isinstance(stream, AsyncStructuredStream)
        async with stream:
            return [event async for event in stream]
    assert isinstance(stream, StructuredStream)
    with stream:
        return list(stream)


async def _final(api: Api, stream: Any) -> Any:
    result = stream.get_final_parsed()
    return await result if api.is_async else result


async def test_each_chunk_carries_the_partial_object(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    stream = emu_api.method("chat.stream")(model=MODEL, messages=USER, response_format=Order)
    events = await _events(emu_api, stream)
    final = await _final(emu_api, stream)
    assert isinstance(final.parsed, Order)
    whole = json.loads(final.choices[0].message.content)
    partials = [e.partial for e in events if e.partial is not None]
    assert len(partials) > 5  # one token a chunk: the object grows in many steps
    assert all(extends(whole, p) for p in partials)
    assert partials[-1] == whole
    assert stream.partial == whole
    assert {e.chunk.id for e in events} == {final.id}
    sent = mistral_emulator.requests[-1].json
    assert sent["stream"] is True
    assert sent["response_format"]["json_schema"]["name"] == "Order"


async def test_a_scripted_reply_streams_and_a_bad_one_fails_at_the_end(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    script = '{"title": "tea", "lines": [{"name": "green", "qty": 2}], "note": null}'
    mistral_emulator.inject(Fault.reply(script), path="/v1/chat/completions")
    stream = emu_api.method("chat.stream")(model=MODEL, messages=USER, response_format=Order)
    events = await _events(emu_api, stream)
    assert [e.partial for e in events if e.partial is not None][:2] == [{}, {"title": "tea"}]
    assert (await _final(emu_api, stream)).parsed == Order("tea", [Line("green", 2)], None)

    bad = '{"title": 5, "lines": [], "note": null}'
    mistral_emulator.inject(Fault.reply(bad), path="/v1/chat/completions")
    stream = emu_api.method("chat.stream")(model=MODEL, messages=USER, response_format=Order)
    events = await _events(emu_api, stream)
    assert events[-1].partial == json.loads(bad)  # partials are not validated...
    with pytest.raises(errors.StructuredOutputError) as caught:
        await _final(emu_api, stream)  # ...the final value is
    assert (caught.value.reason, caught.value.field) == ("schema", "$.title")

    stream = emu_api.method("chat.stream")(
        model=MODEL, messages=USER, response_format=Order, max_tokens=3
    )
    await _events(emu_api, stream)
    with pytest.raises(errors.StructuredOutputError) as caught:
        await _final(emu_api, stream)
    assert caught.value.reason == "truncated"


async def test_structured_streams_refuse_tools_before_sending(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    before = len(mistral_emulator.requests)
    with pytest.raises(errors.RequestValidationError) as caught:
        emu_api.method("chat.stream")(
            model=MODEL, messages=USER, response_format=Order, tools=[{"type": "function"}]
        )
    assert caught.value.field == "tools"
    assert len(mistral_emulator.requests) == before
