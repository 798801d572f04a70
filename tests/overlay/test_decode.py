"""The per-model converters (`_decode`) give exactly what the generated from_dict gives."""

from __future__ import annotations

import base64
import functools
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import mistral_generated.models as generated
from mistral_client import Mistral, errors
from mistral_client._decode import base64_vector, converter_for
from tests.conftest import CANARY_KEY
from tests.support.loopback import CHAT_BODY, embeddings_body

CASSETTES = Path(__file__).resolve().parent.parent / "contract" / "cassettes"
MODELS = [
    getattr(generated, name)
    for name in generated.__all__
    if callable(getattr(getattr(generated, name), "from_dict", None))
]


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside a decoded body, outermost first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


@functools.cache
def _bodies() -> list[dict[str, Any]]:
    """Every JSON object of the cassettes, plus the edge cases and their inner objects."""
    return _recorded_objects() + EDGE_CASES + [obj for case in EDGE_CASES for obj in _objects(case)]


def _recorded_objects() -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for cassette in sorted(CASSETTES.rglob("*.yaml")):
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]:
            for side in (
                interaction["response"]["body"].get("string"),
                interaction["request"].get("body"),
            ):
                try:
                    body = json.loads(side or "")
                except ValueError:
                    continue  # SSE streams and empty bodies
                for obj in _objects(body):
                    found.setdefault(json.dumps(obj, sort_keys=True), obj)
    return list(found.values())


EDGE_CASES: list[dict[str, Any]] = [
    CHAT_BODY,
    embeddings_body(2, 8),
    # Open enum: an unknown finish reason stays a string; a known one becomes the member.
    {**CHAT_BODY, "choices": [{**CHAT_BODY["choices"][0], "finish_reason": "brand_new"}]},
    # Content as a list of chunks (a union the converter leaves to the generated code).
    {
        **CHAT_BODY,
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": [{"type": "text", "text": "hi"}, {"type": "thinking", "x": 1}],
                    "tool_calls": [
                        {"id": "c1", "function": {"name": "f", "arguments": "{}"}, "extra": 2}
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 1, "total_tokens": 2, "prompt_tokens_details": {"a": 1}},
    },
    # Values no member parses: the generator keeps the raw value.
    {**CHAT_BODY, "usage": {"prompt_tokens": 1, "total_tokens": 2, "prompt_tokens_details": 7}},
    # Broken bodies: a missing required key, a wrong const.
    {"id": "x", "choices": []},
    {**CHAT_BODY, "choices": [{"index": 0, "message": {"role": "user", "content": "?"}}]},
    {"data": [{"index": 0, "embedding": "AAAAAA=="}], "extra": {"kept": True}},
]


class Rejected:
    """Stands for any failure the runner maps to ResponseValidationError (which one comes
    first may differ: the converter checks required fields before optional ones)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rejected)

    __hash__ = None  # type: ignore[assignment]


def _outcome(parse: Any, body: dict[str, Any]) -> Any:
    try:
        return parse(body)  # neither side mutates its input
    except (KeyError, ValueError, TypeError, AttributeError):
        return Rejected()


def test_every_generated_model_gets_a_converter() -> None:
    planned = [model for model in MODELS if converter_for(model) is not model.from_dict]
    # Falling back is allowed, but today every model of our spec is planned exactly.
    assert len(planned) == len(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_converter_matches_from_dict(model: Any) -> None:
    convert = converter_for(model)
    for body in _bodies():
        assert _outcome(convert, body) == _outcome(model.from_dict, body), body


def test_converter_keeps_extra_keys_and_plain_values() -> None:
    body = {**CHAT_BODY, "service_tier": "standard"}
    parsed = converter_for(generated.ChatCompletionResponse)(body)
    assert parsed.additional_properties == {"service_tier": "standard"}
    vectors = embeddings_body(1, 4)
    embedding = converter_for(generated.EmbeddingResponse)(vectors).data[0].embedding
    assert embedding is vectors["data"][0]["embedding"]  # decoded floats are not copied


def _embeddings_client(embedding: str) -> Mistral:
    answer = {
        "id": "emb-1",
        "object": "list",
        "model": "mistral-embed",
        "data": [{"object": "embedding", "index": 0, "embedding": embedding}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1},
    }
    return Mistral(
        CANARY_KEY, transport=httpx.MockTransport(lambda _: httpx.Response(200, json=answer))
    )


def test_base64_embeddings_decode_to_floats() -> None:
    vector = [0.5, -1.25, 3.0]
    encoded = base64.b64encode(struct.pack("<3f", *vector)).decode()
    with _embeddings_client(encoded) as client:
        reply = client.embeddings.create(model="mistral-embed", input="a", encoding_format="base64")
    assert reply.data[0].embedding == encoded  # the wire value is kept
    assert reply.data[0].floats == vector
    assert reply.vectors == [vector]
    assert base64_vector(base64.b64encode(struct.pack("<2b", -3, 7)).decode(), "int8") == [-3, 7]


def test_broken_base64_embedding_is_a_response_validation_error() -> None:
    with (
        _embeddings_client("not base64!") as client,
        pytest.raises(errors.ResponseValidationError, match="base64") as caught,
    ):
        client.embeddings.create(model="mistral-embed", input="a", encoding_format="base64")
    assert "not base64!" in (caught.value.body or "")
