"""Client settings: explicit arguments first, then MISTRAL_* environment variables, then defaults.

Everything is checked here, when the client is built, so a bad setting fails fast with a
ConfigurationError naming the argument or variable.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import os
import ssl
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import attrs
import certifi

from ._encoding import extra_headers as header_fields
from .errors import ConfigurationError, RequestValidationError

DEFAULT_BASE_URL = "https://api.mistral.ai"
DEFAULT_TIMEOUT = 120.0
DEFAULT_CONNECT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
MAX_TIMEOUT_SECONDS = 86400.0
DEFAULT_STREAM_IDLE_TIMEOUT = 60.0
# Upper bound on max_retries: beyond this a retry loop only hides an outage.
_MAX_RETRIES_LIMIT = 20

ApiKey = str | Callable[[], str]


@attrs.frozen
class RetryConfig:
    """Backoff between attempts (seed defaults: 1 s doubling to 60 s, +-25% jitter).

    `max_retry_after` caps how long a server's Retry-After may make us wait before the
    call gives up and raises instead (the error still carries `retry_after`).
    Usage: `Mistral(retry=RetryConfig(initial_delay=0.5, max_delay=10))`
    """

    initial_delay: float = 1.0
    max_delay: float = 60.0
    multiplier: float = 2.0
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def __attrs_post_init__(self) -> None:
        for name in ("initial_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ConfigurationError(f"RetryConfig.{name} must be a finite number >= 0")
        if not (math.isfinite(self.multiplier) and self.multiplier >= 1):
            raise ConfigurationError("RetryConfig.multiplier must be a finite number >= 1")
        if not (0 <= self.jitter <= 1):
            raise ConfigurationError("RetryConfig.jitter must be between 0 and 1")


def _check_storage_uri(owner: str, uri: str | None) -> None:
    if uri is None:
        return
    if not isinstance(uri, str) or urlsplit(uri).scheme not in ("redis", "rediss", "unix"):
        raise ConfigurationError(
            f"{owner}.storage_uri must be a redis://, rediss:// or unix:// URL, or None"
        )


@attrs.frozen
class CircuitBreakerConfig:
    """Stop calling an API that keeps failing (seed 7.2 defaults).

    Opens after `failure_threshold` consecutive failures (5xx, connection errors, timeouts;
    never 4xx or 429); after `recovery_timeout` seconds one probe goes through; it closes
    after `success_threshold` successful probes, and opens again on a failed one.
    `storage_uri="redis://host:6379/0"` keeps the state in Redis, shared by every process
    and machine using the same base URL.
    Usage: `Mistral(circuit_breaker=CircuitBreakerConfig(failure_threshold=10))`
    """

    failure_threshold: int = 5
    recovery_timeout: float = 30.0
    success_threshold: int = 3
    storage_uri: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("failure_threshold", "success_threshold"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigurationError(f"CircuitBreakerConfig.{name} must be a whole number >= 1")
        timeout = self.recovery_timeout
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise ConfigurationError("CircuitBreakerConfig.recovery_timeout must be seconds")
        if not (math.isfinite(timeout) and timeout > 0):
            raise ConfigurationError(
                "CircuitBreakerConfig.recovery_timeout must be a finite number of seconds > 0"
            )
        _check_storage_uri("CircuitBreakerConfig", self.storage_uri)


# The breaker every client gets unless told otherwise (`circuit_breaker=None` turns it off).
DEFAULT_CIRCUIT_BREAKER = CircuitBreakerConfig()


def _check_budget(owner: str, name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{owner}.{name} must be a whole number >= 1, or None")


@attrs.frozen
class RateBudget:
    """Local per-minute budget of one endpoint group; None means no local cap.

    Usage: `RateLimitConfig(groups={"embeddings": RateBudget(requests_per_minute=30)})`
    """

    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None

    def __attrs_post_init__(self) -> None:
        _check_budget("RateBudget", "requests_per_minute", self.requests_per_minute)
        _check_budget("RateBudget", "tokens_per_minute", self.tokens_per_minute)


# The endpoint groups budgets apply to: chat / FIM / agent completions, embeddings, the rest.
RATE_GROUPS = ("completions", "embeddings", "other")


@attrs.frozen
class RateLimitConfig:
    """Client-side rate limiting per endpoint group (seed 7.3).

    Always on: the server's x-ratelimit-* headers lower the local budget to what the
    server says is left, and a 429 with Retry-After holds every request of its group until
    then. `requests_per_minute` / `tokens_per_minute` add a local budget to every group;
    `groups` sets one per group ("completions", "embeddings", "other"). Tokens are
    estimated before sending (request body characters / 4) and corrected from the
    server's count afterwards. `block=False` raises RateLimitError (with `retry_after`)
    instead of waiting. `storage_uri="redis://..."` shares the budgets across processes;
    `namespace` separates accounts that share one Redis.
    Usage: `Mistral(rate_limit=RateLimitConfig(requests_per_minute=60))`
    """

    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None
    groups: Mapping[str, RateBudget] = attrs.field(factory=dict)
    block: bool = True
    storage_uri: str | None = None
    namespace: str = "default"

    def __attrs_post_init__(self) -> None:
        _check_budget("RateLimitConfig", "requests_per_minute", self.requests_per_minute)
        _check_budget("RateLimitConfig", "tokens_per_minute", self.tokens_per_minute)
        for name, budget in self.groups.items():
            if name not in RATE_GROUPS:
                raise ConfigurationError(
                    f"RateLimitConfig.groups: unknown group {name!r} "
                    f"(expected one of {', '.join(RATE_GROUPS)})"
                )
            if not isinstance(budget, RateBudget):
                raise ConfigurationError(f"RateLimitConfig.groups[{name!r}] must be a RateBudget")
        _check_storage_uri("RateLimitConfig", self.storage_uri)
        if not isinstance(self.namespace, str) or not self.namespace:
            raise ConfigurationError("RateLimitConfig.namespace must be a non-empty string")

    @classmethod
    def seed_defaults(cls, **overrides: Any) -> RateLimitConfig:
        """The seed's budgets: completions 60 rpm / 100k tpm, embeddings 60 rpm / 1M tpm,
        everything else 60 rpm. Usage: `Mistral(rate_limit=RateLimitConfig.seed_defaults())`
        """
        groups = {
            "completions": RateBudget(60, 100_000),
            "embeddings": RateBudget(60, 1_000_000),
            "other": RateBudget(60, None),
        }
        return cls(groups=groups, **overrides)

    def budget(self, group: str) -> RateBudget:
        """The local budget of `group`: its own entry, else the client-wide numbers."""
        return self.groups.get(group) or RateBudget(
            self.requests_per_minute, self.tokens_per_minute
        )


@attrs.frozen
class PoolConfig:
    """Connection pool, keep-alive and admission (idle connections are kept 90 s).

    At most `max_connections` calls are in flight per client; more wait their turn in the
    client (FIFO), not inside httpx's pool. A stream counts while it opens, not while it
    is read. Idle connections kept defaults to the pool size:
    with the seed's 10 of 100, a burst of 1,000 calls opened 1,000 TCP connections (each
    idle one beyond 10 is closed at once and reopened by the next call); with 100 it opens
    about 100 (see the README's Performance section).
    Usage: `Mistral(pool=PoolConfig(max_connections=200))`
    """

    max_connections: int = 100
    max_keepalive_connections: int = attrs.field(
        default=attrs.Factory(lambda self: self.max_connections, takes_self=True)
    )
    keepalive_expiry: float = 90.0

    def __attrs_post_init__(self) -> None:
        if self.max_connections < 1 or self.max_keepalive_connections < 0:
            raise ConfigurationError("PoolConfig: connection counts must be positive")
        if not (math.isfinite(self.keepalive_expiry) and self.keepalive_expiry >= 0):
            raise ConfigurationError("PoolConfig.keepalive_expiry must be a finite number >= 0")


@attrs.frozen(repr=False)
class Settings:
    """The resolved, validated configuration one client runs with."""

    api_key: ApiKey
    base_url: str
    timeout: float
    connect_timeout: float
    max_retries: int
    http2: bool
    pool: PoolConfig
    retry: RetryConfig
    ca_bundle: Path | None
    default_headers: Mapping[str, str]
    stream_idle_timeout: float = DEFAULT_STREAM_IDLE_TIMEOUT
    circuit_breaker: CircuitBreakerConfig | None = DEFAULT_CIRCUIT_BREAKER
    rate_limit: RateLimitConfig = RateLimitConfig()
    deadline: float | None = None

    def __repr__(self) -> str:
        # The key is deliberately absent: settings objects end up in logs and tracebacks.
        return (
            f"Settings(base_url={self.base_url!r}, timeout={self.timeout}, "
            f"connect_timeout={self.connect_timeout}, max_retries={self.max_retries}, "
            f"http2={self.http2})"
        )

    def ssl_context(self) -> ssl.SSLContext:
        """Verification always on, TLS 1.2 at least, the given CA bundle or certifi's."""
        return _verified_context(str(self.ca_bundle) if self.ca_bundle else certifi.where())


@functools.lru_cache(maxsize=8)
def _verified_context(cafile: str) -> ssl.SSLContext:
    # Loading a CA bundle costs ~30 ms: clients of one process share the context per bundle.
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value is not None and value.strip() else None


def _resolve_key(api_key: ApiKey | None) -> ApiKey:
    if api_key is None:
        api_key = _env("MISTRAL_API_KEY")
        if api_key is None:
            raise ConfigurationError(
                "no API key: pass api_key=... or set the MISTRAL_API_KEY environment variable"
            )
        return api_key.strip()
    if callable(api_key):
        return api_key
    if not isinstance(api_key, str) or not api_key.strip():
        raise ConfigurationError("api_key must be a non-empty string or a callable returning one")
    return api_key.strip()


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _resolve_base_url(base_url: str | None) -> str:
    source = "base_url"
    if base_url is None:
        base_url = _env("MISTRAL_BASE_URL")
        source = "MISTRAL_BASE_URL"
    if base_url is None:
        return DEFAULT_BASE_URL
    parts = urlsplit(base_url.strip())
    host = parts.hostname or ""
    if not host:
        raise ConfigurationError(f"{source} must be an absolute URL, got {base_url!r}")
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigurationError(
            f"{source} uses plain http to {host}: only https is allowed, "
            "except for loopback hosts (127.0.0.1, ::1, localhost)"
        )
    if parts.scheme not in ("http", "https"):
        raise ConfigurationError(f"{source} must use https, got {parts.scheme!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigurationError(f"{source} must not carry credentials, a query or a fragment")
    # Paths in the spec start with /v1: a trailing /v1 in the base would double it.
    path = parts.path.rstrip("/")
    path = path.removesuffix("/v1")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _positive_seconds(
    value: float | None, env_name: str | None, default: float, name: str
) -> float:
    source = name
    if value is None and env_name is not None:
        raw = _env(env_name)
        if raw is not None:
            source = env_name
            try:
                value = float(raw)
            except ValueError:
                raise ConfigurationError(f"{env_name} must be a number of seconds") from None
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"{source} must be a number of seconds")
    # Compared, not math.isfinite()'d: 10**400 has no float form; and a timeout beyond a
    # day overflows the OS timers (`timeout=1e308`) when a request is sent.
    if not (value > 0 and value <= MAX_TIMEOUT_SECONDS):
        raise ConfigurationError(
            f"{source} must be a finite number of seconds > 0 and <= {MAX_TIMEOUT_SECONDS:g}"
        )
    return float(value)


def _resolve_retries(max_retries: int | None) -> int:
    source = "max_retries"
    if max_retries is None:
        raw = _env("MISTRAL_MAX_RETRIES")
        if raw is None:
            return DEFAULT_MAX_RETRIES
        source = "MISTRAL_MAX_RETRIES"
        try:
            max_retries = int(raw)
        except ValueError:
            raise ConfigurationError("MISTRAL_MAX_RETRIES must be a whole number") from None
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise ConfigurationError(f"{source} must be a whole number")
    if not 0 <= max_retries <= _MAX_RETRIES_LIMIT:
        raise ConfigurationError(f"{source} must be between 0 and {_MAX_RETRIES_LIMIT}")
    return max_retries


# Decoded JSON or error bodies above this are refused (files.download is not bounded).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024


def resolve_max_response_bytes(value: int | None) -> int:
    """`max_response_bytes=`: a whole number of bytes > 0 (default 64 MiB)."""
    if value is None:
        return DEFAULT_MAX_RESPONSE_BYTES
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError("max_response_bytes must be a whole number of bytes > 0")
    return value


def resolve_settings(
    *,
    api_key: ApiKey | None,
    base_url: str | None,
    timeout: float | None,
    connect_timeout: float | None,
    max_retries: int | None,
    http2: bool,
    pool: PoolConfig | None,
    retry: RetryConfig | None,
    ca_bundle: str | os.PathLike[str] | None,
    default_headers: Mapping[str, str] | None,
    stream_idle_timeout: float | None = None,
    circuit_breaker: CircuitBreakerConfig | None = DEFAULT_CIRCUIT_BREAKER,
    rate_limit: RateLimitConfig | None = None,
    deadline: float | None = None,
) -> Settings:
    """Validate the constructor arguments, filling gaps from the environment and defaults."""
    bundle = Path(ca_bundle) if ca_bundle is not None else None
    if bundle is not None and not bundle.is_file():
        raise ConfigurationError(f"ca_bundle {str(bundle)!r} is not a file")
    try:  # the per-call extra_headers rules: ASCII tokens and values, no Authorization
        headers = header_fields(default_headers)
    except RequestValidationError as exc:
        field = exc.field.replace("extra_headers", "default_headers", 1)
        raise ConfigurationError(f"{field}: {exc.rule}") from None
    return Settings(
        api_key=_resolve_key(api_key),
        base_url=_resolve_base_url(base_url),
        timeout=_positive_seconds(timeout, "MISTRAL_TIMEOUT_SECS", DEFAULT_TIMEOUT, "timeout"),
        connect_timeout=_positive_seconds(
            connect_timeout, None, DEFAULT_CONNECT_TIMEOUT, "connect_timeout"
        ),
        max_retries=_resolve_retries(max_retries),
        http2=bool(http2),
        pool=pool or PoolConfig(),
        retry=retry or RetryConfig(),
        ca_bundle=bundle,
        default_headers=headers,
        stream_idle_timeout=_positive_seconds(
            stream_idle_timeout, None, DEFAULT_STREAM_IDLE_TIMEOUT, "stream_idle_timeout"
        ),
        circuit_breaker=_check_instance("circuit_breaker", circuit_breaker, CircuitBreakerConfig),
        rate_limit=_check_instance("rate_limit", rate_limit, RateLimitConfig) or RateLimitConfig(),
        deadline=None if deadline is None else _positive_seconds(deadline, None, 0.0, "deadline"),
    )


C = TypeVar("C")


def _check_instance(name: str, value: C | None, kind: type[C]) -> C | None:
    if value is not None and not isinstance(value, kind):
        raise ConfigurationError(f"{name} must be a {kind.__name__} or None")
    return value
