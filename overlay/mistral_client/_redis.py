"""Shared state in Redis, and what to do when Redis is not there.

The breaker and the rate limiter keep their state in Redis when given a `storage_uri`.
Redis going down must never take the API calls down with it: `Fallback` switches the owner
to its local state, logs one WARNING per outage, and tries Redis again after a cool-down.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError

if TYPE_CHECKING:
    import redis

logger = logging.getLogger("mistral_client")

# Short socket timeouts: a Redis that hangs must cost a call milliseconds, not seconds.
_SOCKET_TIMEOUT = 0.25
# How long to stay on local state after Redis failed before trying it again.
RETRY_AFTER_OUTAGE = 30.0


def connect(uri: str) -> redis.Redis:
    """A redis-py client for `uri` (the `redis` extra must be installed)."""
    try:
        import redis
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ConfigurationError(
            "storage_uri needs the redis package: pip install 'mistral-client[redis]'"
        ) from None
    return redis.Redis.from_url(
        uri, socket_timeout=_SOCKET_TIMEOUT, socket_connect_timeout=_SOCKET_TIMEOUT
    )


@functools.cache
def redis_errors() -> tuple[type[BaseException], ...]:
    """What a failing Redis raises (through redis-py directly or through limits)."""
    import redis
    from limits.errors import StorageError

    return (redis.RedisError, StorageError, OSError)


class Fallback:
    """Tracks whether shared state is usable; `what` names it in the log line.

    Usage: `if fallback.shared_usable(now): try: ... except errors: fallback.failed(now, exc)`
    """

    def __init__(self, what: str, clock: Callable[[], float]) -> None:
        self.what = what
        self.clock = clock
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def shared_usable(self) -> bool:
        """False during an outage's cool-down: use local state without trying Redis."""
        with self._lock:
            if self._down_since is None:
                return True
            return self.clock() - self._down_since >= RETRY_AFTER_OUTAGE

    def failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            self._down_since = self.clock()
        if first:
            logger.warning(
                "%s: Redis unavailable (%s); using local state until it is back",
                self.what,
                type(error).__name__,
            )

    def succeeded(self) -> None:
        with self._lock:
            was_down, self._down_since = self._down_since is not None, None
        if was_down:
            logger.info("%s: Redis is back; using shared state again", self.what)

    def run(self, shared: Callable[[], Any], local: Callable[[], Any]) -> Any:
        """`shared()` while Redis works, `local()` during an outage."""
        if self.shared_usable():
            try:
                result = shared()
            except redis_errors() as error:
                self.failed(error)
            else:
                self.succeeded()
                return result
        return local()
