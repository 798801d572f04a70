"""Typed conveniences on the generated response models: `reply.text`, `reply.tool_calls`, ...

scripts/generate.py makes the generated classes named in `MIXINS` inherit these mixins, so the
helpers are ordinary members of the models (mypy, editors and `help()` see them) while the
wire fields stay what openapi.yaml says (`x-always-list` fields are lists, see
scripts/generate.py). Only typing-time imports of the generated package here: it imports this
module while it loads.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import ResponseValidationError, ToolArgumentsError

if TYPE_CHECKING:
    from mistral_generated.models import (
        ChatCompletionChoice,
        ChatCompletionMessage,
        FunctionCall,
        ToolCall,
    )

# generated class name -> mixin name (read by scripts/generate.py); every other generated
# model gets DEFAULT_MIXIN.
DEFAULT_MIXIN = "ModelHelpers"
MIXINS = {
    "ChatCompletionResponse": "CompletionHelpers",
    "ChatCompletionMessage": "MessageHelpers",
    "ToolCall": "ToolCallHelpers",
    "FunctionCall": "FunctionCallHelpers",
    "EmbeddingResponse": "EmbeddingsHelpers",
    "Base64EmbeddingResponse": "EmbeddingsHelpers",
    "EmbeddingData": "EmbeddingHelpers",
    "Base64EmbeddingData": "EmbeddingHelpers",
}


def content_text(content: object) -> str:
    """All text parts of a message's content joined; thinking and other parts are left out."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):  # None or absent
        return ""
    parts: list[str] = []
    for chunk in content:
        text = getattr(chunk, "text", None)
        if getattr(chunk, "type_", None) == "text" and isinstance(text, str):
            parts.append(text)
    return "".join(parts)


class ModelHelpers:
    """Mixed into every generated model: pydantic-style names for `to_dict()`."""

    __slots__ = ()
    if TYPE_CHECKING:

        def to_dict(self) -> dict[str, Any]: ...

    def model_dump(self) -> dict[str, Any]:
        """The JSON-ready dict with the API's field names (same as `to_dict()`).

        Usage: `reply.model_dump()["choices"][0]["message"]`
        """
        return self.to_dict()

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """`model_dump()` as JSON text. Usage: `print(reply.model_dump_json(indent=2))`"""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


class MessageHelpers(ModelHelpers):
    """Mixed into `ChatCompletionMessage`."""

    __slots__ = ()
    if TYPE_CHECKING:
        content: object

    @property
    def text(self) -> str:
        """The text of the message: text parts joined, thinking left out; "" when none.

        Usage: `reply.choices[0].message.text`
        """
        return content_text(self.content)


class CompletionHelpers(ModelHelpers):
    """Mixed into `ChatCompletionResponse` (chat, FIM and agent completions)."""

    __slots__ = ()
    if TYPE_CHECKING:
        choices: list[ChatCompletionChoice]

    @property
    def message(self) -> ChatCompletionMessage:
        """The first choice's message. Usage: `reply.message.role`

        Raises `ResponseValidationError` if the API sent no choice at all.
        """
        if not self.choices:
            raise ResponseValidationError("the completion has no choices", body="")
        return self.choices[0].message

    @property
    def text(self) -> str:
        """The first choice's text ("" when it only calls tools). Usage: `print(reply.text)`"""
        return self.message.text if self.choices else ""

    @property
    def tool_calls(self) -> list[ToolCall]:
        """The first choice's tool calls, in order; empty when it calls none.

        Usage: `for call in reply.tool_calls: call.function.name, call.arguments_json()`
        """
        return self.message.tool_calls if self.choices else []


class FunctionCallHelpers(ModelHelpers):
    """Mixed into `FunctionCall`."""

    __slots__ = ()
    if TYPE_CHECKING:
        name: str
        arguments: Any

    def arguments_json(self) -> dict[str, Any]:
        """The arguments as a dict (the API sends a JSON string).

        Raises `errors.ToolArgumentsError` (a `StructuredOutputError`, with `.raw` and
        `.tool_name`) when they are not a JSON object.
        Usage: `city = call.function.arguments_json()["city"]`
        """
        raw = self.arguments
        if isinstance(raw, dict):
            return dict(raw)
        text = raw if isinstance(raw, str) else json.dumps(raw)
        try:
            value = json.loads(text) if text.strip() else {}
        except ValueError as exc:
            raise ToolArgumentsError(self.name, f"not valid JSON ({exc})", raw=text) from None
        if not isinstance(value, dict):
            raise ToolArgumentsError(self.name, "not a JSON object", raw=text)
        return value


class ToolCallHelpers(ModelHelpers):
    """Mixed into `ToolCall`."""

    __slots__ = ()
    if TYPE_CHECKING:
        function: FunctionCall

    def arguments_json(self) -> dict[str, Any]:
        """Shortcut for `call.function.arguments_json()`."""
        return self.function.arguments_json()


class EmbeddingHelpers(ModelHelpers):
    """Mixed into `EmbeddingData` (floats) and `Base64EmbeddingData` (a base64 string)."""

    __slots__ = ()
    if TYPE_CHECKING:
        embedding: list[float] | str
        index: int

    @property
    def floats(self) -> list[float]:
        """The vector as floats, whether it came as numbers or base64 (little-endian float32).

        Usage: `vector: list[float] = result.data[0].floats`
        """
        if isinstance(self.embedding, list):
            return self.embedding
        raw = base64.b64decode(self.embedding)
        return list(struct.unpack(f"<{len(raw) // 4}f", raw))


class EmbeddingsHelpers(ModelHelpers):
    """Mixed into `EmbeddingResponse` and `Base64EmbeddingResponse`."""

    __slots__ = ()
    if TYPE_CHECKING:
        data: Sequence[EmbeddingHelpers]

    @property
    def vectors(self) -> list[list[float]]:
        """One float vector per input, in input order. Usage: `a, b = result.vectors`"""
        return [item.floats for item in sorted(self.data, key=lambda item: item.index)]
