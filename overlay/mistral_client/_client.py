"""`Mistral` and `AsyncMistral`: configuration, the owned httpx client, and the namespaces."""

from __future__ import annotations

import importlib
import os
import socket
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, overload

import httpx

from . import __version__
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
from ._observability import DEFAULT_CONTENT_LIMIT, build_telemetry, warn_deprecated
from ._pool import AsyncGate, AsyncShardedTransport, ShardedTransport, shard_limits, sync_gate
from ._ratelimit import RateLimiter
from ._retry import RetryPolicy
from ._transport import AsyncClientTransport, ClientTransport, ResilientTransport
from .errors import ConfigurationError

if TYPE_CHECKING:
    from ._resources.agents import Agents, AsyncAgents
    from ._resources.batch import AsyncBatch, Batch
    from ._resources.chat import AsyncChat, Chat
    from ._resources.classifiers import AsyncClassifiers, Classifiers
    from ._resources.embeddings import AsyncEmbeddings, Embeddings
    from ._resources.files import AsyncFiles, Files
    from ._resources.fim import AsyncFim, Fim
    from ._resources.fine_tuning import AsyncFineTuning, FineTuning
    from ._resources.models import AsyncModels, Models

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

P = ParamSpec("P")
T = TypeVar("T")
HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
R = TypeVar("R")


class _Namespace(Generic[R]):
    """`client.chat` and friends, built on first use.

    Each namespace imports its generated operations and, through them, the whole
    generated models package (~120 modules): doing that on first use rather than in the
    constructor keeps `Mistral()` in a fresh process cheap. The instance is cached in the
    client's __dict__, so later lookups are plain attribute reads.
    """

    def __init__(self, home: str, name: str) -> None:
        self._home = home
        self._name = name
        self._attribute = name
        self._documented = False

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...
    @overload
    def __get__(self, client: object, owner: type) -> R: ...
    def __get__(self, client: object | None, owner: type) -> Self | R:
        if client is None:
            return self
        namespace_type = getattr(importlib.import_module(self._home, __package__), self._name)
        if not self._documented:
            # Imported here, with the generated models the namespace just loaded: `models`
            # names the result classes as ours (reprs without UNSET), and the resource
            # methods, which take `**params: Unpack[...]`, get explicit signatures and docs
            # for help(), inspect.signature and jedi.
            from . import _signatures, models  # noqa: F401

            _signatures.document_all()
            self._documented = True
        namespace: R = namespace_type(client._runner)  # type: ignore[attr-defined]
        client.__dict__[self._attribute] = namespace
        return namespace


_USER_AGENT = f"mistral-client-python/{__version__}"


