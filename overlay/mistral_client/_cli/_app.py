"""The `mistral` commands, built on the public client only.

click parses (its CliRunner tests the commands in-process); every `MistralError` becomes
one line on stderr and an exit code (see `_output`), never a traceback.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs
import click

from mistral_client import BatchLimits, BatchResult, Mistral, __version__, errors

from ._output import (
    EXIT_API,
    EXIT_INTERRUPTED,
    emit_json,
    error_fields,
    exit_code,
    report_error,
    table,
)

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CHAT_MODEL = "mistral-small-latest"
DEFAULT_EMBED_MODEL = "mistral-embed"
ENDPOINTS = [
    "/v1/chat/completions",
    "/v1/fim/completions",
    "/v1/embeddings",
    "/v1/moderations",
    "/v1/chat/moderations",
    "/v1/classifications",
    "/v1/chat/classifications",
]


@attrs.define
class Session:
    """The global options, and the one client the command uses (built on first use)."""

    api_key: str | None
    base_url: str | None
    timeout: float | None
    max_retries: int | None
    as_json: bool
    _client: Mistral | None = None

    def client(self) -> Mistral:
        if self._client is None:
            self._client = Mistral(
                api_key=self.api_key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=self.max_retries,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


class _Cli(click.Group):
    """Turns the client's errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except errors.MistralError as exc:
            session = ctx.find_object(Session)
            report_error(exc, session.as_json if session is not None else False)
            ctx.exit(exit_code(exc))
        except OSError as exc:  # a local file could not be read or written
            click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            ctx.exit(EXIT_API)


def _set_output(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    session = ctx.find_object(Session)
    if value is not None and session is not None:
        session.as_json = value == "json"


def output_option(command: F) -> F:
    """`--output text|json` on every command too, so it may come after the command name."""
    return click.option(
        "--output",
        type=click.Choice(["text", "json"]),
        default=None,
        expose_value=False,
        callback=_set_output,
        help="text for people (default), json for programs.",
    )(command)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--api-key",
    default=None,
    help="API key. Default: the MISTRAL_API_KEY environment variable (prefer it: "
    "arguments show in process lists).",
)
@click.option("--base-url", default=None, help="API root. Default: MISTRAL_BASE_URL or the API.")
@click.option("--timeout", type=float, default=None, help="Seconds per request.")
@click.option("--max-retries", type=int, default=None, help="Retries of failed requests.")
@click.option(
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people (default), json for programs.",
)
@click.version_option(__version__, prog_name="mistral")
@click.pass_context
def cli(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int | None,
    output: str,
) -> None:
    """Mistral AI from the terminal: chat, models, files, batch runs, embeddings."""
    session = Session(api_key, base_url, timeout, max_retries, output == "json")
    ctx.obj = session
    ctx.call_on_close(session.close)


# -- chat ---------------------------------------------------------------------------------


def reply_pieces(client: Mistral, params: dict[str, Any]) -> Iterator[str]:
    """The reply's text as it arrives (the streaming API: printed token by token)."""
    with client.chat.stream(**params) as stream:
        yield from stream.text()


def _turn(session: Session, history: list[dict[str, str]], params: dict[str, Any]) -> None:
    """One question and its streamed answer; both join the history."""
    request = {**params, "messages": history}
    if session.as_json:
        emit_json(session.client().chat.complete(**request))
        return
    pieces: list[str] = []
    try:
        for piece in reply_pieces(session.client(), request):
            pieces.append(piece)
            click.echo(piece, nl=False)
    finally:
        if pieces:  # end the line, also under a broken stream's error
            click.echo()
    history.append({"role": "assistant", "content": "".join(pieces)})


@cli.command()
@click.argument("prompt", nargs=-1)
@click.option("--model", "-m", default=DEFAULT_CHAT_MODEL, show_default=True)
@click.option("--system", "-s", default=None, help="A system prompt.")
@click.option("--json", "json_mode", is_flag=True, help="JSON mode: the reply is a JSON object.")
@click.option("--max-tokens", type=int, default=None)
@click.option("--temperature", type=float, default=None)
@click.option(
    "--interactive", "-i", is_flag=True, help="Talk turn by turn even when stdin is piped."
)
@output_option
@click.pass_obj
def chat(
    session: Session,
    prompt: tuple[str, ...],
    model: str,
    system: str | None,
    json_mode: bool,
    max_tokens: int | None,
    temperature: float | None,
    interactive: bool,
) -> None:
    """Ask once (PROMPT, or stdin when piped), or talk: without PROMPT on a terminal,
    each line you type is a turn; an empty line or Ctrl-D ends."""
    params: dict[str, Any] = {"model": model}
    if max_tokens is not None:
        params["max_tokens"] = max_tokens
    if temperature is not None:
        params["temperature"] = temperature
    if json_mode:
        params["response_format"] = {"type": "json_object"}
    history: list[dict[str, str]] = [{"role": "system", "content": system}] if system else []
    text = " ".join(prompt).strip()
    if not text and not interactive and not sys.stdin.isatty():
        text = sys.stdin.read().strip()
    if text:
        history.append({"role": "user", "content": text})
        _turn(session, history, params)
        return
    click.echo(f"chat with {model}: an empty line or Ctrl-D ends", err=True)
    while True:
        try:
            line = click.prompt("you", default="", show_default=False, err=True)
        except click.Abort:
            break
        if not line.strip():
            break
        history.append({"role": "user", "content": line})
        try:
            _turn(session, history, params)
        except errors.MistralError as exc:  # the session goes on; that turn is forgotten
            report_error(exc, session.as_json)
            history.pop()


