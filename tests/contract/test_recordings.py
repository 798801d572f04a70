"""Contract tests: real Mistral API traffic (tests/contract/cassettes) through the public client.

Every cassette is replayed with `vcr.VCR(record_mode="none")` against the default base URL
https://api.mistral.ai: vcrpy answers inside httpx's transport, so nothing leaves the process
(sockets are blocked for good measure) and each test asserts its cassette was played.
"""

from __future__ import annotations

import json
import math
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import vcr  # type: ignore[import-untyped]
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException  # type: ignore[import-untyped]

from mistral_client import AsyncMistral, Mistral, errors
from mistral_client.models import (
    UNSET,
    BatchJobList,
    ChatCompletionResponse,
    CompletionChunk,
    DeleteFileResponse,
    EmbeddingResponse,
    FileList,
    FileObject,
    ModelCard,
    ModelList,
    ModerationResponse,
    Unset,
)
from tests.conftest import CANARY_KEY, Api

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = Path(__file__).parent / "cassettes"
README = Path(__file__).parent / "README.md"
RECORDINGS = ROOT.parent / "shared" / "recordings"
API = "https://api.mistral.ai"
HELLO = [{"role": "user", "content": "Hello"}]


def cassette_path(name: str) -> Path:
    return CASSETTES / f"{name}.yaml"


def all_cassettes() -> list[str]:
    return sorted(str(p.relative_to(CASSETTES).with_suffix("")) for p in CASSETTES.rglob("*.yaml"))


def interaction(name: str) -> dict[str, Any]:
    data = yaml.safe_load(cassette_path(name).read_text(encoding="utf-8"))
    interactions: list[dict[str, Any]] = data["interactions"]
    return interactions[0]


def recorded_body(name: str) -> str:
    body: str = interaction(name)["response"]["body"]["string"]
    return body


def recorded_json(name: str) -> Any:
    return json.loads(recorded_body(name))


T = TypeVar("T")


def present(value: T | Unset) -> T:
    """The value of an optional response field the recording does carry."""
    assert not isinstance(value, Unset)
    return value


