"""Typed, resilient client for the Mistral AI API.

Usage:
    from mistral_client import Mistral, errors

    with Mistral() as client:  # reads MISTRAL_API_KEY
        reply = client.chat.complete(model="mistral-small-latest",
                                     messages=[{"role": "user", "content": "Hello"}])
"""

__version__ = "0.1.0"

from . import errors, models
from ._calls import CallOptions, RawResponse
from ._client import AsyncMistral, Mistral
from ._config import PoolConfig, RetryConfig

__all__ = [
    "AsyncMistral",
    "CallOptions",
    "Mistral",
    "PoolConfig",
    "RawResponse",
    "RetryConfig",
    "errors",
    "models",
]
