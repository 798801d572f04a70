"""Parameters are visible where users look: help(), inspect.signature, jedi and pyright.

The methods take `**params: Unpack[SomeParams]`; `_signatures.document_all()` turns that into
an explicit keyword-only signature and a `Parameters:` docstring section described from
openapi.yaml (scripts/gen_surface.py writes `_param_docs.py`, `_literals.py` and the
resource stubs; this suite fails when any is stale). What jedi shows without running the code
is checked by test_stubs.py; what pyright shows by scripts/check_pyright.py (`make pyright`,
about 10 s: too slow for the suite).
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing
from pathlib import Path

import jedi  # type: ignore[import-untyped]

from mistral_client import CallOptions, Mistral
from mistral_client._signatures import (
    document_all,
    import_resources,
    public_methods,
    unpacked_params,
)

ROOT = Path(__file__).resolve().parents[2]


def test_generated_surface_is_fresh() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_surface.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_method_has_an_explicit_documented_signature() -> None:
    import_resources()  # what a client loads on a namespace's first use
    document_all()
    checked = 0
    for resource, name, function in public_methods():
        params = unpacked_params(function)
        if params is None:
            continue
        signature = inspect.signature(function)
        kinds = {p.kind for p in signature.parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, f"{resource.__name__}.{name}"
        doc = (function.__doc__ or "").split("Parameters:", 1)[-1]
        for parameter in signature.parameters.values():
            if parameter.name not in typing.get_type_hints(params):
                continue  # an explicit argument: documented by the method's own docstring
            line = next(
                (ln for ln in doc.splitlines() if ln.strip().startswith(parameter.name)), ""
            )
            described = line.split(". ", 1)[1] if ". " in line else ""
            assert described, f"{resource.__name__}.{name}: {parameter.name} has no description"
        checked += 1
    assert checked >= 40


def test_no_public_method_shows_bare_params_at_run_time() -> None:
    """Overloaded methods (`chat.stream`, `chat.parse`) and the namespace holders' methods
    (`batch.run`) too: whatever `**params` they take is spelled out for help()."""
    import_resources()
    document_all()
    shown = {
        f"{resource.__name__}.{name}": function for resource, name, function in public_methods()
    }
    assert {"Chat.stream", "AsyncChat.stream", "Chat.parse", "Batch.run", "AsyncBatch.run"} <= set(
        shown
    )
    for name, function in shown.items():
        kinds = {p.kind for p in inspect.signature(function).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, name


def test_an_overloaded_method_accepts_what_any_overload_accepts() -> None:
    client = Mistral(api_key="k")
    signature = inspect.signature(client.chat.stream)
    assert list(signature.parameters)[:2] == ["messages", "model"]
    response_format = signature.parameters["response_format"]
    assert response_format.default is None  # one overload needs it, the other does not
    members = typing.get_args(response_format.annotation)
    assert any(typing.get_origin(member) is type for member in members)  # type[T]
    assert type(None) in members
    doc = client.chat.stream.__doc__ or ""
    assert "temperature: float | None. Sampling temperature" in doc
    parse = inspect.signature(client.chat.parse).parameters["response_format"]
    assert parse.default is inspect.Parameter.empty  # every overload of parse requires it
    run = inspect.signature(client.batch.run)
    assert {"requests", "model", "state_path", "on_progress"} <= set(run.parameters)
    client.close()


def test_help_shows_required_parameters_first() -> None:
    client = Mistral(api_key="k")
    signature = inspect.signature(client.chat.complete)
    names = list(signature.parameters)
    assert names[:2] == ["messages", "model"]
    options = set(CallOptions.__annotations__)
    assert set(names[-len(options) :]) == options  # the per-call options come last
    assert signature.parameters["model"].default is inspect.Parameter.empty
    assert signature.parameters["temperature"].default is None
    doc = client.chat.complete.__doc__ or ""
    assert "model (required): str. Model id, e.g. `mistral-large-latest`." in doc
    assert "temperature: float | None. Sampling temperature" in doc
    client.close()


def test_jedi_in_ipython_completes_parameters() -> None:
    client = Mistral(api_key="k")
    interpreter = jedi.Interpreter("client.files.upload(", [{"client": client}])
    params = [p.name for p in interpreter.get_signatures()[0].params]
    assert params[:2] == ["file", "purpose"]
    completions = {c.name for c in interpreter.complete()}
    assert {"file=", "purpose=", "timeout="} <= completions
    client.close()
