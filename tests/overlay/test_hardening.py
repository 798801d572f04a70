"""Issue 8: every failure a typed error. Hostile arguments are refused before sending (one
encoder for bodies and headers), broken or oversized bodies are typed (and reads retried),
closed clients and dead event loops are handled, and the key is not echoed back."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import math
import os
import re
import threading
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, errors
from tests.conftest import CANARY_KEY, Api, open_api
from tests.overlay.test_retry import FILE, MODELS
from tests.overlay.test_validation import CHAT_REPLY, Bad, assert_refused, chat
from tests.support.server import RecordingServer, Reply

AGENT = {
    "id": "ag_1",
    "object": "agent",
    "name": "helper",
    "model": "mistral-small-latest",
    "version": 0,
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-01T00:00:00Z",
    "tools": [],
}
HUGE = 10**400


def tool_with(parameters: Any) -> list[dict[str, Any]]:
    return [{"type": "function", "function": {"name": "f", "parameters": parameters}}]


def schema_format(schema: Any) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": "s", "schema": schema}}


HOSTILE = [
    # Lone surrogates, wherever a string goes.
    Bad("surrogate-content", "chat.complete",
        chat(messages=[{"role": "user", "content": "a\ud800"}]), "messages[0].content",
        "lone surrogates"),
    Bad("surrogate-model", "chat.complete", chat(model="m\udfff"), "model", "lone surrogates"),
    Bad("surrogate-in-parameters", "chat.complete",
        chat(tools=tool_with({"description": "x\ud800"})),
        "tools[0].function.parameters.description", "lone surrogates"),
    Bad("surrogate-key", "chat.complete", chat(metadata={"k\ud800": "v"}),
        "metadata.'k\\ud800'", "keys"),
    Bad("surrogate-query", "files.list", {"search": "a\ud800"}, "search", "lone surrogates"),
    Bad("surrogate-path-id", "files.retrieve", {}, "file_id", "lone surrogates",
        args=("file-\ud800",)),
    Bad("surrogate-filename", "files.upload", {"file": ("n\ud800.jsonl", b"{}\n")}, "file",
        "lone surrogates"),
    # Huge ints where floats go, and timeouts the OS timers cannot hold.
    Bad("huge-temperature", "chat.complete", chat(temperature=HUGE), "temperature", "[0, 1.5]"),
    Bad("huge-top-p", "chat.complete", chat(top_p=HUGE), "top_p", "(0, 1]"),
    Bad("huge-learning-rate", "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "hyperparameters": {"learning_rate": HUGE}},
        "hyperparameters.learning_rate", "must be in"),
    Bad("huge-completion-args", "agents.create",
        {"model": "m", "name": "n", "completion_args": {"temperature": HUGE}},
        "completion_args.temperature", "must be in"),
    Bad("huge-timeout", "models.list", {"timeout": HUGE}, "timeout", "<= 86400"),
    Bad("timeout-1e308", "models.list", {"timeout": 1e308}, "timeout", "<= 86400"),
    Bad("huge-max-retries", "models.list", {"max_retries": HUGE}, "max_retries", "<= 20"),
    Bad("huge-int-in-schema", "chat.complete",
        chat(response_format=schema_format({"type": "integer", "maximum": 2**64})),
        "response_format.json_schema.schema.maximum", "64 bits"),
    Bad("huge-max-tokens", "chat.complete", chat(max_tokens=2**70), "max_tokens", "64 bits"),
    # NaN / inf / non-JSON values inside free-form JSON.
    Bad("nan-in-parameters", "chat.complete", chat(tools=tool_with({"minimum": float("nan")})),
        "tools[0].function.parameters.minimum", "finite"),
    Bad("inf-in-schema", "chat.complete",
        chat(response_format=schema_format({"maximum": float("inf")})),
        "response_format.json_schema.schema.maximum", "finite"),
    Bad("nan-in-list", "chat.complete", chat(metadata={"xs": [1, float("-inf")]}),
        "metadata.xs[1]", "finite"),
    Bad("bytes-in-metadata", "chat.complete", chat(metadata={"blob": b"x"}), "metadata.blob",
        "bytes"),
    Bad("set-in-extra-body", "chat.complete", chat(extra_body={"tags": {"a"}}),
        "extra_body.tags", "set"),
    Bad("object-in-extra-body", "chat.complete", chat(extra_body={"thing": object()}),
        "extra_body.thing", "object"),
    Bad("non-str-key", "chat.complete", chat(extra_body={"m": {1: "one"}}), "extra_body.m",
        "keys must be strings"),
    Bad("extra-body-not-a-mapping", "chat.complete", chat(extra_body=["x"]), "extra_body",
        "object"),
    Bad("too-deep", "chat.complete", chat(metadata=json.loads("[" * 300 + "]" * 300)),
        "metadata" + "[0]" * 254, "deeper than 255"),
    # extra_headers that HTTP cannot carry.
    Bad("header-non-ascii", "models.list", {"extra_headers": {"X-Name": "café"}},
        "extra_headers.X-Name", "ASCII"),
    Bad("header-none", "models.list", {"extra_headers": {"X-Name": None}}, "extra_headers.X-Name",
        "must be a string"),
    Bad("header-crlf", "models.list", {"extra_headers": {"X-A": "1\r\nX-B: 2"}},
        "extra_headers.X-A", "line breaks"),
    Bad("header-bad-name", "models.list", {"extra_headers": {"X A": "1"}}, "extra_headers['X A']",
        "tokens"),
    Bad("headers-not-a-mapping", "models.list", {"extra_headers": [("X-A", "1")]}, "extra_headers",
        "mapping"),
    Bad("header-content-length", "models.list", {"extra_headers": {"Content-Length": "1"}},
        "extra_headers.Content-Length", "set by the client"),
    # Unchecked types.
    Bad("suffix-nan", "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "hyperparameters": {}, "suffix": float("nan")},
        "suffix", "must be a string"),
    Bad("suffix-bytes", "fine_tuning.jobs.create",
        {"model": "open-mistral-7b", "hyperparameters": {}, "suffix": b"x"}, "suffix",
        "must be a string"),
    Bad("upload-tuple-type-not-str", "files.upload", {"file": ("n.jsonl", b"x", 5)}, "file",
        "content type"),
    Bad("unknown-option-names-method", "files.retrieve", {"retries": 5}, "retries",
        "is not a parameter of files.retrieve()", args=("file-1",)),
    # Bounds the API documents.
    Bad("output-dimension-too-large", "embeddings.create",
        {"model": "codestral-embed", "input": "x", "output_dimension": 10**12},
        "output_dimension", "<= 3072"),
    # Agents take built-in tools; chat does not.
    Bad("chat-built-in-tool", "chat.complete", chat(tools=[{"type": "web_search"}]),
        "tools[0].type", "'function'"),
    Bad("agent-unknown-tool", "agents.create",
        {"model": "m", "name": "n", "tools": [{"type": "teleport"}]}, "tools[0].type",
        "'web_search'"),
    Bad("agent-library-without-ids", "agents.create",
        {"model": "m", "name": "n", "tools": [{"type": "document_library"}]},
        "tools[0].library_ids", "required"),
]  # fmt: skip


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.id) for b in HOSTILE])
async def test_hostile_argument_is_refused_before_sending(
    api: Api, server: RecordingServer, bad: Bad
) -> None:
    server.queue(Reply.json(CHAT_REPLY))
    error = await assert_refused(api, server, bad.method, bad.args, bad.kwargs)
    assert error.field == bad.field
    assert bad.rule in error.rule


async def test_free_form_json_that_is_valid_goes_out_unchanged(
    api: Api, server: RecordingServer
) -> None:
    """The encoder's walk runs when a `null` may hide a NaN: real nulls still go out."""
    server.queue(Reply.json(CHAT_REPLY))
    parameters = {"type": "object", "default": None, "big": 2**63, "neg": -(2**63), "t": "é"}
    extra = {"x": None, "view": MappingProxyType({"a": 1}), "f": Float64(0.5), "t": (1, 2)}
    await api.call("chat.complete", **chat(tools=tool_with(parameters), extra_body=extra))
    sent = server.requests[0].json()
    assert sent["tools"][0]["function"]["parameters"] == parameters
    assert [sent["x"], sent["view"], sent["f"], sent["t"]] == [None, {"a": 1}, 0.5, [1, 2]]


