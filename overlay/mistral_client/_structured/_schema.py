"""Python types to strict JSON Schema, and validated JSON back into those types.

A `Codec` per kind of type knows both directions: its schema node, and how to build the
Python value from JSON that already passed that schema. Classes (attrs, dataclass,
TypedDict, pydantic) become `$defs` entries while compiling; `finish` then inlines every
`$ref` that is not recursive, so the API sees one self-contained schema.

Strict means: every property required, no extra properties. Where a type allows a key to
be absent (a TypedDict `NotRequired` key, a property a raw schema does not require) the
key stays required but may be null, and a null there is read back as "absent".
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import inspect
import re
import sys
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from ..errors import RequestValidationError
from ._validate import Mismatch, child, is_valid, resolve

_NULL: dict[str, Any] = {"type": "null"}
_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class Codec(Protocol):
    def schema(self) -> dict[str, Any]: ...
    def build(self, value: Any, path: str) -> Any: ...


def unsupported(where: str, what: str) -> RequestValidationError:
    return RequestValidationError(where, what)


@attrs.frozen
class _Plain:
    node: dict[str, Any]
    convert: Callable[[Any], Any] = lambda value: value

    def schema(self) -> dict[str, Any]:
        return copy.deepcopy(self.node)

    def build(self, value: Any, path: str) -> Any:
        try:
            return self.convert(value)
        except (TypeError, ValueError) as exc:
            raise Mismatch(path, f"is not a valid {self.node.get('format', 'value')}") from exc


def _iso(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda value: parse(str(value))


_PRIMITIVES: dict[Any, _Plain] = {
    str: _Plain({"type": "string"}),
    int: _Plain({"type": "integer"}, int),
    float: _Plain({"type": "number"}, float),
    bool: _Plain({"type": "boolean"}),
    type(None): _Plain(_NULL),
    Any: _Plain({}),
    object: _Plain({}),
    dt.datetime: _Plain({"type": "string", "format": "date-time"}, _iso(dt.datetime.fromisoformat)),
    dt.date: _Plain({"type": "string", "format": "date"}, _iso(dt.date.fromisoformat)),
    dt.time: _Plain({"type": "string", "format": "time"}, _iso(dt.time.fromisoformat)),
    uuid.UUID: _Plain({"type": "string", "format": "uuid"}, _iso(uuid.UUID)),
}


@attrs.frozen
class _Enum:
    cls: type[enum.Enum]

    def schema(self) -> dict[str, Any]:
        values = [member.value for member in self.cls]
        return _enum_node(values)

    def build(self, value: Any, path: str) -> Any:
        return self.cls(value)


def _enum_node(values: list[Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"enum": values}
    kinds = {type(v) for v in values}
    if kinds == {str}:
        node = {"type": "string", **node}
    elif kinds <= {int} and bool not in kinds:
        node = {"type": "integer", **node}
    return node


@attrs.frozen
class _Array:
    items: Codec
    container: Callable[[list[Any]], Any] = list
    unique: bool = False

    def schema(self) -> dict[str, Any]:
        node: dict[str, Any] = {"type": "array", "items": self.items.schema()}
        if self.unique:
            node["uniqueItems"] = True
        return node

    def build(self, value: Any, path: str) -> Any:
        built = [self.items.build(item, child(path, i)) for i, item in enumerate(value)]
        try:
            return self.container(built)
        except TypeError as exc:  # set of unhashable items
            raise Mismatch(path, f"cannot be stored as {self.container}: {exc}") from exc


@attrs.frozen
class _Tuple:
    items: tuple[Codec, ...]

    def schema(self) -> dict[str, Any]:
        count = len(self.items)
        return {
            "type": "array",
            "prefixItems": [item.schema() for item in self.items],
            "items": False,
            "minItems": count,
            "maxItems": count,
        }

    def build(self, value: Any, path: str) -> Any:
        return tuple(
            c.build(v, child(path, i))
            for i, (c, v) in enumerate(zip(self.items, value, strict=True))
        )


@attrs.frozen
class _Map:
    values: Codec

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.values.schema()}

    def build(self, value: Any, path: str) -> Any:
        return {key: self.values.build(item, child(path, key)) for key, item in value.items()}


@attrs.frozen
class _Union:
    branches: tuple[Codec, ...]
    root: Callable[[], Any]

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [branch.schema() for branch in self.branches]}

    def build(self, value: Any, path: str) -> Any:
        root = self.root()
        for branch in self.branches:
            if is_valid(value, branch.schema(), root):
                return branch.build(value, path)
        raise Mismatch(path, "matches none of the allowed shapes")  # pragma: no cover


@attrs.frozen
class _Field:
    key: str  # the JSON property name
    argument: str  # the constructor's keyword
    codec: Codec
    omit_null: bool  # null means "leave the key out" (NotRequired keys)
    description: str | None


@attrs.define
class _Class:
    """attrs, dataclass and TypedDict classes: a $defs entry and a constructor call."""

    cls: type
    name: str
    fields: list[_Field] = attrs.field(factory=list)
    description: str | None = None

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.name}"}

    def definition(self) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for field in self.fields:
            node = field.codec.schema()
            if field.omit_null:
                node = _nullable(node)
            if field.description:
                node = {**node, "description": field.description}
            properties[field.key] = node
        result: dict[str, Any] = {"type": "object"}
        if self.description:
            result["description"] = self.description
        result.update(properties=properties, required=list(properties), additionalProperties=False)
        return result

    def build(self, value: Any, path: str) -> Any:
        kwargs: dict[str, Any] = {}
        for field in self.fields:
            item = value.get(field.key)
            if item is None and field.omit_null:
                continue
            kwargs[field.argument] = field.codec.build(item, child(path, field.key))
        if typing.is_typeddict(self.cls):
            return kwargs
        try:
            return self.cls(**kwargs)
        except (TypeError, ValueError) as exc:  # the class's own validators said no
            raise Mismatch(path, f"rejected by {self.cls.__name__}: {exc}") from exc


@attrs.define
class _Schema:
    """A raw or pydantic JSON Schema made strict; builds by reading added nulls as absent."""

    node: dict[str, Any]
    optional: set[tuple[int, str]]
    root: Callable[[], Any]
    finish: Callable[[Any], Any] = lambda value: value

    def schema(self) -> dict[str, Any]:
        return self.node

    def build(self, value: Any, path: str) -> Any:
        return self.finish(_drop_added_nulls(value, self.node, self.root(), self.optional))


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    if node.get("type") == "null" or any(b == _NULL for b in node.get("anyOf") or []):
        return node
    if set(node) == {"anyOf"}:
        return {"anyOf": [*node["anyOf"], dict(_NULL)]}
    return {"anyOf": [node, dict(_NULL)]}


def _drop_added_nulls(value: Any, schema: Any, root: Any, optional: set[tuple[int, str]]) -> Any:
    hops = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and hops < 64:
        schema = resolve(root, schema["$ref"])
        hops += 1
    if not isinstance(schema, dict):
        return value
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            if is_valid(value, branch, root):
                return _drop_added_nulls(value, branch, root, optional)
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        result = {}
        for name, item in value.items():
            if item is None and (id(schema), name) in optional:
                continue
            sub = properties.get(name, extra if isinstance(extra, dict) else None)
            result[name] = _drop_added_nulls(item, sub, root, optional)
        return result
    if isinstance(value, list):
        prefix = schema.get("prefixItems") or []
        items = schema.get("items")
        return [
            _drop_added_nulls(item, prefix[i] if i < len(prefix) else items, root, optional)
            for i, item in enumerate(value)
        ]
    return value


def strictify(schema: Any, optional: set[tuple[int, str]]) -> Any:
    """A strict copy of `schema`: objects close (unless they say otherwise) and require every
    property; a property that was optional becomes nullable, recorded in `optional`."""
    if isinstance(schema, list):
        return [strictify(item, optional) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("properties", "$defs", "definitions", "patternProperties") and isinstance(
            value, dict
        ):
            result[key] = {name: strictify(sub, optional) for name, sub in value.items()}
        elif key in ("enum", "const", "default", "examples", "required"):
            result[key] = copy.deepcopy(value)
        else:
            result[key] = strictify(value, optional)
    properties = result.get("properties")
    if isinstance(properties, dict):  # a free-form {"type": "object"} stays open
        result.setdefault("additionalProperties", False)
        required = set(schema.get("required") or [])
        for name in properties:
            if name not in required:
                properties[name] = _nullable(properties[name])
                optional.add((id(result), name))
        result["required"] = list(properties)
    return result


def inline_refs(schema: dict[str, Any], self_ref: str | None = None) -> dict[str, Any]:
    """Replace each local `$ref` by a copy of its target, except where that would recurse:
    those stay `$ref`s into the `$defs` that remain. `self_ref` names the definition that
    `schema` itself is (a class's own `$defs` entry), so a ref to it is a recursion."""
    defs_key = "$defs" if "$defs" in schema else "definitions"
    definitions = schema.get(defs_key) or {}
    recursive: set[str] = set()

    def walk(node: Any, trail: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, trail) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            raise Mismatch("$", f"schema $ref {ref!r} is not local (remote refs are not fetched)")
        if isinstance(ref, str):
            if ref in trail:
                recursive.add(ref)
                return dict(node)
            target = resolve(schema, ref)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            inlined = walk(target, (*trail, ref))
            return {**inlined, **walk(siblings, trail)} if isinstance(inlined, dict) else inlined
        return {
            key: (
                copy.deepcopy(value) if key in ("enum", "const", "default") else walk(value, trail)
            )
            for key, value in node.items()
            if key not in ("$defs", "definitions")
        }

    result: dict[str, Any] = walk(schema, (self_ref,) if self_ref else ())
    if recursive:
        kept = {}
        for ref in sorted(recursive):
            name = ref.rsplit("/", 1)[-1]
            kept[name] = walk(definitions.get(name, {}), (ref,))
        result[defs_key] = kept
    return result


def _pydantic_base() -> type | None:
    """pydantic's BaseModel if the caller's program imported pydantic; we never import it."""
    module = sys.modules.get("pydantic")
    base = getattr(module, "BaseModel", None) if module is not None else None
    return base if isinstance(base, type) else None


def is_pydantic_model(tp: Any) -> bool:
    base = _pydantic_base()
    return base is not None and isinstance(tp, type) and issubclass(tp, base)


def _own_doc(cls: type) -> str | None:
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    text = inspect.cleandoc(doc)
    if dataclasses.is_dataclass(cls) and text.startswith(f"{cls.__name__}("):
        return None  # the signature dataclasses writes when a class has no docstring
    return text


class Compiler:
    """Compiles Python types into codecs, collecting class definitions in `defs`."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.defs: dict[str, dict[str, Any]] = {}
        self._classes: dict[tuple[Any, tuple[Any, ...]], _Class] = {}
        self._names: set[str] = set()

    def root(self) -> dict[str, Any]:
        return {"$defs": self.defs}

    def codec(self, tp: Any, at: str) -> Codec:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            return self.codec(args[0], at)
        if origin in (typing.Required, typing.NotRequired):  # pragma: no cover - stripped
            return self.codec(args[0], at)
        if isinstance(tp, typing.NewType):
            return self.codec(tp.__supertype__, at)
        if tp in _PRIMITIVES:
            return _PRIMITIVES[tp]
        if origin is typing.Literal:
            return _Plain(_enum_node(list(args)))
        if origin in (typing.Union, types.UnionType):
            return self._union(args, at)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return _Enum(tp)
        if origin is not None and _is_class_type(origin):
            return self._class(origin, at, args)  # a generic class: Box[int]
        if origin is not None:
            return self._generic(origin, args, at)
        if _is_class_type(tp):
            return self._class(tp, at)
        if is_pydantic_model(tp):
            return self._pydantic(tp, at)
        raise unsupported(
            self.where,
            f"type {tp!r} at {at} is not supported (use str, int, float, bool, None, Literal, "
            "Enum, list, tuple, set, dict[str, ...], unions, datetime, UUID, or an attrs class, "
            "dataclass, TypedDict or pydantic model)",
        )

    def _union(self, args: tuple[Any, ...], at: str) -> Codec:
        non_null = [a for a in args if a is not type(None)]
        branches = [self.codec(a, at) for a in non_null]
        if len(non_null) < len(args):
            branches.append(_PRIMITIVES[type(None)])
        return _Union(tuple(branches), self.root)

    def _generic(self, origin: Any, args: tuple[Any, ...], at: str) -> Codec:
        import collections.abc as abc

        if origin in (list, abc.Sequence, abc.MutableSequence, abc.Iterable, abc.Collection):
            return _Array(self.codec(args[0] if args else Any, f"{at}[]"))
        if origin in (set, frozenset, abc.Set, abc.MutableSet):
            container: Callable[[list[Any]], Any] = frozenset if origin is frozenset else set
            return _Array(self.codec(args[0] if args else Any, f"{at}[]"), container, True)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return _Array(self.codec(args[0], f"{at}[]"), tuple)
            return _Tuple(tuple(self.codec(a, f"{at}[{i}]") for i, a in enumerate(args)))
        if origin in (dict, abc.Mapping, abc.MutableMapping):
            if args and args[0] is not str:
                raise unsupported(self.where, f"dict keys at {at} must be str (JSON keys are)")
            return _Map(self.codec(args[1] if args else Any, f"{at}{{}}"))
        raise unsupported(self.where, f"type {origin!r} at {at} is not supported")

    def _name_for(self, cls: type, args: tuple[Any, ...]) -> str:
        label = "_".join([cls.__name__, *(getattr(a, "__name__", str(a)) for a in args)])
        base = _NAME.sub("_", label) or "Object"
        name, number = base, 1
        while name in self._names:
            number += 1
            name = f"{base}{number}"
        self._names.add(name)
        return name

    def _class(self, cls: type, at: str, args: tuple[Any, ...] = ()) -> Codec:
        known = self._classes.get((cls, args))
        if known is not None:
            return known
        codec = _Class(cls, self._name_for(cls, args), description=_own_doc(cls))
        self._classes[(cls, args)] = codec  # registered first: a recursive field finds it
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception as exc:  # NameError and friends: unresolvable annotations
            raise unsupported(
                self.where, f"cannot resolve the annotations of {cls.__name__}: {exc}"
            ) from exc
        bound = dict(zip(getattr(cls, "__parameters__", ()), args, strict=False))
        for key, argument, tp, optional, description in _class_fields(cls, hints):
            field_codec = self.codec(_substitute(tp, bound), f"{cls.__name__}.{key}")
            codec.fields.append(_Field(key, argument, field_codec, optional, description))
        self.defs[codec.name] = codec.definition()
        return codec

    def _pydantic(self, model: Any, at: str) -> Codec:
        try:
            raw = model.model_json_schema()
        except Exception as exc:
            message = f"pydantic model {model!r} has no JSON schema: {exc}"
            raise unsupported(self.where, message) from exc
        optional: set[tuple[int, str]] = set()
        strict = strictify(inline_refs(raw), optional)
        for name, definition in (strict.pop("$defs", None) or {}).items():
            self.defs.setdefault(name, definition)  # recursive models keep their refs
        validation_error = getattr(sys.modules["pydantic"], "ValidationError", Exception)

        def finish(value: Any) -> Any:
            try:
                return model.model_validate(value)
            except validation_error as exc:
                first = exc.errors()[0] if hasattr(exc, "errors") and exc.errors() else {}
                path = "$"
                for part in first.get("loc", ()):
                    path = child(path, part)
                raise Mismatch(path, str(first.get("msg", exc))) from exc

        return _Schema(strict, optional, self.root, finish)


def _is_class_type(tp: Any) -> bool:
    return isinstance(tp, type) and (
        attrs.has(tp) or dataclasses.is_dataclass(tp) or typing.is_typeddict(tp)
    )


def _substitute(tp: Any, bound: Mapping[Any, Any]) -> Any:
    """`tp` with a generic class's type variables replaced by its arguments (else Any)."""
    if isinstance(tp, typing.TypeVar):
        return bound.get(tp, Any)
    parameters = getattr(tp, "__parameters__", ())
    if parameters and typing.get_origin(tp) is not None:
        return tp[tuple(bound.get(p, Any) for p in parameters)]
    return tp


def _class_fields(
    cls: type, hints: Mapping[str, Any]
) -> list[tuple[str, str, Any, bool, str | None]]:
    """(json key, constructor keyword, type, null-means-absent, description) per field."""
    found: list[tuple[str, str, Any, bool, str | None]] = []
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if field.init:
                description = field.metadata.get("description")
                found.append((field.alias, field.alias, hints[field.name], False, description))
        return found
    if dataclasses.is_dataclass(cls):
        for dc_field in dataclasses.fields(cls):
            if dc_field.init:
                description = dc_field.metadata.get("description")
                found.append(
                    (dc_field.name, dc_field.name, hints[dc_field.name], False, description)
                )
        return found
    optional_keys: frozenset[str] = getattr(cls, "__optional_keys__", frozenset())
    for key, tp in hints.items():
        # The wrappers decide: __optional_keys__ misses NotRequired written as a string
        # annotation (`from __future__ import annotations`) on Python < 3.14.
        optional = key in optional_keys
        while typing.get_origin(tp) in (typing.Required, typing.NotRequired, typing.Annotated):
            if typing.get_origin(tp) is not typing.Annotated:
                optional = typing.get_origin(tp) is typing.NotRequired
            tp = typing.get_args(tp)[0]
        found.append((key, key, tp, optional, None))
    return found


@attrs.frozen
class Target:
    """What `chat.parse` asks for: the strict schema to send and how to read replies back."""

    name: str
    schema: dict[str, Any]  # the self-contained strict schema sent to the API
    codec: Codec
    description: str | None = None

    def response_format(self, *, strict: bool = True) -> dict[str, Any]:
        spec: dict[str, Any] = {"name": self.name, "schema": self.schema, "strict": strict}
        if self.description:
            spec["description"] = self.description
        return {"type": "json_schema", "json_schema": spec}


def target_for(tp: Any, where: str = "response_format", *, strict: bool = True) -> Target:
    """The `Target` of a class, a pydantic model or a JSON Schema dict."""
    if isinstance(tp, Mapping):
        return _raw_target(tp, where, strict=strict)
    compiler = Compiler(where)
    codec = compiler.codec(tp, getattr(tp, "__name__", "value"))
    if isinstance(codec, _Class):
        top = {**compiler.defs[codec.name], "$defs": compiler.defs}
        description = codec.description
    elif isinstance(codec, _Schema):
        top = {**codec.node, "$defs": compiler.defs}
        description = _own_doc(tp)
    else:
        raise unsupported(
            where,
            "must be a class (attrs, dataclass, TypedDict, pydantic model) or a JSON Schema "
            f"dict: the reply is a JSON object, so wrap {tp!r} in a class with one field",
        )
    self_ref = f"#/$defs/{codec.name}" if isinstance(codec, _Class) else None
    schema = inline_refs(top, self_ref)
    return Target(_NAME.sub("_", tp.__name__), schema, codec, description)


def _raw_target(schema: Mapping[str, Any], where: str, *, strict: bool) -> Target:
    if not schema:
        raise unsupported(where, "a JSON Schema dict must not be empty")
    plain = copy.deepcopy(dict(schema))
    try:
        inlined = inline_refs(plain)
    except Mismatch as exc:
        raise unsupported(where, exc.rule) from None
    optional: set[tuple[int, str]] = set()
    node = strictify(inlined, optional) if strict else inlined
    holder: dict[str, Any] = {}
    codec = _Schema(node, optional, lambda: holder["root"])
    holder["root"] = node
    title = node.get("title") if isinstance(node.get("title"), str) else None
    description = node.get("description") if isinstance(node.get("description"), str) else None
    return Target(_NAME.sub("_", title or "response"), node, codec, description)
