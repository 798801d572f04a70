"""`client.batch.run`: many requests through the Batch API, resumable, matched by custom_id.

One pure core drives a run as a generator of effects (upload, create, get, cancel,
download, sleep): prepare (validate every line like a live call, write JSONL parts within
the API's per-file limits) -> submit -> poll -> collect. `run_sync` and `run_async` only
perform the effects, with the client's own public methods. The state file records each
part's file and job ids (written atomically after every step), so the same call after a
crash or Ctrl-C picks the jobs up instead of submitting them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
import uuid
from array import array
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from mistral_generated.models import (
    BatchJob,
    ChatCompletionResponse,
    ClassificationResponse,
    EmbeddingResponse,
    ModerationResponse,
)

from . import _validation as check
from ._calls import Call, CallOptions
from .errors import (
    APIStatusError,
    BatchError,
    BatchInputError,
    MistralError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    _status_error,
)

if TYPE_CHECKING:
    from ._resources.batch import AsyncBatchJobs, BatchJobs
    from ._resources.files import AsyncFiles, Files

T = TypeVar("T")
logger = logging.getLogger("mistral_client")

TERMINAL = frozenset({"SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"})
_STATE_VERSION = 1
_RUN_KEY = "mistral_client_run"
_PART_KEY = "mistral_client_part"
# How many recent jobs a resumed run looks through for a create it may have sent.
_FIND_SCAN_LIMIT = 1000
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


@attrs.frozen
class BatchProgress:
    """What `on_progress` receives after each poll of a job: that `job` and the totals of
    the whole run (every part's job). `total` counts the requests submitted.

    Usage: `client.batch.run(rows, model=..., on_progress=lambda p: print(p.completed, p.total))`
    """

    job: BatchJob
    jobs: tuple[BatchJob, ...]  # the latest answer for each job polled by this call
    total: int
    succeeded: int
    failed: int
    elapsed_seconds: float
    job_count: int  # jobs of the whole run
    jobs_done: int  # of which ended (SUCCESS, FAILED, TIMEOUT_EXCEEDED or CANCELLED)

    @property
    def completed(self) -> int:
        return self.succeeded + self.failed


@attrs.frozen
class BatchResult(Generic[T]):
    """One input request's outcome: `response` (the same typed model the live call returns)
    or `error` (a typed `MistralError`: the API's error for that line, a `BatchInputError`
    for a line skipped with `skip_invalid`, a `BatchError` if its job ended without it).
    `line` is the input's 1-based line; `body` the raw JSON answer.

    Usage: `text = result.response.choices[0].message.content if result.ok else None`
    """

    custom_id: str
    line: int
    response: T | None
    error: MistralError | None
    status_code: int | None = None
    job_id: str | None = None
    body: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None


# -- lines --------------------------------------------------------------------------------


@attrs.frozen
class _Endpoint:
    build: Callable[[Mapping[str, Any]], Call[Any]]
    parse: Callable[[Any], Any]


def _endpoint(endpoint: str, agent: bool) -> _Endpoint:
    """The live call whose rules every line follows, and the model its answers parse into."""
    from ._resources import agents, chat, classifiers, embeddings, fim

    if agent:
        if endpoint != "/v1/chat/completions":
            raise check.fail("agent_id", "agent batches run on /v1/chat/completions")
        return _Endpoint(agents.complete_call, ChatCompletionResponse.from_dict)
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
    return _Endpoint(*found)


@attrs.frozen
class _Target:
    """Who answers every line: a model or an agent, on one endpoint."""

    endpoint: str
    model: str | None
    agent_id: str | None

    @property
    def fields(self) -> dict[str, str]:
        if self.agent_id is not None:
            return {"agent_id": self.agent_id}
        return {"model": str(self.model)}


def _split_line(item: Any) -> tuple[Any, Mapping[str, Any]]:
    """(custom_id, body) of a bare body with an optional custom_id, or of a Batch API line
    `{"custom_id": ..., "body": {...}}`."""
    request = check.mapping(item, "request")
    body = request.get("body")
    if isinstance(body, Mapping) and set(request) <= {"custom_id", "body"}:
        return request.get("custom_id"), body
    return request.get("custom_id"), {k: v for k, v in request.items() if k != "custom_id"}


def _checked_body(body: Mapping[str, Any], target: _Target, endpoint: _Endpoint) -> dict[str, Any]:
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


class _Ids:
    """custom_id <-> line, kept off the heap so memory stays flat with input size: ids we
    assign are the line number (a bit per line), ids the caller gives go into an SQLite
    table in the run's folder."""

    def __init__(self, folder: Path) -> None:
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
            except sqlite3.IntegrityError:
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
        with path.open("rb") as lines:
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
class _Part:
    """One JSONL file and the job that runs it, as recorded in the state file."""

    sha256: str
    requests: int
    first_line: int
    last_line: int
    file_id: str | None = None
    creating: bool = False  # a create was sent and its answer not recorded yet
    job_id: str | None = None
    status: str | None = None
    output_file: str | None = None
    error_file: str | None = None
    succeeded: int = 0
    failed: int = 0
    downloaded: bool = False


@attrs.define
class _Plan:
    parts: list[_Part]
    paths: list[Path]
    ids: _Ids
    valid: bytearray  # valid[line] == 1: that line was submitted
    invalid: list[BatchInputError]
    total: int


class _PartWriter:
    """Writes valid lines into part files, starting a new one at either limit."""

    def __init__(self, folder: Path, limits: BatchLimits) -> None:
        self.folder = folder
        self.limits = limits
        self.parts: list[_Part] = []
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
        self.parts.append(_Part(self._hash.hexdigest(), self._count, self._first, self._last))
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
    target: _Target,
    folder: Path,
    limits: BatchLimits,
    skip_invalid: bool,
) -> _Plan:
    """Validate every line and write the parts; the first bad line stops everything unless
    `skip_invalid` (then bad lines are kept aside as errors)."""
    endpoint = _endpoint(target.endpoint, target.agent_id is not None)
    writer = _PartWriter(folder, limits)
    ids = _Ids(folder)
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
    return _Plan(writer.parts, writer.paths, ids, valid, invalid, total)


