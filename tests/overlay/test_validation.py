"""The validation table: each rule raises RequestValidationError (a ValueError) naming the
field path and the rule, before a single byte is sent; and the valid edge cases are sent."""

from __future__ import annotations

import contextlib
import io
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mistral_client import errors
from tests.conftest import Api
from tests.support.server import RecordingServer, Reply

DROP = object()  # in chat(...): remove this argument

HELLO = [{"role": "user", "content": "Hello"}]
TOOL_CALL = {"id": "gSIMJiOkT", "function": {"name": "weather", "arguments": '{"city": "Paris"}'}}
WEATHER_TOOL = {
    "type": "function",
    "function": {"name": "weather", "parameters": {"type": "object", "properties": {}}},
}
CHAT_REPLY = {
    "id": "cf79f7daaee244b1a0ae5c7b1444424a",
    "object": "chat.completion",
    "model": "mistral-small-latest",
    "created": 1761720086,
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant"}}],
    "usage": {"prompt_tokens": 5, "total_tokens": 6, "completion_tokens": 1},
}


def chat(**changes: Any) -> dict[str, Any]:
    """chat.complete arguments: a valid call with `changes` applied (DROP removes one)."""
    base: dict[str, Any] = {"model": "mistral-small-latest", "messages": HELLO}
    merged = {**base, **changes}
    return {key: value for key, value in merged.items() if value is not DROP}


def conversation(*messages: Mapping[str, Any]) -> dict[str, Any]:
    return chat(messages=list(messages))


@dataclass(frozen=True)
class Bad:
    """A call that breaks one rule: `field` is the path the error names, `rule` a fragment
    of the rule text."""

    id: str
    method: str
    kwargs: Mapping[str, Any]
    field: str
    rule: str
    args: tuple[Any, ...] = ()
    marks: tuple[Any, ...] = ()


USER = {"role": "user", "content": "What's the weather in Paris?"}