class _ClientBase(Generic[HttpClientT, TransportT]):
    """Settings shared by both clients; each subclass builds its own httpx client from them.

    `transport=` replaces the innermost httpx transport (the client still owns the pool
    options it was given, retries, auth, headers, timeouts and the admission gate);
    `http_client=` sends through the caller's httpx client (its proxies, certificates,
    mounts, event hooks and pool decide the connection), still wrapped in our retries,
    auth, headers, timeouts and admission gate. The caller's client is not closed by ours.
    """

    _settings: Settings
    _transport: ResilientTransport
    _http_client_type: type[httpx.Client | httpx.AsyncClient]
    _transport_type: type[httpx.BaseTransport | httpx.AsyncBaseTransport]

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
        instrument: bool | None = None,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
        capture_content: bool = False,
        content_limit: int = DEFAULT_CONTENT_LIMIT,
        http_client: HttpClientT | None = None,
        transport: TransportT | None = None,
        server_url: str | None = None,
    ) -> None:
        """`server_url` is the official SDK's name for `base_url` (deprecated)."""
        if server_url is not None:
            if base_url is not None:
                raise ConfigurationError("give base_url= or server_url=, not both")
            warn_deprecated(
                "server_url= is the official SDK's spelling; use base_url=",
                stacklevel=2,  # the user's Mistral(...) / AsyncMistral(...)
            )
            base_url = server_url
        self._check_injected(http_client, transport, http2=http2, ca_bundle=ca_bundle, proxy=proxy)
        self._http_client: HttpClientT | None = http_client
        self._injected_transport: TransportT | None = transport
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
            telemetry=build_telemetry(
                instrument=instrument,
                tracer_provider=tracer_provider,
                meter_provider=meter_provider,
                capture_content=capture_content,
                content_limit=content_limit,
            ),
        )
        self._open()

    def _check_injected(
        self,
        http_client: object,
        transport: object,
        *,
        http2: bool,
        ca_bundle: object,
        proxy: object,
    ) -> None:
        name = type(self).__name__
        if http_client is not None and transport is not None:
            raise ConfigurationError("pass http_client= or transport=, not both")
        if http_client is not None and not isinstance(http_client, self._http_client_type):
            raise ConfigurationError(
                f"{name}(http_client=...) must be an {self._http_client_type.__qualname__}"
                f" (httpx.{self._http_client_type.__name__}), got {type(http_client).__name__}"
            )
        if transport is not None and not isinstance(transport, self._transport_type):
            raise ConfigurationError(
                f"{name}(transport=...) must be an httpx.{self._transport_type.__name__},"
                f" got {type(transport).__name__}"
            )
        injected = "http_client" if http_client is not None else "transport"
        if http_client is not None or transport is not None:
            for option, given in (("http2", http2), ("ca_bundle", ca_bundle), ("proxy", proxy)):
                if given:
                    raise ConfigurationError(
                        f"{option}= does not apply with {injected}=: configure it on the "
                        f"{'httpx client' if injected == 'http_client' else 'transport'}"
                    )

    def _open(self) -> None:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The API root requests go to, e.g. `https://api.mistral.ai`."""
        return self._settings.base_url

    _client_transport: Callable[[Any], Any]
    _sharded_transport: Callable[[Any], Any]
    _http_transport: Callable[..., Any]

    def _inner_transport(self) -> Any:
        """The transport under our retries: the caller's client or transport, or our shards."""
        if self._http_client is not None:
            return self._client_transport(self._http_client)
        if self._injected_transport is not None:
            return self._injected_transport
        return self._sharded_transport([self._http_transport(**o) for o in self._shard_options()])

    def _shard_options(self) -> list[dict[str, Any]]:
        """Options of each pool shard's httpx transport (see _pool.ShardedTransport)."""
        settings = self._settings
        pool = settings.pool
        common = self._transport_options()
        limits = shard_limits(
            pool.max_connections, pool.max_keepalive_connections, pool.keepalive_expiry
        )
        return [{**common, "limits": shard} for shard in limits]

    def _resilience(self) -> dict[str, Any]:
        """The retry policy, breaker and rate limiter this client's transport applies."""
        settings = self._settings
        breaker = None
        if settings.circuit_breaker is not None:
            breaker = BreakerPolicy(settings.circuit_breaker, name=settings.base_url)
            self._core.telemetry.watch_breaker(breaker)
        return {
            "retry_policy": RetryPolicy(settings.retry),
            "breaker": breaker,
            "limiter": RateLimiter(settings.rate_limit, base_url=settings.base_url),
        }

    def _transport_options(self) -> dict[str, Any]:
        settings = self._settings
        return {
            "verify": settings.ssl_context(),
            "http2": settings.http2,
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


class Mistral(_ClientBase[httpx.Client, httpx.BaseTransport]):
    """Synchronous client for the Mistral API.

    Usage:
        with Mistral() as client:  # api_key from MISTRAL_API_KEY
            reply = client.chat.complete(model="mistral-small-latest",
                                         messages=[{"role": "user", "content": "Hi"}])
            print(reply.text)
    """

    _http_client_type = httpx.Client
    _transport_type = httpx.BaseTransport

    chat: _Namespace[Chat] = _Namespace("._resources.chat", "Chat")
    fim: _Namespace[Fim] = _Namespace("._resources.fim", "Fim")
    embeddings: _Namespace[Embeddings] = _Namespace("._resources.embeddings", "Embeddings")
    models: _Namespace[Models] = _Namespace("._resources.models", "Models")
    files: _Namespace[Files] = _Namespace("._resources.files", "Files")
    fine_tuning: _Namespace[FineTuning] = _Namespace("._resources.fine_tuning", "FineTuning")
    agents: _Namespace[Agents] = _Namespace("._resources.agents", "Agents")
    batch: _Namespace[Batch] = _Namespace("._resources.batch", "Batch")
    classifiers: _Namespace[Classifiers] = _Namespace("._resources.classifiers", "Classifiers")

    _client_transport = ClientTransport
    _sharded_transport = ShardedTransport
    _http_transport = httpx.HTTPTransport

    def _open(self) -> None:
        self._transport = ResilientTransport(
            **self._resilience(),
            sync_transport=self._core.telemetry.wrap_sync(self._inner_transport()),
        )
        self._http = httpx.Client(transport=self._transport, **self._client_options())
        self._core.transport = self._transport
        self._runner = SyncRunner(
            self._http, self._core, sync_gate(self._settings.pool.max_connections)
        )

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


class AsyncMistral(_ClientBase[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """Asynchronous client for the Mistral API (same methods as `Mistral`, awaited).

    Usage:
        async with AsyncMistral() as client:
            reply = await client.chat.complete(model="mistral-small-latest",
                                               messages=[{"role": "user", "content": "Hi"}])
    """

    _http_client_type = httpx.AsyncClient
    _transport_type = httpx.AsyncBaseTransport

    chat: _Namespace[AsyncChat] = _Namespace("._resources.chat", "AsyncChat")
    fim: _Namespace[AsyncFim] = _Namespace("._resources.fim", "AsyncFim")
    embeddings: _Namespace[AsyncEmbeddings] = _Namespace(
        "._resources.embeddings", "AsyncEmbeddings"
    )
    models: _Namespace[AsyncModels] = _Namespace("._resources.models", "AsyncModels")
    files: _Namespace[AsyncFiles] = _Namespace("._resources.files", "AsyncFiles")
    fine_tuning: _Namespace[AsyncFineTuning] = _Namespace(
        "._resources.fine_tuning", "AsyncFineTuning"
    )
    agents: _Namespace[AsyncAgents] = _Namespace("._resources.agents", "AsyncAgents")
    batch: _Namespace[AsyncBatch] = _Namespace("._resources.batch", "AsyncBatch")
    classifiers: _Namespace[AsyncClassifiers] = _Namespace(
        "._resources.classifiers", "AsyncClassifiers"
    )

    _client_transport = AsyncClientTransport
    _sharded_transport = AsyncShardedTransport
    _http_transport = httpx.AsyncHTTPTransport

    def _open(self) -> None:
        self._transport = ResilientTransport(
            **self._resilience(),
            async_transport=self._core.telemetry.wrap_async(self._inner_transport()),
        )
        self._http = httpx.AsyncClient(transport=self._transport, **self._client_options())
        self._core.transport = self._transport
        self._runner = AsyncRunner(
            self._http,
            self._core,
            AsyncGate(self._settings.pool.max_connections),
            on_new_loop=self._new_pool,
        )

    def _new_pool(self) -> None:
        # The old pool's connections are bound to a loop that is gone (asyncio.run ended):
        # they cannot even be closed from here, so they are dropped with it. A caller's
        # http_client or transport is theirs to manage.
        if self._http_client is None and self._injected_transport is None:
            self._transport._async = self._core.telemetry.wrap_async(self._inner_transport())

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
