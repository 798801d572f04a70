"""`client.batch.run` against the emulator: real uploads, jobs, polls and downloads on
loopback. Jobs step once per poll (`jobs_advance_on_poll`) and sleeps are injected, so
nothing waits on a clock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mistral_client import AsyncMistral, BatchLimits, BatchProgress, Mistral, errors
from mistral_client.models import ChatCompletionResponse, EmbeddingResponse
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY

MODEL = "mistral-small-latest"


@pytest.fixture(scope="module")
def shared() -> Iterator[MistralEmulator]:
    with MistralEmulator(
        api_key=CANARY_KEY, jobs_advance_on_poll=True, requests_per_minute=None
    ) as emulator:
        yield emulator


@pytest.fixture
def emu(shared: MistralEmulator) -> MistralEmulator:
    shared.reset()
    return shared


@pytest.fixture
def client(emu: MistralEmulator) -> Iterator[Mistral]:
    with Mistral(api_key=CANARY_KEY, base_url=emu.base_url, max_retries=0) as sync_client:
        yield sync_client


def ask(text: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": text}]}


# Passes every client-side rule, but the API refuses a conversation ending on the assistant.
REFUSED = {"messages": [{"role": "assistant", "content": "I spoke last."}]}


def no_sleep(seconds: float) -> None:
    pass


def creates(emu: MistralEmulator) -> int:
    return sum(1 for r in emu.requests if r.method == "POST" and r.path == "/v1/batch/jobs")


def uploads(emu: MistralEmulator) -> int:
    return sum(1 for r in emu.requests if r.method == "POST" and r.path == "/v1/files")


def test_ten_thousand_lines_with_failures_matched_by_custom_id(
    client: Mistral, emu: MistralEmulator
) -> None:
    failing = {17, 2500, 5001, 7777, 9999}
    rows = (
        {"custom_id": f"q-{i}", **(REFUSED if i in failing else ask(f"prompt {i}"))}
        for i in range(10_000)  # a generator: the runner never needs the whole list
    )
    seen: list[BatchProgress] = []
    results = client.batch.run(rows, model=MODEL, sleep=no_sleep, on_progress=seen.append)
    by_id = {result.custom_id: result for result in results}
    assert len(by_id) == 10_000
    failed = {cid for cid, result in by_id.items() if not result.ok}
    assert failed == {f"q-{i}" for i in failing}
    for cid in failed:
        error = by_id[cid].error
        assert isinstance(error, errors.InvalidRequestError)
        assert error.status_code == 400
        assert by_id[cid].response is None
    sample = by_id["q-4242"]
    assert isinstance(sample.response, ChatCompletionResponse)
    assert sample.response.choices[0].message.content == "Echo: prompt 4242"
    assert sample.line == 4243
    assert all(
        r.response.choices[0].message.content == f"Echo: prompt {cid[2:]}"  # type: ignore[union-attr]
        for cid, r in by_id.items()
        if r.ok
    )
    assert (results.succeeded, results.failed, results.total) == (9_995, 5, 10_000)
    assert (uploads(emu), creates(emu)) == (1, 1)
    last = seen[-1]
    assert (last.total, last.succeeded, last.failed, last.jobs_done) == (10_000, 9_995, 5, 1)


def test_large_input_splits_into_jobs_and_merges_in_input_order(
    client: Mistral, emu: MistralEmulator
) -> None:
    rows = [ask(f"n{i}") for i in range(10)]
    results = client.batch.run(
        rows, model=MODEL, sleep=no_sleep, ordered=True, limits=BatchLimits(max_requests=4)
    )
    assert len(results.job_ids) == 3 == creates(emu) == uploads(emu)
    ordered = list(results)
    assert [r.line for r in ordered] == list(range(1, 11))
    assert [r.response.choices[0].message.content for r in ordered if r.response] == [
        f"Echo: n{i}" for i in range(10)
    ]
    names = sorted(
        f.filename
        for f in client.files.iter_all(purpose="batch")
        if f.filename.startswith("batch-run-")
    )
    run = names[0].split("-part-")[0]
    assert names == [f"{run}-part-{i:04d}.jsonl" for i in range(3)]


def test_byte_limit_splits_too(client: Mistral, emu: MistralEmulator) -> None:
    rows = [ask("x" * 100) for _ in range(6)]  # 161 bytes a line: two fit in 350
    results = client.batch.run(rows, model=MODEL, sleep=no_sleep, limits=BatchLimits(max_bytes=350))
    assert len(results.job_ids) == 3
    assert sum(1 for r in results if r.ok) == 6


def test_jsonl_path_and_batch_line_format(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"custom_id": "a", "body": ask("first")}),
        "",
        json.dumps(ask("third")),
    ]
    source.write_text("\n".join(lines) + "\n")
    results = list(client.batch.run(source, model=MODEL, sleep=no_sleep, ordered=True))
    assert [(r.custom_id, r.line) for r in results] == [("a", 1), ("3", 3)]
    sent = b"".join(r.content for r in emu.requests if r.path == "/v1/files")
    assert b'"custom_id":"a","body":{"messages"' in sent
    assert b'"model"' not in sent.split(b"\r\n\r\n", 2)[-1].split(b"--")[0]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"messages": [{"role": "robot", "content": "hi"}]}, "body.messages[0].role"),
        ({"messages": []}, "body.messages"),
        ({**ask("hi"), "temprature": 0.2}, "body.temprature"),
        ({**ask("hi"), "temperature": "hot"}, "body.temperature"),
        ({**ask("hi"), "stream": True}, "body.stream"),
        ({**ask("hi"), "timeout": 3}, "body.timeout"),
        ({**ask("hi"), "model": "other-model"}, "body.model"),
        ({"custom_id": 7, **ask("hi")}, "custom_id"),
        ({"custom_id": "first", **ask("hi")}, "custom_id"),
        ("not a dict", "request"),
    ],
)
def test_a_bad_line_is_refused_before_any_upload(
    client: Mistral, emu: MistralEmulator, line: Any, field: str
) -> None:
    rows = [{"custom_id": "first", **ask("ok")}, ask("fine"), line, ask("never read")]
    with pytest.raises(errors.BatchInputError) as caught:
        client.batch.run(rows, model=MODEL, sleep=no_sleep)
    assert (caught.value.line, caught.value.field) == (3, field)
    assert str(caught.value).startswith(f"line 3: {field}: ")
    assert emu.requests == []


def test_unparseable_jsonl_line_names_its_line(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(ask("ok")) + "\n{not json\n")
    with pytest.raises(errors.BatchInputError, match=r"^line 2: request: is not valid JSON"):
        client.batch.run(source, model=MODEL, sleep=no_sleep)
    assert emu.requests == []


def test_skip_invalid_reports_bad_lines_and_runs_the_rest(
    client: Mistral, emu: MistralEmulator
) -> None:
    rows = [ask("a"), {"messages": "nope"}, ask("c"), {"custom_id": "d", "messages": []}]
    results = client.batch.run(rows, model=MODEL, sleep=no_sleep, skip_invalid=True, ordered=True)
    assert [e.line for e in results.invalid] == [2, 4]
    assert len(results) == 4
    outcome = [(r.custom_id, r.ok, type(r.error).__name__) for r in results]
    assert outcome == [
        ("1", True, "NoneType"),
        ("2", False, "BatchInputError"),
        ("3", True, "NoneType"),
        ("d", False, "BatchInputError"),
    ]
    assert b"nope" not in b"".join(r.content for r in emu.requests)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({}, "model"),
        ({"model": MODEL, "agent_id": "ag_1"}, "model"),
        ({"model": MODEL, "endpoint": "/v1/ocr"}, "endpoint"),
        ({"agent_id": "ag_1", "endpoint": "/v1/embeddings"}, "agent_id"),
        ({"model": MODEL, "poll_interval": -1}, "poll_interval"),
        ({"model": MODEL, "ordered": "yes"}, "ordered"),
        ({"model": MODEL, "limits": 10}, "limits"),
        ({"model": MODEL, "metadata": {"k": 1}}, "metadata.k"),
        ({"model": MODEL, "state_path": 3}, "state_path"),
        ({"model": MODEL, "state_path": "/no/such/folder/state.json"}, "state_path"),
        ({"model": MODEL, "timeout_hours": 0}, "timeout_hours"),
        ({"model": MODEL, "on_progress": "print"}, "on_progress"),
        ({"model": MODEL, "poll_every": 3}, "poll_every"),
    ],
)
def test_bad_run_arguments_are_typed_errors(
    client: Mistral, emu: MistralEmulator, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        client.batch.run([ask("a")], **options)
    assert caught.value.field == field
    assert emu.requests == []


def test_nothing_valid_is_refused(client: Mistral, emu: MistralEmulator) -> None:
    with pytest.raises(errors.RequestValidationError, match="no valid request"):
        client.batch.run([{"messages": []}], model=MODEL, skip_invalid=True)
    with pytest.raises(errors.RequestValidationError, match="iterable of request bodies"):
        client.batch.run(42, model=MODEL)  # type: ignore[call-overload]
    assert emu.requests == []


class Interrupt:
    """A sleep that presses Ctrl-C the first time the runner waits between polls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.calls == 1:
            raise KeyboardInterrupt


