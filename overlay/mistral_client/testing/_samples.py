"""A value that satisfies a JSON schema: tool-call arguments and json_schema replies.

Honoured: $ref (local), allOf, anyOf/oneOf (first branch that validates), const, enum,
type (lists too), properties/required/additionalProperties/minProperties, items,
prefixItems, minItems/maxItems/uniqueItems, minimum/maximum (exclusive too), multipleOf,
minLength/maxLength and common string formats. Not honoured: pattern, not, if/then/else.
"""

from __future__ import annotations

import math
from typing import Any

from jsonschema import Draft202012Validator

_FORMATS = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "00:00:00Z",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "hostname": "example.com",
}
_MAX_DEPTH = 8


def sample(schema: Any, name: str = "value") -> Any:
    """A deterministic value valid against `schema` (best effort: see the module doc)."""
    return _Sampler(schema).value(schema, name, 0, 0)


class _Sampler:
    def __init__(self, root: Any) -> None:
        self.root = root

    def _resolve(self, schema: Any) -> Any:
        hops = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and hops < 16:
            ref = schema["$ref"]
            if not ref.startswith("#"):
                return {}
            node: Any = self.root
            for token in [t for t in ref[1:].split("/") if t]:
                token = token.replace("~1", "/").replace("~0", "~")
                node = node[int(token)] if isinstance(node, list) else node.get(token, {})
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**node, **siblings} if isinstance(node, dict) else node
            hops += 1
        return schema

    def _valid(self, value: Any, schema: Any) -> bool:
        wrapped = (
            {**schema, "$defs": self.root.get("$defs", {})} if isinstance(schema, dict) else schema
        )
        if isinstance(self.root, dict) and "definitions" in self.root and isinstance(wrapped, dict):
            wrapped = {**wrapped, "definitions": self.root["definitions"]}
        try:
            return Draft202012Validator(wrapped).is_valid(value)
        except Exception:  # a schema too odd to check: accept the attempt
            return True

    def value(self, schema: Any, name: str, depth: int, variant: int) -> Any:
        schema = self._resolve(schema)
        if schema is True or schema is None or schema == {}:
            return f"sample {name}" if variant == 0 else f"sample {name} {variant}"
        if not isinstance(schema, dict):
            return None
        if "allOf" in schema:
            merged = _merge([self._resolve(s) for s in schema["allOf"]])
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            return self.value(_merge([rest, merged]), name, depth, variant)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][variant % len(schema["enum"])]
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._branch(schema, key, name, depth, variant)
        kind = _kind(schema)
        if kind == "object":
            return self._object(schema, name, depth)
        if kind == "array":
            return self._array(schema, name, depth)
        if kind in ("integer", "number"):
            return _number(schema, kind, variant)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _string(schema, name, variant)

    def _branch(self, schema: dict[str, Any], key: str, name: str, depth: int, variant: int) -> Any:
        rest = {k: v for k, v in schema.items() if k != key}
        branches = [self._resolve(b) for b in schema[key]]
        ordered = [b for b in branches if _kind(b) != "null"] + [
            b for b in branches if _kind(b) == "null"
        ]
        first: Any = None
        for index, branch in enumerate(ordered):
            merged = _merge([rest, branch]) if isinstance(branch, dict) else branch
            candidate = self.value(merged, name, depth, variant)
            if index == 0:
                first = candidate
            if self._valid(candidate, schema):
                return candidate
        return first

    def _object(self, schema: dict[str, Any], name: str, depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        chosen = list(properties) if depth < _MAX_DEPTH else []
        result: dict[str, Any] = {}
        for key in [*required, *[c for c in chosen if c not in required]]:
            result[key] = self.value(properties.get(key, {}), key, depth + 1, 0)
        extra = schema.get("additionalProperties", True)
        index = 0
        while len(result) < int(schema.get("minProperties", 0)) and extra is not False:
            index += 1
            result[f"{name}_{index}"] = self.value(extra, f"{name}_{index}", depth + 1, index)
        return result

    def _array(self, schema: dict[str, Any], name: str, depth: int) -> list[Any]:
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        count = max(low, len(prefix), 1 if depth < _MAX_DEPTH and items is not False else 0)
        if high is not None:
            count = min(count, int(high))
        result: list[Any] = []
        for index in range(count):
            item_schema = prefix[index] if index < len(prefix) else items
            result.append(self.value(item_schema, name, depth + 1, index))
        return result


def _kind(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != "null"]
        kind = non_null[0] if non_null else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "multipleOf")):
        return "number"
    return None


def _merge(parts: list[Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        if not isinstance(part, dict):
            continue
        for key, value in part.items():
            if key == "properties" and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            elif key == "required" and isinstance(merged.get(key), list):
                merged[key] = merged[key] + [v for v in value if v not in merged[key]]
            else:
                merged[key] = value
    return merged


def _number(schema: dict[str, Any], kind: str, variant: int) -> int | float:
    low: float | None = schema.get("minimum")
    high: float | None = schema.get("maximum")
    step = 1 if kind == "integer" else 0.5
    if isinstance(schema.get("exclusiveMinimum"), (int, float)):
        bound = schema["exclusiveMinimum"] + step
        low = bound if low is None else max(low, bound)
    if isinstance(schema.get("exclusiveMaximum"), (int, float)):
        bound = schema["exclusiveMaximum"] - step
        high = bound if high is None else min(high, bound)
    value: float = low if low is not None else (min(0, high) if high is not None else 0)
    value += variant
    if high is not None and value > high:
        value = high
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0:
        value = math.ceil(value / multiple) * multiple
    if kind == "integer":
        return math.ceil(value)
    return float(value)


def _string(schema: dict[str, Any], name: str, variant: int) -> str:
    text = _FORMATS.get(str(schema.get("format")), f"sample {name}")
    if variant and schema.get("format") not in _FORMATS:
        text = f"{text} {variant}"
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None and len(text) > int(high):
        text = text[: int(high)]
    return text