class Float64(float):
    """Stands in for numpy.float64: a float subclass orjson does not take as it is."""


async def test_a_float_subclass_nan_is_still_refused(api: Api, server: RecordingServer) -> None:
    error = await assert_refused(
        api, server, "chat.complete", (), chat(metadata={"score": Float64("nan")})
    )
    assert error.field == "metadata.score"


BUILT_IN_TOOLS = [
    {"type": "web_search"},
    {"type": "web_search_premium"},
    {"type": "code_interpreter", "tool_configuration": {"exclude": ["run"]}},
    {"type": "image_generation"},
    {"type": "document_library", "library_ids": ["lib-1"]},
    {"type": "connector", "connector_id": "c-1"},
]


async def test_agents_accept_built_in_tools(api: Api, server: RecordingServer) -> None:
    server.queue(Reply.json(AGENT))
    await api.call("agents.create", model="mistral-small-latest", name="n", tools=BUILT_IN_TOOLS)
    assert server.requests[0].json()["tools"] == BUILT_IN_TOOLS


async def test_output_dimension_at_the_documented_maximum_is_sent(
    api: Api, server: RecordingServer
) -> None:
    usage = {"prompt_tokens": 1, "total_tokens": 1, "completion_tokens": 0}
    server.queue(
        Reply.json({"id": "e", "object": "list", "data": [], "model": "m", "usage": usage})
    )
    await api.call("embeddings.create", model="codestral-embed", input="x", output_dimension=3072)
    assert server.requests[0].json()["output_dimension"] == 3072


