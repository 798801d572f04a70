"""Breaker state and rate budgets shared through a real Redis, across real processes."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from mistral_client import CircuitBreakerConfig, RateLimitConfig, errors
from mistral_client._breaker import BreakerPolicy
from mistral_client._ratelimit import RateLimiter
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY, open_api
from tests.support.clock import FakeClock
from tests.support.redis_server import free_port, running_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with running_redis() as url:
        yield url


@pytest.fixture
def fresh_redis(redis_url: str) -> str:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()
    return redis_url


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.redis_worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen[str]) -> dict[str, int]:
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    summary: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return summary


def test_two_processes_share_one_budget(
    fresh_redis: str, mistral_emulator: MistralEmulator
) -> None:
    url = mistral_emulator.base_url
    workers = [_worker("budget", url, fresh_redis, "10") for _ in range(2)]
    results = [_result(worker) for worker in workers]
    assert sum(r["sent"] for r in results) == 6  # together, never more than the budget
    assert sum(r["refused"] for r in results) == 14
    assert sum(r["refused_after_sending"] for r in results) == 0  # refused locally
    assert len(mistral_emulator.requests) == 6


async def test_a_breaker_opened_by_one_process_is_open_in_another(
    fresh_redis: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    emu.inject(Fault.error(503), path="/v1/models", times=None)
    assert _result(_worker("trip", emu.base_url, fresh_redis)) == {"failed": 2}
    config = CircuitBreakerConfig(failure_threshold=2, storage_uri=fresh_redis)
    for kind in ("sync", "async"):
        async with open_api(kind, emu.base_url, circuit_breaker=config) as api:
            with pytest.raises(errors.CircuitOpenError) as caught:
                await api.call("models.list")
            assert 0 < caught.value.retry_after <= 30
    assert len(emu.requests) == 2  # this process sent nothing


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_redis_down_falls_back_to_local_state_with_one_warning(
    kind: str, mistral_emulator: MistralEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mistral_client")
    down = f"redis://127.0.0.1:{free_port()}/0"
    emu = mistral_emulator
    async with open_api(
        kind,
        emu.base_url,
        circuit_breaker=CircuitBreakerConfig(failure_threshold=2, storage_uri=down),
        rate_limit=RateLimitConfig(requests_per_minute=3, block=False, storage_uri=down),
    ) as api:
        FakeClock().install(api.client)
        for _ in range(3):
            await api.call("models.list")
        with pytest.raises(errors.RateLimitError):  # the local budget still counts
            await api.call("models.list")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sorted(m.split(":")[0] for m in warnings) == ["circuit breaker", "rate limiter"]
    assert all("Redis unavailable" in m for m in warnings)
    assert len(emu.requests) == 3
    assert CANARY_KEY not in caplog.text


def test_local_state_is_used_until_redis_is_back(caplog: pytest.LogCaptureFixture) -> None:
    """During an outage the local copy answers; after the cool-down Redis is read again."""
    caplog.set_level(logging.INFO, logger="mistral_client")
    port = free_port()
    clock = FakeClock()
    with running_redis(port) as url:
        config = CircuitBreakerConfig(failure_threshold=1, storage_uri=url)
        policy = BreakerPolicy(config, name="x", clock=clock)
        policy.record(failed=True, probe=policy.admit())
        assert policy.state == "open"
    assert policy.state == "open"  # Redis is gone: the local copy answers
    with running_redis(port):  # back, but empty (no persistence): closed
        assert policy.state == "open"  # within the cool-down, Redis is not tried
        clock.advance(31)
        assert policy.state == "closed"
    messages = [r.getMessage() for r in caplog.records if "Redis" in r.getMessage()]
    assert [m.split(";")[0] for m in messages] == [
        "circuit breaker: Redis unavailable (ConnectionError)",
        "circuit breaker: Redis is back",
    ]


def test_one_probe_for_the_whole_fleet(fresh_redis: str) -> None:
    """Half-open lets one probe through across every process sharing the state."""
    clock = FakeClock()
    config = CircuitBreakerConfig(failure_threshold=1, success_threshold=1, storage_uri=fresh_redis)
    worker_a = BreakerPolicy(config, name="fleet", clock=clock)
    worker_b = BreakerPolicy(config, name="fleet", clock=clock)
    worker_a.record(failed=True, probe=worker_a.admit())
    with pytest.raises(errors.CircuitOpenError, match=r"next probe in 30\.0s"):
        worker_b.admit()
    clock.advance(30)
    assert worker_a.admit() is True
    with pytest.raises(errors.CircuitOpenError, match="probe is in flight"):
        worker_b.admit()
    worker_a.record(failed=False, probe=True)
    assert worker_b.state == "closed"
    assert worker_b.admit() is False


def test_a_429_in_one_process_holds_the_group_in_all(fresh_redis: str) -> None:
    clock = FakeClock()
    config = RateLimitConfig(storage_uri=fresh_redis)
    worker_a = RateLimiter(config, base_url="http://api", clock=clock)
    worker_b = RateLimiter(config, base_url="http://api", clock=clock)
    worker_a.hold("embeddings", 5)
    assert worker_b.acquire("embeddings") == pytest.approx(5)
    assert worker_b.acquire("completions") == 0.0
    worker_b.hold("embeddings", 2)  # shorter: the longer hold stays
    clock.advance(3)
    assert worker_a.acquire("embeddings") == pytest.approx(2)
    clock.advance(2)
    assert worker_b.acquire("embeddings") == 0.0
    worker_a.close()
    worker_b.close()