CHAT_RULES = [
    Bad("model-empty", "chat.complete", chat(model=""), "model", "non-empty string"),
    Bad("model-blank", "chat.complete", chat(model="  "), "model", "non-empty string"),
    Bad("model-missing", "chat.complete", chat(model=DROP), "model", "non-empty string"),
    Bad("messages-missing", "chat.complete", chat(messages=DROP), "messages", "non-empty list"),
    Bad("messages-empty", "chat.complete", chat(messages=[]), "messages", "non-empty list"),
    Bad("messages-a-string", "chat.complete", chat(messages="Hello"), "messages", "list"),
    Bad("message-not-object", "chat.complete", chat(messages=["Hello"]), "messages[0]", "object"),
    Bad(
        "bad-role",
        "chat.complete",
        conversation(USER, {"role": "robot", "content": "beep"}),
        "messages[1].role",
        "must be one of 'system', 'user', 'assistant', 'tool'",
    ),
    Bad(
        "content-empty",
        "chat.complete",
        conversation({"role": "user", "content": ""}),
        "messages[0].content",
        "non-empty",
    ),
    Bad(
        "content-blank",
        "chat.complete",
        conversation({"role": "user", "content": "   "}),
        "messages[0].content",
        "blank",
    ),
    Bad(
        "content-missing",
        "chat.complete",
        conversation({"role": "system"}),
        "messages[0].content",
        "non-empty",
    ),
    Bad(
        "content-parts-empty",
        "chat.complete",
        conversation({"role": "user", "content": []}),
        "messages[0].content",
        "content parts",
    ),
    Bad(
        "text-part-not-a-string",
        "chat.complete",
        conversation({"role": "user", "content": [{"type": "text", "text": 42}]}),
        "messages[0].content[0].text",
        "must be a string",
    ),
    Bad(
        "image-url-without-url",
        "chat.complete",
        conversation({"role": "user", "content": [{"type": "image_url", "image_url": {}}]}),
        "messages[0].content[0].image_url.url",
        "non-empty string",
    ),
    Bad(
        "part-without-type",
        "chat.complete",
        conversation(
            {"role": "user", "content": [{"type": "text", "text": "Describe:"}, {"text": "x"}]}
        ),
        "messages[0].content[1].type",
        "is required",
    ),
    Bad(
        "tool-message-without-tool-call-id",
        "chat.complete",
        conversation(
            USER,
            {"role": "assistant", "content": "", "tool_calls": [TOOL_CALL]},
            {"role": "tool", "name": "weather", "content": '{"temp": 18}'},
        ),
        "messages[2].tool_call_id",
        "non-empty string",
    ),
    Bad(
        "tool-calls-on-a-user-message",
        "chat.complete",
        conversation({"role": "user", "content": "hi", "tool_calls": [TOOL_CALL]}),
        "messages[0].tool_calls",
        "only assistant",
    ),
    Bad(
        "tool-call-without-name",
        "chat.complete",
        conversation(
            USER,
            {"role": "assistant", "tool_calls": [{"id": "a1b2c3d4e", "function": {}}]},
        ),
        "messages[1].tool_calls[0].function.name",
        "non-empty string",
    ),
    Bad("temperature-below-0", "chat.complete", chat(temperature=-0.1), "temperature", "[0, 1.5]"),
    Bad("temperature-above-1.5", "chat.complete", chat(temperature=1.6), "temperature", "1.5]"),
    Bad("temperature-nan", "chat.complete", chat(temperature=math.nan), "temperature", "finite"),
    Bad("temperature-a-string", "chat.complete", chat(temperature="0.2"), "temperature", "number"),
    Bad("top-p-0", "chat.complete", chat(top_p=0), "top_p", "(0, 1]"),
    Bad("top-p-above-1", "chat.complete", chat(top_p=1.1), "top_p", "(0, 1]"),
    Bad("max-tokens-0", "chat.complete", chat(max_tokens=0), "max_tokens", ">= 1"),
    Bad("max-tokens-a-string", "chat.complete", chat(max_tokens="5"), "max_tokens", "whole"),
    Bad("max-tokens-a-bool", "chat.complete", chat(max_tokens=True), "max_tokens", "whole"),
    Bad("max-tokens-a-float", "chat.complete", chat(max_tokens=5.0), "max_tokens", "whole"),
    Bad("stop-empty-string", "chat.complete", chat(stop=""), "stop", "non-empty string"),
    Bad("stop-list-with-empty", "chat.complete", chat(stop=["END", ""]), "stop[1]", "non-empty"),
    Bad("stop-a-number", "chat.complete", chat(stop=5), "stop", "string or a list"),
    Bad("tools-not-a-list", "chat.complete", chat(tools=WEATHER_TOOL), "tools", "list of tools"),
    Bad(
        "tool-bad-type",
        "chat.complete",
        chat(tools=[{**WEATHER_TOOL, "type": "retrieval"}]),
        "tools[0].type",
        "must be one of 'function'",
    ),
    Bad(
        "tool-without-function-name",
        "chat.complete",
        chat(tools=[{"type": "function", "function": {"parameters": {}}}]),
        "tools[0].function.name",
        "non-empty string",
    ),
    Bad(
        "tool-choice-bad-mode",
        "chat.complete",
        chat(tools=[WEATHER_TOOL], tool_choice="sometimes"),
        "tool_choice",
        "must be one of 'auto', 'none', 'any', 'required'",
    ),
    Bad(
        "tool-choice-without-name",
        "chat.complete",
        chat(tools=[WEATHER_TOOL], tool_choice={"type": "function", "function": {}}),
        "tool_choice.function.name",
        "non-empty string",
    ),
    Bad(
        "response-format-bad-type",
        "chat.complete",
        chat(response_format={"type": "xml"}),
        "response_format.type",
        "must be one of 'text', 'json_object', 'json_schema'",
    ),
    Bad(
        "response-format-without-type",
        "chat.complete",
        chat(response_format={}),
        "response_format.type",
        "is required",
    ),
    Bad(
        "json-schema-without-name",
        "chat.complete",
        chat(response_format={"type": "json_schema", "json_schema": {"schema": {}}}),
        "response_format.json_schema.name",
        "non-empty string",
    ),
    Bad(
        "json-schema-without-schema",
        "chat.complete",
        chat(response_format={"type": "json_schema", "json_schema": {"name": "city"}}),
        "response_format.json_schema.schema",
        "object",
    ),
    Bad(
        "json-schema-missing",
        "chat.complete",
        chat(response_format={"type": "json_schema"}),
        "response_format.json_schema",
        "object",
    ),
    Bad("chat-stream", "chat.complete", chat(stream=True), "stream", "streaming"),
    Bad(
        "fim-stream",
        "fim.complete",
        {"model": "codestral-latest", "prompt": "def f(", "stream": True},
        "stream",
        "streaming",
    ),
    Bad(
        "agents-stream",
        "agents.complete",
        {"agent_id": "ag_1", "messages": HELLO, "stream": True},
        "stream",
        "streaming",
    ),
    Bad(
        "unknown-argument",
        "chat.complete",
        chat(temprature=0.2),
        "temprature",
        "extra_body",
    ),
    Bad("unknown-argument-no-params", "models.list", {"limit": 5}, "limit", "extra_body"),
]

