"""Streaming benchmark: `chat.stream` against raw httpx `iter_lines` + `json.loads`, same run.

Usage: python scripts/bench_stream.py [--events N] [--rounds N]
One loopback server answers a chat stream in the API's own framing (padding included):
- throughput: chunks/s for an N-event stream (default 20,000), typed chunks through
  `client.chat.stream` vs raw httpx decoding each `data:` line with json.loads;
  also `stream.text()` and `get_final_completion()`;
- the same typed-chunk throughput for AsyncMistral vs raw httpx.AsyncClient `aiter_lines`;
- time to first chunk on a short stream, median of paired rounds.
Ratios are candidate speed / raw speed (throughput) and candidate time / raw time (TTFC).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mistral_client import AsyncMistral, Mistral
from tests.support.server import RecordingServer, Reply

MODEL = "mistral-small-latest"
MESSAGES = [{"role": "user", "content": "Tell me a long story."}]
PADDING = "abcdefghijklmnopqrstuvwxyz0123456789"
NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def sse_body(events: int) -> bytes:
    """An N-event stream as the API writes it: first delta, tokens with `p`, usage, [DONE]."""
    head = {"id": "0f3a9c", "object": "chat.completion.chunk", "created": 1, "model": MODEL}
    lines = []
    for number in range(events):
        if number == 0:
            delta, finish = {"role": "assistant", "content": ""}, None
        elif number == events - 1:
            delta, finish = {"content": ""}, "stop"
        else:
            delta, finish = {"content": f" word{number}"}, None
        chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        if number:
            chunk["p"] = PADDING[: 1 + number % len(PADDING)]
        if number == events - 1:
            chunk["usage"] = {
                "prompt_tokens": 7,
                "total_tokens": 7 + events,
                "completion_tokens": events,
            }
        lines.append(b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n")
    lines.append(b"data: [DONE]\n\n")
    return b"".join(lines)


def raw_chunks(http: httpx.Client, on_first: Callable[[], None] | None = None) -> int:
    count = 0
    body = {"model": MODEL, "messages": MESSAGES, "stream": True}
    with http.stream("POST", "/v1/chat/completions", json=body) as response:
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            data = line[6:]
            if data == "[DONE]":
                break
            json.loads(data)
            if count == 0 and on_first is not None:
                on_first()
            count += 1
    return count


def client_chunks(client: Mistral, on_first: Callable[[], None] | None = None) -> int:
    count = 0
    with client.chat.stream(model=MODEL, messages=MESSAGES) as stream:
        for _chunk in stream:
            if count == 0 and on_first is not None:
                on_first()
            count += 1
    return count


async def araw_chunks(http: httpx.AsyncClient) -> int:
    count = 0
    body = {"model": MODEL, "messages": MESSAGES, "stream": True}
    async with http.stream("POST", "/v1/chat/completions", json=body) as response:
        async for line in response.aiter_lines():
            if not line.startswith("data: "):
                continue
            data = line[6:]
            if data == "[DONE]":
                break
            json.loads(data)
            count += 1
    return count


async def aclient_chunks(client: AsyncMistral) -> int:
    count = 0
    async with client.chat.stream(model=MODEL, messages=MESSAGES) as stream:
        async for _chunk in stream:
            count += 1
    return count


async def async_best(base_url: str, rounds: int) -> tuple[float, float]:
    """Best seconds of raw httpx.AsyncClient and AsyncMistral.chat.stream, alternating."""
    best = [float("inf"), float("inf")]
    http = httpx.AsyncClient(
        base_url=base_url,
        headers={"Authorization": "Bearer k"},
        transport=httpx.AsyncHTTPTransport(socket_options=NODELAY),
    )
    client = AsyncMistral(api_key="k", base_url=base_url, max_retries=0)
    async with http, client:
        actions: list[Callable[[], Awaitable[int]]] = [
            lambda: araw_chunks(http),
            lambda: aclient_chunks(client),
        ]
        for _ in range(rounds):
            for number, action in enumerate(actions):
                started = time.perf_counter()
                await action()
                best[number] = min(best[number], time.perf_counter() - started)
    return best[0], best[1]


def client_text(client: Mistral) -> int:
    with client.chat.stream(model=MODEL, messages=MESSAGES) as stream:
        return sum(1 for _ in stream.text())


def client_final(client: Mistral) -> int:
    with client.chat.stream(model=MODEL, messages=MESSAGES) as stream:
        reply = stream.get_final_completion()
    return len(str(reply.choices[0].message.content))


def best_seconds(actions: list[Callable[[], object]], rounds: int) -> list[float]:
    """The best time of each action, run in turn each round so machine drift hits all alike."""
    best = [float("inf")] * len(actions)
    for _ in range(rounds):
        for number, action in enumerate(actions):
            started = time.perf_counter()
            action()
            best[number] = min(best[number], time.perf_counter() - started)
    return best


def first_chunk_seconds(action: Callable[[Callable[[], None]], object]) -> float:
    started = time.perf_counter()
    seen: list[float] = []
    action(lambda: seen.append(time.perf_counter()))
    return seen[0] - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--ttfc-rounds", type=int, default=200)
    args = parser.parse_args(argv)
    headers = {"Content-Type": "text/event-stream; charset=utf-8"}
    long_reply = Reply(200, sse_body(args.events), headers)
    short_reply = Reply(200, sse_body(8), headers)
    with RecordingServer(default=long_reply) as server:
        # Raw httpx gets the same TCP_NODELAY our client sets: the ratio is library cost only.
        http = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": "Bearer k"},
            transport=httpx.HTTPTransport(socket_options=NODELAY),
        )
        client = Mistral(api_key="k", base_url=server.base_url, max_retries=0)
        with http, client:
            assert raw_chunks(http) == client_chunks(client) == args.events
            raw, ours, text, final = best_seconds(
                [
                    lambda: raw_chunks(http),
                    lambda: client_chunks(client),
                    lambda: client_text(client),
                    lambda: client_final(client),
                ],
                args.rounds,
            )
            araw, aours = asyncio.run(async_best(server.base_url, args.rounds))
            server.default = short_reply
            raw_first: list[float] = []
            our_first: list[float] = []
            for _ in range(args.ttfc_rounds):
                raw_first.append(first_chunk_seconds(lambda hook: raw_chunks(http, hook)))
                our_first.append(first_chunk_seconds(lambda hook: client_chunks(client, hook)))
    events = args.events
    print(f"stream of {events:,} events (best of {args.rounds}), loopback, one process")
    print(f"  raw httpx iter_lines + json.loads  {events / raw:>10,.0f} chunks/s")
    for name, seconds in (
        ("chat.stream typed chunks", ours),
        ("chat.stream text()", text),
        ("get_final_completion()", final),
    ):
        print(f"  {name:<34} {events / seconds:>10,.0f} chunks/s  ratio {raw / seconds:.2f}x raw")
    print(f"  raw httpx.AsyncClient aiter_lines    {events / araw:>10,.0f} chunks/s")
    print(
        f"  AsyncMistral chat.stream chunks    {events / aours:>10,.0f} chunks/s"
        f"  ratio {araw / aours:.2f}x raw async"
    )
    raw_ms = statistics.median(raw_first) * 1000
    our_ms = statistics.median(our_first) * 1000
    print(
        f"time to first chunk (median of {args.ttfc_rounds}): raw {raw_ms:.2f} ms, "
        f"chat.stream {our_ms:.2f} ms, ratio {our_ms / raw_ms:.2f}x raw"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
