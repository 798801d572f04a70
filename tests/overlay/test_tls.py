"""TLS against a real loopback HTTPS server: verification always on, TLS 1.2 at least."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from mistral_client import AsyncMistral, Mistral, errors
from tests.support.server import RecordingServer, Reply

MODELS = Reply.json({"object": "list", "data": []})


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def _server_context(authority: trustme.CA, maximum: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    if maximum is not None:
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.maximum_version = maximum
    return context


@pytest.fixture
def https_server(authority: trustme.CA) -> Iterator[RecordingServer]:
    with RecordingServer(MODELS, tls=_server_context(authority)) as server:
        yield server


@pytest.fixture
def ca_file(authority: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return path


def test_an_untrusted_certificate_is_refused(https_server: RecordingServer) -> None:
    assert https_server.base_url.startswith("https://127.0.0.1:")
    with (
        Mistral(api_key="k", base_url=https_server.base_url, max_retries=0) as client,
        pytest.raises(errors.TLSError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.models.list()
    assert https_server.requests == []


def test_a_given_ca_bundle_is_trusted(https_server: RecordingServer, ca_file: Path) -> None:
    with Mistral(api_key="k", base_url=https_server.base_url, ca_bundle=ca_file) as client:
        assert client.models.list().data == []
    assert https_server.last.headers["authorization"] == "Bearer k"


async def test_async_client_verifies_too(https_server: RecordingServer, ca_file: Path) -> None:
    async with AsyncMistral(api_key="k", base_url=https_server.base_url, max_retries=0) as bad:
        with pytest.raises(errors.TLSError):
            await bad.models.list()
    async with AsyncMistral(api_key="k", base_url=https_server.base_url, ca_bundle=ca_file) as ok:
        assert (await ok.models.list()).data == []


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_a_server_below_tls_1_2_is_refused(authority: trustme.CA, ca_file: Path) -> None:
    context = _server_context(authority, maximum=ssl.TLSVersion.TLSv1_1)
    with RecordingServer(MODELS, tls=context) as server:
        with (
            Mistral(api_key="k", base_url=server.base_url, ca_bundle=ca_file, max_retries=0) as c,
            pytest.raises(errors.TLSError),
        ):
            c.models.list()
        assert server.requests == []


def test_verification_cannot_be_switched_off() -> None:
    with pytest.raises(TypeError):
        Mistral(api_key="k", verify=False)  # type: ignore[call-arg]