OTHER_RULES = [
    Bad("fim-prompt-missing", "fim.complete", {"model": "codestral-latest"}, "prompt", "string"),
    Bad(
        "fim-top-p-0",
        "fim.complete",
        {"model": "codestral-latest", "prompt": "def", "top_p": 0},
        "top_p",
        "(0, 1]",
    ),
    Bad("agents-complete-no-id", "agents.complete", {"messages": HELLO}, "agent_id", "non-empty"),
    Bad(
        "agents-complete-no-messages",
        "agents.complete",
        {"agent_id": "ag_1"},
        "messages",
        "non-empty list",
    ),
    Bad(
        "embeddings-input-empty-string",
        "embeddings.create",
        {"model": "mistral-embed", "input": ""},
        "input",
        "non-empty string",
    ),
    Bad(
        "embeddings-input-empty-list",
        "embeddings.create",
        {"model": "mistral-embed", "input": []},
        "input",
        "non-empty list",
    ),
    Bad(
        "embeddings-input-list-with-empty",
        "embeddings.create",
        {"model": "mistral-embed", "input": ["ok", ""]},
        "input[1]",
        "non-empty string",
    ),
    Bad(
        "embeddings-model-missing",
        "embeddings.create",
        {"input": "hello"},
        "model",
        "non-empty string",
    ),
    Bad(
        "embeddings-encoding-format",
        "embeddings.create",
        {"model": "mistral-embed", "input": "hello", "encoding_format": "base32"},
        "encoding_format",
        "must be one of 'float', 'base64'",
    ),
    Bad(
        "moderate-input-empty",
        "classifiers.moderate",
        {"model": "mistral-moderation-latest", "input": ""},
        "input",
        "non-empty",
    ),
    Bad(
        "moderate-chat-input-empty",
        "classifiers.moderate_chat",
        {"model": "mistral-moderation-latest", "input": []},
        "input",
        "non-empty list",
    ),
    Bad(
        "classify-chat-without-messages",
        "classifiers.classify_chat",
        {"model": "ft:classifier:x", "input": {}},
        "input.messages",
        "non-empty list",
    ),
    Bad(
        "files-upload-purpose",
        "files.upload",
        {"file": b"{}\n", "purpose": "training"},
        "purpose",
        "must be one of 'batch', 'fine-tune', 'ocr'",
    ),
    Bad("files-upload-no-file", "files.upload", {"purpose": "batch"}, "file", "is required"),
    Bad(
        "files-upload-extra-body",
        "files.upload",
        {"file": b"{}\n", "purpose": "batch", "extra_body": {"x": 1}},
        "extra_body",
        "form",
    ),
    Bad("files-list-purpose", "files.list", {"purpose": "training"}, "purpose", "must be one of"),
    Bad(
        "files-list-sample-type",
        "files.list",
        {"sample_type": "chat"},
        "sample_type[0]",
        "'instruct'",
    ),
    Bad("files-list-source", "files.list", {"source": ["web"]}, "source[0]", "'upload'"),
    Bad("files-list-page-negative", "files.list", {"page": -1}, "page", ">= 0"),
    Bad("files-list-page-size-0", "files.list", {"page_size": 0}, "page_size", ">= 1"),
    Bad(
        "jobs-list-status",
        "fine_tuning.jobs.list",
        {"status": "running"},
        "status",
        "'RUNNING'",
    ),
    Bad("batch-list-status", "batch.jobs.list", {"status": "DONE"}, "status[0]", "'SUCCESS'"),
    Bad(
        "batch-endpoint",
        "batch.jobs.create",
        {"input_files": ["f1"], "endpoint": "/v1/completions", "model": "mistral-small-latest"},
        "endpoint",
        "'/v1/chat/completions'",
    ),
    Bad(
        "batch-without-model-or-agent",
        "batch.jobs.create",
        {"input_files": ["f1"], "endpoint": "/v1/chat/completions"},
        "model",
        "agent_id",
    ),
    Bad(
        "batch-metadata-not-strings",
        "batch.jobs.create",
        {
            "input_files": ["f1"],
            "endpoint": "/v1/chat/completions",
            "model": "mistral-small-latest",
            "metadata": {"run": 7},
        },
        "metadata.run",
        "must be a string",
    ),
    Bad(
        "jobs-training-files-empty",
        "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "training_files": [], "hyperparameters": {}},
        "training_files",
        "non-empty",
    ),
    Bad(
        "jobs-training-file-id-empty",
        "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "training_files": [""], "hyperparameters": {}},
        "training_files[0]",
        "non-empty",
    ),
    Bad(
        "jobs-without-hyperparameters",
        "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "training_files": ["f1"]},
        "hyperparameters",
        "required",
    ),
    Bad(
        "jobs-dry-run-not-a-bool",
        "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "hyperparameters": {}, "dry_run": "yes"},
        "dry_run",
        "true or false",
    ),
    Bad("timeout-negative", "models.list", {"timeout": -1}, "timeout", "> 0"),
    Bad("timeout-nan", "chat.complete", chat(timeout=math.nan), "timeout", "finite"),
    Bad("timeout-a-string", "models.list", {"timeout": "5"}, "timeout", "number of seconds"),
    Bad("max-retries-negative", "models.list", {"max_retries": -1}, "max_retries", ">= 0"),
    Bad(
        "authorization-override",
        "models.list",
        {"extra_headers": {"Authorization": "Bearer other-key"}},
        "extra_headers.Authorization",
        "cannot be overridden",
    ),
    Bad(
        "authorization-override-lowercase",
        "chat.complete",
        chat(extra_headers={"authorization": "Bearer other-key"}),
        "extra_headers.Authorization",
        "cannot be overridden",
    ),
    Bad(
        "extra-body-without-json-body",
        "files.retrieve",
        {"extra_body": {"x": 1}},
        "extra_body",
        "no JSON body",
        args=("file-1",),
    ),
]

