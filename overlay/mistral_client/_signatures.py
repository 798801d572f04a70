"""Explicit signatures and parameter docs for every client method, for help() and editors.

The methods take `**params: Unpack[SomeParams]` (PEP 692): mypy and pyright read the
TypedDict, but `inspect.signature`, `help()` and jedi on live objects (IPython, Jupyter) only
see `**params`. `document_all()` gives each public method of every resource class a
`__signature__` with one keyword-only parameter per TypedDict key (annotated, required ones
without a default) and appends a `Parameters:` list to its docstring, described from
openapi.yaml (`_param_docs.py`, written by scripts/gen_surface.py). Methods added later to a
resource class are covered as they are: nothing here names a method.

Editors that read the source without running it (jedi in static mode) get the same
parameters from the `.pyi` stub beside each resource module, which scripts/gen_surface.py
writes with `_ordered` and `required_keys` from here; tests/typing/test_stubs.py checks the
stubs against the signatures this module gives.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import operator
import sys
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from ._calls import CallOptions
from ._param_docs import PARAM_DOCS
from ._resources._base import AsyncResource, SyncResource

_DOCUMENTED = "__mistral_documented__"
_RESOURCES_PACKAGE = f"{__package__}._resources."
_OPTIONS = frozenset(CallOptions.__annotations__)


def _ordered(names: list[str], required: frozenset[str]) -> list[str]:
    """Required parameters first, the per-call options last."""
    return sorted(names, key=lambda name: (name not in required, name in _OPTIONS))


def _subclasses(base: type) -> Iterator[type]:
    sub: type
    for sub in base.__subclasses__():
        yield sub
        yield from _subclasses(sub)


RESOURCE_MODULES = (
    "agents",
    "batch",
    "chat",
    "classifiers",
    "embeddings",
    "files",
    "fim",
    "fine_tuning",
    "models",
)


def import_resources() -> None:
    """Import every resource module (clients load them lazily, on a namespace's first use)."""
    for name in RESOURCE_MODULES:
        importlib.import_module(f"._resources.{name}", __package__)


def _namespace_classes() -> Iterator[type]:
    """The resource classes, and the namespace holders beside them (`Batch` with `run`)."""
    yield from _subclasses(SyncResource)
    yield from _subclasses(AsyncResource)
    for name in RESOURCE_MODULES:  # the loaded ones: clients load them on first use
        module_name = f"{_RESOURCES_PACKAGE}{name}"
        module = sys.modules.get(module_name)
        if module is not None:
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and value.__module__ == module_name
                    and not value.__name__.startswith("_")
                    and not issubclass(value, dict | SyncResource | AsyncResource)  # TypedDicts
                ):
                    yield value


def public_methods() -> Iterator[tuple[type, str, Callable[..., Any]]]:
    """(class, name, function) of every public method of the client's namespaces."""
    for resource in _namespace_classes():
        for name, value in vars(resource).items():
            if not name.startswith("_") and inspect.isfunction(value):
                yield resource, name, value


def unpacked_params(function: Callable[..., Any]) -> type | None:
    """The TypedDict of a function's `**kwargs: Unpack[...]`, if it has one."""
    code = function.__code__
    if not code.co_flags & inspect.CO_VARKEYWORDS:
        return None
    # Only the **kwargs annotation is evaluated: this runs for every method at import.
    varkw = code.co_varnames[code.co_argcount + code.co_kwonlyargcount]
    annotation = function.__annotations__.get(varkw)
    if isinstance(annotation, str):
        if "Unpack[" not in annotation:
            return None
        annotation = eval(annotation, function.__globals__)  # noqa: S307 - our own source
    if typing.get_origin(annotation) is not typing.Unpack:
        return None
    params: type = typing.get_args(annotation)[0]
    return params


@functools.cache
def _hints(params: type, extras: bool) -> dict[str, Any]:
    return typing.get_type_hints(params, include_extras=extras)


def required_keys(params: type) -> frozenset[str]:
    """Keys marked `Required[...]` (or declared in a total TypedDict).

    `__required_keys__` misses `Required` when annotations are strings (PEP 563, Python
    3.11), so read the evaluated hints instead.
    """
    total = getattr(params, "__total__", True)
    required = set()
    for name, hint in _hints(params, True).items():
        origin = typing.get_origin(hint)
        if origin is typing.Required or (origin is not typing.NotRequired and total):
            required.add(name)
    return frozenset(required)


def params_key(params: type) -> str:
    """`module.Name` of a params TypedDict (the key of `PARAM_DOCS`)."""
    return f"{params.__module__.rsplit('.', 1)[-1]}.{params.__name__}"


