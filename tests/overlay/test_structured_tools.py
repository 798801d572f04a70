"""Tool helpers and simulated tool calling as pure functions: history linearisation per the
seed 003 rules, tool intents valid and invalid, tool definitions from functions and types."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any, Literal

import pytest

from mistral_client import (
    ToolIntent,
    errors,
    linearize_history,
    parse_tool_arguments,
    parse_tool_intents,
    simulated_tool_request,
    tool_from_function,
    tool_from_type,
)
from mistral_client.models import ChatCompletionResponse, ToolCall, UserMessage

WEATHER: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer", "minimum": 1},
            },
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}
CLOCK = {"type": "function", "function": {"name": "now"}}
TOOLS = [WEATHER, CLOCK]

HISTORY: list[dict[str, Any]] = [
    {"role": "system", "content": "Use tools. Answer in JSON."},
    {"role": "user", "content": "Weather in Lyon?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "abc123XYZ",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city": "Lyon"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "abc123XYZ", "name": "get_weather", "content": "21 C"},
    {
        "role": "assistant",
        "content": '{"tool_calls": [{"name": "now", "arguments": {}}]}',
        "tool_calls": [{"id": "def456UVW", "function": {"name": "now", "arguments": "{}"}}],
    },
    {"role": "tool", "tool_call_id": "def456UVW", "content": [{"type": "text", "text": "noon"}]},
    {"role": "assistant", "content": "It is 21 C at noon."},
    {"role": "user", "content": "Thanks"},
]


def test_linearize_history_follows_the_seed_rules_exactly() -> None:
    original = copy.deepcopy(HISTORY)
    linear = linearize_history(HISTORY)
    assert linear == [
        {"role": "system", "content": "Use tools. Answer in JSON."},
        {"role": "user", "content": "Weather in Lyon?"},
        # a call without JSON content of its own: the JSON rendering of the calls
        {
            "role": "assistant",
            "content": '{"tool_calls": [{"name": "get_weather", "arguments": {"city": "Lyon"}}]}',
        },
        {"role": "user", "content": "[Tool Output] 21 C"},
        # its own JSON content is kept as it is
        {"role": "assistant", "content": '{"tool_calls": [{"name": "now", "arguments": {}}]}'},
        {"role": "user", "content": "[Tool Output] noon"},
        {"role": "assistant", "content": "It is 21 C at noon."},
        {"role": "user", "content": "Thanks"},
    ]
    assert original == HISTORY  # the input is not changed
    assert not any(m["role"] == "tool" or "tool_calls" in m for m in linear)


def test_linearize_history_takes_generated_models_and_prose_beside_calls() -> None:
    prose = {
        "role": "assistant",
        "content": "Let me look.",
        "tool_calls": [{"function": {"name": "now", "arguments": "not json"}}],
    }
    linear = linearize_history([UserMessage(content="hi"), prose])
    assert linear[0] == {"role": "user", "content": "hi"}
    assert json.loads(linear[1]["content"]) == {
        "tool_calls": [{"name": "now", "arguments": "not json"}]
    }


def test_simulated_tool_request_drops_tools_and_sets_json_mode() -> None:
    params = {
        "model": "m",
        "messages": HISTORY[1:4],
        "tools": TOOLS,
        "tool_choice": "any",
        "parallel_tool_calls": False,
        "temperature": 0.1,
    }
    request = simulated_tool_request(params)
    assert set(request) == {"model", "messages", "temperature", "response_format"}
    assert request["response_format"] == {"type": "json_object"}
    system, *rest = request["messages"]
    assert rest == linearize_history(HISTORY[1:4])
    assert system["role"] == "system"
    text = system["content"]
    assert '{"tool_calls": [{"name": "<tool name>", "arguments": {...}}]}' in text
    assert "- get_weather: Current weather for a city." in text
    assert json.dumps(WEATHER["function"]["parameters"], sort_keys=True) in text
    assert "You must call at least one tool now." in text
    assert "Call at most one tool per reply." in text
    assert params["messages"] == HISTORY[1:4]  # not mutated


@pytest.mark.parametrize(
    ("instruction", "history", "added"),
    [
        (None, HISTORY, False),  # the caller's own system prompt carries the schema (seed)
        (None, HISTORY[1:2], True),
        (True, HISTORY, True),
        (False, HISTORY[1:2], False),
    ],
)
def test_the_instruction_is_added_when_the_caller_has_none(
    instruction: bool | None, history: list[dict[str, Any]], added: bool
) -> None:
    request = simulated_tool_request(
        {"model": "m", "messages": history, "tools": TOOLS}, instruction=instruction
    )
    first = request["messages"][0]
    assert (first["role"] == "system" and "You can call tools" in first["content"]) is added
    assert len(request["messages"]) == len(history) + added


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tools": None}, "tools"),
        ({"tools": []}, "tools"),
        ({"tools": [WEATHER, WEATHER]}, "tools[1].function.name"),
        ({"tools": TOOLS, "tool_choice": "sometimes"}, "tool_choice"),
        ({"tools": TOOLS, "response_format": {"type": "text"}}, "response_format"),
        (
            {"tools": TOOLS, "messages": [{"role": "tool", "content": "x"}]},
            "messages[0].tool_call_id",
        ),
    ],
)
def test_simulated_tool_request_rejects_bad_input(params: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        simulated_tool_request({"model": "m", "messages": HISTORY[1:2], **params})
    assert caught.value.field == field


def weather_call(arguments: Any) -> str:
    return json.dumps({"name": "get_weather", "arguments": arguments})


NOW = {"name": "now", "arguments": {}}
NAMED_NOW = {"type": "function", "function": {"name": "now"}}

# (reply content, expected (name, arguments) pairs)
VALID_INTENTS: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    (
        json.dumps({"tool_calls": [{"name": "get_weather", "arguments": {"city": "Oslo"}}]}),
        [("get_weather", {"city": "Oslo"})],
    ),
    (weather_call({"city": "Oslo", "days": 2}), [("get_weather", {"city": "Oslo", "days": 2})]),
    ('{"tool": "now", "parameters": {}}', [("now", {})]),
    ('{"tool_call": {"name": "now", "arguments": "{}"}}', [("now", {})]),
    (json.dumps([{"function": {"name": "now", "arguments": ""}}, NOW]), [("now", {}), ("now", {})]),
    ('```json\n{"tool_calls": [{"name": "now", "arguments": {}}]}\n```', [("now", {})]),
    ('{"answer": "It is sunny."}', []),
    ('{"tool_calls": []}', []),
]


@pytest.mark.parametrize(("content", "expected"), VALID_INTENTS)
def test_valid_tool_intents(content: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    intents = parse_tool_intents(content, TOOLS)
    assert [(i.name, i.arguments) for i in intents] == expected
    assert len({i.id for i in intents}) == len(intents)
    assert all(len(i.id) == 9 and i.id.isalnum() for i in intents)
    assert [i.id for i in parse_tool_intents(content, TOOLS)] == [i.id for i in intents]  # stable


# (reply content, tool named, field, rule fragment)
INVALID_INTENTS: list[tuple[str, str | None, str, str]] = [
    (weather_call({}), "get_weather", "$.city", "is required"),
    (weather_call({"city": 3}), "get_weather", "$.city", "must be a string"),
    (weather_call({"city": "x", "days": 0}), "get_weather", "$.days", ">= 1"),
    (weather_call({"city": "x", "when": 1}), "get_weather", "$.when", "not an allowed property"),
    (weather_call("{city"), "get_weather", "$", "not JSON"),
    (weather_call([1]), "get_weather", "$", "must be an object"),
    ('{"name": "fly", "arguments": {}}', "fly", "$.tool_calls[0].name", "must be one of"),
    ('{"tool_calls": [{"name": 5, "arguments": {}}]}', None, "$.tool_calls[0].name", "the name"),
    ('{"tool_calls": ["now"]}', None, "$.tool_calls[0]", "must be an object"),
]


@pytest.mark.parametrize(("content", "tool", "field", "rule"), INVALID_INTENTS)
def test_invalid_tool_intents_name_the_tool_and_the_field(
    content: str, tool: str | None, field: str, rule: str
) -> None:
    with pytest.raises(errors.StructuredOutputError) as caught:
        parse_tool_intents(content, TOOLS)
    error = caught.value
    assert (error.reason, error.tool, error.field) == ("tool", tool, field)
    assert rule in str(error)
    assert error.raw == content
    if tool:
        assert repr(tool) in str(error)


@pytest.mark.parametrize(
    ("content", "choice", "parallel", "rule"),
    [
        (json.dumps(NOW), "none", None, "tool_choice is 'none'"),
        ('{"answer": "hi"}', "any", None, "must call a tool"),
        ('{"answer": "hi"}', NAMED_NOW, None, "'now'"),
        (weather_call({"city": "a"}), NAMED_NOW, None, "'now'"),
        (json.dumps([NOW, NOW]), "auto", False, "one call"),
    ],
)
def test_tool_choice_and_parallel_rules_are_enforced(
    content: str, choice: Any, parallel: bool | None, rule: str
) -> None:
    with pytest.raises(errors.StructuredOutputError, match=rule):
        parse_tool_intents(content, TOOLS, tool_choice=choice, parallel_tool_calls=parallel)


def test_intents_give_native_messages_back() -> None:
    intent = ToolIntent(id="a1b2c3d4e", name="get_weather", arguments={"city": "Lyon"})
    assert intent.tool_call() == {
        "id": "a1b2c3d4e",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Lyon"}'},
    }
    assert intent.result({"temp": 21}) == {
        "role": "tool",
        "tool_call_id": "a1b2c3d4e",
        "name": "get_weather",
        "content": '{"temp": 21}',
    }
    assert intent.result("sunny")["content"] == "sunny"


def test_intents_from_a_completion_use_its_id_and_reject_truncation() -> None:
    body: dict[str, Any] = {
        "id": "f" * 32,
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": '{"name": "now", "arguments": {}}'},
            }
        ],
    }
    intents = parse_tool_intents(ChatCompletionResponse.from_dict(body), TOOLS)
    assert [i.name for i in intents] == ["now"]
    body["choices"][0]["finish_reason"] = "length"
    with pytest.raises(errors.StructuredOutputError) as caught:
        parse_tool_intents(ChatCompletionResponse.from_dict(body), TOOLS)
    assert caught.value.reason == "truncated"


def forecast(city: str, days: int = 1, unit: Literal["c", "f"] = "c", detail: bool = False) -> str:
    """Forecast for a city.

    More words that are not the summary.

    Args:
        city: The city, e.g. Lyon.
        days (int): How many days
            ahead to look.
        unit: Temperature unit.

    Returns:
        A short text.
    """
    return f"{city} {days} {unit} {detail}"


def test_tool_from_function_reads_signature_annotations_and_docstring() -> None:
    tool = tool_from_function(forecast)
    assert tool == {
        "type": "function",
        "function": {
            "name": "forecast",
            "description": "Forecast for a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "The city, e.g. Lyon."},
                    "days": {"type": "integer", "description": "How many days ahead to look."},
                    "unit": {
                        "type": "string",
                        "enum": ["c", "f"],
                        "description": "Temperature unit.",
                    },
                    "detail": {"type": "boolean"},
                },
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
    named = tool_from_function(forecast, name="weather", description="Weather.")
    assert (named["function"]["name"], named["function"]["description"]) == ("weather", "Weather.")


def _star(*args: int) -> None: ...
def _unannotated(x) -> None: ...  # type: ignore[no-untyped-def]
def _positional(x: int, /) -> None: ...


@pytest.mark.parametrize(
    ("function", "fragment"),
    [
        (_star, "*args"),
        (_unannotated, "no annotation"),
        (_positional, "positional-only"),
        ("not a function", "must be a function"),
    ],
)
def test_tool_from_function_rejects_what_cannot_be_a_tool(function: Any, fragment: str) -> None:
    with pytest.raises(errors.RequestValidationError, match=fragment.replace("*", r"\*")):
        tool_from_function(function)


@dataclasses.dataclass
class GetWeather:
    """Current weather for a city."""

    city: str
    days: int


def test_tool_from_type_and_parse_tool_arguments_round_trip() -> None:
    tool = tool_from_type(GetWeather, name="get_weather")
    function = tool["function"]
    assert function["name"] == "get_weather"
    assert function["description"] == "Current weather for a city."
    assert function["parameters"]["required"] == ["city", "days"]
    call = ToolCall.from_dict(
        {"id": "a", "function": {"name": "get_weather", "arguments": '{"city": "Oslo", "days": 2}'}}
    )
    assert parse_tool_arguments(call, GetWeather) == GetWeather("Oslo", 2)
    as_dict = {"function": {"name": "get_weather", "arguments": {"city": "Rome", "days": 1}}}
    assert parse_tool_arguments(as_dict, GetWeather) == GetWeather("Rome", 1)
    bad = {"function": {"name": "get_weather", "arguments": '{"city": "Oslo", "days": "2"}'}}
    with pytest.raises(errors.StructuredOutputError) as caught:
        parse_tool_arguments(bad, GetWeather)
    assert (caught.value.tool, caught.value.field, caught.value.reason) == (
        "get_weather",
        "$.days",
        "tool",
    )
    with pytest.raises(errors.StructuredOutputError) as caught:
        parse_tool_arguments({"function": {"name": "x", "arguments": "{"}}, GetWeather)
    assert (caught.value.reason, caught.value.tool, caught.value.field) == ("tool", "x", "$")
    assert "arguments are not JSON" in str(caught.value)
