"""Traces, metrics and logs (seed 9, issue 12), read back through the OpenTelemetry SDK's
in-memory exporter and reader: every operation's span through the sync and the async
client, attempts of a retried call, error spans, each seed metric with its labels and
buckets after a scripted run against the emulator, the structured log records, content
capture and truncation, and the no-OpenTelemetry path (in a subprocess)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode

from mistral_client import AsyncMistral, CircuitBreakerConfig, Mistral, RetryConfig, errors
from mistral_client._observability import has_output
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY, Api, open_api
from tests.overlay.test_methods import (
    CASES,
    CHAT_ARGS,
    CHAT_REPLY,
    REQUEST_ID,
    UPLOADED_FILE,
    Case,
    ok,
)
from tests.overlay.test_streaming import HELLO, TEXT_EVENTS, chunks_of, event, opened, sse
from tests.support.clock import FakeClock
from tests.support.otel import InMemoryOtel, only
from tests.support.server import RecordingServer, Reply

# Seed 9.1 operation names: our method -> the span's `mistral.client.<operation>`.
SEED_OPERATIONS = {
    "chat.complete": "chat.create",
    "fim.complete": "fim.create",
    "embeddings.create": "embeddings.create",
    "models.list": "models.list",
    "models.retrieve": "models.retrieve",
    "models.delete": "models.delete",
    "models.update": "models.update",
    "models.archive": "models.archive",
    "models.unarchive": "models.unarchive",
    "files.upload": "files.upload",
    "files.list": "files.list",
    "files.retrieve": "files.retrieve",
    "files.delete": "files.delete",
    "files.download": "files.download",
    "files.get_signed_url": "files.get_signed_url",
    "fine_tuning.jobs.create": "fine_tuning.jobs.create",
    "fine_tuning.jobs.list": "fine_tuning.jobs.list",
    "fine_tuning.jobs.get": "fine_tuning.jobs.get",
    "fine_tuning.jobs.cancel": "fine_tuning.jobs.cancel",
    "fine_tuning.jobs.start": "fine_tuning.jobs.start",
    "agents.create": "agents.create",
    "agents.list": "agents.list",
    "agents.get": "agents.get",
    "agents.update": "agents.update",
    "agents.delete": "agents.delete",
    "agents.complete": "agents.completions.create",
    "batch.jobs.create": "batch.jobs.create",
    "batch.jobs.list": "batch.jobs.list",
    "batch.jobs.get": "batch.jobs.get",
    "batch.jobs.cancel": "batch.jobs.cancel",
    "classifiers.moderate": "classifiers.moderate",
    "classifiers.moderate_chat": "classifiers.moderate_chat",
    "classifiers.classify": "classifiers.classify",
    "classifiers.classify_chat": "classifiers.classify_chat",
}
GEN_AI_OPERATIONS = {
    "chat.complete": "chat",
    "fim.complete": "text_completion",
    "embeddings.create": "embeddings",
    "agents.complete": "invoke_agent",
    "agents.create": "create_agent",
}
# Calls that run a model (list filters named `model` do not make a call about one model).
MODEL_METHODS = {
    "chat.complete",
    "fim.complete",
    "embeddings.create",
    "agents.create",
    "fine_tuning.jobs.create",
    "batch.jobs.create",
    "classifiers.moderate",
    "classifiers.moderate_chat",
    "classifiers.classify",
    "classifiers.classify_chat",
}
RETRY_AT_ONCE: dict[str, Any] = {
    "max_retries": 2,
    "retry": RetryConfig(initial_delay=0, max_delay=0, jitter=0),
}
SEED_DURATION_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
SEED_TTFT_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5)
HEX16 = re.compile(r"[0-9a-f]{16}")
MODELS = {"object": "list", "data": []}


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def otel() -> InMemoryOtel:
    return InMemoryOtel()


@pytest.fixture(params=["sync", "async"])
async def traced(
    request: pytest.FixtureRequest, server: RecordingServer, otel: InMemoryOtel
) -> AsyncIterator[Api]:
    """An instrumented client (sync or async) on the recording server."""
    async with open_api(request.param, server.base_url, **otel.settings) as opened:
        yield opened


def attributes(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


def one_call(otel: InMemoryOtel) -> tuple[ReadableSpan, list[ReadableSpan]]:
    calls = otel.calls()
    assert len(calls) == 1, [span.name for span in calls]
    return calls[0], otel.children(calls[0])


# --- spans ------------------------------------------------------------------------------------


async def test_every_operation_has_its_seed_span(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    """One span per call, named and attributed per seed 9.1 and the GenAI conventions, with
    one attempt child; no message content on any span by default."""
    cases: list[Case | None] = [*CASES, None]  # None: files.upload
    for case in cases:
        if case is None:
            server.queue(ok(UPLOADED_FILE))
            await traced.call("files.upload", file=("train.jsonl", b'{"secret": "FILE-BODY"}\n'))
        else:
            server.queue(case.reply)
            await traced.call(case.method, *case.args, **case.kwargs)

    calls = otel.calls()
    assert len(calls) == len(cases)
    for case, span in zip(cases, calls, strict=True):
        method = case.method if case is not None else "files.upload"
        attrs = attributes(span)
        assert span.name == f"mistral.client.{SEED_OPERATIONS[method]}", method
        assert span.kind is SpanKind.CLIENT
        assert span.status.status_code is StatusCode.UNSET, method
        assert attrs["mistral.operation"] == SEED_OPERATIONS[method]
        assert HEX16.fullmatch(attrs["mistral.request_id"])
        assert attrs["gen_ai.system"] == "mistral_ai"
        assert attrs.get("gen_ai.operation.name") == GEN_AI_OPERATIONS.get(method), method
        assert attrs["http.method"] == (case.http if case is not None else "POST")
        assert attrs["http.url"].startswith(server.base_url + "/v1/")
        assert attrs["http.status_code"] == (case.reply.status if case else 200)
        assert attrs["server.address"] == "127.0.0.1"
        assert attrs["mistral.attempts"] == 1
        if case is not None and case.reply.headers.get("mistral-correlation-id"):
            assert attrs["mistral.correlation_id"] == REQUEST_ID
        model = case.kwargs.get("model") if case is not None else None
        if method in MODEL_METHODS and model is not None:
            assert attrs["mistral.model"] == attrs["gen_ai.request.model"] == model, method
        else:
            assert "mistral.model" not in attrs, method
        if case is not None and case.http == "POST" and case.body is not None:
            assert attrs["http.request_content_length"] > 0, method
        if case is not None and case.reply.body:
            assert attrs["http.response_content_length"] == len(case.reply.body), method
        [attempt] = otel.children(span)
        assert attempt.name == f"{span.name}.attempt"
        assert attributes(attempt)["mistral.attempt"] == 1
        assert attributes(attempt)["http.status_code"] == attrs["http.status_code"]
        text = span.to_json()
        for content in ("capital of France", "Paris.", "FILE-BODY"):
            assert content not in text, (method, content)


async def test_chat_span_carries_tokens_finish_reason_and_request_settings(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(ok(CHAT_REPLY))
    await traced.call("chat.complete", **CHAT_ARGS)
    span, _ = one_call(otel)
    usage: Any = CHAT_REPLY["usage"]
    assert {
        key: attributes(span).get(key)
        for key in (
            "mistral.prompt_tokens",
            "mistral.completion_tokens",
            "mistral.total_tokens",
            "mistral.finish_reason",
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens",
            "gen_ai.response.finish_reasons",
            "gen_ai.response.id",
            "gen_ai.response.model",
            "gen_ai.request.temperature",
            "gen_ai.request.max_tokens",
        )
    } == {
        "mistral.prompt_tokens": usage["prompt_tokens"],
        "mistral.completion_tokens": usage["completion_tokens"],
        "mistral.total_tokens": usage["total_tokens"],
        "mistral.finish_reason": "stop",
        "gen_ai.usage.input_tokens": usage["prompt_tokens"],
        "gen_ai.usage.output_tokens": usage["completion_tokens"],
        "gen_ai.response.finish_reasons": ("stop",),
        "gen_ai.response.id": CHAT_REPLY["id"],
        "gen_ai.response.model": CHAT_REPLY["model"],
        "gen_ai.request.temperature": CHAT_ARGS["temperature"],
        "gen_ai.request.max_tokens": CHAT_ARGS["max_tokens"],
    }


async def test_span_is_a_child_of_the_callers_span(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(ok({"object": "list", "data": []}))
    tracer = otel.tracer_provider.get_tracer("app")
    with tracer.start_as_current_span("handler") as parent:
        await traced.call("models.list")
    span, _ = one_call(otel)
    assert span.parent is not None
    assert span.parent.span_id == parent.get_span_context().span_id
    assert span.context is not None
    assert span.context.trace_id == parent.get_span_context().trace_id


async def test_retried_call_shows_each_attempt(
    server: RecordingServer, otel: InMemoryOtel, kind: str
) -> None:
    server.queue(
        Reply.json({"detail": "busy"}, status=503),
        Reply.json({"detail": "busy"}, status=502),
        Reply.json({"object": "list", "data": []}),
    )
    async with open_api(kind, server.base_url, **RETRY_AT_ONCE, **otel.settings) as api:
        await api.call("models.list")
    span, attempts = one_call(otel)
    assert attributes(span)["mistral.attempts"] == 3
    assert attributes(span)["http.status_code"] == 200
    assert span.status.status_code is StatusCode.UNSET
    assert [attributes(a)["mistral.attempt"] for a in attempts] == [1, 2, 3]
    assert [attributes(a)["http.status_code"] for a in attempts] == [503, 502, 200]
    assert [a.status.status_code for a in attempts] == [
        StatusCode.ERROR,
        StatusCode.ERROR,
        StatusCode.UNSET,
    ]
    assert [e.attributes["mistral.attempt"] for e in span.events if e.attributes] == [2, 3]
    retries = otel.metrics()["mistral_retries_total"]
    assert {(p.labels["attempt_number"], p.value) for p in retries} == {("2", 1), ("3", 1)}
    assert {p.labels["service"] for p in retries} == {"models"}


async def test_error_span_has_status_type_and_exception(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(Reply.json({"object": "error", "message": "no such file"}, status=404))
    with pytest.raises(errors.NotFoundError):
        await traced.call("files.retrieve", "file-1")
    span, [attempt] = one_call(otel)
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "NotFoundError"
    assert attributes(span)["error.type"] == "NotFoundError"
    assert attributes(span)["http.status_code"] == 404
    [event] = [e for e in span.events if e.name == "exception"]
    assert event.attributes is not None
    assert str(event.attributes["exception.type"]).endswith("NotFoundError")
    assert attempt.status.status_code is StatusCode.ERROR


async def test_connection_failure_span_and_metrics(otel: InMemoryOtel, kind: str) -> None:
    from tests.overlay.test_secrets import closed_port_url

    async with open_api(kind, closed_port_url(), **otel.settings) as api:
        with pytest.raises(errors.APIConnectionError):
            await api.call("models.list")
    span, [attempt] = one_call(otel)
    assert attributes(span)["error.type"] == "APIConnectionError"
    assert "http.status_code" not in attributes(span)
    assert attributes(attempt)["error.type"] == "ConnectError"
    metrics = otel.metrics()
    assert only(metrics["mistral_requests_total"], service="models").labels["status"] == "error"
    error = only(metrics["mistral_errors_total"], service="models")
    assert error.labels == {
        "service": "models",
        "error_type": "APIConnectionError",
        "retryable": "true",
    }


async def test_invalid_extra_headers_fail_the_span_without_counting_a_request(
    traced: Api, otel: InMemoryOtel
) -> None:
    with pytest.raises(errors.RequestValidationError):
        await traced.call("models.list", extra_headers={"Authorization": "Bearer other"})
    span, attempts = one_call(otel)
    assert (span.status.status_code, attempts) == (StatusCode.ERROR, [])
    metrics = otel.metrics()
    assert "mistral_requests_total" not in metrics
    assert only(metrics["mistral_errors_total"]).labels["error_type"] == "RequestValidationError"


async def test_capture_content_opt_in_truncated(
    server: RecordingServer, otel: InMemoryOtel, kind: str
) -> None:
    server.queue(ok(CHAT_REPLY))
    settings = {**otel.settings, "capture_content": True, "content_limit": 100}
    async with open_api(kind, server.base_url, **settings) as api:
        await api.call("chat.complete", **CHAT_ARGS)
    span, _ = one_call(otel)
    sent = json.dumps({"messages": CHAT_ARGS["messages"]}, ensure_ascii=False)
    assert len(sent) > 100
    assert attributes(span)["gen_ai.input.messages"] == f"{sent[:100]}... [{len(sent)} chars]"
    received = json.loads(attributes(span)["gen_ai.output.messages"])
    wire = dict(CHAT_REPLY["choices"][0]["message"])  # type: ignore[index]
    assert wire.pop("tool_calls") is None  # the parsed message reads null as [] and omits it
    assert received == [wire]


# --- metrics ----------------------------------------------------------------------------------


@pytest.fixture
def emulator() -> Iterator[MistralEmulator]:
    with MistralEmulator(requests_per_minute=50, tokens_per_minute=100_000) as running:
        yield running


async def test_seed_metrics_after_a_scripted_run(
    emulator: MistralEmulator, otel: InMemoryOtel, kind: str
) -> None:
    """Two chats, an embedding, a models.list retried once after a 503, a missing file (404)
    and a 429 that is not retried: every counter, histogram and gauge, label by label."""
    chat = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hi"}]}
    async with open_api(kind, emulator.base_url, **RETRY_AT_ONCE, **otel.settings) as api:
        first = await api.call("chat.complete", **chat)
        second = await api.call("chat.complete", **chat)
        embedded = await api.call("embeddings.create", model="mistral-embed", input=["a b c"])
        emulator.inject(Fault.error(503), path="/v1/models")
        await api.call("models.list")
        with pytest.raises(errors.NotFoundError):
            await api.call("files.retrieve", "missing")
        emulator.inject(Fault.error(429, retry_after=600), path="/v1/chat/completions")
        with pytest.raises(errors.RateLimitError):
            await api.call("chat.complete", **chat)
    metrics = otel.metrics()

    requests = {
        tuple(p.labels[k] for k in ("service", "method", "status", "model")): p.value
        for p in metrics["mistral_requests_total"]
    }
    assert requests == {
        ("chat", "create", "200", "mistral-small-latest"): 2,
        ("chat", "create", "429", "mistral-small-latest"): 1,
        ("embeddings", "create", "200", "mistral-embed"): 1,
        ("models", "list", "200", ""): 1,
        ("files", "retrieve", "404", ""): 1,
    }

    tokens = {
        (p.labels["service"], p.labels["direction"], p.labels["model"]): p.value
        for p in metrics["mistral_tokens_total"]
    }
    assert tokens == {
        ("chat", "prompt", "mistral-small-latest"): first.usage.prompt_tokens
        + second.usage.prompt_tokens,
        ("chat", "completion", "mistral-small-latest"): first.usage.completion_tokens
        + second.usage.completion_tokens,
        ("embeddings", "prompt", "mistral-embed"): embedded.usage.prompt_tokens,
        ("embeddings", "completion", "mistral-embed"): embedded.usage.completion_tokens,
    }
    assert all(value > 0 for key, value in tokens.items() if key[0] == "chat")

    errors_seen = {
        (p.labels["service"], p.labels["error_type"], p.labels["retryable"]): p.value
        for p in metrics["mistral_errors_total"]
    }
    assert errors_seen == {
        ("files", "NotFoundError", "false"): 1,
        ("chat", "RateLimitError", "true"): 1,
    }

    retries = [(p.labels, p.value) for p in metrics["mistral_retries_total"]]
    assert retries == [({"service": "models", "attempt_number": "2"}, 1)]

    durations = metrics["mistral_request_duration_seconds"]
    assert {tuple(sorted(p.labels)) for p in durations} == {("method", "service", "status")}
    assert sum(p.value for p in durations) == 6
    assert only(durations, service="chat", status="200").value == 2
    for point in durations:
        assert point.bounds == SEED_DURATION_BUCKETS
        assert sum(point.bucket_counts) == point.value

    # The GenAI conventions' client metrics, for the GenAI operations only.
    gen_ai_durations = {
        (p.labels["gen_ai.operation.name"], p.labels.get("error.type")): p.value
        for p in metrics["gen_ai.client.operation.duration"]
    }
    assert gen_ai_durations == {
        ("chat", None): 2,
        ("chat", "RateLimitError"): 1,
        ("embeddings", None): 1,
    }
    usage = {
        (p.labels["gen_ai.operation.name"], p.labels["gen_ai.token.type"]): (p.value, p.sum)
        for p in metrics["gen_ai.client.token.usage"]
    }
    assert usage[("chat", "input")] == (2, tokens[("chat", "prompt", "mistral-small-latest")])
    assert usage[("embeddings", "input")] == (1, embedded.usage.prompt_tokens)
    for point in metrics["gen_ai.client.token.usage"]:
        assert point.labels["gen_ai.provider.name"] == "mistral_ai"
        assert point.bounds[:3] == (1, 4, 16)

    remaining = {p.labels["limit_type"]: p.value for p in metrics["mistral_rate_limit_remaining"]}
    # The emulator's budget: 50 requests a minute, 100k tokens; each answered call used some.
    assert 0 < remaining["requests"] < 50
    assert 0 < remaining["tokens"] < 100_000


# --- logs -------------------------------------------------------------------------------------

FIELDS = (
    "request_id",
    "trace_id",
    "model",
    "operation",
    "duration_ms",
    "status_code",
    "error_type",
)


class Records:
    """Every record of the mistral_client tree, down to level 1 (below TRACE)."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    def all(self) -> list[logging.LogRecord]:
        return self.caplog.records

    def calls(self) -> list[logging.LogRecord]:
        return [r for r in self.caplog.records if r.name == "mistral_client.calls"]

    def texts(self) -> list[str]:
        return [f"{r.getMessage()} {vars(r)!r}" for r in self.caplog.records]


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> Records:
    caplog.set_level(1, logger="mistral_client")
    return Records(caplog)


