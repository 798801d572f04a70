"""Streaming: the exact wire format of the real API, one HTTP chunk per event."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from mistral_client.testing import MistralEmulator

from .conftest import KEY, chat_body

PADDING = "abcdefghijklmnopqrstuvwxyz0123456789"


def raw_chunks(base_url: str, path: str, body: dict[str, Any]) -> tuple[str, list[bytes]]:
    """POST over a plain socket; the head and the transfer-encoding chunks as sent."""
    parts = urlsplit(base_url)
    payload = json.dumps(body).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + payload
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    chunks: list[bytes] = []
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        chunks.append(rest[:size])
        rest = rest[size + 2 :]
    return head.decode(), chunks


def events(chunks: list[bytes]) -> list[Any]:
    decoded: list[Any] = []
    for chunk in chunks:
        assert chunk.startswith(b"data: ")
        assert chunk.endswith(b"\n\n")
        assert chunk.count(b"\n\n") == 1
        text = chunk[6:-2].decode()
        decoded.append(text if text == "[DONE]" else json.loads(text))
    return decoded


def test_chat_stream_wire_format(emu: MistralEmulator) -> None:
    head, chunks = raw_chunks(
        emu.base_url, "/v1/chat/completions", chat_body("hello big world", stream=True)
    )
    lines = head.lower().splitlines()
    assert lines[0] == "http/1.1 200 ok"
    assert "content-type: text/event-stream; charset=utf-8" in lines
    assert "transfer-encoding: chunked" in lines
    assert not any(line.startswith("x-ratelimit") for line in lines)
    assert any(line.startswith("mistral-correlation-id: ") for line in lines)
    decoded = events(chunks)
    assert decoded[-1] == "[DONE]"
    first, *middle, last = decoded[:-1]
    assert first["choices"] == [
        {"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}
    ]
    assert "p" not in first
    assert "usage" not in first
    assert [m["choices"][0]["delta"]["content"] for m in middle] == [
        "Echo:",
        " hello",
        " big",
        " world",
    ]
    for event in [*middle, last]:
        assert event["p"]
        assert PADDING.startswith(event["p"])
        assert event["object"] == "chat.completion.chunk"
        assert event["id"] == first["id"]
    assert all("usage" not in m and m["choices"][0]["finish_reason"] is None for m in middle)
    assert last["choices"][0] == {"index": 0, "delta": {"content": ""}, "finish_reason": "stop"}
    assert last["usage"] == {"prompt_tokens": 3, "total_tokens": 7, "completion_tokens": 4}
    assert len({e["p"] for e in [*middle, last]}) > 1


def test_streamed_tool_call_is_whole_in_one_delta(http: httpx.Client) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
            },
        },
    }
    response = http.post(
        "/v1/chat/completions", json=chat_body("x", tools=[tool], tool_choice="any", stream=True)
    )
    payloads = [line[6:] for line in response.text.split("\n\n") if line]
    assert payloads[-1] == "[DONE]"
    first, call = (json.loads(p) for p in payloads[:-1])
    assert first["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    delta = call["choices"][0]["delta"]
    assert delta["content"] is None
    (tool_call,) = delta["tool_calls"]
    assert json.loads(tool_call["function"]["arguments"]) == {"q": "sample q"}
    assert call["choices"][0]["finish_reason"] == "tool_calls"
    assert "usage" in call


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/fim/completions",
            {"model": "codestral-latest", "prompt": "def f():", "stream": True},
        ),
        ("/v1/chat/completions", chat_body("one two three", stream=True, max_tokens=2)),
    ],
)
def test_other_streams(emu: MistralEmulator, path: str, body: dict[str, Any]) -> None:
    _, chunks = raw_chunks(emu.base_url, path, body)
    decoded = events(chunks)
    text = "".join(e["choices"][0]["delta"].get("content") or "" for e in decoded[:-1])
    assert text
    assert decoded[-2]["choices"][0]["finish_reason"] in ("stop", "length")


def test_agent_stream(http: httpx.Client) -> None:
    agent = http.post("/v1/agents", json={"model": "mistral-small-latest", "name": "a"}).json()
    body = {
        "agent_id": agent["id"],
        "messages": [{"role": "user", "content": "hey"}],
        "stream": True,
    }
    with http.stream("POST", "/v1/agents/completions", json=body) as response:
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert json.loads(lines[-2][6:])["choices"][0]["finish_reason"] == "stop"
