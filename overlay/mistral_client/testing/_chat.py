"""Chat and FIM completions: the reply, tool calls, JSON modes, max_tokens, usage.

The reply to a chat is derived from the last user message: ``Echo: <its text>``.
- Tool calls: with `tool_choice` "any"/"required" (or a named function) the model always
  calls a tool: the tools named in the last user message (all of them when
  `parallel_tool_calls` is not false), else the first tool. With "auto" (the default) it
  calls the tools whose names appear, as whole words, in the last message when that
  message is the user's; after a tool result it answers in text. "none" never calls.
  Arguments are JSON satisfying the tool's `parameters` schema (see `_samples`).
- `response_format` json_object: ``{"echo": "<text>"}``; json_schema: a value satisfying
  the schema.
- `max_tokens` cuts the content (finish_reason "length"); `stop` strings cut it too.
- An injected `Fault.reply(content)` replaces the content (and any tool calls).
- Tokens are whitespace-separated pieces (prompt: the message contents).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import _errors
from ._models import require_model
from ._samples import sample
from ._sse import completion_events
from ._state import EmulatorState
from ._text import content_text, count_tokens, messages_tokens, pieces
from ._types import Call, JsonReply, Reply, StreamReply


@dataclass
class Choice:
    index: int
    content: str | None
    finish_reason: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)

    def message(self) -> dict[str, Any]:
        return {
            "role": "assistant",
            "tool_calls": self.tool_calls or None,
            "content": self.content if self.content is not None else "",
        }


@dataclass
class Completion:
    id: str
    created: int
    model: str
    choices: list[Choice]
    prompt_tokens: int
    completion_tokens: int

    def usage(self) -> dict[str, int]:
        total = self.prompt_tokens + self.completion_tokens
        return {
            "prompt_tokens": self.prompt_tokens,
            "total_tokens": total,
            "completion_tokens": self.completion_tokens,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created,
            "model": self.model,
            "usage": self.usage(),
            "object": "chat.completion",
            "choices": [
                {"index": c.index, "finish_reason": c.finish_reason, "message": c.message()}
                for c in self.choices
            ],
        }

    def reply(self, stream: bool) -> Reply:
        tokens = self.prompt_tokens + self.completion_tokens
        if stream:
            return StreamReply(completion_events(self), tokens=tokens)
        return JsonReply(self.to_json(), tokens=tokens)


def _check_order(messages: list[Any]) -> None:
    last = messages[-1] if messages else {}
    role = last.get("role") if isinstance(last, dict) else None
    if role in ("user", "tool") or (role == "assistant" and last.get("prefix") is True):
        return
    raise _errors.bad_request(
        "Expected last role User or Tool (or Assistant with prefix True) for serving"
        f" but got {role}",
        "3230",
    )


def _mentions(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text.lower()) is not None


def _functions(tools: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            found.append(function)
    return found


def _called(body: dict[str, Any], last: dict[str, Any], text: str) -> list[dict[str, Any]]:
    functions = _functions(body.get("tools"))
    choice = body.get("tool_choice", "auto")
    if not functions or choice == "none":
        return []
    parallel = body.get("parallel_tool_calls") is not False
    named = [f for f in functions if _mentions(f["name"], text)]
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        chosen = [f for f in functions if f["name"] == wanted]
        if not chosen:
            raise _errors.bad_request(f"Tool choice {wanted!r} is not one of the tools")
        return chosen
    if choice in ("any", "required"):
        named = named or functions[:1]
    elif last.get("role") != "user":
        return []
    return named if parallel else named[:1]


def _tool_call(state: EmulatorState, function: dict[str, Any], index: int) -> dict[str, Any]:
    arguments = sample(function.get("parameters") or {"type": "object"}, function["name"])
    return {
        "id": state.ids.alnum("tool_call"),
        "function": {"name": function["name"], "arguments": json.dumps(arguments)},
        "index": index,
    }


def _reply_text(body: dict[str, Any], text: str) -> str:
    response_format = body.get("response_format")
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind == "json_object":
        return json.dumps({"echo": text})
    if kind == "json_schema" and isinstance(response_format, dict):
        spec = response_format.get("json_schema") or {}
        schema = spec.get("schema", spec.get("schema_definition", {}))
        return json.dumps(sample(schema, str(spec.get("name", "value"))))
    return f"Echo: {text}" if text else "Hello! How can I help you today?"


def cut(text: str, body: dict[str, Any], finish_reason: str | None = None) -> tuple[str, str, int]:
    """Apply `stop` and `max_tokens`: (content, finish_reason, completion tokens); an uncut
    text finishes with `finish_reason` when given (a scripted reply's), else "stop"."""
    stops = body.get("stop")
    stops = [stops] if isinstance(stops, str) else stops if isinstance(stops, list) else []
    for stop in stops:
        if isinstance(stop, str) and stop and stop in text:
            text = text[: text.index(stop)]
    limit = body.get("max_tokens")
    tokens = pieces(text)
    words = [t for t in tokens if t.strip()]
    if isinstance(limit, int) and len(words) > limit:
        kept: list[str] = []
        seen = 0
        for token in tokens:
            if token.strip():
                if seen == limit:
                    break
                seen += 1
            kept.append(token)
        return "".join(kept), "length", limit
    return text, finish_reason or "stop", len(words)


def complete(
    state: EmulatorState,
    body: dict[str, Any],
    model: str,
    scripted: str | None = None,
    scripted_finish: str | None = None,
) -> Completion:
    """A chat completion for `body` (already validated) answered by `model`; `scripted`
    replaces the reply's content (and its tool calls), `scripted_finish` its "stop"."""
    raw = body.get("messages")
    messages: list[Any] = raw if isinstance(raw, list) else []
    _check_order(messages)
    last = messages[-1] if isinstance(messages[-1], dict) else {}
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    text = content_text(users[-1].get("content")) if users else ""
    last_text = content_text(last.get("content"))
    calls = (
        []
        if scripted is not None
        else _called(body, last, last_text if last.get("role") == "user" else text)
    )
    n = body["n"] if isinstance(body.get("n"), int) and body["n"] > 0 else 1
    choices: list[Choice] = []
    completion_tokens = 0
    for index in range(n):
        if calls:
            tool_calls = [_tool_call(state, f, i) for i, f in enumerate(calls)]
            size = sum(count_tokens(c["function"]["arguments"]) + 1 for c in tool_calls)
            choices.append(Choice(index, "", "tool_calls", tool_calls))
        else:
            reply = scripted if scripted is not None else _reply_text(body, text)
            content, finish, size = cut(reply, body, scripted_finish)
            choices.append(Choice(index, content, finish))
        completion_tokens += size
    prompt = messages_tokens(messages)
    return Completion(
        state.ids.hex32("completion"), int(state.now()), model, choices, prompt, completion_tokens
    )


def chat_complete(call: Call) -> Reply:
    body = call.body
    card = require_model(call.state, body.get("model"))
    model = body.get("model") or card["id"]
    completion = complete(call.state, body, model, call.scripted_content, call.scripted_finish)
    return completion.reply(bool(body.get("stream")))


def fim_complete(call: Call) -> Reply:
    """Fill in the middle: a deterministic infill between `prompt` and `suffix`."""
    body = call.body
    require_model(call.state, body.get("model"))
    prompt = str(body.get("prompt") or "")
    suffix = str(body.get("suffix") or "")
    last_line = prompt.rstrip("\n").rsplit("\n", 1)[-1].strip()
    infill = f"# infill after {last_line!r}" if last_line else "pass"
    if suffix.strip():
        infill += f" before {suffix.strip().splitlines()[0]!r}"
    if call.scripted_content is not None:
        infill = call.scripted_content
    content, finish, size = cut(infill, body, call.scripted_finish)
    completion = Completion(
        call.state.ids.hex32("completion"),
        int(call.state.now()),
        str(body.get("model")),
        [Choice(0, content, finish)],
        count_tokens(prompt) + count_tokens(suffix),
        size,
    )
    return completion.reply(bool(body.get("stream")))