@pytest.mark.parametrize("instrument", [True, False], ids=["otel", "no-otel"])
async def test_call_logs_carry_the_structured_fields(
    server: RecordingServer,
    otel: InMemoryOtel,
    records: Records,
    kind: str,
    instrument: bool,
) -> None:
    server.queue(ok(CHAT_REPLY))
    settings = {**otel.settings, "instrument": instrument} if instrument else {"instrument": False}
    async with open_api(kind, server.base_url, **settings) as api:
        await api.call("chat.complete", **CHAT_ARGS)
    logged = records.calls()
    assert [(r.levelno, r.getMessage().split(" ")[1]) for r in logged] == [
        (logging.INFO, "started"),
        (logging.DEBUG, "request:"),
        (logging.INFO, "completed"),
        (logging.DEBUG, "response:"),
    ]
    for record in logged:
        assert {name: hasattr(record, name) for name in FIELDS} == dict.fromkeys(FIELDS, True)
        assert record.operation == "chat.create"  # type: ignore[attr-defined]
        assert record.model == "mistral-small-latest"  # type: ignore[attr-defined]
        assert record.error_type is None  # type: ignore[attr-defined]
    assert len({r.request_id for r in logged}) == 1  # type: ignore[attr-defined]
    completed = logged[2]
    assert completed.status_code == 200  # type: ignore[attr-defined]
    assert completed.duration_ms > 0  # type: ignore[attr-defined]
    if instrument:
        span, _ = one_call(otel)
        assert span.context is not None
        expected = f"{span.context.trace_id:032x}"
        assert {r.trace_id for r in logged} == {expected}  # type: ignore[attr-defined]
        assert attributes(span)["mistral.request_id"] == completed.request_id  # type: ignore[attr-defined]
    else:
        assert {r.trace_id for r in logged} == {None}  # type: ignore[attr-defined]
        assert otel.spans() == []


