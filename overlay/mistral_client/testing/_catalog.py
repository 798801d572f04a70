"""The base models the emulator serves, in the shape of GET /v1/models (October 2025)."""

from __future__ import annotations

from typing import Any

_CAPABILITIES = (
    *("completion_chat", "function_calling", "completion_fim", "fine_tuning", "vision"),
    *("ocr", "classification", "moderation", "audio"),
)


def _card(
    model_id: str,
    description: str,
    capabilities: set[str],
    context: int,
    temperature: float | None,
    aliases: list[str],
) -> dict[str, Any]:
    return {
        "id": model_id,
        "object": "model",
        "created": 0,
        "owned_by": "mistralai",
        "capabilities": {name: name in capabilities for name in _CAPABILITIES},
        "name": model_id,
        "description": description,
        "max_context_length": context,
        "aliases": aliases,
        "deprecation": None,
        "deprecation_replacement_model": None,
        "default_model_temperature": temperature,
        "type": "base",
    }


_CHAT = {"completion_chat", "function_calling"}

BASE_MODELS: tuple[dict[str, Any], ...] = (
    _card(
        "mistral-large-latest",
        "Official mistral-large-latest Mistral AI model",
        _CHAT | {"fine_tuning", "vision"},
        131072,
        0.3,
        [],
    ),
    _card(
        "mistral-small-latest",
        "Official mistral-small-latest Mistral AI model",
        _CHAT | {"vision"},
        131072,
        0.3,
        ["mistral-small-2506"],
    ),
    _card(
        "codestral-latest",
        "Official codestral-latest Mistral AI model",
        _CHAT | {"completion_fim"},
        256000,
        0.3,
        ["codestral-2508"],
    ),
    _card(
        "mistral-embed",
        "Official mistral-embed Mistral AI model",
        set(),
        8192,
        None,
        ["mistral-embed-2312"],
    ),
    _card(
        "mistral-moderation-latest",
        "Official mistral-moderation-latest Mistral AI model",
        {"classification", "moderation"},
        8192,
        None,
        ["mistral-moderation-2411"],
    ),
    _card(
        "open-mistral-nemo",
        "Official open-mistral-nemo Mistral AI model",
        _CHAT | {"fine_tuning"},
        131072,
        0.3,
        ["open-mistral-nemo-2407", "mistral-tiny-2407", "mistral-tiny-latest"],
    ),
    _card(
        "pixtral-12b-latest",
        "Official pixtral-12b-latest Mistral AI model",
        _CHAT | {"fine_tuning", "vision"},
        131072,
        0.3,
        ["pixtral-12b-2409", "pixtral-12b"],
    ),
    _card(
        "ministral-8b-latest",
        "Powerful edge model with extremely high performance/price ratio.",
        _CHAT | {"fine_tuning"},
        131072,
        0.3,
        ["ministral-8b-2410"],
    ),
)

# Output sizes of the embedding models.
EMBEDDING_DIMENSIONS = {"mistral-embed": 1024, "codestral-embed": 1536}
