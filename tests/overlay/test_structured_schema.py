"""Types to strict JSON Schema and replies back to types (mistral_client._structured):
one table row per kind of type, the validator's rules, raw and pydantic schemas."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

import attrs
import jsonschema
import pydantic
import pytest

from mistral_client import errors, response_format_for
from mistral_client._structured._reply import load_json, read_target
from mistral_client._structured._schema import target_for
from mistral_client._structured._validate import Mismatch, check


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@attrs.define
class Item:
    name: str
    price: float = attrs.field(metadata={"description": "In euros."})


@dataclasses.dataclass
class Order:
    """An order of items."""

    id: int
    items: list[Item]
    note: str | None
    color: Color
    kind: Literal["pickup", "delivery"]


class Movie(TypedDict):
    title: str
    year: NotRequired[int]


@attrs.frozen
class Node:
    value: int
    children: list[Node]


@dataclasses.dataclass
class Kinds:
    flag: bool
    count: int
    ratio: float
    when: dt.datetime
    day: dt.date
    key: uuid.UUID
    level: Level
    pair: tuple[int, str]
    many: tuple[int, ...]
    unique: frozenset[str]
    scores: dict[str, float]
    either: int | str
    anything: Any


@attrs.define
class Cat:
    meow: str


@attrs.define
class Dog:
    bark: int


@attrs.define
class Pet:
    pet: Cat | Dog


class Address(pydantic.BaseModel):
    city: str
    zip: str | None = None


class Person(pydantic.BaseModel):
    """A person."""

    name: str
    age: int = pydantic.Field(ge=0)
    home: Address
    tags: list[str] = []

    @pydantic.field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


V = TypeVar("V")


@dataclasses.dataclass
class Box(Generic[V]):
    item: V
    history: list[V]


@attrs.define
class Private:
    _token: str


@attrs.define
class Checked:
    size: int = attrs.field(validator=attrs.validators.gt(0))


def _schema(tp: Any) -> dict[str, Any]:
    fmt = response_format_for(tp)
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    schema: dict[str, Any] = fmt["json_schema"]["schema"]
    jsonschema.Draft202012Validator.check_schema(schema)  # a schema the API can read
    return schema


def _strict_everywhere(node: Any) -> None:
    """Every object with properties requires all of them and allows no others."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            assert node["additionalProperties"] is False, node
            assert set(node["required"]) == set(node["properties"]), node
        for value in node.values():
            _strict_everywhere(value)
    elif isinstance(node, list):
        for value in node:
            _strict_everywhere(value)


# (type, a valid reply, the value it builds)
ROUND_TRIPS: list[tuple[Any, Any, Any]] = [
    (
        Order,
        {
            "id": 7,
            "items": [{"name": "tea", "price": 2}],
            "note": None,
            "color": "blue",
            "kind": "pickup",
        },
        Order(7, [Item("tea", 2.0)], None, Color.BLUE, "pickup"),
    ),
    (Movie, {"title": "Alien", "year": None}, {"title": "Alien"}),
    (Movie, {"title": "Alien", "year": 1979}, {"title": "Alien", "year": 1979}),
    (
        Node,
        {"value": 1, "children": [{"value": 2, "children": []}]},
        Node(1, [Node(2, [])]),
    ),
    (
        Kinds,
        {
            "flag": True,
            "count": 3.0,
            "ratio": 1,
            "when": "2026-01-02T03:04:05Z",
            "day": "2026-01-02",
            "key": "00000000-0000-4000-8000-000000000000",
            "level": 2,
            "pair": [1, "a"],
            "many": [1, 2],
            "unique": ["x", "y"],
            "scores": {"a": 0.5},
            "either": "s",
            "anything": {"free": [1]},
        },
        Kinds(
            True,
            3,
            1.0,
            dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            dt.date(2026, 1, 2),
            uuid.UUID("00000000-0000-4000-8000-000000000000"),
            Level.HIGH,
            (1, "a"),
            (1, 2),
            frozenset({"x", "y"}),
            {"a": 0.5},
            "s",
            {"free": [1]},
        ),
    ),
    (Pet, {"pet": {"bark": 3}}, Pet(Dog(3))),
    (Private, {"token": "t"}, Private("t")),  # attrs private fields go by their alias
    (
        Box[Item],
        {"item": {"name": "a", "price": 1}, "history": []},
        Box(Item("a", 1.0), []),
    ),
    (Pet, {"pet": {"meow": "hi"}}, Pet(Cat("hi"))),
]


