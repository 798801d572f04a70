"""The pure core of a run: submit -> poll -> collect as a generator of effects, which the
sync and async shells perform with the client's own methods."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import Any

import attrs

from mistral_generated.models import BatchJob

from ..errors import MistralError, RateLimitError
from ._state import Store, Target, result_path

logger = logging.getLogger("mistral_client")

TERMINAL = frozenset({"SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"})

RUN_KEY = "mistral_client_run"
PART_KEY = "mistral_client_part"
# How many recent jobs a resumed run looks through for a create it may have sent.
FIND_SCAN_LIMIT = 1000


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
    target: Target
    metadata: Mapping[str, str]
    timeout_hours: int | None
    poll_interval: float
    max_poll_interval: float
    cancel_on_interrupt: bool
    on_progress: Callable[[BatchProgress], None] | None
    clock: Callable[[], float] = time.monotonic


def job_status(job: BatchJob) -> str:
    return str(job.status) if isinstance(job.status, str) else "QUEUED"


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 0


def steps(
    store: Store, plan_paths: list[Path], options: RunOptions
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
                yield Download(file_id, result_path(folder, index, kind))
        part.downloaded = True
        store.save()


def _submit(
    store: Store, index: int, path: Path, options: RunOptions
) -> Generator[Effect, Any, None]:
    part = store.parts[index]
    metadata = {**options.metadata, RUN_KEY: store.run_id, PART_KEY: str(index)}
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
    except MistralError as exc:
        if not exc.may_have_been_processed:
            part.creating = False  # provably no job was made: a resumed run creates it
            store.save()
        raise  # otherwise a resumed run looks for the job before creating one
    part.job_id, part.creating, part.status = job.id, False, job_status(job)
    store.save()
    logger.info(
        "batch run %s part %d: job %s for %d requests", store.run_id, index, job.id, part.requests
    )


def _poll(
    store: Store, jobs: dict[int, BatchJob], options: RunOptions
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
            part.status = job_status(job)
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
    job: BatchJob, jobs: Mapping[int, BatchJob], store: Store, elapsed: float
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


def _cancel_running(store: Store) -> Generator[Effect, Any, None]:
    for part in store.parts:
        if part.job_id is None or part.status in TERMINAL:
            continue
        try:
            job: BatchJob = yield Cancel(part.job_id)
        except MistralError as exc:
            logger.warning("could not cancel batch job %s: %s", part.job_id, exc)
            continue
        part.status = job_status(job)
        store.save()


def matches(job: BatchJob, metadata: Mapping[str, str]) -> bool:
    found = job.metadata if isinstance(job.metadata, Mapping) else {}
    return all(found.get(key) == metadata[key] for key in (RUN_KEY, PART_KEY))


class Driver:
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
