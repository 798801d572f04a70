"""`batch.run` for the sync and the async client: check the call, prepare the parts, drive
the core with real I/O, hand back the results."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from mistral_generated.models import BatchJob

from .. import _validation as check
from ..errors import BatchError

if TYPE_CHECKING:
    from .._resources.batch import AsyncBatchJobs, BatchJobs
    from .._resources.files import AsyncFiles, Files

from ._core import (
    FIND_SCAN_LIMIT,
    BatchProgress,
    Cancel,
    Create,
    Driver,
    Effect,
    FindJob,
    Get,
    RunOptions,
    Sleep,
    Upload,
    matches,
    steps,
)
from ._input import BatchLimits, Plan, endpoint_for, prepare
from ._results import BatchResults
from ._state import Store, Target


@attrs.frozen
class RunRequest:
    """Everything `batch.run` was asked, checked once for both shells."""

    requests: Any
    target: Target
    state_path: Path | None
    limits: BatchLimits
    skip_invalid: bool
    ordered: bool
    options: RunOptions


def run_request(
    requests: Any,
    *,
    endpoint: str,
    model: str | None = None,
    agent_id: str | None = None,
    state_path: str | os.PathLike[str] | None = None,
    ordered: bool = False,
    skip_invalid: bool = False,
    cancel_on_interrupt: bool = False,
    on_progress: Callable[[BatchProgress], None] | None = None,
    poll_interval: float = 5.0,
    max_poll_interval: float = 60.0,
    limits: BatchLimits | None = None,
    metadata: Mapping[str, str] | None = None,
    timeout_hours: int | None = None,
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
    flags = {
        "ordered": ordered,
        "skip_invalid": skip_invalid,
        "cancel_on_interrupt": cancel_on_interrupt,
    }
    for name in flags:
        check.boolean(flags, name)
    if limits is not None and not isinstance(limits, BatchLimits):
        raise check.fail("limits", "must be a BatchLimits")
    for key, text in check.mapping(metadata or {}, "metadata").items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise check.fail(f"metadata.{key}", "must be a string")
    if on_progress is not None and not callable(on_progress):
        raise check.fail("on_progress", "must be callable")
    if state_path is not None and not isinstance(state_path, str | os.PathLike):
        raise check.fail("state_path", "must be a path")
    path = Path(state_path) if state_path is not None else None
    if path is not None and not path.parent.is_dir():
        raise check.fail("state_path", f"folder {str(path.parent)!r} does not exist")
    target = Target(endpoint, model, agent_id)
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


def _begin(request: RunRequest) -> tuple[Plan, Store, Path, Any]:
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
    except BaseException:
        if keep is not None:
            keep.cleanup()
        raise
    try:
        store = Store.open(request.state_path, request.target, plan)
    except BaseException:
        _discard(plan, keep)
        raise
    return plan, store, folder, keep


@contextlib.contextmanager
def _own_files() -> Iterator[None]:
    """The run's own files (parts, state, downloads): an OS error there is a BatchError."""
    try:
        yield
    except OSError as exc:
        raise BatchError(f"batch run files: {exc}") from exc


def _discard(plan: Plan, keep: Any) -> None:
    """A run that raised hands back no results: release what they would have read."""
    plan.ids.close()
    if keep is not None:
        keep.cleanup()


def _results(request: RunRequest, begun: tuple[Plan, Store, Path, Any]) -> BatchResults[Any]:
    plan, store, folder, keep = begun
    parse = endpoint_for(request.target.endpoint, request.target.agent_id is not None).parse
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
    with _own_files():
        return _run_sync(request, jobs, files, sleep)


def _run_sync(
    request: RunRequest, jobs: BatchJobs, files: Files, sleep: Callable[[float], None]
) -> BatchResults[Any]:
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
            listing = jobs.iter_all(
                page_size=100, model=request.target.model, agent_id=request.target.agent_id
            )
            return _first_match(listing, effect.metadata)
        if isinstance(effect, Cancel):
            return jobs.cancel(effect.job_id)
        return files.download(effect.file_id, to=effect.to)

    driver = Driver(steps(store, plan.paths, request.options))
    try:
        while (effect := driver.next()) is not None:
            try:
                driver.done(perform(effect))
            except BaseException as exc:  # handed to the core, which decides
                driver.failed(exc)
    except BaseException:
        _discard(plan, keep)
        raise
    return _results(request, begun)


def _first_match(listing: Iterable[BatchJob], metadata: Mapping[str, str]) -> BatchJob | None:
    for job in itertools.islice(listing, FIND_SCAN_LIMIT):
        if matches(job, metadata):
            return job
    return None


async def run_async(
    request: RunRequest,
    jobs: AsyncBatchJobs,
    files: AsyncFiles,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> BatchResults[Any]:
    """Perform the core's effects with the async client (preparing in a worker thread)."""
    with _own_files():
        return await _run_async(request, jobs, files, sleep)


async def _run_async(
    request: RunRequest,
    jobs: AsyncBatchJobs,
    files: AsyncFiles,
    sleep: Callable[[float], Awaitable[None]],
) -> BatchResults[Any]:
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
            listing = jobs.iter_all(
                page_size=100, model=request.target.model, agent_id=request.target.agent_id
            )
            return await _afirst_match(listing, effect.metadata)
        if isinstance(effect, Cancel):
            return await jobs.cancel(effect.job_id)
        return await files.download(effect.file_id, to=effect.to)

    driver = Driver(steps(store, plan.paths, request.options))
    try:
        while (effect := driver.next()) is not None:
            try:
                driver.done(await perform(effect))
            except BaseException as exc:  # handed to the core, which decides
                driver.failed(exc)
    except BaseException:
        _discard(plan, keep)
        raise
    return _results(request, begun)


async def _afirst_match(
    listing: AsyncIterator[BatchJob], metadata: Mapping[str, str]
) -> BatchJob | None:
    seen = 0
    async for job in listing:
        if matches(job, metadata):
            return job
        seen += 1
        if seen >= FIND_SCAN_LIMIT:
            break
    return None
