"""A tour of every API domain through the public client, one line per step.

Usage: python scripts/demo.py [--all]
  Without MISTRAL_API_KEY: starts the local emulator and runs every step offline.
  With MISTRAL_API_KEY: runs against the real API, skipping what costs more than a few
  tokens or cannot be undone (fine-tuning, batch) unless --all; deletes what it creates.
Exits non-zero if any step fails.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from mistral_client import (
    BatchLimits,
    BatchProgress,
    Mistral,
    ToolTurn,
    errors,
    tool_from_function,
)
from mistral_client.models import ModerationCategories

CHAT_MODEL = "mistral-small-latest"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}


class Skip(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A step that does not run in this mode; its message says why."""


@attrs.define
class Tour:
    client: Mistral
    offline: bool
    run_all: bool
    poll: Callable[[], None]
    created: list[tuple[str, str]] = attrs.field(factory=list)
    failures: int = 0
    script: Callable[[str], None] | None = None  # offline: the emulator's next chat reply

    def step(self, name: str, action: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = action()
            mark = "ok  "
        except Skip as reason:
            detail, mark = str(reason), "skip"
        except Exception as exc:  # report every failure, keep touring
            detail, mark = f"{type(exc).__name__}: {exc}", "FAIL"
            self.failures += 1
        elapsed = (time.perf_counter() - started) * 1000
        print(f"{mark} {name:<26} {elapsed:7.0f} ms  {_short(detail)}", flush=True)

    def costly(self, what: str) -> None:
        if not self.offline and not self.run_all:
            raise Skip(f"{what} on the real API: pass --all to run it")


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(reply: Any) -> str:
    content = reply.choices[0].message.content
    return content if isinstance(content, str) else json.dumps(content, default=str)


def models_step(tour: Tour) -> str:
    listing = tour.client.models.list()
    ids = [model.id for model in listing.data]
    card = tour.client.models.retrieve(CHAT_MODEL)
    return f"{len(ids)} models, e.g. {', '.join(ids[:3])}; {card.id} ctx={card.max_context_length}"


def chat_step(tour: Tour) -> str:
    raw = tour.client.with_raw_response(
        tour.client.chat.complete,
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Say hello to the demo in five words."}],
        max_tokens=40,
    )
    reply = raw.parsed
    usage = reply.usage.total_tokens if reply.usage else "?"
    return f'"{_text(reply)}" ({usage} tokens, request id {raw.request_id})'


def streaming_step(tour: Tour) -> str:
    started = time.perf_counter()
    first: float | None = None
    deltas = 0
    print("     ", end="", flush=True)
    with tour.client.chat.stream(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Count from one to ten in words, please."}],
        max_tokens=60,
    ) as stream:
        for text in stream.text():  # token by token, as the server sends them
            if first is None:
                first = time.perf_counter() - started
            deltas += 1
            print(text, end="", flush=True)
        reply = stream.get_final_completion()
    print(flush=True)
    usage = reply.usage.total_tokens if reply.usage else "?"
    first_ms = (first or 0.0) * 1000
    return (
        f"{deltas} text deltas, first after {first_ms:.0f} ms; final message "
        f"{len(_text(reply))} chars, finish={reply.choices[0].finish_reason}, {usage} tokens, "
        f"request id {stream.request_id}"
    )


def stream_tool_step(tour: Tour) -> str:
    with tour.client.chat.stream(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER_TOOL],
        tool_choice="any",
    ) as stream:
        chunks = sum(1 for _ in stream)
        reply = stream.get_final_completion()  # the tool call, assembled from the deltas
    calls = reply.choices[0].message.tool_calls
    if not calls:
        raise AssertionError("no tool call in the streamed reply")
    call = calls[0]
    arguments = json.loads(call.function.arguments)
    return (
        f"{chunks} chunks -> {call.function.name}({arguments}) id={call.id} "
        f"finish={reply.choices[0].finish_reason}"
    )


def tool_step(tour: Tour) -> str:
    reply = tour.client.chat.complete(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER_TOOL],
        tool_choice="any",
    )
    calls = reply.choices[0].message.tool_calls
    if not calls:
        raise AssertionError("no tool call in the reply")
    call = calls[0]
    arguments = json.loads(call.function.arguments)
    return f"{call.function.name}({arguments}) finish={reply.choices[0].finish_reason}"


