"""Client-side rate limiting per endpoint group (seed 7.3), shared by sync and async.

Three things can make a request wait for its slot:
- a 429's Retry-After, which holds its whole group, not only the request that got it;
- the server's own x-ratelimit-* headers (every known form), which lower the budget to
  what the server says is left until its window has passed;
- local budgets the user asked for, counted with `limits`: requests in a moving window
  (exact, atomic in Redis, never over-counts a refused hit), tokens in a fixed window
  (the only limits strategy that can be charged after the fact, when the answer says
  how many tokens the call really cost).

`RateLimiter.acquire` answers "go" (0.0) or "wait this long"; the transport does the
waiting (or raises when `block=False` or the call's deadline is too near).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Mapping

import attrs
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from ._config import RateLimitConfig
from ._redis import _SOCKET_TIMEOUT, Fallback, connect

_COMPLETIONS = ("chat.", "fim.", "agents.complete", "agents.stream")
# Server windows longer than this only inform: a month's budget running out is left to
# the server's 429 and its Retry-After rather than holding calls for weeks.
_LONGEST_HOLD_WINDOW = 3600.0
_UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "month": 2_592_000.0}
# x-ratelimit-{limit|remaining}-{req|requests|tokens}[-[N-]{unit}]
_X_RATELIMIT = re.compile(
    r"^x-ratelimit-(limit|remaining)-(req|requests|tokens)(?:-(?:(\d+)-)?(second|minute|hour|day|month))?$"
)
# x-ratelimit-reset-requests: "1s", "6m0s", "20ms", "0.5" (the seed's reset form)
_NUMBER = r"(\d+(?:\.\d+)?)"
_DURATION = re.compile(rf"^(?:{_NUMBER}h)?(?:{_NUMBER}m(?!s))?(?:{_NUMBER}s)?(?:{_NUMBER}ms)?$")


def group_of(operation: str) -> str:
    """The endpoint group an operation's budget belongs to."""
    if operation.startswith(_COMPLETIONS):
        return "completions"
    if operation.startswith("embeddings."):
        return "embeddings"
    return "other"


def estimate_tokens(body: bytes) -> int:
    """Tokens a request will cost, before sending: its body's characters / 4 (the usual
    rule of thumb for English and code; the answer's real count corrects it)."""
    return max(1, math.ceil(len(body) / 4))


@attrs.frozen
class ServerLimit:
    """One budget the server reported: `kind` "requests" or "tokens", over `window` s."""

    kind: str
    window: float
    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None


