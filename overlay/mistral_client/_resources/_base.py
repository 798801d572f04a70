"""What every resource module shares: the runner seam and request-building helpers."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any, TypeVar, overload

import attrs

from mistral_generated.models import CompletionChunk

from .._calls import _OPTION_NAMES, AsyncRunner, Call, CallOptions, SyncRunner, split_options
from .._observability import warn_deprecated
from .._streaming import AsyncStream, Stream, build_chunk
from .._validation import fail, known_fields, to_plain

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


@overload
def _new_stream(
    kind: type[Stream[Any]], runner: SyncRunner, call: Call[Any]
) -> Stream[CompletionChunk]: ...
@overload
def _new_stream(
    kind: type[AsyncStream[Any]], runner: AsyncRunner, call: Call[Any]
) -> AsyncStream[CompletionChunk]: ...
def _new_stream(kind: Any, runner: Any, call: Call[Any]) -> Any:
    """A not-yet-opened stream of `call` on `runner`: the sync and async resources share it."""
    idle_timeout = runner.core.idle_timeout(call)  # a bad per-call value fails before the trace
    trace = runner.core.telemetry.begin(call)
    return kind(
        functools.partial(runner.open_stream, call, trace),
        build=build_chunk,
        operation=call.operation,
        idle_timeout=idle_timeout,
        transport=runner.core.transport,
        trace=trace,
    )


class SyncResource:
    """Base of the sync namespaces (`client.chat`, ...)."""

    def __init__(self, runner: SyncRunner) -> None:
        self._runner = runner

    def _run(self, call: Call[T]) -> T:
        return self._runner.run(call)

    def _stream(self, call: Call[Any]) -> Stream[CompletionChunk]:
        return _new_stream(Stream, self._runner, call)


class AsyncResource:
    """Base of the async namespaces (`async_client.chat`, ...)."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._runner = runner

    async def _run(self, call: Call[T]) -> T:
        return await self._runner.run(call)

    def _stream(self, call: Call[Any]) -> AsyncStream[CompletionChunk]:
        return _new_stream(AsyncStream, self._runner, call)


def stream_call(
    params: Mapping[str, Any],
    method: str,
    complete_call: Callable[[Mapping[str, Any], str], Call[T]],
) -> Call[T]:
    """The streamed form of a completion: `complete`'s validation, `"stream": true` in the body."""
    if "stream" in params:
        raise fail("stream", f"is not an argument of {method}(): it always streams")
    extra_body = params.get("extra_body")
    if isinstance(extra_body, Mapping) and "stream" in extra_body:
        raise fail("extra_body.stream", f"cannot be set: {method}() always streams")
    call = complete_call(params, method)
    request = dict(call.request)
    request["json"] = {**request["json"], "stream": True}
    return attrs.evolve(call, request=request)


class _PlainBody:
    """Stands in for a generated request model: `_get_kwargs` only calls `to_dict()` on it.

    The overlay validates and builds the JSON itself (exactly the fields the caller gave),
    so the generated model's from_dict/to_dict round trip is skipped on the hot path.
    """

    __slots__ = ("_body",)

    def __init__(self, body: dict[str, Any]) -> None:
        self._body = body

    def to_dict(self) -> dict[str, Any]:
        return self._body


def plain_body(body: dict[str, Any]) -> Any:
    """A JSON body in the form the generated `_get_kwargs(body=...)` expects."""
    return _PlainBody(body)


def enum_value(enum: type[E], value: Any, field: str) -> E:
    """A generated request enum member from its value, or a validation error naming `field`."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in enum)
        raise fail(field, f"must be one of {allowed}") from None


def query_enums(filters: dict[str, Any], enums: Mapping[str, type[Enum]]) -> dict[str, Any]:
    """Turn query filters given as strings into the generated enum members `_get_kwargs` wants."""
    converted = dict(filters)
    for name, enum in enums.items():
        value = converted.get(name)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            converted[name] = [enum_value(enum, v, f"{name}[{i}]") for i, v in enumerate(value)]
        else:
            converted[name] = enum_value(enum, value, name)
    return converted


def without_none(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Drop arguments left at None: the generated `_get_kwargs` wants UNSET, not None."""
    return {key: value for key, value in fields.items() if value is not None}


Builder = Callable[..., dict[str, Any]]


def api_fields(params: type) -> tuple[str, ...]:
    """The API field names of a method's params TypedDict (its keys minus the call options)."""
    return tuple(name for name in params.__annotations__ if name not in CallOptions.__annotations__)


def prepare(
    params: Mapping[str, Any], allowed: tuple[str, ...], method: str
) -> tuple[dict[str, Any], CallOptions]:
    """Split call options off, turn models into plain data, drop Nones, reject unknown names.

    One pass over the keyword arguments; values already plain are kept as they are.
    """
    fields: dict[str, Any] = {}
    options = CallOptions()
    for key, value in params.items():
        if key in _OPTION_NAMES:
            options[key] = value  # type: ignore[literal-required]
        elif value is not None:
            fields[key] = to_plain(value)
    known_fields(fields, allowed, method)
    return fields, options


def only_options(options: Mapping[str, Any], method: str) -> CallOptions:
    """For methods whose only keyword arguments are call options; `method` names the
    method in the error for any other name (`files.retrieve`)."""
    fields, call_options = split_options(options)
    known_fields(fields, (), method)
    return call_options


@cache
def enum_values(enum: type[Enum]) -> tuple[str, ...]:
    """The allowed values of a generated request enum, for `one_of` checks (computed once)."""
    return tuple(str(member.value) for member in enum)


def sdk_spelling(params: Mapping[str, Any], old: str, new: str, method: str) -> Mapping[str, Any]:
    """Accept the official SDK's name `old` for the API field `new`, with a DeprecationWarning.

    Pasted SDK code keeps working; the warning says what to write instead. Both at once is
    ambiguous and refused before sending.
    """
    if old not in params:
        return params
    if new in params:
        raise fail(old, f"give either {new}= or {old}= (the official SDK's spelling), not both")
    warn_deprecated(
        f"{method}({old}=...) is the official SDK's spelling; this client names the field "
        f"{new}= as the API does",
        stacklevel=_user_stacklevel(),
    )
    renamed = {key: value for key, value in params.items() if key != old}
    renamed[new] = params[old]
    return renamed


def _user_stacklevel() -> int:
    """The `stacklevel` that points a warning at the first caller outside this package."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "mistral_client."
    ):
        level, frame = level + 1, frame.f_back
    return level
