"""The resource stubs (`_resources/*.pyi`, written by scripts/gen_surface.py) spell out the
keyword parameters for editors that read source without running it (jedi in static mode:
jedi-language-server, jedi-vim), and say exactly what the running methods accept.

Their freshness is checked by test_signatures.py (`gen_surface.py --check`).
"""

from __future__ import annotations

import ast
import collections.abc
import importlib
import inspect
import sys
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jedi  # type: ignore[import-untyped]
import pytest

from mistral_client._signatures import (
    document_all,
    explicit_signature,
    import_resources,
    unpacked_params,
)
from scripts.gen_surface import HintRenderer, StubError

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "overlay" / "mistral_client" / "_resources"
STUBS = sorted(RESOURCES.glob("*.pyi"))
PRELUDE = """\
from mistral_client import AsyncMistral, Mistral
client = Mistral(api_key="k")
async_client = AsyncMistral(api_key="k")
"""
Function = ast.FunctionDef | ast.AsyncFunctionDef


@pytest.fixture(scope="module")
def project() -> Any:
    """A jedi project seeing the worktree's package as an installed one, from outside it."""
    paths = [str(ROOT / "overlay"), str(ROOT / "generated"), *sys.path]
    return jedi.Project(str(ROOT / "tests" / "typing"), sys_path=paths)


def script(project: Any, call: str) -> Any:
    # Static mode: jedi.Script parses and infers, it never imports the package.
    return jedi.Script(PRELUDE + call, path="/tmp/user_code.py", project=project)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("client.chat.complete(", {"model", "messages", "temperature", "timeout"}),
        ("client.chat.stream(", {"model", "messages", "max_tokens", "stream_idle_timeout"}),
        ("client.embeddings.create(", {"model", "input", "output_dimension"}),
        ("client.files.upload(", {"file", "purpose", "expiry"}),
        ("client.fine_tuning.jobs.create(", {"model", "hyperparameters", "training_files"}),
        ("client.batch.jobs.create(", {"endpoint", "input_files", "requests"}),
        ("async_client.chat.complete(", {"model", "messages", "temperature"}),
    ],
)
def test_jedi_static_mode_shows_the_parameters(project: Any, call: str, expected: set[str]) -> None:
    line = PRELUDE.count("\n") + 1
    signatures = script(project, call).get_signatures(line, len(call))
    assert signatures, call
    for signature in signatures:  # one per overload
        assert expected <= {p.name for p in signature.params}, signature.to_string()
        assert "**" not in signature.to_string()


def test_jedi_static_mode_describes_each_parameter(project: Any) -> None:
    """The stub's docstring carries the `Parameters:` section help() shows at run time."""
    call = "client.chat.complete("
    (signature,) = script(project, call).get_signatures(PRELUDE.count("\n") + 1, len(call))
    doc = signature.docstring()
    assert "Generate a reply to `messages`." in doc
    assert "model (required): str. Model id, e.g. `mistral-large-latest`." in doc
    assert "temperature: float | None. Sampling temperature" in doc
    assert "timeout: float | None. seconds for this call" in doc


def test_jedi_static_mode_completes_a_keyword(project: Any) -> None:
    call = "client.chat.complete(mod"
    completions = script(project, call).complete(PRELUDE.count("\n") + 1, len(call))
    assert "model=" in {c.name for c in completions}


# --------------------------------------------------------------------------- stubs = runtime


def stub_functions(body: list[ast.stmt], prefix: str = "") -> Iterator[tuple[str, Function]]:
    """(dotted name, def) of every function of a stub, methods of its classes included."""
    for node in body:
        if isinstance(node, ast.ClassDef):
            yield from stub_functions(node.body, f"{prefix}{node.name}.")
        elif isinstance(node, Function):
            yield f"{prefix}{node.name}", node


def is_overload(node: Function) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)


Shape = list[tuple[str, inspect._ParameterKind, bool]]  # name, kind, required


