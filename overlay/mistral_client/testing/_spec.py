"""openapi.yaml: the routes, and request validation answered like the real API (pydantic-style).

The spec ships as package data of `mistral_generated` (``make generate`` copies it there);
the repository's own openapi.yaml is the fallback. Without either, the emulator still routes
the operations it knows (`BUILTIN_OPERATIONS`) but validates nothing.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from . import _errors

SPEC_URI = "urn:mistral-openapi"
_METHODS = ("get", "post", "put", "patch", "delete")

# Used only when no openapi.yaml can be found: (operationId, method, path, body media type).
BUILTIN_OPERATIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("chat_complete", "POST", "/v1/chat/completions", "application/json"),
    ("fim_complete", "POST", "/v1/fim/completions", "application/json"),
    ("embeddings_create", "POST", "/v1/embeddings", "application/json"),
    ("models_list", "GET", "/v1/models", None),
    ("models_retrieve", "GET", "/v1/models/{model_id}", None),
    ("models_delete", "DELETE", "/v1/models/{model_id}", None),
    ("models_update", "PATCH", "/v1/fine_tuning/models/{model_id}", "application/json"),
    ("models_archive", "POST", "/v1/fine_tuning/models/{model_id}/archive", None),
    ("models_unarchive", "DELETE", "/v1/fine_tuning/models/{model_id}/archive", None),
    ("files_upload", "POST", "/v1/files", "multipart/form-data"),
    ("files_list", "GET", "/v1/files", None),
    ("files_retrieve", "GET", "/v1/files/{file_id}", None),
    ("files_delete", "DELETE", "/v1/files/{file_id}", None),
    ("files_download", "GET", "/v1/files/{file_id}/content", None),
    ("files_get_signed_url", "GET", "/v1/files/{file_id}/url", None),
    ("jobs_create", "POST", "/v1/fine_tuning/jobs", "application/json"),
    ("jobs_list", "GET", "/v1/fine_tuning/jobs", None),
    ("jobs_get", "GET", "/v1/fine_tuning/jobs/{job_id}", None),
    ("jobs_cancel", "POST", "/v1/fine_tuning/jobs/{job_id}/cancel", None),
    ("jobs_start", "POST", "/v1/fine_tuning/jobs/{job_id}/start", None),
    ("agents_create", "POST", "/v1/agents", "application/json"),
    ("agents_list", "GET", "/v1/agents", None),
    ("agents_get", "GET", "/v1/agents/{agent_id}", None),
    ("agents_update", "PATCH", "/v1/agents/{agent_id}", "application/json"),
    ("agents_delete", "DELETE", "/v1/agents/{agent_id}", None),
    ("agents_complete", "POST", "/v1/agents/completions", "application/json"),
    ("batch_jobs_create", "POST", "/v1/batch/jobs", "application/json"),
    ("batch_jobs_list", "GET", "/v1/batch/jobs", None),
    ("batch_jobs_get", "GET", "/v1/batch/jobs/{job_id}", None),
    ("batch_jobs_cancel", "POST", "/v1/batch/jobs/{job_id}/cancel", None),
    ("moderations_create", "POST", "/v1/moderations", "application/json"),
    ("chat_moderations_create", "POST", "/v1/chat/moderations", "application/json"),
    ("classifications_create", "POST", "/v1/classifications", "application/json"),
    ("chat_classifications_create", "POST", "/v1/chat/classifications", "application/json"),
)

Detail = dict[str, Any]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    pointer: str | None  # JSON pointer to its schema


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    param_names: tuple[str, ...]
    body_media: str | None = None
    body_pointer: str | None = None
    body_required: bool = False
    parameters: tuple[Parameter, ...] = ()

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        return dict(zip(self.param_names, found.groups(), strict=True))


def _compile(path: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    names: list[str] = []
    regex = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", path):
        regex += re.escape(literal)
        if name:
            names.append(name)
            regex += "([^/]+)"
    return re.compile(regex), tuple(names)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class Spec:
    """The operations of openapi.yaml and their validators."""

    def __init__(self, document: dict[str, Any] | None, source: str) -> None:
        self.document = document
        self.source = source
        self._validators: dict[str, Draft202012Validator] = {}
        self._lock = threading.Lock()
        if document is None:
            self.operations = [
                Operation(op, method, path, *_compile(path), body_media=media)
                for op, method, path, media in BUILTIN_OPERATIONS
            ]
            self._registry: Registry[Any] = Registry()
        else:
            self._registry = Registry().with_resource(
                SPEC_URI, DRAFT202012.create_resource(document)
            )
            self.operations = list(self._read_operations(document))
        self.by_id = {op.operation_id: op for op in self.operations}
        # Literal segments beat parameters: /v1/agents/completions before /v1/agents/{id}.
        self._ordered = sorted(self.operations, key=lambda op: op.path.count("{"))

    @property
    def validates(self) -> bool:
        return self.document is not None

    # -- reading the document -------------------------------------------------------------

    def deref(self, node: Any) -> Any:
        """Follow local ``$ref``s (``#/components/...``) until a real node."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            node = self.at(node["$ref"].partition("#")[2])
            seen += 1
        return node

    def at(self, pointer: str) -> Any:
        node: Any = self.document
        for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def _read_operations(self, document: dict[str, Any]) -> Iterable[Operation]:
        servers = document.get("servers") or [{}]
        base = urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
        for path, item in (document.get("paths") or {}).items():
            item_pointer = f"/paths/{_escape(path)}"
            shared = item.get("parameters") or []
            for method in _METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                pointer = f"{item_pointer}/{method}"
                params: dict[tuple[str, str], Parameter] = {}
                for where, raw in (("", shared), (pointer, operation.get("parameters") or [])):
                    base_pointer = f"{where or item_pointer}/parameters"
                    for index, param in enumerate(raw):
                        param_pointer = f"{base_pointer}/{index}"
                        if "$ref" in param:
                            param_pointer = param["$ref"].partition("#")[2]
                            param = self.deref(param)
                        key = (param["name"], param.get("in", "query"))
                        has_schema = "schema" in param
                        params[key] = Parameter(
                            name=param["name"],
                            location=param.get("in", "query"),
                            required=bool(param.get("required", False)),
                            pointer=f"{param_pointer}/schema" if has_schema else None,
                        )
                media, body_pointer, required = self._read_body(operation, pointer)
                full = base + path
                yield Operation(
                    str(operation["operationId"]),
                    method.upper(),
                    full,
                    *_compile(full),
                    body_media=media,
                    body_pointer=body_pointer,
                    body_required=required,
                    parameters=tuple(params.values()),
                )

    def _read_body(
        self, operation: dict[str, Any], pointer: str
    ) -> tuple[str | None, str | None, bool]:
        body = operation.get("requestBody")
        if body is None:
            return None, None, False
        body_pointer = f"{pointer}/requestBody"
        if "$ref" in body:
            body_pointer = body["$ref"].partition("#")[2]
            body = self.deref(body)
        content = body.get("content") or {}
        if not content:
            return None, None, False
        media = next((m for m in ("application/json", "multipart/form-data") if m in content), None)
        media = media or next(iter(content))
        schema_pointer = None
        if "schema" in content[media]:
            schema_pointer = f"{body_pointer}/content/{_escape(media)}/schema"
        return media, schema_pointer, bool(body.get("required", False))

    # -- matching -------------------------------------------------------------------------

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path parameters, whether the path exists for some method)."""
        path_known = False
        for operation in self._ordered:
            params = operation.match(path)
            if params is None:
                continue
            path_known = True
            if operation.method == method.upper():
                return operation, params, True
        return None, {}, path_known

    # -- validation -----------------------------------------------------------------------

    def validator(self, pointer: str) -> Draft202012Validator:
        with self._lock:
            found = self._validators.get(pointer)
            if found is None:
                ref = f"{SPEC_URI}#{quote(pointer, safe='/~')}"
                found = Draft202012Validator({"$ref": ref}, registry=self._registry)
                self._validators[pointer] = found
            return found

    def body_errors(self, operation: Operation, body: Any) -> list[Detail]:
        """Pydantic-style details for a request body (empty when it is valid)."""
        if operation.body_pointer is None or self.document is None:
            return []
        errors = self.validator(operation.body_pointer).iter_errors(body)
        return _dedupe(d for error in errors for d in _details(error, ["body"]))

    def query_values(
        self, operation: Operation, items: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, Any], list[Detail]]:
        """Query parameters coerced to their schema types, and the errors found doing it."""
        values: dict[str, Any] = {}
        for key, value in items:
            values[key] = value
        details: list[Detail] = []
        for param in operation.parameters:
            if param.location != "query":
                continue
            raw = [value for key, value in items if key == param.name]
            if not raw:
                if param.required:
                    msg = "Field required"
                    details.append(_errors.detail("missing", ["query", param.name], msg, None))
                continue
            if param.pointer is None:
                continue
            schema = self._plain(self.at(param.pointer))
            try:
                value = _coerce(raw, schema)
            except ValueError as exc:
                kind, msg = exc.args
                loc: list[str | int] = ["query", param.name]
                details.append(_errors.detail(kind, loc, msg, raw[-1]))
                continue
            values[param.name] = value
            for error in self.validator(param.pointer).iter_errors(value):
                details.extend(_details(error, ["query", param.name]))
        return values, _dedupe(details)

    def form_values(
        self, operation: Operation, fields: dict[str, str]
    ) -> tuple[dict[str, Any], list[Detail]]:
        """Multipart text fields coerced to the types of the body schema's properties."""
        if operation.body_pointer is None or self.document is None:
            return dict(fields), []
        schema = self.deref(self.at(operation.body_pointer))
        properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
        values: dict[str, Any] = {}
        details: list[Detail] = []
        for name, text in fields.items():
            prop = self._plain(properties.get(name, {}))
            if _type_of(prop) == "string" or name not in properties:
                values[name] = text
                continue
            try:
                values[name] = _coerce([text], prop)
            except ValueError as exc:
                kind, msg = exc.args
                details.append(_errors.detail(kind, ["body", name], msg, text))
        return values, details

    def _plain(self, schema: Any) -> Any:
        """The non-null branch of a (possibly nullable) parameter schema."""
        schema = self.deref(schema)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema, dict) and key in schema:
                branches = [self.deref(b) for b in schema[key]]
                useful = [
                    b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")
                ]
                if useful:
                    return useful[0]
        return schema