def json_step(tour: Tour) -> str:
    reply = tour.client.chat.complete(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Give a JSON object with keys name and year."}],
        response_format={"type": "json_object"},
        max_tokens=60,
    )
    value = json.loads(_text(reply))
    return f"valid JSON {type(value).__name__} with keys {sorted(value)[:4]}"


@dataclasses.dataclass
class City:
    name: str
    country: str
    population: int


def parse_step(tour: Tour) -> str:
    result = tour.client.chat.parse(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "The largest city of Norway, as JSON."}],
        response_format=City,
        max_reasks=1,
        max_tokens=80,
    )
    city = result.parsed
    tokens = result.usage.total_tokens if result.usage else "?"
    return f"{city} in {result.attempts} attempt(s), {tokens} tokens"


def structured_stream_step(tour: Tour) -> str:
    with tour.client.chat.stream(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "The largest city of Norway, as JSON."}],
        response_format=City,
        max_tokens=80,
    ) as stream:
        partials = [event.partial for event in stream if event.partial is not None]
        city = stream.get_final_parsed().parsed
    return f"{len(partials)} partial objects, e.g. {partials[len(partials) // 2]}; final {city}"


def demo_weather(city: str) -> str:
    """Current temperature in a city, in Celsius.

    Args:
        city: The city name, e.g. Lyon.
    """
    return json.dumps({"city": city, "celsius": 21})


def demo_fahrenheit(celsius: float) -> str:
    """Convert a temperature from Celsius to Fahrenheit."""
    return f"{celsius * 9 / 5 + 32:.1f}"


def json_tool_loop_step(tour: Tour) -> str:
    tools = [tool_from_function(demo_weather), tool_from_function(demo_fahrenheit)]
    run: dict[str, Callable[..., str]] = {
        "demo_weather": demo_weather,
        "demo_fahrenheit": demo_fahrenheit,
    }
    if tour.script is not None:  # offline, the emulator plays the model's two tool calls
        for name, arguments in (
            ("demo_weather", {"city": "Lyon"}),
            ("demo_fahrenheit", {"celsius": 21}),
        ):
            tour.script(json.dumps({"tool_calls": [{"name": name, "arguments": arguments}]}))
    history: list[dict[str, Any]] = [
        {"role": "user", "content": "How warm is it in Lyon in Fahrenheit? Use the tools."}
    ]
    turns: list[ToolTurn] = []
    while len(turns) < 5:
        turn = tour.client.chat.simulate_tools(
            model=CHAT_MODEL, messages=history, tools=tools, max_reasks=1, max_tokens=200
        )
        turns.append(turn)
        history.append(turn.message)
        if turn.done:
            break
        for intent in turn.tool_calls:
            history.append(intent.result(run[intent.name](**intent.arguments)))
    if not turns[-1].done:
        raise AssertionError("no final answer after 5 turns")
    calls = [f"{i.name}({i.arguments})" for t in turns for i in t.tool_calls]
    return f"{len(turns)} turns in JSON mode: {', '.join(calls)} -> {turns[-1].answer}"


def fim_step(tour: Tour) -> str:
    reply = tour.client.fim.complete(
        model="codestral-latest", prompt="def add(a, b):\n    ", suffix="\n", max_tokens=20
    )
    return repr(_text(reply))


def embeddings_step(tour: Tour) -> str:
    result = tour.client.embeddings.create(model="mistral-embed", input=["cheese", "fromage"])
    first, second = (item.embedding for item in result.data)
    if not isinstance(first, list) or not isinstance(second, list):
        raise AssertionError("expected float vectors")
    cosine = sum(a * b for a, b in zip(first, second, strict=True))
    return f"{len(result.data)} vectors of {len(first)} floats, cosine {cosine:.3f}"


