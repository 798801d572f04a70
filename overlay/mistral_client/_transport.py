"""The one seam every request goes through.

`ResilientTransport` wraps the real httpx transports and is both an httpx.BaseTransport and
an httpx.AsyncBaseTransport. A call is a loop around one attempt:

    rate-limit slot -> breaker guard -> send (the attempt) -> classify -> retry policy

Every decision lives in `_Attempts`, shared by sync and async: the rate limiter, the
breaker, the retry policy and the call's deadline are pure policy objects on injected
clocks. Only the two small loops below differ (time.sleep vs asyncio.sleep, both
injectable), and `_send` / `_asend` are the attempt itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
import httpx

from . import _body
from ._breaker import BreakerPolicy
from ._ratelimit import RateLimiter, estimate_tokens, group_of
from ._retry import NOT_SENT_ERRORS, RetryDecision, RetryPolicy, retry_after_of
from .errors import APITimeoutError, RateLimitError

logger = logging.getLogger("mistral_client")

EXTENSION = "mistral"
T = TypeVar("T")

_TIMEOUT_KEYS = ("connect", "read", "write", "pool")
# Transport failures that say nothing about the API's health (a bad URL, our proxy).
_NOT_THE_APIS_FAULT = (httpx.UnsupportedProtocol, httpx.ProxyError)


@attrs.define
class AttemptRecord:
    """What happened to one call's request, read by the runner for the error it raises."""

    attempts: int = 0
    may_have_been_processed: bool = False
    # Set while the tokens charged for this call are an estimate: the runner reports the
    # real count from the answer's `usage` through it.
    report_tokens: Callable[[int], None] | None = None


@attrs.frozen
class RequestPolicy:
    """Per-request facts the transport needs, carried in `request.extensions["mistral"]`.

    `deadline`: seconds for the whole call (every attempt and wait), None for no bound.
    """

    operation: str
    retry_safe: bool
    max_retries: int
    deadline: float | None = None
    record: AttemptRecord = attrs.field(factory=AttemptRecord, eq=False)
    # Read the body inside the attempt (so a cut or stalled body is retried like a failed
    # connection), at most `max_body_bytes` decoded (None: no bound). Streamed calls don't.
    read_body: bool = False
    max_body_bytes: int | None = None
    stream: bool = False  # an event stream: its body is read by the caller, event by event


def policy_of(request: httpx.Request) -> RequestPolicy:
    policy = request.extensions.get(EXTENSION)
    # Requests built outside the overlay (none today) get a single attempt.
    return policy if isinstance(policy, RequestPolicy) else RequestPolicy("request", False, 0)