# Every method that takes an id in its path; "" must never turn retrieve into a list call.
PATH_ID_METHODS = {
    "files.retrieve": "file_id",
    "files.delete": "file_id",
    "files.download": "file_id",
    "files.get_signed_url": "file_id",
    "models.retrieve": "model_id",
    "models.delete": "model_id",
    "models.update": "model_id",
    "models.archive": "model_id",
    "models.unarchive": "model_id",
    "fine_tuning.jobs.get": "job_id",
    "fine_tuning.jobs.cancel": "job_id",
    "fine_tuning.jobs.start": "job_id",
    "agents.get": "agent_id",
    "agents.update": "agent_id",
    "agents.delete": "agent_id",
    "batch.jobs.get": "job_id",
    "batch.jobs.cancel": "job_id",
}
PATH_ID_RULES = [
    Bad(f"{method}-{label}", method, {}, id_field, rule, args=(bad_id,))
    for method, id_field in PATH_ID_METHODS.items()
    for label, bad_id, rule in [
        ("empty-id", "", "non-empty string"),
        ("padded-id", " x", "white space"),
        ("none-id", None, "non-empty string"),
    ]
]

RULES = CHAT_RULES + OTHER_RULES + PATH_ID_RULES


async def assert_refused(
    api: Api,
    server: RecordingServer,
    method: str,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> errors.RequestValidationError:
    """The call raises RequestValidationError and nothing reaches the server."""
    with pytest.raises(errors.RequestValidationError) as caught:
        await api.call(method, *args, **kwargs)
    assert isinstance(caught.value, ValueError)
    assert server.requests == []
    return caught.value


@pytest.mark.parametrize("bad", [pytest.param(bad, id=bad.id, marks=bad.marks) for bad in RULES])
async def test_rule_refuses_before_sending(api: Api, server: RecordingServer, bad: Bad) -> None:
    server.queue(Reply.json(CHAT_REPLY))  # what a wrongly sent request would get

    error = await assert_refused(api, server, bad.method, bad.args, bad.kwargs)

    assert error.field == bad.field
    assert bad.rule in error.rule
    assert str(error) == f"{bad.field}: {error.rule}"


# --- the `file` argument of files.upload --------------------------------------------------------


def _text_file(folder: Path, stack: contextlib.ExitStack) -> Any:
    path = folder / "train.jsonl"
    path.write_text('{"messages": []}\n', encoding="utf-8")
    return stack.enter_context(path.open(encoding="utf-8"))


@dataclass(frozen=True)
class BadFile:
    id: str
    make: Callable[[Path, contextlib.ExitStack], Any]
    rule: str
    marks: tuple[Any, ...] = ()


BAD_FILES = [
    BadFile("missing-path", lambda d, _: d / "missing.jsonl", "not a readable file"),
    BadFile("missing-str-path", lambda d, _: str(d / "missing.jsonl"), "not a readable file"),
    BadFile("a-folder", lambda d, _: d, "not a readable file"),
    BadFile("text-mode-file", _text_file, "binary mode"),
    BadFile(
        "string-io",
        lambda d, _: io.StringIO('{"messages": []}\n'),
        "binary mode",
    ),
    BadFile("a-number", lambda d, _: 42, "must be a path, bytes"),
    BadFile("tuple-without-name", lambda d, _: ("", b"{}\n"), "(filename, content"),
    BadFile("tuple-with-text", lambda d, _: ("a.jsonl", "{}\n"), "bytes or a binary file"),
]


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.id, marks=b.marks) for b in BAD_FILES])
async def test_upload_refuses_bad_file(
    api: Api, server: RecordingServer, tmp_path: Path, bad: BadFile
) -> None:
    with contextlib.ExitStack() as stack:
        file = bad.make(tmp_path, stack)
        error = await assert_refused(api, server, "files.upload", (), {"file": file})
    assert error.field == "file"
    assert bad.rule in error.rule


