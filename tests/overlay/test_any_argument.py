"""Any argument to any method either goes out or is refused with RequestValidationError,
and a refused call sends nothing (hypothesis, over every method's parameter TypedDict).

Each example starts from a valid call and replaces a random subset of its arguments with
values drawn from the field's annotation or from a hostile pool (lone surrogates, NaN,
10**400, bytes, sets, objects, deep or odd JSON). Whatever comes back must be ours.

The suite runs a small, derandomized sample (a few seconds). A larger random run:
`MISTRAL_FUZZ_EXAMPLES=400 .venv/bin/pytest tests/overlay/test_any_argument.py -s`
(or `scripts/fuzz_arguments.py`), which prints the outcome counts.
"""

from __future__ import annotations

import collections
import inspect
import io
import math
import os
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mistral_client import Mistral, errors
from tests.conftest import CANARY_KEY
from tests.support.server import RecordingServer

EXAMPLES = int(os.environ.get("MISTRAL_FUZZ_EXAMPLES", "0") or 0)
LARGE_RUN = EXAMPLES > 0
OUTCOMES: collections.Counter[str] = collections.Counter()

HELLO = [{"role": "user", "content": "Hello"}]
# A valid call per method, the base each example mutates (ids for positional arguments).
VALID: dict[str, dict[str, Any]] = {
    "chat.complete": {"model": "mistral-small-latest", "messages": HELLO},
    "chat.parse": {
        "model": "mistral-small-latest",
        "messages": HELLO,
        "response_format": {"type": "json_object"},
    },
    "chat.simulate_tools": {
        "model": "mistral-small-latest",
        "messages": HELLO,
        "tools": [{"type": "function", "function": {"name": "now"}}],
    },
    "fim.complete": {"model": "codestral-latest", "prompt": "def f():"},
    "embeddings.create": {"model": "mistral-embed", "input": ["a", "b"]},
    "agents.create": {"model": "mistral-small-latest", "name": "helper"},
    "agents.complete": {"agent_id": "ag_1", "messages": HELLO},
    "files.upload": {"file": ("train.jsonl", b'{"messages": []}\n'), "purpose": "fine-tune"},
    "fine_tuning.jobs.create": {
        "model": "open-mistral-7b",
        "hyperparameters": {"training_steps": 10},
        "training_files": ["file-1"],
    },
    "batch.jobs.create": {
        "input_files": ["file-1"],
        "endpoint": "/v1/chat/completions",
        "model": "mistral-small-latest",
    },
    "classifiers.moderate": {"model": "mistral-moderation-latest", "input": "hi"},
    "classifiers.classify": {"model": "mistral-moderation-latest", "input": "hi"},
    "classifiers.moderate_chat": {"model": "mistral-moderation-latest", "input": HELLO},
    "classifiers.classify_chat": {"model": "mistral-moderation-latest", "input": HELLO},
}
# Lazy iterators and helpers built on the methods above; they add no parameters of their own.
SKIPPED_NAMES = frozenset({"iter_all", "with_raw_response"})

# --- hostile values ------------------------------------------------------------------------


class Opaque:
    """An arbitrary object with no JSON form."""


ODD_STRINGS = ["", " ", "a\ud800", "\udfff", "é", "\x00", "line\r\nX-Injected: 1", "x" * 300]
ODD_NUMBERS = [
    0,
    -1,
    2**63,
    2**64,
    -(2**64),
    10**400,
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    5e-324,
    -0.0,
]

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(ODD_STRINGS),
    st.sampled_from(ODD_NUMBERS),
    st.binary(max_size=4),
    st.builds(Opaque),
    st.frozensets(st.integers(0, 3), max_size=2),
)
keys = st.one_of(st.text(max_size=5), st.sampled_from(["type", "role", "a\ud800", ""]))
odd_keys = st.one_of(keys, st.integers(0, 3), st.none())
json_like = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner),
        st.dictionaries(keys, inner, max_size=3),
        st.dictionaries(odd_keys, inner, max_size=2),
        st.sets(st.integers(0, 3), max_size=2),
    ),
    max_leaves=6,
)
hostile = st.one_of(leaves, json_like)


def messages_like() -> st.SearchStrategy[Any]:
    role = st.sampled_from(["system", "user", "assistant", "tool", "robot", None])
    content = st.one_of(
        st.text(max_size=5),
        st.sampled_from(ODD_STRINGS),
        st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["text", "image_url", "x"])},
                optional={"text": hostile, "image_url": hostile},
            ),
            max_size=2,
        ),
        hostile,
    )
    message = st.fixed_dictionaries(
        {"role": role},
        optional={"content": content, "tool_calls": hostile, "tool_call_id": hostile},
    )
    return st.one_of(st.lists(message, min_size=1, max_size=3), hostile)


