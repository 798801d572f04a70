"""Benchmark: what observability costs per call, against raw httpx in the same run.

Usage: python scripts/bench_observability.py [--rounds N]
Three set-ups: instrumentation off (`instrument=False`, the same path as without the `otel`
extra), the OpenTelemetry API with no SDK configured (the default when the extra is
installed), and the SDK recording every span and metric (a synchronous span processor with
an exporter that drops, and a metric reader).

1. One loopback server answers a canned chat completion: per call, the calling thread's CPU
   time (time.thread_time: the server thread is not counted) and wall time, medians over
   interleaved rounds, against raw httpx.
2. The hooks alone, without I/O: one call's begin / sending / attempt span / responded /
   succeeded against an in-process transport, minus the same request without the hooks.
   Stable where (1) is noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mistral_client import Mistral
from mistral_client._observability import Telemetry
from mistral_client._resources.chat import complete_call
from mistral_client.models import ChatCompletionResponse
from scripts.bench import RESPONSE  # the canned completion of scripts/bench.py
from tests.support.server import RecordingServer, Reply

REQUEST = {
    "model": "mistral-small-latest",
    "messages": [{"role": "user", "content": "What is the capital of France?"}],
    "temperature": 0.3,
}


class DropExporter(SpanExporter):
    """Receives every finished span and keeps none: the SDK's full cost, no I/O."""

    def __init__(self) -> None:
        self.exported = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.exported += len(spans)
        return SpanExportResult.SUCCESS


def interleaved(
    actions: dict[str, Callable[[], object]], rounds: int
) -> dict[str, tuple[float, float]]:
    """Median (cpu us, wall us) per action, timed round-robin so drift hits all alike."""
    for action in actions.values():  # warm up connections and caches
        action()
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    wall: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            cpu_start, wall_start = time.thread_time(), time.perf_counter()
            action()
            cpu[name].append(time.thread_time() - cpu_start)
            wall[name].append(time.perf_counter() - wall_start)
    return {
        name: (statistics.median(cpu[name]) * 1e6, statistics.median(wall[name]) * 1e6)
        for name in actions
    }


class Canned(httpx.BaseTransport):
    """Answers every request with the canned completion, in process."""

    body = json.dumps(RESPONSE).encode()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {
            "content-type": "application/json",
            "content-length": str(len(self.body)),
            "mistral-correlation-id": "019a2dd9-9b01-7be5-97d3-ee00062a444a",
            "x-ratelimit-remaining-req-minute": "999",
            "x-ratelimit-remaining-tokens-minute": "499000",
        }
        return httpx.Response(200, headers=headers, content=self.body, request=request)


def hooks_us(telemetry: Telemetry, rounds: int) -> float:
    """Median CPU us the hooks add to one call (no I/O, no parsing)."""
    call = complete_call(REQUEST)
    result = ChatCompletionResponse.from_dict(RESPONSE)
    builder = httpx.Client(base_url="http://127.0.0.1:9")
    transport = telemetry.wrap_sync(Canned())

    def with_hooks() -> None:
        request = builder.build_request(**call.request)
        trace = telemetry.begin(call)
        trace.sending(request)
        response = transport.handle_request(request)
        trace.responded(response)
        trace.succeeded(result)

    def without() -> None:
        transport.handle_request(builder.build_request(**call.request))

    samples = []
    for _ in range(max(5, rounds // 40)):
        started = time.thread_time()
        for _ in range(500):
            with_hooks()
        middle = time.thread_time()
        for _ in range(500):
            without()
        samples.append(((middle - started) - (time.thread_time() - middle)) / 500)
    return statistics.median(samples) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    rounds = parser.parse_args(argv).rounds
    logging.getLogger("mistral_client").setLevel(logging.WARNING)  # as in production

    exporter = DropExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])

    with RecordingServer(default=Reply.json(RESPONSE)) as server:
        url = f"{server.base_url}/v1/chat/completions"
        options = {"api_key": "bench-key", "base_url": server.base_url}
        with (
            httpx.Client(headers={"Authorization": "Bearer bench-key"}) as raw,
            Mistral(**options, instrument=False) as off,  # type: ignore[arg-type]
            Mistral(**options) as api_only,  # type: ignore[arg-type]
            Mistral(
                **options,  # type: ignore[arg-type]
                tracer_provider=tracer_provider,
                meter_provider=meter_provider,
            ) as recording,
        ):
            results = interleaved(
                {
                    "raw httpx post + json()": lambda: raw.post(url, json=REQUEST).json(),
                    "chat.complete, instrument=False": lambda: off.chat.complete(**REQUEST),  # type: ignore[arg-type]
                    "chat.complete, OTel API, no SDK": lambda: api_only.chat.complete(**REQUEST),  # type: ignore[arg-type]
                    "chat.complete, SDK recording": lambda: recording.chat.complete(**REQUEST),  # type: ignore[arg-type]
                },
                rounds,
            )
            hooks = {
                "instrument=False": hooks_us(off._core.telemetry, rounds),
                "OTel API, no SDK": hooks_us(api_only._core.telemetry, rounds),
                "SDK recording": hooks_us(recording._core.telemetry, rounds),
            }
    assert exporter.exported >= 2 * rounds, "the recording client exported call and attempt spans"

    raw_cpu, raw_wall = results["raw httpx post + json()"]
    off_cpu, _ = results["chat.complete, instrument=False"]
    print(f"observability cost per chat completion over loopback, median of {rounds}:")
    print(f"  {'':<34} {'cpu us':>8} {'x raw':>7} {'wall us':>9} {'x raw':>7} {'cpu - off':>10}")
    for name, (cpu, wall) in results.items():
        print(
            f"  {name:<34} {cpu:8.1f} {cpu / raw_cpu:6.2f}x {wall:9.1f} {wall / raw_wall:6.2f}x"
            f" {cpu - off_cpu:+9.1f}"
        )
    print("the hooks alone, CPU per call (no I/O), median:")
    for name, cost in hooks.items():
        print(f"  {name:<34} {cost:8.1f} us  ({cost / raw_cpu:.1%} of a raw httpx call)")

    return 0


if __name__ == "__main__":
    sys.exit(main())
