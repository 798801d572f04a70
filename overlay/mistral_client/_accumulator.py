"""The final message of a streamed completion, assembled from its chunks. Pure: no I/O.

Text deltas are concatenated. List content is merged by chunk type: consecutive text parts
join into one, thinking text joins inside its own `thinking` part, other parts (references,
images) are kept as they came. Tool calls are assembled in both forms the API sends: whole
in one delta (Mistral models: an `id`, a name and complete `arguments`) and OpenAI-style
increments (an `index`, the `id` once, argument fragments, empty names on later deltas);
parallel calls stay apart, in the order of their `index` (else of arrival). `usage` and
`finish_reason` come from whichever chunks carry them.

Usage:
    accumulator = ChatCompletionAccumulator()
    for chunk in chunks:                 # CompletionChunk models or their JSON dicts
        accumulator.add(chunk)
    reply = accumulator.completion()     # a ChatCompletionResponse, like complete() returns
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mistral_generated.models import ChatCompletionResponse, CompletionChunk

_NO_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


class _ToolCall:
    __slots__ = ("arguments", "extra", "id", "index", "name", "type")

    def __init__(self, index: Any) -> None:
        self.index = index
        self.id: str | None = None
        self.type: Any = None
        self.name = ""
        self.arguments: Any = ""
        self.extra: dict[str, Any] = {}

    def merge(self, delta: Mapping[str, Any]) -> None:
        call_id = delta.get("id")
        if call_id and not self.id:
            self.id = call_id
        if delta.get("type"):
            self.type = delta["type"]
        function = delta.get("function")
        if isinstance(function, Mapping):
            name = function.get("name")
            if name and not self.name:
                self.name = name
            arguments = function.get("arguments")
            if isinstance(arguments, str):
                if isinstance(self.arguments, str):
                    self.arguments += arguments
            elif arguments is not None:
                self.arguments = arguments  # a JSON object given whole
        for key, value in delta.items():
            if key not in ("id", "type", "index", "function"):
                self.extra[key] = value

    def to_dict(self) -> dict[str, Any]:
        call: dict[str, Any] = dict(self.extra)
        if self.id is not None:
            call["id"] = self.id
        if self.type is not None:
            call["type"] = self.type
        call["function"] = {"name": self.name, "arguments": self.arguments}
        if self.index is not None:
            call["index"] = self.index
        return call


class _Choice:
    __slots__ = ("finish_reason", "logprobs", "parts", "role", "text", "tool_calls")

    def __init__(self) -> None:
        self.role: str | None = None
        self.text: list[str] | None = None  # string deltas, until list content turns up
        self.parts: list[dict[str, Any]] | None = None  # list content, merged by type
        self.tool_calls: list[_ToolCall] = []
        self.finish_reason: Any = None
        self.logprobs: Any = None

    def merge(self, choice: Mapping[str, Any]) -> None:
        delta = choice.get("delta")
        if isinstance(delta, dict):
            role = delta.get("role")
            if role:
                self.role = role
            content = delta.get("content")
            if content.__class__ is str:
                if self.text is not None:
                    self.text.append(content)  # the common case, kept short
                else:
                    self._add_text(content)
            elif isinstance(content, list):
                for part in content:
                    if isinstance(part, Mapping):
                        self._add_part(part)
            elif content is None and "content" in delta and self.text is None and not self.parts:
                self.text = []  # the API said "no content" (None), not "unknown"
            calls = delta.get("tool_calls")
            if calls.__class__ is list:
                for call in calls:
                    if isinstance(call, dict):
                        self._add_tool_call(call)
        finish = choice.get("finish_reason")
        if finish is not None:
            self.finish_reason = finish
        if choice.get("logprobs") is not None:
            self.logprobs = choice["logprobs"]

    def _add_text(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)
        elif self.parts is None:
            self.text = [text]
        elif text:
            self._add_part({"type": "text", "text": text})

    def _add_part(self, part: Mapping[str, Any]) -> None:
        parts = self.parts
        if parts is None:
            # Text that came as plain strings becomes the first text part.
            earlier = "".join(self.text or ())
            parts = self.parts = [{"type": "text", "text": earlier}] if earlier else []
            self.text = None
        kind = part.get("type")
        last = parts[-1] if parts else None
        if kind == "text" and isinstance(part.get("text"), str):
            if last is not None and last.get("type") == "text" and len(last) == 2:
                last["text"] += part["text"]
            else:
                parts.append({"type": "text", "text": part["text"]})
            return
        if kind == "thinking" and isinstance(part.get("thinking"), list):
            if last is None or last.get("type") != "thinking":
                last = {"type": "thinking", "thinking": []}
                parts.append(last)
            inner: list[dict[str, Any]] = last["thinking"]
            for piece in part["thinking"]:
                if not isinstance(piece, Mapping):
                    continue
                text = piece.get("text")
                if piece.get("type") == "text" and isinstance(text, str):
                    if inner and inner[-1].get("type") == "text" and len(inner[-1]) == 2:
                        inner[-1]["text"] += text
                        continue
                    inner.append({"type": "text", "text": text})
                else:
                    inner.append(dict(piece))
            if "closed" in part:
                last["closed"] = part["closed"]
            return
        parts.append(dict(part))

    def _add_tool_call(self, delta: Mapping[str, Any]) -> None:
        index = delta.get("index")
        call_id = delta.get("id")
        target: _ToolCall | None = None
        if index is not None:
            for call in self.tool_calls:
                if call.index == index:
                    target = call
            if target is not None and call_id and target.id and call_id != target.id:
                target = None  # a second whole call that reuses the index
        elif self.tool_calls and not call_id:
            target = self.tool_calls[-1]  # a fragment of the call in progress
        if target is None:
            target = _ToolCall(index)
            self.tool_calls.append(target)
        target.merge(delta)

    def content(self) -> Any:
        if self.parts is not None:
            return self.parts
        if self.text is None:
            return None
        return "".join(self.text)

    def message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"role": self.role or "assistant"}
        content = self.content()
        if content is not None or self.text is not None:
            message["content"] = content
        calls = self.tool_calls
        if all(isinstance(call.index, int) for call in calls):
            # Incremental calls may start out of order; their index says where they belong.
            calls = sorted(calls, key=lambda call: call.index)  # stable for repeated indexes
        message["tool_calls"] = [call.to_dict() for call in calls] or None
        return message


class ChatCompletionAccumulator:
    """Adds up streamed chunks into the completion `complete` would have returned.

    Shared by `Stream` and `AsyncStream`, usable on its own. `add` takes a
    `CompletionChunk` or its JSON dict; `completion()` may be called at any point (before
    the end it holds what arrived so far, with no finish_reason yet).
    Usage: `acc = ChatCompletionAccumulator(); acc.add(chunk); acc.completion()`
    """

    __slots__ = ("_choices", "_count", "_header", "_usage")

    def __init__(self) -> None:
        self._header: dict[str, Any] = {}
        self._choices: dict[int, _Choice] = {}
        self._usage: Any = None
        self._count = 0

    @property
    def chunk_count(self) -> int:
        """How many chunks were added."""
        return self._count

    def add(self, chunk: CompletionChunk | Mapping[str, Any]) -> None:
        """Merge one chunk (the model, or the decoded JSON of its event: plain dicts)."""
        payload = chunk.to_dict() if isinstance(chunk, CompletionChunk) else chunk
        self._count += 1
        header = self._header
        if not header:
            for key in ("id", "created", "model"):
                if key in payload:
                    header[key] = payload[key]
        elif "model" not in header and "model" in payload:
            header["model"] = payload["model"]
        for choice in payload.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            index = choice.get("index", 0)
            state = self._choices.get(index)
            if state is None:
                state = self._choices[index] = _Choice()
            state.merge(choice)
        usage = payload.get("usage")
        if usage is not None:
            self._usage = usage

    def to_dict(self) -> dict[str, Any]:
        """The assembled completion as the JSON `complete` receives."""
        choices = []
        for index in sorted(self._choices):
            state = self._choices[index]
            choice: dict[str, Any] = {
                "index": index,
                "message": state.message(),
                "finish_reason": state.finish_reason,
            }
            if state.logprobs is not None:
                choice["logprobs"] = state.logprobs
            choices.append(choice)
        completion: dict[str, Any] = {
            "id": self._header.get("id", ""),
            "object": "chat.completion",
            "model": self._header.get("model", ""),
            "choices": choices,
        }
        # `created` and `usage` are required in a completion; until the chunk that carries
        # them arrives (a partial completion), they read 0.
        completion["created"] = self._header.get("created", 0)
        completion["usage"] = self._usage if self._usage is not None else dict(_NO_USAGE)
        return completion

    def completion(self) -> ChatCompletionResponse:
        """The assembled completion, typed: the same model `chat.complete` returns."""
        return ChatCompletionResponse.from_dict(self.to_dict())
