"""Client settings: explicit arguments first, then MISTRAL_* environment variables, then defaults.

Everything is checked here, when the client is built, so a bad setting fails fast with a
ConfigurationError naming the argument or variable.
"""

from __future__ import annotations

import ipaddress
import math
import os
import ssl
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import certifi

from .errors import ConfigurationError

DEFAULT_BASE_URL = "https://api.mistral.ai"
DEFAULT_TIMEOUT = 120.0
DEFAULT_CONNECT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
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


@attrs.frozen
class PoolConfig:
    """Connection pool and keep-alive (seed 11.1: 10 idle connections kept 90 s).

    Usage: `Mistral(pool=PoolConfig(max_connections=200))`
    """

    max_connections: int = 100
    max_keepalive_connections: int = 10
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

    def __repr__(self) -> str:
        # The key is deliberately absent: settings objects end up in logs and tracebacks.
        return (
            f"Settings(base_url={self.base_url!r}, timeout={self.timeout}, "
            f"connect_timeout={self.connect_timeout}, max_retries={self.max_retries}, "
            f"http2={self.http2})"
        )

    def ssl_context(self) -> ssl.SSLContext:
        """Verification always on, TLS 1.2 at least, the given CA bundle or certifi's."""
        cafile = str(self.ca_bundle) if self.ca_bundle else certifi.where()
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
    if not (math.isfinite(value) and value > 0):
        raise ConfigurationError(f"{source} must be a finite number of seconds > 0")
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
) -> Settings:
    """Validate the constructor arguments, filling gaps from the environment and defaults."""
    bundle = Path(ca_bundle) if ca_bundle is not None else None
    if bundle is not None and not bundle.is_file():
        raise ConfigurationError(f"ca_bundle {str(bundle)!r} is not a file")
    headers = dict(default_headers or {})
    if any(name.lower() == "authorization" for name in headers):
        raise ConfigurationError("default_headers must not set Authorization: use api_key")
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
    )
