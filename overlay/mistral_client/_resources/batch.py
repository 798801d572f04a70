"""`client.batch.jobs`: run many requests offline from a JSONL file."""

from __future__ import annotations

import os
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from datetime import datetime
from typing import Any, Literal, Required, TypedDict, Unpack, overload

from mistral_generated.api.batch import (
    batch_jobs_cancel,
    batch_jobs_create,
    batch_jobs_get,
    batch_jobs_list,
)
from mistral_generated.models import (
    ApiEndpoint,
    BatchJob,
    BatchJobList,
    BatchJobOrder,
    BatchJobStatus,
    ChatCompletionResponse,
)

from .. import _batch_runner, _pagination
from .. import _literals as lit
from .. import _validation as check
from .._batch_runner import BatchLimits, BatchProgress, BatchResults
from .._calls import AsyncRunner, Call, CallOptions, SyncRunner, model_parser
from ._base import (
    AsyncResource,
    SyncResource,
    api_fields,
    enum_values,
    only_options,
    plain_body,
    prepare,
    query_enums,
)
from .files import AsyncFiles, Files

BatchInput = Iterable[Mapping[str, Any]] | str | os.PathLike[str]


class BatchCreateParams(CallOptions, total=False):
    """Keyword arguments of `client.batch.jobs.create`."""

    endpoint: Required[lit.ApiEndpointValue | ApiEndpoint]
    input_files: Sequence[str] | None
    requests: Sequence[Mapping[str, Any]] | None
    model: str | None
    agent_id: str | None
    metadata: Mapping[str, str] | None
    timeout_hours: int | None


class BatchListParams(CallOptions, total=False):
    """Keyword arguments of `client.batch.jobs.list` (pages are numbered from 0)."""

    page: int | None
    page_size: int | None
    model: str | None
    agent_id: str | None
    created_after: datetime | None
    created_by_me: bool | None
    status: (
        lit.BatchJobStatusValue
        | BatchJobStatus
        | Sequence[lit.BatchJobStatusValue | BatchJobStatus]
        | None
    )
    order_by: lit.BatchJobOrderValue | BatchJobOrder | None


_CREATE_FIELDS = api_fields(BatchCreateParams)
_LIST_FIELDS = api_fields(BatchListParams)
_LIST_ENUMS = {"status": BatchJobStatus, "order_by": BatchJobOrder}


def _inline_requests(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list | tuple) or not value:
        raise check.fail("requests", "must be a non-empty list of {custom_id, body}")
    for index, item in enumerate(value):
        request = check.mapping(item, f"requests[{index}]")
        check.mapping(request.get("body"), f"requests[{index}].body")


def create_call(params: Mapping[str, Any]) -> Call[BatchJob]:
    fields, options = prepare(params, _CREATE_FIELDS, "batch.jobs.create")
    if fields.get("endpoint") is None:
        raise check.fail("endpoint", "is required")
    check.one_of(fields, "endpoint", enum_values(ApiEndpoint))
    if ("input_files" in fields) == ("requests" in fields):
        raise check.fail("input_files", "give exactly one of input_files or requests")
    check.string_list(fields, "input_files", required="input_files" in fields)
    _inline_requests(fields.get("requests"))
    if fields.get("model") is None and fields.get("agent_id") is None:
        raise check.fail("model", "is required unless agent_id is given")
    if "model" in fields:
        check.non_empty_string(fields["model"], "model")
    if "agent_id" in fields:
        check.non_empty_string(fields["agent_id"], "agent_id")
    check.positive_int(fields, "timeout_hours")
    metadata = fields.get("metadata")
    if metadata is not None:
        for key, value in check.mapping(metadata, "metadata").items():
            if not isinstance(value, str):
                raise check.fail(f"metadata.{key}", "must be a string")
    return Call(
        operation="batch.jobs.create",
        request=batch_jobs_create._get_kwargs(body=plain_body(fields)),
        parse=model_parser(BatchJob.from_dict),
        # A second create would run (and bill) the batch twice.
        retry_safe=False,
        options=options,
        model=fields.get("model"),
    )


