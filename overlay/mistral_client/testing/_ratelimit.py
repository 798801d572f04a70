"""Per-minute request and token budgets, counted on the emulator's clock."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Admission:
    """The outcome of `RateLimiter.admit`: `reason` is None when the request may proceed."""

    reason: str | None
    retry_after: int


class RateLimiter:
    """A fixed one-minute window (minute boundaries of the emulator clock).

    None for a budget disables it. Requests are counted when admitted; tokens when the
    answer is known (a completion's total tokens, as x-ratelimit-tokens-query-cost).
    """

    def __init__(self, requests_per_minute: int | None, tokens_per_minute: int | None) -> None:
        self.requests_per_minute = requests_per_minute
        self.tokens_per_minute = tokens_per_minute
        self._window = -1
        self._requests = 0
        self._tokens = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.requests_per_minute is not None or self.tokens_per_minute is not None

    def reset(self) -> None:
        with self._lock:
            self._window, self._requests, self._tokens = -1, 0, 0

    def _roll(self, now: float) -> None:
        window = int(now // 60)
        if window != self._window:
            self._window, self._requests, self._tokens = window, 0, 0

    def admit(self, now: float) -> Admission:
        retry_after = max(1, math.ceil(60 - now % 60))
        with self._lock:
            self._roll(now)
            if self.requests_per_minute is not None and self._requests >= self.requests_per_minute:
                return Admission("requests", retry_after)
            if self.tokens_per_minute is not None and self._tokens >= self.tokens_per_minute:
                return Admission("tokens", retry_after)
            self._requests += 1
            return Admission(None, retry_after)

    def charge(self, now: float, tokens: int) -> None:
        with self._lock:
            self._roll(now)
            self._tokens += tokens

    def headers(self, now: float, cost: int) -> dict[str, str]:
        """The x-ratelimit-* headers in their current form."""
        with self._lock:
            self._roll(now)
            found: dict[str, str] = {}
            if self.requests_per_minute is not None:
                left = max(0, self.requests_per_minute - self._requests)
                found["x-ratelimit-limit-req-minute"] = str(self.requests_per_minute)
                found["x-ratelimit-remaining-req-minute"] = str(left)
            if self.tokens_per_minute is not None:
                left = max(0, self.tokens_per_minute - self._tokens)
                found["x-ratelimit-limit-tokens-minute"] = str(self.tokens_per_minute)
                found["x-ratelimit-remaining-tokens-minute"] = str(left)
                found["x-ratelimit-tokens-query-cost"] = str(cost)
            return found
