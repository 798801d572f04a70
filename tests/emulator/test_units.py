"""Pure parts: the schema sampler, spec loading without or with odd specs, text helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from mistral_client.testing import MistralEmulator
from mistral_client.testing import _spec as spec_module
from mistral_client.testing._samples import sample
from mistral_client.testing._spec import Spec, load_spec
from mistral_client.testing._text import content_text, pieces

from .conftest import AUTH, chat_body

SCHEMAS: list[Any] = [
    {},
    True,
    {"type": "string", "maxLength": 3},
    {"type": "string", "minLength": 30},
    {"type": "number", "exclusiveMaximum": -3},
    {"type": "integer", "minimum": 3, "maximum": 9},
    {"type": "number", "maximum": -5},
    {"minimum": 4},
    {"type": "array", "items": {"type": "string"}, "minItems": 3, "uniqueItems": True},
    {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
    {"type": "array", "items": {"enum": ["x", "y"]}, "minItems": 2, "uniqueItems": True},
    {"items": {"type": "boolean"}},
    {"required": ["a"]},
    {"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer"}},
    {"type": ["null", "integer"]},
    {"type": "null"},
    {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string"}]},
    {"anyOf": [{"type": "integer", "minimum": 10, "maximum": 5}, {"type": "boolean"}]},
    {
        "definitions": {"n": {"type": "integer", "minimum": 7}},
        "properties": {"n": {"$ref": "#/definitions/n"}},
    },
    {
        "$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}},
        "$ref": "#/$defs/node",
    },
    {"type": "string", "format": "uuid"},
    {"type": "integer", "multipleOf": 5, "minimum": 1},
]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_sampled_values_are_valid(schema: Any) -> None:
    value = sample(schema)
    assert Draft202012Validator(schema).is_valid(value), value


def test_sampling_odd_schemas_does_not_fail() -> None:
    assert sample({"$ref": "https://example.com/schema"}) == "sample value"
    assert sample(False) is None
    assert sample({"type": "string", "format": "email"}, "mail") == "user@example.com"
    assert sample(
        {
            "allOf": [
                {"properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"required": ["b"]},
            ]
        }
    ) == {"a": 0, "b": "sample b"}


def test_text_helpers() -> None:
    assert pieces(" a  b ") == [" a", "  b", " "]
    content = [
        "raw",
        {"type": "text", "text": "t"},
        {"type": "document_url", "document_url": "https://x"},
        {"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]},
        {"type": "unknown"},
        3,
    ]
    assert content_text(content) == "raw t [document] hmm"
    assert content_text(None) == ""


def test_builtin_routes_without_a_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec_module, "find_spec", lambda: None)
    with MistralEmulator() as emu, httpx.Client(base_url=emu.base_url, headers=AUTH) as http:
        assert not emu.spec.validates
        assert emu.spec.source == "builtin"
        assert http.post("/v1/chat/completions", json=chat_body(unknown=1)).status_code == 200
        card = http.post("/v1/files", files={"file": ("a.txt", b"x")}).json()
        assert card["purpose"] == "fine-tune"
        assert http.post("/v1/files", data={"purpose": "batch"}).status_code == 422


MINI_SPEC = """
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://example.com/v1'}]
paths:
  /models:
    parameters:
      - $ref: '#/components/parameters/Flag'
    get:
      operationId: models_list
      parameters:
        - {name: need, in: query, required: true, schema: {type: string}}
        - {name: loose, in: query}
        - {name: ratio, in: query, schema: {anyOf: [{type: number}, {type: 'null'}]}}
  /embeddings:
    post:
      operationId: embeddings_create
      requestBody: {$ref: '#/components/requestBodies/Embed'}
  /mystery:
    post:
      operationId: mystery
      requestBody: {content: {}}
    get:
      summary: no operation id
components:
  parameters:
    Flag: {name: flag, in: query, schema: {type: boolean}}
  requestBodies:
    Embed:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              model: {type: string}
              input: {type: string}
              pair: {prefixItems: [{type: integer}]}
            required: [model, input]
"""


def test_a_custom_spec_with_a_server_path(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(MINI_SPEC)
    spec = load_spec(path)
    assert load_spec(str(path)) is spec  # cached
    assert isinstance(spec, Spec)
    assert {op.operation_id: op.path for op in spec.operations} == {
        "models_list": "/v1/models",
        "embeddings_create": "/v1/embeddings",
        "mystery": "/v1/mystery",
    }
    with (
        MistralEmulator(spec_path=path) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH) as http,
    ):
        missing = http.get("/v1/models").json()["message"]["detail"]
        assert missing == [
            {"type": "missing", "loc": ["query", "need"], "msg": "Field required", "input": None}
        ]
        assert (
            http.get(
                "/v1/models", params={"need": "x", "flag": "on", "loose": "1", "ratio": "0.5"}
            ).status_code
            == 200
        )
        bad = http.get("/v1/models", params={"need": "x", "ratio": "half"}).json()["message"][
            "detail"
        ]
        assert bad[0]["type"] == "float_parsing"
        assert http.post("/v1/embeddings", json={"model": "mistral-embed"}).status_code == 422
        assert (
            http.post(
                "/v1/embeddings", json={"model": "mistral-embed", "input": "x", "pair": ["a"]}
            ).status_code
            == 422
        )
        assert http.post("/v1/mystery", json={}).status_code == 501