def _coerce(raw: list[str], schema: Any) -> Any:
    kind = _type_of(schema)
    if kind == "array":
        items = schema.get("items", {}) if isinstance(schema, dict) else {}
        return [_coerce([r], items) for r in raw]
    text = raw[-1]
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            msg = "Input should be a valid integer, unable to parse string as an integer"
            raise ValueError("int_parsing", msg) from None
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            msg = "Input should be a valid number, unable to parse string as a number"
            raise ValueError("float_parsing", msg) from None
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ValueError(
            "bool_parsing", "Input should be a valid boolean, unable to interpret input"
        )
    return text


def _type_of(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


_TYPE_ERRORS = {
    "string": ("string_type", "Input should be a valid string"),
    "integer": ("int_type", "Input should be a valid integer"),
    "number": ("float_type", "Input should be a valid number"),
    "boolean": ("bool_type", "Input should be a valid boolean"),
    "array": ("list_type", "Input should be a valid list"),
    "object": ("dict_type", "Input should be a valid dictionary"),
    "null": ("none_required", "Input should be None"),
}


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _details(error: ValidationError, prefix: list[str | int]) -> list[Detail]:
    """Translate one jsonschema error into pydantic-style details."""
    if error.context:
        return [d for sub in _closest_branch(error.context) for d in _details(sub, prefix)]
    loc: list[str | int] = [*prefix, *error.absolute_path]
    instance = error.instance
    value: Any = error.validator_value
    kind = str(error.validator)
    if kind == "additionalProperties" and isinstance(instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        extras = [k for k in instance if k not in known and not any(p.search(k) for p in patterns)]
        msg = "Extra inputs are not permitted"
        return [_errors.detail("extra_forbidden", [*loc, k], msg, instance[k]) for k in extras]
    if kind == "required" and isinstance(instance, dict):
        missing = [name for name in value if name not in instance]
        return [_errors.detail("missing", [*loc, n], "Field required", instance) for n in missing]
    if kind == "type":
        names = [value] if isinstance(value, str) else list(value)
        name = next((n for n in names if n != "null"), names[0] if names else "object")
        type_, msg = _TYPE_ERRORS.get(name, ("value_error", error.message))
        return [_errors.detail(type_, loc, msg, instance)]
    simple = _simple_detail(kind, value, instance)
    if simple is not None:
        return [_errors.detail(simple[0], loc, simple[1], instance)]
    return [_errors.detail("value_error", loc, f"Value error, {error.message}", instance)]


def _closest_branch(context: Iterable[ValidationError]) -> list[ValidationError]:
    """The errors of the anyOf/oneOf branch the input most looks like.

    A branch whose type does not match is the least likely, then one whose discriminator
    (a `const` property) does not match; among equals, the first branch wins.
    """
    branches: dict[Any, list[ValidationError]] = {}
    for sub in context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        branches.setdefault(key, []).append(sub)

    def distance(errors: list[ValidationError]) -> int:
        if any(e.validator == "type" and not e.relative_path for e in errors):
            return 2
        if any(e.validator == "const" and len(e.relative_path) <= 1 for e in errors):
            return 1
        return 0

    return min(branches.values(), key=distance) if branches else []


def _simple_detail(kind: str, value: Any, instance: Any) -> tuple[str, str] | None:
    size = len(instance) if isinstance(instance, (list, str, dict)) else 0
    if kind == "enum":
        shown = [_show(v) for v in value]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        return "enum", f"Input should be {listed}"
    table: dict[str, tuple[str, str]] = {
        "const": ("literal_error", f"Input should be {_show(value)}"),
        "minimum": ("greater_than_equal", f"Input should be greater than or equal to {value}"),
        "maximum": ("less_than_equal", f"Input should be less than or equal to {value}"),
        "exclusiveMinimum": ("greater_than", f"Input should be greater than {value}"),
        "exclusiveMaximum": ("less_than", f"Input should be less than {value}"),
        "multipleOf": ("multiple_of", f"Input should be a multiple of {value}"),
        "pattern": ("string_pattern_mismatch", f"String should match pattern '{value}'"),
    }
    if kind in table:
        return table[kind]
    if kind in ("minItems", "maxItems"):
        word = "least" if kind == "minItems" else "most"
        type_ = "too_short" if kind == "minItems" else "too_long"
        msg = f"List should have at {word} {_plural(value, 'item')} after validation, not {size}"
        return type_, msg
    if kind in ("minLength", "maxLength"):
        word = "least" if kind == "minLength" else "most"
        type_ = "string_too_short" if kind == "minLength" else "string_too_long"
        return type_, f"String should have at {word} {_plural(value, 'character')}"
    return None


def _dedupe(details: Iterable[Detail]) -> list[Detail]:
    seen: set[tuple[str, str]] = set()
    unique: list[Detail] = []
    for item in details:
        key = (item["type"], repr(item["loc"]))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


# -- loading ------------------------------------------------------------------------------

_CACHE: dict[tuple[str, float], Spec] = {}
_CACHE_LOCK = threading.Lock()


def _repo_spec() -> Path:
    return Path(__file__).resolve().parents[3] / "openapi.yaml"


def find_spec() -> Path | None:
    """The packaged copy (mistral_generated), else the repository's openapi.yaml."""
    try:
        packaged = importlib.resources.files("mistral_generated").joinpath("openapi.yaml")
        if packaged.is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError, ValueError):
        pass
    repo = _repo_spec()
    return repo if repo.is_file() else None


def load_spec(path: str | Path | None = None) -> Spec:
    """Load (and cache by path and mtime) the spec; with nothing found, the built-in routes."""
    source = Path(path) if path is not None else find_spec()
    if source is None:
        return Spec(None, "builtin")
    key = (str(source.resolve()), source.stat().st_mtime)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            document = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
            cached = _CACHE[key] = Spec(document, str(source))
        return cached
