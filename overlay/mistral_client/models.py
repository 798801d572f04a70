"""The typed request and response models, generated from openapi.yaml.

Results of every method are these attrs classes; unknown response fields are kept in
each object's `additional_properties`. Use them for type hints or to build arguments.
Optional fields the API did not send hold `UNSET` (falsy; test with `isinstance(x, Unset)`);
reprs leave them out. `to_dict()` (alias `model_dump()`) gives the JSON-ready dict and
`model_dump_json()` its text.
Usage: `from mistral_client.models import ChatCompletionResponse, Message`
"""

from __future__ import annotations

from typing import Any, TypeAlias

import attrs

import mistral_generated.models as _generated
from mistral_generated.models import *  # noqa: F403
from mistral_generated.models import (
    AssistantMessage,
    AudioChunk,
    ChatCompletionMessage,
    CodeInterpreterTool,
    ConnectorTool,
    DocumentLibraryTool,
    DocumentUrlChunk,
    FileChunk,
    ImageGenerationTool,
    ImageUrlChunk,
    ReferenceChunk,
    SystemMessage,
    TextChunk,
    ThinkChunk,
    Tool,
    ToolMessage,
    UnknownAgentTool,
    UnknownContentChunk,
    UserMessage,
    WebSearchPremiumTool,
    WebSearchTool,
)
from mistral_generated.models import __all__ as __all__
from mistral_generated.types import UNSET as UNSET
from mistral_generated.types import Unset as Unset

Message: TypeAlias = (
    SystemMessage | UserMessage | AssistantMessage | ToolMessage | ChatCompletionMessage
)
"""One conversation turn you send (a reply's `ChatCompletionMessage` included)."""

ContentChunk: TypeAlias = (
    TextChunk
    | ImageUrlChunk
    | DocumentUrlChunk
    | ReferenceChunk
    | FileChunk
    | ThinkChunk
    | AudioChunk
    | UnknownContentChunk
)
"""One part of a message's `content` list."""

AgentTool: TypeAlias = (
    Tool
    | WebSearchTool
    | WebSearchPremiumTool
    | CodeInterpreterTool
    | ImageGenerationTool
    | DocumentLibraryTool
    | ConnectorTool
    | UnknownAgentTool
)
"""A tool an agent may use: a function, or one of the API's built-in tools."""

# Also public (mypy exports names defined here whatever `__all__` says): AgentTool,
# ContentChunk, Message, UNSET, Unset.
_PUBLIC_MODULE = __name__


def _repr(self: Any) -> str:
    """attrs' repr without the fields the API did not send (and empty additional_properties)."""
    parts = []
    for field in attrs.fields(type(self)):
        value = getattr(self, field.name)
        if isinstance(value, Unset) or (field.name == "additional_properties" and not value):
            continue
        parts.append(f"{field.name}={value!r}")
    return f"{type(self).__name__}({', '.join(parts)})"


def _unset_repr(self: Unset) -> str:
    return "UNSET"


def _publish() -> None:
    """Name the generated classes as ours (`mistral_client.models.X` in reprs and help())."""
    # setattr: mypy forbids assigning to methods, and these classes are not ours to subclass.
    setattr(Unset, "__repr__", _unset_repr)  # noqa: B010
    Unset.__module__ = _PUBLIC_MODULE
    for name in _generated.__all__:  # the generated names, not the aliases above
        cls = getattr(_generated, name)
        cls.__module__ = _PUBLIC_MODULE
        if attrs.has(cls):
            setattr(cls, "__repr__", _repr)  # noqa: B010


_publish()
