"""What goes in: every line checked like the live call, custom ids, and the JSONL parts
written within the per-job limits (before anything is uploaded)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from mistral_generated.models import (
    ChatCompletionResponse,
    ClassificationResponse,
    EmbeddingResponse,
    ModerationResponse,
)

from .. import _validation as check
from .._calls import Call, CallOptions
from ..errors import BatchInputError, RequestValidationError
from ._state import Part, Target

logger = logging.getLogger("mistral_client")
_OPTION_NAMES = frozenset(CallOptions.__annotations__)


@attrs.frozen
class BatchLimits:
    """Per-job limits the runner splits input by (the Batch API's documented limits:
    100,000 requests per batch, 512 MB per batch file, read as 512,000,000 bytes).

    Usage: `client.batch.run(requests, model=..., limits=BatchLimits(max_requests=10_000))`
    """

    max_requests: int = 100_000
    max_bytes: int = 512_000_000

    def __attrs_post_init__(self) -> None:
        for name in ("max_requests", "max_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise check.fail(f"limits.{name}", "must be a whole number >= 1")


# -- lines --------------------------------------------------------------------------------


@attrs.frozen
class Endpoint:
    build: Callable[[Mapping[str, Any]], Call[Any]]
    parse: Callable[[Any], Any]


def endpoint_for(endpoint: str, agent: bool) -> Endpoint:
    """The live call whose rules every line follows, and the model its answers parse into."""
    from .._resources import agents, chat, classifiers, embeddings, fim

    if agent:
        if endpoint != "/v1/chat/completions":
            raise check.fail("agent_id", "agent batches run on /v1/chat/completions")
        return Endpoint(agents.complete_call, ChatCompletionResponse.from_dict)
    table: dict[str, tuple[Callable[[Mapping[str, Any]], Call[Any]], Callable[[Any], Any]]] = {
        "/v1/chat/completions": (chat.complete_call, ChatCompletionResponse.from_dict),
        "/v1/fim/completions": (fim.complete_call, ChatCompletionResponse.from_dict),
        "/v1/embeddings": (embeddings.create_call, EmbeddingResponse.from_dict),
        "/v1/moderations": (classifiers.moderate_call, ModerationResponse.from_dict),
        "/v1/chat/moderations": (classifiers.moderate_chat_call, ModerationResponse.from_dict),
        "/v1/classifications": (classifiers.classify_call, ClassificationResponse.from_dict),
        "/v1/chat/classifications": (
            classifiers.classify_chat_call,
            ClassificationResponse.from_dict,
        ),
    }
    found = table.get(endpoint)
    if found is None:
        raise check.fail("endpoint", "batch.run supports " + ", ".join(map(repr, table)))
    return Endpoint(*found)


def _split_line(item: Any) -> tuple[Any, Mapping[str, Any]]:
    """(custom_id, body) of a bare body with an optional custom_id, or of a Batch API line
    `{"custom_id": ..., "body": {...}}`."""
    request = check.mapping(item, "request")
    body = request.get("body")
    if isinstance(body, Mapping) and set(request) <= {"custom_id", "body"}:
        return request.get("custom_id"), body
    return request.get("custom_id"), {k: v for k, v in request.items() if k != "custom_id"}


def _checked_body(body: Mapping[str, Any], target: Target, endpoint: Endpoint) -> dict[str, Any]:
    """The body as it goes into the JSONL line, validated by the live call's own builder."""
    for name in body:
        if name in _OPTION_NAMES:
            raise check.fail(name, "is a per-call option of the client, not an API field")
    for name, value in target.fields.items():
        if name in body and body[name] != value:
            raise check.fail(name, f"a batch runs one {name}: give it to batch.run, not per line")
    call = endpoint.build({**body, **target.fields})
    sent = call.request["json"]
    return {key: value for key, value in sent.items() if key not in target.fields}


class Ids:
    """custom_id <-> line, kept off the heap so memory stays flat with input size: ids we
    assign are the line number (a bit per line), ids the caller gives go into an SQLite
    table in the run's folder."""

    def __init__(self, folder: Path) -> None:
        import sqlite3  # here: the client's import stays free of it

        path = folder / "custom_ids.sqlite"
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE ids (custom_id TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID;"
        )
        self._db.execute("BEGIN")
        self.auto = bytearray()  # auto[line] == 1: that line's id is str(line)

    def _mark(self, line: int) -> None:
        if len(self.auto) <= line:
            self.auto.extend(bytes(max(line + 1 - len(self.auto), 1024)))
        self.auto[line] = 1

    def line_of(self, custom_id: str) -> int | None:
        if custom_id.isdigit():
            number = int(custom_id)
            if number < len(self.auto) and self.auto[number]:
                return number
        row = self._db.execute("SELECT line FROM ids WHERE custom_id = ?", (custom_id,)).fetchone()
        return None if row is None else int(row[0])

    def add(self, raw: Any, line: int) -> str:
        if raw is None:
            custom_id = str(line)
        elif isinstance(raw, str) and raw:
            custom_id = raw
        else:
            raise check.fail("custom_id", "must be a non-empty string")
        previous = self.line_of(custom_id) if raw is None or custom_id.isdigit() else None
        if previous is None and raw is not None:
            try:
                self._db.execute("INSERT INTO ids VALUES (?, ?)", (custom_id, line))
            except self._db.IntegrityError:
                previous = self.line_of(custom_id)
        if previous is not None:
            raise check.fail("custom_id", f"{custom_id!r} is already used by line {previous}")
        if raw is None:
            self._mark(line)
        return custom_id

    def finish(self) -> None:
        """Done adding: commit, and index lines for the reverse lookup."""
        self._db.execute("COMMIT")
        self._db.execute("CREATE INDEX by_line ON ids (line)")

    def custom_id_of(self, line: int) -> str:
        if line < len(self.auto) and self.auto[line]:
            return str(line)
        row = self._db.execute("SELECT custom_id FROM ids WHERE line = ?", (line,)).fetchone()
        if row is None:  # pragma: no cover - only asked for lines that were added
            raise KeyError(line)
        return str(row[0])

    def close(self) -> None:
        self._db.close()


