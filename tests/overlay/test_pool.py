"""The admission gate and the sharded pool, over real loopback sockets (no times asserted)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, PoolConfig, errors
from mistral_client._pool import AsyncGate, ShardedTransport, shard_limits
from tests.conftest import CANARY_KEY
from tests.overlay.test_streaming import TEXT_EVENTS, sse
from tests.support.loopback import LoopbackServer
from tests.support.server import RecordingServer, Reply

CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hi"}]}
MODEL = "mistral-small-latest"
HI = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer(latency=0.02) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_counts(loopback: LoopbackServer) -> None:
    loopback.reset()


async def test_300_concurrent_async_calls_never_exceed_the_pool(loopback: LoopbackServer) -> None:
    pool = PoolConfig(max_connections=20)
    async with AsyncMistral(CANARY_KEY, base_url=f"{loopback.base_url}/slow", pool=pool) as client:
        results = await asyncio.gather(
            *(client.chat.complete(**CHAT) for _ in range(300)),  # type: ignore[arg-type]
            return_exceptions=True,
        )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    assert all(r.model == "mistral-small-latest" for r in results)  # type: ignore[union-attr]
    stats = loopback.stats()
    assert stats.requests == 300
    assert stats.max_in_flight <= 20
    # Keep-alive equals the pool size: connections are reused, not reopened per call.
    assert stats.connections <= 20 + 2


def test_threads_share_one_gate(loopback: LoopbackServer) -> None:
    pool = PoolConfig(max_connections=4)
    with Mistral(CANARY_KEY, base_url=f"{loopback.base_url}/slow", pool=pool) as client:

        def call(_: int) -> str:
            return client.chat.complete(**CHAT).model  # type: ignore[arg-type]

        with ThreadPoolExecutor(max_workers=12) as executor:
            models = list(executor.map(call, range(36)))
    assert models == ["mistral-small-latest"] * 36
    stats = loopback.stats()
    assert stats.max_in_flight <= 4
    assert stats.connections <= 4 + 1


def test_the_gate_serves_each_event_loop_in_turn() -> None:
    """asyncio primitives belong to one loop; the gate keeps one semaphore per loop."""
    gate = AsyncGate(1)

    async def twice() -> int:
        entered = 0
        for _ in range(2):
            async with gate:
                entered += 1
        return entered

    assert asyncio.run(twice()) == 2
    assert asyncio.run(twice()) == 2


async def test_the_gate_admits_at_most_its_limit_in_fifo_order() -> None:
    gate = AsyncGate(2)
    inside: list[int] = []
    most = 0
    order: list[int] = []

    async def enter(number: int) -> None:
        nonlocal most
        async with gate:
            inside.append(number)
            order.append(number)
            most = max(most, len(inside))
            await asyncio.sleep(0)
            inside.remove(number)

    await asyncio.gather(*(enter(n) for n in range(10)))
    assert most == 2
    assert order == list(range(10))


@pytest.mark.parametrize(
    ("connections", "keepalive", "shards"), [(100, 100, 10), (100, 10, 10), (7, 7, 1), (25, 3, 3)]
)
def test_shards_split_the_budget_without_losing_any(
    connections: int, keepalive: int, shards: int
) -> None:
    limits = shard_limits(connections, keepalive, 90.0)
    assert len(limits) == shards
    assert sum(limit.max_connections or 0 for limit in limits) == connections
    assert sum(limit.max_keepalive_connections or 0 for limit in limits) == keepalive
    assert all((limit.max_connections or 0) <= 10 for limit in limits)


def test_sharded_transport_sends_to_the_least_busy_shard_and_frees_it() -> None:
    seen: list[int] = []

    def shard(number: int) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            seen.append(number)
            if request.url.path == "/fail":
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, content=b"ok")

        return httpx.MockTransport(handle)

    transport = ShardedTransport([shard(0), shard(1), shard(2)])
    with httpx.Client(transport=transport, base_url="http://127.0.0.1") as http:
        open_responses = [http.send(http.build_request("GET", "/"), stream=True) for _ in range(3)]
        assert seen == [0, 1, 2]  # each open response holds its shard
        open_responses[1].close()
        with pytest.raises(httpx.ConnectError):
            http.get("/fail")  # lands on the freed shard 1 and frees it again on failure
        assert http.get("/").content == b"ok"
        assert seen[3:] == [1, 1]
        for response in open_responses:
            response.close()


def test_a_stream_holds_a_gate_slot_while_it_opens_not_while_it_is_read() -> None:
    """1,000 streams queue in the client's FIFO gate instead of httpx's pool (where each
    waiter costs O(n) per connection event), and a call made inside a stream's loop never
    waits for the slot of the stream it runs in (that would be a deadlock at the limit)."""
    with RecordingServer() as server:
        server.queue(Reply(hang=True), sse(*TEXT_EVENTS))
        pool = PoolConfig(max_connections=1)
        client = Mistral(CANARY_KEY, base_url=server.base_url, pool=pool, max_retries=0)
        gate = client._runner.gate
        failures: list[errors.MistralError] = []

        def read_one() -> None:
            try:
                with client.chat.stream(model=MODEL, messages=HI) as stream:
                    list(stream)
            except errors.MistralError as exc:
                failures.append(exc)

        opening = threading.Thread(target=read_one)
        opening.start()
        deadline = time.monotonic() + 10
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.requests, "the stream's request never arrived"
        assert not gate.acquire(blocking=False)  # the opening stream holds the only slot
        server.stopping.set()  # the hung answer ends: the stream fails to open
        opening.join(timeout=10)
        assert [type(f) for f in failures] == [errors.APIConnectionError]
        assert gate.acquire(blocking=False)  # a failed open gives its slot back
        gate.release()
        server.stopping.clear()

        with client.chat.stream(model=MODEL, messages=HI) as stream:
            chunks = iter(stream)
            next(chunks)
            assert gate.acquire(blocking=False)  # being read, the stream holds no slot
            gate.release()
            assert list(chunks)  # and it reads on to its end
        client.close()


async def test_an_async_stream_holds_its_slot_only_while_it_opens() -> None:
    with RecordingServer() as server:
        server.queue(Reply(hang=True), sse(*TEXT_EVENTS))
        pool = PoolConfig(max_connections=1)
        async with AsyncMistral(
            CANARY_KEY, base_url=server.base_url, pool=pool, max_retries=0
        ) as client:
            slots = client._runner.gate._current()

            async def read_one() -> None:
                async with client.chat.stream(model=MODEL, messages=HI) as stream:
                    async for _ in stream:
                        pass

            opening = asyncio.ensure_future(read_one())
            for _ in range(1000):  # until the request is in (each turn lets the loop run)
                if server.requests:
                    break
                await asyncio.sleep(0.01)
            assert slots.locked()  # the opening stream holds the only slot
            server.stopping.set()
            with pytest.raises(errors.APIConnectionError):
                await opening
            assert not slots.locked()
            server.stopping.clear()
            async with client.chat.stream(model=MODEL, messages=HI) as stream:
                chunks = aiter(stream)
                await anext(chunks)
                assert not slots.locked()  # being read, it holds no slot
                assert [chunk async for chunk in chunks]