# -- models -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A field for a table cell: missing or None is empty."""
    return "" if value is None or type(value).__name__ == "Unset" else str(value)


@cli.group()
def models() -> None:
    """Models your key can use."""


@models.command("list")
@output_option
@click.pass_obj
def models_list(session: Session) -> None:
    """Every model, with its context length and owner."""
    listing = session.client().models.list()
    if session.as_json:
        emit_json(listing)
        return
    rows = [
        [card.id, _text(card.max_context_length), _text(card.owned_by)] for card in listing.data
    ]
    table(rows, ["ID", "CONTEXT", "OWNED BY"])


# -- files --------------------------------------------------------------------------------


@cli.group()
def files() -> None:
    """Upload, list, download and delete files."""


@files.command("upload")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--purpose",
    type=click.Choice(["fine-tune", "batch", "ocr"]),
    default="fine-tune",
    show_default=True,
)
@output_option
@click.pass_obj
def files_upload(session: Session, path: Path, purpose: str) -> None:
    """Upload PATH (streamed, not read into memory); prints the file id."""
    uploaded = session.client().files.upload(file=path, purpose=cast(Any, purpose))
    if session.as_json:
        emit_json(uploaded)
    else:
        click.echo(uploaded.id)


@files.command("list")
@click.option("--purpose", type=click.Choice(["fine-tune", "batch", "ocr"]), default=None)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@output_option
@click.pass_obj
def files_list(session: Session, purpose: str | None, limit: int) -> None:
    """Your files, newest first."""
    # A free-form option: the client checks the value (RequestValidationError) before sending.
    files = session.client().files.iter_all(purpose=cast(Any, purpose))
    found = list(itertools.islice(files, limit))
    if session.as_json:
        emit_json({"data": [item.to_dict() for item in found]})
        return
    rows = [
        [f.id, f.filename, _text(f.bytes_), _text(f.purpose), _text(f.num_lines)] for f in found
    ]
    table(rows, ["ID", "FILENAME", "BYTES", "PURPOSE", "LINES"])


@files.command("download")
@click.argument("file_id")
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write (default: stdout).",
)
@click.pass_obj
def files_download(session: Session, file_id: str, out: Path | None) -> None:
    """Download FILE_ID to --out (atomically: no partial file on failure) or stdout."""
    client = session.client()
    if out is None:
        sys.stdout.buffer.write(client.files.download(file_id))
        sys.stdout.flush()
        return
    client.files.download(file_id, to=out)
    click.echo(f"{file_id} -> {out}", err=True)


@files.command("delete")
@click.argument("file_id")
@output_option
@click.pass_obj
def files_delete(session: Session, file_id: str) -> None:
    """Delete FILE_ID."""
    deleted = session.client().files.delete(file_id)
    if session.as_json:
        emit_json(deleted)
    else:
        click.echo(f"deleted {deleted.id}")


# -- batch --------------------------------------------------------------------------------


@cli.group()
def batch() -> None:
    """Run JSONL files through the Batch API; list, inspect and cancel jobs."""


def _result_record(result: BatchResult[Any]) -> dict[str, Any]:
    return {
        "custom_id": result.custom_id,
        "line": result.line,
        "status_code": result.status_code,
        "response": result.body if result.ok else None,
        "error": None if result.error is None else error_fields(result.error),
    }