def _numbered(requests: Any) -> Iterator[tuple[int, Any]]:
    """(line, request) from an iterable, or from a JSONL path (blank lines skipped; a line
    that is not JSON comes as its BatchInputError)."""
    if isinstance(requests, str | os.PathLike):
        path = Path(requests)
        if not path.is_file():
            raise check.fail("requests", f"{str(path)!r} is not a readable JSONL file")
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise check.fail("requests", f"{str(path)!r} cannot be read ({exc.strerror})") from None
        with handle as lines:
            for number, raw in enumerate(lines, start=1):
                if raw.strip():
                    yield number, _json_line(raw, number)
        return
    if isinstance(requests, Mapping | str | bytes) or not isinstance(requests, Iterable):
        raise check.fail("requests", "must be an iterable of request bodies or a JSONL path")
    yield from enumerate(requests, start=1)


def _json_line(raw: bytes, number: int) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        return BatchInputError("request", f"is not valid JSON ({exc})", line=number, custom_id=None)


def _encode(custom_id: str, body: Mapping[str, Any]) -> bytes:
    try:
        text = json.dumps(
            {"custom_id": custom_id, "body": body},
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError) as exc:
        raise check.fail("body", f"cannot be sent as JSON ({exc})") from None
    return text.encode("utf-8") + b"\n"


# -- prepare ------------------------------------------------------------------------------


@attrs.define
class Plan:
    parts: list[Part]
    paths: list[Path]
    ids: Ids
    valid: bytearray  # valid[line] == 1: that line was submitted
    invalid: list[BatchInputError]
    total: int


class _PartWriter:
    """Writes valid lines into part files, starting a new one at either limit."""

    def __init__(self, folder: Path, limits: BatchLimits) -> None:
        self.folder = folder
        self.limits = limits
        self.parts: list[Part] = []
        self.paths: list[Path] = []
        self._out: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self._count = 0
        self._bytes = 0
        self._first = 0
        self._last = 0

    def add(self, line: int, data: bytes) -> None:
        if len(data) > self.limits.max_bytes:
            raise check.fail(
                "body", f"is {len(data)} bytes: over the {self.limits.max_bytes} limit"
            )
        full = self._count >= self.limits.max_requests
        if self._out is None or full or self._bytes + len(data) > self.limits.max_bytes:
            self._close()
            path = self.folder / f"part-{len(self.paths):04d}.jsonl"
            self.paths.append(path)
            self._out = path.open("wb")
            self._first = line
        self._out.write(data)
        self._hash.update(data)
        self._count += 1
        self._bytes += len(data)
        self._last = line

    def _close(self) -> None:
        if self._out is None:
            return
        self._out.close()
        self.parts.append(Part(self._hash.hexdigest(), self._count, self._first, self._last))
        self._out = None
        self._hash = hashlib.sha256()
        self._count = self._bytes = 0

    @property
    def pending(self) -> int:
        """Requests in the part still being written."""
        return self._count

    def finish(self) -> None:
        self._close()


def prepare(
    requests: Any,
    target: Target,
    folder: Path,
    limits: BatchLimits,
    skip_invalid: bool,
) -> Plan:
    """Validate every line and write the parts; the first bad line stops everything unless
    `skip_invalid` (then bad lines are kept aside as errors)."""
    endpoint = endpoint_for(target.endpoint, target.agent_id is not None)
    writer = _PartWriter(folder, limits)
    ids = Ids(folder)
    valid = bytearray()
    invalid: list[BatchInputError] = []
    try:
        for line, item in _numbered(requests):
            error = _add_line(line, item, ids, writer, target, endpoint)
            if error is None:
                if len(valid) <= line:
                    valid.extend(bytes(max(line + 1 - len(valid), 1024)))
                valid[line] = 1
            elif skip_invalid:
                logger.warning("batch.run: line %d left out: %s", line, error)
                invalid.append(error)
            else:
                raise error
        total = sum(part.requests for part in writer.parts) + writer.pending
        if total == 0:
            raise check.fail("requests", "has no valid request: nothing to run")
    except BaseException:
        writer.finish()
        ids.close()
        raise
    writer.finish()
    ids.finish()
    return Plan(writer.parts, writer.paths, ids, valid, invalid, total)


def _add_line(
    line: int,
    item: Any,
    ids: Ids,
    writer: _PartWriter,
    target: Target,
    endpoint: Endpoint,
) -> BatchInputError | None:
    """Check one request and write it to the current part; its error if it breaks a rule."""
    if isinstance(item, BatchInputError):
        return item
    custom_id: str | None = None
    try:
        raw_id, body = _split_line(item)
        custom_id = ids.add(raw_id, line)
        writer.add(line, _encode(custom_id, _checked_body(body, target, endpoint)))
    except RequestValidationError as exc:
        return _at_line(exc, line, custom_id)
    return None


def _at_line(exc: RequestValidationError, line: int, custom_id: str | None) -> BatchInputError:
    if isinstance(exc, BatchInputError):
        return exc
    field = exc.field if exc.field in ("request", "custom_id") else f"body.{exc.field}"
    return BatchInputError(field, exc.rule, line=line, custom_id=custom_id)
