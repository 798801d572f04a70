"""Embeddings: unit vectors seeded by the text's hash (same text, same vector).

1024 floats for mistral-embed (1536 for codestral-embed, or `output_dimension`), stored at
float32 precision; ``encoding_format: base64`` sends the little-endian float32 bytes.
"""

from __future__ import annotations

import base64
import math
import random
import struct
from typing import Any

from . import _errors
from ._catalog import EMBEDDING_DIMENSIONS
from ._ids import stable_hash
from ._models import require_model
from ._text import count_tokens
from ._types import Call, JsonReply, Reply

# The largest vector the API builds (codestral-embed; documented range up to 3072).
MAX_OUTPUT_DIMENSION = 3072


def vector(text: str, dimensions: int) -> list[float]:
    """The unit vector of `text`, rounded to float32."""
    rng = random.Random(stable_hash("embedding", text))  # noqa: S311 - not for security
    raw = [rng.gauss(0.0, 1.0) for _ in range(dimensions)]
    norm = math.sqrt(sum(v * v for v in raw)) or 1.0
    packed = struct.pack(f"<{dimensions}f", *(v / norm for v in raw))
    return list(struct.unpack(f"<{dimensions}f", packed))


def _inputs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v if isinstance(v, str) else " ".join(map(str, v)) for v in value]
    return []


def embeddings_create(call: Call) -> Reply:
    body = call.body
    card = require_model(call.state, body.get("model"))
    root = str(card.get("root", card["id"]))
    dimensions = body.get("output_dimension") or EMBEDDING_DIMENSIONS.get(root, 1024)
    if int(dimensions) > MAX_OUTPUT_DIMENSION:
        # Refused like the API refuses it, before any vector is built (10**12 floats would
        # exhaust the emulator's memory).
        message = f"Input should be less than or equal to {MAX_OUTPUT_DIMENSION}"
        loc: list[str | int] = ["body", "output_dimension"]
        detail = _errors.detail("less_than_equal", loc, message, dimensions)
        raise _errors.ApiError(422, _errors.validation_wrapped([detail]))
    as_base64 = body.get("encoding_format") == "base64"
    data: list[dict[str, Any]] = []
    tokens = 0
    for index, text in enumerate(_inputs(body.get("input"))):
        values = vector(text, int(dimensions))
        tokens += count_tokens(text)
        embedding: Any = values
        if as_base64:
            embedding = base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()
        data.append({"object": "embedding", "embedding": embedding, "index": index})
    result = {
        "id": call.state.ids.hex32("embedding"),
        "object": "list",
        "data": data,
        "model": body.get("model"),
        "usage": usage(tokens),
    }
    return JsonReply(result, tokens=tokens)


def usage(prompt_tokens: int) -> dict[str, Any]:
    """The usage object of non-chat endpoints, with the keys no document lists."""
    return {
        "prompt_audio_seconds": None,
        "prompt_tokens": prompt_tokens,
        "total_tokens": prompt_tokens,
        "completion_tokens": 0,
        "request_count": 1,
        "prompt_token_details": None,
    }
