"""Lint openapi.yaml against the spec conventions that keep openapi-python-client 0.29.1 safe.

The conventions and the generator failures they avoid are described in
/work/shared/design/generator-conventions.md. Each rule below is a pure function from the parsed
document to a list of violations; every violation starts with the JSON pointer of the offending
location. ``test_rule_flags_bad_fragment`` feeds each rule a small broken document, so every rule
is shown to be able to fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"

Doc = dict[str, Any]
Violations = list[str]
Rule = Callable[[Doc], Violations]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA = "application/json"
SSE_MEDIA = "text/event-stream"
SSE_SCHEMA_REF = "#/components/schemas/CompletionChunk"
STREAMING_OPERATIONS = frozenset({"chat_complete", "fim_complete", "agents_complete"})
OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MAX_OPERATION_ID = 32

# (method, path) -> (operationId, tag): exactly the operations the client exposes.
EXPECTED_OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("post", "/v1/chat/completions"): ("chat_complete", "chat"),
    ("post", "/v1/fim/completions"): ("fim_complete", "fim"),
    ("post", "/v1/embeddings"): ("embeddings_create", "embeddings"),
    ("get", "/v1/models"): ("models_list", "models"),
    ("get", "/v1/models/{model_id}"): ("models_retrieve", "models"),
    ("delete", "/v1/models/{model_id}"): ("models_delete", "models"),
    ("patch", "/v1/fine_tuning/models/{model_id}"): ("models_update", "models"),
    ("post", "/v1/fine_tuning/models/{model_id}/archive"): ("models_archive", "models"),
    ("delete", "/v1/fine_tuning/models/{model_id}/archive"): ("models_unarchive", "models"),
    ("post", "/v1/files"): ("files_upload", "files"),
    ("get", "/v1/files"): ("files_list", "files"),
    ("get", "/v1/files/{file_id}"): ("files_retrieve", "files"),
    ("delete", "/v1/files/{file_id}"): ("files_delete", "files"),
    ("get", "/v1/files/{file_id}/content"): ("files_download", "files"),
    ("get", "/v1/files/{file_id}/url"): ("files_get_signed_url", "files"),
    ("post", "/v1/fine_tuning/jobs"): ("jobs_create", "fine_tuning"),
    ("get", "/v1/fine_tuning/jobs"): ("jobs_list", "fine_tuning"),
    ("get", "/v1/fine_tuning/jobs/{job_id}"): ("jobs_get", "fine_tuning"),
    ("post", "/v1/fine_tuning/jobs/{job_id}/cancel"): ("jobs_cancel", "fine_tuning"),
    ("post", "/v1/fine_tuning/jobs/{job_id}/start"): ("jobs_start", "fine_tuning"),
    ("post", "/v1/agents"): ("agents_create", "agents"),
    ("get", "/v1/agents"): ("agents_list", "agents"),
    ("get", "/v1/agents/{agent_id}"): ("agents_get", "agents"),
    ("patch", "/v1/agents/{agent_id}"): ("agents_update", "agents"),
    ("delete", "/v1/agents/{agent_id}"): ("agents_delete", "agents"),
    ("post", "/v1/agents/completions"): ("agents_complete", "agents"),
    ("post", "/v1/batch/jobs"): ("batch_jobs_create", "batch"),
    ("get", "/v1/batch/jobs"): ("batch_jobs_list", "batch"),
    ("get", "/v1/batch/jobs/{job_id}"): ("batch_jobs_get", "batch"),
    ("post", "/v1/batch/jobs/{job_id}/cancel"): ("batch_jobs_cancel", "batch"),
    ("post", "/v1/moderations"): ("moderations_create", "classifiers"),
    ("post", "/v1/chat/moderations"): ("chat_moderations_create", "classifiers"),
    ("post", "/v1/classifications"): ("classifications_create", "classifiers"),
    ("post", "/v1/chat/classifications"): ("chat_classifications_create", "classifiers"),
}

# Keywords whose value is one subschema, a list of subschemas, or a name -> subschema map.
_SINGLE_SUBSCHEMA = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_LIST_SUBSCHEMAS = ("anyOf", "oneOf", "allOf", "prefixItems")
_MAP_SUBSCHEMAS = ("properties", "patternProperties", "$defs", "dependentSchemas")


# --------------------------------------------------------------------------- document helpers


def load_spec(path: Path = SPEC_PATH) -> Doc:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    assert isinstance(document, dict), f"{path} does not hold a mapping"
    return document


def _escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def pointer(*parts: str | int) -> str:
    """JSON pointer (as a '#' fragment) of a location in the document."""
    return "#" + "".join("/" + _escape(part) for part in parts)


def join(base: str, *parts: str | int) -> str:
    return base + "".join("/" + _escape(part) for part in parts)


def resolve(doc: Doc, ref: object) -> Any:
    """Target of a local `$ref`, or None when it does not resolve."""
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return None
    node: Any = doc
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def _deref(doc: Doc, node: Any, path: str) -> tuple[Any, str]:
    """Follow a `$ref` object (one level is enough for parameters and responses)."""
    if isinstance(node, dict) and "$ref" in node:
        return resolve(doc, node["$ref"]), str(node["$ref"])
    return node, path


def iter_operations(doc: Doc) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, pointer) for every operation."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation, pointer("paths", path, method)


def subschemas(node: dict[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    for key in _SINGLE_SUBSCHEMA:
        if isinstance(node.get(key), dict):
            yield join(path, key), node[key]
    for key in _LIST_SUBSCHEMAS:
        members = node.get(key)
        if isinstance(members, list):
            for index, member in enumerate(members):
                yield join(path, key, index), member
    for key in _MAP_SUBSCHEMAS:
        mapping = node.get(key)
        if isinstance(mapping, dict):
            for name, member in mapping.items():
                yield join(path, key, name), member


def walk_schemas(doc: Doc, roots: list[tuple[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node reachable from `roots`, following `$ref`s (each target once).

    A node reached through a `$ref` is reported under the pointer of its definition.
    """
    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        path, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield path, node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            target = resolve(doc, ref)
            if target is not None:
                stack.append((ref, target))
        stack.extend(reversed(list(subschemas(node, path))))


