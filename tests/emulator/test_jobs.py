"""Fine-tuning and batch jobs, moved along by the emulator clock (no sleeping)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from mistral_client.testing import MistralEmulator

from .conftest import AUTH

TRAINING = (
    b'{"messages": [{"role": "user", "content": "hi"},'
    b' {"role": "assistant", "content": "hello"}]}\n'
)


def upload(http: httpx.Client, content: bytes, purpose: str, name: str = "data.jsonl") -> str:
    response = http.post("/v1/files", files={"file": (name, content)}, data={"purpose": purpose})
    file_id: str = response.json()["id"]
    return file_id


def create_job(http: httpx.Client, **extra: Any) -> dict[str, Any]:
    file_id = upload(http, TRAINING, "fine-tune")
    body = {
        "model": "open-mistral-nemo",
        "training_files": [{"file_id": file_id, "weight": 1}],
        "hyperparameters": {"training_steps": 5},
    }
    response = http.post("/v1/fine_tuning/jobs", json={**body, **extra})
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job


def status(http: httpx.Client, job_id: str) -> str:
    value: str = http.get(f"/v1/fine_tuning/jobs/{job_id}").json()["status"]
    return value


def test_fine_tuning_lifecycle(http: httpx.Client, emu: MistralEmulator) -> None:
    job = create_job(
        http, suffix="mine", integrations=[{"type": "wandb", "project": "p", "api_key": "k" * 40}]
    )
    assert job["status"] == "QUEUED"
    assert job["object"] == "job"
    assert job["integrations"] == [{"type": "wandb", "project": "p"}]
    seen = [status(http, job["id"])]
    for _ in range(4):
        emu.advance(10)
        seen.append(status(http, job["id"]))
    assert seen == ["QUEUED", "VALIDATING", "RUNNING", "SUCCESS", "SUCCESS"]
    done = http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()
    model_id = f"ft:open-mistral-nemo:mine:{job['id'][:8]}"
    assert done["fine_tuned_model"] == model_id
    assert done["trained_tokens"] == 9
    assert [e["data"]["status"] for e in done["events"]] == [
        "SUCCESS",
        "RUNNING",
        "VALIDATING",
        "QUEUED",
    ]
    assert done["checkpoints"][0]["step_number"] == 5
    card = http.get(f"/v1/models/{model_id}").json()
    assert card["type"] == "fine-tuned"
    assert card["root"] == "open-mistral-nemo"
    assert card["job"] == job["id"]
    assert model_id in [m["id"] for m in http.get("/v1/models").json()["data"]]
    chat = http.post(
        "/v1/chat/completions",
        json={"model": model_id, "messages": [{"role": "user", "content": "hi"}]},
    )
    assert chat.status_code == 200
    updated = http.patch(
        f"/v1/fine_tuning/models/{model_id}", json={"name": "Mine", "description": None}
    ).json()
    assert updated["name"] == "Mine"
    assert updated["description"] == "Fine-tuned from open-mistral-nemo"
    assert http.post(f"/v1/fine_tuning/models/{model_id}/archive").json() == {
        "id": model_id,
        "object": "model",
        "archived": True,
    }
    assert http.delete(f"/v1/fine_tuning/models/{model_id}/archive").json()["archived"] is False
    assert http.delete(f"/v1/models/{model_id}").json() == {
        "id": model_id,
        "object": "model",
        "deleted": True,
    }
    assert http.get(f"/v1/models/{model_id}").status_code == 404


def test_a_big_clock_jump_runs_every_step(http: httpx.Client, emu: MistralEmulator) -> None:
    job = create_job(http)
    emu.advance(3600)
    assert status(http, job["id"]) == "SUCCESS"


def test_manual_start(http: httpx.Client, emu: MistralEmulator) -> None:
    job = create_job(http, auto_start=False)
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/start").status_code == 400
    emu.advance(100)
    assert status(http, job["id"]) == "VALIDATED"
    started = http.post(f"/v1/fine_tuning/jobs/{job['id']}/start").json()
    assert started["status"] == "STARTED"
    emu.advance(10)
    assert status(http, job["id"]) == "RUNNING"
    emu.advance(10)
    assert status(http, job["id"]) == "SUCCESS"


def test_cancel(http: httpx.Client, emu: MistralEmulator) -> None:
    job = create_job(http)
    cancelled = http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").json()
    assert cancelled["status"] == "CANCELLATION_REQUESTED"
    emu.advance(10)
    assert status(http, job["id"]) == "CANCELLED"
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").status_code == 400


def test_dry_run_creates_nothing(http: httpx.Client) -> None:
    file_id = upload(http, TRAINING, "fine-tune")
    body = {
        "model": "open-mistral-nemo",
        "training_files": [{"file_id": file_id}],
        "hyperparameters": {},
    }
    estimate = http.post("/v1/fine_tuning/jobs", params={"dry_run": "true"}, json=body).json()
    assert estimate["object"] == "job.metadata"
    assert estimate["data_tokens"] == 9
    assert http.get("/v1/fine_tuning/jobs").json()["total"] == 0


def test_jobs_check_their_inputs(http: httpx.Client) -> None:
    body: dict[str, Any] = {
        "model": "open-mistral-nemo",
        "training_files": [{"file_id": "missing"}],
        "hyperparameters": {},
    }
    missing = http.post("/v1/fine_tuning/jobs", json=body)
    assert missing.status_code == 404
    assert missing.json()["message"] == "File missing not found"
    file_id = upload(http, TRAINING, "fine-tune")
    body["training_files"] = [{"file_id": file_id}]
    body["validation_files"] = ["also-missing"]
    assert http.post("/v1/fine_tuning/jobs", json=body).status_code == 404
    not_tunable = {**body, "model": "mistral-small-latest", "validation_files": None}
    assert http.post("/v1/fine_tuning/jobs", json=not_tunable).status_code == 400
    assert http.get("/v1/fine_tuning/jobs/nope").status_code == 404


def test_jobs_list_filters(http: httpx.Client, emu: MistralEmulator) -> None:
    first = create_job(http, suffix="a")
    emu.advance(10)
    second = create_job(http, suffix="b")
    listing = http.get("/v1/fine_tuning/jobs").json()
    assert [j["id"] for j in listing["data"]] == [second["id"], first["id"]]
    assert listing["total"] == 2
    assert http.get("/v1/fine_tuning/jobs", params={"status": "VALIDATING"}).json()["total"] == 1
    assert (
        http.get("/v1/fine_tuning/jobs", params={"suffix": "b"}).json()["data"][0]["id"]
        == second["id"]
    )
    after = http.get(
        "/v1/fine_tuning/jobs", params={"created_after": "2026-01-01T00:00:05Z"}
    ).json()
    assert [j["id"] for j in after["data"]] == [second["id"]]
    assert http.get("/v1/fine_tuning/jobs", params={"model": "other"}).json()["total"] == 0
    assert len(http.get("/v1/fine_tuning/jobs", params={"page_size": 1}).json()["data"]) == 1


def test_jobs_advance_on_poll() -> None:
    with (
        MistralEmulator(jobs_advance_on_poll=True) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH) as http,
    ):
        job = create_job(http)
        assert [status(http, job["id"]) for _ in range(4)] == [
            "VALIDATING",
            "RUNNING",
            "SUCCESS",
            "SUCCESS",
        ]
        batch_file = upload(http, b'{"custom_id": "1", "body": {"input": "x"}}\n', "batch")
        batch = http.post(
            "/v1/batch/jobs",
            json={
                "input_files": [batch_file],
                "endpoint": "/v1/embeddings",
                "model": "mistral-embed",
            },
        ).json()
        statuses = [http.get(f"/v1/batch/jobs/{batch['id']}").json()["status"] for _ in range(3)]
        assert statuses == ["RUNNING", "SUCCESS", "SUCCESS"]


BATCH_LINES = [
    {
        "custom_id": "a",
        "body": {"messages": [{"role": "user", "content": "first"}], "max_tokens": 5},
    },
    {
        "custom_id": "b",
        "body": {"messages": [{"role": "user", "content": "second"}], "stream": True},
    },
    {"custom_id": "c", "body": {"messages": [], "bogus": 1}},
]


def batch_file(http: httpx.Client) -> str:
    content = "".join(json.dumps(line) + "\n" for line in BATCH_LINES) + "not json\n\n"
    return upload(http, content.encode(), "batch", "batch.jsonl")


def test_batch_lifecycle(http: httpx.Client, emu: MistralEmulator) -> None:
    input_file = batch_file(http)
    job = http.post(
        "/v1/batch/jobs",
        json={
            "input_files": [input_file],
            "endpoint": "/v1/chat/completions",
            "model": "mistral-small-latest",
            "metadata": {"k": "v"},
        },
    ).json()
    assert job["object"] == "batch"
    assert job["status"] == "QUEUED"
    assert job["metadata"] == {"k": "v"}
    progress = []
    for _ in range(4):
        emu.advance(10)
        current = http.get(f"/v1/batch/jobs/{job['id']}").json()
        progress.append(
            (
                current["status"],
                current["total_requests"],
                current["completed_requests"],
                current["succeeded_requests"],
                current["failed_requests"],
            )
        )
    assert progress == [
        ("RUNNING", 4, 0, 0, 0),
        ("RUNNING", 4, 2, 2, 0),
        ("SUCCESS", 4, 4, 2, 2),
        ("SUCCESS", 4, 4, 2, 2),
    ]
    assert current["started_at"] == job["created_at"] + 10
    assert current["completed_at"] == job["created_at"] + 30
    assert current["errors"] == [{"message": "2 request(s) failed", "count": 2}]
    output = [
        json.loads(line)
        for line in http.get(f"/v1/files/{current['output_file']}/content").text.splitlines()
    ]
    assert [line["custom_id"] for line in output] == ["a", "b"]
    assert output[0]["response"]["status_code"] == 200
    assert output[0]["response"]["body"]["choices"][0]["message"]["content"] == "Echo: first"
    assert output[0]["error"] is None
    assert output[0]["id"].startswith("batch-")
    errors = [
        json.loads(line)
        for line in http.get(f"/v1/files/{current['error_file']}/content").text.splitlines()
    ]
    assert [line["custom_id"] for line in errors] == ["c", None]
    assert errors[0]["response"]["status_code"] == 422
    assert errors[0]["error"]["code"] == 422
    assert errors[1]["response"]["status_code"] == 400
    card = http.get(f"/v1/files/{current['output_file']}").json()
    assert (card["purpose"], card["sample_type"], card["source"]) == (
        "batch",
        "batch_result",
        "mistral",
    )


def test_inline_batch_with_an_agent(http: httpx.Client, emu: MistralEmulator) -> None:
    agent = http.post("/v1/agents", json={"model": "mistral-small-latest", "name": "a"}).json()
    requests = [
        {
            "custom_id": "x",
            "body": {"messages": [{"role": "user", "content": "yo"}], "model": "ignored"},
        }
    ]
    job = http.post(
        "/v1/batch/jobs",
        json={"requests": requests, "endpoint": "/v1/chat/completions", "agent_id": agent["id"]},
    ).json()
    assert (
        http.get(f"/v1/batch/jobs/{job['id']}", params={"inline": "true"}).json()["outputs"] is None
    )
    emu.advance(60)
    done = http.get(f"/v1/batch/jobs/{job['id']}", params={"inline": "true"}).json()
    assert done["status"] == "SUCCESS"
    (line,) = done["outputs"]
    assert line["response"]["body"]["choices"][0]["message"]["content"] == "Echo: yo"


def test_batch_cancel_and_checks(http: httpx.Client, emu: MistralEmulator) -> None:
    input_file = batch_file(http)
    body = {
        "input_files": [input_file],
        "endpoint": "/v1/chat/completions",
        "model": "mistral-small-latest",
    }
    job = http.post("/v1/batch/jobs", json=body).json()
    assert (
        http.post(f"/v1/batch/jobs/{job['id']}/cancel").json()["status"] == "CANCELLATION_REQUESTED"
    )
    emu.advance(10)
    assert http.get(f"/v1/batch/jobs/{job['id']}").json()["status"] == "CANCELLED"
    assert http.post(f"/v1/batch/jobs/{job['id']}/cancel").status_code == 400
    assert http.post("/v1/batch/jobs", json={**body, "input_files": ["missing"]}).status_code == 404
    assert http.post("/v1/batch/jobs", json={**body, "endpoint": "/v1/ocr"}).status_code == 400
    assert http.post("/v1/batch/jobs", json={**body, "model": None}).status_code == 400
    assert http.post("/v1/batch/jobs", json={**body, "input_files": []}).status_code == 400
    assert (
        http.post("/v1/batch/jobs", json={**body, "model": None, "agent_id": "ag_x"}).status_code
        == 404
    )
    assert http.get("/v1/batch/jobs/missing").status_code == 404


def test_batch_list_filters(http: httpx.Client, emu: MistralEmulator) -> None:
    input_file = batch_file(http)
    first = http.post(
        "/v1/batch/jobs",
        json={
            "input_files": [input_file],
            "endpoint": "/v1/chat/completions",
            "model": "mistral-small-latest",
        },
    ).json()
    emu.advance(10)
    second = http.post(
        "/v1/batch/jobs",
        json={
            "input_files": [input_file],
            "endpoint": "/v1/moderations",
            "model": "mistral-moderation-latest",
        },
    ).json()
    listing = http.get("/v1/batch/jobs").json()
    assert [j["id"] for j in listing["data"]] == [second["id"], first["id"]]
    assert [
        j["id"] for j in http.get("/v1/batch/jobs", params={"order_by": "created"}).json()["data"]
    ] == [first["id"], second["id"]]
    assert (
        http.get("/v1/batch/jobs", params=[("status", "RUNNING")]).json()["data"][0]["id"]
        == first["id"]
    )
    assert (
        http.get("/v1/batch/jobs", params={"model": "mistral-moderation-latest"}).json()["total"]
        == 1
    )
    assert (
        http.get("/v1/batch/jobs", params={"created_after": "2026-01-01T00:00:05Z"}).json()["total"]
        == 1
    )
