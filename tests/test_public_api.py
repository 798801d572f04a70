"""The public surface: what `import mistral_client` offers, and nothing more."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import mistral_client
from mistral_client import errors

EXPECTED = [
    "AsyncMistral",
    "AsyncStream",
    "AsyncStructuredStream",
    "BatchLimits",
    "BatchProgress",
    "BatchResult",
    "BatchResults",
    "CallOptions",
    "ChatCompletionAccumulator",
    "CircuitBreakerConfig",
    "Mistral",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "PoolConfig",
    "RateBudget",
    "RateLimitConfig",
    "RawResponse",
    "RetryConfig",
    "Stream",
    "StructuredChunk",
    "StructuredStream",
    "ToolIntent",
    "ToolTurn",
    "errors",
    "linearize_history",
    "models",
    "parse_json_content",
    "parse_tool_arguments",
    "parse_tool_intents",
    "response_format_for",
    "simulated_tool_request",
    "tool_from_function",
    "tool_from_type",
]


def test_all_is_alphabetical_and_exact() -> None:
    assert mistral_client.__all__ == sorted(mistral_client.__all__)
    assert mistral_client.__all__ == EXPECTED
    for name in mistral_client.__all__:
        assert getattr(mistral_client, name) is not None


def test_only_documented_modules_are_public() -> None:
    public = {
        module.name
        for module in pkgutil.iter_modules(mistral_client.__path__)
        if not module.name.startswith("_")
    }
    assert public == {"errors", "models", "testing"}


def test_every_private_module_imports() -> None:
    for module in pkgutil.walk_packages(mistral_client.__path__, "mistral_client."):
        if ".testing" not in module.name:
            importlib.import_module(module.name)


def test_public_names_have_docstrings_with_usage() -> None:
    for name in (
        "AsyncMistral",
        "AsyncStream",
        "BatchLimits",
        "BatchProgress",
        "BatchResult",
        "BatchResults",
        "ChatCompletionAccumulator",
        "Mistral",
        "PoolConfig",
        "RawResponse",
        "RetryConfig",
        "Stream",
    ):
        doc = inspect.getdoc(getattr(mistral_client, name)) or ""
        assert "Usage" in doc, name
    assert "MistralError" in (errors.__doc__ or "")


def test_error_tree_is_exported_and_rooted() -> None:
    assert errors.__all__ == sorted(errors.__all__)
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.MistralError), name
        assert name in (errors.__doc__ or ""), f"{name} missing from the tree in the docstring"
    assert issubclass(errors.RequestValidationError, ValueError)


def test_every_namespace_method_has_a_sync_and_async_twin() -> None:
    sync = mistral_client.Mistral(api_key="k")
    async_client = mistral_client.AsyncMistral(api_key="k")
    namespaces = [
        "chat", "fim", "embeddings", "models", "files", "fine_tuning.jobs", "agents",
        "batch.jobs", "classifiers",
    ]  # fmt: skip
    for dotted in namespaces:
        left: object = sync
        right: object = async_client
        for part in dotted.split("."):
            left, right = getattr(left, part), getattr(right, part)
        names = {n for n in dir(left) if not n.startswith("_")}
        assert names == {n for n in dir(right) if not n.startswith("_")}, dotted
        for name in names:
            method = getattr(right, name)
            # iter_all returns an async iterator, stream an AsyncStream (awaitable, iterable).
            expected_async = name not in ("iter_all", "stream")
            assert inspect.iscoroutinefunction(method) is expected_async, f"{dotted}.{name}"
            assert inspect.getdoc(getattr(left, name)), f"{dotted}.{name} has no docstring"


def test_a_client_loads_the_generated_models_on_first_use_only() -> None:
    """`Mistral()` stays cheap in a fresh process (the ~120 generated model modules are most
    of the import time); the first namespace loads them, named as ours."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from mistral_client import Mistral\n"
        "client = Mistral(api_key='k')\n"
        "print('mistral_generated.models' in sys.modules)\n"
        "client.chat\n"
        "import mistral_generated.models as generated\n"
        "print(generated.ChatCompletionResponse.__module__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "mistral_client.models"]