def test_interrupted_run_resumes_its_job_without_a_second_one(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    rows = [ask(f"r{i}") for i in range(30)]
    with pytest.raises(KeyboardInterrupt):
        client.batch.run(rows, model=MODEL, state_path=state, sleep=Interrupt())
    recorded = json.loads(state.read_text())
    assert recorded["parts"][0]["job_id"]
    assert recorded["parts"][0]["status"] == "RUNNING"
    assert creates(emu) == 1
    results = client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep)
    assert sum(1 for r in results if r.ok) == 30
    assert (creates(emu), uploads(emu)) == (1, 1)
    assert not any(r.path.endswith("/cancel") for r in emu.requests)
    # Once done, the same call reads the downloaded results again: no request at all.
    emu.clear_requests()
    again = client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep)
    assert sum(1 for r in again if r.ok) == 30
    assert emu.requests == []


def test_a_create_whose_answer_was_lost_is_found_not_sent_again(
    client: Mistral, emu: MistralEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "run.state.json"
    rows = [ask("one"), ask("two")]
    real_create = client.batch.jobs.create

    def crash_after_create(**params: Any) -> Any:
        real_create(**params)  # reached the server ...
        raise KeyboardInterrupt  # ... but the process died before recording the answer

    monkeypatch.setattr(client.batch.jobs, "create", crash_after_create)
    with pytest.raises(KeyboardInterrupt):
        client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep)
    assert json.loads(state.read_text())["parts"][0]["creating"] is True
    monkeypatch.undo()
    results = client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep)
    assert [r.ok for r in results] == [True, True]
    assert (creates(emu), uploads(emu)) == (1, 1)


