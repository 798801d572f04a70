"""Structured output and simulated tool calling against the emulator (real HTTP on loopback):
json_object and json_schema replies, scripted hostile replies, the re-ask loop, and an
agent loop of three turns run entirely in JSON mode."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any, Literal, TypedDict

import attrs
import pytest

from mistral_client import ToolTurn, errors, linearize_history, tool_from_function
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import Api

MODEL = "mistral-small-latest"
CHAT = "/v1/chat/completions"


class Echo(TypedDict):
    echo: str


@attrs.define
class Ingredient:
    name: str
    grams: float


@dataclasses.dataclass
class Recipe:
    title: str
    servings: int
    diet: Literal["vegan", "vegetarian", "any"]
    ingredients: list[Ingredient]
    note: str | None


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


async def test_json_object_reply_parses_into_a_typed_dict(emu_api: Api) -> None:
    result = await emu_api.call(
        "chat.parse",
        model=MODEL,
        messages=user("Hello there"),
        response_format={"type": "json_object"},
    )
    assert result.parsed == {"echo": "Hello there"}


async def test_json_schema_reply_builds_the_nested_type(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    result = await emu_api.call(
        "chat.parse", model=MODEL, messages=user("A soup recipe."), response_format=Recipe
    )
    recipe = result.parsed
    assert isinstance(recipe, Recipe)
    assert recipe.diet in ("vegan", "vegetarian", "any")
    assert all(isinstance(i, Ingredient) for i in recipe.ingredients)
    sent = mistral_emulator.requests[-1].json["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["strict"] is True


async def test_scripted_hostile_replies_and_the_reask_loop(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    mistral_emulator.inject(Fault.reply("```json\n" + '{"echo": "fenced"}' + "\n```"), path=CHAT)
    fenced = await emu_api.call("chat.parse", model=MODEL, messages=user("x"), response_format=Echo)
    assert fenced.parsed == {"echo": "fenced"}

    mistral_emulator.inject(Fault.reply('{"echo": 1}'), path=CHAT)
    mistral_emulator.inject(Fault.reply("I cannot do JSON."), path=CHAT)
    messages = user("Say hi")
    result = await emu_api.call(
        "chat.parse", model=MODEL, messages=messages, response_format=Echo, max_reasks=2
    )
    assert result.parsed == {"echo": "sample echo"}  # the emulator's own json_schema answer
    assert result.attempts == 3
    assert messages == user("Say hi")
    second, third = (r.json["messages"] for r in mistral_emulator.requests[-2:])
    assert second[1] == {"role": "assistant", "content": '{"echo": 1}'}
    assert "$.echo: must be a string" in second[2]["content"]
    assert third[1] == {"role": "assistant", "content": "I cannot do JSON."}
    assert "not JSON" in third[2]["content"]

    with pytest.raises(errors.StructuredOutputError) as caught:
        await emu_api.call(
            "chat.parse",
            model=MODEL,
            messages=user("a b c d e f"),
            response_format=Echo,
            max_tokens=2,
        )
    assert caught.value.reason == "truncated"


def get_weather(city: str) -> str:
    """Current temperature in a city, in Celsius.

    Args:
        city: The city name.
    """
    return json.dumps({"city": city, "celsius": 21})


def to_fahrenheit(celsius: float) -> str:
    """Convert Celsius to Fahrenheit."""
    return str(celsius * 9 / 5 + 32)


TOOLS = [tool_from_function(get_weather), tool_from_function(to_fahrenheit)]
RUN: dict[str, Callable[..., str]] = {"get_weather": get_weather, "to_fahrenheit": to_fahrenheit}


async def test_three_turn_agent_loop_entirely_in_json_mode(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    # The model's first two answers are scripted tool intents; the third is the emulator's
    # own JSON-mode reply, which echoes the last (linearised) tool output.
    first = {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Lyon"}}]}
    second = {"tool_calls": [{"name": "to_fahrenheit", "arguments": {"celsius": 21}}]}
    mistral_emulator.inject(Fault.reply(json.dumps(first)), path=CHAT)
    mistral_emulator.inject(Fault.reply(json.dumps(second)), path=CHAT)
    mistral_emulator.clear_requests()

    history: list[dict[str, Any]] = user("How warm is it in Lyon, in Fahrenheit?")
    turns: list[ToolTurn] = []
    for _ in range(3):
        turn = await emu_api.call("chat.simulate_tools", model=MODEL, messages=history, tools=TOOLS)
        turns.append(turn)
        history.append(turn.message)
        if turn.done:
            break
        for intent in turn.tool_calls:
            history.append(intent.result(RUN[intent.name](**intent.arguments)))

    assert [len(t.tool_calls) for t in turns] == [1, 1, 0]
    assert turns[0].tool_calls[0].arguments == {"city": "Lyon"}
    assert turns[2].answer == {"echo": "[Tool Output] 69.8"}
    assert all(
        t.completion is not None and not t.completion.choices[0].message.tool_calls for t in turns
    )

    sent = [r.json for r in mistral_emulator.requests]
    assert len(sent) == 3
    for body in sent:
        assert body["response_format"] == {"type": "json_object"}
        assert "tools" not in body
        assert "tool_choice" not in body
        assert {m["role"] for m in body["messages"]} <= {"system", "user", "assistant"}
        assert "get_weather" in body["messages"][0]["content"]  # the added instruction
    assert sent[2]["messages"][1:] == linearize_history(history[:-1])
    assert sent[2]["messages"][-1] == {"role": "user", "content": "[Tool Output] 69.8"}

    # The same native-shaped history still works for native tool calling, chosen per call.
    native = await emu_api.call("chat.complete", model=MODEL, messages=history[:-1], tools=TOOLS)
    assert native.choices[0].message.content


async def test_a_bad_intent_is_reasked_with_the_tool_named(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    bad = {"tool_calls": [{"name": "get_weather", "arguments": {"town": "Lyon"}}]}
    good = {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Lyon"}}]}
    mistral_emulator.inject(Fault.reply(json.dumps(bad)), path=CHAT)
    mistral_emulator.inject(Fault.reply(json.dumps(good)), path=CHAT)
    turn = await emu_api.call(
        "chat.simulate_tools", model=MODEL, messages=user("Lyon?"), tools=TOOLS, max_reasks=1
    )
    assert (turn.attempts, turn.tool_calls[0].arguments) == (2, {"city": "Lyon"})
    assert turn.usage is not None
    assert turn.usage.total_tokens > 0
    reask = mistral_emulator.requests[-1].json["messages"][-1]["content"]
    assert "'get_weather'" in reask
    assert "$.city" in reask

    mistral_emulator.inject(Fault.reply(json.dumps(bad)), path=CHAT)
    with pytest.raises(errors.StructuredOutputError) as caught:
        await emu_api.call("chat.simulate_tools", model=MODEL, messages=user("Lyon?"), tools=TOOLS)
    assert (caught.value.tool, caught.value.field) == ("get_weather", "$.city")


async def test_fault_reply_scripts_fim_and_agent_completions_too(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    mistral_emulator.inject(Fault.reply("return a + b", finish_reason="length"), path="/v1/fim/*")
    fim = await emu_api.call("fim.complete", model="codestral-latest", prompt="def add(a, b):")
    assert fim.choices[0].message.content == "return a + b"
    assert str(fim.choices[0].finish_reason) == "length"
    agent = await emu_api.call("agents.create", model=MODEL, name="scripted")
    mistral_emulator.inject(Fault.reply('{"answer": 42}'), path="/v1/agents/completions")
    reply = await emu_api.call("agents.complete", agent_id=agent.id, messages=user("?"))
    assert reply.choices[0].message.content == '{"answer": 42}'
