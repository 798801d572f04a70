"""`Mistral(transport=...)` and `Mistral(http_client=...)`: the caller's httpx pieces under our
retries, auth, headers and validation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, RetryConfig, errors
from tests.conftest import CANARY_KEY
from tests.support.server import RecordingServer, Reply

CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hi"}]}
ANSWER = {
    "id": "cmpl-1",
    "object": "chat.completion",
    "created": 1764633600,
    "model": "mistral-small-latest",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
NO_WAIT = RetryConfig(initial_delay=0, max_delay=0, jitter=0)


class Script:
    """An in-memory API: answers 503 `failures` times, then the chat answer; records requests."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if len(self.requests) <= self.failures:
            return httpx.Response(503, json={"message": "busy"})
        return httpx.Response(200, json=ANSWER)


def test_transport_gets_our_auth_headers_and_retries() -> None:
    script = Script(failures=1)
    with Mistral(CANARY_KEY, transport=httpx.MockTransport(script), retry=NO_WAIT) as client:
        reply = client.chat.complete(**CHAT)  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "Hello"
    assert len(script.requests) == 2  # the 503 was retried around the caller's transport
    sent = script.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {CANARY_KEY}"
    assert sent.headers["user-agent"].startswith("mistral-client-python/")
    assert str(sent.url) == "https://api.mistral.ai/v1/chat/completions"
    assert json.loads(sent.content) == CHAT


def test_validation_still_runs_before_the_transport() -> None:
    script = Script()
    with (
        Mistral(CANARY_KEY, transport=httpx.MockTransport(script)) as client,
        pytest.raises(errors.RequestValidationError, match="temperature"),
    ):
        client.chat.complete(**CHAT, temperature=9)  # type: ignore[arg-type]
    assert script.requests == []


def test_http_client_hooks_run_and_its_own_auth_does_not() -> None:
    script = Script(failures=1)
    hooked: list[str] = []

    def hook(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    caller = httpx.Client(
        transport=httpx.MockTransport(script),
        event_hooks={"request": [hook]},
        auth=("someone", "else"),
        headers={"X-Caller-Default": "not ours to send"},
    )
    with Mistral(CANARY_KEY, http_client=caller, retry=NO_WAIT) as client:
        client.chat.complete(**CHAT)  # type: ignore[arg-type]
    assert hooked == ["/v1/chat/completions"] * 2  # once per attempt
    sent = script.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {CANARY_KEY}"
    assert "x-caller-default" not in sent.headers
    assert not caller.is_closed  # the caller's client is theirs to close
    caller.close()


def test_http_client_proxy_is_used(server: RecordingServer) -> None:
    """The caller's client decides the route: here a proxy (our loopback server plays it)."""
    server.queue(Reply.json(ANSWER))
    caller = httpx.Client(proxy=server.base_url)
    with Mistral(CANARY_KEY, base_url="http://localhost:9", http_client=caller) as client:
        client.chat.complete(**CHAT)  # type: ignore[arg-type]
    # Nothing listens on localhost:9: the request reached the origin only through the proxy.
    assert server.last.headers["host"] == "localhost:9"
    assert server.last.path == "/v1/chat/completions"
    assert server.last.headers["authorization"] == f"Bearer {CANARY_KEY}"
    caller.close()


async def test_async_http_client_and_transport() -> None:
    script = Script(failures=1)
    caller = httpx.AsyncClient(transport=httpx.MockTransport(script))
    async with AsyncMistral(CANARY_KEY, http_client=caller, retry=NO_WAIT) as client:
        reply = await client.chat.complete(**CHAT)  # type: ignore[arg-type]
    assert reply.id == "cmpl-1"
    assert len(script.requests) == 2
    assert not caller.is_closed
    await caller.aclose()
    async with AsyncMistral(CANARY_KEY, transport=httpx.MockTransport(Script())) as client:
        assert (await client.chat.complete(**CHAT)).id == "cmpl-1"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Mistral(CANARY_KEY, http_client=httpx.AsyncClient()), "httpx.Client"),  # type: ignore[arg-type]
        (lambda: AsyncMistral(CANARY_KEY, http_client=httpx.Client()), "httpx.AsyncClient"),  # type: ignore[arg-type]
        (
            lambda: Mistral(CANARY_KEY, transport=httpx.AsyncHTTPTransport()),  # type: ignore[arg-type]
            "httpx.BaseTransport",
        ),
        (
            lambda: Mistral(
                CANARY_KEY, http_client=httpx.Client(), transport=httpx.HTTPTransport()
            ),
            "not both",
        ),
        (lambda: Mistral(CANARY_KEY, transport=httpx.HTTPTransport(), proxy="http://p:1"), "proxy"),
        (lambda: Mistral(CANARY_KEY, http_client=httpx.Client(), http2=True), "http2"),
    ],
)
def test_inconsistent_injection_is_a_configuration_error(make: Any, message: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=message):
        make()