class NetworkUsedError(AssertionError):
    """A test tried to open a real connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cassettes only: any DNS lookup or connect fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkUsedError(f"network used: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.delenv("MISTRAL_BASE_URL", raising=False)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


async def call(mode: str, dotted: str, *args: Any, **kwargs: Any) -> Any:
    """Call a method on a fresh public client with the default base URL (no retries)."""
    if mode == "sync":
        with Mistral(api_key=CANARY_KEY, max_retries=0) as client:
            assert client.base_url == API
            return await Api(client).call(dotted, *args, **kwargs)
    async with AsyncMistral(api_key=CANARY_KEY, max_retries=0) as aclient:
        assert aclient.base_url == API
        return await Api(aclient).call(dotted, *args, **kwargs)


DEFAULT_MATCH = ("method", "scheme", "host", "port", "path", "query")


async def replay(
    name: str,
    mode: str,
    dotted: str,
    *args: Any,
    match_on: tuple[str, ...] = DEFAULT_MATCH,
    **kwargs: Any,
) -> Any:
    """The result of the call replayed from cassette `name`, or the MistralError it raised.

    Asserts the cassette's one interaction was played exactly once.
    """
    recorder = vcr.VCR(record_mode="none", match_on=match_on)
    with recorder.use_cassette(str(cassette_path(name))) as cassette:
        try:
            result = await call(mode, dotted, *args, **kwargs)
        except errors.MistralError as exc:
            result = exc
        assert cassette.play_count == 1
        assert cassette.all_played
    return result


# --- success cassettes: parsed fields -------------------------------------------------


def check_chat_plain(reply: Any, raw: Any) -> None:
    assert isinstance(reply, ChatCompletionResponse)
    assert re.fullmatch(r"[0-9a-f]{32}", reply.id)
    assert reply.id == raw["id"] == "e9459fcd56c742e0875167c9926c6aae"
    assert reply.model == "mistral-tiny"
    assert reply.object_ == "chat.completion"
    choice = reply.choices[0]
    assert choice.message.content == raw["choices"][0]["message"]["content"]
    assert isinstance(choice.message.content, str)
    assert choice.message.content.startswith("Here's a light-hearted, tech-themed joke")
    assert choice.message.tool_calls == []  # the API sent null
    assert choice.finish_reason == "stop"
    usage = present(reply.usage)
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (11, 96, 107)


def check_tool_call(reply: Any, raw: Any) -> None:
    assert isinstance(reply, ChatCompletionResponse)
    assert reply.id == "b3999b8c93e04e11bcbff7bcab829667"
    message = reply.choices[0].message
    assert message.content is UNSET  # the recording has no `content` key at all
    assert isinstance(message.tool_calls, list)
    assert len(message.tool_calls) == 1
    tool_call = message.tool_calls[0]
    assert tool_call.function.name == "weather"
    assert isinstance(tool_call.function.arguments, str)
    assert json.loads(tool_call.function.arguments) == {"location": "San Francisco"}
    assert tool_call.type_ is UNSET  # `type` absent in the recording, and that is fine
    assert isinstance(tool_call.id, str)
    assert re.fullmatch(r"[A-Za-z0-9]{9}", tool_call.id)
    assert reply.choices[0].finish_reason == "tool_calls"
    usage = present(reply.usage)
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (124, 22, 146)


def check_fim(reply: Any, raw: Any) -> None:
    assert isinstance(reply, ChatCompletionResponse)
    assert reply.object_ == "chat.completion"  # FIM answers in the chat shape
    assert reply.model == "codestral-latest"
    content = reply.choices[0].message.content
    assert content == raw["choices"][0]["message"]["content"]
    assert isinstance(content, str)
    assert content.startswith("n: int) -> int:\n")
    assert reply.choices[0].message.tool_calls == []
    assert reply.choices[0].finish_reason == "stop"
    usage = present(reply.usage)
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (8, 86, 94)


def check_embeddings(reply: Any, raw: Any) -> None:
    assert isinstance(reply, EmbeddingResponse)
    assert reply.model == "mistral-embed"
    assert len(reply.data) == 1
    vector = reply.data[0].embedding
    assert len(vector) == 1024
    assert all(isinstance(value, float) and math.isfinite(value) for value in vector)
    assert vector == raw["data"][0]["embedding"]
    assert reply.data[0].index == 0
    usage = present(reply.usage)
    assert (usage.prompt_tokens, usage.total_tokens) == (10, 10)


def check_models(reply: Any, raw: Any) -> None:
    assert isinstance(reply, ModelList)
    assert len(reply.data) == len(raw["data"]) == 68
    assert [card.id for card in reply.data] == [entry["id"] for entry in raw["data"]]
    for card, entry in zip(reply.data, raw["data"], strict=True):
        assert isinstance(card, ModelCard)
        capabilities = present(card.capabilities)
        for name in ("ocr", "classification", "moderation", "audio", "vision"):
            assert getattr(capabilities, name) is entry["capabilities"][name], (card.id, name)
        assert capabilities.completion_chat is entry["capabilities"]["completion_chat"]
        assert card.deprecation is None or isinstance(card.deprecation, str)
        assert card.deprecation == entry["deprecation"]
        assert card.default_model_temperature == entry["default_model_temperature"]
        assert card.aliases == entry["aliases"]
    by_id = {card.id: card for card in reply.data}
    capabilities_of = [present(card.capabilities) for card in reply.data]
    assert sum(c.ocr is True for c in capabilities_of) == 3
    assert sum(c.moderation is True for c in capabilities_of) == 2
    assert sum(c.audio is True for c in capabilities_of) == 4
    assert by_id["devstral-small-2505"].deprecation == "2025-11-30T12:00:00Z"
    assert by_id["mistral-medium-2508"].aliases == ["mistral-medium-latest", "mistral-medium"]


def check_file_upload(reply: Any, raw: Any) -> None:
    assert isinstance(reply, FileObject)
    assert reply.id == "ed3e56f8-8df4-4548-a5bc-a4e07ff29d09"
    assert reply.bytes_ == 409
    assert reply.filename == "mistral_test_D2Ip0s"
    assert reply.purpose == "fine-tune"
    assert reply.sample_type == "instruct"
    assert reply.num_lines == 2
    assert reply.mimetype == "application/jsonl"
    assert reply.source == "upload"
    assert reply.signature == "3beec71e34a4af0f"


def check_file_list(reply: Any, raw: Any) -> None:
    assert isinstance(reply, FileList)
    assert reply.total == 3
    assert [f.id for f in reply.data] == [entry["id"] for entry in raw["data"]]
    assert [f.purpose for f in reply.data] == ["batch", "batch", "fine-tune"]
    assert [f.sample_type for f in reply.data] == ["batch_request", "batch_request", "instruct"]
    assert all(isinstance(f, FileObject) for f in reply.data)


def check_file_retrieve(reply: Any, raw: Any) -> None:
    assert isinstance(reply, FileObject)
    assert reply.id == "615c701a-38f0-4101-9765-649919412a7c"
    assert reply.deleted is False
    assert reply.filename == "training-data.jsonl"
    assert reply.bytes_ == 865


def check_file_delete(reply: Any, raw: Any) -> None:
    assert isinstance(reply, DeleteFileResponse)
    assert reply.id == "ed3e56f8-8df4-4548-a5bc-a4e07ff29d09"
    assert reply.deleted is True
    assert reply.object_ == "file"


def check_batch_list(reply: Any, raw: Any) -> None:
    assert isinstance(reply, BatchJobList)
    assert reply.total == 1
    job = reply.data[0]
    assert job.id == "877443e6-c853-4846-9857-6e4e0ab932f4"
    assert job.status == "RUNNING"
    assert (job.total_requests, job.completed_requests) == (3, 0)
    assert (job.succeeded_requests, job.failed_requests) == (0, 0)
    assert job.input_files == ["92eceef6-84a2-4bc4-a064-ab6b6ec5b9a2"]
    assert job.endpoint == "/v1/chat/completions"
    assert job.errors == []
    assert job.started_at == 1761710171
    assert job.completed_at is None


def check_moderation(reply: Any, raw: Any) -> None:
    assert isinstance(reply, ModerationResponse)
    assert reply.model == "mistral-moderation-latest"
    result = reply.results[0]
    categories = present(result.categories).to_dict()
    assert categories["violence_and_threats"] is True
    assert [name for name, flagged in categories.items() if flagged] == ["violence_and_threats"]
    scores = present(result.category_scores).to_dict()
    assert len(scores) == 9
    assert all(isinstance(score, float) for score in scores.values())
    assert scores == raw["results"][0]["category_scores"]
    usage = present(reply.usage)
    assert usage.request_count == 1
    # Every key the API sent survives, including the ones no doc lists.
    assert usage.to_dict() == raw["usage"]


@dataclass(frozen=True)
class SuccessCase:
    cassette: str
    method: str
    check: Callable[[Any, Any], None]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


SUCCESS = [
    SuccessCase(
        "openllmetry/chat_completions__plain__mistral-tiny",
        "chat.complete",
        check_chat_plain,
        kwargs={"model": "mistral-tiny", "messages": HELLO},
    ),
    SuccessCase(
        "openllmetry/embeddings__single_input__mistral-embed",
        "embeddings.create",
        check_embeddings,
        kwargs={"model": "mistral-embed", "input": "Tell me a joke about OpenTelemetry"},
    ),
    SuccessCase(
        "vercel-ai/chat_completions__tool_call__mistral-small-latest",
        "chat.complete",
        check_tool_call,
        kwargs={"model": "mistral-small-latest", "messages": HELLO},
    ),
    SuccessCase(
        "helgesverre-mistral/fim_completions__plain__codestral-latest",
        "fim.complete",
        check_fim,
        kwargs={"model": "codestral-latest", "prompt": "def fibonacci("},
    ),
    SuccessCase("helgesverre-mistral/models__list__2025-10", "models.list", check_models),
    SuccessCase(
        "helgesverre-mistral/files__upload__fine-tune_jsonl",
        "files.upload",
        check_file_upload,
        kwargs={
            "file": ("mistral_test_D2Ip0s", b'{"messages": []}\n'),
            "purpose": "fine-tune",
        },
    ),
    SuccessCase("helgesverre-mistral/files__list", "files.list", check_file_list),
    SuccessCase(
        "helgesverre-mistral/files__retrieve",
        "files.retrieve",
        check_file_retrieve,
        args=("615c701a-38f0-4101-9765-649919412a7c",),
    ),
    SuccessCase(
        "helgesverre-mistral/files__delete",
        "files.delete",
        check_file_delete,
        args=("ed3e56f8-8df4-4548-a5bc-a4e07ff29d09",),
    ),
    SuccessCase(
        "helgesverre-mistral/batch_jobs__list__headers_trimmed", "batch.jobs.list", check_batch_list
    ),
    SuccessCase(
        "helgesverre-mistral/moderations__text_flagged_violence__mistral-moderation-latest",
        "classifiers.moderate",
        check_moderation,
        kwargs={"model": "mistral-moderation-latest", "input": "I will hurt you"},
    ),
]


@pytest.mark.parametrize("case", SUCCESS, ids=[c.cassette for c in SUCCESS])
async def test_success_cassette_parses_through_the_client(case: SuccessCase, mode: str) -> None:
    reply = await replay(case.cassette, mode, case.method, *case.args, **case.kwargs)
    assert not isinstance(reply, errors.MistralError), reply
    case.check(reply, recorded_json(case.cassette))


async def test_raw_response_exposes_recorded_request_id_and_rate_limits(mode: str) -> None:
    name = "openllmetry/chat_completions__plain__mistral-tiny"
    recorder = vcr.VCR(record_mode="none")
    with recorder.use_cassette(str(cassette_path(name))) as cassette:
        if mode == "sync":
            with Mistral(api_key=CANARY_KEY, max_retries=0) as client:
                raw: Any = client.with_raw_response(
                    client.chat.complete, model="mistral-tiny", messages=HELLO
                )
        else:
            async with AsyncMistral(api_key=CANARY_KEY, max_retries=0) as aclient:
                raw = await aclient.with_raw_response(
                    aclient.chat.complete, model="mistral-tiny", messages=HELLO
                )
        assert cassette.play_count == 1
    assert raw.status_code == 200
    assert raw.request_id == "019942a1-458a-784d-9a7f-3de014a0f459"
    assert raw.headers["x-ratelimit-remaining-tokens-minute"] == "1999893"
    assert raw.url == f"{API}/v1/chat/completions"
    assert isinstance(raw.parsed, ChatCompletionResponse)


# --- the requests the client sends match the recorded ones -------------------------------

BODY_MATCH = ("method", "path", "body")

REQUEST_CASES = [
    pytest.param(
        "openllmetry/chat_completions__plain__mistral-tiny",
        "chat.complete",
        {
            "model": "mistral-tiny",
            "messages": [{"role": "user", "content": "Tell me a joke about OpenTelemetry"}],
            "stream": False,
        },
        {"model": "mistral-tiny", "messages": [{"role": "user", "content": "A different joke"}]},
        id="chat-plain",
    ),
    pytest.param(
        "openllmetry/embeddings__single_input__mistral-embed",
        "embeddings.create",
        {"model": "mistral-embed", "input": "Tell me a joke about OpenTelemetry"},
        {"model": "mistral-embed", "input": ["Tell me a joke about OpenTelemetry"]},
        id="embeddings",
    ),
]


@pytest.mark.parametrize(("name", "method", "kwargs", "other"), REQUEST_CASES)
async def test_client_sends_the_recorded_request(
    name: str, method: str, kwargs: dict[str, Any], other: dict[str, Any], mode: str
) -> None:
    recorded = interaction(name)["request"]
    assert recorded["body"] is not None
    assert recorded["uri"].startswith(f"{API}/v1/")
    reply = await replay(name, mode, method, match_on=BODY_MATCH, **kwargs)
    assert not isinstance(reply, errors.MistralError)
    # The matcher is live: a different body does not match the recording.
    recorder = vcr.VCR(record_mode="none", match_on=BODY_MATCH)
    with recorder.use_cassette(str(cassette_path(name))) as cassette:
        with pytest.raises(CannotOverwriteExistingCassetteException):
            await call(mode, method, **other)
        assert cassette.play_count == 0


def test_recorded_chat_request_body_is_the_one_the_brief_names() -> None:
    body = interaction("openllmetry/chat_completions__plain__mistral-tiny")["request"]["body"]
    assert body == (
        '{"model":"mistral-tiny","messages":[{"content":"Tell me a joke about OpenTelemetry",'
        '"role":"user"}],"stream":false}'
    )


# --- streaming cassettes -------------------------------------------------------------


def sse_events(body: str) -> list[str]:
    """The `data:` payloads of an SSE body, checking its framing on the way."""
    assert body.endswith("\n\n")
    payloads = []
    for event in body.split("\n\n")[:-1]:
        lines = event.split("\n")
        assert len(lines) == 1, f"one data line per event, got {lines!r}"
        assert lines[0].startswith("data: ")
        payloads.append(lines[0].removeprefix("data: "))
    return payloads


def stream_chunks(name: str) -> list[CompletionChunk]:
    payloads = sse_events(recorded_body(name))
    assert payloads[-1] == "[DONE]"
    assert "[DONE]" not in payloads[:-1]
    return [CompletionChunk.from_dict(json.loads(p)) for p in payloads[:-1]]


STREAMS = [
    "openllmetry/chat_completions__stream__mistral-tiny",
    "vercel-ai/chat_completions__stream_tool_call__mistral-small-latest",
]


@pytest.mark.parametrize("name", STREAMS)
def test_stream_chunks_parse_with_usage_only_last(name: str) -> None:
    chunks = stream_chunks(name)
    assert len(chunks) >= 2
    assert len({chunk.id for chunk in chunks}) == 1
    first = chunks[0].choices[0].delta
    assert (first.role, first.content) == ("assistant", "")
    assert all(chunk.usage is UNSET for chunk in chunks[:-1])
    assert chunks[-1].usage is not UNSET
    assert all(chunk.choices[0].finish_reason is None for chunk in chunks[:-1])
    assert chunks[-1].choices[0].finish_reason in ("stop", "tool_calls")
    for chunk in chunks:  # every chunk round-trips, extras included
        assert CompletionChunk.from_dict(chunk.to_dict()).to_dict() == chunk.to_dict()


def test_text_stream_keeps_padding_and_assembles_the_reply() -> None:
    chunks = stream_chunks("openllmetry/chat_completions__stream__mistral-tiny")
    padded = [chunk for chunk in chunks if "p" in chunk.additional_properties]
    assert len(padded) == len(chunks) - 1  # every chunk but the first carries `p`
    assert all(re.fullmatch(r"[a-z0-9]+", chunk["p"]) for chunk in padded)
    assert all("p" not in chunk.choices[0].delta.additional_properties for chunk in chunks)
    text = "".join(str(chunk.choices[0].delta.content or "") for chunk in chunks)
    assert text.startswith("Here's a light-hearted joke")
    assert text.endswith("face.)")
    usage = present(chunks[-1].usage)
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (11, 80, 91)
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_streamed_tool_call_arrives_whole_in_one_delta() -> None:
    chunks = stream_chunks("vercel-ai/chat_completions__stream_tool_call__mistral-small-latest")
    with_calls = [c for c in chunks if isinstance(c.choices[0].delta.tool_calls, list)]
    assert len(with_calls) == 1
    last = with_calls[0]
    assert last is chunks[-1]
    assert isinstance(last.choices[0].delta.tool_calls, list)
    (tool_call,) = last.choices[0].delta.tool_calls
    assert tool_call.id == "gSIMJiOkT"
    function = present(tool_call.function)
    assert function.name == "weather"
    assert json.loads(str(function.arguments)) == {"location": "San Francisco"}
    assert last.choices[0].finish_reason == "tool_calls"
    assert last.choices[0].delta.content is None
    usage = present(last.usage)
    assert (usage.prompt_tokens, usage.total_tokens) == (124, 146)


@pytest.mark.parametrize("name", STREAMS)
def test_stream_cassette_replays_as_event_stream(name: str) -> None:
    recorder = vcr.VCR(record_mode="none")
    with recorder.use_cassette(str(cassette_path(name))) as cassette, httpx.Client() as http:
        response = http.post(f"{API}/v1/chat/completions", json={"stream": True})
        assert cassette.play_count == 1
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.text == recorded_body(name)


# --- error cassettes ----------------------------------------------------------------


@dataclass(frozen=True)
class ErrorCase:
    cassette: str
    error: type[errors.APIStatusError]
    status: int
    message: str
    kind: str | None = None
    code: str | None = None
    param: str | None = None
    details: int = 0
    kwargs: dict[str, Any] = field(default_factory=dict)


ERRORS = [
    ErrorCase(
        "errors/400__invalid_model_1500__2025-04",
        errors.InvalidRequestError,
        400,
        "Invalid model: ",
        kind="invalid_model",
        code="1500",
    ),
    ErrorCase(
        "errors/401__detail_unauthorized__chat__2025-06",
        errors.AuthenticationError,
        401,
        "Unauthorized",
    ),
    ErrorCase(
        "errors/422__wrapped_detail_extra_forbidden_safe_mode__2024-04",
        errors.UnprocessableEntityError,
        422,
        "safe_mode: Extra inputs are not permitted",
        kind="invalid_request_error",
        param="safe_mode",
        details=1,
        kwargs={"extra_body": {"safe_mode": False}},
    ),
    ErrorCase(
        "errors/429__requests_rate_limit_exceeded__2025",
        errors.RateLimitError,
        429,
        "Requests rate limit exceeded",
    ),
]


@pytest.mark.parametrize("case", ERRORS, ids=[c.cassette for c in ERRORS])
async def test_error_cassette_raises_typed_error(case: ErrorCase, mode: str) -> None:
    exc = await replay(
        case.cassette,
        mode,
        "chat.complete",
        model="mistral-small-latest",
        messages=HELLO,
        **case.kwargs,
    )
    assert type(exc) is case.error
    assert type(exc).__module__ == "mistral_client.errors"
    assert exc.status_code == case.status
    assert exc.body == recorded_body(case.cassette)  # the exact recorded body
    assert exc.message == case.message
    assert (exc.type, exc.code, exc.param) == (case.kind, case.code, case.param)
    assert len(exc.details) == case.details
    assert exc.request_id is None  # the issue threads did not quote headers
    assert exc.retry_after is None
    assert str(case.status) in str(exc)
    if case.details:
        assert exc.details[0]["type"] == "extra_forbidden"
        assert exc.details[0]["loc"] == ["body", "safe_mode"]


HEADERS_ONLY = "errors/200__ratelimit_response_headers_excerpt__2026-02"


async def test_headers_only_excerpt_is_a_response_validation_error(mode: str) -> None:
    headers = interaction(HEADERS_ONLY)["response"]["headers"]
    assert sorted(headers) == [
        "x-ratelimit-limit-req-minute",
        "x-ratelimit-limit-tokens-minute",
        "x-ratelimit-remaining-req-minute",
        "x-ratelimit-remaining-tokens-minute",
        "x-ratelimit-tokens-query-cost",
    ]
    exc = await replay(
        HEADERS_ONLY, mode, "chat.complete", model="mistral-small-latest", messages=HELLO
    )
    # The thread quoted only headers: an empty 200 is not a chat completion.
    assert type(exc) is errors.ResponseValidationError
    assert exc.status_code == 200
    assert exc.body == ""


# --- the cassettes themselves -------------------------------------------------------


def test_every_cassette_is_covered_by_a_test() -> None:
    covered = [c.cassette for c in SUCCESS] + STREAMS + [c.cassette for c in ERRORS]
    covered.append(HEADERS_ONLY)
    assert sorted(covered) == all_cassettes()
    assert len(covered) == len(set(covered)) == 18
    for name in all_cassettes():
        response = interaction(name)["response"]
        status = response["status"]["code"]
        content_type = response["headers"].get("content-type", [""])[0]
        if name in STREAMS:
            assert content_type.startswith("text/event-stream")
        elif status >= 400:
            assert name in [c.cassette for c in ERRORS]
        elif name != HEADERS_ONLY:
            assert name in [c.cassette for c in SUCCESS]
            assert content_type.startswith("application/json")


FORBIDDEN = re.compile(r"REDACTED|authorization|cookie|cf-ray|Bearer |\bsk-", re.IGNORECASE)


@pytest.mark.parametrize("name", all_cassettes())
def test_cassette_is_vcrpy_v1_with_source_and_no_secrets(name: str) -> None:
    text = cassette_path(name).read_text(encoding="utf-8")
    assert text.startswith("# source: ")
    assert "\n# recording: shared/recordings/" in text
    found = FORBIDDEN.search(text)
    assert found is None, found
    data = yaml.safe_load(text)
    assert data["version"] == 1
    assert len(data["interactions"]) == 1
    request = data["interactions"][0]["request"]
    assert request["uri"].startswith(f"{API}/v1/")
    assert "#" not in request["uri"]
    assert request["method"] in ("GET", "POST", "DELETE", "PATCH")
    assert [h.lower() for h in request["headers"]] in ([], ["content-type"])
    if request["body"] is not None:
        json.loads(request["body"])
    response = data["interactions"][0]["response"]
    assert isinstance(response["body"]["string"], str)  # plain text, not gzip
    allowed = re.compile(r"content-type|mistral-correlation-id|x-kong-request-id|x-ratelimit-.*")
    assert all(allowed.fullmatch(h) for h in response["headers"]), response["headers"]
    assert f"`{name}.yaml`" in README.read_text(encoding="utf-8")


@pytest.fixture
def converter_output(tmp_path: Path) -> Path:
    if not RECORDINGS.is_dir():
        pytest.skip("shared/recordings is not next to the repository")
    return tmp_path


def test_checked_in_cassettes_match_a_fresh_conversion(converter_output: Path) -> None:
    script = ROOT / "scripts" / "convert_recordings.py"
    done = subprocess.run(
        [sys.executable, str(script), str(RECORDINGS), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    fresh = subprocess.run(
        [
            sys.executable,
            str(script),
            str(RECORDINGS),
            "--out",
            str(converter_output),
            "--no-readme",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert fresh.returncode == 0, fresh.stderr
    produced = sorted(p.relative_to(converter_output) for p in converter_output.rglob("*.yaml"))
    assert produced == sorted(p.relative_to(CASSETTES) for p in CASSETTES.rglob("*.yaml"))
    for path in produced:
        assert (converter_output / path).read_text() == (CASSETTES / path).read_text()


def test_network_guard_is_live() -> None:
    with pytest.raises(NetworkUsedError):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
