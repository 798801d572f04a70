"""Every enum the API sends back is open: an unknown value parses and survives a round trip.

The test walks every response schema of openapi.yaml (JSON and SSE, success and error), finds
each place that takes a fixed set of values (an `enum`, or a `const` tag), builds the smallest
valid body with an unknown value there, and parses it with the generated model the client uses
for that response. A closed enum raises (`ValueError: 'developer' is not a valid ...`), so a new
value the API starts sending would make the whole response unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import mistral_generated.models as generated
from tests.spec.test_spec_lint import Doc, iter_response_media, load_spec, resolve

UNKNOWN = "zz-value-this-spec-does-not-list"
REF_PREFIX = "#/components/schemas/"


def _is_closed(node: dict[str, Any]) -> bool:
    return "enum" in node or "const" in node


def minimal(doc: Doc, node: Any, stack: tuple[str, ...] = ()) -> Any:
    """The smallest value `node` accepts (required fields only, first union member)."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str):
        return minimal(doc, resolve(doc, ref), (*stack, ref))
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in node:
            members = [
                m for m in node[key] if not (isinstance(m, dict) and m.get("type") == "null")
            ]
            return minimal(doc, (members or node[key])[0], stack)
    kind = node.get("type")
    if kind == "array":
        return []
    if kind == "string":
        return "x"
    if kind == "integer":
        return 0
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return False
    properties = node.get("properties") or {}
    return {name: minimal(doc, properties[name], stack) for name in node.get("required") or []}


def unknown_variants(doc: Doc, node: Any, stack: tuple[str, ...] = ()) -> Iterator[tuple[Any, str]]:
    """(body, where) for every enum site under `node`, with UNKNOWN placed at that site."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in stack:  # recursive schemas: one level is enough
            return
        yield from unknown_variants(doc, resolve(doc, ref), (*stack, ref))
        return
    if _is_closed(node):
        yield UNKNOWN, ""
        return
    for key in ("anyOf", "oneOf"):
        members = node.get(key)
        if not isinstance(members, list):
            continue
        targets = [resolve(doc, m["$ref"]) if "$ref" in m else m for m in members]
        if any(isinstance(t, dict) and "enum" in t for t in targets):
            yield UNKNOWN, ""  # a union holding an enum: the union itself must take the value
            return
        for index, member in enumerate(members):
            for body, where in unknown_variants(doc, member, stack):
                yield body, f"{key}[{index}]{where}"
    if node.get("type") == "array" or "items" in node:
        for body, where in unknown_variants(doc, node.get("items"), stack):
            yield [body], f"[0]{where}"
    properties = node.get("properties") or {}
    if properties:
        base = minimal(doc, node, stack)
        for name, schema in properties.items():
            for body, where in unknown_variants(doc, schema, stack):
                yield {**base, name: body}, f".{name}{where}"


def response_cases(doc: Doc) -> list[tuple[str, str, Any]]:
    """(model name, where, body) for every enum site of every response schema."""
    cases: dict[tuple[str, str], Any] = {}
    for _op, _media, _ptr, schema, _order in iter_response_media(doc):
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not isinstance(ref, str) or not ref.startswith(REF_PREFIX):
            continue
        name = ref.removeprefix(REF_PREFIX)
        for body, where in unknown_variants(doc, schema):
            cases.setdefault((name, where), body)
    return [(name, where, body) for (name, where), body in sorted(cases.items())]


CASES = response_cases(load_spec())


def test_the_walk_finds_the_enums_the_api_sends() -> None:
    """Guard: the walk reaches every kind of enum site (else the test below proves nothing)."""
    sites = {f"{name}{where}" for name, where, _body in CASES}
    for expected in (
        "ChatCompletionResponse.choices[0].message.role",
        "ChatCompletionResponse.choices[0].finish_reason",
        "ChatCompletionResponse.choices[0].message.contentanyOf[2][0]anyOf[0].type",
        "CompletionChunk.choices[0].finish_reason",
        "FileObject.purpose",
        "FineTuningJob.status",
        "BatchJob.endpoint",
        "Agent.tools[0]anyOf[0].type",
    ):
        assert expected in sites, sorted(sites)
    assert len(CASES) >= 50


@pytest.mark.parametrize(
    ("model", "where", "body"), CASES, ids=[f"{name}{where}" for name, where, _b in CASES]
)
def test_unknown_enum_value_parses_and_round_trips(model: str, where: str, body: Any) -> None:
    cls = getattr(generated, model)
    parsed = cls.from_dict(body)
    # The value is kept, either as a plain string or in a fallback member's fields.
    assert UNKNOWN in json.dumps(parsed.to_dict()), f"{model}{where} lost the unknown value"


def test_a_reply_with_a_new_role_parses() -> None:
    """Issue 8: `"role": "developer"` used to make the whole completion unreadable."""
    body = {
        "id": "a" * 32,
        "object": "chat.completion",
        "created": 1,
        "model": "mistral-small-latest",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "developer", "content": "Hi", "tool_calls": None},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    reply = generated.ChatCompletionResponse.from_dict(body)
    assert reply.choices[0].message.role == "developer"
    assert reply.to_dict()["choices"][0]["message"]["role"] == "developer"