def _metadata(pairs: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--metadata")
        found[key] = value
    return found


@batch.command("run")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "-m", default=None, help="The model every line runs on.")
@click.option("--agent-id", default=None, help="Or the agent every line runs on.")
@click.option("--endpoint", type=click.Choice(ENDPOINTS), default=ENDPOINTS[0], show_default=True)
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Results JSONL: one line per input line.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Resume state (default: OUT.state.json). Run the same command again to resume.",
)
@click.option("--ordered/--unordered", default=True, help="Results in input order (default).")
@click.option("--skip-invalid", is_flag=True, help="Leave bad lines out (reported) and go on.")
@click.option("--cancel-on-interrupt", is_flag=True, help="Ctrl-C cancels the jobs too.")
@click.option("--poll-interval", type=click.FloatRange(min=0), default=5.0, show_default=True)
@click.option("--max-poll-interval", type=click.FloatRange(min=0), default=60.0, show_default=True)
@click.option(
    "--max-requests-per-job",
    type=click.IntRange(min=1),
    default=BatchLimits().max_requests,
    show_default=True,
)
@click.option("--metadata", multiple=True, help="KEY=VALUE on every job (repeatable).")
@click.option("--progress/--no-progress", default=True, help="The progress bar on stderr.")
@output_option
@click.pass_obj
def batch_run(
    session: Session,
    input_file: Path,
    model: str | None,
    agent_id: str | None,
    endpoint: str,
    out: Path,
    state: Path | None,
    ordered: bool,
    skip_invalid: bool,
    cancel_on_interrupt: bool,
    poll_interval: float,
    max_poll_interval: float,
    max_requests_per_job: int,
    metadata: tuple[str, ...],
    progress: bool,
) -> None:
    """Run every line of INPUT_FILE (a request body, or {"custom_id", "body"}) and write
    the results to --out, matched by custom_id."""
    from ._progress import BatchBar

    if model is None and agent_id is None:
        raise click.UsageError("give --model or --agent-id")
    if not out.parent.is_dir():
        raise click.UsageError(f"--out: folder {str(out.parent)!r} does not exist")
    state_path = state or out.with_name(out.name + ".state.json")
    client = session.client()
    try:
        with BatchBar(enabled=progress and not session.as_json) as bar:
            results = client.batch.run(
                input_file,
                model=model,
                agent_id=agent_id,
                endpoint=endpoint,
                state_path=state_path,
                ordered=ordered,
                skip_invalid=skip_invalid,
                cancel_on_interrupt=cancel_on_interrupt,
                on_progress=bar.update,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                limits=BatchLimits(max_requests=max_requests_per_job),
                metadata=_metadata(metadata),
            )
    except KeyboardInterrupt:
        what = "jobs cancelled" if cancel_on_interrupt else "jobs keep running"
        click.echo(
            f"interrupted ({what}): run the same command again to resume (state {state_path})",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    counts = _write_results(results, out)
    summary = {
        "out": str(out),
        "state": str(state_path),
        "jobs": results.job_ids,
        "statuses": results.statuses,
        **counts,
    }
    if session.as_json:
        emit_json(summary)
        return
    click.echo(
        f"{counts['total']} results ({counts['succeeded']} succeeded, {counts['failed']} failed,"
        f" {counts['invalid']} invalid) -> {out}; jobs {', '.join(results.job_ids)}"
    )


def _write_results(results: Any, out: Path) -> dict[str, int]:
    """Write every result line to `out` atomically; count them as they go."""
    counts = {"total": 0, "succeeded": 0, "failed": 0, "invalid": len(results.invalid)}
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as sink:
            for result in results:
                sink.write(json.dumps(_result_record(result), ensure_ascii=False) + "\n")
                counts["total"] += 1
                counts["succeeded" if result.ok else "failed"] += 1
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    counts["failed"] -= counts["invalid"]
    return counts


@batch.command("list")
@click.option("--status", multiple=True, help="Only jobs with this status (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@output_option
@click.pass_obj
def batch_list(session: Session, status: tuple[str, ...], limit: int) -> None:
    """Batch jobs, newest first."""
    jobs = session.client().batch.jobs.iter_all(status=cast(Any, list(status)) or None)
    found = list(itertools.islice(jobs, limit))
    if session.as_json:
        emit_json({"data": [job.to_dict() for job in found]})
        return
    table([_job_row(job) for job in found], ["ID", "STATUS", "DONE", "FAILED", "TOTAL", "MODEL"])


def _job_row(job: Any) -> list[str]:
    return [
        job.id,
        _text(job.status),
        _text(job.completed_requests),
        _text(job.failed_requests),
        _text(job.total_requests),
        _text(job.model) or _text(job.agent_id),
    ]


@batch.command("get")
@click.argument("job_id")
@output_option
@click.pass_obj
def batch_get(session: Session, job_id: str) -> None:
    """One job's status, counters and result files."""
    _show_job(session, session.client().batch.jobs.get(job_id))


@batch.command("cancel")
@click.argument("job_id")
@output_option
@click.pass_obj
def batch_cancel(session: Session, job_id: str) -> None:
    """Ask JOB_ID to stop."""
    _show_job(session, session.client().batch.jobs.cancel(job_id))


def _show_job(session: Session, job: Any) -> None:
    if session.as_json:
        emit_json(job)
        return
    for name in (
        "id",
        "status",
        "endpoint",
        "model",
        "agent_id",
        "total_requests",
        "succeeded_requests",
        "failed_requests",
        "output_file",
        "error_file",
    ):
        value = _text(getattr(job, name))
        if value:
            click.echo(f"{name:<19} {value}")


# -- embeddings ---------------------------------------------------------------------------


@cli.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--model", "-m", default=DEFAULT_EMBED_MODEL, show_default=True)
@output_option
@click.pass_obj
def embed(session: Session, texts: tuple[str, ...], model: str) -> None:
    """One vector per TEXT (json output: the whole answer)."""
    result = session.client().embeddings.create(model=model, input=list(texts))
    if session.as_json:
        emit_json(result)
        return
    for text, item in zip(texts, result.data, strict=False):
        vector = item.embedding if isinstance(item.embedding, list) else []
        head = ", ".join(f"{value:.4f}" for value in vector[:4])
        click.echo(f"{len(vector)} dims [{head}, …]  {text}")