# --- bodies that break, inflate or do not decode --------------------------------------------


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class NoSleep:
    def __init__(self, api: Api) -> None:
        self.delays: list[float] = []
        transport = api.client._transport
        transport.sleep = self.delays.append
        transport.async_sleep = self._async

    async def _async(self, seconds: float) -> None:
        self.delays.append(seconds)


MODELS_BODY = json.dumps(MODELS).encode()


@pytest.mark.parametrize(
    "broken",
    [
        Reply(body=MODELS_BODY, headers={"Content-Type": "application/json"}, cut_after=10),
        Reply(body=MODELS_BODY, headers={"Content-Type": "application/json"}, stall_after=10),
    ],
    ids=["cut", "stall"],
)
async def test_a_read_whose_body_breaks_is_retried(
    kind: str, server: RecordingServer, broken: Reply
) -> None:
    server.queue(broken, Reply.json(MODELS))
    async with open_api(kind, server.base_url, max_retries=3) as api:
        sleeps = NoSleep(api)
        result = await api.call("models.list", timeout=1.0)
    assert result.data == []
    assert len(server.requests) == 2
    assert len(sleeps.delays) == 1


async def test_a_create_whose_body_is_cut_is_not_resent(kind: str, server: RecordingServer) -> None:
    body = json.dumps(FILE).encode()
    server.queue(Reply(body=body, headers={"Content-Type": "application/json"}, cut_after=5))
    server.queue(Reply.json(FILE))
    async with open_api(kind, server.base_url, max_retries=3) as api:
        NoSleep(api)
        with pytest.raises(errors.APIConnectionError):
            await api.call("files.upload", file=b"{}\n", purpose="batch")
    assert len(server.requests) == 1  # the upload was processed: never blindly again


def gzip_reply(body: bytes, status: int = 200) -> Reply:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    return Reply(status=status, body=body, headers=headers)


async def test_a_corrupt_gzip_body_is_response_validation_error(
    api: Api, server: RecordingServer
) -> None:
    server.queue(gzip_reply(gzip.compress(MODELS_BODY)[:-12] + b"garbage-tail"))
    with pytest.raises(errors.ResponseValidationError, match="decoded"):
        await api.call("models.list")