def tools_like() -> st.SearchStrategy[Any]:
    kinds = st.sampled_from(["function", "web_search", "document_library", "connector", "x"])
    function = st.fixed_dictionaries(
        {"name": st.one_of(st.just("f"), hostile)}, optional={"parameters": json_like}
    )
    tool = st.fixed_dictionaries(
        {"type": kinds},
        optional={"function": function, "library_ids": hostile, "connector_id": hostile},
    )
    return st.one_of(st.lists(tool, max_size=2), hostile)


def headers_like() -> st.SearchStrategy[Any]:
    names = st.one_of(st.sampled_from(["X-Team", "Authorization", "Host", "X A", "é"]), keys)
    return st.one_of(st.dictionaries(names, st.one_of(st.text(max_size=4), hostile)), hostile)


def upload_file_like(folder: Path) -> st.SearchStrategy[Any]:
    on_disk = folder / "train.jsonl"
    on_disk.write_bytes(b'{"messages": []}\n')
    return st.one_of(
        st.binary(max_size=8),
        st.just(on_disk),
        st.just(str(folder / "missing.jsonl")),
        st.just(folder),
        st.builds(io.BytesIO, st.binary(max_size=8)),
        st.builds(io.StringIO, st.text(max_size=4)),
        st.tuples(
            st.one_of(st.just("a.jsonl"), hostile), st.one_of(st.binary(max_size=4), hostile)
        ),
        st.tuples(st.just("a.jsonl"), st.binary(max_size=4), hostile),
        hostile,
    )


# Fields whose shape matters more than their annotation says.
SHAPED: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "messages": messages_like,
    "tools": tools_like,
    "extra_headers": headers_like,
}


def _typed(tp: Any) -> st.SearchStrategy[Any]:
    """Values of the annotated type (loosely: the strategy only has to be plausible)."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return st.one_of([_typed(arg) for arg in typing.get_args(tp)])
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(tp))
    if tp is type(None):
        return st.none()
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(min_value=-5, max_value=2**65)
    if tp is float:
        return st.floats(allow_nan=True, allow_infinity=True)
    if tp is str:
        return st.one_of(st.text(max_size=8), st.sampled_from(ODD_STRINGS))
    if tp is datetime:
        return st.datetimes()
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if origin in (list, Sequence, collections.abc.Sequence):
        (item,) = typing.get_args(tp) or (Any,)
        return st.lists(_typed(item), max_size=3)
    if origin in (dict, Mapping, collections.abc.Mapping):
        return st.dictionaries(keys, json_like, max_size=3)
    return json_like  # Any, generated models (their dict form), IO, PathLike, ...


def strategy_for(name: str, tp: Any) -> st.SearchStrategy[Any]:
    if name in SHAPED:
        return SHAPED[name]()
    return st.one_of(_typed(tp), hostile)


# --- the methods ------------------------------------------------------------------------------


def public_methods(client: Mistral) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public API method of the client's namespaces, as ("files.upload", bound)."""
    # getmembers reads every attribute, so namespaces built on first use are found too.
    pending: list[tuple[str, Any]] = [
        (name, value)
        for name, value in inspect.getmembers(client)
        if type(value).__module__.startswith("mistral_client._resources")
    ]
    while pending:
        prefix, namespace = pending.pop()
        for name, value in vars(namespace).items():
            if type(value).__module__.startswith("mistral_client._resources"):
                pending.append((f"{prefix}.{name}", value))
        for name, _ in inspect.getmembers(type(namespace), inspect.isfunction):
            if not name.startswith("_") and name not in SKIPPED_NAMES:
                yield f"{prefix}.{name}", getattr(namespace, name)


def parameters(method: Callable[..., Any]) -> tuple[list[str], dict[str, Any]]:
    """The positional parameter names and every keyword name with its annotation."""
    hints = typing.get_type_hints(method, include_extras=True)
    positional: list[str] = []
    keywords: dict[str, Any] = {}
    for param in inspect.signature(method).parameters.values():
        tp = hints.get(param.name, Any)
        if param.kind is inspect.Parameter.VAR_KEYWORD and not typing.get_args(tp):
            # An overloaded method (chat.stream with response_format=T): every overload's.
            for overload in typing.get_overloads(getattr(method, "__func__", method)):
                keywords.update(parameters(overload)[1])
        elif param.kind is inspect.Parameter.VAR_KEYWORD:
            (typed_dict,) = typing.get_args(tp)
            keywords.update(typing.get_type_hints(typed_dict))
        elif param.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[param.name] = tp
        else:
            positional.append(param.name)
    return positional, keywords


def _methods() -> list[tuple[str, list[str], dict[str, Any]]]:
    client = Mistral(api_key="k")
    found = [(name, *parameters(method)) for name, method in public_methods(client)]
    client.close()
    return sorted(found)


