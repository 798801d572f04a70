"""Fixtures for the emulator's own tests: one shared emulator (reset per test) and httpx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mistral_client.testing import MistralEmulator

KEY = "test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
TIMEOUT = httpx.Timeout(10.0)


def pytest_configure(config: pytest.Config) -> None:
    # The fixture plugin normally arrives through the pytest11 entry point; without an
    # installed distribution (PYTHONPATH runs), load it here. pytester tests the plugin.
    manager = config.pluginmanager
    names = ("mistral_emulator", "mistral_client.testing._pytest_plugin")
    if not any(manager.has_plugin(name) for name in names):
        manager.import_plugin("mistral_client.testing._pytest_plugin")
    if not manager.has_plugin("pytester"):
        manager.import_plugin("pytester")


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[MistralEmulator]:
    with MistralEmulator() as emulator:
        yield emulator


@pytest.fixture
def emu(shared_emulator: MistralEmulator) -> MistralEmulator:
    """The module's emulator, reset to a fresh state."""
    shared_emulator.reset()
    return shared_emulator


@pytest.fixture
def http(emu: MistralEmulator) -> Iterator[httpx.Client]:
    """An httpx client on the emulator, authenticated."""
    with httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=TIMEOUT) as client:
        yield client


def chat_body(text: str = "Hello there", **extra: Any) -> dict[str, Any]:
    return {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": text}],
        **extra,
    }


def detail_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The pydantic details of a wrapped 422."""
    body = response.json()
    assert response.status_code == 422, body
    assert body["object"] == "error"
    assert body["type"] == "invalid_request_error"
    details: list[dict[str, Any]] = body["message"]["detail"]
    return details
