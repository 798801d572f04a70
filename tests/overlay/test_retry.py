"""The retry policy (pure decisions) and the transport loop that follows it over loopback."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, RetryConfig, errors
from mistral_client._retry import RetryPolicy
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY, Api, open_api
from tests.support.clock import FakeClock
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
        ("-5", True, 1.0),  # not delta-seconds: ignored, backoff applies
        ("-1", True, 1.0),
        ("1_0", True, 1.0),
        ("60", True, 60.0),
        ("61", False, 0.0),  # longer than max_retry_after: surface the error instead
        ("inf", True, 1.0),  # hostile: falls back to backoff
        ("nan", True, 1.0),
        ("soon", True, 1.0),
        ("1e12", True, 1.0),  # not delta-seconds: ignored, backoff applies
        ("100000", False, 0.0),
        ("Wed, 01 Jan 2200 00:00:00 GMT", False, 0.0),  # far-future date: a day at most
        ("Wed, 01 Jan 2020 00:00:00 GMT", True, 0.0),  # a past date: go now
        ("Wed, 99 Foo 2020 25:61:00 GMT", True, 1.0),  # a bad date: backoff
        ("2, 3", True, 1.0),  # two Retry-After headers, joined by httpx: backoff
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


def test_retry_after_ms_sets_the_delay() -> None:
    decision = policy().after_response(
        attempt=1,
        max_retries=3,
        status=429,
        headers=httpx.Headers({"retry-after-ms": "20", "Retry-After": "1"}),
        retry_safe=False,
    )
    assert decision.retry
    assert decision.delay == 0.02


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


@pytest.fixture(params=["sync", "async"])
async def retrying(
    request: pytest.FixtureRequest, server: RecordingServer
) -> AsyncIterator[tuple[Api, FakeClock]]:
    sleeps = FakeClock()
    client: Mistral | AsyncMistral
    if request.param == "sync":
        client = Mistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=2)
    else:
        client = AsyncMistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=2)
    sleeps.install(client)
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
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=502, body=b"<html>bad gateway</html>"), Reply(status=503, body=b""))
    server.queue(Reply.json(MODELS))
    result = await api.call("models.list")
    assert result.data == []
    assert len(server.requests) == 3
    assert sleeps.delays == [1.0, 2.0]


async def test_retries_stop_at_max_retries(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(*[Reply(status=500, body=b"{}")] * 5)
    with pytest.raises(errors.InternalServerError):
        await api.call("models.list")
    assert len(server.requests) == 3  # 1 attempt + max_retries=2
    assert len(sleeps.delays) == 2


async def test_max_retries_zero_means_one_attempt(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=503, body=b""), Reply.json(MODELS))
    with pytest.raises(errors.ServiceUnavailableError):
        await api.call("models.list", max_retries=0)
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_retry_after_header_sets_the_wait(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(
        Reply.json({"message": "Requests rate limit exceeded"}, 429, **{"Retry-After": "3"})
    )
    server.queue(Reply.json(MODELS))
    await api.call("models.list")
    assert sleeps.delays == [3.0]


async def test_a_create_is_not_resent_after_a_server_error(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(status=500, body=b"{}"), Reply.json(FILE))
    with pytest.raises(errors.InternalServerError):
        await api.call("files.upload", file=b"{}\n", purpose="batch")
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_a_create_is_resent_after_429_with_the_same_body(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, _ = retrying
    server.queue(Reply.json({"message": "Requests rate limit exceeded"}, 429), Reply.json(FILE))
    result = await api.call("files.upload", file=("a.jsonl", b'{"x": 1}\n'), purpose="batch")
    assert result.id == "f1"
    first, second = server.requests
    assert first.body == second.body
    assert b'{"x": 1}' in second.body


async def test_a_create_is_not_resent_after_a_timeout(
    retrying: tuple[Api, FakeClock], server: RecordingServer
) -> None:
    api, sleeps = retrying
    server.queue(Reply(hang=True), Reply.json(FILE))
    with pytest.raises(errors.APITimeoutError):
        await api.call("files.upload", file=b"{}\n", purpose="batch", timeout=0.3)
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_a_read_is_resent_after_a_dropped_connection(
    retrying: tuple[Api, FakeClock], server: RecordingServer
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
    sleeps = FakeClock()
    url = f"http://127.0.0.1:{_closed_port()}"
    if is_async:
        async with AsyncMistral(api_key="k", base_url=url, max_retries=2) as aclient:
            sleeps.install(aclient)
            with pytest.raises(errors.APIConnectionError) as caught:
                await aclient.files.upload(file=b"x", purpose="batch")
    else:
        with Mistral(api_key="k", base_url=url, max_retries=2) as client:
            sleeps.install(client)
            with pytest.raises(errors.APIConnectionError) as caught:
                client.files.upload(file=b"x", purpose="batch")
    assert type(caught.value) is errors.APIConnectionError
    # Refused means nothing was sent, so even an upload is tried again.
    assert len(sleeps.delays) == 2


# --- retry-after-ms, 408, deadline, attempts, may_have_been_processed -----------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the precise one wins
        ({"retry-after-ms": "nan", "retry-after": "2"}, 2.0),
        ({"retry-after-ms": "-5"}, 1.0),  # not a delay (digits only): ignored, backoff
        ({"retry-after-ms": "soon", "retry-after": "soon"}, 1.0),  # backoff
        ({"retry-after-ms": "1e12"}, 1.0),  # not digits: ignored, backoff
        ({"retry-after-ms": "1000000000000"}, None),  # a day at most, longer than we wait
    ],
)
def test_retry_after_ms(headers: dict[str, str], expected: float | None) -> None:
    decision = policy().after_response(
        attempt=1, max_retries=3, status=503, headers=httpx.Headers(headers), retry_safe=True
    )
    assert decision.retry is (expected is not None)
    if expected is not None:
        assert decision.delay == pytest.approx(expected)


def test_408_is_retried_like_5xx() -> None:
    decide = policy().after_response
    assert decide(attempt=1, max_retries=3, status=408, headers={}, retry_safe=True).retry
    assert not decide(attempt=1, max_retries=3, status=408, headers={}, retry_safe=False).retry


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_503_503_200_succeeds_in_three_attempts(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    mistral_emulator.inject(Fault.error(503), path="/v1/models", times=2)
    async with open_api(kind, mistral_emulator.base_url, max_retries=3) as api:
        clock = FakeClock().install(api.client)
        api.client._transport.retry_policy = RetryPolicy(NO_JITTER)
        await api.call("models.list")
        assert clock.delays == [1.0, 2.0]
    assert [r.status for r in mistral_emulator.requests] == [503, 503, 200]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_errors_carry_attempts_and_whether_they_may_have_been_processed(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    async with open_api(kind, emu.base_url, max_retries=2, circuit_breaker=None) as api:
        FakeClock().install(api.client)
        emu.inject(Fault.error(400), path="/v1/models")
        with pytest.raises(errors.InvalidRequestError) as bad:
            await api.call("models.list")
        assert (bad.value.attempts, bad.value.may_have_been_processed) == (1, False)
        emu.inject(Fault.error(500), path="/v1/models", times=None)
        with pytest.raises(errors.InternalServerError) as failing:
            await api.call("models.list")
        assert (failing.value.attempts, failing.value.may_have_been_processed) == (3, True)
        emu.clear_faults()
        emu.inject(Fault.error(500), path="/v1/files", method="POST")
        with pytest.raises(errors.InternalServerError) as upload:
            await api.call("files.upload", file=("a.jsonl", b"{}\n"), purpose="batch")
        assert (upload.value.attempts, upload.value.may_have_been_processed) == (1, True)
        assert "may have been processed" in " ".join(upload.value.__notes__)
        emu.inject(Fault.reset(), path="/v1/files", method="POST")
        with pytest.raises(errors.APIConnectionError) as reset:
            await api.call("files.upload", file=("b.jsonl", b"{}\n"), purpose="batch")
        assert (reset.value.attempts, reset.value.may_have_been_processed) == (1, True)
        listed = await api.call("files.list")
        assert [item.filename for item in listed.data] == ["b.jsonl"]  # created once
        with pytest.raises(errors.RequestValidationError) as invalid:
            await api.call("models.list", max_retries=-1)
        assert invalid.value.attempts == 0
    posts = [r for r in emu.requests if r.method == "POST"]
    assert len(posts) == 2  # each create sent exactly once


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_deadline_bounds_every_attempt_and_wait(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    emu.inject(Fault.error(503), path="/v1/models", times=None)
    async with open_api(kind, emu.base_url, max_retries=10, deadline=5.0) as api:
        clock = FakeClock().install(api.client)
        api.client._transport.retry_policy = RetryPolicy(NO_JITTER)
        with pytest.raises(errors.APITimeoutError, match=r"deadline of 5s exceeded after 3") as c:
            await api.call("models.list")
        assert c.value.attempts == 3  # waits of 1 + 2 s; the next 4 s would pass 5 s
        assert clock.delays == [1.0, 2.0]
        with pytest.raises(errors.APITimeoutError, match=r"deadline of 0.5s"):
            await api.call("models.list", deadline=0.5)
        with pytest.raises(errors.RequestValidationError, match="deadline"):
            await api.call("models.list", deadline=float("nan"))
    # A slow answer is cut at the deadline, not at the (much longer) read timeout.
    emu.clear_faults()
    emu.inject(Fault.delay(30), path="/v1/models")
    async with open_api(kind, emu.base_url, timeout=60, deadline=0.3) as api:
        with pytest.raises(errors.APITimeoutError, match=r"deadline of 0\.3s exceeded after 1"):
            await api.call("models.list")


def test_deadline_setting_is_checked() -> None:
    with pytest.raises(errors.ConfigurationError, match="deadline"):
        Mistral(api_key="k", deadline=-1)
