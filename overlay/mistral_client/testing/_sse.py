"""Server-sent events exactly as the real API writes them.

``data: {json}\\n\\n`` per event, no ``event:`` lines, a first delta
``{"role": "assistant", "content": ""}``, one event per content token, a random-length
(but deterministic) ``"p"`` padding field on every event after the first, usage and
finish_reason in the last chunk, tool calls whole in one delta, then ``data: [DONE]``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._ids import stable_hash
from ._text import pieces

if TYPE_CHECKING:
    from ._chat import Completion

_PADDING = "abcdefghijklmnopqrstuvwxyz0123456789"
DONE = b"data: [DONE]\n\n"


def encode(payload: Any) -> bytes:
    return (
        b"data: "
        + json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        + b"\n\n"
    )


def completion_events(completion: Completion) -> list[bytes]:
    """The wire events of a streamed completion, [DONE] included."""
    events: list[dict[str, Any]] = []

    def chunk(index: int, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": completion.id,
            "object": "chat.completion.chunk",
            "created": completion.created,
            "model": completion.model,
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}],
        }

    for choice in completion.choices:
        events.append(chunk(choice.index, {"role": "assistant", "content": ""}, None))
        if choice.tool_calls:
            delta = {"content": None, "tool_calls": choice.tool_calls}
            events.append(chunk(choice.index, delta, choice.finish_reason))
            continue
        for piece in pieces(choice.content or ""):
            events.append(chunk(choice.index, {"content": piece}, None))
        events.append(chunk(choice.index, {"content": ""}, choice.finish_reason))
    events[-1]["usage"] = completion.usage()
    for number, event in enumerate(events):
        if number:
            size = 1 + stable_hash(completion.id, number) % len(_PADDING)
            event["p"] = _PADDING[:size]
    return [encode(event) for event in events] + [DONE]