def files_step(tour: Tour) -> str:
    content = b'{"messages": [{"role": "user", "content": "Hi"}, ' + (
        b'{"role": "assistant", "content": "Hello!"}]}\n'
    )
    uploaded = tour.client.files.upload(file=("demo.jsonl", content), purpose="fine-tune")
    tour.created.append(("file", uploaded.id))
    with tempfile.TemporaryDirectory() as folder:
        copy = tour.client.files.download(uploaded.id, to=Path(folder) / "copy.jsonl")
        same = copy.read_bytes() == content
    listed = sum(1 for _ in tour.client.files.iter_all(purpose="fine-tune"))
    url = tour.client.files.get_signed_url(uploaded.id, expiry=1).url
    if not same:
        raise AssertionError("downloaded bytes differ from the upload")
    return (
        f"uploaded {uploaded.bytes_} B as {uploaded.id[:8]}…, downloaded identical, "
        f"{listed} listed, signed URL {url[:40]}"
    )


def fine_tuning_step(tour: Tour) -> str:
    tour.costly("fine-tuning")
    training = tour.client.files.upload(
        file=("train.jsonl", _training_lines()), purpose="fine-tune"
    )
    tour.created.append(("file", training.id))
    job = tour.client.fine_tuning.jobs.create(
        model="open-mistral-nemo",
        training_files=[training.id],
        hyperparameters={"training_steps": 2, "learning_rate": 0.0001},
        suffix="demo",
        auto_start=True,
    )
    statuses = [str(job.status)]
    for _ in range(60):
        job = tour.client.fine_tuning.jobs.get(job.id)
        if statuses[-1] != str(job.status):
            statuses.append(str(job.status))
        if str(job.status) in {"SUCCESS", "FAILED", "CANCELLED", "FAILED_VALIDATION"}:
            break
        tour.poll()
    if str(job.status) != "SUCCESS":
        raise AssertionError(f"job ended {job.status}")
    tour.created.append(("model", str(job.fine_tuned_model)))
    return f"{' -> '.join(statuses)}; model {job.fine_tuned_model}"


def _training_lines() -> bytes:
    line = {
        "messages": [
            {"role": "user", "content": "Capital of France?"},
            {"role": "assistant", "content": "Paris."},
        ]
    }
    return b"".join(json.dumps(line).encode() + b"\n" for _ in range(8))


def agents_step(tour: Tour) -> str:
    agent = tour.client.agents.create(
        model=CHAT_MODEL, name="demo-agent", instructions="Answer in one short sentence."
    )
    tour.created.append(("agent", agent.id))
    reply = tour.client.agents.complete(
        agent_id=agent.id, messages=[{"role": "user", "content": "Why is the sky blue?"}]
    )
    return f'{agent.id[:12]}… answered "{_text(reply)}"'


def batch_step(tour: Tour) -> str:
    tour.costly("a batch job")
    lines = [
        {
            "custom_id": str(index),
            "body": {"messages": [{"role": "user", "content": f"Count to {index}."}]},
        }
        for index in range(1, 4)
    ]
    payload = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    batch_file = tour.client.files.upload(file=("batch.jsonl", payload), purpose="batch")
    tour.created.append(("file", batch_file.id))
    job = tour.client.batch.jobs.create(
        input_files=[batch_file.id], endpoint="/v1/chat/completions", model=CHAT_MODEL
    )
    for _ in range(120):
        job = tour.client.batch.jobs.get(job.id)
        if str(job.status) in {"SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"}:
            break
        tour.poll()
    if str(job.status) != "SUCCESS" or not isinstance(job.output_file, str):
        raise AssertionError(f"batch ended {job.status}")
    tour.created.append(("file", job.output_file))
    results = tour.client.files.download(job.output_file).decode().splitlines()
    return f"{job.succeeded_requests}/{job.total_requests} succeeded, {len(results)} result lines"


