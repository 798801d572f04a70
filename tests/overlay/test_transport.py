"""The transport loop as a table: scripted outcomes in, attempts / waits / result out.

Each case runs through the sync and the async loop alike. The inner transport is the seam
ResilientTransport owns (httpx.MockTransport serves both), the clock is fake, so nothing
sleeps; the end-to-end versions of these cases run against the emulator elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from mistral_client import CircuitBreakerConfig, RateLimitConfig, RetryConfig, errors
from mistral_client._breaker import BreakerPolicy
from mistral_client._ratelimit import RateLimiter
from mistral_client._retry import RetryPolicy
from mistral_client._transport import EXTENSION, RequestPolicy, ResilientTransport
from tests.support.clock import FakeClock

Outcome = int | tuple[int, dict[str, str]] | type[httpx.TransportError]


@dataclass
class Case:
    name: str
    script: list[Outcome]
    retry_safe: bool = True
    max_retries: int = 3
    deadline: float | None = None
    breaker: CircuitBreakerConfig | None = None
    limits: RateLimitConfig | None = None
    # expected
    status: int | None = 200  # None: raises `raises`
    raises: type[Exception] | None = None
    attempts: int = 1
    delays: list[float] = field(default_factory=list)
    processed: bool = True


CASES = [
    Case("503, 503, 200: three attempts", [503, 503, 200], attempts=3, delays=[1.0, 2.0]),
    Case("408 is retried", [408, 200], attempts=2, delays=[1.0]),
    Case("400 is sent once", [400], status=400, processed=False),
    Case("a create answered 500 is sent once", [500], retry_safe=False, status=500),
    Case(
        "a create after 429 goes again, as asked",
        [(429, {"retry-after": "2"}), 200],
        retry_safe=False,
        attempts=2,
        delays=[2.0],
    ),
    Case(
        "retry-after-ms",
        [(503, {"retry-after-ms": "250"}), 200],
        attempts=2,
        delays=[0.25],
    ),
    Case(
        "a refused connection is retried even for a create",
        [httpx.ConnectError, 200],
        retry_safe=False,
        attempts=2,
        delays=[1.0],
    ),
    Case(
        "a read timeout ends a create: it may have been processed",
        [httpx.ReadTimeout, 200],
        retry_safe=False,
        status=None,
        raises=httpx.ReadTimeout,
    ),
    Case(
        "a refused connection was not processed",
        [httpx.ConnectError] * 4,
        status=None,
        raises=httpx.ConnectError,
        attempts=4,
        delays=[1.0, 2.0, 4.0],
        processed=False,
    ),
    Case(
        "retries stop at max_retries",
        [502] * 5,
        max_retries=2,
        status=502,
        attempts=3,
        delays=[1.0, 2.0],
    ),
    Case(
        "the deadline bounds attempts and waits",
        [503] * 5,
        deadline=2.5,
        status=None,
        raises=errors.APITimeoutError,
        attempts=2,
        delays=[1.0],
    ),
    Case(
        "an open circuit stops the retries",
        [503] * 5,
        max_retries=5,
        breaker=CircuitBreakerConfig(failure_threshold=2),
        status=None,
        raises=errors.CircuitOpenError,
        attempts=2,
        delays=[1.0, 2.0],
    ),
    Case(
        "block=False: a 429 is not waited for",
        [(429, {"retry-after": "3"}), 200],
        limits=RateLimitConfig(block=False),
        status=429,
        processed=False,
    ),
    Case(
        "a day-long Retry-After is not waited for, and holds the group for 60 s at most",
        [(429, {"retry-after": "86400"}), 200],
        status=429,
        processed=False,
    ),
    Case(
        "server headers say none left: the next attempt waits for the window",
        [(503, {"x-ratelimit-remaining-req-minute": "0"}), 200],
        attempts=2,
        delays=[1.0, 59.0],
    ),
]


def _handler(script: list[Outcome]) -> httpx.MockTransport:
    remaining = list(script)

    def answer(request: httpx.Request) -> httpx.Response:
        outcome = remaining.pop(0)
        if isinstance(outcome, type):
            raise outcome("scripted", request=request)
        status, headers = outcome if isinstance(outcome, tuple) else (outcome, {})
        return httpx.Response(status, headers=headers, json={})

    return httpx.MockTransport(answer)


def _transport(case: Case, clock: FakeClock) -> ResilientTransport:
    inner = _handler(case.script)
    breaker = BreakerPolicy(case.breaker, name="t", clock=clock) if case.breaker else None
    limiter = RateLimiter(case.limits or RateLimitConfig(), base_url="t", clock=clock)
    return ResilientTransport(
        retry_policy=RetryPolicy(RetryConfig(jitter=0.0)),
        sync_transport=inner,
        async_transport=inner,
        breaker=breaker,
        limiter=limiter,
        sleep=clock.sleep,
        async_sleep=clock.async_sleep,
        clock=clock,
    )


def _request(case: Case) -> tuple[httpx.Request, RequestPolicy]:
    policy = RequestPolicy("models.list", case.retry_safe, case.max_retries, deadline=case.deadline)
    request = httpx.Request("GET", "http://t/v1/models", extensions={EXTENSION: policy})
    return request, policy


async def _send(transport: ResilientTransport, request: httpx.Request, kind: str) -> httpx.Response:
    if kind == "sync":
        return transport.handle_request(request)
    return await transport.handle_async_request(request)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_loop(case: Case, kind: str) -> None:
    clock = FakeClock()
    transport = _transport(case, clock)
    request, policy = _request(case)
    if case.raises is not None:
        with pytest.raises(case.raises):
            await _send(transport, request, kind)
    else:
        response = await _send(transport, request, kind)
        assert response.status_code == case.status
    assert policy.record.attempts == case.attempts
    assert clock.delays == pytest.approx(case.delays)
    assert policy.record.may_have_been_processed is case.processed
    limiter = transport.limiter
    assert limiter is not None
    held = limiter.acquire("other")
    assert held <= 60.0


def test_a_request_built_elsewhere_gets_one_attempt() -> None:
    clock = FakeClock()
    transport = _transport(Case("plain", [503, 200]), clock)
    response = transport.handle_request(httpx.Request("GET", "http://t/v1/models"))
    assert response.status_code == 503
    assert clock.delays == []


async def test_a_transport_serves_only_the_side_it_was_built_for() -> None:
    transport = ResilientTransport(retry_policy=RetryPolicy())
    with pytest.raises(RuntimeError, match="async client"):
        transport.handle_request(httpx.Request("GET", "http://t/"))
    with pytest.raises(RuntimeError, match="sync client"):
        await transport.handle_async_request(httpx.Request("GET", "http://t/"))