async def test_failures_log_an_error_with_its_type_not_its_message(
    api: Api, server: RecordingServer, records: Records
) -> None:
    server.queue(Reply.json({"message": "Unauthorized", "request_id": "r-1"}, status=401))
    with pytest.raises(errors.AuthenticationError):
        await api.call("models.list")
    [failure] = [r for r in records.calls() if r.levelno == logging.ERROR]
    assert failure.error_type == "AuthenticationError"  # type: ignore[attr-defined]
    assert failure.status_code == 401  # type: ignore[attr-defined]
    assert "Unauthorized" not in failure.getMessage()


async def test_a_429_is_a_warning(api: Api, server: RecordingServer, records: Records) -> None:
    server.queue(Reply.json({"message": "Requests rate limit exceeded"}, status=429))
    with pytest.raises(errors.RateLimitError):
        await api.call("models.list")
    levels = [r.levelno for r in records.calls() if r.levelno >= logging.WARNING]
    assert levels == [logging.WARNING, logging.ERROR]


async def test_message_content_only_at_debug_truncated_and_whole_at_trace(
    server: RecordingServer, records: Records, kind: str
) -> None:
    words = " ".join(f"word{i}" for i in range(100))
    chat = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": words}]}
    server.queue(ok(CHAT_REPLY), ok(CHAT_REPLY))
    async with open_api(kind, server.base_url, content_limit=100) as api:
        await api.call("chat.complete", **chat)
        logging.getLogger("mistral_client").setLevel(logging.DEBUG)
        await api.call("chat.complete", **chat)
    with_content = [r for r in records.all() if "word0" in r.getMessage()]
    assert with_content, "the request body was logged at all"
    assert max(r.levelno for r in records.all() if "word0" in f"{r.getMessage()}{vars(r)}") <= 10
    traced_body, debug_body = (r.getMessage() for r in with_content if "request:" in r.getMessage())
    assert "word99" in traced_body  # TRACE (level 5): the whole body
    assert "word99" not in debug_body
    assert debug_body.endswith(" chars]")


