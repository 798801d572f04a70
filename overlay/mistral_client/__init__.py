"""Typed, resilient client for the Mistral AI API.

Usage:
    from mistral_client import Mistral, errors

    with Mistral() as client:  # reads MISTRAL_API_KEY
        reply = client.chat.complete(model="mistral-small-latest",
                                     messages=[{"role": "user", "content": "Hello"}])
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# A library adds only a NullHandler (logging HOWTO): the application decides where records go.
logging.getLogger("mistral_client").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from . import errors, models
    from ._accumulator import ChatCompletionAccumulator
    from ._batch_runner import BatchLimits, BatchProgress, BatchResult, BatchResults
    from ._calls import CallOptions, RawResponse
    from ._client import AsyncMistral, Mistral
    from ._config import (
        CircuitBreakerConfig,
        PoolConfig,
        RateBudget,
        RateLimitConfig,
        RetryConfig,
    )
    from ._streaming import AsyncStream, Stream
    from ._structured import (
        ParsedChatCompletion,
        ParsedChoice,
        ParsedMessage,
        ToolIntent,
        ToolTurn,
        linearize_history,
        parse_json_content,
        parse_tool_arguments,
        parse_tool_intents,
        response_format_for,
        simulated_tool_request,
        tool_from_function,
        tool_from_type,
    )
    from ._structured_stream import AsyncStructuredStream, StructuredChunk, StructuredStream

__all__ = [
    "AsyncMistral",
    "AsyncStream",
    "AsyncStructuredStream",
    "BatchLimits",
    "BatchProgress",
    "BatchResult",
    "BatchResults",
    "CallOptions",
    "ChatCompletionAccumulator",
    "CircuitBreakerConfig",
    "Mistral",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "PoolConfig",
    "RateBudget",
    "RateLimitConfig",
    "RawResponse",
    "RetryConfig",
    "Stream",
    "StructuredChunk",
    "StructuredStream",
    "ToolIntent",
    "ToolTurn",
    "errors",
    "linearize_history",
    "models",
    "parse_json_content",
    "parse_tool_arguments",
    "parse_tool_intents",
    "response_format_for",
    "simulated_tool_request",
    "tool_from_function",
    "tool_from_type",
]

# Names load on first use: the pytest plugin (mistral_client.testing) imports this package
# in every pytest session of every project that installs it, and should cost nothing there.
_HOMES = {
    "AsyncMistral": "._client",
    "AsyncStream": "._streaming",
    "AsyncStructuredStream": "._structured_stream",
    "BatchLimits": "._batch_runner",
    "BatchProgress": "._batch_runner",
    "BatchResult": "._batch_runner",
    "BatchResults": "._batch_runner",
    "CallOptions": "._calls",
    "ChatCompletionAccumulator": "._accumulator",
    "CircuitBreakerConfig": "._config",
    "Mistral": "._client",
    "ParsedChatCompletion": "._structured",
    "ParsedChoice": "._structured",
    "ParsedMessage": "._structured",
    "PoolConfig": "._config",
    "RateBudget": "._config",
    "RateLimitConfig": "._config",
    "RawResponse": "._calls",
    "RetryConfig": "._config",
    "ToolIntent": "._structured",
    "ToolTurn": "._structured",
    "linearize_history": "._structured",
    "parse_json_content": "._structured",
    "parse_tool_arguments": "._structured",
    "parse_tool_intents": "._structured",
    "response_format_for": "._structured",
    "simulated_tool_request": "._structured",
    "tool_from_function": "._structured",
    "tool_from_type": "._structured",
    "Stream": "._streaming",
    "StructuredChunk": "._structured_stream",
    "StructuredStream": "._structured_stream",
}


def __getattr__(name: str) -> Any:
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__version__"})
