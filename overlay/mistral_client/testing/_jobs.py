"""Fine-tuning jobs and batch jobs, moved along by the emulator's clock.

Every `job_step_seconds` of emulator time a job takes one step (or one step per GET of
that job with `jobs_advance_on_poll`):
- fine-tuning: QUEUED -> VALIDATING -> RUNNING -> SUCCESS; with auto_start false,
  QUEUED -> VALIDATING -> VALIDATED, then start: STARTED -> RUNNING -> SUCCESS; cancel:
  CANCELLATION_REQUESTED -> CANCELLED. SUCCESS adds ``ft:<base>:<suffix>:<id8>`` to the
  models (suffix defaults to "emulated").
- batch: QUEUED -> RUNNING, then each step runs half of the requests (rounded up) through
  the emulator's own handler for the job's endpoint, then SUCCESS with an output file
  (one line per success) and an error file (one per failure); cancel:
  CANCELLATION_REQUESTED -> CANCELLED.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from . import _errors
from ._files import get_file, store
from ._models import add_fine_tuned_model, require_model
from ._state import BatchJob, EmulatorState, FineTuningJob
from ._text import count_tokens
from ._types import Call, JsonReply, Reply

_FT_NEXT = {
    "QUEUED": "VALIDATING",
    "STARTED": "RUNNING",
    "RUNNING": "SUCCESS",
    "CANCELLATION_REQUESTED": "CANCELLED",
}
_FT_CANCELLABLE = {"QUEUED", "STARTED", "VALIDATING", "VALIDATED", "RUNNING"}
_BATCH_CANCELLABLE = {"QUEUED", "RUNNING"}
_DEFAULT_HYPERPARAMETERS = {
    "training_steps": 10,
    "learning_rate": 0.0001,
    "weight_decay": 0.1,
    "warmup_fraction": 0.05,
    "epochs": None,
    "seq_len": 32768,
    "fim_ratio": None,
}

BATCH_ENDPOINTS = {
    "/v1/chat/completions": "chat_complete",
    "/v1/fim/completions": "fim_complete",
    "/v1/embeddings": "embeddings_create",
    "/v1/moderations": "moderations_create",
    "/v1/chat/moderations": "chat_moderations_create",
    "/v1/classifications": "classifications_create",
    "/v1/chat/classifications": "chat_classifications_create",
}


def _page(call: Call, items: list[Any]) -> tuple[list[Any], int]:
    page = int(call.query.get("page", 0))
    size = int(call.query.get("page_size", 100))
    return items[page * size : (page + 1) * size] if size > 0 else [], len(items)


def _due(state: EmulatorState, started: float, poll: bool) -> tuple[int, bool]:
    """(steps due for a job whose stage began at `started`, whether they come from a poll)."""
    if poll and state.settings.jobs_advance_on_poll:
        return 1, True
    step = state.settings.job_step_seconds
    if step <= 0:
        return 1_000_000, False
    return max(0, math.floor((state.now() - started) / step)), False


def _stage_start(state: EmulatorState, started: float, from_poll: bool) -> float:
    return state.now() if from_poll else started + max(state.settings.job_step_seconds, 0)


# -- fine-tuning ------------------------------------------------------------------------


def _file_ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else []
    return [str(i.get("file_id") if isinstance(i, dict) else i) for i in items]


def _ft_enter(state: EmulatorState, job: FineTuningJob, status: str, at: float) -> None:
    job.status = status
    job.modified_at = int(at)
    job.events.append({"name": "status-updated", "data": {"status": status}, "created_at": int(at)})
    if status != "SUCCESS":
        return
    base = require_model(state, job.model)
    suffix = job.request.get("suffix") or "emulated"
    job.fine_tuned_model = f"ft:{base['id']}:{suffix}:{job.id[:8]}"
    job.trained_tokens = job.data_tokens * max(1, int(_hyper(job).get("epochs") or 1))
    steps = int(_hyper(job).get("training_steps") or 10)
    metrics = {"train_loss": 0.5, "valid_loss": 0.6, "valid_mean_token_accuracy": 0.9}
    job.checkpoints.append({"metrics": metrics, "step_number": steps, "created_at": int(at)})
    extra: dict[str, Any] = {}
    if job.request.get("classifier_targets"):
        extra["classifier_targets"] = job.request["classifier_targets"]
    add_fine_tuned_model(state, job.fine_tuned_model, base, job.id, extra)


def _ft_next(job: FineTuningJob) -> str | None:
    if job.status == "VALIDATING":
        return "RUNNING" if job.auto_start else "VALIDATED"
    return _FT_NEXT.get(job.status)


def advance_ft(state: EmulatorState, job: FineTuningJob, poll: bool = False) -> None:
    due, from_poll = _due(state, job.stage_started, poll)
    while due > 0 and _ft_next(job) is not None:
        job.stage_started = _stage_start(state, job.stage_started, from_poll)
        _ft_enter(state, job, str(_ft_next(job)), job.stage_started)
        due -= 1


def _hyper(job: FineTuningJob) -> dict[str, Any]:
    given = job.request.get("hyperparameters")
    return {**_DEFAULT_HYPERPARAMETERS, **(given if isinstance(given, dict) else {})}


def _ft_json(job: FineTuningJob, detailed: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": job.id,
        "auto_start": job.auto_start,
        "model": job.model,
        "status": job.status,
        "created_at": job.created_at,
        "modified_at": job.modified_at,
        "training_files": job.training_files,
        "validation_files": job.validation_files,
        "object": "job",
        "fine_tuned_model": job.fine_tuned_model,
        "suffix": job.request.get("suffix"),
        "integrations": _without(job.request.get("integrations"), "api_key"),
        "trained_tokens": job.trained_tokens,
        "metadata": _ft_metadata(job),
        "job_type": job.request.get("job_type") or "completion",
        "repositories": _without(job.request.get("repositories"), "token"),
        "hyperparameters": _hyper(job),
    }
    if job.request.get("classifier_targets"):
        data["classifier_targets"] = job.request["classifier_targets"]
    if detailed:
        data["events"] = list(reversed(job.events))
        data["checkpoints"] = list(job.checkpoints)
    return data


def _without(items: Any, secret: str) -> list[Any]:
    """Integrations and repositories as answers show them: without their credentials."""
    return [
        {k: v for k, v in item.items() if k != secret} if isinstance(item, dict) else item
        for item in items or []
    ]


def _ft_metadata(job: FineTuningJob) -> dict[str, Any]:
    steps = int(_hyper(job).get("training_steps") or 10)
    return {
        "expected_duration_seconds": 3 * 10,
        "cost": round(job.data_tokens * 0.000008, 6),
        "cost_currency": "EUR",
        "train_tokens_per_step": max(1, job.data_tokens // steps),
        "train_tokens": job.data_tokens,
        "data_tokens": job.data_tokens,
        "estimated_start_time": None,
    }


def jobs_create(call: Call) -> Reply:
    state, body = call.state, call.body
    card = require_model(state, body.get("model"))
    if not card["capabilities"].get("fine_tuning"):
        raise _errors.bad_request(f"Model {card['id']} is not available for fine-tuning")
    training = _file_ids(body.get("training_files"))
    validation = _file_ids(body.get("validation_files"))
    records = [get_file(state, file_id) for file_id in [*training, *validation]]
    tokens = sum(count_tokens(r.content.decode("utf-8", "replace")) for r in records)
    now = state.now()
    job = FineTuningJob(
        id=state.ids.uuid4("ft_job"),
        model=str(body["model"]),
        request=dict(body),
        training_files=training,
        validation_files=validation,
        auto_start=body.get("auto_start", True) is not False,
        created_at=int(now),
        seq=state.next_seq(),
        stage_started=now,
        modified_at=int(now),
        data_tokens=tokens,
    )
    if _truthy(call.query.get("dry_run")):
        metadata = _ft_metadata(job)
        hyper = _hyper(job)
        metadata.update(
            {
                "object": "job.metadata",
                "deprecated": True,
                "details": "",
                "epochs": hyper.get("epochs"),
                "training_steps": hyper.get("training_steps"),
            }
        )
        return JsonReply(metadata)
    job.events.append(
        {"name": "status-updated", "data": {"status": "QUEUED"}, "created_at": int(now)}
    )
    state.ft_jobs[job.id] = job
    return JsonReply(_ft_json(job, detailed=False))


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "yes"))


def _ft_job(call: Call) -> FineTuningJob:
    job = call.state.ft_jobs.get(call.path_params["job_id"])
    if job is None:
        raise _errors.not_found("Job", call.path_params["job_id"])
    advance_ft(call.state, job)
    return job


def _epoch(value: Any) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def jobs_list(call: Call) -> Reply:
    jobs = sorted(call.state.ft_jobs.values(), key=lambda j: j.seq, reverse=True)
    for job in jobs:
        advance_ft(call.state, job)
    query = call.query
    after, before = _epoch(query.get("created_after")), _epoch(query.get("created_before"))
    project = query.get("wandb_project")
    jobs = [
        j
        for j in jobs
        if (not query.get("model") or j.model == query["model"])
        and (not query.get("status") or j.status == query["status"])
        and (not query.get("suffix") or j.request.get("suffix") == query["suffix"])
        and (after is None or j.created_at > after)
        and (before is None or j.created_at < before)
        and (
            not project
            or any(i.get("project") == project for i in j.request.get("integrations") or [])
        )
    ]
    shown, total = _page(call, jobs)
    data = [_ft_json(j, detailed=False) for j in shown]
    return JsonReply({"data": data, "object": "list", "total": total})


def jobs_get(call: Call) -> Reply:
    job = _ft_job(call)
    advance_ft(call.state, job, poll=True)
    return JsonReply(_ft_json(job, detailed=True))


def jobs_cancel(call: Call) -> Reply:
    job = _ft_job(call)
    if job.status not in _FT_CANCELLABLE:
        raise _errors.bad_request(f"Job {job.id} is {job.status}: it cannot be cancelled")
    job.stage_started = call.state.now()
    _ft_enter(call.state, job, "CANCELLATION_REQUESTED", job.stage_started)
    return JsonReply(_ft_json(job, detailed=True))


def jobs_start(call: Call) -> Reply:
    job = _ft_job(call)
    if job.status != "VALIDATED":
        raise _errors.bad_request(f"Job {job.id} is {job.status}: only a VALIDATED job starts")
    job.stage_started = call.state.now()
    _ft_enter(call.state, job, "STARTED", job.stage_started)
    return JsonReply(_ft_json(job, detailed=True))


# -- batch ------------------------------------------------------------------------------


def _batch_json(job: BatchJob) -> dict[str, Any]:
    errors = []
    if job.failed:
        errors.append({"message": f"{job.failed} request(s) failed", "count": job.failed})
    return {
        "id": job.id,
        "object": "batch",
        "input_files": job.input_files,
        "metadata": job.metadata,
        "endpoint": job.endpoint,
        "model": job.model,
        "agent_id": job.agent_id,
        "output_file": job.output_file,
        "error_file": job.error_file,
        "errors": errors,
        "status": job.status,
        "created_at": job.created_at,
        "total_requests": job.total,
        "completed_requests": job.succeeded + job.failed,
        "succeeded_requests": job.succeeded,
        "failed_requests": job.failed,
        "started_at": job.started_at,
        "completed_at": job.completed_at,
    }


def _run_line(state: EmulatorState, job: BatchJob, line: bytes) -> None:
    custom_id: Any = None
    line_id = f"batch-{state.ids.hex32('batch_line')}"
    try:
        request = json.loads(line)
        if not isinstance(request, dict) or not isinstance(request.get("body"), dict):
            raise ValueError("each line needs a JSON object with a `body` object")
        custom_id = request.get("custom_id")
        body = dict(request["body"])
        body.pop("stream", None)
        operation = BATCH_ENDPOINTS[job.endpoint]
        if job.agent_id is not None and operation == "chat_complete":
            operation = "agents_complete"
            body.pop("model", None)
            body.setdefault("agent_id", job.agent_id)
        elif job.model is not None:
            body.setdefault("model", job.model)
        status, answer = state.invoke(operation, body)
    except ValueError as exc:
        status, answer = 400, _errors.error_object(str(exc), "invalid_request_error")
    result = {
        "id": line_id,
        "custom_id": custom_id,
        "response": {"status_code": status, "body": answer},
    }
    if status < 400:
        job.succeeded += 1
        job.output_lines.append(json.dumps({**result, "error": None}))
    else:
        job.failed += 1
        message = answer.get("message") if isinstance(answer, dict) else None
        error = {
            "message": message if isinstance(message, str) else json.dumps(answer),
            "code": status,
        }
        job.error_lines.append(json.dumps({**result, "error": error}))


def _batch_finish(state: EmulatorState, job: BatchJob, at: float) -> None:
    job.status = "SUCCESS"
    job.completed_at = int(at)
    for lines, suffix, sample_type in (
        (job.output_lines, "", "batch_result"),
        (job.error_lines, "_error", "batch_error"),
    ):
        if lines:
            content = ("\n".join(lines) + "\n").encode()
            record = store(
                state,
                f"{job.id}{suffix}.jsonl",
                content,
                "batch",
                sample_type=sample_type,
                source="mistral",
            )
            if suffix:
                job.error_file = record.id
            else:
                job.output_file = record.id


def _batch_step(state: EmulatorState, job: BatchJob, at: float) -> None:
    if job.status == "QUEUED":
        job.status = "RUNNING"
        job.started_at = int(at)
        for file_id in job.input_files:
            record = state.files.get(file_id)
            content = record.content if record else b""
            job.pending.extend(line for line in content.splitlines() if line.strip())
        job.pending.extend(json.dumps(request).encode() for request in job.inline_requests)
        job.total = len(job.pending)
    elif job.status == "RUNNING":
        chunk = max(1, math.ceil(job.total / 2))
        for _ in range(min(chunk, len(job.pending))):
            _run_line(state, job, job.pending.pop(0))
        if not job.pending:
            _batch_finish(state, job, at)
    elif job.status == "CANCELLATION_REQUESTED":
        job.status = "CANCELLED"
        job.completed_at = int(at)


def advance_batch(state: EmulatorState, job: BatchJob, poll: bool = False) -> None:
    due, from_poll = _due(state, job.stage_started, poll)
    while due > 0 and job.status in ("QUEUED", "RUNNING", "CANCELLATION_REQUESTED"):
        job.stage_started = _stage_start(state, job.stage_started, from_poll)
        _batch_step(state, job, job.stage_started)
        due -= 1


def batch_jobs_create(call: Call) -> Reply:
    state, body = call.state, call.body
    endpoint = body.get("endpoint")
    if endpoint not in BATCH_ENDPOINTS:
        raise _errors.bad_request(f"Endpoint {endpoint} is not supported by the emulator's batch")
    if body.get("model") is None and body.get("agent_id") is None:
        raise _errors.bad_request("Either model or agent_id must be given")
    if body.get("model") is not None:
        require_model(state, body["model"])
    if body.get("agent_id") is not None and body["agent_id"] not in state.agents:
        raise _errors.not_found("Agent", str(body["agent_id"]))
    input_files = [str(f) for f in body.get("input_files") or []]
    requests = list(body.get("requests") or [])
    if not input_files and not requests:
        raise _errors.bad_request("Either input_files or requests must be given")
    for file_id in input_files:
        get_file(state, file_id)
    now = state.now()
    job = BatchJob(
        id=state.ids.uuid4("batch_job"),
        input_files=input_files,
        endpoint=str(endpoint),
        model=body.get("model"),
        agent_id=body.get("agent_id"),
        metadata=body.get("metadata"),
        created_at=int(now),
        seq=state.next_seq(),
        stage_started=now,
        inline_requests=requests,
    )
    state.batch_jobs[job.id] = job
    return JsonReply(_batch_json(job))


def _batch_job(call: Call) -> BatchJob:
    job = call.state.batch_jobs.get(call.path_params["job_id"])
    if job is None:
        raise _errors.not_found("Batch job", call.path_params["job_id"])
    advance_batch(call.state, job)
    return job


def batch_jobs_list(call: Call) -> Reply:
    query = call.query
    newest_first = query.get("order_by", "-created") != "created"
    jobs = sorted(call.state.batch_jobs.values(), key=lambda j: j.seq, reverse=newest_first)
    for job in jobs:
        advance_batch(call.state, job)
    statuses = query.get("status")
    statuses = statuses if isinstance(statuses, list) else [statuses] if statuses else []
    after = _epoch(query.get("created_after"))
    jobs = [
        j
        for j in jobs
        if (not query.get("model") or j.model == query["model"])
        and (not query.get("agent_id") or j.agent_id == query["agent_id"])
        and (not statuses or j.status in statuses)
        and (after is None or j.created_at > after)
    ]
    shown, total = _page(call, jobs)
    return JsonReply({"data": [_batch_json(j) for j in shown], "object": "list", "total": total})


def batch_jobs_get(call: Call) -> Reply:
    job = _batch_job(call)
    advance_batch(call.state, job, poll=True)
    data = _batch_json(job)
    if _truthy(call.query.get("inline")):
        lines = job.output_lines + job.error_lines
        data["outputs"] = [json.loads(line) for line in lines] if job.completed_at else None
    return JsonReply(data)


def batch_jobs_cancel(call: Call) -> Reply:
    job = _batch_job(call)
    if job.status not in _BATCH_CANCELLABLE:
        raise _errors.bad_request(f"Batch job {job.id} is {job.status}: it cannot be cancelled")
    job.status = "CANCELLATION_REQUESTED"
    job.stage_started = call.state.now()
    return JsonReply(_batch_json(job))
