"""Partial JSON (streamed structured output): every prefix of a JSON text gives a value that
the final value extends, whatever the chunking; the complete text gives the value itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_client._structured._partial import PartialJSON

NONE = object()


def extends(final: Any, partial: Any) -> bool:
    """`final` is what `partial` grows into (strings only grow at their end)."""
    if isinstance(partial, dict):
        return (
            isinstance(final, dict)
            and list(partial) == list(final)[: len(partial)]
            and all(extends(final[k], v) for k, v in partial.items())
        )
    if isinstance(partial, list):
        return (
            isinstance(final, list)
            and len(partial) <= len(final)
            and all(extends(f, p) for f, p in zip(final, partial, strict=False))
        )
    if isinstance(partial, str):
        return isinstance(final, str) and final.startswith(partial)
    return type(final) is type(partial) and final == partial


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(
    value=st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=5),
    indent=st.sampled_from([None, 1]),
    ascii_only=st.booleans(),
    cuts=st.lists(st.integers(1, 7), min_size=1, max_size=40),
)
def test_every_prefix_is_extended_by_the_final_value(
    value: dict[str, Any], indent: int | None, ascii_only: bool, cuts: list[int]
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    partial = PartialJSON()
    position, step = 0, 0
    while position < len(text):
        size = cuts[step % len(cuts)]
        partial.feed(text[position : position + size])
        position += size
        step += 1
        snapshot = partial.value(NONE)
        if snapshot is not NONE:
            assert extends(value, snapshot), (text[:position], snapshot)
    assert partial.value() == value
    assert partial.text == text


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", None),
        ("  ", None),
        ("{", {}),
        ('{"a', {}),
        ('{"a"', {}),
        ('{"a":', {}),
        ('{"a": 1', {}),  # the number may still grow
        ('{"a": 12,', {"a": 12}),
        ('{"a": tru', {}),
        ('{"a": true}', {"a": True}),
        ('{"a": "x\\', {"a": "x"}),  # a dangling escape is left out
        ('{"a": "x\\u00', {"a": "x"}),
        ('{"a": "x\\u00e9', {"a": "xé"}),
        ('{"a": [1, {"b": [', {"a": [1, {"b": []}]}),
        ("[1, 2", [1]),
        ('"str', "str"),
        ("42", None),  # a bare number is unknown until it ends
        ('```json\n{"a": "b', {"a": "b"}),
        ('{"a": 1} trailing', {"a": 1}),
    ],
)
def test_partial_values(prefix: str, expected: Any) -> None:
    partial = PartialJSON()
    partial.feed(prefix)
    assert partial.value() == expected


def test_not_json_gives_the_default_and_values_are_cached() -> None:
    partial = PartialJSON()
    partial.feed("Sure: {")
    assert partial.value("nothing") == "nothing"
    fine = PartialJSON()
    fine.feed('{"a": [')
    assert fine.value() is fine.value()
    fine.feed("")
    assert fine.value() == {"a": []}