def test_cancel_on_interrupt_cancels_and_every_line_still_gets_a_result(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    rows = [ask(f"c{i}") for i in range(8)]
    with pytest.raises(KeyboardInterrupt):
        client.batch.run(
            rows, model=MODEL, state_path=state, sleep=Interrupt(), cancel_on_interrupt=True
        )
    assert sum(1 for r in emu.requests if r.path.endswith("/cancel")) == 1
    results = list(
        client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep, ordered=True)
    )
    assert [r.custom_id for r in results] == [str(line) for line in range(1, 9)]
    assert len(results) == 8
    assert creates(emu) == 1
    assert all(isinstance(r.error, errors.BatchError) for r in results)
    assert "ended CANCELLED" in str(results[0].error)


def test_state_of_other_input_is_refused(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    with pytest.raises(errors.BatchError, match="other input"):
        client.batch.run([ask("b")], model=MODEL, state_path=state, sleep=no_sleep)
    state.write_text("{broken")
    with pytest.raises(errors.BatchError, match="unreadable"):
        client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)


def test_polls_back_off_and_wait_out_rate_limits(client: Mistral, emu: MistralEmulator) -> None:
    sleeps: list[float] = []
    now = [0.0]  # the client's rate limiter holds the group for Retry-After: on our clock
    assert client._transport.limiter is not None
    client._transport.limiter.clock = lambda: now[0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    emu.inject(Fault.error(429, retry_after=7), path="/v1/batch/jobs/*", method="GET", times=1)
    results = client.batch.run(
        [ask("a")], model=MODEL, sleep=sleep, poll_interval=2, max_poll_interval=2.5
    )
    assert [r.ok for r in results] == [True]
    # Retry-After 7 s beats the 2 s interval; then 2 s x 1.5 is capped at 2.5 s.
    assert sleeps == [7.0, 2.5]


def test_embeddings_batch_parses_into_the_live_model(client: Mistral, emu: MistralEmulator) -> None:
    rows: list[dict[str, Any]] = [{"input": ["cheese"]}, {"input": "wine"}]
    results = list(
        client.batch.run(rows, model="mistral-embed", endpoint="/v1/embeddings", sleep=no_sleep)
    )
    assert all(isinstance(r.response, EmbeddingResponse) for r in results)
    with pytest.raises(errors.BatchInputError, match=r"line 1: body\.input"):
        client.batch.run([{"input": []}], model="mistral-embed", endpoint="/v1/embeddings")


async def test_async_run_shares_the_core(emu: MistralEmulator, tmp_path: Path) -> None:
    async def no_wait(seconds: float) -> None:
        pass

    async with AsyncMistral(api_key=CANARY_KEY, base_url=emu.base_url, max_retries=0) as aclient:
        results = await aclient.batch.run(
            [ask(f"a{i}") for i in range(5)],
            model=MODEL,
            sleep=no_wait,
            ordered=True,
            limits=BatchLimits(max_requests=2),
            state_path=tmp_path / "state.json",
        )
        assert [r.response.choices[0].message.content for r in results if r.response] == [
            f"Echo: a{i}" for i in range(5)
        ]
        assert creates(emu) == 3


async def test_async_cancellation_cancels_the_jobs(emu: MistralEmulator) -> None:
    async def cancelled(seconds: float) -> None:
        raise asyncio.CancelledError

    async with AsyncMistral(api_key=CANARY_KEY, base_url=emu.base_url, max_retries=0) as aclient:
        with pytest.raises(asyncio.CancelledError):
            await aclient.batch.run(
                [ask("x")], model=MODEL, sleep=cancelled, cancel_on_interrupt=True
            )
    assert sum(1 for r in emu.requests if r.path.endswith("/cancel")) == 1


def test_a_create_that_never_left_is_sent_on_resume(
    client: Mistral, emu: MistralEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "run.state.json"

    def crash_before_create(**params: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(client.batch.jobs, "create", crash_before_create)
    with pytest.raises(KeyboardInterrupt):
        client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    monkeypatch.undo()
    results = client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert [r.ok for r in results] == [True]
    listed = [r for r in emu.requests if r.method == "GET" and r.path == "/v1/batch/jobs"]
    assert listed, "the resumed run looks for the job first"
    assert (creates(emu), uploads(emu)) == (1, 1)


def test_a_refused_create_is_not_looked_for_again(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    emu.inject(Fault.error(400), path="/v1/batch/jobs", method="POST")
    with pytest.raises(errors.InvalidRequestError):
        client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert json.loads(state.read_text())["parts"][0]["creating"] is False
    results = client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert [r.ok for r in results] == [True]
    assert not [r for r in emu.requests if r.method == "GET" and r.path == "/v1/batch/jobs"]
    assert uploads(emu) == 1


def test_a_create_that_may_have_run_is_looked_for_first(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    emu.inject(Fault.error(503), path="/v1/batch/jobs", method="POST")
    with pytest.raises(errors.ServiceUnavailableError) as caught:
        client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert caught.value.may_have_been_processed
    assert json.loads(state.read_text())["parts"][0]["creating"] is True
    results = client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert [r.ok for r in results] == [True]
    assert [r for r in emu.requests if r.method == "GET" and r.path == "/v1/batch/jobs"]
    assert len(client.batch.jobs.list().data) == 1


def test_agent_batches(client: Mistral, emu: MistralEmulator) -> None:
    agent = client.agents.create(model=MODEL, name="batcher", instructions="Be brief.")
    results = list(client.batch.run([ask("hello agent")], agent_id=agent.id, sleep=no_sleep))
    assert isinstance(results[0].response, ChatCompletionResponse)
    created = next(r.json for r in emu.requests if r.path == "/v1/batch/jobs")
    assert created["agent_id"] == agent.id
    assert "model" not in created


@pytest.mark.parametrize("ordered", [True, False])
def test_bad_result_lines_become_typed_errors_not_crashes(
    client: Mistral, emu: MistralEmulator, tmp_path: Path, ordered: bool
) -> None:
    state = tmp_path / "run.state.json"
    rows = [{"custom_id": "a", **ask("a")}, {"custom_id": "b", **ask("b")}, ask("c")]
    client.batch.run(rows, model=MODEL, state_path=state, sleep=no_sleep)
    output = tmp_path / "run.state.json.parts" / "part-0000.output.jsonl"
    lines = output.read_text().splitlines()
    by_id = {json.loads(line)["custom_id"]: line for line in lines}
    broken = json.loads(by_id["b"])
    broken["response"]["body"] = {"choices": "not a list"}
    output.write_text(
        "\n".join(
            [
                by_id["a"],
                by_id["a"],  # a duplicate: the first one counts
                json.dumps(broken),
                "{torn line",
                json.dumps({"custom_id": "stranger", "response": {"status_code": 200}}),
                json.dumps({"custom_id": "3", "error": {"message": "boom", "code": 503}}),
            ]
        )
        + "\n"
    )
    results = {
        r.custom_id: r for r in client.batch.run(rows, model=MODEL, state_path=state, ordered=True)
    }
    assert sorted(results) == ["3", "a", "b"]
    assert results["a"].ok
    invalid = results["b"].error
    assert isinstance(invalid, errors.ResponseValidationError)
    assert "not a list" in invalid.body
    failed = results["3"].error
    assert isinstance(failed, errors.ServiceUnavailableError)
    assert failed.message == "boom"


async def test_async_resume_finds_a_lost_create(
    emu: MistralEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(seconds: float) -> None:
        pass

    state = tmp_path / "run.state.json"
    async with AsyncMistral(api_key=CANARY_KEY, base_url=emu.base_url, max_retries=0) as aclient:
        real_create = aclient.batch.jobs.create

        async def crash_after_create(**params: Any) -> Any:
            await real_create(**params)
            raise KeyboardInterrupt

        monkeypatch.setattr(aclient.batch.jobs, "create", crash_after_create)
        with pytest.raises(KeyboardInterrupt):
            await aclient.batch.run([ask("x")], model=MODEL, state_path=state, sleep=no_wait)
        monkeypatch.undo()
        results = await aclient.batch.run([ask("x")], model=MODEL, state_path=state, sleep=no_wait)
        assert [r.ok for r in results] == [True]
    assert creates(emu) == 1


def test_a_network_failure_while_polling_leaves_a_resumable_run(
    client: Mistral, emu: MistralEmulator, tmp_path: Path
) -> None:
    state = tmp_path / "run.state.json"
    emu.inject(Fault.error(503), path="/v1/batch/jobs/*", method="GET", times=1)
    with pytest.raises(errors.ServiceUnavailableError):
        client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    results = client.batch.run([ask("a")], model=MODEL, state_path=state, sleep=no_sleep)
    assert [r.ok for r in results] == [True]
    assert creates(emu) == 1
