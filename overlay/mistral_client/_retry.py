"""When to try a request again, and after how long. Pure: no I/O, no clock, no sleeping.

Nothing is lost: an operation that creates something (a file, a job, an agent) is retried
only when the request provably never reached the server (the connection was not made, or
the server answered 429, which means it refused without processing).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

import attrs
import httpx

from ._config import RetryConfig
from .errors import _retry_after

# Statuses worth another attempt (seed 7.1, plus 408 Request Timeout, which like a 5xx
# says the server gave up on this request); 429 is handled on its own below.
_RETRYABLE_STATUSES = frozenset({408, 500, 502, 503, 504})
# Failures that happen before any byte of the request left this machine.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retry_after_of(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms` (milliseconds) when it parses,
    else `Retry-After` (seconds or an HTTP date). The one parser is errors._retry_after
    (digits only: `1_0`, `-1`, `1e3` are ignored), so errors and retries agree."""
    return _retry_after(headers)


@attrs.frozen
class RetryDecision:
    """What to do after one attempt: retry after `delay` seconds, or stop."""

    retry: bool
    delay: float = 0.0
    reason: str = ""


_STOP = RetryDecision(retry=False)


@attrs.frozen
class RetryPolicy:
    """Decides per attempt; shared by the sync and async transports.

    Usage: `policy.after_response(attempt=1, max_retries=3, status=503, headers=h, retry_safe=True)`
    """

    config: RetryConfig = attrs.field(factory=RetryConfig)
    random: Callable[[], float] = random.random

    def backoff(self, attempt: int) -> float:
        """Exponential delay before attempt `attempt + 1`, with +-jitter."""
        config = self.config
        base = min(config.max_delay, config.initial_delay * config.multiplier ** (attempt - 1))
        spread = config.jitter * (2.0 * self.random() - 1.0)
        return max(0.0, min(config.max_delay, base * (1.0 + spread)))

    def after_response(
        self,
        *,
        attempt: int,
        max_retries: int,
        status: int,
        headers: Mapping[str, str],
        retry_safe: bool,
    ) -> RetryDecision:
        """Decide after an HTTP answer with status `status` to attempt number `attempt`."""
        if attempt > max_retries:
            return _STOP
        if status == 429:
            # A 429 was refused before processing, so even a create may be sent again.
            return self._wait(attempt, headers, f"HTTP {status}")
        if status in _RETRYABLE_STATUSES and retry_safe:
            return self._wait(attempt, headers, f"HTTP {status}")
        return _STOP

    def after_error(
        self, *, attempt: int, max_retries: int, error: Exception, retry_safe: bool
    ) -> RetryDecision:
        """Decide after attempt `attempt` failed with a transport error (no HTTP answer)."""
        if attempt > max_retries or not isinstance(error, httpx.TransportError):
            return _STOP
        if isinstance(error, httpx.UnsupportedProtocol | httpx.ProxyError):
            return _STOP
        if isinstance(error, NOT_SENT_ERRORS) or retry_safe:
            return RetryDecision(True, self.backoff(attempt), type(error).__name__)
        return _STOP

    def _wait(self, attempt: int, headers: Mapping[str, str], reason: str) -> RetryDecision:
        asked = retry_after_of(headers)
        if asked is None:
            return RetryDecision(True, self.backoff(attempt), reason)
        if asked > self.config.max_retry_after:
            # Waiting that long inside a call would look like a hang: surface the error.
            return _STOP
        return RetryDecision(True, asked, f"{reason}, Retry-After {asked:g}s")
