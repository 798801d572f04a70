"""`Mistral` and `AsyncMistral`: configuration, the owned httpx client, and the namespaces."""

from __future__ import annotations

import os
import socket
import warnings
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar

import httpx

from . import __version__, _signatures
from . import models as _models  # noqa: F401  (names the result classes as ours, reprs without UNSET)
from ._auth import BearerAuth
from ._breaker import BreakerPolicy
from ._calls import AsyncRunner, RawResponse, SyncRunner, _Core, capturing, raw_from_capture
from ._config import (
    DEFAULT_CIRCUIT_BREAKER,
    ApiKey,
    CircuitBreakerConfig,
    PoolConfig,
    RateLimitConfig,
    RetryConfig,
    Settings,
    resolve_max_response_bytes,
    resolve_settings,
)
from ._ratelimit import RateLimiter
from ._resources.agents import Agents, AsyncAgents
from ._resources.batch import AsyncBatch, Batch
from ._resources.chat import AsyncChat, Chat
from ._resources.classifiers import AsyncClassifiers, Classifiers
from ._resources.embeddings import AsyncEmbeddings, Embeddings
from ._resources.files import AsyncFiles, Files
from ._resources.fim import AsyncFim, Fim
from ._resources.fine_tuning import AsyncFineTuning, FineTuning
from ._resources.models import AsyncModels, Models
from ._retry import RetryPolicy
from ._transport import ResilientTransport
from .errors import ConfigurationError

P = ParamSpec("P")
T = TypeVar("T")

_USER_AGENT = f"mistral-client-python/{__version__}"


class _ClientBase:
    """Settings shared by both clients; each subclass builds its own httpx client from them."""

    _settings: Settings
    _transport: ResilientTransport

    def __init__(
        self,
        api_key: ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        retry: RetryConfig | None = None,
        pool: PoolConfig | None = None,
        http2: bool = False,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        circuit_breaker: CircuitBreakerConfig | None = DEFAULT_CIRCUIT_BREAKER,
        rate_limit: RateLimitConfig | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
        stream_idle_timeout: float | None = None,
        server_url: str | None = None,
    ) -> None:
        """`server_url` is the official SDK's name for `base_url` (deprecated)."""
        if server_url is not None:
            if base_url is not None:
                raise ConfigurationError("give base_url= or server_url=, not both")
            warnings.warn(
                "server_url= is the official SDK's spelling; use base_url=",
                DeprecationWarning,
                stacklevel=2,  # the user's Mistral(...) / AsyncMistral(...)
            )
            base_url = server_url
        self._settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            http2=http2,
            pool=pool,
            retry=retry,
            ca_bundle=ca_bundle,
            default_headers=default_headers,
            circuit_breaker=circuit_breaker,
            rate_limit=rate_limit,
            deadline=deadline,
            stream_idle_timeout=stream_idle_timeout,
        )
        self._proxy = proxy
        self._core = _Core(
            connect_timeout=self._settings.connect_timeout,
            default_max_retries=self._settings.max_retries,
            deadline=self._settings.deadline,
            max_response_bytes=resolve_max_response_bytes(max_response_bytes),
            stream_idle_timeout=self._settings.stream_idle_timeout,
        )
        self._open()

    def _open(self) -> None:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The API root requests go to, e.g. `https://api.mistral.ai`."""
        return self._settings.base_url

    def _resilience(self) -> dict[str, Any]:
        """The retry policy, breaker and rate limiter this client's transport applies."""
        settings = self._settings
        breaker = None
        if settings.circuit_breaker is not None:
            breaker = BreakerPolicy(settings.circuit_breaker, name=settings.base_url)
        return {
            "retry_policy": RetryPolicy(settings.retry),
            "breaker": breaker,
            "limiter": RateLimiter(settings.rate_limit, base_url=settings.base_url),
        }

    def _transport_options(self) -> dict[str, Any]:
        settings = self._settings
        limits = httpx.Limits(
            max_connections=settings.pool.max_connections,
            max_keepalive_connections=settings.pool.max_keepalive_connections,
            keepalive_expiry=settings.pool.keepalive_expiry,
        )
        return {
            "verify": settings.ssl_context(),
            "http2": settings.http2,
            "limits": limits,
            "proxy": self._proxy,
            # httpx writes request headers and body separately; without TCP_NODELAY the body
            # can wait for the server's delayed ACK (~40 ms on Linux).
            "socket_options": [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        }

    def _client_options(self) -> dict[str, Any]:
        settings = self._settings
        headers = {"User-Agent": _USER_AGENT, "Accept": "application/json"}
        headers.update(settings.default_headers)
        return {
            "base_url": settings.base_url,
            "auth": BearerAuth(settings.api_key),
            "headers": headers,
            "timeout": httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
            "follow_redirects": False,
            # Proxies come from `proxy=`, not the environment, so every request goes
            # through the resilient transport with verified TLS.
            "trust_env": False,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._settings.base_url!r})"


