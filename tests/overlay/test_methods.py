"""Every public method, through the sync and the async client: the exact request on the wire
(method, path, query, JSON body, auth, user agent) and the typed result parsed from a realistic
answer, plus uploads, downloads, pagination and the per-call options."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from mistral_client import AsyncMistral, Mistral, RetryConfig, errors
from mistral_client.models import (
    Agent,
    ArchiveModelResponse,
    BatchJob,
    BatchJobList,
    ChatCompletionResponse,
    ClassificationResponse,
    DeleteFileResponse,
    DeleteModelResponse,
    EmbeddingResponse,
    FileList,
    FileObject,
    FineTunedModel,
    FineTuningDryRun,
    FineTuningJob,
    FineTuningJobList,
    ModelCard,
    ModelList,
    ModerationResponse,
    SignedUrl,
)
from tests.conftest import CANARY_KEY, Api
from tests.support.server import Recorded, RecordingServer, Reply

# --- identifiers -------------------------------------------------------------------------------

FT_MODEL = "ft:open-mistral-7b:abc"
FT_MODEL_IN_PATH = "ft%3Aopen-mistral-7b%3Aabc"
FILE_ID = "ed3e56f8-8df4-4548-a5bc-a4e07ff29d09"
FILE_ID_2 = "615c701a-38f0-4101-9765-649919412a7c"
FILE_ID_3 = "92eceef6-84a2-4bc4-a064-ab6b6ec5b9a2"
JOB_ID = "2f1a9e4c-6b8d-4c3e-9f0a-1b2c3d4e5f60"
BATCH_ID = "877443e6-c853-4846-9857-6e4e0ab932f4"
AGENT_ID = "ag_0196b2d7c2f07f3a9d5e8b1c4a6f2e90"
CLASSIFIER = "ft:classifier:ministral-3b-latest:abc:20251029"
REQUEST_ID = "019a2dd9-9b01-7be5-97d3-ee00062a444a"

# An answer field this client does not know yet: it must survive in `additional_properties`.
EXTRA = {"x_future_field": {"rollout": "beta", "weight": 2}}


def with_extra(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {**payload, **EXTRA}


# --- realistic answers (shapes from /work/shared/recordings and api-facts.md) -------------------

USER_ASKS = [
    {"role": "system", "content": "Answer in one word."},
    {"role": "user", "content": "What is the capital of France?"},
]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "weather",
        "description": "Current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}
CHAT_REPLY = {
    "id": "cf79f7daaee244b1a0ae5c7b1444424a",
    "object": "chat.completion",
    "created": 1761720086,
    "model": "mistral-small-latest",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "tool_calls": None, "content": "Paris."},
        }
    ],
    "usage": {
        "prompt_tokens": 16,
        "total_tokens": 19,
        "completion_tokens": 3,
        "prompt_tokens_details": {"cached_tokens": 0},
        "service_tier": "standard",
    },
}
TOOL_CALL_REPLY = {
    "id": "b3999b8c93e04e11bcbff7bcab829667",
    "created": 1769088854,
    "model": "mistral-small-latest",
    "usage": {"prompt_tokens": 124, "total_tokens": 146, "completion_tokens": 22},
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "gSIMJiOkT",
                        "function": {
                            "name": "weather",
                            "arguments": '{"location": "San Francisco"}',
                        },
                    }
                ],
            },
        }
    ],
}
FIM_TEXT = "n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n"
FIM_REPLY = {
    "id": "2ff3c49d80e74316b4b4d21d24631a7f",
    "created": 1761720086,
    "model": "codestral-latest",
    "usage": {"prompt_tokens": 8, "total_tokens": 94, "completion_tokens": 86},
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "tool_calls": None, "content": FIM_TEXT},
        }
    ],
}
EMBEDDINGS_REPLY = {
    "id": "9f4c7e1b2a3d4e5f8a9b0c1d2e3f4a5b",
    "object": "list",
    "data": [
        {"object": "embedding", "embedding": [-0.0165, 0.0703, 0.0312], "index": 0},
        {"object": "embedding", "embedding": [0.0041, -0.0272, 0.0519], "index": 1},
    ],
    "model": "mistral-embed",
    "usage": {"prompt_tokens": 12, "total_tokens": 12, "completion_tokens": 0},
}
BASE_MODEL_CARD = {
    "id": "mistral-medium-2505",
    "object": "model",
    "created": 1761694388,
    "owned_by": "mistralai",
    "capabilities": {
        "completion_chat": True,
        "function_calling": True,
        "completion_fim": False,
        "fine_tuning": True,
        "vision": True,
        "ocr": False,
        "classification": False,
        "moderation": False,
        "audio": False,
    },
    "name": "mistral-medium-2505",
    "description": "Our frontier-class multimodal model released May 2025.",
    "max_context_length": 131072,
    "aliases": [],
    "deprecation": None,
    "deprecation_replacement_model": None,
    "default_model_temperature": 0.3,
    "type": "base",
}
FT_MODEL_CARD = {
    "id": FT_MODEL,
    "object": "model",
    "created": 1761705900,
    "owned_by": "acme-org",
    "capabilities": {"completion_chat": True, "function_calling": False, "fine_tuning": False},
    "name": None,
    "description": None,
    "max_context_length": 32768,
    "aliases": [],
    "deprecation": None,
    "type": "fine-tuned",
    "job": JOB_ID,
    "root": "open-mistral-7b",
    "archived": False,
}
FINE_TUNED_MODEL = {
    "id": FT_MODEL,
    "object": "model",
    "created": 1761705900,
    "owned_by": "acme-org",
    "workspace_id": "7c1f0a52-3e8b-4d6f-9a21-5b0c4e7d8f13",
    "root": "open-mistral-7b",
    "root_version": "0.1",
    "archived": False,
    "name": "support-bot-v2",
    "description": "Tuned on October tickets",
    "capabilities": {"completion_chat": True, "function_calling": False},
    "max_context_length": 32768,
    "aliases": [],
    "job": JOB_ID,
    "model_type": "completion",
}
FILE_OBJECT = {
    "id": FILE_ID,
    "object": "file",
    "bytes": 865,
    "created_at": 1761697766,
    "filename": "training-data.jsonl",
    "purpose": "fine-tune",
    "sample_type": "instruct",
    "num_lines": 5,
    "mimetype": "application/jsonl",
    "source": "upload",
    "signature": "ab56facf0e21bf0d",
    "deleted": False,
}
UPLOADED_FILE = {
    "id": FILE_ID,
    "object": "file",
    "bytes": 409,
    "created_at": 1761705827,
    "filename": "train.jsonl",
    "purpose": "fine-tune",
    "sample_type": "instruct",
    "num_lines": 2,
    "mimetype": "application/jsonl",
    "source": "upload",
    "signature": "3beec71e34a4af0f",
}
FT_JOB = {
    "id": JOB_ID,
    "object": "job",
    "job_type": "completion",
    "model": "open-mistral-7b",
    "status": "QUEUED",
    "auto_start": False,
    "created_at": 1761705900,
    "modified_at": 1761705900,
    "training_files": [FILE_ID, FILE_ID_2],
    "validation_files": [FILE_ID_3],
    "fine_tuned_model": None,
    "suffix": "support",
    "integrations": [],
    "trained_tokens": None,
    "metadata": {
        "expected_duration_seconds": 220,
        "cost": 1.5,
        "cost_currency": "USD",
        "train_tokens_per_step": 131072,
        "train_tokens": 1310720,
        "data_tokens": 305375,
        "estimated_start_time": None,
    },
    "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
    "repositories": [],
}
DRY_RUN_ESTIMATE = {
    "object": "job.metadata",
    "expected_duration_seconds": 220,
    "cost": 1.5,
    "cost_currency": "USD",
    "train_tokens_per_step": 131072,
    "train_tokens": 1310720,
    "data_tokens": 305375,
    "estimated_start_time": None,
}
AGENT = {
    "id": AGENT_ID,
    "object": "agent",
    "model": "mistral-large-latest",
    "name": "billing-helper",
    "description": "Answers billing questions",
    "instructions": "Be brief.",
    "tools": [WEATHER_TOOL],
    "completion_args": {"temperature": 0.3, "top_p": 1.0},
    "handoffs": None,
    "version": 0,
    "versions": [0],
    "created_at": "2025-10-29T02:43:47.123456Z",
    "updated_at": "2025-10-29T02:43:47.123456Z",
    "deployment_chat": False,
    "source": "api",
}
BATCH_JOB = {
    "id": BATCH_ID,
    "object": "batch",
    "input_files": [FILE_ID_3],
    "metadata": {"job": "nightly"},
    "endpoint": "/v1/chat/completions",
    "model": "mistral-small-latest",
    "agent_id": None,
    "output_file": None,
    "error_file": None,
    "errors": [],
    "status": "RUNNING",
    "created_at": 1761710170,
    "total_requests": 3,
    "completed_requests": 0,
    "succeeded_requests": 0,
    "failed_requests": 0,
    "started_at": 1761710171,
    "completed_at": None,
}
MODERATION_SCORES = {
    "sexual": 4.83e-05,
    "hate_and_discrimination": 0.0019,
    "violence_and_threats": 0.9976,
    "dangerous_and_criminal_content": 0.0013,
    "selfharm": 0.00055,
    "health": 1.01e-05,
    "financial": 2.14e-05,
    "law": 3.76e-05,
    "pii": 5.48e-05,
}
MODERATION_REPLY = {
    "id": "1e94eb66cb4f406b8022823f1e0e1969",
    "usage": {"prompt_tokens": 6, "total_tokens": 97, "completion_tokens": 0, "request_count": 1},
    "model": "mistral-moderation-latest",
    "results": [
        {
            "category_scores": MODERATION_SCORES,
            "categories": {name: name == "violence_and_threats" for name in MODERATION_SCORES},
        }
    ],
}
CLASSIFICATION_REPLY = {
    "id": "5d0c8a2f9e6b4c7a8d1e2f3a4b5c6d7e",
    "model": CLASSIFIER,
    "usage": {"prompt_tokens": 9, "total_tokens": 9, "completion_tokens": 0},
    "results": [{"intent": {"scores": {"billing": 0.91, "support": 0.07, "other": 0.02}}}],
}
DOWNLOADED = b'{"custom_id": "0", "response": {"status_code": 200}}\n' * 3

CHAT_ARGS: dict[str, Any] = {
    "model": "mistral-small-latest",
    "messages": USER_ASKS,
    "temperature": 0.2,
    "max_tokens": 16,
}


# --- helpers -----------------------------------------------------------------------------------


def dig(value: Any, path: str) -> Any:
    """`dig(reply, "choices.0.message.content")`: attributes, list indexes and mapping keys."""
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value[part]
        elif part.isdigit():
            value = value[int(part)]
        else:
            value = getattr(value, part)
    return value


def only_request(server: RecordingServer) -> Recorded:
    assert len(server.requests) == 1, [f"{r.method} {r.path}" for r in server.requests]
    return server.requests[0]


def assert_common_headers(sent: Recorded) -> None:
    assert sent.headers["authorization"] == f"Bearer {CANARY_KEY}"
    assert sent.headers["user-agent"].startswith("mistral-client-python")


def assert_json_body(sent: Recorded, expected: Any) -> None:
    assert sent.headers["content-type"] == "application/json"
    assert sent.json() == expected


@contextlib.asynccontextmanager
async def client_like(api: Api, server: RecordingServer, **settings: Any) -> AsyncIterator[Api]:
    """A client of the same kind (sync or async) as `api`'s, on `server`, with other settings."""
    options: dict[str, Any] = {"api_key": CANARY_KEY, "base_url": server.base_url, **settings}
    if api.is_async:
        async with AsyncMistral(**options) as async_client:
            yield Api(async_client)
    else:
        with Mistral(**options) as sync_client:
            yield Api(sync_client)


