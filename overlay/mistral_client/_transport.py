"""The one seam every request goes through: send, classify the outcome, maybe try again.

`ResilientTransport` wraps the real httpx transports and is both an httpx.BaseTransport and
an httpx.AsyncBaseTransport. The decisions live in the pure RetryPolicy; only the two small
loops below differ (time.sleep vs asyncio.sleep), and both are injectable for tests.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import attrs
import httpx

from ._retry import RetryDecision, RetryPolicy

logger = logging.getLogger("mistral_client")

EXTENSION = "mistral"


@attrs.frozen
class RequestPolicy:
    """Per-request facts the transport needs, carried in `request.extensions["mistral"]`."""

    operation: str
    retry_safe: bool
    max_retries: int
    stream: bool = False  # an event stream: its body is read by the caller, event by event


def _policy_of(request: httpx.Request) -> RequestPolicy:
    policy = request.extensions.get(EXTENSION)
    # Requests built outside the overlay (none today) get a single attempt.
    return policy if isinstance(policy, RequestPolicy) else RequestPolicy("request", False, 0)


def _log_retry(policy: RequestPolicy, attempt: int, decision: RetryDecision) -> None:
    logger.warning(
        "retrying %s after %s in %.2fs (attempt %d of %d)",
        policy.operation,
        decision.reason,
        decision.delay,
        attempt + 1,
        policy.max_retries + 1,
        extra={"operation": policy.operation, "attempt": attempt + 1},
    )


class ResilientTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Retries per the RetryPolicy around the real sync and async transports."""

    def __init__(
        self,
        *,
        retry_policy: RetryPolicy,
        sync_transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.retry_policy = retry_policy
        self._sync = sync_transport
        self._async = async_transport
        self.sleep = sleep
        self.async_sleep = async_sleep

    def _decide_on_response(
        self, policy: RequestPolicy, attempt: int, response: httpx.Response
    ) -> RetryDecision:
        return self.retry_policy.after_response(
            attempt=attempt,
            max_retries=policy.max_retries,
            status=response.status_code,
            headers=response.headers,
            retry_safe=policy.retry_safe,
        )

    def _decide_on_error(
        self, policy: RequestPolicy, attempt: int, error: Exception
    ) -> RetryDecision:
        return self.retry_policy.after_error(
            attempt=attempt,
            max_retries=policy.max_retries,
            error=error,
            retry_safe=policy.retry_safe,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            raise RuntimeError("this transport was built for an async client")
        policy = _policy_of(request)
        attempt = 1
        while True:
            try:
                response = self._sync.handle_request(request)
            except httpx.TransportError as error:
                decision = self._decide_on_error(policy, attempt, error)
                if not decision.retry:
                    raise
            else:
                decision = self._decide_on_response(policy, attempt, response)
                if not decision.retry:
                    return response
                response.close()
            _log_retry(policy, attempt, decision)
            self.sleep(decision.delay)
            attempt += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._async is None:
            raise RuntimeError("this transport was built for a sync client")
        policy = _policy_of(request)
        attempt = 1
        while True:
            try:
                response = await self._async.handle_async_request(request)
            except httpx.TransportError as error:
                decision = self._decide_on_error(policy, attempt, error)
                if not decision.retry:
                    raise
            else:
                decision = self._decide_on_response(policy, attempt, response)
                if not decision.retry:
                    return response
                await response.aclose()
            _log_retry(policy, attempt, decision)
            await self.async_sleep(decision.delay)
            attempt += 1

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