class _Attempts:
    """One call's attempts: every decision of the loop, with no I/O of its own."""

    def __init__(self, transport: ResilientTransport, request: httpx.Request) -> None:
        self.transport = transport
        self.request = request
        self.policy = policy_of(request)
        self.record = self.policy.record
        self.group = group_of(self.policy.operation)
        deadline = self.policy.deadline
        self.deadline_at = None if deadline is None else transport.clock() + deadline
        self.timeouts: dict[str, float | None] = dict(request.extensions.get("timeout") or {})
        self.probe = False
        self.tokens = 0
        self.last = "no attempt"
        if transport.limiter is not None and self.group != "other":
            self.tokens = _estimate(request)

    # -- before an attempt --------------------------------------------------------------

    def remaining(self) -> float | None:
        if self.deadline_at is None:
            return None
        return self.deadline_at - self.transport.clock()

    def before(self) -> float:
        """Take a rate-limit slot and pass the breaker: 0.0 means send now, else wait.

        Raises RateLimitError (block=False, or the wait would pass the deadline),
        CircuitOpenError, or APITimeoutError once the deadline has passed.
        """
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise self.deadline_error()
        limiter = self.transport.limiter
        if limiter is not None:
            wait = limiter.acquire(self.group, self.tokens)
            if wait > 0:
                if not limiter.block:
                    raise self.rate_limited(wait, "the client-side rate limit is reached")
                if wait > self.transport.retry_policy.config.max_retry_after:
                    raise self.rate_limited(wait, "the wait for a slot is longer than allowed")
                if remaining is not None and wait >= remaining:
                    raise self.rate_limited(wait, "waiting for a slot would pass the deadline")
                return wait
            if self.tokens:
                self.record.report_tokens = self._correct_tokens
        if self.transport.breaker is not None:
            self.probe = self.transport.breaker.admit()
        self.record.attempts += 1
        if remaining is not None:
            capped = {
                key: remaining if value is None else min(value, remaining)
                for key, value in ((k, self.timeouts.get(k)) for k in _TIMEOUT_KEYS)
            }
            self.request.extensions = {**self.request.extensions, "timeout": capped}
        return 0.0

    # -- after an attempt ---------------------------------------------------------------

    def after_response(self, response: httpx.Response) -> RetryDecision:
        status = response.status_code
        self.last = f"HTTP {status}"
        limiter, breaker = self.transport.limiter, self.transport.breaker
        headers = response.headers
        if limiter is not None:
            limiter.observe(self.group, headers)
            cost = headers.get("x-ratelimit-tokens-query-cost")
            if self.tokens and cost is not None and cost.strip().isdigit():
                self._correct_tokens(int(cost))
        if breaker is not None:
            breaker.record(failed=status >= 500, probe=self.probe)
        # 429 and other 4xx were refused before processing; 2xx and 5xx may have acted.
        if status < 400 or status >= 500:
            self.record.may_have_been_processed = True
        decision = self.transport.retry_policy.after_response(
            attempt=self.record.attempts,
            max_retries=self.policy.max_retries,
            status=status,
            headers=headers,
            retry_safe=self.policy.retry_safe,
        )
        if status == 429 and limiter is not None:
            wait = retry_after_of(headers)
            wait = decision.delay if wait is None else wait
            # Capped: an absurd Retry-After must not lock the client up for a day; past
            # the cap each call meets the server's own 429 instead.
            limiter.hold(self.group, min(wait, self.transport.retry_policy.config.max_retry_after))
            if not limiter.block:
                return RetryDecision(retry=False)
        return decision

    def after_error(self, error: Exception) -> RetryDecision:
        self.last = type(error).__name__
        if self.transport.breaker is not None:
            failed = not isinstance(error, _NOT_THE_APIS_FAULT)
            self.transport.breaker.record(failed=failed, probe=self.probe)
        if not isinstance(error, NOT_SENT_ERRORS):
            self.record.may_have_been_processed = True
        if isinstance(error, httpx.TimeoutException) and self._deadline_passed():
            raise self.deadline_error() from error
        return self.transport.retry_policy.after_error(
            attempt=self.record.attempts,
            max_retries=self.policy.max_retries,
            error=error,
            retry_safe=self.policy.retry_safe,
        )

    def aborted(self) -> None:
        """The attempt ended in something else (cancellation): free the probe slot."""
        if self.transport.breaker is not None:
            self.transport.breaker.release(self.probe)

    def wait_before_retry(self, decision: RetryDecision) -> float:
        """The backoff to sleep, after logging it; raises if it would pass the deadline."""
        remaining = self.remaining()
        if remaining is not None and decision.delay >= remaining:
            raise self.deadline_error()
        policy = self.policy
        logger.info(
            "retrying %s after %s in %.2fs (attempt %d of %d)",
            policy.operation,
            decision.reason,
            decision.delay,
            self.record.attempts + 1,
            policy.max_retries + 1,
            extra={
                "operation": policy.operation,
                "attempt": self.record.attempts + 1,
                "reason": decision.reason,
                "delay": decision.delay,
            },
        )
        return decision.delay

    # -- errors -------------------------------------------------------------------------

    def deadline_error(self) -> APITimeoutError:
        attempts = self.record.attempts
        return APITimeoutError(
            f"{self.policy.operation}: deadline of {self.policy.deadline:g}s exceeded after "
            f"{attempts} attempt{'s' if attempts != 1 else ''} (last: {self.last})"
        )

    def rate_limited(self, wait: float, why: str) -> RateLimitError:
        return RateLimitError(
            f"{self.policy.operation}: {why} for {self.group} requests; "
            f"a slot frees in {wait:.2f}s; nothing was sent",
            status_code=429,
            headers={},
            body="",
            retry_after=wait,
        )

    def _deadline_passed(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0.001

    def _correct_tokens(self, actual: int) -> None:
        limiter, estimated = self.transport.limiter, self.tokens
        self.record.report_tokens = None
        if limiter is not None and estimated:
            self.tokens = 0
            limiter.correct(self.group, estimated, actual)


def _estimate(request: httpx.Request) -> int:
    try:
        return estimate_tokens(request.content)
    except httpx.RequestNotRead:  # a streamed upload: not a completion or embedding
        return 0


class ResilientTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Rate limit, circuit breaker, retries and deadline around the real transports."""

    def __init__(
        self,
        *,
        retry_policy: RetryPolicy,
        sync_transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        breaker: BreakerPolicy | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.retry_policy = retry_policy
        self._sync = sync_transport
        self._async = async_transport
        self.breaker = breaker
        self.limiter = limiter
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.clock = clock

    @property
    def _offload(self) -> bool:
        # Redis round trips would block the event loop: the async loop runs them in a thread.
        return bool(
            (self.breaker is not None and self.breaker.shared)
            or (self.limiter is not None and self.limiter.shared)
        )

    # -- the attempt: send one request (hardening reads non-streaming bodies here) -------

    def _send(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            raise RuntimeError("this transport was built for an async client")
        response = self._sync.handle_request(request)
        policy = policy_of(request)
        if _body.should_read(response, policy.read_body):
            # A cut or stalled body fails this attempt with a transport error.
            _body.read(response, request, policy.max_body_bytes)
        return response

    async def _asend(self, request: httpx.Request) -> httpx.Response:
        if self._async is None:
            raise RuntimeError("this transport was built for a sync client")
        response = await self._async.handle_async_request(request)
        policy = policy_of(request)
        if _body.should_read(response, policy.read_body):
            await _body.aread(response, request, policy.max_body_bytes)
        return response

    # -- the loops ----------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        run = _Attempts(self, request)
        while True:
            wait = run.before()
            if wait > 0:
                self.sleep(wait)
                continue
            try:
                response = self._send(request)
            except httpx.TransportError as error:
                decision = run.after_error(error)
                if not decision.retry:
                    raise
            except BaseException:
                run.aborted()
                raise
            else:
                decision = run.after_response(response)
                if not decision.retry:
                    return response
                response.close()
            self.sleep(run.wait_before_retry(decision))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        run = _Attempts(self, request)
        while True:
            wait = await self._step(run.before)
            if wait > 0:
                await self.async_sleep(wait)
                continue
            try:
                response = await self._asend(request)
            except httpx.TransportError as error:
                decision = await self._step(run.after_error, error)
                if not decision.retry:
                    raise
            except BaseException:
                run.aborted()
                raise
            else:
                decision = await self._step(run.after_response, response)
                if not decision.retry:
                    return response
                await response.aclose()
            await self.async_sleep(run.wait_before_retry(decision))

    async def _step(self, decide: Callable[..., T], *args: Any) -> T:
        if self._offload:
            return await asyncio.to_thread(decide, *args)
        return decide(*args)

    def _release(self) -> None:
        if self.breaker is not None:
            self.breaker.close()
        if self.limiter is not None:
            self.limiter.close()

    def close(self) -> None:
        self._release()
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        self._release()
        if self._async is not None:
            await self._async.aclose()
