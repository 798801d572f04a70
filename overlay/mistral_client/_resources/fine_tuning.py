"""`client.fine_tuning.jobs`: create, follow, start and cancel fine-tuning jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Required, Unpack, overload

from mistral_generated.api.fine_tuning import (
    jobs_cancel,
    jobs_create,
    jobs_get,
    jobs_list,
    jobs_start,
)
from mistral_generated.models import (
    FineTuningDryRun,
    FineTuningJob,
    FineTuningJobList,
    JobStatus,
    JobType,
    TrainingFile,
    TrainingParameters,
)

from .. import _literals as lit
from .. import _pagination
from .. import _validation as check
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


class JobCreateParams(CallOptions, total=False):
    """Keyword arguments of `client.fine_tuning.jobs.create`.

    `training_files` items may be file ids (strings) or `{"file_id": ..., "weight": ...}`.
    """

    model: Required[str]
    hyperparameters: Required[TrainingParameters | Mapping[str, Any]]
    training_files: Sequence[str | TrainingFile | Mapping[str, Any]] | None
    validation_files: Sequence[str] | None
    suffix: str | None
    integrations: Sequence[Mapping[str, Any]] | None
    repositories: Sequence[Mapping[str, Any]] | None
    auto_start: bool | None
    invalid_sample_skip_percentage: float | None
    job_type: lit.JobTypeValue | JobType | None
    classifier_targets: Sequence[Mapping[str, Any]] | None


class JobListParams(CallOptions, total=False):
    """Keyword arguments of `client.fine_tuning.jobs.list` (pages are numbered from 0)."""

    page: int | None
    page_size: int | None
    model: str | None
    created_after: datetime | None
    created_before: datetime | None
    created_by_me: bool | None
    status: lit.JobStatusValue | JobStatus | None
    wandb_project: str | None
    wandb_name: str | None
    suffix: str | None


_CREATE_FIELDS = api_fields(JobCreateParams)
_LIST_FIELDS = api_fields(JobListParams)


def _training_files(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list | tuple) or not value:
        raise check.fail(
            "training_files", "must be a non-empty list of file ids or {file_id, weight}"
        )
    files: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            files.append({"file_id": check.path_id(item, f"training_files[{index}]")})
            continue
        entry = dict(check.mapping(item, f"training_files[{index}]"))
        check.path_id(entry.get("file_id"), f"training_files[{index}].file_id")
        check.number_in(entry, "weight", 0.0, float("inf"), prefix=f"training_files[{index}].")
        files.append(entry)
    return files


def _job_or_estimate(payload: Any) -> FineTuningJob | FineTuningDryRun:
    # A dry run answers with a cost estimate, which has no `id`.
    if isinstance(payload, dict) and "id" not in payload:
        return FineTuningDryRun.from_dict(payload)
    return FineTuningJob.from_dict(payload)


def create_call(
    params: Mapping[str, Any], dry_run: bool | None
) -> Call[FineTuningJob | FineTuningDryRun]:
    fields, options = prepare(params, _CREATE_FIELDS, "fine_tuning.jobs.create")
    check.boolean({"dry_run": dry_run}, "dry_run")
    check.non_empty_string(fields.get("model"), "model")
    if "training_files" in fields:
        fields["training_files"] = _training_files(fields["training_files"])
    check.string_list(fields, "validation_files")
    check.string(fields, "suffix")
    check.boolean(fields, "auto_start")
    check.number_in(fields, "invalid_sample_skip_percentage", 0.0, 0.5)
    check.one_of(fields, "job_type", enum_values(JobType))
    if "hyperparameters" not in fields:
        raise check.fail("hyperparameters", 'is required (e.g. {"training_steps": 10})')
    hyper = check.mapping(fields["hyperparameters"], "hyperparameters")
    if hyper:
        prefix = "hyperparameters."
        check.positive_int(hyper, "training_steps", prefix=prefix)
        check.number_in(hyper, "learning_rate", 1e-8, 1.0, prefix=prefix)
        check.number_in(hyper, "weight_decay", 0.0, 1.0, prefix=prefix)
        check.number_in(hyper, "warmup_fraction", 0.0, 1.0, prefix=prefix)
        check.number_in(hyper, "epochs", 0.0, float("inf"), low_open=True, prefix=prefix)
        check.number_in(hyper, "fim_ratio", 0.0, 1.0, prefix=prefix)
        check.positive_int(hyper, "seq_len", prefix=prefix)
    query = {} if dry_run is None else {"dry_run": dry_run}
    return Call(
        operation="fine_tuning.jobs.create",
        request=jobs_create._get_kwargs(body=plain_body(fields), **query),
        parse=model_parser(_job_or_estimate),
        # Creating twice would start (and bill) two jobs: only provably unsent requests retry.
        retry_safe=bool(dry_run),
        options=options,
        model=fields["model"],
    )


def list_call(params: Mapping[str, Any]) -> Call[FineTuningJobList]:
    fields, options = prepare(params, _LIST_FIELDS, "fine_tuning.jobs.list")
    check.positive_int(fields, "page", minimum=0)
    check.positive_int(fields, "page_size")
    check.boolean(fields, "created_by_me")
    for name in ("model", "wandb_project", "wandb_name", "suffix"):
        check.string(fields, name)
    for name in ("created_after", "created_before"):
        if name in fields and not isinstance(fields[name], datetime):
            raise check.fail(name, "must be a datetime")
    return Call(
        operation="fine_tuning.jobs.list",
        request=jobs_list._get_kwargs(**query_enums(fields, {"status": JobStatus})),
        parse=model_parser(FineTuningJobList.from_dict),
        retry_safe=True,
        options=options,
    )


def job_call(action: str, job_id: str, options: CallOptions) -> Call[FineTuningJob]:
    """get / cancel / start: the same shape, one path parameter."""
    operation = {"get": jobs_get, "cancel": jobs_cancel, "start": jobs_start}[action]
    return Call(
        operation=f"fine_tuning.jobs.{action}",
        request=operation._get_kwargs(job_id=check.path_id(job_id, "job_id")),
        parse=model_parser(FineTuningJob.from_dict),
        retry_safe=True,
        options=options,
    )


class Jobs(SyncResource):
    """Fine-tuning jobs. Usage: `client.fine_tuning.jobs.create(model=..., training_files=[id])`"""

    @overload
    def create(
        self, *, dry_run: Literal[False] | None = None, **params: Unpack[JobCreateParams]
    ) -> FineTuningJob: ...
    @overload
    def create(
        self, *, dry_run: Literal[True], **params: Unpack[JobCreateParams]
    ) -> FineTuningDryRun: ...
    def create(
        self, *, dry_run: bool | None = None, **params: Unpack[JobCreateParams]
    ) -> FineTuningJob | FineTuningDryRun:
        """Create a job (started at once unless `auto_start=False`). Not retried once sent.

        With `dry_run=True` nothing is created and the cost estimate is returned.
        Usage: `create(model="open-mistral-nemo", training_files=[file_id],
        hyperparameters={"training_steps": 10})`
        """
        return self._run(create_call(params, dry_run))

    def list(self, **params: Unpack[JobListParams]) -> FineTuningJobList:
        """One page of jobs (`page` from 0, `page_size`, filters)."""
        return self._run(list_call(params))

    def iter_all(self, **params: Unpack[JobListParams]) -> Iterator[FineTuningJob]:
        """Every job matching the filters, fetching pages as it goes."""
        return _pagination.iterate(self.list, _pagination.data_and_total, dict(params))

    def get(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """One job, with its status and (once done) `fine_tuned_model`."""
        return self._run(job_call("get", job_id, only_options(options, "fine_tuning.jobs.get")))

    def cancel(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """Ask a job to stop."""
        return self._run(
            job_call("cancel", job_id, only_options(options, "fine_tuning.jobs.cancel"))
        )

    def start(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """Start a job created with `auto_start=False`."""
        return self._run(job_call("start", job_id, only_options(options, "fine_tuning.jobs.start")))


class AsyncJobs(AsyncResource):
    """Async fine-tuning jobs (see `Jobs`)."""

    @overload
    async def create(
        self, *, dry_run: Literal[False] | None = None, **params: Unpack[JobCreateParams]
    ) -> FineTuningJob: ...
    @overload
    async def create(
        self, *, dry_run: Literal[True], **params: Unpack[JobCreateParams]
    ) -> FineTuningDryRun: ...
    async def create(
        self, *, dry_run: bool | None = None, **params: Unpack[JobCreateParams]
    ) -> FineTuningJob | FineTuningDryRun:
        """Create a job, or with `dry_run=True` get its cost estimate. Not retried once sent."""
        return await self._run(create_call(params, dry_run))

    async def list(self, **params: Unpack[JobListParams]) -> FineTuningJobList:
        """One page of jobs."""
        return await self._run(list_call(params))

    def iter_all(self, **params: Unpack[JobListParams]) -> AsyncIterator[FineTuningJob]:
        """Every job matching the filters: `async for job in ...iter_all(): ...`"""
        return _pagination.aiterate(self.list, _pagination.data_and_total, dict(params))

    async def get(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """One job."""
        return await self._run(
            job_call("get", job_id, only_options(options, "fine_tuning.jobs.get"))
        )

    async def cancel(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """Ask a job to stop."""
        return await self._run(
            job_call("cancel", job_id, only_options(options, "fine_tuning.jobs.cancel"))
        )

    async def start(self, job_id: str, **options: Unpack[CallOptions]) -> FineTuningJob:
        """Start a job created with `auto_start=False`."""
        return await self._run(
            job_call("start", job_id, only_options(options, "fine_tuning.jobs.start"))
        )


class FineTuning:
    """`client.fine_tuning`: holds `jobs`."""

    def __init__(self, runner: SyncRunner) -> None:
        self.jobs = Jobs(runner)


class AsyncFineTuning:
    """`async_client.fine_tuning`: holds `jobs`."""

    def __init__(self, runner: AsyncRunner) -> None:
        self.jobs = AsyncJobs(runner)
