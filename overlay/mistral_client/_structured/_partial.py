"""Partial JSON: the value a streamed, still incomplete JSON text holds so far.

`PartialJSON` is fed the text deltas of a stream. It scans each character once, keeping
the nesting and the last place where the text could be cut and closed into valid JSON;
`value()` then closes it (`json.loads` in C on the cut text plus the closing brackets),
so a long reply costs O(n) in total rather than re-parsing every prefix in Python.

What a partial value shows: every complete member and item, a string value as far as it
has arrived; not a key without its value, nor a number or literal that could still grow.
Our own ~100 lines rather than jiter's partial mode: no compiled dependency for one
feature, and the incremental scan is what makes per-chunk snapshots cheap.
"""

from __future__ import annotations

import json
from typing import Any

_WHITESPACE = frozenset(" \t\r\n")
_SCALAR_END = frozenset(" \t\r\n,]}:")
_NOTHING = object()


class _Frame:
    __slots__ = ("expect", "kind", "safe")

    def __init__(self, kind: str, safe: int) -> None:
        self.kind = kind  # "{" or "["
        self.expect = "key" if kind == "{" else "value"  # key / colon / value / comma
        self.safe = safe  # cut here (then close) when the text ends mid-member


class PartialJSON:
    """Usage: `p = PartialJSON(); p.feed('{"a": [1, 2'); p.value() == {"a": [1]}`"""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._text = ""
        self._length = 0
        self._stack: list[_Frame] = []
        self._started = False
        self._skipping_fence = False
        self._root_end: int | None = None
        self._in_string = False
        self._string_is_key = False
        self._escape_at: int | None = None  # where a pending escape sequence began
        self._after_backslash = False
        self._unicode_left = 0
        self._hex = ""
        self._await_low = False  # a high surrogate escape (\uD800-\uDBFF) waits for its low half
        self._in_scalar = False
        self._cache: Any = _NOTHING

    @property
    def text(self) -> str:
        if self._parts:
            self._text += "".join(self._parts)
            self._parts.clear()
        return self._text

    def feed(self, delta: str) -> None:
        """Add the next piece of the text."""
        if not delta:
            return
        self._cache = _NOTHING
        start = self._length
        self._parts.append(delta)
        self._length += len(delta)
        for offset, char in enumerate(delta):
            self._step(char, start + offset)

    def _step(self, char: str, index: int) -> None:
        if self._root_end is not None:
            return
        if not self._started:
            if self._skipping_fence or char == "`":  # a ```json fence line: skip it
                self._skipping_fence = char != "\n"
                return
            if char in _WHITESPACE:
                return
            self._started = True
        if self._in_string:
            self._string_char(char, index)
            return
        if self._in_scalar:
            if char not in _SCALAR_END:
                return
            self._in_scalar = False
            self._value_done(index)
        if char in _WHITESPACE:
            return
        top = self._stack[-1] if self._stack else None
        if char in "{[":
            self._stack.append(_Frame(char, index + 1))
        elif char in "}]":
            if self._stack:
                self._stack.pop()
            self._value_done(index + 1)
        elif char == '"':
            self._in_string = True
            self._string_is_key = top is not None and top.kind == "{" and top.expect == "key"
        elif char == ":":
            if top is not None:
                top.expect = "value"
        elif char == ",":
            if top is not None:
                top.expect = "key" if top.kind == "{" else "value"
        else:
            self._in_scalar = True

    def _string_char(self, char: str, index: int) -> None:
        if self._unicode_left:
            self._hex += char
            self._unicode_left -= 1
            if not self._unicode_left:
                high = self._hex[:2].lower() in ("d8", "d9", "da", "db")
                if high and not self._await_low:
                    self._await_low = True  # cut before it until its low half arrives
                else:
                    self._escape_at, self._await_low = None, False
            return
        if self._after_backslash:
            self._after_backslash = False
            if char == "u":
                self._unicode_left, self._hex = 4, ""
            else:
                self._escape_at, self._await_low = None, False
            return
        if char == "\\":
            if self._escape_at is None:
                self._escape_at = index
            self._after_backslash = True
            return
        self._escape_at, self._await_low = None, False  # a lone high surrogate stays lone
        if char == '"':
            self._in_string = False
            if self._string_is_key:
                if self._stack:
                    self._stack[-1].expect = "colon"
            else:
                self._value_done(index + 1)

    def _value_done(self, end: int) -> None:
        if self._stack:
            top = self._stack[-1]
            top.safe = end
            top.expect = "comma"
        else:
            self._root_end = end

    def value(self, default: Any = None) -> Any:
        """The value so far (`default` before anything usable has arrived)."""
        if self._cache is _NOTHING:
            self._cache = self._close()
        return default if self._cache is _NOTHING else self._cache

    def _close(self) -> Any:
        text = self.text
        if self._root_end is not None:
            cut, suffix = self._root_end, ""
        elif not self._stack:
            if not (self._in_string and not self._string_is_key):
                return _NOTHING  # a bare number or literal still arriving, or nothing yet
            cut, suffix = self._string_cut(), '"'
        else:
            closers = "".join("}" if f.kind == "{" else "]" for f in reversed(self._stack))
            if self._in_string and not self._string_is_key:
                cut, suffix = self._string_cut(), '"' + closers
            else:
                cut, suffix = self._stack[-1].safe, closers
        start = len(text) - len(text.lstrip())
        if text[start : start + 1] == "`":
            start = text.find("\n") + 1
        try:
            return json.loads(text[start:cut] + suffix)
        except (ValueError, RecursionError):
            return _NOTHING  # not JSON after all: the final parse will say why

    def _string_cut(self) -> int:
        return self._escape_at if self._escape_at is not None else self._length
