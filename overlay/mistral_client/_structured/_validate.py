"""A small JSON Schema validator: the first mismatch as a field path and a rule.

It covers what our generated schemas use and what tool schemas commonly hold: type,
enum, const, properties / required / additionalProperties / patternProperties /
min-maxProperties, items / prefixItems / min-maxItems / uniqueItems, anyOf / oneOf /
allOf / not, local $ref, minimum / maximum (exclusive too) / multipleOf, minLength /
maxLength / pattern. Other keywords (format, if/then/else, ...) are left to the API.
jsonschema is not a runtime dependency of the client; this is the subset we need.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MAX_REF_HOPS = 64


class Mismatch(Exception):  # noqa: N818 - internal signal, turned into StructuredOutputError
    """Where a value breaks its schema (`path`, JSONPath-like: `$.items[2].price`) and how."""

    def __init__(self, path: str, rule: str) -> None:
        super().__init__(f"{path}: {rule}")
        self.path = path
        self.rule = rule


def child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENTIFIER.match(key) else f"{path}[{json.dumps(key)}]"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def has_type(value: Any, kind: str) -> bool:
    actual = json_type(value)
    if kind == "number":
        return actual in ("integer", "number")
    if kind == "integer":
        return actual == "integer" or (actual == "number" and float(value).is_integer())
    return actual == kind


def json_equal(left: Any, right: Any) -> bool:
    """JSON equality: true is not 1, 1 equals 1.0, containers compare deeply."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    return (numbers or type(left) is type(right)) and left == right


def resolve(root: Any, ref: str) -> Any:
    """A local `$ref` ("#/$defs/Item") inside `root`; remote refs are not followed."""
    if not ref.startswith("#"):
        raise Mismatch("$", f"schema $ref {ref!r} is not local")
    node = root
    for token in [t for t in ref[1:].split("/") if t]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, Mapping) and token in node:
            node = node[token]
        else:
            raise Mismatch("$", f"schema $ref {ref!r} points nowhere")
    return node


def is_valid(value: Any, schema: Any, root: Any) -> bool:
    try:
        check(value, schema, root)
    except Mismatch:
        return False
    return True


def check(value: Any, schema: Any, root: Any, path: str = "$") -> None:
    """Raise Mismatch at the first place `value` breaks `schema` (refs resolve in `root`)."""
    hops = 0
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        target = resolve(root, schema["$ref"])
        if siblings:
            check(value, siblings, root, path)
        schema = target
        hops += 1
        if hops > _MAX_REF_HOPS:
            raise Mismatch(path, "schema $ref chain does not end")
    if schema is True or schema is None:
        return
    if schema is False:
        raise Mismatch(path, "is not allowed here")
    if not isinstance(schema, Mapping):
        return
    _check_type(value, schema, path)
    if "const" in schema and not json_equal(value, schema["const"]):
        raise Mismatch(path, f"must be {json.dumps(schema['const'])}")
    choices = schema.get("enum")
    if isinstance(choices, list) and not any(json_equal(value, c) for c in choices):
        raise Mismatch(path, "must be one of " + ", ".join(json.dumps(c) for c in choices))
    _check_combinators(value, schema, root, path)
    if isinstance(value, dict):
        _check_object(value, schema, root, path)
    elif isinstance(value, list):
        _check_array(value, schema, root, path)
    elif isinstance(value, str):
        _check_string(value, schema, path)
    elif json_type(value) in ("integer", "number"):
        _check_number(value, schema, path)


def _check_type(value: Any, schema: Mapping[str, Any], path: str) -> None:
    kind = schema.get("type")
    if kind is None:
        return
    kinds = [kind] if isinstance(kind, str) else list(kind)
    if not any(has_type(value, k) for k in kinds):
        wanted = " or ".join(_article(k) for k in kinds)
        raise Mismatch(path, f"must be {wanted}, got {_article(json_type(value))}")


def _article(kind: str) -> str:
    return {
        "null": "null",
        "integer": "an integer",
        "object": "an object",
        "array": "an array",
    }.get(kind, f"a {kind}")


def _check_combinators(value: Any, schema: Mapping[str, Any], root: Any, path: str) -> None:
    for part in schema.get("allOf") or []:
        check(value, part, root, path)
    any_of = schema.get("anyOf")
    if isinstance(any_of, list) and any_of:
        failures = []
        for branch in any_of:
            try:
                check(value, branch, root, path)
                break
            except Mismatch as exc:
                failures.append((branch, exc))
        else:
            raise _closest(value, failures, root, path)
    one_of = schema.get("oneOf")
    if isinstance(one_of, list) and one_of:
        matched = [b for b in one_of if is_valid(value, b, root)]
        if not matched:
            failures = []
            for branch in one_of:
                try:
                    check(value, branch, root, path)
                except Mismatch as exc:
                    failures.append((branch, exc))
            raise _closest(value, failures, root, path)
        if len(matched) > 1:
            raise Mismatch(path, f"matches {len(matched)} of the oneOf shapes, must match one")
    if "not" in schema and is_valid(value, schema["not"], root):
        raise Mismatch(path, "matches a shape that is not allowed")


