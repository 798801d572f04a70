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

__all__ = [
    "AsyncMistral",
    "AsyncStream",
    "CallOptions",
    "ChatCompletionAccumulator",
    "CircuitBreakerConfig",
    "Mistral",
    "PoolConfig",
    "RateBudget",
    "RateLimitConfig",
    "RawResponse",
    "RetryConfig",
    "Stream",
    "errors",
    "models",
]

# Names load on first use: the pytest plugin (mistral_client.testing) imports this package
# in every pytest session of every project that installs it, and should cost nothing there.
_HOMES = {
    "AsyncMistral": "._client",
    "AsyncStream": "._streaming",
    "CallOptions": "._calls",
    "ChatCompletionAccumulator": "._accumulator",
    "CircuitBreakerConfig": "._config",
    "Mistral": "._client",
    "PoolConfig": "._config",
    "RateBudget": "._config",
    "RateLimitConfig": "._config",
    "RawResponse": "._calls",
    "RetryConfig": "._config",
    "Stream": "._streaming",
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
