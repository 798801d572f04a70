"""Shared fixtures: a loopback recording server, clients on it, and `api`, which runs the same
test through the sync and the async client."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from mistral_client import AsyncMistral, Mistral
from tests.support.server import RecordingServer

# Every test client uses this key; tests/overlay/test_secrets.py proves it never leaks.
CANARY_KEY = "sk-canary-5d1e0c7a9b"


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


@pytest.fixture
def client(server: RecordingServer) -> Iterator[Mistral]:
    with Mistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=0) as sync_client:
        yield sync_client


@pytest.fixture
async def aclient(server: RecordingServer) -> AsyncIterator[AsyncMistral]:
    async with AsyncMistral(
        api_key=CANARY_KEY, base_url=server.base_url, max_retries=0
    ) as async_client:
        yield async_client


class Api:
    """Calls a method by its dotted name on either client; awaits when the client is async.

    Usage: `result = await api.call("files.retrieve", "file-id")`
    """

    def __init__(self, client: Mistral | AsyncMistral) -> None:
        self.client = client
        self.is_async = isinstance(client, AsyncMistral)

    def method(self, dotted: str) -> Any:
        target: Any = self.client
        for part in dotted.split("."):
            target = getattr(target, part)
        return target

    async def call(self, dotted: str, *args: Any, **kwargs: Any) -> Any:
        result = self.method(dotted)(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result

    async def collect(self, dotted: str, **kwargs: Any) -> list[Any]:
        """All items of an auto-paginating iterator (`files.iter_all`, ...)."""
        iterator = self.method(dotted)(**kwargs)
        if self.is_async:
            return [item async for item in iterator]
        return list(iterator)


@asynccontextmanager
async def open_api(kind: str, base_url: str, **settings: Any) -> AsyncIterator[Api]:
    """An `Api` on a sync or async client (`kind`), closed afterwards; `settings` go to it."""
    options: dict[str, Any] = {"api_key": CANARY_KEY, "max_retries": 0, **settings}
    if kind == "async":
        async with AsyncMistral(base_url=base_url, **options) as async_client:
            yield Api(async_client)
    else:
        with Mistral(base_url=base_url, **options) as sync_client:
            yield Api(sync_client)


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, server: RecordingServer) -> AsyncIterator[Api]:
    async with open_api(request.param, server.base_url) as opened:
        yield opened
