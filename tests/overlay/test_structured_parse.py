"""`chat.parse` over real HTTP to a scripted loopback server, sync and async: hostile replies,
the bounded re-ask loop, usage across attempts, and the request it sends."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import pytest

from mistral_client import ParsedChatCompletion, errors, parse_json_content
from mistral_client.models import ChatCompletionResponse
from tests.conftest import Api
from tests.support.server import RecordingServer, Reply

MODEL = "mistral-small-latest"
USER = [{"role": "user", "content": "Give me a point."}]


@dataclasses.dataclass
class Point:
    x: int
    y: int


def completion(
    content: Any, finish_reason: str = "stop", tokens: tuple[int, int] = (10, 5)
) -> dict[str, Any]:
    prompt, answer = tokens
    return {
        "id": "0123456789abcdef0123456789abcdef",
        "object": "chat.completion",
        "created": 1767225600,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": answer,
            "total_tokens": prompt + answer,
        },
    }


def queue(server: RecordingServer, *contents: Any, finish_reason: str = "stop") -> None:
    for content in contents:
        server.queue(Reply.json(completion(content, finish_reason)))


async def test_parse_builds_the_type_and_sends_a_strict_schema(
    api: Api, server: RecordingServer
) -> None:
    queue(server, '{"x": 1, "y": 2}')
    result = await api.call("chat.parse", model=MODEL, messages=USER, response_format=Point)
    assert isinstance(result, ParsedChatCompletion)
    assert result.parsed == Point(1, 2)
    assert result.choices[0].message.parsed == Point(1, 2)
    assert result.choices[0].message.content == '{"x": 1, "y": 2}'
    assert result.usage is not None
    assert (result.attempts, result.usage.total_tokens) == (1, 15)
    body = server.requests[0].json()
    assert body["messages"] == USER
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "Point",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}},
                "required": ["x", "y"],
                "additionalProperties": False,
            },
        },
    }


async def test_json_object_mode_parses_any_json(api: Api, server: RecordingServer) -> None:
    queue(server, '[1, {"a": null}]')
    result = await api.call(
        "chat.parse", model=MODEL, messages=USER, response_format={"type": "json_object"}
    )
    assert result.parsed == [1, {"a": None}]
    assert server.requests[0].json()["response_format"] == {"type": "json_object"}


async def test_a_response_format_envelope_keeps_its_name(api: Api, server: RecordingServer) -> None:
    queue(server, '{"x": 1, "y": 2}')
    schema = {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}}
    envelope = {"type": "json_schema", "json_schema": {"name": "pt", "schema": schema}}
    result = await api.call("chat.parse", model=MODEL, messages=USER, response_format=envelope)
    assert result.parsed == {"x": 1, "y": 2}
    sent = server.requests[0].json()["response_format"]["json_schema"]
    assert (sent["name"], sent["strict"], sent["schema"]["required"]) == ("pt", True, ["x", "y"])


# (reply content, finish_reason, error reason, field, rule fragment)
HOSTILE: list[tuple[Any, str, str, str | None, str]] = [
    ('{"x": 1, "y"', "length", "truncated", None, "cut off"),
    ('{"x": 1, "y": 2}', "length", "truncated", None, "cut off"),  # parses, still cut
    ("Here is your point: (1, 2)", "stop", "not_json", None, "Expecting value"),
    ("", "stop", "not_json", None, "is empty"),
    (None, "stop", "not_json", None, "is empty"),
    ('{"x": "1", "y": 2}', "stop", "schema", "$.x", "must be an integer, got a string"),
    ('{"x": 1}', "stop", "schema", "$.y", "is required"),
    ('{"x": 1, "y": 2, "z": 3}', "stop", "schema", "$.z", "is not an allowed property"),
    ("[1, 2]", "stop", "schema", "$", "must be an object, got an array"),
]


async def test_hostile_replies_raise_structured_output_errors(
    api: Api, server: RecordingServer
) -> None:
    for number, (content, finish, reason, field, rule) in enumerate(HOSTILE, start=1):
        queue(server, content, finish_reason=finish)
        with pytest.raises(errors.StructuredOutputError) as caught:
            await api.call("chat.parse", model=MODEL, messages=USER, response_format=Point)
        error = caught.value
        assert (error.reason, error.field, error.attempts) == (reason, field, 1), content
        assert rule in str(error)
        assert error.raw == (content or "")
        assert isinstance(error.completion, ChatCompletionResponse)
        assert len(server.requests) == number  # no re-ask unless asked for


async def test_markdown_fenced_json_is_accepted(api: Api, server: RecordingServer) -> None:
    queue(server, '```json\n{"x": 3, "y": 4}\n```')
    result = await api.call("chat.parse", model=MODEL, messages=USER, response_format=Point)
    assert result.parsed == Point(3, 4)


async def test_reask_sends_the_error_back_and_never_mutates_the_callers_messages(
    api: Api, server: RecordingServer
) -> None:
    queue(server, "not json", '{"x": "one", "y": 2}', '{"x": 1, "y": 2}')
    messages = copy.deepcopy(USER)
    result = await api.call(
        "chat.parse", model=MODEL, messages=messages, response_format=Point, max_reasks=2
    )
    assert result.parsed == Point(1, 2)
    assert messages == USER  # the caller's list is untouched
    assert result.attempts == 3
    assert (result.usage.prompt_tokens, result.usage.total_tokens) == (30, 45)
    sent = [request.json()["messages"] for request in server.requests]
    assert sent[0] == USER
    assert sent[1][:2] == [*USER, {"role": "assistant", "content": "not json"}]
    assert sent[1][2]["role"] == "user"
    assert "not JSON" in sent[1][2]["content"]
    # each re-ask carries only the latest failure, so prompts stay bounded
    assert sent[2][:2] == [*USER, {"role": "assistant", "content": '{"x": "one", "y": 2}'}]
    assert "$.x: must be an integer" in sent[2][2]["content"]
    assert len(sent[2]) == 3


async def test_reask_is_bounded(api: Api, server: RecordingServer) -> None:
    queue(server, "no", "still no", "never")
    with pytest.raises(errors.StructuredOutputError) as caught:
        await api.call(
            "chat.parse", model=MODEL, messages=USER, response_format=Point, max_reasks=1
        )
    assert caught.value.attempts == 2
    assert caught.value.raw == "still no"
    assert len(server.requests) == 2


async def test_an_empty_reply_is_reasked_without_an_empty_assistant_turn(
    api: Api, server: RecordingServer
) -> None:
    queue(server, "", '{"x": 0, "y": 0}')
    result = await api.call(
        "chat.parse", model=MODEL, messages=USER, response_format=Point, max_reasks=1
    )
    assert result.parsed == Point(0, 0)
    second = server.requests[1].json()["messages"]
    assert [m["role"] for m in second] == ["user", "user"]


BAD_ARGUMENTS: list[tuple[dict[str, Any], str]] = [
    ({"response_format": Point, "max_reasks": -1}, "max_reasks"),
    ({"response_format": Point, "max_reasks": True}, "max_reasks"),
    ({"response_format": Point, "strict": "yes"}, "strict"),
    ({"response_format": Point, "tools": []}, "tools"),
    ({"response_format": Point, "stream": True}, "stream"),
    ({"response_format": {"type": "text"}}, "response_format.type"),
    ({"response_format": {"type": "json_schema"}}, "response_format.json_schema.schema"),
    ({"response_format": None}, "response_format"),
    ({"response_format": Point, "temperature": 9}, "temperature"),
    ({"response_format": Point, "unknown": 1}, "unknown"),
]


async def test_bad_arguments_fail_before_any_request(api: Api, server: RecordingServer) -> None:
    for kwargs, field in BAD_ARGUMENTS:
        with pytest.raises(errors.RequestValidationError) as caught:
            await api.call("chat.parse", model=MODEL, messages=USER, **kwargs)
        assert caught.value.field == field
    assert server.requests == []


async def test_every_choice_is_parsed(api: Api, server: RecordingServer) -> None:
    body = completion('{"x": 1, "y": 1}')
    second = copy.deepcopy(body["choices"][0])
    second.update(index=1, message={"role": "assistant", "content": '{"x": 2, "y": 2}'})
    body["choices"].append(second)
    server.queue(Reply.json(body))
    result = await api.call("chat.parse", model=MODEL, messages=USER, response_format=Point, n=2)
    assert [c.message.parsed for c in result.choices] == [Point(1, 1), Point(2, 2)]


def test_parse_json_content_reads_completions_messages_and_strings() -> None:
    reply = ChatCompletionResponse.from_dict(completion('{"a": [1]}'))
    assert parse_json_content(reply) == {"a": [1]}
    assert parse_json_content(reply.choices[0]) == {"a": [1]}
    assert parse_json_content(reply.choices[0].message) == {"a": [1]}
    assert parse_json_content('"text"') == "text"
    chunks = ChatCompletionResponse.from_dict(
        completion(
            [
                {"type": "thinking", "thinking": [{"type": "text", "text": "hm"}]},
                {"type": "text", "text": '{"ok": true}'},
            ]
        )
    )
    assert parse_json_content(chunks) == {"ok": True}
    cut = ChatCompletionResponse.from_dict(completion('{"a": 1}', finish_reason="length"))
    with pytest.raises(errors.StructuredOutputError) as caught:
        parse_json_content(cut)
    assert caught.value.reason == "truncated"
    empty = ChatCompletionResponse.from_dict({**completion(""), "choices": []})
    with pytest.raises(errors.StructuredOutputError, match="no choices"):
        parse_json_content(empty)
    assert json.dumps(parse_json_content("[]")) == "[]"
