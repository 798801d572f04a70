"""Recorded real streams replayed through `chat/fim/agents.stream`, sync and async.

Every event-stream cassette is found by its content type (a recording added later is
replayed too) and sent to the stream method its request path names. The expectations are
computed from the recorded bytes by plain splitting, independently of the client's own
decoder and accumulator.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import vcr  # type: ignore[import-untyped]

from mistral_client import AsyncMistral, AsyncStream, Mistral
from mistral_client.models import UNSET, CompletionChunk
from tests.conftest import CANARY_KEY, Api
from tests.contract.test_recordings import (
    all_cassettes,
    cassette_path,
    interaction,
    no_network,  # noqa: F401 - the autouse fixture: cassettes only, no sockets
    recorded_body,
    sse_events,
)

HELLO = [{"role": "user", "content": "Hello"}]
METHODS: dict[str, tuple[str, dict[str, Any]]] = {
    "/v1/chat/completions": ("chat.stream", {"model": "mistral-small-latest", "messages": HELLO}),
    "/v1/fim/completions": ("fim.stream", {"model": "codestral-latest", "prompt": "def f("}),
    "/v1/agents/completions": ("agents.stream", {"agent_id": "ag_1", "messages": HELLO}),
}


def is_stream(name: str) -> bool:
    headers = interaction(name)["response"]["headers"]
    return str(headers.get("content-type", [""])[0]).startswith("text/event-stream")


STREAMS = [name for name in all_cassettes() if is_stream(name)]


def recorded_payloads(name: str) -> list[dict[str, Any]]:
    payloads = sse_events(recorded_body(name))
    assert payloads[-1] == "[DONE]"
    return [json.loads(payload) for payload in payloads[:-1]]


def request_path(name: str) -> str:
    uri = str(interaction(name)["request"]["uri"])
    return "/" + uri.split("://", 1)[1].split("/", 1)[1].split("#")[0].split("?")[0]


async def replay(name: str, mode: str) -> tuple[list[CompletionChunk], Any, list[str]]:
    """Chunks, final completion and text deltas of two replays of cassette `name`."""
    dotted, kwargs = METHODS[request_path(name)]
    recorder = vcr.VCR(record_mode="none")
    with recorder.use_cassette(str(cassette_path(name)), allow_playback_repeats=True) as cassette:
        if mode == "sync":
            with Mistral(api_key=CANARY_KEY, max_retries=0) as client:
                with Api(client).method(dotted)(**kwargs) as stream:
                    chunks = list(stream)
                    final = stream.get_final_completion()
                texts = list(Api(client).method(dotted)(**kwargs).text())
        else:
            async with AsyncMistral(api_key=CANARY_KEY, max_retries=0) as aclient:
                astream = Api(aclient).method(dotted)(**kwargs)
                assert isinstance(astream, AsyncStream)
                async with astream:
                    chunks = [chunk async for chunk in astream]
                    final = await astream.get_final_completion()
                texts = [t async for t in Api(aclient).method(dotted)(**kwargs).text()]
        assert cassette.play_count == 2
    return chunks, final, texts


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("name", STREAMS)
async def test_recorded_stream_replays_into_chunks_and_the_final_message(
    name: str, mode: str
) -> None:
    payloads = recorded_payloads(name)
    chunks, final, texts = await replay(name, mode)

    # Every event is one typed chunk, equal to the generated model of its JSON minus `p`.
    expected = [
        CompletionChunk.from_dict({k: v for k, v in p.items() if k != "p"}) for p in payloads
    ]
    assert chunks == expected

    deltas = [p["choices"][0]["delta"] for p in payloads if p["choices"]]
    strings = [d["content"] for d in deltas if isinstance(d.get("content"), str)]

    def answer_text(delta: dict[str, Any]) -> str:
        content = delta.get("content")
        if isinstance(content, list):  # thinking is not answer text
            return "".join(p["text"] for p in content if p.get("type") == "text")
        return content if isinstance(content, str) else ""

    assert texts == [t for t in map(answer_text, deltas) if t]
    message = final.choices[0].message
    if not any("content" in d for d in deltas):
        assert message.content is UNSET
    elif all(not isinstance(d.get("content"), list) for d in deltas):
        assert message.content == "".join(strings)
    assert final.id == payloads[0]["id"]
    assert final.model == payloads[0]["model"]
    finishes = [p["choices"][0]["finish_reason"] for p in payloads if p["choices"]]
    assert final.choices[0].finish_reason == next(f for f in reversed(finishes) if f)
    usages = [p["usage"] for p in payloads if p.get("usage")]
    assert final.to_dict().get("usage") == (usages[-1] if usages else None)
    # Each call once (an id may repeat on its fragments), placed by its index when it has one.
    first_seen: dict[str, Any] = {}
    for delta in deltas:
        for call in delta.get("tool_calls") or ():
            if call.get("id"):
                first_seen.setdefault(call["id"], call.get("index"))
    ids = list(first_seen)
    if all(isinstance(index, int) for index in first_seen.values()):
        ids.sort(key=first_seen.__getitem__)
    calls = message.tool_calls
    assert [call.id for call in calls] == ids


async def test_recorded_tool_call_stream_assembles_the_call() -> None:
    name = "vercel-ai/chat_completions__stream_tool_call__mistral-small-latest"
    _, final, texts = await replay(name, "sync")
    (call,) = final.choices[0].message.tool_calls
    assert (call.id, call.function.name) == ("gSIMJiOkT", "weather")
    assert json.loads(call.function.arguments) == {"location": "San Francisco"}
    assert call.type_ is UNSET
    assert final.choices[0].finish_reason == "tool_calls"
    assert final.choices[0].message.content == ""
    assert (final.usage.prompt_tokens, final.usage.total_tokens) == (124, 146)
    assert texts == []


async def test_recorded_text_stream_assembles_the_reply() -> None:
    _, final, texts = await replay("openllmetry/chat_completions__stream__mistral-tiny", "async")
    content = final.choices[0].message.content
    assert content.startswith("Here's a light-hearted joke")
    assert content.endswith("face.)")
    assert "".join(texts) == content
    assert (final.usage.prompt_tokens, final.usage.completion_tokens) == (11, 80)
    assert "p" not in final.additional_properties