class Mistral(_ClientBase):
    """Synchronous client for the Mistral API.

    Usage:
        with Mistral() as client:  # api_key from MISTRAL_API_KEY
            reply = client.chat.complete(model="mistral-small-latest",
                                         messages=[{"role": "user", "content": "Hi"}])
            print(reply.text)
    """

    def _open(self) -> None:
        self._transport = ResilientTransport(
            **self._resilience(),
            sync_transport=httpx.HTTPTransport(**self._transport_options()),
        )
        self._http = httpx.Client(transport=self._transport, **self._client_options())
        self._core.transport = self._transport
        runner = SyncRunner(self._http, self._core)
        self.chat = Chat(runner)
        self.fim = Fim(runner)
        self.embeddings = Embeddings(runner)
        self.models = Models(runner)
        self.files = Files(runner)
        self.fine_tuning = FineTuning(runner)
        self.agents = Agents(runner)
        self.batch = Batch(runner)
        self.classifiers = Classifiers(runner)

    def with_raw_response(
        self, method: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Call `method` and return its result with status, headers and request id.

        Usage: `raw = client.with_raw_response(client.models.list)`
        """
        with capturing() as capture:
            parsed = method(*args, **kwargs)
        return raw_from_capture(parsed, capture)

    def close(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMistral(_ClientBase):
    """Asynchronous client for the Mistral API (same methods as `Mistral`, awaited).

    Usage:
        async with AsyncMistral() as client:
            reply = await client.chat.complete(model="mistral-small-latest",
                                               messages=[{"role": "user", "content": "Hi"}])
    """

    def _open(self) -> None:
        self._transport = ResilientTransport(
            **self._resilience(),
            async_transport=httpx.AsyncHTTPTransport(**self._transport_options()),
        )
        self._http = httpx.AsyncClient(transport=self._transport, **self._client_options())
        self._core.transport = self._transport
        runner = self._runner = AsyncRunner(self._http, self._core, on_new_loop=self._new_pool)
        self.chat = AsyncChat(runner)
        self.fim = AsyncFim(runner)
        self.embeddings = AsyncEmbeddings(runner)
        self.models = AsyncModels(runner)
        self.files = AsyncFiles(runner)
        self.fine_tuning = AsyncFineTuning(runner)
        self.agents = AsyncAgents(runner)
        self.batch = AsyncBatch(runner)
        self.classifiers = AsyncClassifiers(runner)

    def _new_pool(self) -> None:
        # The old pool's connections are bound to a loop that is gone (asyncio.run ended):
        # they cannot even be closed from here, so they are dropped with it.
        self._transport._async = httpx.AsyncHTTPTransport(**self._transport_options())

    async def with_raw_response(
        self, method: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Await `method` and return its result with status, headers and request id.

        Usage: `raw = await client.with_raw_response(client.models.list)`
        """
        with capturing() as capture:
            parsed = await method(*args, **kwargs)
        return raw_from_capture(parsed, capture)

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        self._runner.check_loop()  # a pool from an ended asyncio.run cannot be closed here
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


# Resource methods take `**params: Unpack[...]`; give them explicit signatures and docs for
# help(), inspect.signature and jedi (see _signatures.py).
_signatures.document_all()
