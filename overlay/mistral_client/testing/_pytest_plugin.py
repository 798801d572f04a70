"""The `mistral_emulator` pytest fixture (registered through the pytest11 entry point).

Usage::

    def test_models(mistral_emulator):
        httpx.get(f"{mistral_emulator.base_url}/v1/models", headers=...)

    @pytest.mark.mistral_emulator(api_key="k", jobs_advance_on_poll=True)
    def test_with_options(mistral_emulator): ...

This module imports only pytest: the emulator's own dependencies (the ``emulator``
extra) are imported when the fixture is used, so a project without them still runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mistral_client.testing._emulator import MistralEmulator


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mistral_emulator(**options): MistralEmulator options for the fixture"
    )


@pytest.fixture
def mistral_emulator(request: pytest.FixtureRequest) -> Iterator[MistralEmulator]:
    """A running `MistralEmulator`, stopped after the test."""
    try:
        from mistral_client.testing._emulator import MistralEmulator
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"the Mistral emulator needs the 'emulator' extra: {exc}")
    marker = request.node.get_closest_marker("mistral_emulator")
    options = dict(marker.kwargs) if marker is not None else {}
    with MistralEmulator(**options) as emulator:
        yield emulator