def _closest(value: Any, failures: list[tuple[Any, Mismatch]], root: Any, path: str) -> Mismatch:
    """The most useful error of a failed union: the one branch of the value's own type."""
    same_type = [exc for branch, exc in failures if _accepts_type(value, branch, root)]
    if len(same_type) == 1:
        return same_type[0]
    kinds = list(dict.fromkeys(k for branch, _ in failures for k in _branch_types(branch, root)))
    if kinds and not same_type:
        wanted = " or ".join(_article(k) for k in kinds)
        return Mismatch(path, f"must be {wanted}, got {_article(json_type(value))}")
    return Mismatch(path, f"matches none of the {len(failures)} allowed shapes")


def _branch_types(branch: Any, root: Any) -> list[str]:
    seen = 0
    while isinstance(branch, Mapping) and isinstance(branch.get("$ref"), str) and seen < 8:
        try:
            branch = resolve(root, branch["$ref"])
        except Mismatch:
            return []
        seen += 1
    if not isinstance(branch, Mapping):
        return []
    kind = branch.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if "properties" in branch:
        return ["object"]
    if "items" in branch:
        return ["array"]
    return []


def _accepts_type(value: Any, branch: Any, root: Any) -> bool:
    kinds = _branch_types(branch, root)
    return bool(kinds) and any(has_type(value, k) for k in kinds)


def _check_object(value: dict[str, Any], schema: Mapping[str, Any], root: Any, path: str) -> None:
    properties = schema.get("properties") or {}
    for name in schema.get("required") or []:
        if name not in value:
            raise Mismatch(child(path, name), "is required")
    patterns = schema.get("patternProperties") or {}
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            check(item, properties[key], root, child(path, key))
            continue
        matched = [s for p, s in patterns.items() if re.search(p, key)]
        for sub in matched:
            check(item, sub, root, child(path, key))
        if matched:
            continue
        if extra is False:
            raise Mismatch(child(path, key), "is not an allowed property")
        check(item, extra, root, child(path, key))
    if len(value) < int(schema.get("minProperties", 0)):
        raise Mismatch(path, f"must have at least {schema['minProperties']} properties")
    if "maxProperties" in schema and len(value) > int(schema["maxProperties"]):
        raise Mismatch(path, f"must have at most {schema['maxProperties']} properties")


def _check_array(value: list[Any], schema: Mapping[str, Any], root: Any, path: str) -> None:
    prefix = schema.get("prefixItems") or []
    items = schema.get("items", True)
    for index, item in enumerate(value):
        if index < len(prefix):
            check(item, prefix[index], root, child(path, index))
        elif items is False:
            raise Mismatch(child(path, index), f"is past the {len(prefix)} allowed items")
        else:
            check(item, items, root, child(path, index))
    if len(value) < int(schema.get("minItems", 0)):
        raise Mismatch(path, f"must have at least {schema['minItems']} items")
    if "maxItems" in schema and len(value) > int(schema["maxItems"]):
        raise Mismatch(path, f"must have at most {schema['maxItems']} items")
    if schema.get("uniqueItems"):
        for index, item in enumerate(value):
            if any(json_equal(item, earlier) for earlier in value[:index]):
                raise Mismatch(child(path, index), "repeats an earlier item (items must be unique)")


def _check_string(value: str, schema: Mapping[str, Any], path: str) -> None:
    if len(value) < int(schema.get("minLength", 0)):
        raise Mismatch(path, f"must be at least {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > int(schema["maxLength"]):
        raise Mismatch(path, f"must be at most {schema['maxLength']} characters")
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and re.search(pattern, value) is None:
        raise Mismatch(path, f"must match the pattern {pattern!r}")


def _check_number(value: float, schema: Mapping[str, Any], path: str) -> None:
    if not math.isfinite(value):
        raise Mismatch(path, "must be a finite number")
    limits = (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"))
    for key, sign in (*limits, ("exclusiveMaximum", "<")):
        bound = schema.get(key)
        if not isinstance(bound, int | float) or isinstance(bound, bool):
            continue
        holds = {">=": value >= bound, "<=": value <= bound, ">": value > bound}.get(
            sign, value < bound
        )
        if not holds:
            raise Mismatch(path, f"must be {sign} {bound:g}")
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and step > 0:
        quotient = value / step
        if not math.isclose(quotient, round(quotient), rel_tol=0, abs_tol=1e-9):
            raise Mismatch(path, f"must be a multiple of {step:g}")