def _annotation_text(annotation: Any) -> str:
    """A hint as a reader writes it: `A | None`, short names (typing prints `Union[...]`)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_annotation_text(member) for member in args)
    if annotation is type(None):
        return "None"
    if annotation is Ellipsis:
        return "..."
    if isinstance(annotation, list):  # Callable's argument list
        return f"[{', '.join(_annotation_text(item) for item in annotation)}]"
    if origin is not None and args and origin is not typing.Literal:
        return f"{_annotation_text(origin)}[{', '.join(_annotation_text(a) for a in args)}]"
    text = inspect.formatannotation(annotation)
    for prefix in ("mistral_client.models.", "mistral_generated.models.", "collections.abc."):
        text = text.replace(prefix, "")
    return text.replace("typing.", "").replace("~", "")  # `~T` is how a TypeVar prints


def explicit_signature(
    function: Callable[..., Any], params: type, *, eval_str: bool = False
) -> inspect.Signature:
    """The function's signature with `**params` replaced by the TypedDict's keys."""
    signature = inspect.signature(function, eval_str=eval_str)
    hints = _hints(params, False)
    required = required_keys(params)
    kept = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    taken = {p.name for p in kept}
    ordered = _ordered(list(hints), required)
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if name in required else None,
            annotation=hints[name],
        )
        for name in ordered
        if name not in taken
    ]
    return signature.replace(parameters=[*kept, *added])


def merged_signature(
    function: Callable[..., Any], variants: list[inspect.Signature]
) -> inspect.Signature:
    """One signature accepting what any overload accepts: a parameter is required only if
    every overload requires it, and typed as the union of the overloads' types for it."""
    merged: dict[str, inspect.Parameter] = {}
    for variant in variants:
        for parameter in variant.parameters.values():
            seen = merged.get(parameter.name)
            if seen is None:
                merged[parameter.name] = parameter
            elif seen.annotation != parameter.annotation:
                # getitem: the annotations are values here, not a type mypy could check
                union = operator.getitem(typing.Union, (seen.annotation, parameter.annotation))
                merged[parameter.name] = seen.replace(annotation=union)
    for name, parameter in merged.items():
        everywhere = all(
            name in v.parameters and v.parameters[name].default is inspect.Parameter.empty
            for v in variants
        )
        if parameter.default is inspect.Parameter.empty and not everywhere:
            merged[name] = parameter.replace(default=None)
    positional = [p for p in merged.values() if p.kind is not p.KEYWORD_ONLY]
    keywords = [p for p in merged.values() if p.kind is p.KEYWORD_ONLY]
    required = frozenset(p.name for p in keywords if p.default is inspect.Parameter.empty)
    by_name = {p.name: p for p in keywords}
    ordered = [by_name[name] for name in _ordered(list(by_name), required)]
    return inspect.signature(function).replace(parameters=[*positional, *ordered])


def parameters_doc(params: type, docs: dict[str, str]) -> str:
    hints = _hints(params, False)
    required = required_keys(params)
    rows = [(name, hints[name], name in required) for name in _ordered(list(hints), required)]
    return _rows_doc(rows, docs)


def _rows_doc(rows: list[tuple[str, Any, bool]], docs: dict[str, str]) -> str:
    lines = ["Parameters:"]
    for name, annotation, required in rows:
        flag = " (required)" if required else ""
        text = docs.get(name) or ""
        lines.append(f"    {name}{flag}: {_annotation_text(annotation)}. {text}".rstrip())
    return "\n".join(lines)


def _overloaded_doc(signature: inspect.Signature, params: list[type]) -> str:
    docs: dict[str, str] = {}
    typed: set[str] = set()
    for kind in params:
        docs.update({k: v for k, v in PARAM_DOCS.get(params_key(kind), {}).items() if v})
        typed.update(_hints(kind, False))
    rows = [
        (p.name, p.annotation, p.default is inspect.Parameter.empty)
        for p in signature.parameters.values()
        if p.kind is p.KEYWORD_ONLY and p.name in typed
    ]
    return _rows_doc(rows, docs)


def _documented(function: Callable[..., Any]) -> tuple[inspect.Signature, str] | None:
    """The explicit signature and `Parameters:` section of a method, or None (nothing to add).

    An overloaded method (`chat.stream`, `chat.parse`) is described by its overloads, whose
    types are the precise ones (its implementation may take `**params: Any`).
    """
    overloads = typing.get_overloads(function)
    unpacked = [(o, kind) for o in overloads if (kind := unpacked_params(o)) is not None]
    if overloads and len(unpacked) == len(overloads):
        variants = [explicit_signature(o, kind, eval_str=True) for o, kind in unpacked]
        signature = merged_signature(function, variants)
        return signature, _overloaded_doc(signature, [kind for _o, kind in unpacked])
    params = unpacked_params(function)
    if params is None:
        return None
    docs = PARAM_DOCS.get(params_key(params), {})
    return explicit_signature(function, params), parameters_doc(params, docs)


def document_all() -> None:
    """Give every public resource method its explicit signature and parameter docs."""
    for _resource, _name, function in public_methods():
        if getattr(function, _DOCUMENTED, False):
            continue
        documented = _documented(function)
        if documented is None:
            continue
        signature, parameters = documented
        function.__signature__ = signature  # type: ignore[attr-defined]
        doc = inspect.cleandoc(function.__doc__ or "")
        function.__doc__ = f"{doc}\n\n{parameters}".strip()
        setattr(function, _DOCUMENTED, True)