def _media_schemas(content: object, path: str) -> Iterator[tuple[str, str, Any]]:
    if isinstance(content, dict):
        for media, body in content.items():
            if isinstance(body, dict) and "schema" in body:
                yield media, join(path, media, "schema"), body["schema"]


def iter_parameters(doc: Doc) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, parameter object) for path-level and operation-level parameters."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        sources = [(pointer("paths", path), item)]
        sources += [(op_ptr, op) for p, _m, op, op_ptr in iter_operations(doc) if p == path]
        for base, holder in sources:
            for index, raw in enumerate(holder.get("parameters") or []):
                param, param_ptr = _deref(doc, raw, join(base, "parameters", index))
                if isinstance(param, dict):
                    yield param_ptr, param


def request_roots(doc: Doc) -> list[tuple[str, Any]]:
    roots: list[tuple[str, Any]] = []
    for _path, _method, operation, op_ptr in iter_operations(doc):
        body, body_ptr = _deref(doc, operation.get("requestBody"), join(op_ptr, "requestBody"))
        if isinstance(body, dict):
            content_ptr = join(body_ptr, "content")
            roots += [(p, s) for _m, p, s in _media_schemas(body.get("content"), content_ptr)]
    for param_ptr, param in iter_parameters(doc):
        if "schema" in param:
            roots.append((join(param_ptr, "schema"), param["schema"]))
        content_ptr = join(param_ptr, "content")
        roots += [(p, s) for _m, p, s in _media_schemas(param.get("content"), content_ptr)]
    return roots


def iter_response_media(doc: Doc) -> Iterator[tuple[str, str, str, Any, list[str]]]:
    """(operationId, media type, schema pointer, schema, media types in order) of responses."""
    for _path, _method, operation, op_ptr in iter_operations(doc):
        responses = operation.get("responses") or {}
        for status, raw in responses.items():
            response, response_ptr = _deref(doc, raw, join(op_ptr, "responses", status))
            if not isinstance(response, dict):
                continue
            content = response.get("content")
            order = list(content) if isinstance(content, dict) else []
            content_ptr = join(response_ptr, "content")
            for media, schema_ptr, schema in _media_schemas(content, content_ptr):
                yield str(operation.get("operationId")), media, schema_ptr, schema, order


def response_roots(doc: Doc) -> list[tuple[str, Any]]:
    return [(ptr, schema) for _op, _media, ptr, schema, _order in iter_response_media(doc)]


def all_schema_roots(doc: Doc) -> list[tuple[str, Any]]:
    schemas = (doc.get("components") or {}).get("schemas") or {}
    roots = [(pointer("components", "schemas", name), node) for name, node in schemas.items()]
    return roots + request_roots(doc) + response_roots(doc)


