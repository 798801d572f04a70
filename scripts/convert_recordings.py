"""Turn the real Mistral API traffic under ../shared/recordings into our vcrpy cassettes.

Every recording becomes tests/contract/cassettes/<source>/<name>.yaml: vcrpy's YAML format
(version 1), one interaction, the request (method, https://api.mistral.ai/v1/... URI, the
JSON body where the recording has one) and the response (status, a safe subset of the
headers, the body as plain text: gzip bodies are decompressed, SSE chunk files are turned
back into `data: {...}` events). A comment on top of each cassette names its source. It also
writes tests/contract/README.md, the table of cassettes and what each one shows.

Usage:
    .venv/bin/python scripts/convert_recordings.py                 # regenerate in place
    .venv/bin/python scripts/convert_recordings.py PATH/TO/recordings --out DIR
    .venv/bin/python scripts/convert_recordings.py --check         # fail if out of date
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_RECORDINGS = Path(__file__).resolve().parents[2] / "shared" / "recordings"
DEFAULT_OUT = REPO / "tests" / "contract" / "cassettes"
README = REPO / "tests" / "contract" / "README.md"
API = "https://api.mistral.ai"

# Response headers a cassette keeps; everything else (Set-Cookie, CF-RAY, Date, Server,
# Content-Length / Content-Encoding of the original gzip body, ...) is dropped.
_KEPT_HEADERS = ("content-type", "mistral-correlation-id", "x-kong-request-id", "retry-after")
_KEPT_PREFIXES = ("x-ratelimit-", "ratelimitbysize-")
# Nothing that looks like a secret or a cookie may end up in a cassette.
_FORBIDDEN = re.compile(r"REDACTED|authorization|set-cookie|cookie:|cf-ray|Bearer ", re.I)

SOURCES: dict[str, str] = {
    "openllmetry": (
        "traceloop/openllmetry (instrumentation-mistralai test cassettes) "
        "https://github.com/traceloop/openllmetry/tree/main/packages/"
        "opentelemetry-instrumentation-mistralai/tests/cassettes"
    ),
    "helgesverre-mistral": (
        "HelgeSverre/mistral (PHP Saloon fixtures) "
        "https://github.com/HelgeSverre/mistral/tree/main/tests/Fixtures/Saloon"
    ),
    "vercel-ai": (
        "vercel/ai (packages/mistral fixtures) "
        "https://github.com/vercel/ai/tree/main/packages/mistral/src/__fixtures__"
    ),
    "errors": "error bodies quoted verbatim in public issue threads",
}

# Where the recordings without a request (Saloon fixtures, vercel bodies) were sent, by the
# operation prefix of their file name. `{id}` is the `id` of the response body.
_OPERATIONS: dict[str, tuple[str, str]] = {
    "chat_completions": ("POST", "/v1/chat/completions"),
    "fim_completions": ("POST", "/v1/fim/completions"),
    "embeddings": ("POST", "/v1/embeddings"),
    "models__list": ("GET", "/v1/models"),
    "files__upload": ("POST", "/v1/files"),
    "files__list": ("GET", "/v1/files"),
    "files__retrieve": ("GET", "/v1/files/{id}"),
    "files__delete": ("DELETE", "/v1/files/{id}"),
    "batch_jobs__list": ("GET", "/v1/batch/jobs"),
    "moderations": ("POST", "/v1/moderations"),
}

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class Cassette:
    """One converted recording, ready to be written as a vcrpy cassette."""

    source: str  # folder under recordings/ and under cassettes/
    name: str
    origin: str  # the recording file, relative to the recordings folder
    kind: str  # "json", "stream", "error" or "headers-only"
    method: str
    uri: str
    request_body: str | None
    status: int
    headers: dict[str, list[str]]
    body: str
    notes: list[str] = field(default_factory=list)
    provenance: str | None = None

    @property
    def path(self) -> str:
        return f"{self.source}/{self.name}.yaml"


def _filter_headers(raw: Mapping[str, Any] | None) -> dict[str, list[str]]:
    kept: dict[str, list[str]] = {}
    for name, value in (raw or {}).items():
        lower = name.lower()
        if lower in _KEPT_HEADERS or lower.startswith(_KEPT_PREFIXES):
            values = value if isinstance(value, list) else [value]
            kept[lower] = [str(v) for v in values]
    return dict(sorted(kept.items()))


def _operation(stem: str) -> tuple[str, str]:
    for prefix, operation in _OPERATIONS.items():
        if stem == prefix or stem.startswith(prefix + "__"):
            return operation
    raise ValueError(f"{stem}: no known operation for this file name; add it to _OPERATIONS")


def _uri_for(stem: str, body: str) -> tuple[str, str]:
    method, path = _operation(stem)
    if "{id}" in path:
        path = path.replace("{id}", str(json.loads(body)["id"]))
    return method, API + path


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _with_content_type(
    headers: dict[str, list[str]], value: str, notes: list[str]
) -> dict[str, list[str]]:
    if "content-type" in headers:
        return headers
    notes.append(f"content-type {value} added by the converter (the source did not record it)")
    return dict(sorted({**headers, "content-type": [value]}.items()))


def _text(body: Any, encoding: list[str]) -> str:
    """The response body as text: `!!binary` bytes are gunzipped when they are gzip."""
    if isinstance(body, bytes):
        raw: bytes = body
        if "gzip" in [e.lower() for e in encoding] or raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8")
    return str(body or "")


def convert_openllmetry(path: Path, relative: str) -> Cassette:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    interactions: list[dict[str, Any]] = data["interactions"]
    if len(interactions) != 1:
        raise ValueError(f"{relative}: expected one interaction, found {len(interactions)}")
    request, response = interactions[0]["request"], interactions[0]["response"]
    raw_headers: dict[str, Any] = response.get("headers") or {}
    encoding = [
        str(value)
        for name, values in raw_headers.items()
        if name.lower() == "content-encoding"
        for value in (values if isinstance(values, list) else [values])
    ]
    body = _text(response["body"]["string"], encoding)
    headers = _filter_headers(raw_headers)
    notes = []
    uri = str(request["uri"])
    if "#" in uri:
        uri = uri.split("#", 1)[0]
        notes.append("the `#stream` suffix vcrpy stored on the URI is dropped")
    content_type = headers.get("content-type", [""])[0]
    kind = "stream" if content_type.startswith("text/event-stream") else "json"
    if encoding:
        notes.append("gzip body decompressed to plain text")
    return Cassette(
        source="openllmetry",
        name=path.stem,
        origin=relative,
        kind=kind if response["status"]["code"] < 400 else "error",
        method=str(request["method"]).upper(),
        uri=uri,
        request_body=request.get("body"),
        status=int(response["status"]["code"]),
        headers=headers,
        body=body,
        notes=notes,
    )


def convert_saloon(path: Path, relative: str) -> Cassette:
    data = json.loads(path.read_text(encoding="utf-8"))
    body = str(data["data"])
    method, uri = _uri_for(path.stem, body)
    notes = ["request not recorded: method and path inferred from the operation"]
    headers = _filter_headers(data.get("headers"))
    if _is_json(body):
        headers = _with_content_type(headers, "application/json", notes)
    status = int(data["statusCode"])
    return Cassette(
        source="helgesverre-mistral",
        name=path.stem,
        origin=relative,
        kind="json" if status < 400 else "error",
        method=method,
        uri=uri,
        request_body=None,
        status=status,
        headers=headers,
        body=body,
        notes=notes,
    )


def convert_vercel_json(path: Path, relative: str) -> Cassette:
    body = path.read_text(encoding="utf-8")
    method, uri = _uri_for(path.stem, body)
    notes = ["the source holds the response body only (request and headers not recorded)"]
    headers = _with_content_type({}, "application/json", notes)
    return Cassette(
        source="vercel-ai",
        name=path.stem,
        origin=relative,
        kind="json",
        method=method,
        uri=uri,
        request_body=None,
        status=200,
        headers=headers,
        body=body,
        notes=notes,
    )


def sse_from_chunks(lines: Iterable[str]) -> str:
    """`data: {json}` events separated by a blank line, ending with `data: [DONE]`."""
    events = [f"data: {line.strip()}\n\n" for line in lines if line.strip()]
    return "".join(events) + "data: [DONE]\n\n"


def convert_vercel_chunks(path: Path, relative: str) -> Cassette:
    name = path.name.removesuffix(".chunks.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip() and not _is_json(line):
            raise ValueError(f"{relative}:{number}: not a JSON chunk")
    method, uri = _operation(name)[0], API + _operation(name)[1]
    notes = [
        "the source holds one SSE data JSON per line; the converter restores the "
        "`data: ` prefixes, blank-line separators and the final `data: [DONE]`"
    ]
    headers = _with_content_type({}, "text/event-stream; charset=utf-8", notes)
    return Cassette(
        source="vercel-ai",
        name=name,
        origin=relative,
        kind="stream",
        method=method,
        uri=uri,
        request_body=None,
        status=200,
        headers=headers,
        body=sse_from_chunks(lines),
        notes=notes,
    )


def convert_error(path: Path, relative: str) -> Cassette:
    data = json.loads(path.read_text(encoding="utf-8"))
    request = data.get("request") or {}
    status = int(data["status_code"])
    body = "" if data.get("body") is None else str(data["body"])
    notes: list[str] = []
    headers = _filter_headers(data.get("headers"))
    if data.get("headers") is None:
        notes.append("response headers not recorded")
    if body and _is_json(body):
        headers = _with_content_type(headers, "application/json", notes)
    if data.get("body") is None:
        notes.append("response body not shown in the source: replayed as empty")
    if request.get("note"):
        notes.append(f"request: {request['note']}")
    provenance = data.get("_provenance") or {}
    return Cassette(
        source="errors",
        name=path.stem,
        origin=relative,
        kind="error" if status >= 400 else "headers-only",
        method=str(request.get("method", "POST")).upper(),
        uri=str(request.get("url", API + "/v1/chat/completions")),
        request_body=None,
        status=status,
        headers=headers,
        body=body,
        notes=notes,
        provenance=provenance.get("source"),
    )


Converter = Callable[[Path, str], Cassette]


def _converter(source: str, path: Path) -> Converter | None:
    if source == "openllmetry" and path.suffix == ".yaml":
        return convert_openllmetry
    if source == "helgesverre-mistral" and path.suffix == ".json":
        return convert_saloon
    if source == "vercel-ai" and path.name.endswith(".chunks.txt"):
        return convert_vercel_chunks
    if source == "vercel-ai" and path.suffix == ".json":
        return convert_vercel_json
    if source == "errors" and path.suffix == ".json":
        return convert_error
    return None


def convert_all(recordings: Path) -> list[Cassette]:
    cassettes: list[Cassette] = []
    for folder in sorted(p for p in recordings.iterdir() if p.is_dir()):
        if folder.name not in SOURCES:
            raise ValueError(f"{folder}: unknown source folder; add it to SOURCES")
        for path in sorted(folder.iterdir()):
            converter = _converter(folder.name, path)
            if converter is None:
                raise ValueError(f"{path}: no converter for this file")
            cassettes.append(converter(path, f"{folder.name}/{path.name}"))
    return cassettes


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (SSE bodies) as literal blocks, so cassettes stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def cassette_dict(cassette: Cassette) -> dict[str, Any]:
    request_headers: dict[str, list[str]] = {}
    if cassette.request_body is not None:
        request_headers["content-type"] = ["application/json"]
    return {
        "interactions": [
            {
                "request": {
                    "body": cassette.request_body,
                    "headers": request_headers,
                    "method": cassette.method,
                    "uri": cassette.uri,
                },
                "response": {
                    "body": {"string": cassette.body},
                    "headers": cassette.headers,
                    "status": {
                        "code": cassette.status,
                        "message": _REASONS.get(cassette.status, ""),
                    },
                },
            }
        ],
        "version": 1,
    }


def render(cassette: Cassette) -> str:
    lines = [
        f"# source: {cassette.source}: {SOURCES[cassette.source]}",
        f"# recording: shared/recordings/{cassette.origin}",
    ]
    if cassette.provenance:
        lines.append(f"# provenance: {cassette.provenance}")
    lines.append(f"# shows: {describe(cassette)}")
    lines.extend(f"# note: {note}" for note in cassette.notes)
    lines.append("# generated by scripts/convert_recordings.py: regenerate, do not edit by hand")
    document = yaml.dump(
        cassette_dict(cassette), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    text = "\n".join(lines) + "\n" + document
    _verify(cassette, text)
    return text


def _verify(cassette: Cassette, text: str) -> None:
    """The written YAML must load back to the same interaction and hold no secret."""
    if cassette_dict(cassette) != yaml.safe_load(text):
        raise AssertionError(f"{cassette.path}: YAML does not round-trip")
    found = _FORBIDDEN.search(text)
    if found:
        raise AssertionError(f"{cassette.path}: contains {found.group(0)!r}")


_SHOWS: dict[str, str] = {
    "chat_completions__plain": "chat completion: text content, usage, 32-hex id",
    "chat_completions__stream": (
        "streamed chat: first delta role+empty content, `p` padding, usage only in the last "
        "chunk, `data: [DONE]`"
    ),
    "chat_completions__tool_call": (
        "tool call `weather` with JSON-string arguments, `type` absent, no content"
    ),
    "chat_completions__stream_tool_call": (
        "streamed tool call arriving whole in one delta, with finish_reason and usage"
    ),
    "embeddings": "embeddings: one 1024-float vector, usage with null extra keys",
    "fim_completions": "FIM answer in the chat shape (`tool_calls: null`), rate-limit headers",
    "models__list": "68 model cards: ocr/classification/moderation/audio capabilities, "
    "deprecation, aliases",
    "files__upload": "uploaded file object (fine-tune, instruct, num_lines, signature)",
    "files__list": "file list with `total`",
    "files__retrieve": "file object with `deleted: false`",
    "files__delete": "`{id, object: file, deleted: true}`",
    "batch_jobs__list": "batch job list: RUNNING job with request counters",
    "moderations": "moderation: violence_and_threats flagged, float scores, usage extras",
}


def describe(cassette: Cassette) -> str:
    if cassette.kind == "headers-only":
        names = ", ".join(cassette.headers)
        return (
            f"HTTP {cassette.status} {cassette.method} {_path(cassette.uri)} response headers "
            f"only (the source shows no body): {names}"
        )
    if cassette.kind == "error":
        body = cassette.body or "(no body)"
        return f"HTTP {cassette.status} {cassette.method} {_path(cassette.uri)}: {body}"
    for prefix, text in sorted(_SHOWS.items(), key=lambda item: -len(item[0])):
        if cassette.name == prefix or cassette.name.startswith(prefix + "__"):
            return text
    return f"HTTP {cassette.status} {cassette.method} {_path(cassette.uri)}"


def _path(uri: str) -> str:
    return uri.removeprefix(API)


def render_readme(cassettes: list[Cassette]) -> str:
    rows = []
    for cassette in cassettes:
        link = cassette.provenance or SOURCES[cassette.source].rsplit(" ", 1)[-1]
        project = SOURCES[cassette.source].split(" (", 1)[0]
        if cassette.source == "errors":
            project = "issue thread"
        shows = describe(cassette).replace("|", "\\|")
        if len(shows) > 160:
            shows = shows[:157] + "..."
        rows.append(f"| `{cassette.path}` | {project}: {link} | {cassette.kind}: {shows} |")
    return "\n".join(
        [
            "# Contract tests: real Mistral API traffic",
            "",
            "`cassettes/` holds vcrpy cassettes (YAML, version 1, one interaction each) converted",
            "from responses the real API sent, recorded by other public projects (see",
            "`../../../shared/recordings/README.md`). They are checked in; regenerate them with",
            "",
            "    .venv/bin/python scripts/convert_recordings.py",
            "",
            "and check they are current with `--check`. The converter keeps only `content-type`,",
            "`mistral-correlation-id`, `x-kong-request-id`, `retry-after` and the rate-limit",
            "headers, decompresses gzip bodies, turns SSE chunk files back into `data:` events,",
            "and refuses to write anything that looks like a cookie or an Authorization header.",
            "Each cassette starts with comments naming its source and what the converter added.",
            "",
            "`test_recordings.py` replays every cassette through the public client with",
            '`vcr.VCR(record_mode="none")` (no network; each test asserts the cassette was played)',
            "and checks the parsed fields, the typed errors and the requests the client sends.",
            "",
            "| cassette | source project / URL | what it shows |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )


def write_all(cassettes: list[Cassette], out: Path, readme: Path | None) -> list[Path]:
    written: list[Path] = []
    for cassette in cassettes:
        target = out / cassette.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(cassette), encoding="utf-8")
        written.append(target)
    if readme is not None:
        readme.write_text(render_readme(cassettes), encoding="utf-8")
        written.append(readme)
    return written


def check_all(cassettes: list[Cassette], out: Path, readme: Path | None) -> list[str]:
    """Names of the files that differ from a fresh conversion."""
    stale = []
    expected = {out / c.path: render(c) for c in cassettes}
    if readme is not None:
        expected[readme] = render_readme(cassettes)
    for target, text in expected.items():
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(str(target))
    present = {p for p in out.rglob("*.yaml")} if out.is_dir() else set()
    stale.extend(str(p) + " (not produced by any recording)" for p in present - set(expected))
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("recordings", nargs="?", type=Path, default=DEFAULT_RECORDINGS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cassettes folder")
    parser.add_argument("--no-readme", action="store_true", help="do not write README.md")
    parser.add_argument("--check", action="store_true", help="fail if any file is stale")
    args = parser.parse_args(argv)
    readme = None if args.no_readme else README
    cassettes = convert_all(args.recordings)
    if args.check:
        stale = check_all(cassettes, args.out, readme)
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_all(cassettes, args.out, readme):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