def list_call(params: Mapping[str, Any]) -> Call[BatchJobList]:
    fields, options = prepare(params, _LIST_FIELDS, "batch.jobs.list")
    check.positive_int(fields, "page", minimum=0)
    check.positive_int(fields, "page_size")
    check.boolean(fields, "created_by_me")
    if "created_after" in fields and not isinstance(fields["created_after"], datetime):
        raise check.fail("created_after", "must be a datetime")
    if isinstance(fields.get("status"), str):
        fields["status"] = [fields["status"]]
    return Call(
        operation="batch.jobs.list",
        request=batch_jobs_list._get_kwargs(**query_enums(fields, _LIST_ENUMS)),
        parse=model_parser(BatchJobList.from_dict),
        retry_safe=True,
        options=options,
    )


def get_call(job_id: str, inline: bool | None, options: CallOptions) -> Call[BatchJob]:
    check.boolean({"inline": inline}, "inline")
    query = {} if inline is None else {"inline": inline}
    return Call(
        operation="batch.jobs.get",
        request=batch_jobs_get._get_kwargs(job_id=check.path_id(job_id, "job_id"), **query),
        parse=model_parser(BatchJob.from_dict),
        retry_safe=True,
        options=options,
    )


def cancel_call(job_id: str, options: CallOptions) -> Call[BatchJob]:
    return Call(
        operation="batch.jobs.cancel",
        request=batch_jobs_cancel._get_kwargs(job_id=check.path_id(job_id, "job_id")),
        parse=model_parser(BatchJob.from_dict),
        retry_safe=True,
        options=options,
    )


class BatchJobs(SyncResource):
    """Batch jobs.

    Usage: `client.batch.jobs.create(input_files=[file_id], endpoint="/v1/chat/completions",
    model="mistral-small-latest")`
    """

    def create(self, **params: Unpack[BatchCreateParams]) -> BatchJob:
        """Start a batch over uploaded JSONL files. Not retried once sent."""
        return self._run(create_call(params))

    def list(self, **params: Unpack[BatchListParams]) -> BatchJobList:
        """One page of batch jobs (`page` from 0, `page_size`, filters)."""
        return self._run(list_call(params))

    def iter_all(self, **params: Unpack[BatchListParams]) -> Iterator[BatchJob]:
        """Every batch job matching the filters, fetching pages as it goes."""
        return _pagination.iterate(self.list, _pagination.data_and_total, dict(params))

    def get(
        self, job_id: str, *, inline: bool | None = None, **options: Unpack[CallOptions]
    ) -> BatchJob:
        """One batch job with its progress counters and output file (`inline=True`: results
        of inline requests in the answer)."""
        return self._run(get_call(job_id, inline, only_options(options, "batch.jobs.get")))

    def cancel(self, job_id: str, **options: Unpack[CallOptions]) -> BatchJob:
        """Ask a batch job to stop."""
        return self._run(cancel_call(job_id, only_options(options, "batch.jobs.cancel")))


class AsyncBatchJobs(AsyncResource):
    """Async batch jobs (see `BatchJobs`)."""

    async def create(self, **params: Unpack[BatchCreateParams]) -> BatchJob:
        """Start a batch. Not retried once sent."""
        return await self._run(create_call(params))

    async def list(self, **params: Unpack[BatchListParams]) -> BatchJobList:
        """One page of batch jobs."""
        return await self._run(list_call(params))

    def iter_all(self, **params: Unpack[BatchListParams]) -> AsyncIterator[BatchJob]:
        """Every batch job matching the filters: `async for job in ...iter_all(): ...`"""
        return _pagination.aiterate(self.list, _pagination.data_and_total, dict(params))

    async def get(
        self, job_id: str, *, inline: bool | None = None, **options: Unpack[CallOptions]
    ) -> BatchJob:
        """One batch job."""
        return await self._run(get_call(job_id, inline, only_options(options, "batch.jobs.get")))

    async def cancel(self, job_id: str, **options: Unpack[CallOptions]) -> BatchJob:
        """Ask a batch job to stop."""
        return await self._run(cancel_call(job_id, only_options(options, "batch.jobs.cancel")))


