"""Client-side rate limiting: header forms, groups, holds, local budgets; then on the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from mistral_client import RateBudget, RateLimitConfig, errors
from mistral_client._ratelimit import (
    RateLimiter,
    ServerLimit,
    estimate_tokens,
    group_of,
    parse_rate_headers,
)
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import open_api
from tests.support.clock import FakeClock

MINUTE, TEN_S = 60.0, 10.0

HEADER_FORMS = [
    (
        "current form",
        {
            "x-ratelimit-limit-req-minute": "1000",
            "x-ratelimit-remaining-req-minute": "998",
            "x-ratelimit-limit-tokens-minute": "5000000",
            "x-ratelimit-remaining-tokens-minute": "4999911",
            "x-ratelimit-tokens-query-cost": "52",
        },
        [
            ServerLimit("requests", MINUTE, 1000, 998),
            ServerLimit("tokens", MINUTE, 5_000_000, 4_999_911),
        ],
    ),
    (
        "older 10-second and month form",
        {
            "x-ratelimit-limit-req-10-second": "60",
            "x-ratelimit-remaining-req-10-second": "59",
            "x-ratelimit-remaining-tokens-month": "9999999893",
        },
        [
            ServerLimit("requests", TEN_S, 60, 59),
            ServerLimit("tokens", 2_592_000.0, None, 9_999_999_893),
        ],
    ),
    (
        "the seed's form with resets",
        {
            "x-ratelimit-limit-requests": "60",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "6m0s",
            "x-ratelimit-remaining-tokens": "10",
            "x-ratelimit-reset-tokens": "20ms",
        },
        [
            ServerLimit("requests", MINUTE, 60, 0, 360.0),
            ServerLimit("tokens", MINUTE, None, 10, 0.02),
        ],
    ),
    (
        "ratelimitbysize",
        {
            "ratelimitbysize-limit": "1000",
            "ratelimitbysize-remaining": "7",
            "ratelimitbysize-reset": "12",
        },
        [ServerLimit("tokens", MINUTE, 1000, 7, 12.0)],
    ),
    (
        "hostile values are ignored",
        {
            "x-ratelimit-remaining-req-minute": "-1",
            "x-ratelimit-remaining-tokens-minute": "inf",
            "x-ratelimit-limit-req-minute": "1e9",
            "x-ratelimit-remaining-req-hour": "9" * 40,
            "x-ratelimit-reset-requests": "soon",
            "x-ratelimit-remaining-requests": "3",
        },
        [ServerLimit("requests", MINUTE, None, 3)],
    ),
    ("none", {"content-type": "application/json"}, []),
]


@pytest.mark.parametrize(
    ("name", "headers", "expected"), HEADER_FORMS, ids=[form[0] for form in HEADER_FORMS]
)
def test_header_forms(name: str, headers: dict[str, str], expected: list[ServerLimit]) -> None:
    assert parse_rate_headers(headers) == expected


@pytest.mark.parametrize(
    ("operation", "group"),
    [
        ("chat.complete", "completions"),
        ("chat.stream", "completions"),
        ("fim.complete", "completions"),
        ("agents.complete", "completions"),
        ("agents.create", "other"),
        ("embeddings.create", "embeddings"),
        ("files.upload", "other"),
        ("models.list", "other"),
    ],
)
def test_groups(operation: str, group: str) -> None:
    assert group_of(operation) == group


def test_token_estimate_is_characters_over_four() -> None:
    assert estimate_tokens(b"x" * 400) == 100
    assert estimate_tokens(b"") == 1


def limiter(config: RateLimitConfig | None = None) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(config or RateLimitConfig(), base_url="http://api", clock=clock), clock


def test_default_is_server_synced_only() -> None:
    lim, _ = limiter()
    assert not lim.has_budgets
    assert all(lim.acquire("completions", 10_000) == 0.0 for _ in range(500))


def test_server_headers_lower_the_budget_until_the_window_passes() -> None:
    lim, clock = limiter()
    lim.observe("completions", {"x-ratelimit-remaining-req-minute": "2"})
    assert lim.acquire("completions") == 0.0
    assert lim.acquire("completions") == 0.0
    assert lim.acquire("completions") == pytest.approx(60.0)
    assert lim.acquire("embeddings") == 0.0  # other groups are not affected
    clock.advance(60)
    assert lim.acquire("completions") == 0.0


def test_no_tokens_left_on_the_server_holds_the_group() -> None:
    lim, clock = limiter()
    lim.observe("completions", {"x-ratelimit-remaining-tokens-minute": "100"})
    assert lim.acquire("completions", 80) == 0.0
    assert lim.acquire("completions", 80) == 0.0  # 20 left: the server decides
    assert lim.acquire("completions", 1) == pytest.approx(60.0)  # -60 left: wait
    clock.advance(60)
    assert lim.acquire("completions", 1) == 0.0


def test_a_reset_header_shortens_the_wait_and_newer_headers_replace_older() -> None:
    lim, _ = limiter()
    lim.observe(
        "other", {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s"}
    )
    assert lim.acquire("other") == pytest.approx(1.5)
    lim.observe("other", {"x-ratelimit-remaining-requests": "5"})
    assert lim.acquire("other") == 0.0
    lim.observe("other", {"x-ratelimit-remaining-tokens-month": "0"})  # informs only
    assert lim.acquire("other") == 0.0


def test_a_429_holds_the_whole_group() -> None:
    lim, clock = limiter()
    lim.hold("embeddings", 7)
    assert lim.acquire("embeddings") == pytest.approx(7)
    assert lim.acquire("completions") == 0.0
    lim.hold("embeddings", 2)  # a shorter hold does not shorten the longer one
    clock.advance(6)
    assert lim.acquire("embeddings") == pytest.approx(1)
    clock.advance(1)
    assert lim.acquire("embeddings") == 0.0


def test_local_request_budget_counts_per_group() -> None:
    config = RateLimitConfig(requests_per_minute=3, groups={"other": RateBudget(1)})
    lim, _ = limiter(config)
    assert [lim.acquire("completions") for _ in range(3)] == [0.0] * 3
    wait = lim.acquire("completions")
    assert 0 < wait <= 60
    assert lim.acquire("other") == 0.0
    assert lim.acquire("other") > 0
    assert lim.acquire("embeddings") == 0.0


def test_token_budget_is_charged_and_corrected() -> None:
    lim, _ = limiter(RateLimitConfig(tokens_per_minute=1000))
    assert lim.acquire("completions", 600) == 0.0
    assert lim.acquire("completions", 600) > 0  # 1200 would pass the budget
    lim.correct("completions", estimated=600, actual=100)  # the answer says 100
    assert lim.acquire("completions", 600) == 0.0
    assert lim.acquire("completions", 5000) > 0
    lim.correct("completions", estimated=600, actual=900)
    assert lim.acquire("completions", 1) > 0


def test_seed_defaults() -> None:
    config = RateLimitConfig.seed_defaults(block=False)
    assert config.budget("completions") == RateBudget(60, 100_000)
    assert config.budget("embeddings") == RateBudget(60, 1_000_000)
    assert config.budget("other") == RateBudget(60, None)
    assert config.block is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"requests_per_minute": 0}, "requests_per_minute"),
        ({"tokens_per_minute": 1.5}, "tokens_per_minute"),
        ({"groups": {"chat": RateBudget(1)}}, "groups"),
        ({"groups": {"other": 5}}, "groups"),
        ({"storage_uri": "memcached://x"}, "storage_uri"),
        ({"namespace": ""}, "namespace"),
    ],
)
def test_config_is_checked(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=field):
        RateLimitConfig(**kwargs)


# --- end to end against the emulator -------------------------------------------------

CHAT: dict[str, Any] = {
    "model": "mistral-small-latest",
    "messages": [{"role": "user", "content": "hi"}],
}


@pytest.mark.mistral_emulator(requests_per_minute=3)
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_emulator_headers_lower_the_local_budget(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    config = RateLimitConfig(block=False)
    async with open_api(kind, emu.base_url, rate_limit=config) as api:
        FakeClock().install(api.client)
        for _ in range(3):
            await api.call("chat.complete", **CHAT)
        with pytest.raises(errors.RateLimitError) as caught:
            await api.call("chat.complete", **CHAT)
        assert caught.value.attempts == 0
        assert caught.value.retry_after == pytest.approx(60)
        assert "nothing was sent" in str(caught.value)
    assert len(emu.requests) == 3  # the server never saw the fourth


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_429_with_retry_after_holds_the_group(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    emu.inject(Fault.error(429, retry_after=5), path="/v1/chat/completions")
    async with open_api(kind, emu.base_url, max_retries=2) as api:
        clock = FakeClock().install(api.client)
        await api.call("chat.complete", **CHAT)
        assert clock.delays == [5.0]  # the retry waited as asked
        # A 429 that is not retried still holds its group: the next caller waits.
        emu.inject(Fault.error(429, retry_after=4), path="/v1/chat/completions")
        with pytest.raises(errors.RateLimitError):
            await api.call("chat.complete", **CHAT, max_retries=0)
        await api.call("models.list")  # another group: no wait
        assert clock.delays == [5.0]
        await api.call("chat.complete", **CHAT)
        assert clock.delays == [5.0, 4.0]
    assert [r.status for r in emu.requests] == [429, 200, 429, 200, 200]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_local_budget_waits_for_a_slot_within_the_deadline(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    config = RateLimitConfig(requests_per_minute=2)
    async with open_api(kind, emu.base_url, rate_limit=config) as api:
        FakeClock().install(api.client)
        await api.call("models.list")
        await api.call("models.list")
        with pytest.raises(errors.RateLimitError, match="deadline"):
            await api.call("models.list", deadline=5)
    assert len(emu.requests) == 2


def _tokens_left(api_client: Any, group: str) -> int:
    limiter = api_client._transport.limiter
    budgets = limiter._local
    item = budgets.items[group][1]
    return int(budgets.tokens.get_window_stats(item, *budgets.ids, group).remaining)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("server_limits", [True, False], ids=["query-cost header", "usage"])
async def test_token_estimate_is_corrected_to_the_real_count(
    kind: str, server_limits: bool
) -> None:
    """Corrected from x-ratelimit-tokens-query-cost when sent, else from the body's usage."""
    options = {} if server_limits else {"requests_per_minute": None, "tokens_per_minute": None}
    with MistralEmulator(**options) as emu:  # type: ignore[arg-type]
        config = RateLimitConfig(tokens_per_minute=100_000)
        async with open_api(kind, emu.base_url, rate_limit=config) as api:
            reply = await api.call("chat.complete", **CHAT)
            used = reply.usage.total_tokens
            assert _tokens_left(api.client, "completions") == 100_000 - used
            await api.call("embeddings.create", model="mistral-embed", input=["a" * 400])
            assert 100_000 - _tokens_left(api.client, "embeddings") < 150
        sent = emu.requests[0]
        assert "x-ratelimit-tokens-query-cost" not in sent.headers
    assert used != estimate_tokens(sent.content)  # the estimate really was corrected


def test_wrong_config_types_are_refused() -> None:
    from mistral_client import CircuitBreakerConfig, Mistral

    with pytest.raises(errors.ConfigurationError, match="rate_limit"):
        Mistral(api_key="k", rate_limit=CircuitBreakerConfig())  # type: ignore[arg-type]
    with pytest.raises(errors.ConfigurationError, match="circuit_breaker"):
        Mistral(api_key="k", circuit_breaker=RateLimitConfig())  # type: ignore[arg-type]
