"""Benchmarks: what the overlay costs on top of raw httpx, measured in the same run.

Usage: python scripts/bench.py [--rounds N]
Prints per-call medians and the ratio overlay / raw httpx against one loopback server that
answers a canned chat completion, plus the pure request-building and response-parsing
costs that seed NFR-001 budgets (< 100 us serialisation, < 200 us parsing).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mistral_client import AsyncMistral, Mistral
from mistral_client._resources.chat import complete_call
from mistral_client.models import ChatCompletionResponse
from tests.support.server import RecordingServer, Reply

RESPONSE = {
    "id": "cmpl-e5cc70bb28c444948073e77776eb30ef",
    "object": "chat.completion",
    "created": 1702256327,
    "model": "mistral-small-latest",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Paris is the capital. " * 20},
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 16, "completion_tokens": 102, "total_tokens": 118},
}
REQUEST = {
    "model": "mistral-small-latest",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "What is the capital of France?"},
    ],
    "temperature": 0.3,
    "max_tokens": 200,
}


def paired_us(
    baseline: Callable[[], object], candidate: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Medians of two actions timed alternately, so machine drift hits both alike."""
    baseline()  # warm up connections and caches
    candidate()
    left: list[float] = []
    right: list[float] = []
    for _ in range(rounds):
        for action, samples in ((baseline, left), (candidate, right)):
            started = time.perf_counter()
            action()
            samples.append(time.perf_counter() - started)
    return statistics.median(left) * 1e6, statistics.median(right) * 1e6


async def apaired_us(
    baseline: Callable[[], Awaitable[object]],
    candidate: Callable[[], Awaitable[object]],
    rounds: int,
) -> tuple[float, float]:
    """Async twin of `paired_us`."""
    await baseline()
    await candidate()
    left: list[float] = []
    right: list[float] = []
    for _ in range(rounds):
        for action, samples in ((baseline, left), (candidate, right)):
            started = time.perf_counter()
            await action()
            samples.append(time.perf_counter() - started)
    return statistics.median(left) * 1e6, statistics.median(right) * 1e6


def median_us(action: Callable[[], object], rounds: int) -> float:
    action()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def row(name: str, value: float, baseline: float | None = None) -> None:
    ratio = f"{value / baseline:6.2f}x raw httpx" if baseline else ""
    print(f"  {name:<44} {value:9.1f} us  {ratio}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args(argv).rounds
    body = Reply.json(RESPONSE)
    with RecordingServer(default=body) as server:
        headers = {"Authorization": "Bearer bench-key"}
        url = f"{server.base_url}/v1/chat/completions"
        print(f"chat completion round trip over loopback, median of {rounds}:")
        with (
            httpx.Client(headers=headers) as raw,
            Mistral("bench-key", base_url=server.base_url) as client,
        ):
            baseline, overlay = paired_us(
                lambda: raw.post(url, json=REQUEST).json(),
                lambda: client.chat.complete(**REQUEST),  # type: ignore[arg-type]
                rounds,
            )
        row("raw httpx post + json()", baseline)
        row("Mistral.chat.complete (validated, typed)", overlay, baseline)

        async def run_async() -> tuple[float, float]:
            async with (
                httpx.AsyncClient(headers=headers) as raw_async,
                AsyncMistral("bench-key", base_url=server.base_url) as aclient,
            ):

                async def raw_call() -> object:
                    return (await raw_async.post(url, json=REQUEST)).json()

                return await apaired_us(
                    raw_call,
                    lambda: aclient.chat.complete(**REQUEST),  # type: ignore[arg-type]
                    rounds,
                )

        async_base, async_overlay = asyncio.run(run_async())
        row("raw httpx.AsyncClient post + json()", async_base)
        row("AsyncMistral.chat.complete", async_overlay, async_base)

    print("pure costs (no I/O), median:")
    row("build request (validate + body)", median_us(lambda: complete_call(REQUEST), rounds * 10))
    row(
        "parse ChatCompletionResponse.from_dict",
        median_us(lambda: ChatCompletionResponse.from_dict(RESPONSE), rounds * 10),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