# --- valid edge cases are sent, unchanged -------------------------------------------------------

ACCEPTED = {
    "assistant-tool-calls-without-content": conversation(
        USER,
        {"role": "assistant", "tool_calls": [TOOL_CALL]},
        {"role": "tool", "tool_call_id": "gSIMJiOkT", "name": "weather", "content": "18C"},
    ),
    "assistant-tool-calls-empty-content": conversation(
        USER,
        {"role": "assistant", "content": "", "tool_calls": [TOOL_CALL]},
        {"role": "tool", "tool_call_id": "gSIMJiOkT", "content": '{"temp": 18}'},
    ),
    "content-parts": conversation(
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these pictures?"},
                {"type": "image_url", "image_url": "https://example.com/a.png"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                {"type": "document_url", "document_url": "https://example.com/a.pdf"},
            ],
        }
    ),
    "temperature-0": chat(temperature=0),
    "temperature-1.5": chat(temperature=1.5),
    "top-p-1": chat(top_p=1),
    "max-tokens-1": chat(max_tokens=1),
    "stop-string": chat(stop="END"),
    "stop-list": chat(stop=["\n\n", "END"]),
    "tool-choice-function": chat(
        tools=[WEATHER_TOOL], tool_choice={"type": "function", "function": {"name": "weather"}}
    ),
    "json-schema": chat(
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "city", "schema": {"type": "object"}, "strict": True},
        }
    ),
    "stream-false": chat(stream=False),
}


@pytest.mark.parametrize("kwargs", list(ACCEPTED.values()), ids=list(ACCEPTED))
async def test_valid_edge_case_is_sent_as_given(
    api: Api, server: RecordingServer, kwargs: dict[str, Any]
) -> None:
    server.queue(Reply.json(CHAT_REPLY))
    reply = await api.call("chat.complete", **kwargs)
    assert reply.id == CHAT_REPLY["id"]
    assert len(server.requests) == 1
    assert json.loads(server.requests[0].body) == kwargs