@pytest.mark.parametrize(("tp", "reply", "expected"), ROUND_TRIPS)
def test_each_kind_of_type_round_trips(tp: Any, reply: Any, expected: Any) -> None:
    schema = _schema(tp)
    _strict_everywhere(schema)
    jsonschema.validate(reply, schema)  # the reply the API would allow...
    target = target_for(tp)
    assert read_target(json.dumps(reply), target) == expected  # ...builds the value


def test_schema_details_per_kind() -> None:
    order = _schema(Order)
    assert order["description"] == "An order of items."
    properties = order["properties"]
    assert properties["id"] == {"type": "integer"}
    assert properties["note"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert properties["color"] == {"type": "string", "enum": ["red", "blue"]}
    assert properties["kind"] == {"type": "string", "enum": ["pickup", "delivery"]}
    item = properties["items"]["items"]  # nested class inlined: no $ref left
    assert item["properties"]["price"] == {"type": "number", "description": "In euros."}
    assert "$defs" not in order
    kinds = _schema(Kinds)["properties"]
    assert kinds["when"] == {"type": "string", "format": "date-time"}
    assert kinds["level"] == {"type": "integer", "enum": [1, 2]}
    assert kinds["pair"]["prefixItems"] == [{"type": "integer"}, {"type": "string"}]
    assert kinds["unique"] == {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    assert kinds["scores"] == {"type": "object", "additionalProperties": {"type": "number"}}
    assert kinds["either"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert kinds["anything"] == {}
    movie = _schema(Movie)
    assert movie["required"] == ["title", "year"]  # NotRequired: required but nullable
    assert movie["properties"]["year"] == {"anyOf": [{"type": "integer"}, {"type": "null"}]}


def test_recursive_types_keep_one_ref_into_defs() -> None:
    schema = _schema(Node)
    assert schema["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert set(schema["$defs"]) == {"Node"}


def test_pydantic_models_become_strict_and_keep_their_own_validation() -> None:
    schema = _schema(Person)
    _strict_everywhere(schema)
    assert "$defs" not in schema  # Address inlined
    home = schema["properties"]["home"]
    assert home["properties"]["zip"]["anyOf"][-1] == {"type": "null"}
    target = target_for(Person)
    reply = {"name": "Ada", "age": 36, "home": {"city": "Paris", "zip": None}, "tags": None}
    person = read_target(json.dumps(reply), target)
    assert person == Person(name="Ada", age=36, home=Address(city="Paris"), tags=[])
    with pytest.raises(errors.StructuredOutputError) as caught:
        read_target(json.dumps({**reply, "age": -1}), target)
    assert (caught.value.field, caught.value.rule) == ("$.age", "must be >= 0")  # our check
    with pytest.raises(errors.StructuredOutputError) as caught:
        read_target(json.dumps({**reply, "name": " "}), target)
    assert caught.value.field == "$.name"  # pydantic's own validator, not in the schema
    assert "must not be blank" in str(caught.value.rule)


def test_raw_json_schema_dicts_are_made_strict_and_refs_inlined() -> None:
    raw = {
        "title": "Trip",
        "type": "object",
        "properties": {
            "to": {"$ref": "#/$defs/Place"},
            "stops": {"type": "array", "items": {"$ref": "#/$defs/Place"}},
            "extra": {"type": "object"},
        },
        "required": ["to"],
        "$defs": {"Place": {"type": "object", "properties": {"city": {"type": "string"}}}},
    }
    fmt = response_format_for(raw)
    assert fmt["json_schema"]["name"] == "Trip"
    schema = fmt["json_schema"]["schema"]
    assert "$defs" not in schema
    assert schema["required"] == ["to", "stops", "extra"]
    assert schema["properties"]["stops"]["anyOf"][0]["items"]["required"] == ["city"]
    assert "additionalProperties" not in schema["properties"]["extra"]["anyOf"][0]  # stays free
    assert raw["required"] == ["to"]  # the caller's dict is untouched
    target = target_for(raw)
    reply = {"to": {"city": "Oslo"}, "stops": None, "extra": None}
    assert read_target(json.dumps(reply), target) == {"to": {"city": "Oslo"}}
    loose = response_format_for(raw, strict=False)["json_schema"]
    assert loose["strict"] is False
    assert loose["schema"]["required"] == ["to"]


def test_class_validators_failures_name_the_class() -> None:
    with pytest.raises(errors.StructuredOutputError) as caught:
        read_target('{"size": 0}', target_for(Checked))
    assert caught.value.reason == "schema"
    assert caught.value.field == "$"
    assert "rejected by Checked" in str(caught.value.rule)


@pytest.mark.parametrize(
    ("tp", "fragment"),
    [
        (int, "wrap"),
        (list[Item], "wrap"),
        (dict[int, str], "JSON keys"),
        (complex, "not supported"),
        ({}, "must not be empty"),
        ({"$ref": "http://example.com/schema"}, "not local"),
    ],
)
def test_unsupported_types_fail_before_sending(tp: Any, fragment: str) -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        response_format_for(tp)
    assert fragment in str(caught.value)


def test_unresolvable_annotations_are_a_request_error() -> None:
    @dataclasses.dataclass
    class Local:
        other: Undefined  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(errors.RequestValidationError, match="cannot resolve"):
        response_format_for(Local)


# (schema, value, path, rule fragment) — the validator's first mismatch
MISMATCHES: list[tuple[dict[str, Any], Any, str, str]] = [
    ({"type": "integer"}, "1", "$", "must be an integer, got a string"),
    ({"type": "integer"}, True, "$", "must be an integer, got a boolean"),
    ({"type": "number"}, None, "$", "must be a number, got null"),
    ({"enum": ["a", "b"]}, "c", "$", 'must be one of "a", "b"'),
    ({"const": 1}, True, "$", "must be 1"),
    (
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        {},
        "$.a",
        "is required",
    ),
    (
        {"type": "object", "properties": {}, "additionalProperties": False},
        {"x y": 1},
        '$["x y"]',
        "is not an allowed property",
    ),
    (
        {"type": "array", "items": {"type": "object", "properties": {"p": {"type": "number"}}}},
        [{"p": 1}, {"p": "2"}],
        "$[1].p",
        "must be a number",
    ),
    ({"type": "array", "minItems": 2}, [1], "$", "at least 2 items"),
    ({"type": "array", "maxItems": 1}, [1, 2], "$", "at most 1 items"),
    ({"type": "array", "uniqueItems": True}, [1, 1.0], "$[1]", "unique"),
    ({"prefixItems": [{"type": "integer"}], "items": False}, [1, 2], "$[1]", "past the 1"),
    ({"type": "string", "minLength": 2}, "a", "$", "at least 2 characters"),
    ({"type": "string", "maxLength": 1}, "ab", "$", "at most 1 characters"),
    ({"type": "string", "pattern": "^a+$"}, "b", "$", "pattern"),
    ({"type": "number", "minimum": 1}, 0, "$", ">= 1"),
    ({"type": "number", "maximum": 1}, 2, "$", "<= 1"),
    ({"type": "number", "exclusiveMinimum": 1}, 1, "$", "> 1"),
    ({"type": "number", "exclusiveMaximum": 1}, 1, "$", "< 1"),
    ({"type": "number", "multipleOf": 0.5}, 0.7, "$", "multiple of 0.5"),
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, 3, "$", "must be a string or null"),
    (
        {"anyOf": [{"type": "object", "properties": {"a": {"type": "integer"}}}, {"type": "null"}]},
        {"a": "x"},
        "$.a",
        "must be an integer",
    ),
    ({"oneOf": [{"type": "number"}, {"type": "integer"}]}, 1, "$", "matches 2 of the oneOf"),
    ({"not": {"type": "string"}}, "s", "$", "not allowed"),
    ({"allOf": [{"type": "object"}, {"required": ["k"]}]}, {}, "$.k", "is required"),
    ({"type": "object", "minProperties": 1}, {}, "$", "at least 1 properties"),
    ({"type": "object", "maxProperties": 0}, {"a": 1}, "$", "at most 0 properties"),
    ({"patternProperties": {"^n_": {"type": "integer"}}}, {"n_a": "x"}, "$.n_a", "integer"),
    ({"$ref": "#/$defs/missing"}, 1, "$", "points nowhere"),
    ({"oneOf": [{"type": "string"}, {"type": "null"}]}, 3, "$", "must be a string or null"),
    (
        {
            "anyOf": [{"$ref": "#/$defs/a"}, {"type": "null"}],
            "$defs": {"a": {"type": "object", "properties": {"k": {"type": "integer"}}}},
        },
        {"k": "x"},
        "$.k",
        "must be an integer",
    ),
    (
        {"anyOf": [{"type": "object", "required": ["a"]}, {"type": "object", "required": ["b"]}]},
        {},
        "$",
        "matches none of the 2 allowed shapes",
    ),
    ({"anyOf": [{"type": ["integer", "null"]}, {"items": {}, "minItems": 1}]}, [], "$", "1 items"),
    ({"$ref": "#/$defs/n", "minimum": 5, "$defs": {"n": {"type": "integer"}}}, 3, "$", ">= 5"),
    ({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}}, 1, "$", "does not end"),
    ({"properties": {"x": False}}, {"x": 1}, "$.x", "is not allowed here"),
    ({"$ref": "#/$defs/l/0", "$defs": {"l": [{"type": "string"}]}}, 1, "$", "must be a string"),
    ({"type": "array"}, (1,), "$", "must be an array, got a tuple"),
]


@pytest.mark.parametrize(("schema", "value", "path", "rule"), MISMATCHES)
def test_validator_names_the_path_and_the_rule(
    schema: dict[str, Any], value: Any, path: str, rule: str
) -> None:
    with pytest.raises(Mismatch) as caught:
        check(value, schema, schema)
    assert caught.value.path == path
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "integer"}, 2.0),
        ({"type": ["string", "null"]}, None),
        ({"const": 1}, 1.0),
        ({"enum": [[1, {"a": True}]]}, [1, {"a": True}]),
        (True, {"anything": 1}),
        ({"$ref": "#/$defs/n", "$defs": {"n": {"type": "null"}}}, None),
        ({"format": "email"}, "not checked: left to the API"),
    ],
)
def test_validator_accepts_what_json_schema_allows(schema: Any, value: Any) -> None:
    check(value, schema, schema)
    jsonschema.validate(value, schema)  # and agrees with the reference implementation