def _count(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _seconds(value: str) -> float | None:
    text = value.strip().lower()
    try:
        seconds = float(text)
    except ValueError:
        match = _DURATION.match(text)
        if match is None or not text:
            return None
        hours, minutes, secs, millis = (float(part or 0) for part in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs + millis / 1000
    return seconds if math.isfinite(seconds) and 0 <= seconds <= 86400 else None


def parse_rate_headers(headers: Mapping[str, str]) -> list[ServerLimit]:
    """Every rate-limit budget in `headers`, in any of the forms the API has sent:
    `x-ratelimit-remaining-req-minute` (current), `-req-10-second` / `-tokens-month`
    (older), `x-ratelimit-remaining-requests` + `x-ratelimit-reset-requests` (the seed's),
    and `ratelimitbysize-*` (tokens per minute). Unparseable values are ignored."""
    found: dict[tuple[str, float], dict[str, float | int]] = {}
    resets: dict[str, float] = {}
    for raw_name, raw_value in headers.items():
        name = raw_name.lower()
        if name.startswith("ratelimitbysize-"):
            field = name.removeprefix("ratelimitbysize-")
            if field in ("limit", "remaining"):
                value = _count(raw_value)
                if value is not None:
                    found.setdefault(("tokens", 60.0), {})[field] = value
            elif field == "reset":
                seconds = _seconds(raw_value)
                if seconds is not None:
                    resets["bysize"] = seconds
            continue
        if name.startswith("x-ratelimit-reset-"):
            seconds = _seconds(raw_value)
            kind = name.removeprefix("x-ratelimit-reset-")
            if seconds is not None and kind in ("requests", "tokens"):
                resets[kind] = seconds
            continue
        match = _X_RATELIMIT.match(name)
        if match is None:
            continue
        field, kind, multiple, unit = match.groups()
        value = _count(raw_value)
        if value is None:
            continue
        window = _UNITS[unit or "minute"] * int(multiple or 1)
        kind = "tokens" if kind == "tokens" else "requests"
        found.setdefault((kind, window), {})[field] = value
    limits: list[ServerLimit] = []
    for (kind, window), fields in sorted(found.items()):
        reset = resets.get(kind) if window == 60.0 else None
        if kind == "tokens" and reset is None and window == 60.0:
            reset = resets.get("bysize")
        limit, remaining = fields.get("limit"), fields.get("remaining")
        limits.append(
            ServerLimit(
                kind,
                window,
                None if limit is None else int(limit),
                None if remaining is None else int(remaining),
                reset,
            )
        )
    return limits


@attrs.define
class _Seen:
    """What the server said is left of one budget, and until when that holds."""

    remaining: float
    until: float


@attrs.define
class _Group:
    hold_until: float = 0.0
    seen: dict[tuple[str, float], _Seen] = attrs.field(factory=dict)


class _Budgets:
    """The local limits of every group, counted in one `limits` storage."""

    def __init__(self, config: RateLimitConfig, storage: Storage, base: str) -> None:
        self.requests = MovingWindowRateLimiter(storage)
        self.tokens = FixedWindowRateLimiter(storage)
        self.storage = storage
        self.ids = (config.namespace, base)
        self.items: dict[str, tuple[RateLimitItem | None, RateLimitItem | None]] = {}
        for group in ("completions", "embeddings", "other"):
            budget = config.budget(group)
            rpm, tpm = budget.requests_per_minute, budget.tokens_per_minute
            self.items[group] = (
                RateLimitItemPerMinute(rpm, namespace="mistral_client:req") if rpm else None,
                RateLimitItemPerMinute(tpm, namespace="mistral_client:tok") if tpm else None,
            )

    def acquire(self, group: str, tokens: int) -> float:
        """Charge one request and `tokens`, or return how long until they would fit."""
        request_item, token_item = self.items[group]
        ids = (*self.ids, group)
        cost = min(tokens, token_item.amount) if token_item is not None else 0
        if token_item is not None and not self.tokens.test(token_item, *ids, cost=cost):
            return self._wait(self.tokens, token_item, ids)
        if request_item is not None and not self.requests.hit(request_item, *ids):
            return self._wait(self.requests, request_item, ids)
        if token_item is not None:
            self.tokens.hit(token_item, *ids, cost=cost)
        return 0.0

    def correct(self, group: str, delta: int) -> None:
        """Charge (or refund) the difference between the estimate and the real count."""
        token_item = self.items[group][1]
        if token_item is not None and delta:
            key = token_item.key_for(*self.ids, group)
            self.storage.incr(key, token_item.get_expiry(), amount=delta)

    @staticmethod
    def _wait(
        limiter: MovingWindowRateLimiter | FixedWindowRateLimiter,
        item: RateLimitItem,
        ids: tuple[str, ...],
    ) -> float:
        # limits counts in wall time (its storages, Redis included, have no clock to inject).
        reset_time = limiter.get_window_stats(item, *ids).reset_time
        return min(max(reset_time - time.time(), 0.01), float(item.get_expiry()))


class RateLimiter:
    """Budgets per endpoint group; one per client, shared by its sync and async transports.

    Usage: `wait = limiter.acquire("completions", tokens=120)` (0.0: go), then
    `limiter.observe("completions", response.headers)` and, on a 429,
    `limiter.hold("completions", retry_after)`.
    """

    def __init__(
        self,
        config: RateLimitConfig,
        *,
        base_url: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.clock = clock
        self._groups = {name: _Group() for name in ("completions", "embeddings", "other")}
        self._lock = threading.Lock()
        budgets = [config.budget(name) for name in self._groups]
        self.has_budgets = any(
            b.requests_per_minute is not None or b.tokens_per_minute is not None for b in budgets
        )
        self._local = _Budgets(config, MemoryStorage(), base_url) if self.has_budgets else None
        self._shared: _Budgets | None = None
        # 429 holds are shared too, so one worker's 429 slows the whole fleet down.
        self._redis = connect(config.storage_uri) if config.storage_uri is not None else None
        self._hold_key = f"mistral_client:hold:{config.namespace}:{base_url}:"
        self.shared = config.storage_uri is not None
        if self.has_budgets and config.storage_uri is not None:
            # RedisStorage connects lazily: a Redis that is down now only costs the first
            # call its short socket timeout, then local budgets take over.
            uri = config.storage_uri
            storage = RedisStorage(
                "redis+" + uri if uri.startswith("unix:") else uri,
                wrap_exceptions=True,
                socket_timeout=_SOCKET_TIMEOUT,
                socket_connect_timeout=_SOCKET_TIMEOUT,
            )
            self._shared = _Budgets(config, storage, base_url)
        self.fallback = Fallback("rate limiter", clock)

    @property
    def block(self) -> bool:
        return self.config.block

    def acquire(self, group: str, tokens: int = 0) -> float:
        """0.0 when a request of `group` costing `tokens` may go now (it is charged),
        else the seconds to wait before asking again."""
        now = self.clock()
        with self._lock:
            state = self._groups[group]
            if state.hold_until > now:
                return state.hold_until - now
            for key, seen in list(state.seen.items()):
                if seen.until <= now:
                    del state.seen[key]
                elif seen.remaining < 1:
                    return seen.until - now
        shared_hold = self._shared_hold(group)
        if shared_hold > now:
            with self._lock:
                state.hold_until = max(state.hold_until, shared_hold)
            return shared_hold - now
        wait = self._on_budgets(lambda budgets: budgets.acquire(group, tokens))
        if wait > 0:
            return float(wait)
        with self._lock:
            for (kind, _), seen in state.seen.items():
                seen.remaining -= 1 if kind == "requests" else tokens
        return 0.0

    def correct(self, group: str, estimated: int, actual: int) -> None:
        """The call really cost `actual` tokens where `estimated` were charged."""
        delta = actual - estimated
        if delta and self._local is not None:
            self._on_budgets(lambda budgets: budgets.correct(group, delta))

    def observe(self, group: str, headers: Mapping[str, str]) -> None:
        """Lower the group's budget to what the server reports left."""
        limits = parse_rate_headers(headers)
        if not limits:
            return
        now = self.clock()
        with self._lock:
            seen = self._groups[group].seen
            for limit in limits:
                if limit.remaining is None or limit.window > _LONGEST_HOLD_WINDOW:
                    continue
                until = now + (limit.reset if limit.reset is not None else limit.window)
                seen[(limit.kind, limit.window)] = _Seen(float(limit.remaining), until)

    def hold(self, group: str, seconds: float) -> None:
        """A 429 asked to wait `seconds`: every request of the group waits."""
        until = self.clock() + max(0.0, seconds)
        with self._lock:
            state = self._groups[group]
            state.hold_until = max(state.hold_until, until)
        client = self._redis
        if client is not None and seconds > 0:
            key = self._hold_key + group

            def share() -> None:
                if self._shared_hold(group) < until:
                    client.set(key, repr(until), px=max(1, math.ceil(seconds * 1000)))

            self.fallback.run(share, lambda: None)

    def _shared_hold(self, group: str) -> float:
        """Until when another process's 429 holds `group` (0.0: no hold)."""
        client = self._redis
        if client is None:
            return 0.0
        value = self.fallback.run(lambda: client.get(self._hold_key + group), lambda: None)
        try:
            until = float(value) if value else 0.0
        except (TypeError, ValueError):
            return 0.0
        return until if math.isfinite(until) else 0.0

    def close(self) -> None:
        """Release the Redis connections, if any."""
        if self._redis is not None:
            self._redis.close()
        if self._shared is not None:
            client = getattr(self._shared.storage, "storage", None)
            if client is not None:
                client.close()

    def _on_budgets(self, use: Callable[[_Budgets], float | None]) -> float:
        local = self._local
        if local is None:
            return 0.0
        shared = self._shared
        if shared is None:
            return use(local) or 0.0
        result: float | None = self.fallback.run(lambda: use(shared), lambda: use(local))
        return result or 0.0