# --- every method: request on the wire and parsed result --------------------------------------

AS_GIVEN = object()  # Case.body: the JSON body is exactly the keyword arguments given


@dataclass(frozen=True)
class Case:
    """One method call, the answer the server gives, and what must be sent and parsed."""

    id: str
    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    reply: Reply = field(default_factory=lambda: Reply.json({}))
    http: str = "GET"
    path: str = ""
    query: Mapping[str, list[str]] = field(default_factory=dict)
    body: Any = None  # the JSON body expected (AS_GIVEN: the kwargs); None: no body at all
    returns: type = object
    # dotted path in the result ("" for the result itself) -> expected value
    expect: Mapping[str, Any] = field(default_factory=dict)


def ok(payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    """A 200 JSON answer, by default with the request id header the API sends."""
    extra = {"mistral-correlation-id": REQUEST_ID} if headers is None else headers
    return Reply(200, json.dumps(payload).encode(), {"Content-Type": "application/json", **extra})


EXTRA_KEPT = {"additional_properties": EXTRA}

CASES = [
    Case(
        id="chat.complete",
        method="chat.complete",
        kwargs=CHAT_ARGS,
        reply=ok(with_extra(CHAT_REPLY)),
        http="POST",
        path="/v1/chat/completions",
        body=AS_GIVEN,
        returns=ChatCompletionResponse,
        expect={
            "id": "cf79f7daaee244b1a0ae5c7b1444424a",
            "object_": "chat.completion",
            "choices.0.message.content": "Paris.",
            "choices.0.finish_reason": "stop",
            "usage.total_tokens": 19,
            "usage.prompt_tokens_details.cached_tokens": 0,
            "usage.service_tier": "standard",
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="chat.complete-tools",
        method="chat.complete",
        kwargs={
            "model": "mistral-small-latest",
            "messages": [{"role": "user", "content": "Weather in San Francisco?"}],
            "tools": [WEATHER_TOOL],
            "tool_choice": "any",
            "parallel_tool_calls": False,
        },
        reply=ok(with_extra(TOOL_CALL_REPLY)),
        http="POST",
        path="/v1/chat/completions",
        body=AS_GIVEN,
        returns=ChatCompletionResponse,
        expect={
            "choices.0.finish_reason": "tool_calls",
            "choices.0.message.tool_calls.0.id": "gSIMJiOkT",
            "choices.0.message.tool_calls.0.function.name": "weather",
            "choices.0.message.tool_calls.0.function.arguments": '{"location": "San Francisco"}',
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="fim.complete",
        method="fim.complete",
        kwargs={
            "model": "codestral-latest",
            "prompt": "def fibonacci(",
            "suffix": "    return a",
            "max_tokens": 64,
        },
        reply=ok(with_extra(FIM_REPLY)),
        http="POST",
        path="/v1/fim/completions",
        body=AS_GIVEN,
        returns=ChatCompletionResponse,
        expect={
            "object_": "chat.completion",
            "choices.0.message.content": FIM_TEXT,
            "usage.completion_tokens": 86,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="embeddings.create",
        method="embeddings.create",
        kwargs={
            "model": "mistral-embed",
            "input": ["Embed this sentence.", "As well as this one."],
            "encoding_format": "float",
        },
        reply=ok(with_extra(EMBEDDINGS_REPLY)),
        http="POST",
        path="/v1/embeddings",
        body=AS_GIVEN,
        returns=EmbeddingResponse,
        expect={
            "data.0.embedding": [-0.0165, 0.0703, 0.0312],
            "data.1.index": 1,
            "usage.prompt_tokens": 12,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="models.list",
        method="models.list",
        reply=ok(with_extra({"object": "list", "data": [BASE_MODEL_CARD, FT_MODEL_CARD]})),
        path="/v1/models",
        returns=ModelList,
        expect={
            "data.0.id": "mistral-medium-2505",
            "data.0.capabilities.vision": True,
            "data.0.capabilities.ocr": False,
            "data.0.default_model_temperature": 0.3,
            "data.1.type_": "fine-tuned",
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="models.retrieve",
        method="models.retrieve",
        args=(FT_MODEL,),
        reply=ok(with_extra(FT_MODEL_CARD)),
        path=f"/v1/models/{FT_MODEL_IN_PATH}",
        returns=ModelCard,
        expect={"id": FT_MODEL, "job": JOB_ID, "root": "open-mistral-7b", **EXTRA_KEPT},
    ),
    Case(
        id="models.delete",
        method="models.delete",
        args=(FT_MODEL,),
        reply=ok(with_extra({"id": FT_MODEL, "object": "model", "deleted": True})),
        http="DELETE",
        path=f"/v1/models/{FT_MODEL_IN_PATH}",
        returns=DeleteModelResponse,
        expect={"id": FT_MODEL, "deleted": True, **EXTRA_KEPT},
    ),
    Case(
        id="models.update",
        method="models.update",
        args=(FT_MODEL,),
        kwargs={"name": "support-bot-v2", "description": "Tuned on October tickets"},
        reply=ok(with_extra(FINE_TUNED_MODEL)),
        http="PATCH",
        path=f"/v1/fine_tuning/models/{FT_MODEL_IN_PATH}",
        body=AS_GIVEN,
        returns=FineTunedModel,
        expect={
            "name": "support-bot-v2",
            "root_version": "0.1",
            "model_type": "completion",
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="models.archive",
        method="models.archive",
        args=(FT_MODEL,),
        reply=ok(with_extra({"id": FT_MODEL, "object": "model", "archived": True})),
        http="POST",
        path=f"/v1/fine_tuning/models/{FT_MODEL_IN_PATH}/archive",
        returns=ArchiveModelResponse,
        expect={"id": FT_MODEL, "archived": True, **EXTRA_KEPT},
    ),
    Case(
        id="models.unarchive",
        method="models.unarchive",
        args=(FT_MODEL,),
        reply=ok(with_extra({"id": FT_MODEL, "object": "model", "archived": False})),
        http="DELETE",
        path=f"/v1/fine_tuning/models/{FT_MODEL_IN_PATH}/archive",
        returns=ArchiveModelResponse,
        expect={"archived": False, **EXTRA_KEPT},
    ),
    Case(
        id="files.list",
        method="files.list",
        kwargs={
            "page": 1,
            "page_size": 10,
            "purpose": "fine-tune",
            "sample_type": ["instruct", "batch_request"],
            "source": ["upload"],
            "search": "train",
        },
        reply=ok(with_extra({"data": [FILE_OBJECT], "object": "list", "total": 11})),
        path="/v1/files",
        query={
            "page": ["1"],
            "page_size": ["10"],
            "purpose": ["fine-tune"],
            "sample_type": ["instruct", "batch_request"],
            "source": ["upload"],
            "search": ["train"],
        },
        returns=FileList,
        expect={"total": 11, "data.0.id": FILE_ID, "data.0.num_lines": 5, **EXTRA_KEPT},
    ),
    Case(
        id="files.retrieve",
        method="files.retrieve",
        args=(FILE_ID,),
        reply=ok(with_extra(FILE_OBJECT)),
        path=f"/v1/files/{FILE_ID}",
        returns=FileObject,
        expect={
            "filename": "training-data.jsonl",
            "bytes_": 865,
            "purpose": "fine-tune",
            "sample_type": "instruct",
            "deleted": False,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="files.delete",
        method="files.delete",
        args=(FILE_ID,),
        reply=ok(with_extra({"id": FILE_ID, "object": "file", "deleted": True})),
        http="DELETE",
        path=f"/v1/files/{FILE_ID}",
        returns=DeleteFileResponse,
        expect={"id": FILE_ID, "deleted": True, **EXTRA_KEPT},
    ),
    Case(
        id="files.download",
        method="files.download",
        args=(FILE_ID,),
        reply=Reply(200, DOWNLOADED, {"Content-Type": "application/octet-stream"}),
        path=f"/v1/files/{FILE_ID}/content",
        returns=bytes,
        expect={"": DOWNLOADED},
    ),
    Case(
        id="files.get_signed_url",
        method="files.get_signed_url",
        args=(FILE_ID,),
        kwargs={"expiry": 24},
        reply=ok(with_extra({"url": f"https://files.mistral.ai/{FILE_ID}?sig=3beec71e"})),
        path=f"/v1/files/{FILE_ID}/url",
        query={"expiry": ["24"]},
        returns=SignedUrl,
        expect={"url": f"https://files.mistral.ai/{FILE_ID}?sig=3beec71e", **EXTRA_KEPT},
    ),
    Case(
        id="fine_tuning.jobs.create",
        method="fine_tuning.jobs.create",
        kwargs={
            "model": "open-mistral-7b",
            "training_files": [FILE_ID, {"file_id": FILE_ID_2, "weight": 0.5}],
            "validation_files": [FILE_ID_3],
            "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
            "suffix": "support",
            "auto_start": False,
        },
        reply=ok(with_extra(FT_JOB)),
        http="POST",
        path="/v1/fine_tuning/jobs",
        body={
            "model": "open-mistral-7b",
            "training_files": [{"file_id": FILE_ID}, {"file_id": FILE_ID_2, "weight": 0.5}],
            "validation_files": [FILE_ID_3],
            "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
            "suffix": "support",
            "auto_start": False,
        },
        returns=FineTuningJob,
        expect={
            "id": JOB_ID,
            "status": "QUEUED",
            "hyperparameters.training_steps": 10,
            "metadata.cost": 1.5,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="fine_tuning.jobs.list",
        method="fine_tuning.jobs.list",
        kwargs={
            "page": 0,
            "page_size": 5,
            "model": "open-mistral-7b",
            "status": "RUNNING",
            "created_by_me": True,
        },
        reply=ok(with_extra({"object": "list", "data": [FT_JOB], "total": 1})),
        path="/v1/fine_tuning/jobs",
        query={
            "page": ["0"],
            "page_size": ["5"],
            "model": ["open-mistral-7b"],
            "status": ["RUNNING"],
            "created_by_me": ["true"],
        },
        returns=FineTuningJobList,
        expect={"total": 1, "data.0.id": JOB_ID, **EXTRA_KEPT},
    ),
    Case(
        id="fine_tuning.jobs.get",
        method="fine_tuning.jobs.get",
        args=(JOB_ID,),
        reply=ok(with_extra({**FT_JOB, "status": "SUCCESS", "fine_tuned_model": FT_MODEL})),
        path=f"/v1/fine_tuning/jobs/{JOB_ID}",
        returns=FineTuningJob,
        expect={"status": "SUCCESS", "fine_tuned_model": FT_MODEL, **EXTRA_KEPT},
    ),
    Case(
        id="fine_tuning.jobs.cancel",
        method="fine_tuning.jobs.cancel",
        args=(JOB_ID,),
        reply=ok(with_extra({**FT_JOB, "status": "CANCELLATION_REQUESTED"})),
        http="POST",
        path=f"/v1/fine_tuning/jobs/{JOB_ID}/cancel",
        returns=FineTuningJob,
        expect={"status": "CANCELLATION_REQUESTED", **EXTRA_KEPT},
    ),
    Case(
        id="fine_tuning.jobs.start",
        method="fine_tuning.jobs.start",
        args=(JOB_ID,),
        reply=ok(with_extra({**FT_JOB, "status": "STARTED"})),
        http="POST",
        path=f"/v1/fine_tuning/jobs/{JOB_ID}/start",
        returns=FineTuningJob,
        expect={"status": "STARTED", **EXTRA_KEPT},
    ),
    Case(
        id="agents.create",
        method="agents.create",
        kwargs={
            "model": "mistral-large-latest",
            "name": "billing-helper",
            "description": "Answers billing questions",
            "instructions": "Be brief.",
            "tools": [WEATHER_TOOL],
            "completion_args": {"temperature": 0.3},
        },
        reply=ok(with_extra(AGENT)),
        http="POST",
        path="/v1/agents",
        body=AS_GIVEN,
        returns=Agent,
        expect={
            "id": AGENT_ID,
            "tools.0.function.name": "weather",
            "completion_args.temperature": 0.3,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="agents.list",
        method="agents.list",
        kwargs={"page": 0, "page_size": 20, "search": "billing"},
        reply=ok([with_extra(AGENT), with_extra({**AGENT, "id": "ag_2", "name": "second"})]),
        path="/v1/agents",
        query={"page": ["0"], "page_size": ["20"], "search": ["billing"]},
        returns=list,
        expect={
            "0.id": AGENT_ID,
            "1.name": "second",
            "0.additional_properties": EXTRA,
            "1.additional_properties": EXTRA,
        },
    ),
    Case(
        id="agents.get",
        method="agents.get",
        args=(AGENT_ID,),
        reply=ok(with_extra(AGENT)),
        path=f"/v1/agents/{AGENT_ID}",
        returns=Agent,
        expect={"name": "billing-helper", "version": 0, **EXTRA_KEPT},
    ),
    Case(
        id="agents.update",
        method="agents.update",
        args=(AGENT_ID,),
        kwargs={"instructions": "Be very brief.", "handoffs": ["ag_escalation"]},
        reply=ok(with_extra({**AGENT, "instructions": "Be very brief.", "version": 1})),
        http="PATCH",
        path=f"/v1/agents/{AGENT_ID}",
        body=AS_GIVEN,
        returns=Agent,
        expect={"instructions": "Be very brief.", "version": 1, **EXTRA_KEPT},
    ),
    Case(
        id="agents.delete-204",
        method="agents.delete",
        args=(AGENT_ID,),
        reply=Reply(204, b"", {}),
        http="DELETE",
        path=f"/v1/agents/{AGENT_ID}",
        returns=type(None),
    ),
    Case(
        id="agents.complete",
        method="agents.complete",
        kwargs={"agent_id": AGENT_ID, "messages": USER_ASKS[1:], "max_tokens": 16},
        reply=ok(with_extra(CHAT_REPLY)),
        http="POST",
        path="/v1/agents/completions",
        body=AS_GIVEN,
        returns=ChatCompletionResponse,
        expect={"choices.0.message.content": "Paris.", **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.create",
        method="batch.jobs.create",
        kwargs={
            "input_files": [FILE_ID_3],
            "endpoint": "/v1/chat/completions",
            "model": "mistral-small-latest",
            "metadata": {"job": "nightly"},
            "timeout_hours": 24,
        },
        reply=ok(with_extra({**BATCH_JOB, "status": "QUEUED", "started_at": None})),
        http="POST",
        path="/v1/batch/jobs",
        body=AS_GIVEN,
        returns=BatchJob,
        expect={"id": BATCH_ID, "status": "QUEUED", "total_requests": 3, **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.list",
        method="batch.jobs.list",
        kwargs={"page": 0, "page_size": 10, "status": "RUNNING", "model": "mistral-small-latest"},
        reply=ok(with_extra({"data": [BATCH_JOB], "object": "list", "total": 1})),
        path="/v1/batch/jobs",
        query={
            "page": ["0"],
            "page_size": ["10"],
            "status": ["RUNNING"],
            "model": ["mistral-small-latest"],
        },
        returns=BatchJobList,
        expect={"total": 1, "data.0.endpoint": "/v1/chat/completions", **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.get",
        method="batch.jobs.get",
        args=(BATCH_ID,),
        reply=ok(with_extra(BATCH_JOB)),
        path=f"/v1/batch/jobs/{BATCH_ID}",
        returns=BatchJob,
        expect={"input_files": [FILE_ID_3], "started_at": 1761710171, **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.get-inline",
        method="batch.jobs.get",
        args=(BATCH_ID,),
        kwargs={"inline": True},
        reply=ok(with_extra({**BATCH_JOB, "outputs": [{"custom_id": "0", "response": {}}]})),
        path=f"/v1/batch/jobs/{BATCH_ID}",
        query={"inline": ["true"]},
        returns=BatchJob,
        expect={"outputs": [{"custom_id": "0", "response": {}}], **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.create-inline-requests",
        method="batch.jobs.create",
        kwargs={
            "endpoint": "/v1/moderations",
            "requests": [{"custom_id": "0", "body": {"input": "hello"}}],
            "model": "mistral-moderation-latest",
        },
        reply=ok(with_extra({**BATCH_JOB, "input_files": [], "endpoint": "/v1/moderations"})),
        http="POST",
        path="/v1/batch/jobs",
        body=AS_GIVEN,
        returns=BatchJob,
        expect={"endpoint": "/v1/moderations", **EXTRA_KEPT},
    ),
    Case(
        id="batch.jobs.cancel",
        method="batch.jobs.cancel",
        args=(BATCH_ID,),
        reply=ok(with_extra({**BATCH_JOB, "status": "CANCELLATION_REQUESTED"})),
        http="POST",
        path=f"/v1/batch/jobs/{BATCH_ID}/cancel",
        returns=BatchJob,
        expect={"status": "CANCELLATION_REQUESTED", **EXTRA_KEPT},
    ),
    Case(
        id="classifiers.moderate",
        method="classifiers.moderate",
        kwargs={"model": "mistral-moderation-latest", "input": ["I will hurt you"]},
        reply=ok(with_extra(MODERATION_REPLY)),
        http="POST",
        path="/v1/moderations",
        body=AS_GIVEN,
        returns=ModerationResponse,
        expect={
            "results.0.categories.violence_and_threats": True,
            "results.0.categories.pii": False,
            "results.0.category_scores.violence_and_threats": 0.9976,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="classifiers.moderate_chat",
        method="classifiers.moderate_chat",
        kwargs={"model": "mistral-moderation-latest", "input": USER_ASKS},
        reply=ok(with_extra(MODERATION_REPLY)),
        http="POST",
        path="/v1/chat/moderations",
        body=AS_GIVEN,
        returns=ModerationResponse,
        expect={"id": "1e94eb66cb4f406b8022823f1e0e1969", **EXTRA_KEPT},
    ),
    Case(
        id="classifiers.classify",
        method="classifiers.classify",
        kwargs={"model": CLASSIFIER, "input": "Why was I charged twice?"},
        reply=ok(with_extra(CLASSIFICATION_REPLY)),
        http="POST",
        path="/v1/classifications",
        body=AS_GIVEN,
        returns=ClassificationResponse,
        expect={
            "results.0.additional_properties.intent.scores.additional_properties.billing": 0.91,
            **EXTRA_KEPT,
        },
    ),
    Case(
        id="classifiers.classify_chat",
        method="classifiers.classify_chat",
        kwargs={"model": CLASSIFIER, "input": {"messages": USER_ASKS[1:]}},
        reply=ok(with_extra(CLASSIFICATION_REPLY)),
        http="POST",
        path="/v1/chat/classifications",
        body=AS_GIVEN,
        returns=ClassificationResponse,
        expect={"model": CLASSIFIER, **EXTRA_KEPT},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_method_sends_exact_request_and_parses_reply(
    api: Api, server: RecordingServer, case: Case
) -> None:
    server.queue(case.reply)

    result = await api.call(case.method, *case.args, **case.kwargs)

    sent = only_request(server)
    assert (sent.method, sent.path, sent.query) == (case.http, case.path, dict(case.query))
    assert_common_headers(sent)
    if case.body is None:
        assert sent.body == b""
    else:
        assert_json_body(sent, case.kwargs if case.body is AS_GIVEN else case.body)
    assert isinstance(result, case.returns)
    for path, expected in case.expect.items():
        assert (result if path == "" else dig(result, path)) == expected, path


NAMESPACES = {
    "chat": {"complete", "stream", "parse", "simulate_tools"},
    "fim": {"complete", "stream"},
    "embeddings": {"create"},
    "models": {"list", "retrieve", "delete", "update", "archive", "unarchive"},
    "files": {"upload", "list", "iter_all", "retrieve", "delete", "download", "get_signed_url"},
    "fine_tuning.jobs": {"create", "list", "iter_all", "get", "cancel", "start"},
    "agents": {"create", "list", "iter_all", "get", "update", "delete", "complete", "stream"},
    "batch.jobs": {"create", "list", "iter_all", "get", "cancel"},
    "classifiers": {"moderate", "moderate_chat", "classify", "classify_chat"},
}
# Methods with tests of their own further down (multipart, pagination) or in
# test_structured_parse.py and integration/test_structured_on_emulator.py.
# test_streaming.py (the stream methods).
SEPARATELY_TESTED = (
    {"files.upload"}
    | {f"{ns}.iter_all" for ns in NAMESPACES}
    | {"chat.stream", "fim.stream", "agents.stream"}
    | {"chat.parse", "chat.simulate_tools"}
)


def test_every_public_method_is_covered() -> None:
    with Mistral(api_key=CANARY_KEY) as client:
        for namespace, names in NAMESPACES.items():
            target = dig(client, namespace)
            assert {n for n in dir(target) if not n.startswith("_")} == names, namespace
    listed = {f"{ns}.{name}" for ns, names in NAMESPACES.items() for name in names}
    assert listed - SEPARATELY_TESTED - {case.method for case in CASES} == set()


# --- fine-tuning dry run ------------------------------------------------------------------------


async def test_jobs_create_dry_run_is_a_query_flag_and_returns_the_estimate(
    api: Api, server: RecordingServer
) -> None:
    server.queue(ok(with_extra(DRY_RUN_ESTIMATE)))

    estimate = await api.call(
        "fine_tuning.jobs.create",
        model="open-mistral-7b",
        training_files=[FILE_ID],
        hyperparameters={"training_steps": 10},
        dry_run=True,
    )

    sent = only_request(server)
    assert (sent.method, sent.path, sent.query) == (
        "POST",
        "/v1/fine_tuning/jobs",
        {"dry_run": ["true"]},
    )
    assert_json_body(
        sent,
        {
            "model": "open-mistral-7b",
            "training_files": [{"file_id": FILE_ID}],
            "hyperparameters": {"training_steps": 10},
        },
    )
    assert isinstance(estimate, FineTuningDryRun)
    assert (estimate.cost, estimate.cost_currency, estimate.train_tokens) == (1.5, "USD", 1310720)
    assert estimate.additional_properties == EXTRA


# --- filters given as a single value ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "value"),
    [
        ("files.list", "sample_type", "instruct"),
        ("files.list", "source", "upload"),
        ("batch.jobs.list", "status", "SUCCESS"),
    ],
)
async def test_list_filter_accepts_a_single_value(
    api: Api, server: RecordingServer, method: str, name: str, value: str
) -> None:
    server.queue(ok({"data": [], "object": "list", "total": 0}))
    page = await api.call(method, **{name: value})
    assert only_request(server).query == {name: [value]}
    assert page.data == []


# --- uploads -----------------------------------------------------------------------------------

UPLOAD_BYTES = (
    b'{"messages": [{"role": "user", "content": "Caf\xc3\xa9?"}, '
    b'{"role": "assistant", "content": "Oui."}]}\r\n'
    b'{"messages": [{"role": "user", "content": "\\u00bfQu\xc3\xa9?"}]}\n'
)


@dataclass(frozen=True)
class Part:
    filename: str | None
    content_type: str | None
    content: bytes


def boundary_of(sent: Recorded) -> str:
    match = re.fullmatch(
        r'multipart/form-data; boundary="?([^";]+)"?', sent.headers["content-type"]
    )
    assert match, sent.headers["content-type"]
    return match.group(1)


def multipart_parts(sent: Recorded) -> dict[str, Part]:
    """The form fields of a multipart body, by field name, with their exact bytes."""
    delimiter = b"--" + boundary_of(sent).encode()
    chunks = sent.body.split(delimiter)
    assert chunks[0] == b""
    assert chunks[-1] == b"--\r\n"
    parts: dict[str, Part] = {}
    for chunk in chunks[1:-1]:
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        assert content.endswith(b"\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        disposition = headers["Content-Disposition"]
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        assert name
        parts[name.group(1)] = Part(
            filename=filename.group(1) if filename else None,
            content_type=headers.get("Content-Type"),
            content=content.removesuffix(b"\r\n"),
        )
    return parts


@dataclass(frozen=True)
class UploadForm:
    """One way to give `file`: built in a temporary folder; what must arrive."""

    id: str
    make: Callable[[Path], Any]
    filename: str
    content_type: str


def _write(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(UPLOAD_BYTES)
    return path


UPLOAD_FORMS = [
    UploadForm("path", lambda d: _write(d, "train.jsonl"), "train.jsonl", "application/jsonl"),
    UploadForm("str-path", lambda d: str(_write(d, "notes.txt")), "notes.txt", "text/plain"),
    UploadForm("bytes", lambda d: UPLOAD_BYTES, "upload.jsonl", "application/jsonl"),
    UploadForm(
        "binary-file-object",
        lambda d: io.BytesIO(UPLOAD_BYTES),
        "upload.jsonl",
        "application/jsonl",
    ),
    UploadForm(
        "name-and-bytes",
        lambda d: ("batch-input.jsonl", UPLOAD_BYTES),
        "batch-input.jsonl",
        "application/jsonl",
    ),
    UploadForm(
        "name-fileobj-content-type",
        lambda d: ("requests.ndjson", io.BytesIO(UPLOAD_BYTES), "application/x-ndjson"),
        "requests.ndjson",
        "application/x-ndjson",
    ),
]


@pytest.mark.parametrize("form", UPLOAD_FORMS, ids=[form.id for form in UPLOAD_FORMS])
async def test_upload_sends_multipart(
    api: Api, server: RecordingServer, tmp_path: Path, form: UploadForm
) -> None:
    server.queue(ok(with_extra(UPLOADED_FILE)))

    result = await api.call("files.upload", file=form.make(tmp_path), purpose="fine-tune")

    sent = only_request(server)
    assert (sent.method, sent.path, sent.query) == ("POST", "/v1/files", {})
    assert_common_headers(sent)
    assert boundary_of(sent) != "+++"
    assert multipart_parts(sent) == {
        "file": Part(form.filename, form.content_type, UPLOAD_BYTES),
        "purpose": Part(None, "text/plain", b"fine-tune"),
    }
    assert isinstance(result, FileObject)
    assert (result.id, result.purpose, result.num_lines) == (FILE_ID, "fine-tune", 2)
    assert result.additional_properties == EXTRA


@pytest.mark.parametrize(
    ("fields", "form"),
    [
        ({}, {}),
        (
            {"purpose": "batch", "expiry": 48, "visibility": "workspace"},
            {"purpose": b"batch", "expiry": b"48", "visibility": b"workspace"},
        ),
    ],
    ids=["file-only", "purpose-expiry-visibility"],
)
async def test_upload_sends_exactly_the_form_fields_given(
    api: Api, server: RecordingServer, fields: dict[str, Any], form: dict[str, bytes]
) -> None:
    server.queue(ok(UPLOADED_FILE))
    await api.call("files.upload", file=("batch.jsonl", b'{"custom_id": "1"}\n'), **fields)
    assert multipart_parts(only_request(server)) == {
        "file": Part("batch.jsonl", "application/jsonl", b'{"custom_id": "1"}\n'),
        **{name: Part(None, "text/plain", value) for name, value in form.items()},
    }


async def test_two_uploads_use_different_random_boundaries(
    api: Api, server: RecordingServer
) -> None:
    server.queue(ok(UPLOADED_FILE), ok(UPLOADED_FILE))
    await api.call("files.upload", file=UPLOAD_BYTES, purpose="batch")
    await api.call("files.upload", file=UPLOAD_BYTES, purpose="batch")
    first, second = (boundary_of(sent) for sent in server.requests)
    assert first != second
    assert "+++" not in (first, second)
    assert len(first) >= 16


@pytest.mark.parametrize(
    "reply",
    [ok(UPLOADED_FILE), Reply.json({"object": "error", "message": "boom"}, status=500)],
    ids=["success", "server-error"],
)
async def test_upload_from_path_closes_its_file_handle(
    api: Api,
    server: RecordingServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reply: Reply,
) -> None:
    source = _write(tmp_path, "train.jsonl")
    opened: list[IO[Any]] = []
    real_open = Path.open

    def recording_open(self: Path, *args: Any, **kwargs: Any) -> IO[Any]:
        handle: IO[Any] = real_open(self, *args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(Path, "open", recording_open)
    server.queue(reply)

    with contextlib.suppress(errors.InternalServerError):
        await api.call("files.upload", file=source, purpose="fine-tune")

    assert len(server.requests) == 1
    assert [handle.closed for handle in opened] == [True]


# --- downloads to disk -------------------------------------------------------------------------


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


BIG_DOWNLOAD = b"".join(
    b'{"custom_id": "%d", "response": {"body": {"choices": []}}}\n' % i for i in range(20_000)
)


@pytest.mark.parametrize("as_str", [False, True], ids=["path", "str"])
async def test_download_to_path_streams_to_disk(
    api: Api, server: RecordingServer, tmp_path: Path, as_str: bool
) -> None:
    server.queue(Reply(200, BIG_DOWNLOAD, {"Content-Type": "application/octet-stream"}))
    target = tmp_path / "results.jsonl"

    result = await api.call("files.download", FILE_ID, to=str(target) if as_str else target)

    sent = only_request(server)
    assert (sent.method, sent.path) == ("GET", f"/v1/files/{FILE_ID}/content")
    assert result == target
    assert target.read_bytes() == BIG_DOWNLOAD
    assert listing(tmp_path) == ["results.jsonl"]  # no .part file left over


async def test_failed_download_to_path_leaves_nothing(
    api: Api, server: RecordingServer, tmp_path: Path
) -> None:
    server.queue(Reply.json({"detail": "File not found"}, status=404))
    with pytest.raises(errors.NotFoundError):
        await api.call("files.download", FILE_ID, to=tmp_path / "results.jsonl")
    assert listing(tmp_path) == []


# --- pagination --------------------------------------------------------------------------------


def file_page(ids: Sequence[str], total: int | None = None) -> dict[str, Any]:
    # The API sends `total: null` when it did not count.
    return {"object": "list", "total": total, "data": [{**FILE_OBJECT, "id": i} for i in ids]}


def job_page(ids: Sequence[str], total: int) -> dict[str, Any]:
    return {"object": "list", "total": total, "data": [{**FT_JOB, "id": i} for i in ids]}


def batch_page(ids: Sequence[str], total: int) -> dict[str, Any]:
    return {"object": "list", "total": total, "data": [{**BATCH_JOB, "id": i} for i in ids]}


def agent_page(ids: Sequence[str]) -> list[dict[str, Any]]:
    return [{**AGENT, "id": i} for i in ids]


FIVE = ("i1", "i2", "i3", "i4", "i5")


@dataclass(frozen=True)
class Paging:
    """iter_all over `pages` (served in order) with page_size=2 and `filters`."""

    id: str
    method: str
    filters: Mapping[str, Any]
    filter_query: Mapping[str, list[str]]
    pages: Sequence[Any]
    items: Sequence[str]


PAGINGS = [
    Paging(
        "files-short-last-page",
        "files.iter_all",
        {"purpose": "fine-tune", "search": "train"},
        {"purpose": ["fine-tune"], "search": ["train"]},
        [file_page(FIVE[:2]), file_page(FIVE[2:4]), file_page(FIVE[4:])],
        FIVE,
    ),
    Paging(
        "files-empty-last-page",
        "files.iter_all",
        {},
        {},
        [file_page(FIVE[:2]), file_page(FIVE[2:4]), file_page([])],
        FIVE[:4],
    ),
    Paging(
        "files-stops-on-total",
        "files.iter_all",
        {"source": ["upload"]},
        {"source": ["upload"]},
        [file_page(FIVE[:2], total=4), file_page(FIVE[2:4], total=4)],
        FIVE[:4],
    ),
    Paging(
        "jobs-five-over-three-pages",
        "fine_tuning.jobs.iter_all",
        {"status": "RUNNING", "model": "open-mistral-7b"},
        {"status": ["RUNNING"], "model": ["open-mistral-7b"]},
        [job_page(FIVE[:2], 5), job_page(FIVE[2:4], 5), job_page(FIVE[4:], 5)],
        FIVE,
    ),
    Paging(
        "jobs-stops-on-total",
        "fine_tuning.jobs.iter_all",
        {"created_by_me": True},
        {"created_by_me": ["true"]},
        [job_page(FIVE[:2], 4), job_page(FIVE[2:4], 4)],
        FIVE[:4],
    ),
    Paging(
        "batch-five-over-three-pages",
        "batch.jobs.iter_all",
        {"status": ["RUNNING", "QUEUED"]},
        {"status": ["RUNNING", "QUEUED"]},
        [batch_page(FIVE[:2], 5), batch_page(FIVE[2:4], 5), batch_page(FIVE[4:], 5)],
        FIVE,
    ),
    Paging(
        "agents-bare-array-short-last-page",
        "agents.iter_all",
        {},
        {},
        [agent_page(FIVE[:2]), agent_page(FIVE[2:4]), agent_page(FIVE[4:])],
        FIVE,
    ),
    Paging(
        "agents-bare-array-empty-last-page",
        "agents.iter_all",
        {},
        {},
        [agent_page(FIVE[:2]), agent_page(FIVE[2:4]), agent_page([])],
        FIVE[:4],
    ),
]


@pytest.mark.parametrize("paging", PAGINGS, ids=[paging.id for paging in PAGINGS])
async def test_iter_all_walks_pages(api: Api, server: RecordingServer, paging: Paging) -> None:
    server.queue(*(ok(page) for page in paging.pages))

    items = await api.collect(paging.method, page_size=2, **paging.filters)

    assert [item.id for item in items] == list(paging.items)
    # One request per page (a further request would get the server's `{}` and fail to parse),
    # each with the next page number and every filter.
    assert [sent.query for sent in server.requests] == [
        {"page": [str(number)], "page_size": ["2"], **paging.filter_query}
        for number in range(len(paging.pages))
    ]
    assert all(sent.method == "GET" for sent in server.requests)


async def test_iter_all_fetches_lazily(api: Api, server: RecordingServer) -> None:
    server.queue(ok(file_page(FIVE[:2])), ok(file_page(FIVE[2:4])))
    iterator = api.method("files.iter_all")(page_size=2)
    first = await anext(iterator) if api.is_async else next(iterator)
    assert first.id == "i1"
    assert len(server.requests) == 1


# --- per-call options --------------------------------------------------------------------------


@dataclass(frozen=True)
class Simple:
    """A small call used to exercise per-call options."""

    id: str
    method: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    reply: Any


SIMPLE_CALLS = [
    Simple("models.list", "models.list", (), {}, {"object": "list", "data": [BASE_MODEL_CARD]}),
    Simple("files.retrieve", "files.retrieve", (FILE_ID,), {}, FILE_OBJECT),
    Simple("chat.complete", "chat.complete", (), CHAT_ARGS, CHAT_REPLY),
    Simple(
        "embeddings.create",
        "embeddings.create",
        (),
        {"model": "mistral-embed", "input": "hi"},
        EMBEDDINGS_REPLY,
    ),
]
SIMPLE_IDS = [call.id for call in SIMPLE_CALLS]


async def call_simple(api: Api, server: RecordingServer, call: Simple, **options: Any) -> Any:
    server.queue(ok(call.reply))
    return await api.call(call.method, *call.args, **call.kwargs, **options)


@pytest.mark.parametrize("call", SIMPLE_CALLS, ids=SIMPLE_IDS)
async def test_extra_headers_are_sent(api: Api, server: RecordingServer, call: Simple) -> None:
    headers = {"X-Request-Tag": "nightly-eval", "OpenAI-Organization": "ignored-by-mistral"}
    await call_simple(api, server, call, extra_headers=headers)
    sent = only_request(server)
    assert sent.headers["x-request-tag"] == "nightly-eval"
    assert sent.headers["openai-organization"] == "ignored-by-mistral"
    assert_common_headers(sent)
    assert b"extra_headers" not in sent.body


@pytest.mark.parametrize("call", SIMPLE_CALLS[2:], ids=SIMPLE_IDS[2:])
async def test_extra_body_is_merged_into_the_json(
    api: Api, server: RecordingServer, call: Simple
) -> None:
    extra = {"prompt_cache_key": "user-42", "x_experiment": {"arm": "b"}}
    await call_simple(api, server, call, extra_body=extra)
    assert only_request(server).json() == {**call.kwargs, **extra}


@pytest.mark.parametrize("call", SIMPLE_CALLS, ids=SIMPLE_IDS)
async def test_generous_timeout_is_accepted(
    api: Api, server: RecordingServer, call: Simple
) -> None:
    result = await call_simple(api, server, call, timeout=30)
    assert result is not None
    assert len(server.requests) == 1


async def test_short_timeout_raises_timeout_error(api: Api, server: RecordingServer) -> None:
    server.queue(Reply(hang=True))
    with pytest.raises(errors.APITimeoutError):
        await api.call("models.list", timeout=0.2)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("options", "attempts"),
    [({"max_retries": 0}, 1), ({}, 2)],
    ids=["max_retries=0-one-attempt", "client-default-retries"],
)
async def test_max_retries_per_call(
    api: Api, server: RecordingServer, options: dict[str, Any], attempts: int
) -> None:
    no_wait = RetryConfig(initial_delay=0, max_delay=0, jitter=0)
    server.queue(Reply.json({"detail": "upstream busy"}, status=503), ok(FILE_OBJECT))
    async with client_like(api, server, max_retries=2, retry=no_wait) as retrying:
        if attempts == 1:
            with pytest.raises(errors.ServiceUnavailableError):
                await retrying.call("files.retrieve", FILE_ID, **options)
        else:
            result = await retrying.call("files.retrieve", FILE_ID, **options)
            assert result.id == FILE_ID
    assert len(server.requests) == attempts


# --- with_raw_response -------------------------------------------------------------------------

RATE_HEADERS = {
    "mistral-correlation-id": REQUEST_ID,
    "x-kong-request-id": REQUEST_ID,
    "x-ratelimit-remaining-req-minute": "717",
    "x-ratelimit-tokens-query-cost": "52",
}


@dataclass(frozen=True)
class Raw:
    id: str
    simple: Simple
    headers: Mapping[str, str]
    request_id: str | None
    parsed: tuple[str, Any]  # dotted path in `raw.parsed` and its value


RAWS = [
    Raw(
        "models.list",
        SIMPLE_CALLS[0],
        RATE_HEADERS,
        REQUEST_ID,
        ("data.0.id", "mistral-medium-2505"),
    ),
    Raw("files.retrieve", SIMPLE_CALLS[1], RATE_HEADERS, REQUEST_ID, ("id", FILE_ID)),
    Raw("chat.complete", SIMPLE_CALLS[2], RATE_HEADERS, REQUEST_ID, ("usage.total_tokens", 19)),
    Raw("kong-id-fallback", SIMPLE_CALLS[1], {"x-kong-request-id": "k-1"}, "k-1", ("id", FILE_ID)),
    Raw("no-request-id", SIMPLE_CALLS[1], {}, None, ("id", FILE_ID)),
]


@pytest.mark.parametrize("case", RAWS, ids=[raw.id for raw in RAWS])
async def test_with_raw_response(api: Api, server: RecordingServer, case: Raw) -> None:
    call = case.simple
    server.queue(ok(call.reply, case.headers))

    raw = await api.call("with_raw_response", api.method(call.method), *call.args, **call.kwargs)

    sent = only_request(server)
    assert (raw.status_code, raw.method) == (200, sent.method)
    assert raw.url == server.base_url + sent.path
    assert raw.request_id == case.request_id
    assert dict(raw.headers).items() >= {k.lower(): v for k, v in case.headers.items()}.items()
    path, value = case.parsed
    assert dig(raw.parsed, path) == value
    assert raw.elapsed_seconds >= 0
