"""Rate-limit headers and 429s on a per-minute budget of emulator time."""

from __future__ import annotations

import httpx

from mistral_client.testing import MistralEmulator

from .conftest import AUTH, chat_body


def test_headers_in_the_current_form(http: httpx.Client) -> None:
    response = http.post("/v1/chat/completions", json=chat_body("a b c"))
    usage = response.json()["usage"]
    headers = response.headers
    assert headers["x-ratelimit-limit-req-minute"] == "1000"
    assert headers["x-ratelimit-remaining-req-minute"] == "999"
    assert headers["x-ratelimit-limit-tokens-minute"] == "5000000"
    assert headers["x-ratelimit-tokens-query-cost"] == str(usage["total_tokens"])
    assert headers["x-ratelimit-remaining-tokens-minute"] == str(5_000_000 - usage["total_tokens"])
    assert "retry-after" not in headers


def test_request_budget_gives_429_with_retry_after() -> None:
    with (
        MistralEmulator(requests_per_minute=2, tokens_per_minute=None) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH) as http,
    ):
        assert [http.get("/v1/models").status_code for _ in range(2)] == [200, 200]
        limited = http.get("/v1/models")
        assert limited.status_code == 429
        assert limited.json() == {"message": "Requests rate limit exceeded"}
        assert limited.headers["retry-after"] == "60"
        assert limited.headers["x-ratelimit-remaining-req-minute"] == "0"
        assert "x-ratelimit-limit-tokens-minute" not in limited.headers
        emu.advance(45)
        assert http.get("/v1/models").headers["retry-after"] == "15"
        assert http.get("/v1/files").status_code == 200  # files are not counted
        emu.advance(15)
        assert http.get("/v1/models").status_code == 200


def test_token_budget() -> None:
    with (
        MistralEmulator(requests_per_minute=None, tokens_per_minute=5) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH) as http,
    ):
        first = http.post("/v1/chat/completions", json=chat_body("one two three"))
        assert first.headers["x-ratelimit-remaining-tokens-minute"] == "0"
        assert "x-ratelimit-limit-req-minute" not in first.headers
        second = http.post("/v1/chat/completions", json=chat_body())
        assert second.status_code == 429
        assert second.json()["code"] == "1300"
        emu.advance(60)
        assert http.post("/v1/chat/completions", json=chat_body()).status_code == 200


def test_unlimited_sends_no_headers() -> None:
    with MistralEmulator(requests_per_minute=None, tokens_per_minute=None) as emu:
        response = httpx.get(f"{emu.base_url}/v1/models", headers=AUTH)
        assert not [h for h in response.headers if h.startswith("x-ratelimit")]


def test_streams_and_files_carry_no_rate_limit_headers(http: httpx.Client) -> None:
    stream = http.post("/v1/chat/completions", json=chat_body(stream=True))
    files = http.get("/v1/files")
    for response in (stream, files):
        assert response.status_code == 200
        assert not [h for h in response.headers if h.startswith("x-ratelimit")]
