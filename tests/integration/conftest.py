"""Fixtures of the integration tests: the public client on the emulator, sync and async."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from mistral_client.testing import MistralEmulator
from tests.conftest import Api, open_api


@pytest.fixture(params=["sync", "async"])
async def emu_api(
    request: pytest.FixtureRequest, mistral_emulator: MistralEmulator
) -> AsyncIterator[Api]:
    async with open_api(request.param, mistral_emulator.base_url) as opened:
        yield opened