async def test_file_content_is_never_logged(
    api: Api, server: RecordingServer, records: Records, tmp_path: Path
) -> None:
    uploaded = b'{"prompt": "UPLOADED-SECRET-LINE"}\n'
    downloaded = b'{"result": "DOWNLOADED-SECRET-LINE"}\n'
    server.queue(
        ok(UPLOADED_FILE),
        Reply(200, downloaded, {"Content-Type": "application/json"}),
        Reply(200, downloaded, {"Content-Type": "application/json"}),
    )
    await api.call("files.upload", file=("data.jsonl", uploaded), purpose="batch")
    assert await api.call("files.download", "file-1") == downloaded
    await api.call("files.download", "file-1", to=tmp_path / "out.jsonl")
    assert any("files.download response" in text for text in records.texts())
    for text in records.texts():
        assert "SECRET-LINE" not in text


# --- without OpenTelemetry --------------------------------------------------------------------

NO_OTEL_SCRIPT = textwrap.dedent(
    """
    import importlib.abc, json, os, sys

    import mistral_client
    from mistral_client import Mistral, errors
    from tests.support.server import RecordingServer, Reply

    OURS = os.path.dirname(mistral_client.__file__)

    class Watch(importlib.abc.MetaPathFinder):
        \"\"\"Notes every opentelemetry module that code of mistral_client imports itself
        (dependencies may import it on their own: redis-py does when it is installed).
        With `absent`, fails every opentelemetry import, as if the package were missing.\"\"\"

        absent = False
        ours = []

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] != "opentelemetry":
                return None
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith("<frozen"):
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(OURS):
                self.ours.append(name)
            if self.absent:
                raise ImportError(f"No module named {name!r}")
            return None

    watch = Watch()
    sys.meta_path.insert(0, watch)

    def list_models(server, **options):
        server.queue(Reply.json({"object": "list", "data": []}))
        with Mistral(api_key="sk-test", base_url=server.base_url, **options) as client:
            return client.models.list().data == [], client._core.telemetry.enabled

    report = {}
    with RecordingServer() as server:
        report["off"] = [*list_models(server, instrument=False), list(watch.ours)]
        # From here on, as if the extra were not installed.
        for name in [m for m in sys.modules if m.split(".")[0] == "opentelemetry"]:
            del sys.modules[name]
        watch.absent = True
        report["absent"] = [*list_models(server), list(watch.ours)]
        try:
            Mistral(api_key="sk-test", base_url=server.base_url, instrument=True)
        except errors.ConfigurationError as exc:
            report["instrument_true"] = str(exc)
        watch.absent = False
        report["control"] = [*list_models(server), sorted(set(watch.ours))[:1]]
    print(json.dumps(report))
    """
)


