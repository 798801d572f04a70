"""Typed parsing at speed: a converter built once per generated model.

The generated `from_dict` methods are correct but slow on the hot path (a chat completion
spends more time in them than in JSON decoding): each call re-runs up to nine function-level
imports, defines nested helper functions and tries union members through exceptions. For
each model class this module builds, once, a converter that does the same work with
pre-resolved field plans, following the generator's own rules field by field:

- scalars, `Any`, lists of scalars: the decoded value as is (the generator `cast`s them);
- nested models and lists of them: their own converters;
- enums: the enum member; open enums (`E | str`) keep unknown strings;
- `Literal` constants: checked like the generator does (ValueError when different);
- `X | None | Unset` unions of the above, with the generator's fallback to the raw value
  when no member fits;
- `x-always-list` fields (typed `list[X]`, default `[]`): absent or null reads as `[]`.

Any field it cannot plan exactly (dates, files, unions of several models, ...) is "guarded":
values of a type that the generated code passes through unchanged (a string, None) stay on
the fast path, anything else sends that one object through the generated `from_dict`. A
model whose field plan cannot be proven against its `from_dict` (the JSON key must appear
in it) is not converted at all: its `from_dict` is used. The test suite checks converter ==
`from_dict` on every recorded response body and on edge cases.
"""

from __future__ import annotations

import array
import base64
import dis
import enum
import functools
import inspect
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

Convert = Callable[[Any], Any]

_PLAIN = (str, int, float, bool)
# What the generator's union parsers catch before trying the next member.
_MISMATCH = (TypeError, ValueError, AttributeError, KeyError)


class _FallbackError(Exception):
    """This value needs the generated from_dict of the object holding it."""


def _identity(value: Any) -> Any:
    return value


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and callable(getattr(kind, "from_dict", None))