async def test_a_corrupt_gzip_download_to_disk_is_typed(
    api: Api, server: RecordingServer, tmp_path: Any
) -> None:
    server.queue(gzip_reply(b"\x1f\x8b not gzip at all"))
    with pytest.raises(errors.ResponseValidationError):
        await api.call("files.download", "file-1", to=tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("to", "rule"),
    [
        ("x" * 300 + ".jsonl", "longer than this system's"),
        ("a\0b.jsonl", "NUL byte"),
        (123, "must be a file path"),
        (b"out.jsonl", "must be a file path"),
        ("/proc/out.jsonl", "cannot be written here"),  # a folder that takes no new file
        ("missing/out.jsonl", "does not exist"),
        (".", "is a directory"),
    ],
)
async def test_a_download_target_that_cannot_be_written_is_refused_before_sending(
    api: Api,
    server: RecordingServer,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    to: Any,
    rule: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(errors.RequestValidationError, match=rule) as caught:
        await api.call("files.download", "file-1", to=to)
    assert caught.value.field == "to"
    assert server.requests == []
    assert list(tmp_path.iterdir()) == []  # the probe left nothing behind


def test_a_download_that_cannot_be_put_in_place_is_a_stream_error(tmp_path: Any) -> None:
    from mistral_client._resources.files import _DiskSink

    target = tmp_path / "out.jsonl"
    sink = _DiskSink(target)
    sink.write(b"{}\n")
    target.mkdir()  # something took the name while the body was arriving
    with pytest.raises(errors.StreamError, match="could not write the download to") as caught:
        sink.finish()
    assert isinstance(caught.value.__cause__, OSError)
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]  # no .part file left


FULL_DISK = """
import json, resource, signal, sys
from pathlib import Path
from mistral_client import errors
from mistral_client._resources.files import _DiskSink

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
folder = Path(sys.argv[1])
outcomes = []
for chunk in (b"x" * 100_000, b"y" * 5000):  # written through at once; held in the buffer
    sink = _DiskSink(folder / "out.bin")
    try:
        sink.write(chunk)
        sink.finish()
        outcomes.append("finished")
    except errors.StreamError as exc:
        sink.abort()  # what the runner does when a write fails
        outcomes.append(type(exc.__cause__).__name__ + ": " + str(exc).split(": ")[-1])
print(json.dumps({"outcomes": outcomes, "left": sorted(p.name for p in folder.iterdir())}))
"""