def fresh_process_report(script: str, *args: str) -> Any:
    """The JSON a script prints, run in a new interpreter (global OpenTelemetry state and
    imports are per process)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_opentelemetry_nothing_of_it_is_imported() -> None:
    """instrument=False, then the package made unimportable: calls work, spans and metrics
    are off, and no code of ours imports opentelemetry; instrument=True says why not. The
    control (instrumented by default) proves the watch sees our imports."""
    report = fresh_process_report(NO_OTEL_SCRIPT)
    assert report["off"] == [True, False, []]
    assert report["absent"][:2] == [True, False]
    assert "pip install 'mistral-client[otel]'" in report["instrument_true"]
    assert report["control"] == [True, True, ["opentelemetry"]]


def test_instrumented_by_default_when_installed(server: RecordingServer) -> None:
    with Mistral(api_key=CANARY_KEY, base_url=server.base_url) as client:
        assert client._core.telemetry.enabled
    with Mistral(api_key=CANARY_KEY, base_url=server.base_url, instrument=False) as client:
        assert not client._core.telemetry.enabled


GLOBAL_SDK_LATER = textwrap.dedent(
    """
    import json, sys
    import httpx
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from mistral_client import Mistral
    from mistral_client._observability import CallTrace, _OtelCallTrace

    body = {"object": "list", "data": []}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = Mistral(api_key=sys.argv[1], base_url="http://127.0.0.1:1", transport=transport)
    traces = []
    telemetry = client._core.telemetry
    begin = telemetry.begin
    telemetry.begin = lambda call: traces.append(begin(call)) or traces[-1]
    client.models.list()  # no SDK yet: the API's proxies would record nothing
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # set after the client was built
    client.models.list()
    print(json.dumps({
        "traces": [type(t).__name__ for t in traces],
        "spans": sorted(span.name for span in exporter.get_finished_spans()),
    }))
    """
)


def test_calls_skip_opentelemetry_until_an_sdk_is_set_up() -> None:
    """With only the API installed, the global providers are proxies that record nothing, so
    a call takes the plain path (about 25 us less); an SDK set up later, after the client was
    built, is used from the next call on."""
    report = fresh_process_report(GLOBAL_SDK_LATER, CANARY_KEY)
    assert report["traces"] == ["CallTrace", "_OtelCallTrace"]
    assert report["spans"] == ["mistral.client.models.list", "mistral.client.models.list.attempt"]


@pytest.mark.parametrize("limit", [-1, 1.5, True, "100"])
def test_content_limit_is_checked(limit: Any) -> None:
    with pytest.raises(errors.ConfigurationError, match="content_limit"):
        Mistral(api_key=CANARY_KEY, content_limit=limit)


def test_clients_sharing_providers_add_to_the_same_series(
    server: RecordingServer, otel: InMemoryOtel, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(
        Reply.json({"object": "list", "data": []}), Reply.json({"object": "list", "data": []})
    )
    with (
        Mistral(api_key=CANARY_KEY, base_url=server.base_url, **otel.settings) as first,
        Mistral(api_key=CANARY_KEY, base_url=server.base_url, **otel.settings) as second,
    ):
        first.models.list()
        second.models.list()
    assert only(otel.metrics()["mistral_requests_total"], service="models").value == 2
    assert [r for r in caplog.records if r.name.startswith("opentelemetry")] == []


# --- circuit breaker and rate limiter ---------------------------------------------------------


async def test_breaker_state_gauge_follows_the_circuit(
    server: RecordingServer, otel: InMemoryOtel, kind: str
) -> None:
    breaker = CircuitBreakerConfig(failure_threshold=2, recovery_timeout=30, success_threshold=1)
    settings = {**otel.settings, "circuit_breaker": breaker}
    server.queue(*[Reply.json({"detail": "busy"}, status=503)] * 2, Reply.json(MODELS))
    async with open_api(kind, server.base_url, **settings) as api:
        clock = FakeClock().install(api.client)

        def state() -> float:
            point = only(otel.metrics()["mistral_circuit_breaker_state"])
            assert point.labels == {"service": server.base_url}
            return point.value

        assert state() == 0  # closed
        for _ in range(2):
            with pytest.raises(errors.ServiceUnavailableError):
                await api.call("models.list")
        assert state() == 2  # open
        with pytest.raises(errors.CircuitOpenError):
            await api.call("models.list")
        clock.advance(30)
        await api.call("models.list")  # the probe succeeds
        assert state() == 0
    refused = otel.calls()[2]
    assert attributes(refused)["error.type"] == "CircuitOpenError"
    assert otel.children(refused) == []  # nothing was sent
    metrics = otel.metrics()
    assert sum(p.value for p in metrics["mistral_requests_total"]) == 3  # the refusal is not
    assert only(metrics["mistral_errors_total"], error_type="CircuitOpenError").labels == {
        "service": "models",
        "error_type": "CircuitOpenError",
        "retryable": "false",
    }


async def test_rate_limit_wait_is_a_warning_and_a_span_event(
    server: RecordingServer, otel: InMemoryOtel, records: Records, kind: str
) -> None:
    """A 429 with Retry-After holds the group; the next call waits out the hold."""
    limited = Reply.json({"message": "rate limited"}, status=429, **{"Retry-After": "2"})
    server.queue(limited, Reply.json(MODELS))
    async with open_api(kind, server.base_url, **otel.settings) as api:
        clock = FakeClock().install(api.client)
        with pytest.raises(errors.RateLimitError):
            await api.call("models.list")
        await api.call("models.list")
    assert clock.delays == [2]
    [_, second] = otel.calls()
    [event] = [e for e in second.events if e.name == "mistral.rate_limit_wait"]
    assert event.attributes == {"mistral.wait_seconds": 2}
    warnings = [r for r in records.calls() if r.levelno == logging.WARNING]
    assert [w.getMessage().split()[1] for w in warnings] == ["was", "waits"]  # 429, then wait
    assert warnings[1].request_id == attributes(second)["mistral.request_id"]  # type: ignore[attr-defined]


def test_attempt_spans_survive_a_new_event_loop(
    server: RecordingServer, otel: InMemoryOtel
) -> None:
    """AsyncMistral replaces its pool for a new event loop: the new pool is instrumented too."""
    server.queue(Reply.json(MODELS), Reply.json(MODELS))
    client = AsyncMistral(api_key=CANARY_KEY, base_url=server.base_url, **otel.settings)
    asyncio.run(client.models.list())
    asyncio.run(client.models.list())
    asyncio.run(client.aclose())
    assert [len(otel.children(span)) for span in otel.calls()] == [1, 1]


# --- streams ----------------------------------------------------------------------------------

STREAM_ARGS: dict[str, Any] = {"model": "mistral-small-latest", "messages": HELLO}


def gauge(otel: InMemoryOtel, name: str) -> float:
    return sum(point.value for point in otel.metrics().get(name, []))


async def test_stream_span_lives_until_the_stream_ends_and_records_ttft(
    traced: Api, server: RecordingServer, otel: InMemoryOtel, records: Records
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(traced, "chat.stream", **STREAM_ARGS)
    assert otel.calls() == []  # open: the span has not ended
    assert gauge(otel, "mistral_active_streams") == 1
    assert len(await chunks_of(stream)) == len(TEXT_EVENTS)

    span, [attempt] = one_call(otel)
    attrs = attributes(span)
    assert span.name == "mistral.client.chat.create_stream"
    assert attrs["mistral.operation"] == "chat.create_stream"
    assert attrs["gen_ai.operation.name"] == "chat"
    assert (attrs["mistral.prompt_tokens"], attrs["mistral.completion_tokens"]) == (2, 3)
    assert attrs["mistral.finish_reason"] == "stop"
    assert 0 < attrs["mistral.time_to_first_token"] < span_seconds(span)
    assert [e.name for e in span.events] == ["mistral.first_token"]
    assert "mistral.stream.closed_early" not in attrs
    assert attributes(attempt)["http.status_code"] == 200
    metrics = otel.metrics()
    assert gauge(otel, "mistral_active_streams") == 0
    ttft = only(metrics["mistral_time_to_first_token_seconds"])
    assert (ttft.labels, ttft.value, ttft.bounds) == (
        {"model": "mistral-small-latest"},
        1,
        SEED_TTFT_BUCKETS,
    )
    request = only(metrics["mistral_requests_total"])
    assert request.labels == {
        "service": "chat",
        "method": "create_stream",
        "status": "200",
        "model": "mistral-small-latest",
    }
    streamed = [r.getMessage() for r in records.all() if r.name == "mistral_client.streams"]
    assert [message.split()[:3] for message in streamed] == [
        ["chat.create_stream", "stream", "started"],
        ["chat.create_stream", "stream", "ended"],
    ]


def span_seconds(span: ReadableSpan) -> float:
    return ((span.end_time or 0) - (span.start_time or 0)) / 1e9


async def test_stream_closed_early_ends_its_span(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(sse(*TEXT_EVENTS))
    stream = await opened(traced, "chat.stream", **STREAM_ARGS)
    taken = 0
    if traced.is_async:
        async with stream:
            async for _ in stream:
                taken += 1
                if taken == 2:
                    break
    else:
        with stream:
            for _ in stream:
                taken += 1
                if taken == 2:
                    break
    span, _ = one_call(otel)
    assert attributes(span)["mistral.stream.closed_early"] is True
    assert span.status.status_code is StatusCode.UNSET
    assert "mistral.prompt_tokens" not in attributes(span)  # usage comes with the last chunk
    assert "mistral.time_to_first_token" in attributes(span)  # the second chunk had text
    assert gauge(otel, "mistral_active_streams") == 0


async def test_stream_failing_mid_body_is_an_error_span(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(sse(*TEXT_EVENTS[:2], done=False))
    stream = await opened(traced, "chat.stream", **STREAM_ARGS)
    with pytest.raises(errors.StreamError):
        await chunks_of(stream)
    span, _ = one_call(otel)
    assert span.status.status_code is StatusCode.ERROR
    assert attributes(span)["error.type"] == "StreamError"
    assert gauge(otel, "mistral_active_streams") == 0
    error = only(otel.metrics()["mistral_errors_total"])
    assert error.labels == {"service": "chat", "error_type": "StreamError", "retryable": "false"}


async def test_stream_refused_at_open_is_an_error_span(
    traced: Api, server: RecordingServer, otel: InMemoryOtel
) -> None:
    server.queue(Reply.json({"message": "Requests rate limit exceeded"}, status=429))
    with pytest.raises(errors.RateLimitError):
        await opened(traced, "chat.stream", **STREAM_ARGS)
    span, _ = one_call(otel)
    assert attributes(span)["error.type"] == "RateLimitError"
    assert gauge(otel, "mistral_active_streams") == 0
    assert "mistral_time_to_first_token_seconds" not in otel.metrics()


@pytest.mark.parametrize(
    ("delta", "output"),
    [
        ({"role": "assistant", "content": ""}, False),
        ({"content": "Hi"}, True),
        ({"tool_calls": [{"id": "t", "function": {"name": "f", "arguments": ""}}]}, True),
        ({}, False),
    ],
)
def test_first_output_is_text_or_a_tool_call(delta: dict[str, Any], output: bool) -> None:
    assert has_output(event(delta)) is output