def test_multiple_of_tolerates_float_rounding() -> None:
    check(0.3, {"type": "number", "multipleOf": 0.1}, {})  # 0.3 / 0.1 == 2.9999999999999996


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  ```json\n{"a": 1}\n```  ', {"a": 1}),
        ("```\n[1, 2]\n```", [1, 2]),
    ],
)
def test_load_json_unwraps_one_fenced_block(raw: str, expected: Any) -> None:
    assert load_json(raw) == expected


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("", "must be JSON"),
        ("   ", "must be JSON"),
        ('{"a": 1', "line 1 column"),
        ("Sure! Here it is: {}", "Expecting value"),
        ('Here:\n```json\n{"a": 1}\n```', "Expecting value"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_load_json_rejects_what_is_not_json(raw: str, rule: str) -> None:
    with pytest.raises(errors.StructuredOutputError) as caught:
        load_json(raw)
    assert caught.value.reason == "not_json"
    assert caught.value.raw == raw
    assert rule in str(caught.value.rule)


def test_importing_the_client_and_parsing_a_dataclass_never_imports_pydantic() -> None:
    code = """
import dataclasses, json, sys
import mistral_client
from tests.support.server import RecordingServer, Reply

@dataclasses.dataclass
class Point:
    x: int
    y: int

reply = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
         "choices": [{"index": 0, "finish_reason": "stop",
         "message": {"role": "assistant", "content": '{"x": 1, "y": 2}'}}]}
with RecordingServer(Reply.json(reply)) as server:
    with mistral_client.Mistral(api_key="k", base_url=server.base_url) as client:
        result = client.chat.parse(
            model="m", messages=[{"role": "user", "content": "a point"}], response_format=Point
        )
assert result.parsed == Point(1, 2), result
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=root,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
