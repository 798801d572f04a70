"""A fake clock for the transport's policies: sleeping moves it instead of waiting.

Usage: `clock = FakeClock(); clock.install(client)`; `clock.delays` lists every sleep.
"""

from __future__ import annotations

from mistral_client import AsyncMistral, Mistral


class FakeClock:
    """Wall and monotonic time in one, starting at `start` epoch seconds."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        self.now = start
        self.delays: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def install(self, client: Mistral | AsyncMistral) -> FakeClock:
        """Drive `client`'s deadline, breaker, rate limiter and sleeps from this clock."""
        transport = client._transport
        transport.clock = self
        transport.sleep = self.sleep
        transport.async_sleep = self.async_sleep
        if transport.breaker is not None:
            transport.breaker.clock = self
        if transport.limiter is not None:
            transport.limiter.clock = self
            transport.limiter.fallback.clock = self
        return self
