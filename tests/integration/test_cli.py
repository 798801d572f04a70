"""The `mistral` command line against the emulator, through click's CliRunner (in-process)
and once as `python -m mistral_client` in a subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mistral_client._cli._app import cli
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY


@pytest.fixture(scope="module")
def shared() -> Iterator[MistralEmulator]:
    with MistralEmulator(api_key=CANARY_KEY, jobs_advance_on_poll=True) as emulator:
        yield emulator


@pytest.fixture
def emu(shared: MistralEmulator) -> MistralEmulator:
    shared.reset()
    return shared


def mistral(
    emu: MistralEmulator, *args: str, stdin: str | None = None, key: str = CANARY_KEY
) -> Result:
    runner = CliRunner(env={"MISTRAL_API_KEY": key, "MISTRAL_BASE_URL": emu.base_url})
    result = runner.invoke(cli, list(args), input=stdin)
    assert "Traceback" not in result.output
    assert CANARY_KEY not in result.output
    return result


def chats(emu: MistralEmulator) -> list[dict[str, Any]]:
    return [r.json for r in emu.requests if r.path == "/v1/chat/completions"]


def test_chat_one_prompt(emu: MistralEmulator) -> None:
    result = mistral(emu, "chat", "-s", "Be brief.", "Bonjour", "Lyon")
    assert result.exit_code == 0
    assert result.stdout == "Echo: Bonjour Lyon\n"
    (sent,) = chats(emu)
    assert sent["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Bonjour Lyon"},
    ]


def test_chat_session_keeps_the_history(emu: MistralEmulator) -> None:
    result = mistral(emu, "chat", "-i", stdin="first\nsecond\n\n")
    assert result.exit_code == 0
    assert result.stdout == "Echo: first\nEcho: second\n"
    second = chats(emu)[1]["messages"]
    assert [m["content"] for m in second] == ["first", "Echo: first", "second"]


def test_a_failed_turn_does_not_end_the_session(emu: MistralEmulator) -> None:
    emu.inject(Fault.error(503), path="/v1/chat/completions", times=None)
    result = mistral(emu, "--max-retries", "0", "chat", "-i", stdin="first\n\n")
    assert result.exit_code == 0
    assert "error: ServiceUnavailableError 503" in result.stderr
    assert result.stderr.count("you: ") == 2  # asked again after the failed turn


def test_a_stream_cut_midway_keeps_what_came_and_says_why(emu: MistralEmulator) -> None:
    emu.inject(Fault.cut(after=3), path="/v1/chat/completions", times=None)
    result = mistral(emu, "--max-retries", "0", "chat", "alpha beta gamma delta epsilon")
    assert result.exit_code == 1
    assert result.stdout.startswith("Echo")
    assert result.stdout.endswith("\n")
    assert result.stdout.strip() != "Echo: alpha beta gamma delta epsilon"
    assert result.stderr.startswith("error: StreamError: ")


def test_chat_reads_a_piped_prompt_and_json_mode(emu: MistralEmulator) -> None:
    result = mistral(emu, "chat", "--json", "--max-tokens", "50", stdin="Give JSON\n")
    assert result.exit_code == 0
    json.loads(result.stdout)
    (sent,) = chats(emu)
    assert sent["response_format"] == {"type": "json_object"}
    assert sent["max_tokens"] == 50


def test_chat_output_json_is_the_whole_completion(emu: MistralEmulator) -> None:
    result = mistral(emu, "chat", "hi", "--output", "json")
    assert json.loads(result.stdout)["object"] == "chat.completion"


def test_models_list_text_and_json(emu: MistralEmulator) -> None:
    text = mistral(emu, "models", "list")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0].split() == ["ID", "CONTEXT", "OWNED", "BY"]
    assert "mistral-small-latest" in text.stdout
    as_json = mistral(emu, "--output", "json", "models", "list")
    ids = [card["id"] for card in json.loads(as_json.stdout)["data"]]
    assert "mistral-embed" in ids


def test_files_round_trip(emu: MistralEmulator, tmp_path: Path) -> None:
    source = tmp_path / "train.jsonl"
    source.write_bytes(b'{"messages": []}\n')
    uploaded = mistral(emu, "files", "upload", str(source), "--purpose", "batch")
    file_id = uploaded.stdout.strip()
    assert uploaded.exit_code == 0
    listed = mistral(emu, "files", "list", "--purpose", "batch")
    assert file_id in listed.stdout
    assert "train.jsonl" in listed.stdout
    copy = tmp_path / "copy.jsonl"
    assert mistral(emu, "files", "download", file_id, "-o", str(copy)).exit_code == 0
    assert copy.read_bytes() == source.read_bytes()
    assert mistral(emu, "files", "download", file_id).stdout_bytes == source.read_bytes()
    assert mistral(emu, "files", "delete", file_id).stdout == f"deleted {file_id}\n"
    gone = mistral(emu, "files", "delete", file_id)
    assert gone.exit_code == 4
    assert gone.stderr.startswith("error: NotFoundError 404: ")
    assert "[request id " in gone.stderr


def test_batch_run_writes_results_and_resumes_from_its_state(
    emu: MistralEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "prompts.jsonl"
    rows = [
        {"custom_id": f"p{i}", "body": {"messages": [{"role": "user", "content": f"q{i}"}]}}
        for i in range(5)
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "results.jsonl"
    args = ["batch", "run", str(source), "-m", "mistral-small-latest", "-o", str(out)]
    args += ["--poll-interval", "0", "--max-requests-per-job", "2"]
    first = mistral(emu, *args)
    assert first.exit_code == 0, first.output
    assert "5 results (5 succeeded, 0 failed, 0 invalid)" in first.stdout
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["custom_id"] for line in lines] == [f"p{i}" for i in range(5)]
    assert lines[3]["response"]["choices"][0]["message"]["content"] == "Echo: q3"
    assert (tmp_path / "results.jsonl.state.json").exists()
    jobs_created = sum(1 for r in emu.requests if r.path == "/v1/batch/jobs")
    assert jobs_created == 3
    again = mistral(emu, "--output", "json", *args)
    summary = json.loads(again.stdout)
    assert (summary["total"], summary["succeeded"], len(summary["jobs"])) == (5, 5, 3)
    assert sum(1 for r in emu.requests if r.path == "/v1/batch/jobs") == 3


def test_batch_run_refuses_a_bad_line_with_its_number(emu: MistralEmulator, tmp_path: Path) -> None:
    source = tmp_path / "prompts.jsonl"
    source.write_text('{"messages": [{"role": "user", "content": "a"}]}\n{"messages": []}\n')
    result = mistral(emu, "batch", "run", str(source), "-m", "x", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: BatchInputError: line 2: body.messages: must be a non-empty list of messages"
    )
    assert emu.requests == []


def test_interrupted_batch_run_says_how_to_resume(
    emu: MistralEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mistral_client._resources.batch import Batch

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Batch, "run", interrupted)
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n")
    result = mistral(emu, "batch", "run", str(source), "-m", "m", "-o", str(tmp_path / "o"))
    assert result.exit_code == 130
    assert "interrupted (jobs keep running): run the same command again" in result.stderr


def test_batch_list_get_cancel(emu: MistralEmulator, tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text('{"messages": [{"role": "user", "content": "a"}]}\n')
    uploaded = mistral(emu, "files", "upload", str(source), "--purpose", "batch").stdout.strip()
    from mistral_client import Mistral

    with Mistral(api_key=CANARY_KEY, base_url=emu.base_url) as client:
        job = client.batch.jobs.create(
            input_files=[uploaded], endpoint="/v1/chat/completions", model="mistral-small-latest"
        )
    listed = mistral(emu, "batch", "list")
    assert job.id in listed.stdout
    assert "QUEUED" in listed.stdout
    shown = mistral(emu, "batch", "get", job.id, "--output", "json")
    assert json.loads(shown.stdout)["id"] == job.id
    cancelled = mistral(emu, "batch", "cancel", job.id)
    assert "CANCELLATION_REQUESTED" in cancelled.stdout


def test_embed(emu: MistralEmulator) -> None:
    result = mistral(emu, "embed", "cheese", "wine")
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [["1024", "dims"]] * 2
    data = json.loads(mistral(emu, "--output", "json", "embed", "x").stdout)["data"]
    assert len(data[0]["embedding"]) == 1024


def test_401_is_one_line_with_the_request_id_and_exit_3(emu: MistralEmulator) -> None:
    result = mistral(emu, "models", "list", key="sk-wrong-key-123")
    assert result.exit_code == 3
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: AuthenticationError 401: Unauthorized [request id ")
    assert "sk-wrong-key-123" not in result.output


def test_422_and_json_errors(emu: MistralEmulator) -> None:
    emu.inject(Fault.error(422), path="/v1/embeddings")
    result = mistral(emu, "--output", "json", "embed", "x")
    assert result.exit_code == 1
    error = json.loads(result.stderr)["error"]
    assert (error["type"], error["status_code"]) == ("UnprocessableEntityError", 422)
    assert error["request_id"]


def test_connection_error_exit_5(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    runner = CliRunner(
        env={"MISTRAL_API_KEY": CANARY_KEY, "MISTRAL_BASE_URL": f"http://127.0.0.1:{port}"}
    )
    result = runner.invoke(cli, ["--max-retries", "0", "models", "list"])
    assert result.exit_code == 5
    assert result.stderr.startswith("error: APIConnectionError: connection failed")
    assert "Traceback" not in result.output


def test_local_file_errors_are_one_line(emu: MistralEmulator, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"messages": [{"role": "user", "content": "a"}]}\n')
    missing = tmp_path / "nowhere" / "out.jsonl"
    result = mistral(emu, "batch", "run", str(source), "-m", "m", "-o", str(missing))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    # /proc takes no new files, not even from root.
    run = ["batch", "run", str(source), "-m", "mistral-small-latest", "--poll-interval", "0"]
    state_refused = mistral(emu, *run, "-o", str(tmp_path / "out.jsonl"), "--state", "/proc/s")
    assert state_refused.exit_code == 1
    assert state_refused.stderr.startswith("error: BatchError: batch run files: ")
    out_refused = mistral(emu, *run, "-o", "/proc/out.jsonl", "--state", str(tmp_path / "s"))
    assert out_refused.exit_code == 1
    (last,) = out_refused.stderr.splitlines()[-1:]
    assert last.startswith("error: FileNotFoundError: ")
    assert "/proc/" in last


def test_missing_key_and_bad_usage_exit_2(emu: MistralEmulator) -> None:
    runner = CliRunner(env={"MISTRAL_API_KEY": "", "MISTRAL_BASE_URL": emu.base_url})
    result = runner.invoke(cli, ["models", "list"])
    assert result.exit_code == 2
    assert "error: ConfigurationError: no API key" in result.stderr
    assert mistral(emu, "batch", "run", "missing.jsonl", "-o", "x").exit_code == 2


def test_python_dash_m_and_a_lazy_package(emu: MistralEmulator) -> None:
    env = {**os.environ, "MISTRAL_API_KEY": CANARY_KEY, "MISTRAL_BASE_URL": emu.base_url}
    done = subprocess.run(
        [sys.executable, "-m", "mistral_client", "chat", "ping"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "Echo: ping\n")
    probe = "import sys, mistral_client; print('click' in sys.modules, 'rich' in sys.modules)"
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert imported.stdout.split() == ["False", "False"]


def test_main_returns_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    from mistral_client._cli import main

    assert main(["--version"]) == 0
    assert "mistral, version" in capsys.readouterr().out
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_progress_bar_shows_succeeded_failed_total_and_eta() -> None:
    import io

    from rich.console import Console

    from mistral_client import BatchProgress
    from mistral_client._cli._progress import BatchBar
    from mistral_client.models import BatchJob

    screen = io.StringIO()
    job = BatchJob(
        id="job-1",
        object_="batch",
        input_files=["f"],
        endpoint="/v1/chat/completions",
        errors=[],
        created_at=0,
        total_requests=10,
        completed_requests=7,
        status="RUNNING",
        succeeded_requests=6,
        failed_requests=1,
    )
    progress = BatchProgress(
        job=job,
        jobs=(job,),
        total=10,
        succeeded=6,
        failed=1,
        elapsed_seconds=3.0,
        job_count=2,
        jobs_done=1,
    )
    with BatchBar(console=Console(file=screen, force_terminal=True, width=120)) as bar:
        bar.update(progress)
    shown = screen.getvalue()
    for piece in ("batch: 1/2 jobs done", "7/10", "✓ 6", "✗ 1", "ETA"):
        assert piece in shown


def test_chat_output_appears_as_tokens_arrive(emu: MistralEmulator) -> None:
    """The emulator sends a few events, then holds the stream open: the words already sent
    are on the terminal while the command is still waiting for the rest."""
    emu.inject(Fault.stall(after=4), path="/v1/chat/completions")
    env = {**os.environ, "MISTRAL_API_KEY": CANARY_KEY, "MISTRAL_BASE_URL": emu.base_url}
    prompt = "one two three four five six seven eight nine ten"
    process = subprocess.Popen(
        [sys.executable, "-m", "mistral_client", "chat", prompt],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.read1(1024)  # type: ignore[attr-defined]
        assert first.startswith(b"Echo")
        assert process.poll() is None  # still streaming: the rest has not come yet
        assert len(first) < len(f"Echo: {prompt}")
    finally:
        process.kill()
        process.wait(timeout=30)
