"""No stream leaks a connection: 1,000 early breaks (sync) and 1,000 cancellations (async) in
a row, then the pool (default limits) still serves 100 concurrent streams, and the server sees
every socket closed. Counted at the server (tests/support/sse_server.py), so a leak cannot
hide. Async early breaks run a smaller count: each costs a new connection, and suite time."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from mistral_client import AsyncMistral, Mistral
from tests.conftest import CANARY_KEY
from tests.support.sse_server import CountingSSEServer

HELLO = [{"role": "user", "content": "Hi"}]
ROUNDS = 1000
ASYNC_BREAKS = 100
BATCH = 50
CONCURRENT = 100
STALL = {"x-mode": "stall"}


@pytest.fixture
def sse_server() -> Iterator[CountingSSEServer]:
    with CountingSSEServer() as server:
        yield server


def test_sync_early_breaks_and_errors_leak_nothing(sse_server: CountingSSEServer) -> None:
    # A short timeout: a leaked pool slot would surface as a PoolTimeout, not a hang.
    with Mistral(api_key=CANARY_KEY, base_url=sse_server.base_url, timeout=10) as client:
        for number in range(ROUNDS):
            stream = client.chat.stream(model="m", messages=HELLO)
            if number % 2:
                for _chunk in stream:
                    break
            else:
                try:
                    for _text in stream.text():
                        raise LookupError
                except LookupError:
                    pass
        assert sse_server.wait_until_no_connections() == 0
        assert sse_server.accepted == ROUNDS  # each abandoned stream took its connection along

        def whole_stream(_: int) -> str:
            with client.chat.stream(model="m", messages=HELLO) as stream:
                return str(stream.get_final_completion().choices[0].finish_reason)

        with ThreadPoolExecutor(CONCURRENT) as pool:
            finishes = list(pool.map(whole_stream, range(CONCURRENT)))
        assert finishes == ["stop"] * CONCURRENT
    assert sse_server.wait_until_no_connections() == 0


async def test_async_breaks_and_cancellations_leak_nothing(sse_server: CountingSSEServer) -> None:
    async with AsyncMistral(api_key=CANARY_KEY, base_url=sse_server.base_url, timeout=10) as client:
        for _ in range(ASYNC_BREAKS):
            async for _chunk in client.chat.stream(model="m", messages=HELLO):
                break

        async def cancelled_mid_stream() -> None:
            # The server sends one event and then nothing: the task waits mid-stream.
            first = asyncio.Event()

            async def consume() -> None:
                stream = client.chat.stream(model="m", messages=HELLO, extra_headers=STALL)
                async for _chunk in stream:
                    first.set()

            task = asyncio.ensure_future(consume())
            await first.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        # In waves of BATCH at a time (well under the pool's 100), so waits overlap.
        for _ in range(ROUNDS // BATCH):
            await asyncio.gather(*(cancelled_mid_stream() for _ in range(BATCH)))
        await asyncio.sleep(0)  # let the last abandoned iterators finalise
        assert await asyncio.to_thread(sse_server.wait_until_no_connections) == 0
        assert sse_server.accepted == ASYNC_BREAKS + ROUNDS

        async def whole_stream() -> str:
            async with client.chat.stream(model="m", messages=HELLO) as stream:
                reply = await stream.get_final_completion()
            return str(reply.choices[0].finish_reason)

        finishes = await asyncio.gather(*(whole_stream() for _ in range(CONCURRENT)))
        assert finishes == ["stop"] * CONCURRENT
        assert sse_server.peak >= CONCURRENT // 2  # they really ran side by side
    assert await asyncio.to_thread(sse_server.wait_until_no_connections) == 0
