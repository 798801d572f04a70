"""Client construction: api key, base URL, timeouts, retries, TLS settings, env variables."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from typing import Any

import pytest

from mistral_client import AsyncMistral, Mistral, PoolConfig, RetryConfig, errors
from mistral_client._config import Settings, resolve_settings
from tests.support.server import RecordingServer, Reply

ENV_VARS = ("MISTRAL_API_KEY", "MISTRAL_BASE_URL", "MISTRAL_TIMEOUT_SECS", "MISTRAL_MAX_RETRIES")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(errors.ConfigurationError, match="MISTRAL_API_KEY"):
        Mistral()


@pytest.mark.parametrize("key", ["", "   "])
def test_blank_explicit_key_is_refused(key: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="api_key"):
        Mistral(api_key=key)


def test_key_from_environment_is_sent(
    monkeypatch: pytest.MonkeyPatch, server: RecordingServer
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "env-key-1")
    server.queue(Reply.json({"object": "list", "data": []}))
    with Mistral(base_url=server.base_url) as client:
        client.models.list()
    assert server.last.headers["authorization"] == "Bearer env-key-1"


def test_explicit_key_beats_environment(
    monkeypatch: pytest.MonkeyPatch, server: RecordingServer
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "env-key")
    server.queue(Reply.json({"object": "list", "data": []}))
    with Mistral(api_key="explicit-key", base_url=server.base_url) as client:
        client.models.list()
    assert server.last.headers["authorization"] == "Bearer explicit-key"


def test_callable_key_returning_nothing_fails_before_sending(server: RecordingServer) -> None:
    with (
        Mistral(api_key=lambda: "", base_url=server.base_url) as client,
        pytest.raises(errors.ConfigurationError, match="callable"),
    ):
        client.models.list()
    assert server.requests == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "https://api.mistral.ai"),
        ("https://eu.example.com/", "https://eu.example.com"),
        ("https://proxy.example.com/mistral/v1", "https://proxy.example.com/mistral"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9000/", "http://localhost:9000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_base_url_resolution(given: str | None, expected: str) -> None:
    assert Mistral(api_key="k", base_url=given).base_url == expected


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_BASE_URL", "https://env.example.com")
    assert Mistral(api_key="k").base_url == "https://env.example.com"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.mistral.ai", "only https"),
        ("http://10.0.0.5:8000", "only https"),
        ("ftp://api.mistral.ai", "https"),
        ("api.mistral.ai", "absolute URL"),
        ("https://user:pw@api.mistral.ai", "credentials"),
        ("https://api.mistral.ai?x=1", "query"),
    ],
)
def test_bad_base_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=message):
        Mistral(api_key="k", base_url=url)


def test_bad_base_url_from_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MISTRAL_BASE_URL", "http://example.com")
    with pytest.raises(errors.ConfigurationError, match="MISTRAL_BASE_URL"):
        Mistral(api_key="k")


def _settings(**overrides: Any) -> Settings:
    arguments: dict[str, Any] = {
        "api_key": "k",
        "base_url": None,
        "timeout": None,
        "connect_timeout": None,
        "max_retries": None,
        "http2": False,
        "pool": None,
        "retry": None,
        "ca_bundle": None,
        "default_headers": None,
    }
    arguments.update(overrides)
    return resolve_settings(**arguments)


def test_defaults_follow_the_seed() -> None:
    settings = _settings()
    assert (settings.timeout, settings.connect_timeout, settings.max_retries) == (120.0, 30.0, 3)
    assert settings.pool == PoolConfig(100, 10, 90.0)
    assert settings.retry == RetryConfig(1.0, 60.0, 2.0, 0.25, 60.0)
    assert "k" not in repr(settings)


def test_timeout_and_retries_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_TIMEOUT_SECS", "7.5")
    monkeypatch.setenv("MISTRAL_MAX_RETRIES", "0")
    settings = _settings()
    assert settings.timeout == 7.5
    assert settings.max_retries == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MISTRAL_TIMEOUT_SECS", "soon"),
        ("MISTRAL_TIMEOUT_SECS", "-1"),
        ("MISTRAL_TIMEOUT_SECS", "inf"),
        ("MISTRAL_MAX_RETRIES", "2.5"),
        ("MISTRAL_MAX_RETRIES", "-1"),
        ("MISTRAL_MAX_RETRIES", "1000"),
    ],
)
def test_bad_environment_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(errors.ConfigurationError, match=variable):
        _settings()


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("timeout", 0, "timeout"),
        ("timeout", float("nan"), "timeout"),
        ("timeout", "30", "timeout"),
        ("connect_timeout", -1.0, "connect_timeout"),
        ("max_retries", -1, "max_retries"),
        ("max_retries", True, "max_retries"),
        ("ca_bundle", "/no/such/bundle.pem", "ca_bundle"),
        ("default_headers", {"Authorization": "Bearer x"}, "Authorization"),
    ],
)
def test_bad_arguments_are_refused(argument: str, value: object, message: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=message):
        _settings(**{argument: value})


@pytest.mark.parametrize(
    "build",
    [
        lambda: RetryConfig(initial_delay=-1),
        lambda: RetryConfig(multiplier=0.5),
        lambda: RetryConfig(jitter=2),
        lambda: RetryConfig(max_delay=float("inf")),
        lambda: PoolConfig(max_connections=0),
        lambda: PoolConfig(keepalive_expiry=float("nan")),
    ],
)
def test_config_classes_validate(build: Callable[[], object]) -> None:
    with pytest.raises(errors.ConfigurationError):
        build()


def test_tls_context_is_strict() -> None:
    context = _settings().ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2


def test_default_headers_are_sent(server: RecordingServer) -> None:
    server.queue(Reply.json({"object": "list", "data": []}))
    with Mistral(api_key="k", base_url=server.base_url, default_headers={"X-Team": "a"}) as c:
        c.models.list()
    assert server.last.headers["x-team"] == "a"
    assert server.last.headers["user-agent"].startswith("mistral-client-python/")


def test_reprs_show_no_secret() -> None:
    assert repr(Mistral(api_key="secret-123")) == "Mistral(base_url='https://api.mistral.ai')"
    assert "secret-123" not in repr(AsyncMistral(api_key="secret-123"))


async def test_async_client_closes(server: RecordingServer) -> None:
    server.queue(Reply.json({"object": "list", "data": []}))
    client = AsyncMistral(api_key="k", base_url=server.base_url)
    async with client:
        await client.models.list()
    with pytest.raises(errors.ClientClosedError, match="closed"):
        await client.models.list()
    assert len(server.requests) == 1


def test_sync_client_closes(server: RecordingServer) -> None:
    server.queue(Reply.json({"object": "list", "data": []}))
    client = Mistral(api_key="k", base_url=server.base_url)
    client.models.list()
    client.close()
    with pytest.raises(errors.ClientClosedError, match="closed"):
        client.models.list()
    assert len(server.requests) == 1


def test_http2_is_opt_in_and_still_talks_http_1_1_to_a_plain_server(
    server: RecordingServer,
) -> None:
    server.queue(Reply.json({"object": "list", "data": []}))
    with Mistral(api_key="k", base_url=server.base_url, http2=True) as client:
        raw = client.with_raw_response(client.models.list)
    assert raw.status_code == 200
    assert client._settings.http2 is True
    assert Mistral(api_key="k")._settings.http2 is False