def walk_json(node: Any, path: str = "#", parent_key: str = "") -> Iterator[tuple[str, Any, str]]:
    """Every value in the document with its pointer and the key it sits under."""
    yield path, node, parent_key
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_json(value, join(path, key), str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_json(value, join(path, index), parent_key)


# --------------------------------------------------------------------------- rules


def check_openapi_version(doc: Doc) -> Violations:
    version = str(doc.get("openapi", ""))
    if re.fullmatch(r"3\.1\.\d+", version):
        return []
    return [f"#/openapi: must be 3.1.x (null via anyOf), found {version!r}"]


def check_operation_ids(doc: Doc) -> Violations:
    out: Violations = []
    first_seen: dict[str, str] = {}
    for _path, _method, operation, op_ptr in iter_operations(doc):
        where = join(op_ptr, "operationId")
        op_id = operation.get("operationId")
        if not isinstance(op_id, str):
            out.append(f"{where}: missing (the generator would invent a name)")
            continue
        if not OPERATION_ID.fullmatch(op_id):
            out.append(f"{where}: {op_id!r} is not snake_case")
        if len(op_id) > MAX_OPERATION_ID:
            out.append(f"{where}: {op_id!r} is longer than {MAX_OPERATION_ID} characters")
        if op_id in first_seen:
            out.append(f"{where}: {op_id!r} duplicates {first_seen[op_id]} (one would vanish)")
        else:
            first_seen[op_id] = where
    return out


def check_one_tag(doc: Doc) -> Violations:
    out: Violations = []
    declared = {t.get("name") for t in doc.get("tags") or [] if isinstance(t, dict)}
    for _path, _method, operation, op_ptr in iter_operations(doc):
        tags = operation.get("tags")
        if not isinstance(tags, list) or len(tags) != 1:
            out.append(f"{join(op_ptr, 'tags')}: needs exactly one tag, found {tags!r}")
        elif tags[0] not in declared:
            out.append(f"{join(op_ptr, 'tags', 0)}: tag {tags[0]!r} is not declared in #/tags")
    return out


def check_operation_set(doc: Doc) -> Violations:
    out: Violations = []
    found = {(method, path): op for path, method, op, _ptr in iter_operations(doc)}
    for key in sorted(EXPECTED_OPERATIONS.keys() - found.keys()):
        out.append(f"{pointer('paths', key[1], key[0])}: expected operation is missing")
    for key in sorted(found.keys() - EXPECTED_OPERATIONS.keys()):
        out.append(f"{pointer('paths', key[1], key[0])}: unexpected operation")
    for key in sorted(found.keys() & EXPECTED_OPERATIONS.keys()):
        op_id, tag = EXPECTED_OPERATIONS[key]
        operation = found[key]
        where = pointer("paths", key[1], key[0])
        if operation.get("operationId") != op_id:
            out.append(f"{where}/operationId: expected {op_id!r}")
        if operation.get("tags") != [tag]:
            out.append(f"{where}/tags: expected [{tag!r}]")
    return out


def check_no_request_defaults(doc: Doc) -> Violations:
    out: Violations = []
    for param_ptr, param in iter_parameters(doc):
        if "default" in param:
            out.append(f"{join(param_ptr, 'default')}: parameters must not carry a default")
    for path, node in walk_schemas(doc, request_roots(doc)):
        if "default" in node and "const" not in node:
            out.append(
                f"{join(path, 'default')}: request-side default {node['default']!r} would be sent "
                "unasked; put the server default in the description"
            )
    return out


def check_no_default_responses(doc: Doc) -> Violations:
    out: Violations = []
    for _path, _method, operation, op_ptr in iter_operations(doc):
        responses = operation.get("responses")
        if isinstance(responses, dict) and "default" in responses:
            out.append(f"{join(op_ptr, 'responses', 'default')}: use specific status codes")
    return out


def check_no_nullable(doc: Doc) -> Violations:
    out: Violations = []
    for path, node, parent_key in walk_json(doc):
        # Keys of a `properties` map are field names, not keywords.
        if isinstance(node, dict) and parent_key != "properties" and "nullable" in node:
            out.append(f"{join(path, 'nullable')}: OpenAPI 3.0 keyword; use anyOf with type null")
    return out


def check_no_closed_response_objects(doc: Doc) -> Violations:
    out: Violations = []
    for path, node in walk_schemas(doc, response_roots(doc)):
        if node.get("additionalProperties") is False:
            out.append(
                f"{join(path, 'additionalProperties')}: false on a response-side schema drops "
                "unknown fields"
            )
    return out


def _is_open_string(member: object) -> bool:
    return (
        isinstance(member, dict)
        and member.get("type") == "string"
        and not {"enum", "const", "$ref"} & member.keys()
    )


def _is_enum(doc: Doc, member: object) -> bool:
    if not isinstance(member, dict):
        return False
    target = resolve(doc, member["$ref"]) if "$ref" in member else member
    return isinstance(target, dict) and "enum" in target


def check_open_response_enums(doc: Doc) -> Violations:
    out: Violations = []
    seen: set[str] = set()

    def visit(node: object, path: str) -> None:
        if not isinstance(node, dict):
            return
        if "enum" in node:
            out.append(f"{path}: closed enum reachable from a response; use anyOf [enum, string]")
            return
        ref = node.get("$ref")
        if ref is not None:
            target = resolve(doc, ref)
            if isinstance(target, dict) and "enum" in target:
                out.append(f"{path}: closed enum {ref} reachable from a response; wrap it open")
                return
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                visit(target, ref)
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if not isinstance(members, list):
                continue
            is_open = any(_is_open_string(member) for member in members)
            for index, member in enumerate(members):
                if not (is_open and _is_enum(doc, member)):
                    visit(member, join(path, key, index))
        for sub_path, sub in subschemas(node, path):
            if not sub_path.startswith((join(path, "anyOf"), join(path, "oneOf"))):
                visit(sub, sub_path)

    for root_path, root in response_roots(doc):
        visit(root, root_path)
    return out


def check_union_tags_required(doc: Doc) -> Violations:
    out: Violations = []
    reported: set[tuple[str, str]] = set()
    for path, node in walk_schemas(doc, all_schema_roots(doc)):
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if not isinstance(members, list):
                continue
            for index, raw in enumerate(members):
                member, member_ptr = _deref(doc, raw, join(path, key, index))
                if not isinstance(member, dict):
                    continue
                properties = member.get("properties")
                if not isinstance(properties, dict):
                    continue
                required = member.get("required") or []
                for name, prop in properties.items():
                    where = join(member_ptr, "required")
                    tagged = isinstance(prop, dict) and "const" in prop
                    if tagged and name not in required and (where, name) not in reported:
                        reported.add((where, name))
                        out.append(f"{where}: union member must list its const tag {name!r}")
    return out


def check_refs_resolve(doc: Doc) -> Violations:
    out: Violations = []
    for path, node, _parent in walk_json(doc):
        if isinstance(node, dict) and "$ref" in node and resolve(doc, node["$ref"]) is None:
            out.append(f"{join(path, '$ref')}: {node['$ref']!r} does not resolve")
    return out


def check_sse_placement(doc: Doc) -> Violations:
    out: Violations = []
    streaming: set[str] = set()
    for op_id, media, schema_ptr, schema, order in iter_response_media(doc):
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if media == SSE_MEDIA:
            streaming.add(op_id)
            if ref != SSE_SCHEMA_REF:
                out.append(f"{schema_ptr}: SSE content must be {SSE_SCHEMA_REF}")
            if JSON_MEDIA not in order or order.index(JSON_MEDIA) > order.index(SSE_MEDIA):
                out.append(f"{schema_ptr}: {SSE_MEDIA} must be listed after {JSON_MEDIA}")
        elif ref == SSE_SCHEMA_REF:
            out.append(f"{schema_ptr}: {SSE_SCHEMA_REF} may only appear under {SSE_MEDIA}")
    for op_id in sorted(STREAMING_OPERATIONS - streaming):
        out.append(f"#/paths: operation {op_id} must list {SSE_MEDIA} beside {JSON_MEDIA}")
    for op_id in sorted(streaming - STREAMING_OPERATIONS):
        out.append(f"#/paths: operation {op_id} must not stream")
    return out


RULES: dict[str, Rule] = {
    "openapi_version": check_openapi_version,
    "operation_ids": check_operation_ids,
    "one_tag": check_one_tag,
    "operation_set": check_operation_set,
    "no_request_defaults": check_no_request_defaults,
    "no_default_responses": check_no_default_responses,
    "no_nullable": check_no_nullable,
    "no_closed_response_objects": check_no_closed_response_objects,
    "open_response_enums": check_open_response_enums,
    "union_tags_required": check_union_tags_required,
    "refs_resolve": check_refs_resolve,
    "sse_placement": check_sse_placement,
}


# --------------------------------------------------------------------------- tests on the spec


@pytest.fixture(scope="module")
def spec() -> Doc:
    return load_spec()


@pytest.mark.parametrize("rule_name", sorted(RULES))
def test_spec_follows_rule(spec: Doc, rule_name: str) -> None:
    violations = RULES[rule_name](spec)
    assert not violations, f"{rule_name}:\n" + "\n".join(violations)


def test_walkers_cover_the_spec(spec: Doc) -> None:
    """Guard against a rule passing only because its walker found nothing to look at."""
    assert len(list(iter_operations(spec))) == len(EXPECTED_OPERATIONS)
    request_paths = {path for path, _node in walk_schemas(spec, request_roots(spec))}
    response_paths = {path for path, _node in walk_schemas(spec, response_roots(spec))}
    assert "#/components/schemas/ChatCompletionRequest" in request_paths
    assert "#/components/schemas/ChatCompletionMessage" in response_paths
    # Enums are reachable from responses, so the open-enum rule has something to judge.
    assert "#/components/schemas/FinishReason" in response_paths


# --------------------------------------------------------------------------- the rules can fail


def _doc(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None) -> Doc:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "tags": [{"name": "chat"}],
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {JSON_MEDIA: {"schema": schema}}


def _op(op_id: str = "chat_complete", **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op_id,
        "tags": ["chat"],
        "responses": {"200": {"description": "ok"}},
    }
    operation.update(extra)
    return operation


def _responding(schema: dict[str, Any], schemas: dict[str, Any] | None = None) -> Doc:
    response = {"200": {"description": "ok", "content": _json(schema)}}
    return _doc({"/v1/x": {"get": _op(responses=response)}}, schemas)


def _requesting(schema: dict[str, Any], schemas: dict[str, Any] | None = None) -> Doc:
    body = {"required": True, "content": _json(schema)}
    return _doc({"/v1/x": {"post": _op(requestBody=body)}}, schemas)


_ENUM: dict[str, Any] = {"E": {"type": "string", "enum": ["a", "b"]}}
_TAGGED: dict[str, Any] = {
    "A": {"type": "object", "properties": {"role": {"type": "string", "const": "a"}}},
    "U": {"anyOf": [{"$ref": "#/components/schemas/A"}]},
}
_SSE_FIRST: dict[str, Any] = {
    "200": {
        "description": "ok",
        "content": {
            SSE_MEDIA: {"schema": {"$ref": SSE_SCHEMA_REF}},
            JSON_MEDIA: {"schema": {"type": "object"}},
        },
    }
}
_CHUNK: dict[str, Any] = {"CompletionChunk": {"type": "object"}}

BAD_FRAGMENTS: list[tuple[str, Doc, str]] = [
    ("openapi_version", {**_doc(), "openapi": "3.0.3"}, "#/openapi"),
    (
        "operation_ids",
        _doc({"/v1/a": {"get": _op("chatComplete")}}),
        "#/paths/~1v1~1a/get/operationId",
    ),
    (
        "operation_ids",
        _doc({"/v1/a": {"get": _op("x" * 33)}}),
        "#/paths/~1v1~1a/get/operationId",
    ),
    (
        "operation_ids",
        _doc({"/v1/a": {"get": _op("same")}, "/v1/b": {"get": _op("same")}}),
        "#/paths/~1v1~1b/get/operationId",
    ),
    ("one_tag", _doc({"/v1/a": {"get": _op(tags=["chat", "fim"])}}), "#/paths/~1v1~1a/get/tags"),
    ("one_tag", _doc({"/v1/a": {"get": _op(tags=["nope"])}}), "#/paths/~1v1~1a/get/tags/0"),
    ("operation_set", _doc({"/v1/a": {"get": _op()}}), "#/paths/~1v1~1a/get: unexpected"),
    ("operation_set", _doc(), "#/paths/~1v1~1chat~1completions/post: expected"),
    (
        "no_request_defaults",
        _requesting({"type": "object", "properties": {"top_p": {"type": "number", "default": 1}}}),
        "/content/application~1json/schema/properties/top_p/default",
    ),
    (
        "no_request_defaults",
        _requesting(
            {"$ref": "#/components/schemas/R"}, {"R": {"properties": {"n": {"default": 1}}}}
        ),
        "#/components/schemas/R/properties/n/default",
    ),
    (
        "no_request_defaults",
        _doc(
            {
                "/v1/x": {
                    "get": _op(
                        parameters=[
                            {
                                "name": "page",
                                "in": "query",
                                "schema": {"type": "integer", "default": 0},
                            }
                        ]
                    )
                }
            }
        ),
        "#/paths/~1v1~1x/get/parameters/0/schema/default",
    ),
    (
        "no_default_responses",
        _doc({"/v1/x": {"get": _op(responses={"default": {"description": "error"}})}}),
        "#/paths/~1v1~1x/get/responses/default",
    ),
    (
        "no_nullable",
        _doc(
            schemas={
                "S": {"type": "object", "properties": {"a": {"type": "string", "nullable": True}}}
            }
        ),
        "#/components/schemas/S/properties/a/nullable",
    ),
    (
        "no_closed_response_objects",
        _responding(
            {"$ref": "#/components/schemas/R"},
            {"R": {"type": "object", "additionalProperties": False}},
        ),
        "#/components/schemas/R/additionalProperties",
    ),
    (
        "open_response_enums",
        _responding(
            {"type": "object", "properties": {"f": {"$ref": "#/components/schemas/E"}}}, _ENUM
        ),
        "/content/application~1json/schema/properties/f: closed enum",
    ),
    (
        "open_response_enums",
        _responding({"type": "object", "properties": {"f": {"type": "string", "enum": ["x"]}}}),
        "/schema/properties/f: closed enum",
    ),
    (
        "open_response_enums",
        _responding(
            {"anyOf": [{"$ref": "#/components/schemas/E"}, {"type": "null"}]},  # nullable != open
            _ENUM,
        ),
        "/schema/anyOf/0: closed enum",
    ),
    ("union_tags_required", _doc(schemas=_TAGGED), "#/components/schemas/A/required"),
    (
        "refs_resolve",
        _doc(schemas={"S": {"$ref": "#/components/schemas/Missing"}}),
        "#/components/schemas/S/$ref",
    ),
    (
        "sse_placement",
        _doc({"/v1/chat/completions": {"post": _op(responses=_SSE_FIRST)}}, _CHUNK),
        f"/content/{SSE_MEDIA.replace('/', '~1')}/schema: {SSE_MEDIA} must be listed after",
    ),
    (
        "sse_placement",
        _responding({"$ref": SSE_SCHEMA_REF}, _CHUNK),
        f"/content/application~1json/schema: {SSE_SCHEMA_REF} may only appear under",
    ),
]


@pytest.mark.parametrize(
    ("rule_name", "document", "expected"),
    BAD_FRAGMENTS,
    ids=[f"{name}-{index}" for index, (name, _doc_, _exp) in enumerate(BAD_FRAGMENTS)],
)
def test_rule_flags_bad_fragment(rule_name: str, document: Doc, expected: str) -> None:
    violations = RULES[rule_name](document)
    assert any(expected in violation for violation in violations), (
        f"{rule_name} did not report {expected!r}; got {violations!r}"
    )


GOOD_FRAGMENTS: list[tuple[str, Doc]] = [
    (
        "no_request_defaults",
        _requesting({"properties": {"role": {"type": "string", "const": "u", "default": "u"}}}),
    ),
    (
        "open_response_enums",
        _responding(
            {"anyOf": [{"$ref": "#/components/schemas/E"}, {"type": "string"}, {"type": "null"}]},
            _ENUM,
        ),
    ),
    (
        "open_response_enums",
        _requesting({"properties": {"f": {"$ref": "#/components/schemas/E"}}}, _ENUM),
    ),
    (
        "no_closed_response_objects",
        _requesting({"type": "object", "additionalProperties": False}),
    ),
    (
        "union_tags_required",
        _doc(schemas={**_TAGGED, "A": {**_TAGGED["A"], "required": ["role"]}}),
    ),
    (
        "no_nullable",
        _doc(schemas={"S": {"type": "object", "properties": {"nullable": {"type": "boolean"}}}}),
    ),
]


@pytest.mark.parametrize(
    ("rule_name", "document"),
    GOOD_FRAGMENTS,
    ids=[f"{name}-{index}" for index, (name, _doc_) in enumerate(GOOD_FRAGMENTS)],
)
def test_rule_accepts_good_fragment(rule_name: str, document: Doc) -> None:
    violations = RULES[rule_name](document)
    assert not violations, "\n".join(violations)