def _add_line(
    line: int,
    item: Any,
    ids: _Ids,
    writer: _PartWriter,
    target: _Target,
    endpoint: _Endpoint,
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


# -- state --------------------------------------------------------------------------------


class _Store:
    """The run's state, saved atomically (temp file + rename) after every step when the
    run has a state file; in memory only otherwise."""

    def __init__(self, path: Path | None, target: _Target, run_id: str, parts: list[_Part]):
        self.path = path
        self.target = target
        self.run_id = run_id
        self.parts = parts

    @classmethod
    def open(cls, path: Path | None, target: _Target, plan: _Plan) -> _Store:
        fresh = cls(path, target, uuid.uuid4().hex, plan.parts)
        if path is None or not path.exists():
            fresh.save()
            return fresh
        try:
            saved = json.loads(path.read_bytes())
            parts = [_Part(**part) for part in saved["parts"]]
            run_id = str(saved["run_id"])
            recorded = _Target(saved["endpoint"], saved["model"], saved["agent_id"])
            version = saved["version"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BatchError(f"state file {str(path)!r} is unreadable: {exc}") from exc
        same_input = [(p.sha256, p.requests) for p in parts] == [
            (p.sha256, p.requests) for p in plan.parts
        ]
        if version != _STATE_VERSION or recorded != target or not same_input:
            raise BatchError(
                f"state file {str(path)!r} belongs to a run with other input, model or "
                "endpoint: give another state_path, or delete it to start afresh"
            )
        return cls(path, target, run_id, parts)

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "version": _STATE_VERSION,
            "run_id": self.run_id,
            "endpoint": self.target.endpoint,
            "model": self.target.model,
            "agent_id": self.target.agent_id,
            "parts": [attrs.asdict(part) for part in self.parts],
        }
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


# -- effects: what the core asks the sync or async shell to do ---------------------------


@attrs.frozen
class Upload:
    path: Path
    name: str  # the file name the upload shows in `files list`


@attrs.frozen
class Create:
    file_id: str
    metadata: dict[str, str]


@attrs.frozen
class FindJob:
    """Look through recent jobs for the one a lost create answer would have made."""

    metadata: dict[str, str]


@attrs.frozen
class Get:
    job_id: str


@attrs.frozen
class Cancel:
    job_id: str


@attrs.frozen
class Download:
    file_id: str
    to: Path


@attrs.frozen
class Sleep:
    seconds: float


Effect = Upload | Create | FindJob | Get | Cancel | Download | Sleep


@attrs.frozen
class RunOptions:
    target: _Target
    metadata: Mapping[str, str]
    timeout_hours: int | None
    poll_interval: float
    max_poll_interval: float
    cancel_on_interrupt: bool
    on_progress: Callable[[BatchProgress], None] | None
    clock: Callable[[], float] = time.monotonic


def _status(job: BatchJob) -> str:
    return str(job.status) if isinstance(job.status, str) else "QUEUED"


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _core(
    store: _Store, plan_paths: list[Path], options: RunOptions
) -> Generator[Effect, Any, None]:
    """submit -> poll -> collect, resuming from whatever the store already records."""
    jobs: dict[int, BatchJob] = {}
    try:
        for index, part in enumerate(store.parts):
            if part.job_id is None:
                yield from _submit(store, index, plan_paths[index], options)
        yield from _poll(store, jobs, options)
    except (KeyboardInterrupt, asyncio.CancelledError):
        if options.cancel_on_interrupt:
            yield from _cancel_running(store)
        raise
    for index, part in enumerate(store.parts):
        folder = plan_paths[index].parent
        for file_id, kind in ((part.output_file, "output"), (part.error_file, "errors")):
            if file_id and not part.downloaded:
                yield Download(file_id, _result_path(folder, index, kind))
        part.downloaded = True
        store.save()


def _result_path(folder: Path, index: int, kind: str) -> Path:
    return folder / f"part-{index:04d}.{kind}.jsonl"


def _submit(
    store: _Store, index: int, path: Path, options: RunOptions
) -> Generator[Effect, Any, None]:
    part = store.parts[index]
    metadata = {**options.metadata, _RUN_KEY: store.run_id, _PART_KEY: str(index)}
    if part.creating:
        found: BatchJob | None = yield FindJob(metadata)
        if found is not None:
            logger.info("batch run %s part %d: resumed job %s", store.run_id, index, found.id)
            part.job_id, part.creating = found.id, False
            store.save()
            return
    if part.file_id is None:
        uploaded = yield Upload(path, f"batch-run-{store.run_id[:8]}-part-{index:04d}.jsonl")
        part.file_id = uploaded.id
        store.save()
    part.creating = True
    store.save()
    try:
        job: BatchJob = yield Create(part.file_id, metadata)
    except APIStatusError:
        part.creating = False  # the API answered: no job was made
        store.save()
        raise
    part.job_id, part.creating, part.status = job.id, False, _status(job)
    store.save()


def _poll(
    store: _Store, jobs: dict[int, BatchJob], options: RunOptions
) -> Generator[Effect, Any, None]:
    started = options.clock()
    interval = options.poll_interval
    while True:
        waiting = [i for i, part in enumerate(store.parts) if part.status not in TERMINAL]
        if not waiting:
            return
        wait = interval
        for index in waiting:
            part = store.parts[index]
            try:
                job: BatchJob = yield Get(str(part.job_id))
            except RateLimitError as exc:
                # Polls beyond the budget are dropped for a while, not fatal.
                wait = max(wait, exc.retry_after or 0.0)
                break
            jobs[index] = job
            before = (part.status, part.succeeded, part.failed)
            part.status = _status(job)
            part.succeeded = _count(job.succeeded_requests)
            part.failed = _count(job.failed_requests)
            if part.status in TERMINAL:
                part.output_file = job.output_file if isinstance(job.output_file, str) else None
                part.error_file = job.error_file if isinstance(job.error_file, str) else None
            if before != (part.status, part.succeeded, part.failed):
                store.save()
            if options.on_progress is not None:
                options.on_progress(_progress(job, jobs, store, options.clock() - started))
        if all(part.status in TERMINAL for part in store.parts):
            return
        yield Sleep(wait)
        interval = min(interval * 1.5, options.max_poll_interval)


def _progress(
    job: BatchJob, jobs: Mapping[int, BatchJob], store: _Store, elapsed: float
) -> BatchProgress:
    """Counts come from every part (a resumed run's finished parts too)."""
    return BatchProgress(
        job=job,
        jobs=tuple(jobs[i] for i in sorted(jobs)),
        total=sum(part.requests for part in store.parts),
        succeeded=sum(part.succeeded for part in store.parts),
        failed=sum(part.failed for part in store.parts),
        elapsed_seconds=elapsed,
        job_count=len(store.parts),
        jobs_done=sum(1 for part in store.parts if part.status in TERMINAL),
    )


def _cancel_running(store: _Store) -> Generator[Effect, Any, None]:
    for part in store.parts:
        if part.job_id is None or part.status in TERMINAL:
            continue
        try:
            job: BatchJob = yield Cancel(part.job_id)
        except MistralError as exc:
            logger.warning("could not cancel batch job %s: %s", part.job_id, exc)
            continue
        part.status = _status(job)
        store.save()


def _matches(job: BatchJob, metadata: Mapping[str, str]) -> bool:
    found = job.metadata if isinstance(job.metadata, Mapping) else {}
    return all(found.get(key) == metadata[key] for key in (_RUN_KEY, _PART_KEY))


# -- results ------------------------------------------------------------------------------


class BatchResults(Generic[T]):
    """The outcome of `client.batch.run`: iterate it for one `BatchResult` per input line
    (read from the downloaded files as you go), and see `job_ids`, `statuses`, `total`,
    `succeeded`, `failed` and `invalid` (the lines `skip_invalid` left out).

    Usage:
        for result in client.batch.run(requests, model="mistral-small-latest"):
            print(result.custom_id, result.response.text if result.ok else result.error)
    """

    def __init__(
        self,
        plan: _Plan,
        store: _Store,
        folder: Path,
        parse: Callable[[Any], T],
        ordered: bool,
        keep: Any = None,
    ) -> None:
        self._plan = plan
        self._store = store
        self._folder = folder
        self._parse = parse
        self._ordered = ordered
        self._keep = keep  # a TemporaryDirectory to delete with us, when there is no state
        self.invalid: list[BatchInputError] = list(plan.invalid)
        self.total = plan.total + len(plan.invalid)

    @property
    def job_ids(self) -> list[str]:
        return [str(part.job_id) for part in self._store.parts]

    @property
    def statuses(self) -> list[str]:
        """Each job's final status, in part order."""
        return [str(part.status) for part in self._store.parts]

    @property
    def file_ids(self) -> list[str]:
        """Every file of the run (uploaded parts, output and error files), to delete when
        you are done with them: `for f in results.file_ids: client.files.delete(f)`."""
        found = []
        for part in self._store.parts:
            found += [f for f in (part.file_id, part.output_file, part.error_file) if f]
        return found

    @property
    def succeeded(self) -> int:
        """Requests the jobs report as succeeded."""
        return sum(part.succeeded for part in self._store.parts)

    @property
    def failed(self) -> int:
        """Requests the jobs report as failed (lines skipped as invalid are not counted)."""
        return sum(part.failed for part in self._store.parts)

    def _files(self) -> Iterator[tuple[_Part, Path]]:
        for index, part in enumerate(self._store.parts):
            for kind in ("output", "errors"):
                path = _result_path(self._folder, index, kind)
                if path.exists():
                    yield part, path

    def __iter__(self) -> Iterator[BatchResult[T]]:
        return self._in_order() if self._ordered else self._as_stored()

    def _read(self, raw: bytes, part: _Part) -> BatchResult[T] | None:
        try:
            record = json.loads(raw)
            custom_id = str(record["custom_id"])
        except (ValueError, KeyError, TypeError):
            logger.warning("batch job %s: unreadable result line skipped", part.job_id)
            return None
        line = self._plan.ids.line_of(custom_id)
        if line is None:
            logger.warning("batch job %s: result for unknown custom_id %r", part.job_id, custom_id)
            return None
        return _result(record, custom_id, line, part.job_id, self._parse)

    def _as_stored(self) -> Iterator[BatchResult[T]]:
        seen = bytearray(len(self._plan.valid))
        for part, path in self._files():
            with path.open("rb") as lines:
                for raw in lines:
                    result = self._read(raw, part) if raw.strip() else None
                    if result is None or seen[result.line]:
                        continue
                    seen[result.line] = 1
                    yield result
        for error in self.invalid:
            yield _invalid_result(error)
        for part in self._store.parts:
            for line in range(part.first_line, part.last_line + 1):
                if self._plan.valid[line] and not seen[line]:
                    yield self._missing(part, line)

    def _in_order(self) -> Iterator[BatchResult[T]]:
        size = len(self._plan.valid)
        where = array("q", [-1]) * size  # line -> offset in its file
        file_of = array("l", [0]) * size
        files = list(self._files())
        for number, (part, path) in enumerate(files):
            with path.open("rb") as lines:
                offset = 0
                for raw in lines:
                    result = self._read(raw, part) if raw.strip() else None
                    if result is not None and where[result.line] < 0:
                        where[result.line], file_of[result.line] = offset, number
                    offset += len(raw)
        invalid = {error.line: error for error in self.invalid}
        part_of = [(p.first_line, p.last_line, p) for p in self._store.parts]
        with contextlib.ExitStack() as stack:
            handles = [stack.enter_context(path.open("rb")) for _, path in files]
            for line in range(size):
                if where[line] >= 0:
                    handle = handles[file_of[line]]
                    handle.seek(where[line])
                    result = self._read(handle.readline(), files[file_of[line]][0])
                    if result is not None:
                        yield result
                elif line in invalid:
                    yield _invalid_result(invalid[line])
                elif self._plan.valid[line]:
                    part = next(p for first, last, p in part_of if first <= line <= last)
                    yield self._missing(part, line)

    def _missing(self, part: _Part, line: int) -> BatchResult[T]:
        error = BatchError(
            f"no result: batch job {part.job_id} ended {part.status} without this request",
            job_id=part.job_id,
        )
        return BatchResult(self._plan.ids.custom_id_of(line), line, None, error, job_id=part.job_id)

    def close(self) -> None:
        """Release the run's files now (without a state file they are deleted: they live
        only as long as this object)."""
        self._plan.ids.close()
        if self._keep is not None:
            self._keep.cleanup()
            self._keep = None

    def __enter__(self) -> BatchResults[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _invalid_result(error: BatchInputError) -> BatchResult[Any]:
    return BatchResult(error.custom_id or str(error.line), error.line, None, error)


def _result(
    record: Mapping[str, Any],
    custom_id: str,
    line: int,
    job_id: str | None,
    parse: Callable[[Any], T],
) -> BatchResult[T]:
    response = record.get("response") if isinstance(record.get("response"), Mapping) else {}
    assert isinstance(response, Mapping)
    status = response.get("status_code")
    body = response.get("body")
    failure = record.get("error")
    if isinstance(status, int) and status < 400 and not failure:
        try:
            parsed = parse(body)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            invalid = ResponseValidationError(
                f"result does not match the expected schema: {type(exc).__name__}: {exc}",
                body=json.dumps(body),
                status_code=status,
            )
            return BatchResult(custom_id, line, None, invalid, status, job_id, body)
        return BatchResult(custom_id, line, parsed, None, status, job_id, body)
    code = status if isinstance(status, int) else _error_code(failure)
    raw = body if body is not None else failure
    error = _status_error(code, {}, json.dumps(raw))
    return BatchResult(custom_id, line, None, error, code, job_id, body)


def _error_code(failure: Any) -> int:
    code = failure.get("code") if isinstance(failure, Mapping) else None
    if isinstance(code, int) and 400 <= code <= 599:
        return code
    return 500


# -- the shells ---------------------------------------------------------------------------


@attrs.frozen
class RunRequest:
    """Everything `batch.run` was asked, checked once for both shells."""

    requests: Any
    target: _Target
    state_path: Path | None
    limits: BatchLimits
    skip_invalid: bool
    ordered: bool
    options: RunOptions


def run_request(
    requests: Any,
    *,
    model: str | None,
    agent_id: str | None,
    endpoint: str,
    state_path: str | os.PathLike[str] | None,
    limits: BatchLimits | None,
    skip_invalid: bool,
    ordered: bool,
    metadata: Mapping[str, str] | None,
    timeout_hours: int | None,
    poll_interval: float,
    max_poll_interval: float,
    cancel_on_interrupt: bool,
    on_progress: Callable[[BatchProgress], None] | None,
) -> RunRequest:
    if (model is None) == (agent_id is None):
        raise check.fail("model", "give exactly one of model or agent_id")
    if model is not None:
        check.non_empty_string(model, "model")
    if agent_id is not None:
        check.non_empty_string(agent_id, "agent_id")
    check.non_empty_string(endpoint, "endpoint")
    for name, value in (("poll_interval", poll_interval), ("max_poll_interval", max_poll_interval)):
        if not check.is_number(value) or not 0 <= value < float("inf"):
            raise check.fail(name, "must be a finite number of seconds >= 0")
    check.positive_int({"timeout_hours": timeout_hours}, "timeout_hours")
    for key, text in (metadata or {}).items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise check.fail(f"metadata.{key}", "must be a string")
    if on_progress is not None and not callable(on_progress):
        raise check.fail("on_progress", "must be callable")
    path = Path(state_path) if state_path is not None else None
    if path is not None and not path.parent.is_dir():
        raise check.fail("state_path", f"folder {str(path.parent)!r} does not exist")
    target = _Target(endpoint, model, agent_id)
    options = RunOptions(
        target=target,
        metadata=dict(metadata or {}),
        timeout_hours=timeout_hours,
        poll_interval=float(poll_interval),
        max_poll_interval=max(float(max_poll_interval), float(poll_interval)),
        cancel_on_interrupt=bool(cancel_on_interrupt),
        on_progress=on_progress,
    )
    return RunRequest(
        requests, target, path, limits or BatchLimits(), skip_invalid, ordered, options
    )


def _begin(request: RunRequest) -> tuple[_Plan, _Store, Path, Any]:
    """Prepare the parts in the run's folder (beside the state file, or a temporary one)."""
    keep: Any = None
    if request.state_path is not None:
        folder = request.state_path.with_name(request.state_path.name + ".parts")
        folder.mkdir(exist_ok=True)
        if not request.state_path.exists():  # results of an earlier run are not ours
            for stale in [*folder.glob("part-*.output.jsonl"), *folder.glob("part-*.errors.jsonl")]:
                stale.unlink()
    else:
        keep = tempfile.TemporaryDirectory(prefix="mistral-batch-")
        folder = Path(keep.name)
    try:
        plan = prepare(
            request.requests, request.target, folder, request.limits, request.skip_invalid
        )
        store = _Store.open(request.state_path, request.target, plan)
    except BaseException:
        if keep is not None:
            keep.cleanup()
        raise
    return plan, store, folder, keep


def _results(request: RunRequest, begun: tuple[_Plan, _Store, Path, Any]) -> BatchResults[Any]:
    plan, store, folder, keep = begun
    parse = _endpoint(request.target.endpoint, request.target.agent_id is not None).parse
    return BatchResults(plan, store, folder, parse, request.ordered, keep)


def _create_params(request: RunRequest, effect: Create) -> dict[str, Any]:
    params: dict[str, Any] = {
        "input_files": [effect.file_id],
        "endpoint": request.target.endpoint,
        "metadata": effect.metadata,
        "timeout_hours": request.options.timeout_hours,
        **request.target.fields,
    }
    return params


def run_sync(
    request: RunRequest,
    jobs: BatchJobs,
    files: Files,
    sleep: Callable[[float], None] = time.sleep,
) -> BatchResults[Any]:
    """Perform the core's effects with the sync client."""
    begun = _begin(request)
    plan, store, _, keep = begun

    def perform(effect: Effect) -> Any:
        if isinstance(effect, Get):
            return jobs.get(effect.job_id)
        if isinstance(effect, Sleep):
            return sleep(effect.seconds)
        if isinstance(effect, Upload):
            with effect.path.open("rb") as part:
                return files.upload(file=(effect.name, part), purpose="batch")
        if isinstance(effect, Create):
            return jobs.create(**_create_params(request, effect))
        if isinstance(effect, FindJob):
            listing = jobs.iter_all(page_size=100, **_list_filter(request))
            return _first_match(listing, effect.metadata)
        if isinstance(effect, Cancel):
            return jobs.cancel(effect.job_id)
        return files.download(effect.file_id, to=effect.to)

    driver = _Driver(_core(store, plan.paths, request.options))
    try:
        while (effect := driver.next()) is not None:
            try:
                driver.done(perform(effect))
            except BaseException as exc:  # handed to the core, which decides
                driver.failed(exc)
    except BaseException:
        if keep is not None:
            keep.cleanup()
        raise
    return _results(request, begun)


def _list_filter(request: RunRequest) -> dict[str, Any]:
    return dict(request.target.fields)


def _first_match(listing: Iterable[BatchJob], metadata: Mapping[str, str]) -> BatchJob | None:
    for seen, job in enumerate(listing):
        if _matches(job, metadata):
            return job
        if seen >= _FIND_SCAN_LIMIT:
            break
    return None


class _Driver:
    """Steps the core: hands it each effect's outcome, or the exception performing it
    raised (the core decides: cancel on interrupt, record that a create was answered)."""

    def __init__(self, core: Generator[Effect, Any, None]) -> None:
        self._core = core
        self._outcome: Any = None
        self._failure: BaseException | None = None

    def next(self) -> Effect | None:
        try:
            if self._failure is None:
                effect = self._core.send(self._outcome)
            else:
                effect = self._core.throw(self._failure)
        except StopIteration:
            return None
        self._outcome, self._failure = None, None
        return effect

    def done(self, outcome: Any) -> None:
        self._outcome = outcome

    def failed(self, failure: BaseException) -> None:
        self._failure = failure


async def run_async(
    request: RunRequest,
    jobs: AsyncBatchJobs,
    files: AsyncFiles,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> BatchResults[Any]:
    """Perform the core's effects with the async client (preparing in a worker thread)."""
    begun = await asyncio.to_thread(_begin, request)
    plan, store, _, keep = begun

    async def perform(effect: Effect) -> Any:
        if isinstance(effect, Get):
            return await jobs.get(effect.job_id)
        if isinstance(effect, Sleep):
            return await sleep(effect.seconds)
        if isinstance(effect, Upload):
            with effect.path.open("rb") as part:
                return await files.upload(file=(effect.name, part), purpose="batch")
        if isinstance(effect, Create):
            return await jobs.create(**_create_params(request, effect))
        if isinstance(effect, FindJob):
            listing = jobs.iter_all(page_size=100, **_list_filter(request))
            return await _afirst_match(listing, effect.metadata)
        if isinstance(effect, Cancel):
            return await jobs.cancel(effect.job_id)
        return await files.download(effect.file_id, to=effect.to)

    driver = _Driver(_core(store, plan.paths, request.options))
    try:
        while (effect := driver.next()) is not None:
            try:
                driver.done(await perform(effect))
            except BaseException as exc:  # handed to the core, which decides
                driver.failed(exc)
    except BaseException:
        if keep is not None:
            keep.cleanup()
        raise
    return _results(request, begun)


async def _afirst_match(
    listing: AsyncIterator[BatchJob], metadata: Mapping[str, str]
) -> BatchJob | None:
    seen = 0
    async for job in listing:
        if _matches(job, metadata):
            return job
        seen += 1
        if seen > _FIND_SCAN_LIMIT:
            break
    return None