class BatchRunParams(TypedDict, total=False):
    """Keyword arguments of `client.batch.run` besides `endpoint` and `sleep` (see there).

    model: the model every request runs on (or `agent_id`).
    agent_id: the agent every request runs on, instead of `model`.
    state_path: a JSON file recording the run, so a run cut short resumes its jobs.
    ordered: results in input order (default: as the jobs finish).
    skip_invalid: leave out invalid lines (reported in the results) instead of refusing all.
    cancel_on_interrupt: cancel the submitted jobs on Ctrl-C (default: keep them running).
    on_progress: called with a `BatchProgress` after each poll.
    poll_interval: seconds between the first polls (default 5; grows from there).
    max_poll_interval: the longest wait between two polls, in seconds (default 60).
    limits: per-job limits (`BatchLimits`) over which the input is split into several jobs.
    """

    model: str | None
    agent_id: str | None
    state_path: str | os.PathLike[str] | None
    ordered: bool
    skip_invalid: bool
    cancel_on_interrupt: bool
    on_progress: Callable[[BatchProgress], None] | None
    poll_interval: float
    max_poll_interval: float
    limits: BatchLimits | None
    metadata: Mapping[str, str] | None
    timeout_hours: int | None


_RUN_FIELDS = tuple(BatchRunParams.__annotations__)

# Endpoints whose results are chat completions (the others' results are typed at run time).
CompletionEndpoint = Literal["/v1/chat/completions", "/v1/fim/completions"]


class Batch:
    """`client.batch`: `jobs`, and `run` for whole workloads."""

    def __init__(self, runner: SyncRunner) -> None:
        self.jobs = BatchJobs(runner)
        self._files = Files(runner)

    @overload
    def run(
        self,
        requests: BatchInput,
        *,
        endpoint: CompletionEndpoint = ...,
        sleep: Callable[[float], None] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[ChatCompletionResponse]: ...
    @overload
    def run(
        self,
        requests: BatchInput,
        *,
        endpoint: str,
        sleep: Callable[[float], None] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[Any]: ...
    def run(
        self,
        requests: BatchInput,
        *,
        endpoint: str = "/v1/chat/completions",
        sleep: Callable[[float], None] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[Any]:
        """Run many requests through the Batch API and return their results.

        `requests`: request bodies (dicts, each optionally with its own `custom_id`) or a
        JSONL path; `model=` (or `agent_id=`) runs them all. Every line is validated like
        a live call first (nothing is uploaded if one is bad, unless `skip_invalid=True`);
        input over the per-job limits (`limits=BatchLimits(...)`) is split into several
        jobs; jobs are polled from `poll_interval` (5 s) up to `max_poll_interval` (60 s)
        apart, `on_progress(progress)` after each poll; results are matched to inputs by
        custom_id (in input order with `ordered=True`). With `state_path=`, a run cut
        short resumes its jobs when called again with the same input instead of
        submitting them twice; `cancel_on_interrupt=True` cancels them on Ctrl-C instead.
        `sleep` replaces `time.sleep` between polls (tests).

        Usage: `for r in client.batch.run(rows, model="mistral-small-latest"): print(r.ok)`
        """
        check.known_fields(params, _RUN_FIELDS, "batch.run")
        request = _batch_runner.run_request(requests, endpoint=endpoint, **params)
        if sleep is None:
            return _batch_runner.run_sync(request, self.jobs, self._files)
        return _batch_runner.run_sync(request, self.jobs, self._files, sleep)


class AsyncBatch:
    """`async_client.batch`: `jobs`, and `run` for whole workloads."""

    def __init__(self, runner: AsyncRunner) -> None:
        self.jobs = AsyncBatchJobs(runner)
        self._files = AsyncFiles(runner)

    @overload
    async def run(
        self,
        requests: BatchInput,
        *,
        endpoint: CompletionEndpoint = ...,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[ChatCompletionResponse]: ...
    @overload
    async def run(
        self,
        requests: BatchInput,
        *,
        endpoint: str,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[Any]: ...
    async def run(
        self,
        requests: BatchInput,
        *,
        endpoint: str = "/v1/chat/completions",
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **params: Unpack[BatchRunParams],
    ) -> BatchResults[Any]:
        """Run many requests through the Batch API (see `Batch.run`); preparing the input
        runs in a worker thread so the event loop stays free.

        Usage: `results = await client.batch.run(rows, model="mistral-small-latest")`
        """
        check.known_fields(params, _RUN_FIELDS, "batch.run")
        request = _batch_runner.run_request(requests, endpoint=endpoint, **params)
        if sleep is None:
            return await _batch_runner.run_async(request, self.jobs, self._files)
        return await _batch_runner.run_async(request, self.jobs, self._files, sleep)