def batch_run_step(tour: Tour) -> str:
    """client.batch.run: validate, upload, create, poll with a progress bar, match results."""
    tour.costly("a batch run")
    from mistral_client._cli._progress import BatchBar

    rows: list[dict[str, Any]] = [
        {"custom_id": f"city-{i}", "messages": [{"role": "user", "content": f"A fact on {c}."}]}
        for i, c in enumerate(["Lyon", "Paris", "Nantes", "Lille", "Nice", "Brest"])
    ]
    # Passes every client-side rule; the API refuses a conversation ending on the assistant.
    rows.append({"custom_id": "refused", "messages": [{"role": "assistant", "content": "Hm."}]})
    seen: list[str] = []

    def on_progress(progress: BatchProgress) -> None:
        bar.update(progress)
        seen.append(f"{progress.completed}/{progress.total}")

    with BatchBar() as bar:
        results = tour.client.batch.run(
            rows,
            model=CHAT_MODEL,
            limits=BatchLimits(max_requests=4),  # two jobs, to show the split
            on_progress=on_progress,
            sleep=lambda seconds: tour.poll(),
        )
    with results:
        outcome = {r.custom_id: r for r in results}
    tour.created.extend(("file", file_id) for file_id in results.file_ids)
    refused = outcome["refused"].error
    ok = sum(1 for r in outcome.values() if r.ok)
    return (
        f"{len(results.job_ids)} jobs, {'>'.join(dict.fromkeys(seen))}: {ok} ok, "
        f"'refused' -> {type(refused).__name__}"
    )


def moderation_step(tour: Tour) -> str:
    result = tour.client.classifiers.moderate(
        model="mistral-moderation-latest", input=["I will kill you.", "Nice weather today."]
    )
    flagged = [
        sorted(name for name, value in r.categories.to_dict().items() if value is True)
        for r in result.results
        if isinstance(r.categories, ModerationCategories)
    ]
    return f"{len(result.results)} results; flagged: {flagged}"


def classification_step(tour: Tour) -> str:
    if not tour.offline:
        raise Skip("needs a fine-tuned classifier model of your own on the real API")
    result = tour.client.classifiers.classify(
        model="mistral-moderation-latest", input="A polite question about cheese."
    )
    return f"{len(result.results)} result(s) from {result.model}"


def errors_step(tour: Tour) -> str:
    with Mistral(api_key="not-a-real-key", base_url=tour.client.base_url, max_retries=0) as bad:
        try:
            bad.models.list()
        except errors.AuthenticationError as exc:
            auth = f"wrong key -> {type(exc).__name__} {exc.status_code}"
        else:
            raise AssertionError("a wrong key was accepted")
    try:
        tour.client.chat.complete(model=CHAT_MODEL, messages=[], max_tokens=5)
    except errors.RequestValidationError as exc:
        return f"{auth}; empty messages -> {type(exc).__name__} ({exc.field}: {exc.rule})"
    raise AssertionError("empty messages were sent")


def resilience_step(tour: Tour) -> str:
    if not tour.offline:
        raise Skip("needs the emulator's injected faults")
    from mistral_client import CircuitBreakerConfig, RetryConfig
    from mistral_client.testing import Fault, MistralEmulator

    with MistralEmulator() as emu:
        emu.inject(Fault.error(503), path="/v1/models", times=2)
        with Mistral(
            api_key="demo-key",
            base_url=emu.base_url,
            retry=RetryConfig(initial_delay=0.01),
            circuit_breaker=CircuitBreakerConfig(failure_threshold=3),
        ) as client:
            client.models.list()
            retried = f"503, 503, 200 in {len(emu.requests)} attempts"
            emu.inject(Fault.error(503), path="/v1/models", times=None)
            try:
                client.models.list(max_retries=5)
            except errors.CircuitOpenError as exc:
                return f"{retried}; breaker open after {exc.attempts} failures: {exc}"
    raise AssertionError("the circuit did not open")


STEPS: list[tuple[str, Callable[[Tour], str]]] = [
    ("models.list/retrieve", models_step),
    ("chat.complete", chat_step),
    ("chat.stream token by token", streaming_step),
    ("streamed tool call", stream_tool_step),
    ("tool call", tool_step),
    ("JSON mode", json_step),
    ("chat.parse", parse_step),
    ("structured stream", structured_stream_step),
    ("JSON-mode tool loop", json_tool_loop_step),
    ("fim.complete", fim_step),
    ("embeddings.create", embeddings_step),
    ("files round trip", files_step),
    ("fine-tuning to SUCCESS", fine_tuning_step),
    ("agent create + ask", agents_step),
    ("batch job end to end", batch_step),
    ("batch.run with progress", batch_run_step),
    ("moderation", moderation_step),
    ("classification", classification_step),
    ("typed errors", errors_step),
    ("retry + circuit breaker", resilience_step),
]