METHODS = _methods()


def test_every_namespace_is_covered() -> None:
    """The discovery is not vacuous: every namespace and its known methods are found."""
    names = {name for name, _, _ in METHODS}
    for expected in [*VALID, "files.retrieve", "models.update", "batch.jobs.get"]:
        assert expected in names
    assert len(names) >= 34


def call_arguments(
    positional: list[str], keywords: dict[str, Any], base: Mapping[str, Any], folder: Path
) -> st.SearchStrategy[tuple[list[Any], dict[str, Any]]]:
    overrides = {
        name: (upload_file_like(folder) if name == "file" else strategy_for(name, tp))
        for name, tp in keywords.items()
        if name != "to"
    }
    targets: list[Any] = [None, folder / "out.jsonl", folder, folder / "missing" / "x"]
    # Local paths no file can take: the call must be refused, never an OSError.
    targets += [folder / ("x" * 300), f"{folder}/a\0b", 123, b"out", Path("/proc/out.jsonl")]
    overrides["to"] = st.sampled_from(targets)
    ids = st.one_of(st.just("id-1"), st.text(max_size=4), st.sampled_from(ODD_STRINGS), hostile)
    # Half the examples change one argument only, so a single odd value meets every rule
    # after it (and often goes out); the others change a random subset.
    one = st.sampled_from(sorted(overrides)).flatmap(
        lambda field: overrides[field].map(lambda value: {field: value})
    )
    chosen = st.one_of(one, st.fixed_dictionaries({}, optional=overrides))
    dropped = st.lists(st.sampled_from(sorted(base) or ["-"]), max_size=1)

    def merge(args: list[Any], changes: dict[str, Any], drop: list[str]) -> Any:
        kwargs = {k: v for k, v in {**base, **changes}.items() if k not in drop}
        if "to" in kwargs and "to" not in keywords:
            del kwargs["to"]
        return args, kwargs

    args = st.lists(ids, min_size=len(positional), max_size=len(positional))
    return st.builds(merge, args, chosen, dropped)


def consume(result: Any) -> None:
    """Lazy results (iterators, streams) run their request when consumed."""
    if hasattr(result, "__enter__") and hasattr(result, "__iter__"):
        with result as entered:
            for _ in zip(range(3), entered, strict=False):
                pass
    elif isinstance(result, Iterator):
        for _ in zip(range(3), result, strict=False):
            pass


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


@pytest.mark.parametrize(
    ("name", "positional", "keywords"), METHODS, ids=[name for name, _, _ in METHODS]
)
def test_any_argument_is_sent_or_refused_before_sending(
    name: str,
    positional: list[str],
    keywords: dict[str, Any],
    fuzz_server: RecordingServer,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp(name.replace(".", "_"))
    monkeypatch.chdir(folder)  # a drawn string taken as a relative path stays in here
    # No breaker: the scripted server's answers must not open it and refuse calls unsent.
    client = Mistral(
        api_key=CANARY_KEY, base_url=fuzz_server.base_url, max_retries=0, circuit_breaker=None
    )
    method: Any = client
    for part in name.split("."):
        method = getattr(method, part)
    base = VALID.get(name, {})

    @settings(
        max_examples=EXAMPLES or 12,
        derandomize=not LARGE_RUN,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(call_arguments(positional, keywords, base, folder))
    def check(arguments: tuple[list[Any], dict[str, Any]]) -> None:
        args, kwargs = arguments
        before = len(fuzz_server.requests)
        refused: errors.RequestValidationError | None = None
        try:
            consume(method(*args, **kwargs))
        except errors.RequestValidationError as exc:
            refused = exc
        except errors.MistralError as exc:  # sent, and the (scripted) answer was not usable
            OUTCOMES[f"sent, {type(exc).__name__}"] += 1
        else:
            OUTCOMES["sent, parsed"] += 1
        if refused is not None:
            assert len(fuzz_server.requests) == before, f"{name} refused {refused} after sending"
            assert refused.field
            assert refused.rule
            OUTCOMES["refused"] += 1

    try:
        check()
    finally:
        client.close()


def test_outcome_counts_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this module: both kinds of outcome happened, and a large run prints them."""
    if not OUTCOMES:
        pytest.skip("run together with the property test above")
    assert OUTCOMES["refused"] > 0
    assert sum(count for kind, count in OUTCOMES.items() if kind.startswith("sent")) > 0
    if LARGE_RUN:
        with capsys.disabled():
            total = sum(OUTCOMES.values())
            print(f"\nargument fuzzing: {total} calls over {len(METHODS)} methods")
            for kind, count in OUTCOMES.most_common():
                print(f"  {kind}: {count}")
