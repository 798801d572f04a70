"""Every method's keyword arguments are exactly the fields its request schema in openapi.yaml
accepts: nothing the API would reject as extra_forbidden, nothing it accepts left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Required, get_origin, get_type_hints

import pytest
import yaml

from mistral_client._resources import (
    agents,
    batch,
    chat,
    classifiers,
    embeddings,
    files,
    fim,
    fine_tuning,
    models,
)
from mistral_client._resources._base import api_fields

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "openapi.yaml").read_text()
)

# (params TypedDict, request schema, query parameters the method also takes)
BODY_METHODS: list[tuple[type, str, set[str]]] = [
    (chat.ChatCompleteParams, "ChatCompletionRequest", set()),
    (fim.FimCompleteParams, "FimCompletionRequest", set()),
    (embeddings.EmbeddingsCreateParams, "EmbeddingRequest", set()),
    (models.ModelUpdateParams, "UpdateModelRequest", set()),
    (files.FilesUploadParams, "FileUploadRequest", set()),
    (fine_tuning.JobCreateParams, "FineTuningJobRequest", set()),
    (agents.AgentCreateParams, "AgentCreateRequest", set()),
    (agents.AgentUpdateParams, "AgentUpdateRequest", set()),
    (agents.AgentCompleteParams, "AgentCompletionRequest", set()),
    (batch.BatchCreateParams, "BatchJobRequest", set()),
    (classifiers.TextInputParams, "ModerationRequest", set()),
    (classifiers.TextInputParams, "ClassificationRequest", set()),
    (classifiers.ChatInputParams, "ChatModerationRequest", set()),
    (classifiers.ChatInputParams, "ChatClassificationRequest", set()),
]

# Keyword arguments a method declares itself rather than in its TypedDict (for typed overloads).
EXPLICIT: dict[type, set[str]] = {embeddings.EmbeddingsCreateParams: {"encoding_format"}}

QUERY_METHODS: list[tuple[type, str, str]] = [
    (files.FilesListParams, "/v1/files", "get"),
    (fine_tuning.JobListParams, "/v1/fine_tuning/jobs", "get"),
    (batch.BatchListParams, "/v1/batch/jobs", "get"),
    (agents.AgentListParams, "/v1/agents", "get"),
]


def _schema_fields(name: str) -> set[str]:
    schema = SPEC["components"]["schemas"][name]
    if "$ref" in schema:
        return _schema_fields(schema["$ref"].rsplit("/", 1)[1])
    return set(schema["properties"])


def _query_names(path: str, method: str) -> set[str]:
    names = set()
    for parameter in SPEC["paths"][path][method].get("parameters", []):
        if "$ref" in parameter:
            parameter = SPEC["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.add(parameter["name"])
    return names


@pytest.mark.parametrize(
    ("params", "schema", "query"), BODY_METHODS, ids=[row[1] for row in BODY_METHODS]
)
def test_body_methods_take_exactly_the_schema_fields(
    params: type, schema: str, query: set[str]
) -> None:
    assert set(api_fields(params)) | EXPLICIT.get(params, set()) == _schema_fields(schema) | query


@pytest.mark.parametrize(
    ("params", "path", "method"), QUERY_METHODS, ids=[row[1] for row in QUERY_METHODS]
)
def test_list_methods_take_exactly_the_query_parameters(
    params: type, path: str, method: str
) -> None:
    assert set(api_fields(params)) == _query_names(path, method)


def _required_keys(params: type) -> set[str]:
    # The resource modules postpone annotations, so Required[...] is read from the hints.
    hints = get_type_hints(params, include_extras=True)
    return {name for name, hint in hints.items() if get_origin(hint) is Required}


@pytest.mark.parametrize(
    ("params", "schema", "query"), BODY_METHODS, ids=[row[1] for row in BODY_METHODS]
)
def test_required_fields_are_required_keyword_arguments(
    params: type, schema: str, query: set[str]
) -> None:
    required = set(SPEC["components"]["schemas"][schema].get("required", []))
    assert _required_keys(params) == required