def test_a_full_disk_during_a_download_is_a_stream_error_and_leaves_nothing(
    tmp_path: Any,
) -> None:
    """A file-size limit stands in for a full disk: the write (or the flush when the body
    ends) fails, the error is ours and names why, and no partial file is left."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["outcomes"] == ["OSError: File too large"] * 2
    assert report["left"] == []


async def test_a_gzip_bomb_stops_at_the_limit(kind: str, server: RecordingServer) -> None:
    inflated = b'{"data": "' + b"0" * (8 * 1024 * 1024) + b'"}'
    server.queue(gzip_reply(gzip.compress(inflated)))  # ~8 KB on the wire
    async with open_api(kind, server.base_url, max_response_bytes=1024 * 1024) as api:
        with pytest.raises(errors.ResponseValidationError, match="1048576-byte limit") as caught:
            await api.call("models.list")
    assert caught.value.body.startswith('{"data": "000')
    assert len(caught.value.body) <= 64 * 1024


async def test_an_oversized_error_body_is_bounded_too(kind: str, server: RecordingServer) -> None:
    server.queue(Reply(status=502, body=b"<html>" + b"x" * 5000))
    async with open_api(kind, server.base_url, max_response_bytes=1000) as api:
        with pytest.raises(errors.ResponseValidationError) as caught:
            await api.call("models.list")
    assert caught.value.status_code == 502
    assert caught.value.body == "<html>" + "x" * 994


async def test_downloads_are_not_bounded(kind: str, server: RecordingServer, tmp_path: Any) -> None:
    content = b"x" * 5000
    server.queue(Reply(body=content, headers={"Content-Type": "application/octet-stream"}))
    server.queue(Reply(body=content, headers={"Content-Type": "application/octet-stream"}))
    async with open_api(kind, server.base_url, max_response_bytes=1000) as api:
        assert await api.call("files.download", "file-1") == content
        target = await api.call("files.download", "file-1", to=tmp_path / "out.bin")
    assert target.read_bytes() == content


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        ({"X-Name": "café"}, "default_headers.X-Name"),
        ({"X-Name": None}, "default_headers.X-Name"),
        ({"X-A": "1\r\nX-B: 2"}, "default_headers.X-A"),
        ({"X A": "1"}, "default_headers['X A']"),
        (["X-A"], "default_headers"),
        ({"authorization": "Bearer other"}, "default_headers.Authorization"),
    ],
)
def test_default_headers_follow_the_extra_headers_rules(headers: Any, field: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=f"^{re.escape(field)}: "):
        Mistral(api_key="k", default_headers=headers)


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "64MB"])
def test_max_response_bytes_must_be_a_positive_whole_number(value: Any) -> None:
    with pytest.raises(errors.ConfigurationError, match="max_response_bytes"):
        Mistral(api_key="k", max_response_bytes=value)


@pytest.mark.parametrize("name", ["timeout", "connect_timeout"])
@pytest.mark.parametrize("value", [1e308, HUGE, math.nan, 86400.5])
def test_client_timeouts_the_os_cannot_hold_are_configuration_errors(
    name: str, value: float
) -> None:
    settings: dict[str, Any] = {name: value}
    with pytest.raises(errors.ConfigurationError, match=f"{name} must be .* <= 86400"):
        Mistral(api_key="k", **settings)


# --- the key is not echoed back --------------------------------------------------------------


ECHO = f"Authorization: Bearer {CANARY_KEY}"


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json({"message": f"bad gateway, you sent {ECHO}"}, 400, **{"X-Echo": ECHO}),
        Reply(status=502, body=f"<html><pre>{ECHO}</pre></html>".encode()),
        Reply(status=200, body=f"<html>{ECHO}</html>".encode()),  # not JSON
        Reply.json({"object": "list", "data": ECHO}),  # no schema match
    ],
    ids=["4xx-json", "5xx-html", "2xx-not-json", "2xx-wrong-shape"],
)
async def test_the_key_is_redacted_from_errors_quoting_the_body(
    api: Api, server: RecordingServer, reply: Reply
) -> None:
    server.queue(reply)
    with pytest.raises(errors.MistralError) as caught:
        await api.call("models.list")
    assert server.requests[0].headers["authorization"] == f"Bearer {CANARY_KEY}"
    error = caught.value
    texts = [str(error), repr(error.args), str(getattr(error, "body", ""))]
    texts.append(repr(getattr(error, "headers", {})))
    assert not [text for text in texts if CANARY_KEY in text]
    assert "<redacted>" in str(getattr(error, "body", ""))


# --- the client's own life cycle ----------------------------------------------------------------


def test_one_async_client_works_under_asyncio_run_every_time(server: RecordingServer) -> None:
    server.queue(*[Reply.json(MODELS)] * 3)
    client = AsyncMistral(api_key=CANARY_KEY, base_url=server.base_url, max_retries=0)

    async def call() -> int:
        return len((await client.models.list()).data)

    assert [asyncio.run(call()) for _ in range(3)] == [0, 0, 0]
    assert len(server.requests) == 3
    asyncio.run(client.aclose())


class KeyVaultDownError(Exception):
    pass


def failing_key() -> str:
    raise KeyVaultDownError("vault said: the key is sk-from-the-vault-1234")


async def test_a_raising_api_key_callable_is_configuration_error(
    kind: str, server: RecordingServer
) -> None:
    async with open_api(kind, server.base_url, api_key=failing_key) as api:
        with pytest.raises(errors.ConfigurationError) as caught:
            await api.call("models.list")
    assert "KeyVaultDownError" in str(caught.value)
    assert "sk-from-the-vault" not in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyVaultDownError)
    assert server.requests == []


def test_the_library_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("mistral_client").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)


# --- uploads from a pipe -----------------------------------------------------------------------


@pytest.fixture
def pipe_reader() -> Iterator[Any]:
    """The read end of a real os.pipe(), fed 300 KB by a writer thread."""
    read_fd, write_fd = os.pipe()
    payload = b'{"messages": []}\n' * 18_000

    def feed() -> None:
        with os.fdopen(write_fd, "wb") as writer:
            writer.write(payload)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with os.fdopen(read_fd, "rb") as reader:
        reader.payload = payload  # type: ignore[attr-defined]
        yield reader
    writer.join(timeout=5)


async def test_upload_from_a_pipe_sends_all_of_it(
    api: Api, server: RecordingServer, pipe_reader: Any
) -> None:
    server.queue(Reply.json(FILE))
    result = await api.call("files.upload", file=("train.jsonl", pipe_reader), purpose="batch")
    assert result.id == "f1"
    body = server.requests[0].body
    assert pipe_reader.payload in body
    assert b'filename="train.jsonl"' in body


async def test_upload_from_a_pipe_is_resent_whole_after_429(
    kind: str, server: RecordingServer, pipe_reader: Any
) -> None:
    # Retry-After 0: the rate limiter's hold on the group ends at once.
    limited = Reply.json({"message": "Requests rate limit exceeded"}, 429, **{"Retry-After": "0"})
    server.queue(limited, Reply.json(FILE))
    async with open_api(kind, server.base_url, max_retries=1) as api:
        NoSleep(api)
        await api.call("files.upload", file=pipe_reader, purpose="batch")
    first, second = server.requests
    assert first.body == second.body
    assert pipe_reader.payload in second.body


class Unseekable:
    """A file-like object that cannot seek, like a socket file."""

    def __init__(self, chunks: list[Any]) -> None:
        self.chunks = chunks

    def read(self, size: int = -1) -> Any:
        if not self.chunks:
            return b""
        chunk = self.chunks.pop(0)
        if isinstance(chunk, Exception):
            raise chunk
        return chunk

    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize(
    ("file", "rule"),
    [  # factories: the sync and async runs each need a fresh reader
        (lambda: Unseekable(["text, not bytes"]), "binary mode"),
        (lambda: Unseekable([b"{}", OSError("reset")]), "could not be read (OSError)"),
        (lambda: Unseekable([b"x" * 64, b"x" * 64]), "larger than the API's"),
        (lambda: "bad\0path.jsonl", "not a readable file"),
    ],
    ids=["text-chunks", "read-fails", "over-the-limit", "nul-in-path"],
)
async def test_unreadable_uploads_are_refused(
    api: Api, server: RecordingServer, monkeypatch: pytest.MonkeyPatch, file: Any, rule: str
) -> None:
    from mistral_client._resources import files

    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 100)
    error = await assert_refused(api, server, "files.upload", (), {"file": file()})
    assert error.field == "file"
    assert rule in error.rule


# --- the emulator refuses what the API refuses --------------------------------------------------


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    pytest.importorskip("starlette")
    from mistral_client.testing import MistralEmulator

    with MistralEmulator() as running:
        yield running


def test_emulator_cut_body_on_models_list_is_retried(emulator: Any) -> None:
    """The issue's own reproduction: Fault.cut(after=10) on /v1/models, max_retries=3."""
    from mistral_client.testing import Fault

    emulator.clear_requests()
    emulator.inject(Fault.cut(after=10), path="/v1/models")
    with Mistral(api_key=CANARY_KEY, base_url=emulator.base_url, max_retries=3) as client:
        delays: list[float] = []
        client._transport.sleep = delays.append
        models = client.models.list()
    assert models.data
    assert [r.path for r in emulator.requests] == ["/v1/models", "/v1/models"]
    assert len(delays) == 1


def test_emulator_refuses_an_output_dimension_the_api_refuses(emulator: Any) -> None:
    response = httpx.post(
        f"{emulator.base_url}/v1/embeddings",
        headers={"Authorization": f"Bearer {CANARY_KEY}"},
        json={"model": "mistral-embed", "input": "x", "output_dimension": 10**12},
        timeout=10,
    )
    assert response.status_code == 422
    detail = response.json()["message"]["detail"][0]
    assert detail["loc"] == ["body", "output_dimension"]
    assert detail["type"] == "less_than_equal"