def _members(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _is_scalar(kind: Any) -> bool:
    if kind is Any or kind in _PLAIN or kind is type(None):
        return True
    if typing.get_origin(kind) in (list, dict):
        return all(_is_scalar(arg) for arg in typing.get_args(kind))
    return False


def _plain_list(kind: Any) -> bool:
    return typing.get_origin(kind) is list and _is_scalar(kind)


def _member_converter(kind: Any) -> Convert | None:
    """How to convert a value known to belong to this single (non-union) type, or None."""
    if _is_scalar(kind):
        return _identity
    if _is_model(kind):
        return converter_for(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        convert_item = _member_converter(item)
        if convert_item is None or typing.get_origin(item) in (typing.Union, types.UnionType):
            return None
        return lambda values: [convert_item(value) for value in values]
    return None


def _union_converter(members: tuple[Any, ...]) -> Convert | None:
    """The generator's union parsing for the unions it produces on our spec, or None."""
    has_none = type(None) in members
    rest = [kind for kind in members if kind is not type(None)]
    scalars = [kind for kind in rest if kind in _PLAIN or kind is Any or _plain_list(kind)]
    complex_ = [kind for kind in rest if kind not in scalars]
    if len(rest) == 1 and not complex_:
        return _identity
    if not complex_:
        return _identity  # e.g. list[float] | str: every branch is a cast
    if len(complex_) != 1:
        return None
    (kind,) = complex_
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if not all(isinstance(member.value, str) for member in kind):
            return None
        enum_type = kind

        def open_enum(value: Any) -> Any:
            # The generator tries the enum on strings and keeps the raw value otherwise.
            if isinstance(value, str):
                try:
                    return enum_type(value)
                except ValueError:
                    return value
            return value

        return open_enum
    convert = _member_converter(kind)
    if convert is None:
        return None
    shape = dict if _is_model(kind) else list
    if not scalars and not has_none:
        return convert

    def fitting(value: Any) -> Any:
        if not isinstance(value, shape):
            return value
        try:
            return convert(value)
        except _MISMATCH:
            return value  # the generator returns the raw value when no member parses

    return fitting


def _rejects_strings(kind: Any) -> bool:
    """Members the generator only tries on dicts or lists, so a string skips them."""
    return kind is type(None) or _is_model(kind) or typing.get_origin(kind) in (list, dict)


def _guarded(members: tuple[Any, ...]) -> Convert:
    """A field we do not plan: a string (when every other member skips strings) and None
    come out of the generated code unchanged, so they stay here; any other value makes
    the enclosing object go through its generated from_dict."""
    passes: tuple[type, ...] = ()
    if str in members and all(kind is str or _rejects_strings(kind) for kind in members):
        passes += (str,)
    if type(None) in members:
        passes += (type(None),)

    def guard(value: Any) -> Any:
        if isinstance(value, passes):
            return value
        raise _FallbackError

    return guard


def _literal_check(values: tuple[Any, ...]) -> Convert:
    def check(value: Any) -> Any:
        if value not in values:
            raise ValueError(f"must match const {values[0]!r}, got {value!r}")
        return value

    return check


def _field_converter(hint: Any, unset_type: type) -> Convert:
    members = tuple(kind for kind in _members(hint) if kind is not unset_type)
    if len(members) == 1 and typing.get_origin(members[0]) is typing.Literal:
        return _literal_check(typing.get_args(members[0]))
    convert = _member_converter(members[0]) if len(members) == 1 else _union_converter(members)
    return convert if convert is not None else _guarded(members)


def _list_or_empty(convert: Convert) -> Convert:
    def list_or_empty(value: Any) -> Any:
        return [] if value is None else convert(value)

    return list_or_empty


def _json_keys(cls: type) -> frozenset[str]:
    """The JSON keys the generated from_dict pops (`d.pop("key"...)`), read off its bytecode."""
    code = cls.from_dict.__func__.__code__  # type: ignore[attr-defined]
    keys: set[str] = set()
    after_pop = False
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_METHOD", "LOAD_ATTR") and instruction.argval == "pop":
            after_pop = True
        elif after_pop and instruction.opname == "LOAD_CONST":
            if isinstance(instruction.argval, str):
                keys.add(instruction.argval)
            after_pop = False
    return frozenset(keys)


# array typecodes of the embedding dtypes the API can send base64-encoded (little-endian).
_EMBEDDING_TYPECODES = {"float": "f", "int8": "b", "uint8": "B", "binary": "b", "ubinary": "B"}


def base64_vector(encoded: str, dtype: str = "float") -> list[float] | list[int]:
    """A base64 embedding as numbers, decoded in C (array), without a Python loop per value.

    Usage: `base64_vector(item.embedding)` for `encoding_format="base64"` answers.
    """
    values = array.array(_EMBEDDING_TYPECODES[dtype], base64.b64decode(encoded, validate=True))
    if sys.byteorder == "big":  # pragma: no cover - the wire format is little-endian
        values.byteswap()
    return values.tolist()


_building: set[type] = set()


@functools.cache
def converter_for(cls: type) -> Convert:
    """The converter of a generated model class (built on first use, then cached)."""
    generated: Convert = cls.from_dict  # type: ignore[attr-defined]
    if cls in _building:  # a model that contains itself: look the converter up when called
        return lambda source: converter_for(cls)(source)
    _building.add(cls)
    try:
        plan = _plan(cls)
    except Exception:  # any surprise in the generated code: use it as is
        return generated
    finally:
        _building.discard(cls)
    if plan is None:
        return generated
    required, optional = plan
    unset = sys.modules[cls.__module__].UNSET
    build = cls

    def convert(source: Any) -> Any:
        data = dict(source)
        try:
            values = {name: fn(data.pop(key)) for name, key, fn in required}
            for name, key, fn in optional:
                value = data.pop(key, unset)
                if value is not unset:
                    values[name] = fn(value)
        except _FallbackError:
            return generated(source)
        instance = build(**values)
        instance.additional_properties = data
        return instance

    return convert


_Plan = tuple[list[tuple[str, str, Convert]], list[tuple[str, str, Convert]]]


def _plan(cls: type) -> _Plan | None:
    import attrs

    module = sys.modules[cls.__module__]
    models = sys.modules[cls.__module__.rsplit(".", 1)[0]]
    hints = typing.get_type_hints(cls, globalns=vars(module), localns=vars(models))
    keys = _json_keys(cls)
    unset_type = module.Unset
    required: list[tuple[str, str, Convert]] = []
    optional: list[tuple[str, str, Convert]] = []
    for field in attrs.fields(cls):
        if field.name == "additional_properties":
            continue
        if not field.init:
            return None
        key = field.name
        if key.endswith("_") and key[:-1] in keys:
            key = key[:-1]  # the generator's rename of `object`, `type`, ...
        if key not in keys:
            return None
        hint = hints[field.name]
        convert = _field_converter(hint, unset_type)
        if field.default == attrs.Factory(list):
            # An `x-always-list` field (scripts/generate.py): absent or null reads as [].
            optional.append((field.name, key, _list_or_empty(convert)))
            continue
        target = optional if unset_type in _members(hint) else required
        target.append((field.name, key, convert))
    # Models whose extra keys are typed convert them in from_dict: leave those to it.
    if hints.get("additional_properties") != dict[str, Any]:
        return None
    if len(inspect.signature(cls).parameters) != len(required) + len(optional):
        return None
    return required, optional
