"""A reply's text to a checked JSON value: truncation, JSON decoding, schema validation."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .._validation import to_plain
from ..errors import StructuredOutputError
from ._schema import Target
from ._validate import Mismatch, check

TRUNCATED = ("length", "model_length")
# One fenced block and nothing else around it: ```json ... ``` (models add them in prose mode).
_FENCE = re.compile(r"\A\s*```[A-Za-z0-9_-]*[ \t]*\n(?P<body>.*?)\n?[ \t]*```\s*\Z", re.DOTALL)


def content_text(content: Any) -> str:
    """The text of a message `content`: a string, or the text chunks of a chunk list
    (reasoning models' `thinking` chunks are not part of the answer)."""
    content = to_plain(content)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for chunk in content:
            if isinstance(chunk, str):
                parts.append(chunk)
            elif isinstance(chunk, Mapping) and chunk.get("type", "text") == "text":
                text = chunk.get("text")
                parts.append(text if isinstance(text, str) else "")
        return "".join(parts)
    return ""


def finish_reason_of(choice: Any) -> str | None:
    reason = getattr(choice, "finish_reason", None)
    if reason is None and isinstance(choice, Mapping):
        reason = choice.get("finish_reason")
    return str(reason) if isinstance(reason, str) else None


def check_not_truncated(raw: str, finish_reason: str | None) -> None:
    if finish_reason in TRUNCATED:
        raise StructuredOutputError(
            f"the reply was cut off at the token limit (finish_reason {finish_reason!r}), so its "
            "JSON is incomplete: raise max_tokens or ask for less",
            raw=raw,
            reason="truncated",
            rule="must be complete (not cut off by max_tokens)",
        )


def load_json(raw: str) -> Any:
    """`raw` decoded as JSON; a reply that is one ```json fenced block is unwrapped first."""
    fenced = _FENCE.match(raw)
    text = fenced.group("body") if fenced else raw
    if not text.strip():
        raise StructuredOutputError(
            "the reply is empty, expected JSON", raw=raw, reason="not_json", rule="must be JSON"
        )
    try:
        return json.loads(text)
    except RecursionError:
        rule = "is nested too deeply"
    except ValueError as exc:
        position = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        where = f" at line {position[0]} column {position[1]}" if position[0] else ""
        rule = f"{getattr(exc, 'msg', exc)}{where}"
    raise StructuredOutputError(
        f"the reply is not JSON: {rule}", raw=raw, reason="not_json", rule=rule
    )


def mismatch_error(raw: str, what: str, exc: Mismatch, **extra: Any) -> StructuredOutputError:
    return StructuredOutputError(
        f"the reply does not match {what}: {exc.path}: {exc.rule}",
        raw=raw,
        reason=extra.pop("reason", "schema"),
        field=exc.path,
        rule=exc.rule,
        **extra,
    )


def read_target(raw: str, target: Target) -> Any:
    """The reply decoded, checked against `target`'s schema and built into its type."""
    value = load_json(raw)
    try:
        check(value, target.schema, target.schema)
        return target.codec.build(value, "$")
    except Mismatch as exc:
        raise mismatch_error(raw, target.name, exc) from None


def parse_json_content(reply: Any) -> Any:
    """The JSON value of a JSON-mode reply, or StructuredOutputError carrying the raw text.

    `reply` is a chat completion (its first choice is read), one of its choices or
    messages, or the content string itself. A reply cut off by max_tokens is an error
    (reason "truncated"), even when what arrived happens to parse.
    Usage: `data = parse_json_content(client.chat.complete(model=..., messages=...,
    response_format={"type": "json_object"}))`
    """
    finish_reason = None
    choices = getattr(reply, "choices", None)
    if isinstance(choices, list):
        if not choices:
            raise StructuredOutputError("the reply has no choices", raw="", reason="not_json")
        reply = choices[0]
    if hasattr(reply, "message"):
        finish_reason = finish_reason_of(reply)
        reply = reply.message
    raw = reply if isinstance(reply, str) else content_text(getattr(reply, "content", reply))
    check_not_truncated(raw, finish_reason)
    return load_json(raw)
