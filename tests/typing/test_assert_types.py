"""The types users meet on the common paths, checked by mypy (`assert_type`) and at run time.

`make typecheck` runs mypy --strict on this file: each `assert_type` is a static claim about
the public surface (no `Unset` on fields the API always sends, helpers typed precisely). The
tests run the same code against the emulator, so the claims hold for real objects too.
"""

from __future__ import annotations

import base64
import struct
from typing import Any, assert_type

import pytest

from mistral_client import Mistral, errors
from mistral_client.models import (
    UNSET,
    Base64EmbeddingData,
    Base64EmbeddingResponse,
    ChatCompletionMessage,
    ChatCompletionResponse,
    ContentChunk,
    FinishReason,
    FunctionCall,
    JobStatus,
    MessageRole,
    TextChunk,
    ThinkChunk,
    ToolCall,
    Unset,
)
from mistral_client.testing import MistralEmulator
from tests.typing.readme_service import WEATHER_TOOL

MODEL = "mistral-small-latest"
HELLO: list[dict[str, Any]] = [{"role": "user", "content": "Hello from Lyon"}]


@pytest.fixture
def client(mistral_emulator: MistralEmulator) -> Mistral:
    return Mistral(api_key="k", base_url=mistral_emulator.base_url, max_retries=0)


def test_completion_fields_are_never_unset(client: Mistral) -> None:
    reply = client.chat.complete(model=MODEL, messages=HELLO)
    assert_type(reply.id, str)
    assert_type(reply.object_, str)
    assert_type(reply.created, int)
    assert_type(reply.model, str)
    assert_type(reply.usage.prompt_tokens, int)
    assert_type(reply.usage.completion_tokens, int)
    assert_type(reply.usage.total_tokens, int)
    choice = reply.choices[0]
    assert_type(choice.index, int)
    assert_type(choice.finish_reason, FinishReason | str | None)
    message = choice.message
    assert_type(message, ChatCompletionMessage)
    assert_type(message.role, MessageRole | str)
    assert_type(message.content, list[ContentChunk] | str | Unset | None)
    assert_type(reply.text, str)
    assert_type(message.text, str)
    assert reply.text == message.content
    assert "Lyon" in reply.text
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert message.role == "assistant"
    assert reply.tool_calls == []


def test_tool_calls_are_a_list_and_arguments_parse(client: Mistral) -> None:
    reply = client.chat.complete(
        model=MODEL, messages=HELLO, tools=[WEATHER_TOOL], tool_choice="any"
    )
    assert_type(reply.tool_calls, list[ToolCall])
    assert_type(reply.message.tool_calls, list[ToolCall])
    assert reply.message.tool_calls == reply.tool_calls
    call = reply.tool_calls[0]
    assert_type(call.function, FunctionCall)
    assert_type(call.function.name, str)
    arguments = call.arguments_json()
    assert_type(arguments, dict[str, Any])
    assert call.function.name == "get_weather"
    assert isinstance(arguments["city"], str)
    assert reply.text == ""  # a tool-only answer has no text, not a None to check for


def test_message_tool_calls_is_a_list_whatever_the_api_sent() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    for wire, expected in (({}, 0), ({"tool_calls": None}, 0), ({"tool_calls": [call]}, 1)):
        message = ChatCompletionMessage.from_dict({"role": "assistant", "content": "x"} | wire)
        assert_type(message.tool_calls, list[ToolCall])
        assert isinstance(message.tool_calls, list)
        assert len(message.tool_calls) == expected
        # Sent back as history, a message without calls carries no `tool_calls: []`.
        assert ("tool_calls" in message.to_dict()) is bool(expected)
    assert ChatCompletionMessage(role="assistant").tool_calls == []


def test_bad_arguments_raise_a_typed_error() -> None:
    for raw, rule in (("{not json", "not valid JSON"), ("[1, 2]", "not a JSON object")):
        call = ToolCall(function=FunctionCall(name="get_weather", arguments=raw))
        with pytest.raises(errors.ToolArgumentsError, match=rule) as caught:
            call.arguments_json()
        assert caught.value.raw == raw
        assert caught.value.tool_name == "get_weather"
        assert isinstance(caught.value, errors.MistralError)
    assert FunctionCall(name="f", arguments={"a": 1}).arguments_json() == {"a": 1}
    assert FunctionCall(name="f", arguments="").arguments_json() == {}


def test_text_joins_text_parts_and_leaves_thinking_out() -> None:
    thinking = ThinkChunk(thinking=[TextChunk(text="hmm")])
    message = ChatCompletionMessage(
        role="assistant", content=[thinking, TextChunk(text="Brie, "), TextChunk(text="Comté")]
    )
    assert message.text == "Brie, Comté"
    assert ChatCompletionMessage(role="assistant", content=None).text == ""
    assert ChatCompletionMessage(role="assistant").text == ""
    empty = ChatCompletionResponse.from_dict(
        {"id": "x", "object": "chat.completion", "created": 0, "model": MODEL, "choices": []}
        | {"usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}
    )
    assert empty.text == ""
    assert empty.tool_calls == []
    with pytest.raises(errors.ResponseValidationError):
        _ = empty.message


def test_embeddings_are_float_lists(client: Mistral) -> None:
    result = client.embeddings.create(model="mistral-embed", input=["a", "b"])
    assert_type(result.vectors, list[list[float]])
    assert_type(result.data[0].floats, list[float])
    first, _second = result.vectors
    assert len(first) == 1024
    assert all(isinstance(x, float) for x in first)
    packed = base64.b64encode(struct.pack("<3f", 0.5, -1.0, 2.0)).decode()
    assert Base64EmbeddingData(object_="embedding", embedding=packed, index=0).floats == [
        0.5,
        -1.0,
        2.0,
    ]
    encoded = client.embeddings.create(model="mistral-embed", input="a", encoding_format="base64")
    assert_type(encoded, Base64EmbeddingResponse)
    assert_type(encoded.data[0].embedding, str)
    assert_type(result.data[0].embedding, list[float])  # the default: no `| str`
    assert encoded.vectors[0] == pytest.approx(
        client.embeddings.create(model="mistral-embed", input="a").vectors[0]
    )


def test_job_fields(client: Mistral, mistral_emulator: MistralEmulator) -> None:
    line = (
        b'{"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}\n'
    )
    training = client.files.upload(file=("t.jsonl", line), purpose="fine-tune")
    assert_type(training.id, str)
    assert_type(training.bytes_, int)
    assert_type(training.created_at, int)
    job = client.fine_tuning.jobs.create(
        model="open-mistral-nemo",
        training_files=[training.id],
        hyperparameters={"training_steps": 1},
    )
    assert_type(job.id, str)
    assert_type(job.status, JobStatus | str)
    assert_type(job.model, str)
    assert_type(job.training_files, list[str])
    assert job.status == JobStatus.QUEUED
    assert job.training_files == [training.id]
    page = client.fine_tuning.jobs.list()
    assert_type(page.data[0].id, str)
    assert [j.id for j in page.data] == [job.id]


def test_model_dump_is_to_dict(client: Mistral) -> None:
    reply = client.chat.complete(model=MODEL, messages=HELLO)
    assert_type(reply.model_dump(), dict[str, Any])
    assert reply.model_dump() == reply.to_dict()
    assert '"object": "chat.completion"' in reply.model_dump_json()
    assert UNSET is not None
    assert not UNSET