def stub_shape(node: Function) -> Shape:
    args, kind = node.args, inspect.Parameter
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    shape: Shape = [
        (a.arg, kind.POSITIONAL_ONLY if i < len(args.posonlyargs) else kind.POSITIONAL_OR_KEYWORD,
         i < first_default)
        for i, a in enumerate(positional)
    ]  # fmt: skip
    if args.vararg is not None:
        shape.append((args.vararg.arg, kind.VAR_POSITIONAL, False))
    for a, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        shape.append((a.arg, kind.KEYWORD_ONLY, default is None))
    if args.kwarg is not None:
        shape.append((args.kwarg.arg, kind.VAR_KEYWORD, False))
    return shape


def runtime_shape(signature: inspect.Signature) -> Shape:
    return [
        (p.name, p.kind, p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        for p in signature.parameters.values()
    ]


def expected_signature(function: Callable[..., Any]) -> inspect.Signature:
    """What the method accepts at run time: `document_all`'s signature, or (for an overload,
    or a method outside the resource classes) the one it would give."""
    signature = inspect.signature(function)
    params = unpacked_params(function)
    if params is not None and any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        return explicit_signature(function, params)
    return signature


def resolve(module: types.ModuleType, dotted: str) -> Any:
    value: Any = module
    for part in dotted.split("."):
        value = inspect.getattr_static(value, part)
    return value


@pytest.mark.parametrize("stub", STUBS, ids=[path.stem for path in STUBS])
def test_stub_parameters_match_the_runtime_signatures(stub: Path) -> None:
    import_resources()
    document_all()
    module = importlib.import_module(f"mistral_client._resources.{stub.stem}")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    overloads_seen: dict[str, int] = {}
    expanded = 0
    for dotted, node in stub_functions(tree.body):
        function = resolve(module, dotted)
        if isinstance(function, staticmethod | classmethod):
            function = function.__func__
        if is_overload(node):
            index = overloads_seen.get(dotted, 0)
            overloads_seen[dotted] = index + 1
            function = typing.get_overloads(function)[index]
        shape = stub_shape(node)
        assert shape == runtime_shape(expected_signature(function)), f"{stub.name}: {dotted}"
        expanded += unpacked_params(function) is not None
    for dotted, count in overloads_seen.items():
        assert count == len(typing.get_overloads(resolve(module, dotted))), dotted
    assert expanded >= 4, f"{stub.name} spells out too few methods"


def test_every_module_taking_unpacked_params_has_a_stub() -> None:
    needing = {
        path.stem
        for path in RESOURCES.glob("*.py")
        if "Unpack[" in path.read_text(encoding="utf-8").split('"""', 2)[-1]
    }
    assert needing == {path.stem for path in STUBS}
    assert len(needing) >= 9


# --------------------------------------------------------------------------- the renderer


def renderer(**names: Any) -> HintRenderer:
    module = types.ModuleType("mistral_client._resources.probe")
    vars(module).update(names)
    return HintRenderer(module, set(names))


def test_renderer_reuses_the_module_names_and_imports_the_others() -> None:
    from mistral_client.models import Tool

    r = renderer(Mapping=collections.abc.Mapping)
    hint: Any = collections.abc.Mapping[str, Any] | typing.Literal["a", 1] | Tool | None
    assert r.render(hint, set()) == "Mapping[str, Any] | Literal['a', 1] | Tool | None"
    assert r.imports == {"Any": "typing", "Literal": "typing", "Tool": "mistral_client.models"}
    hint = Callable[[int], None] | typing.IO[bytes]
    assert r.render(hint, set()) == "Callable[[int], None] | IO[bytes]"
    assert r.imports["Callable"] == "collections.abc"


def test_renderer_refuses_a_clash_or_an_unknown_type() -> None:
    with pytest.raises(StubError, match="something else"):
        renderer(Mapping=dict).render(collections.abc.Mapping[str, int], set())
    with pytest.raises(StubError, match="class's"):
        renderer().render(list[int], {"list"})  # a method named `list` would shadow it
    with pytest.raises(StubError, match="cannot render"):
        renderer().render(typing.Literal[1.5], set())
    with pytest.raises(StubError, match="cannot render"):
        renderer().render(typing.Annotated[int, "x"], set())
