"""Benchmarks: what the circuit breaker and the rate limiter add to a call.

Usage: python scripts/bench_resilience.py [--rounds N]
Round trips over loopback, paired in one run against raw httpx (ratio = client / raw):
the client without breaker and local budgets, with the default breaker, with breaker and
local budgets in memory, and with both kept in a real Redis (started here when
redis-server is installed). Then the pure per-call policy costs, without any I/O.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mistral_client import CircuitBreakerConfig, Mistral, RateLimitConfig
from mistral_client._breaker import BreakerPolicy
from mistral_client._ratelimit import RateLimiter
from scripts.bench import REQUEST, RESPONSE, median_us, paired_us, row
from tests.support.server import RecordingServer, Reply

# Budgets no benchmark reaches: the cost of counting, never of waiting.
HUGE = RateLimitConfig(requests_per_minute=10**9, tokens_per_minute=10**12)


@contextmanager
def _redis() -> Iterator[str | None]:
    """A redis-server of our own for the run, or None when it is not installed."""
    try:
        from tests.support.redis_server import running_redis

        with running_redis() as url:
            yield url
    except BaseException as exc:  # pytest.skip outside pytest is an exception too
        if type(exc).__name__ not in ("Skipped", "Failed"):
            raise
        print("  (redis-server not installed: Redis rows skipped)")
        yield None


def _variants(redis_url: str | None) -> list[tuple[str, dict[str, Any]]]:
    variants: list[tuple[str, dict[str, Any]]] = [
        ("no breaker, server-synced limits only", {"circuit_breaker": None}),
        ("default: breaker + server-synced limits", {}),
        ("breaker + local budgets, memory", {"rate_limit": HUGE}),
    ]
    if redis_url is not None:
        shared = RateLimitConfig(
            requests_per_minute=10**9, tokens_per_minute=10**12, storage_uri=redis_url
        )
        variants.append(
            (
                "breaker + local budgets, both in Redis",
                {
                    "circuit_breaker": CircuitBreakerConfig(storage_uri=redis_url),
                    "rate_limit": shared,
                },
            )
        )
    return variants


def paired_cpu_us(
    baseline: Callable[[], object], candidate: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median CPU time of this thread per call, alternating the two actions.

    The loopback server answers from other threads, so this is the client's own cost.
    """
    left: list[float] = []
    right: list[float] = []
    for _ in range(rounds):
        for action, samples in ((baseline, left), (candidate, right)):
            started = time.thread_time()
            action()
            samples.append(time.thread_time() - started)
    return statistics.median(left) * 1e6, statistics.median(right) * 1e6


def _completer(client: Mistral) -> Callable[[], object]:
    def complete() -> object:
        return client.chat.complete(**REQUEST)  # type: ignore[arg-type]

    return complete


def _policy_costs(redis_url: str | None, rounds: int) -> None:
    print("pure policy cost per call (no HTTP), median:")
    stores: list[tuple[str, str | None]] = [("memory", None)]
    if redis_url is not None:
        stores.append(("Redis", redis_url))
    for label, uri in stores:
        breaker = BreakerPolicy(CircuitBreakerConfig(storage_uri=uri), name=f"bench-{label}")

        def guard(policy: BreakerPolicy = breaker) -> None:
            policy.record(failed=False, probe=policy.admit())

        row(f"breaker admit + record ({label})", median_us(guard, rounds))
        config = RateLimitConfig(
            requests_per_minute=10**9, tokens_per_minute=10**12, storage_uri=uri
        )
        limiter = RateLimiter(config, base_url=f"http://bench-{label}")
        headers = httpx.Headers(
            {"x-ratelimit-remaining-req-minute": "999", "x-ratelimit-remaining-tokens-minute": "9"}
        )

        def slot(lim: RateLimiter = limiter, seen: httpx.Headers = headers) -> None:
            lim.acquire("completions", 120)
            lim.observe("completions", seen)
            lim.correct("completions", 120, 118)

        row(f"limiter acquire + observe + correct ({label})", median_us(slot, rounds))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args(argv).rounds
    with RecordingServer(default=Reply.json(RESPONSE)) as server, _redis() as redis_url:
        headers = {"Authorization": "Bearer bench-key"}
        url = f"{server.base_url}/v1/chat/completions"
        print(f"resilience: chat completion round trip over loopback, median of {rounds}:")
        cpu: list[tuple[str, float, float]] = []
        for name, options in _variants(redis_url):
            with (
                httpx.Client(headers=headers) as raw,
                Mistral("bench-key", base_url=server.base_url, **options) as client,
            ):
                raw_call = lambda: raw.post(url, json=REQUEST).json()  # noqa: E731
                baseline, value = paired_us(raw_call, _completer(client), rounds)
                cpu_base, cpu_value = paired_cpu_us(raw_call, _completer(client), rounds)
            row("raw httpx post + json()", baseline)
            row(name, value, baseline)
            cpu.append((name, cpu_base, cpu_value))
        print("client CPU per call (this thread only), median:")
        for name, cpu_base, cpu_value in cpu:
            row("raw httpx post + json()", cpu_base)
            row(name, cpu_value, cpu_base)
        _policy_costs(redis_url, rounds * 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
