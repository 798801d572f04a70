"""The circuit breaker: stop sending to an API that keeps failing (seed 7.2).

pybreaker's state machine (closed -> open -> half-open, its counters, its storages and
listeners) is driven from our transport one attempt at a time rather than by wrapping a
function in `CircuitBreaker.call`: the same `BreakerPolicy` then serves the sync and the
async transport (pybreaker's own async support is Tornado-only), and the transport decides
what counts as a failure. Only the wait before a probe is ours, on an injected clock, so
tests move time instead of sleeping.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pybreaker

from ._config import CircuitBreakerConfig
from ._redis import Fallback, connect
from .errors import CircuitOpenError

if TYPE_CHECKING:
    import redis

logger = logging.getLogger("mistral_client")

CLOSED, OPEN, HALF_OPEN = pybreaker.STATE_CLOSED, pybreaker.STATE_OPEN, pybreaker.STATE_HALF_OPEN


class _AttemptFailedError(Exception):
    """Stands for one failed attempt when telling pybreaker's state objects about it."""


class _StateLog(pybreaker.CircuitBreakerListener):
    """WARNING when the circuit opens, INFO when it probes or closes (no key: only the URL)."""

    def state_change(
        self,
        cb: pybreaker.CircuitBreaker,
        old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        if new_state.name == OPEN:
            logger.warning(
                "circuit breaker for %s opened after %d consecutive failures; one probe in %.0f s",
                cb.name,
                cb.fail_counter,
                cb.reset_timeout,
            )
        elif new_state.name == HALF_OPEN:
            logger.info("circuit breaker for %s half-open: sending a probe", cb.name)
        elif old_state is not None:
            logger.info("circuit breaker for %s closed", cb.name)


class RedisBreakerStorage(pybreaker.CircuitBreakerStorage):
    """The breaker's state in one Redis hash, so every process and machine shares it.

    Unlike pybreaker's CircuitRedisStorage it keeps `opened_at` to the fraction of a second
    and lets Redis errors through, so `FallbackBreakerStorage` can switch to local state.
    """

    def __init__(self, client: redis.Redis, key: str) -> None:
        super().__init__("redis")
        self._redis = client
        self._key = key

    def close(self) -> None:
        self._redis.close()

    def claim_probe(self, seconds: float) -> bool:
        """Take the fleet's one half-open probe for `seconds` (it lapses if its holder dies)."""
        return bool(self._redis.set(f"{self._key}:probe", 1, nx=True, px=int(seconds * 1000)))

    def release_probe(self) -> None:
        self._redis.delete(f"{self._key}:probe")

    def _get(self, field: str) -> bytes | None:
        value: Any = self._redis.hget(self._key, field)
        return value if isinstance(value, bytes) else None

    @property
    def state(self) -> str:
        value = self._get("state")
        return value.decode() if value else CLOSED

    @state.setter
    def state(self, state: str) -> None:
        self._redis.hset(self._key, "state", state)

    def increment_counter(self) -> None:
        self._redis.hincrby(self._key, "failures", 1)

    def reset_counter(self) -> None:
        self._redis.hset(self._key, "failures", 0)

    def increment_success_counter(self) -> None:
        self._redis.hincrby(self._key, "successes", 1)

    def reset_success_counter(self) -> None:
        self._redis.hset(self._key, "successes", 0)

    @property
    def counter(self) -> int:
        return int(self._get("failures") or 0)

    @property
    def success_counter(self) -> int:
        return int(self._get("successes") or 0)

    @property
    def opened_at(self) -> datetime | None:
        value = self._get("opened_at")
        return datetime.fromtimestamp(float(value), UTC) if value else None

    @opened_at.setter
    def opened_at(self, when: datetime) -> None:
        self._redis.hset(self._key, "opened_at", repr(when.timestamp()))


class FallbackBreakerStorage(pybreaker.CircuitBreakerStorage):
    """Shared state while Redis answers, the local copy (kept up to date) while it does not."""

    def __init__(self, shared: pybreaker.CircuitBreakerStorage, fallback: Fallback) -> None:
        super().__init__("redis")
        self.shared = shared
        self.local = pybreaker.CircuitMemoryStorage(CLOSED)
        self.fallback = fallback

    def _read(self, name: str) -> Any:
        return self.fallback.run(
            lambda: getattr(self.shared, name), lambda: getattr(self.local, name)
        )

    def _write(self, name: str, *args: Any) -> None:
        if args:
            setattr(self.local, name, args[0])
        else:
            getattr(self.local, name)()

        def shared() -> None:
            if args:
                setattr(self.shared, name, args[0])
            else:
                getattr(self.shared, name)()

        self.fallback.run(shared, lambda: None)

    def claim_probe(self, seconds: float) -> bool:
        """The shared probe lease; during an outage this process decides alone."""
        shared = self.shared
        if not isinstance(shared, RedisBreakerStorage):
            return True
        claimed: bool = self.fallback.run(lambda: shared.claim_probe(seconds), lambda: True)
        return claimed

    def release_probe(self) -> None:
        shared = self.shared
        if isinstance(shared, RedisBreakerStorage):
            self.fallback.run(shared.release_probe, lambda: None)

    @property
    def state(self) -> str:
        value: str = self._read("state")
        return value

    @state.setter
    def state(self, state: str) -> None:
        self._write("state", state)

    def increment_counter(self) -> None:
        self._write("increment_counter")

    def reset_counter(self) -> None:
        self._write("reset_counter")

    def increment_success_counter(self) -> None:
        self._write("increment_success_counter")

    def reset_success_counter(self) -> None:
        self._write("reset_success_counter")

    @property
    def counter(self) -> int:
        value: int = self._read("counter")
        return value

    @property
    def success_counter(self) -> int:
        value: int = self._read("success_counter")
        return value

    @property
    def opened_at(self) -> datetime | None:
        value: datetime | None = self._read("opened_at")
        return value

    @opened_at.setter
    def opened_at(self, when: datetime) -> None:
        self._write("opened_at", when)


class BreakerPolicy:
    """One circuit per client and base URL, shared by its sync and async transports.

    Usage: `probe = breaker.admit()` before an attempt (raises CircuitOpenError),
    then `breaker.record(failed=..., probe=probe)` after it.
    """

    def __init__(
        self,
        config: CircuitBreakerConfig,
        *,
        name: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.name = name
        self.clock = clock
        storage: pybreaker.CircuitBreakerStorage
        if config.storage_uri is not None:
            shared = RedisBreakerStorage(
                connect(config.storage_uri), f"mistral_client:breaker:{name}"
            )
            storage = FallbackBreakerStorage(shared, Fallback("circuit breaker", clock))
        else:
            storage = pybreaker.CircuitMemoryStorage(CLOSED)
        self.storage = storage
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=config.failure_threshold,
            reset_timeout=config.recovery_timeout,
            success_threshold=config.success_threshold,
            state_storage=storage,
            listeners=[_StateLog()],
            name=name,
            throw_new_error_on_trip=False,
        )
        self.shared = config.storage_uri is not None
        self._lock = threading.Lock()
        self._probing = False  # a probe from this client is in flight (half-open allows 1)

    @property
    def state(self) -> str:
        """One of "closed", "open", "half-open"."""
        return self.breaker.current_state

    def retry_at(self) -> float:
        opened = self.storage.opened_at
        opened_at = opened.timestamp() if opened is not None else self.clock()
        return opened_at + self.config.recovery_timeout

    def admit(self) -> bool:
        """Let an attempt through, or raise CircuitOpenError. True: it is the probe."""
        with self._lock:
            state = self.breaker.current_state
            if state == CLOSED:
                return False
            now = self.clock()
            if state == OPEN:
                retry_at = self.retry_at()
                if now < retry_at:
                    raise self._refusal(retry_at, now, "next probe in")
                self.breaker.half_open()
            if self._probing or not self._claim_probe():
                raise self._refusal(now, now, "a probe is in flight; retry in")
            self._probing = True
            return True

    def release(self, probe: bool) -> None:
        """An admitted attempt ended without an outcome the breaker judges (e.g. cancelled)."""
        if probe:
            with self._lock:
                self._end_probe()

    def record(self, *, failed: bool, probe: bool) -> None:
        """Tell the state machine how an admitted attempt went."""
        with self._lock:
            if probe:
                self._end_probe()
            state = self.breaker.state  # also picks up a change made by another process
            was_open = state.name == OPEN
            try:
                if failed:
                    state._handle_error(_AttemptFailedError(), reraise=False)
                else:
                    state._handle_success()
            except (_AttemptFailedError, pybreaker.CircuitBreakerError):
                pass  # pybreaker raises when it trips; the transport reports the failure
            if failed and not was_open and self.breaker.current_state == OPEN:
                # pybreaker stamps wall time; use our clock so the wait is testable.
                self.storage.opened_at = datetime.fromtimestamp(self.clock(), UTC)

    def _claim_probe(self) -> bool:
        # With shared state one probe goes out for the whole fleet, not one per process.
        storage = self.storage
        if isinstance(storage, FallbackBreakerStorage):
            return storage.claim_probe(self.config.recovery_timeout)
        return True

    def _end_probe(self) -> None:
        self._probing = False
        if isinstance(self.storage, FallbackBreakerStorage):
            self.storage.release_probe()

    def close(self) -> None:
        """Release the Redis connections, if any."""
        if isinstance(self.storage, FallbackBreakerStorage):
            shared = self.storage.shared
            if isinstance(shared, RedisBreakerStorage):
                shared.close()

    def _refusal(self, retry_at: float, now: float, what: str) -> CircuitOpenError:
        wait = max(0.0, retry_at - now)
        return CircuitOpenError(
            f"circuit breaker for {self.name} is open after repeated failures; "
            f"{what} {wait:.1f}s; nothing was sent",
            retry_at=retry_at,
            retry_after=wait,
        )
