"""Chat, FIM and agent completions: replies, tool calls, JSON modes, limits, determinism."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from mistral_client.testing import MistralEmulator

from .conftest import AUTH, chat_body

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather at a place",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "minLength": 3},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["location", "unit"],
            "additionalProperties": False,
        },
    },
}
SEARCH = {
    "type": "function",
    "function": {"name": "search", "parameters": {"type": "object", "properties": {}}},
}


def complete(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_reply_echoes_the_last_user_message(http: httpx.Client) -> None:
    result = complete(http, **chat_body("What is the capital of France?"))
    assert re.fullmatch(r"[0-9a-f]{32}", result["id"])
    assert result["object"] == "chat.completion"
    assert result["model"] == "mistral-small-latest"
    (choice,) = result["choices"]
    assert choice == {
        "index": 0,
        "finish_reason": "stop",
        "message": {
            "role": "assistant",
            "tool_calls": None,
            "content": "Echo: What is the capital of France?",
        },
    }
    assert result["usage"] == {"prompt_tokens": 6, "total_tokens": 13, "completion_tokens": 7}


def test_content_chunks_and_history(http: httpx.Client) -> None:
    messages = [
        {"role": "system", "content": "Be brief"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Look at"},
                {"type": "image_url", "image_url": "https://x/y.png"},
            ],
        },
    ]
    result = complete(http, model="mistral-small-latest", messages=messages)
    assert result["choices"][0]["message"]["content"] == "Echo: Look at [image]"


def test_same_inputs_give_the_same_outputs() -> None:
    def run() -> list[Any]:
        with (
            MistralEmulator(seed=7) as emu,
            httpx.Client(base_url=emu.base_url, headers=AUTH) as http,
        ):
            body = chat_body("hi", tools=[WEATHER], tool_choice="any")
            return [
                complete(http, **body),
                http.post("/v1/embeddings", json={"model": "mistral-embed", "input": "hi"}).json(),
                http.post("/v1/chat/completions", json={**body, "stream": True}).text,
            ]

    assert run() == run()


def test_a_different_seed_gives_different_ids(http: httpx.Client) -> None:
    with (
        MistralEmulator(seed=99) as other,
        httpx.Client(base_url=other.base_url, headers=AUTH) as client,
    ):
        assert complete(client, **chat_body())["id"] != complete(http, **chat_body())["id"]


def _arguments(result: dict[str, Any]) -> list[tuple[str, Any]]:
    calls = result["choices"][0]["message"]["tool_calls"]
    for call in calls:
        assert re.fullmatch(r"[A-Za-z0-9]{9}", call["id"])
    return [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls]


@pytest.mark.parametrize(
    "choice", ["any", "required", {"type": "function", "function": {"name": "get_weather"}}]
)
def test_forced_tool_calls(http: httpx.Client, choice: Any) -> None:
    result = complete(http, **chat_body("hello", tools=[WEATHER, SEARCH], tool_choice=choice))
    assert result["choices"][0]["finish_reason"] == "tool_calls"
    assert result["choices"][0]["message"]["content"] == ""
    ((name, arguments),) = _arguments(result)
    assert name == "get_weather"
    Draft202012Validator(WEATHER["function"]["parameters"]).validate(arguments)  # type: ignore[index]


def test_auto_calls_only_the_tools_the_user_names(http: httpx.Client) -> None:
    plain = complete(http, **chat_body("hello", tools=[WEATHER, SEARCH]))
    assert plain["choices"][0]["message"]["tool_calls"] is None
    named = complete(http, **chat_body("please search and get_weather", tools=[WEATHER, SEARCH]))
    assert [name for name, _ in _arguments(named)] == ["get_weather", "search"]
    assert [c["index"] for c in named["choices"][0]["message"]["tool_calls"]] == [0, 1]
    single = complete(
        http,
        **chat_body("search and get_weather", tools=[WEATHER, SEARCH], parallel_tool_calls=False),
    )
    assert [name for name, _ in _arguments(single)] == ["get_weather"]
    none = complete(http, **chat_body("search now", tools=[SEARCH], tool_choice="none"))
    assert none["choices"][0]["message"]["content"] == "Echo: search now"


def test_after_a_tool_result_auto_answers_in_text(http: httpx.Client) -> None:
    messages = [
        {"role": "user", "content": "search for cats"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"id": "abcdefghi", "function": {"name": "search", "arguments": "{}"}}],
        },
        {"role": "tool", "content": "cats found", "tool_call_id": "abcdefghi", "name": "search"},
    ]
    result = complete(http, model="mistral-small-latest", messages=messages, tools=[SEARCH])
    assert result["choices"][0]["message"]["content"] == "Echo: search for cats"


def test_unknown_named_tool_is_refused(http: httpx.Client) -> None:
    choice = {"type": "function", "function": {"name": "fly"}}
    response = http.post("/v1/chat/completions", json=chat_body(tools=[SEARCH], tool_choice=choice))
    assert response.status_code == 400


COMPLEX_SCHEMA: dict[str, Any] = {
    "type": "object",
    "$defs": {
        "address": {
            "type": "object",
            "properties": {
                "street": {"type": "string"},
                "zip": {"type": "string", "pattern": "^[0-9]+$", "maxLength": 5},
            },
            "required": ["street"],
        }
    },
    "properties": {
        "name": {"type": "string", "minLength": 12, "maxLength": 20},
        "age": {"type": "integer", "exclusiveMinimum": 17, "maximum": 130},
        "score": {"type": "number", "minimum": 0.5, "multipleOf": 0.25},
        "tags": {
            "type": "array",
            "items": {"type": "string", "enum": ["a", "b", "c"]},
            "minItems": 2,
            "uniqueItems": True,
        },
        "home": {"$ref": "#/$defs/address"},
        "when": {"type": "string", "format": "date-time"},
        "email": {"type": "string", "format": "email"},
        "kind": {"const": "person"},
        "nickname": {"anyOf": [{"type": "null"}, {"type": "string"}]},
        "pair": {
            "type": "array",
            "prefixItems": [{"type": "integer"}, {"type": "boolean"}],
            "minItems": 2,
        },
        "extra": {
            "allOf": [
                {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]},
                {"properties": {"y": {"type": "boolean"}}, "required": ["y"]},
            ]
        },
        "choice": {"oneOf": [{"type": "integer", "minimum": 5}, {"type": "string"}]},
        "labels": {
            "type": "object",
            "additionalProperties": {"type": "number"},
            "minProperties": 2,
        },
        "nothing": {"type": "null"},
        "flags": {"type": ["boolean", "null"]},
    },
    "required": ["name", "age", "tags", "home"],
    "additionalProperties": False,
}


def test_tool_arguments_satisfy_a_rich_schema(http: httpx.Client) -> None:
    tool = {"type": "function", "function": {"name": "register", "parameters": COMPLEX_SCHEMA}}
    result = complete(http, **chat_body("register me", tools=[tool]))
    ((_, arguments),) = _arguments(result)
    validator = Draft202012Validator(COMPLEX_SCHEMA)
    errors = [e for e in validator.iter_errors(arguments) if e.validator != "pattern"]
    assert errors == []


def test_json_object_mode(http: httpx.Client) -> None:
    result = complete(http, **chat_body("give json", response_format={"type": "json_object"}))
    assert json.loads(result["choices"][0]["message"]["content"]) == {"echo": "give json"}


def test_json_schema_mode(http: httpx.Client) -> None:
    fmt = {
        "type": "json_schema",
        "json_schema": {"name": "person", "schema": COMPLEX_SCHEMA, "strict": True},
    }
    result = complete(http, **chat_body("who?", response_format=fmt))
    value = json.loads(result["choices"][0]["message"]["content"])
    errors = [
        e
        for e in Draft202012Validator(COMPLEX_SCHEMA).iter_errors(value)
        if e.validator != "pattern"
    ]
    assert errors == []


def test_max_tokens_cuts_with_length(http: httpx.Client) -> None:
    result = complete(http, **chat_body("one two three four", max_tokens=3))
    choice = result["choices"][0]
    assert choice["message"]["content"] == "Echo: one two"
    assert choice["finish_reason"] == "length"
    assert result["usage"]["completion_tokens"] == 3
    zero = complete(http, **chat_body("one", max_tokens=0))
    assert zero["choices"][0]["message"]["content"] == ""


def test_stop_sequences_cut_the_reply(http: httpx.Client) -> None:
    result = complete(http, **chat_body("alpha beta gamma", stop=[" gamma"]))
    assert result["choices"][0]["message"]["content"] == "Echo: alpha beta"
    assert (
        complete(http, **chat_body("alpha beta", stop="beta"))["choices"][0]["message"]["content"]
        == "Echo: alpha "
    )


def test_n_choices(http: httpx.Client) -> None:
    result = complete(http, **chat_body("hi", n=3))
    assert [c["index"] for c in result["choices"]] == [0, 1, 2]
    assert result["usage"]["completion_tokens"] == 6


def test_empty_user_text_gets_a_greeting(http: httpx.Client) -> None:
    result = complete(http, **chat_body(""))
    assert result["choices"][0]["message"]["content"] == "Hello! How can I help you today?"


def test_fim_infill(http: httpx.Client) -> None:
    body = {
        "model": "codestral-latest",
        "prompt": "def add(a, b):\n",
        "suffix": "\nprint(add(1, 2))",
    }
    result = http.post("/v1/fim/completions", json=body).json()
    assert result["object"] == "chat.completion"
    assert (
        result["choices"][0]["message"]["content"]
        == "# infill after 'def add(a, b):' before 'print(add(1, 2))'"
    )
    assert result["usage"]["prompt_tokens"] == 5
    bare = http.post("/v1/fim/completions", json={"model": "codestral-latest", "prompt": ""}).json()
    assert bare["choices"][0]["message"]["content"] == "pass"


def test_agent_completion_uses_the_agent(http: httpx.Client, emu: MistralEmulator) -> None:
    agent = http.post(
        "/v1/agents",
        json={
            "model": "mistral-large-latest",
            "name": "weather",
            "instructions": "Answer about weather",
            "tools": [WEATHER, {"type": "web_search"}],
            "completion_args": {"max_tokens": 2, "temperature": 0.2},
        },
    ).json()
    result = http.post(
        "/v1/agents/completions",
        json={
            "agent_id": agent["id"],
            "messages": [{"role": "user", "content": "tell me more please"}],
        },
    ).json()
    assert result["model"] == "mistral-large-latest"
    assert result["choices"][0]["message"]["content"] == "Echo: tell"
    assert result["choices"][0]["finish_reason"] == "length"
    assert result["usage"]["prompt_tokens"] == 3 + 4
    called = http.post(
        "/v1/agents/completions",
        json={"agent_id": agent["id"], "messages": [{"role": "user", "content": "get_weather"}]},
    ).json()
    assert called["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
    missing = http.post(
        "/v1/agents/completions",
        json={"agent_id": "ag_none", "messages": [{"role": "user", "content": "x"}]},
    )
    assert missing.status_code == 404


async def test_concurrent_requests_are_all_answered(emu: MistralEmulator) -> None:
    async with httpx.AsyncClient(base_url=emu.base_url, headers=AUTH, timeout=10) as client:
        requests = [client.post("/v1/chat/completions", json=chat_body(f"n{i}")) for i in range(40)]
        responses = await asyncio.gather(*requests)
    assert [r.status_code for r in responses] == [200] * 40
    contents = [r.json()["choices"][0]["message"]["content"] for r in responses]
    assert contents == [f"Echo: n{i}" for i in range(40)]
    assert len({r.json()["id"] for r in responses}) == 40
    assert len(emu.requests) == 40
