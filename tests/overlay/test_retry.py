"""The retry policy (pure decisions) and the transport loop that follows it over loopback."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, RetryConfig, errors
from mistral_client._retry import RetryPolicy
from tests.conftest import CANARY_KEY, Api
from tests.support.server import RecordingServer, Reply

NO_JITTER = RetryConfig(jitter=0.0)


def policy(config: RetryConfig = NO_JITTER, random_value: float = 0.5) -> RetryPolicy:
    return RetryPolicy(config, random=lambda: random_value)


@pytest.mark.parametrize(
    ("attempt", "expected"), [(1, 1.0), (2, 2.0), (3, 4.0), (7, 60.0), (50, 60.0)]
)
def test_backoff_doubles_up_to_the_cap(attempt: int, expected: float) -> None:
    assert policy().backoff(attempt) == expected


@pytest.mark.parametrize(("random_value", "expected"), [(0.0, 0.75), (1.0, 1.25), (0.5, 1.0)])
def test_jitter_spreads_by_a_quarter(random_value: float, expected: float) -> None:
    assert policy(RetryConfig(), random_value).backoff(1) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("status", "retry_safe", "retries"),
    [
        (429, False, True),  # refused before processing: even creates go again
        (429, True, True),
        (500, True, True),
        (502, True, True),
        (503, True, True),
        (504, True, True),
        (500, False, False),  # a create may have happened: never blindly again
        (503, False, False),
        (400, True, False),
        (401, True, False),
        (404, True, False),
        (422, True, False),
        (501, True, False),
        (200, True, False),
    ],
)
def test_status_decisions(status: int, retry_safe: bool, retries: bool) -> None:
    decision = policy().after_response(
        attempt=1, max_retries=3, status=status, headers=httpx.Headers(), retry_safe=retry_safe
    )
    assert decision.retry is retries


def test_no_retry_once_attempts_are_spent() -> None:
    decide = policy().after_response
    assert decide(attempt=3, max_retries=3, status=503, headers={}, retry_safe=True).retry
    assert not decide(attempt=4, max_retries=3, status=503, headers={}, retry_safe=True).retry
    assert not decide(attempt=1, max_retries=0, status=503, headers={}, retry_safe=True).retry


@pytest.mark.parametrize(
    ("retry_after", "expected_retry", "expected_delay"),
    [
        ("2", True, 2.0),
        ("0", True, 0.0),
        ("-5", True, 0.0),
        ("60", True, 60.0),
        ("61", False, 0.0),  # longer than max_retry_after: surface the error instead
        ("inf", True, 1.0),  # hostile: falls back to backoff
        ("nan", True, 1.0),
        ("soon", True, 1.0),
        ("1e12", False, 0.0),
    ],
)
def test_retry_after_is_respected_within_bounds(
    retry_after: str, expected_retry: bool, expected_delay: float
) -> None:
    decision = policy().after_response(
        attempt=1,
        max_retries=3,
        status=429,
        headers=httpx.Headers({"Retry-After": retry_after}),
        retry_safe=True,
    )
    assert decision.retry is expected_retry
    if expected_retry:
        assert decision.delay == expected_delay


@pytest.mark.parametrize(
    ("error", "retry_safe", "retries"),
    [
        (httpx.ConnectError("refused"), False, True),  # nothing was sent
        (httpx.ConnectTimeout("slow"), False, True),
        (httpx.PoolTimeout("busy"), False, True),
        (httpx.ReadTimeout("slow"), True, True),
        (httpx.ReadTimeout("slow"), False, False),  # the create may have been processed
        (httpx.RemoteProtocolError("cut"), False, False),
        (httpx.RemoteProtocolError("cut"), True, True),
        (httpx.UnsupportedProtocol("gopher"), True, False),
        (ValueError("not a transport error"), True, False),
    ],
)
def test_error_decisions(error: Exception, retry_safe: bool, retries: bool) -> None:
    decision = policy().after_error(attempt=1, max_retries=2, error=error, retry_safe=retry_safe)
    assert decision.retry is retries


# --- the loop, over loopback, with the sleep recorded instead of slept ----------------------


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def sync(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def asynchronous(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture(params=["sync", "async"])
async def retrying(
    request: pytest.FixtureRequest, server: RecordingServer
) -> AsyncIterator[tuple[Api, Sleeps]]:
    sleeps = Sleeps()
    client: Mistral | AsyncMistral
    if request.param == "sync":
        client = Mistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=2)
    else:
        client = AsyncMistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=2)
    client._transport.sleep = sleeps.sync
    client._transport.async_sleep = sleeps.asynchronous
    client._transport.retry_policy = RetryPolicy(NO_JITTER)
    yield Api(client), sleeps
    if isinstance(client, Mistral):
        client.close()
    else:
        await client.aclose()


MODELS = {"object": "list", "data": []}
FILE = {
    "id": "f1",
    "object": "file",
    "bytes": 1,
    "created_at": 1,
    "filename": "a.jsonl",
    "purpose": "batch",
    "sample_type": "batch_request",
    "source": "upload",
}


async def test_transient_errors_are_retried_then_succeed(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=502, body=b"<html>bad gateway</html>"), Reply(status=503, body=b""))
    server.queue(Reply.json(MODELS))
    result = await api.call("models.list")
    assert result.data == []
    assert len(server.requests) == 3
    assert sleeps.delays == [1.0, 2.0]


async def test_retries_stop_at_max_retries(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(*[Reply(status=500, body=b"{}")] * 5)
    with pytest.raises(errors.InternalServerError):
        await api.call("models.list")
    assert len(server.requests) == 3  # 1 attempt + max_retries=2
    assert len(sleeps.delays) == 2


async def test_max_retries_zero_means_one_attempt(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=503, body=b""), Reply.json(MODELS))
    with pytest.raises(errors.ServiceUnavailableError):
        await api.call("models.list", max_retries=0)
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_retry_after_header_sets_the_wait(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(
        Reply.json({"message": "Requests rate limit exceeded"}, 429, **{"Retry-After": "3"})
    )
    server.queue(Reply.json(MODELS))
    await api.call("models.list")
    assert sleeps.delays == [3.0]


async def test_a_create_is_not_resent_after_a_server_error(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=500, body=b"{}"), Reply.json(FILE))
    with pytest.raises(errors.InternalServerError):
        await api.call("files.upload", file=b"{}\n", purpose="batch")
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_a_create_is_resent_after_429_with_the_same_body(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, _ = retrying
    server.queue(Reply.json({"message": "Requests rate limit exceeded"}, 429), Reply.json(FILE))
    result = await api.call("files.upload", file=("a.jsonl", b'{"x": 1}\n'), purpose="batch")
    assert result.id == "f1"
    first, second = server.requests
    assert first.body == second.body
    assert b'{"x": 1}' in second.body


async def test_a_create_is_not_resent_after_a_timeout(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(hang=True), Reply.json(FILE))
    with pytest.raises(errors.APITimeoutError):
        await api.call("files.upload", file=b"{}\n", purpose="batch", timeout=0.3)
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_a_read_is_resent_after_a_dropped_connection(
    retrying: tuple[Api, Sleeps], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(drop=True), Reply.json(MODELS))
    await api.call("models.list")
    assert len(server.requests) == 2
    assert len(sleeps.delays) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("is_async", [False, True])
async def test_refused_connections_are_retried_then_raised(is_async: bool) -> None:
    sleeps = Sleeps()
    url = f"http://127.0.0.1:{_closed_port()}"
    if is_async:
        async with AsyncMistral(api_key="k", base_url=url, max_retries=2) as aclient:
            aclient._transport.async_sleep = sleeps.asynchronous
            with pytest.raises(errors.APIConnectionError) as caught:
                await aclient.files.upload(file=b"x", purpose="batch")
    else:
        with Mistral(api_key="k", base_url=url, max_retries=2) as client:
            client._transport.sleep = sleeps.sync
            with pytest.raises(errors.APIConnectionError) as caught:
                client.files.upload(file=b"x", purpose="batch")
    assert type(caught.value) is errors.APIConnectionError
    # Refused means nothing was sent, so even an upload is tried again.
    assert len(sleeps.delays) == 2