def _clean_up(tour: Tour) -> None:
    deleters = {
        "file": tour.client.files.delete,
        "agent": tour.client.agents.delete,
        "model": tour.client.models.delete,
    }
    for kind, identifier in reversed(tour.created):
        with contextlib.suppress(errors.MistralError):
            deleters[kind](identifier)


@contextlib.contextmanager
def _target(
    offline: bool,
) -> Iterator[tuple[Mistral, Callable[[], None], Callable[[str], None] | None]]:
    if not offline:
        with Mistral(max_retries=2) as client:
            yield client, lambda: time.sleep(5), None
        return
    from mistral_client.testing import Fault, MistralEmulator

    with MistralEmulator(api_key="demo-key") as emulator:
        print(f"emulator at {emulator.base_url} (no MISTRAL_API_KEY set: offline tour)")
        with Mistral(api_key="demo-key", base_url=emulator.base_url) as client:

            def script(content: str) -> None:  # plays the model's next chat reply
                emulator.inject(Fault.reply(content), path="/v1/chat/completions")

            # One job step of emulator time per poll, so every status shows.
            yield client, lambda: emulator.advance(10), script


@contextlib.contextmanager
def _trace_summary() -> Iterator[None]:
    """With the OpenTelemetry SDK installed, record this run's spans and metrics through the
    global providers (which every client uses by default) and print a short summary."""
    try:
        from opentelemetry import metrics, trace
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    except ImportError:
        yield
        return
    exporter, reader = InMemorySpanExporter(), InMemoryMetricReader()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    yield
    spans = exporter.get_finished_spans()
    calls = [s for s in spans if s.name.startswith("mistral.client.") and ".attempt" not in s.name]
    by_name: dict[str, list[float]] = {}
    for span in calls:
        by_name.setdefault(span.name, []).append(
            ((span.end_time or 0) - (span.start_time or 0)) / 1e6
        )
    failed = sum(1 for span in calls if span.status.status_code.name == "ERROR")
    data = reader.get_metrics_data()
    totals = {
        metric.name: sum(getattr(point, "value", 0) for point in metric.data.data_points)
        for rm in (data.resource_metrics if data else ())
        for sm in rm.scope_metrics
        for metric in sm.metrics
    }
    retries, tokens = totals.get("mistral_retries_total", 0), totals.get("mistral_tokens_total", 0)
    print(
        f"trace summary: {len(calls)} call spans ({failed} with status ERROR), "
        f"{len(spans) - len(calls)} attempt spans, {retries} retries, {tokens} tokens"
    )
    ttfts = [
        value * 1000
        for span in calls
        if isinstance(value := (span.attributes or {}).get("mistral.time_to_first_token"), float)
    ]
    if ttfts:
        print(f"  {len(ttfts)} streams, first output after {min(ttfts):.1f}-{max(ttfts):.1f} ms")
    busiest = sorted(by_name.items(), key=lambda item: (-len(item[1]), item[0]))[:6]
    for name, durations in busiest:
        slowest = max(durations)
        print(f"  {name:<44} {len(durations):3d} spans  slowest {slowest:6.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tour every Mistral API domain.")
    parser.add_argument("--all", action="store_true", help="also run costly steps on the real API")
    args = parser.parse_args(argv)
    offline = not os.environ.get("MISTRAL_API_KEY", "").strip()
    started = time.perf_counter()
    with _trace_summary(), _target(offline) as (client, poll, script):
        if not offline:
            print(f"real API at {client.base_url} (MISTRAL_API_KEY is set)")
        tour = Tour(client=client, offline=offline, run_all=args.all, poll=poll, script=script)
        try:
            for name, action in STEPS:
                tour.step(name, lambda action=action: action(tour))  # type: ignore[misc]
        finally:
            _clean_up(tour)
    total = time.perf_counter() - started
    verdict = "all steps passed" if tour.failures == 0 else f"{tour.failures} step(s) FAILED"
    print(f"{verdict} in {total:.1f} s")
    return 1 if tour.failures else 0


if __name__ == "__main__":
    sys.exit(main())
