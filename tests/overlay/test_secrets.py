"""The API key never leaks: not into any log record (every logger, at DEBUG), not into any
exception (its str, repr, args, attributes and __cause__/__context__ chain), not into the
repr of the clients, their namespaces, settings and auth, nor into RawResponse objects,
nor into any span (name, attribute, event, status) or metric label the client emits.
Each scenario also proves the key really was sent, so these tests cannot pass vacuously."""

from __future__ import annotations

import json
import logging
import socket
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from mistral_client import AsyncMistral, Mistral, RetryConfig, errors
from tests.conftest import CANARY_KEY, open_api
from tests.support.otel import InMemoryOtel
from tests.support.server import RecordingServer, Reply

# The part of the key that identifies it: "sk-" alone is no secret.
SECRET = CANARY_KEY.removeprefix("sk-")
LOGGERS = ("mistral_client", "httpx", "httpcore")
NAMESPACES = (
    "chat",
    "fim",
    "embeddings",
    "models",
    "files",
    "fine_tuning",
    "fine_tuning.jobs",
    "agents",
    "batch",
    "batch.jobs",
    "classifiers",
)


def leaks(texts: Iterable[str]) -> list[str]:
    return [text for text in texts if SECRET in text]


# --- capturing every log record -----------------------------------------------------------------


class FormattingHandler(logging.Handler):
    """Formats each record with its raw args and traceback, as a careless log setup would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))  # includes the traceback when exc_info is set
        self.texts.append(repr(vars(record)))  # msg, args, exc_info and any `extra` fields


@dataclass
class Logs:
    caplog: pytest.LogCaptureFixture
    handler: FormattingHandler

    def texts(self) -> list[str]:
        records = self.caplog.records
        return [
            self.caplog.text,
            *self.handler.texts,
            *(record.getMessage() for record in records),
            *(repr(record.args) for record in records),
            *(record.exc_text or "" for record in records),
        ]

    def names(self) -> set[str]:
        """Top-level names of the loggers that emitted records."""
        return {record.name.split(".")[0] for record in self.caplog.records}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Iterator[Logs]:
    """DEBUG for the root and every mistral_client / httpx / httpcore logger (TRACE for
    mistral_client), all propagating to caplog's handler and to a formatting handler on the
    root."""
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.set_level(1, logger="mistral_client")  # below DEBUG too: TRACE logs whole bodies
    for name in list(logging.root.manager.loggerDict):
        if name.split(".")[0] in LOGGERS:
            logger = logging.getLogger(name)
            monkeypatch.setattr(logger, "propagate", True)
            monkeypatch.setattr(logger, "disabled", False)
    handler = FormattingHandler()
    logging.root.addHandler(handler)
    try:
        yield Logs(caplog, handler)
    finally:
        logging.root.removeHandler(handler)


# --- what else could carry the key ----------------------------------------------------------------


def exception_texts(error: BaseException) -> list[str]:
    """str, repr, args, attributes and formatted traceback of `error` and of every exception
    in its __cause__ / __context__ chain."""
    texts: list[str] = []
    pending: list[BaseException] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args), repr(vars(current))]
        texts += [repr(getattr(current, "__notes__", []))]
        texts.append("".join(traceback.format_exception(current)))
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return texts


def client_texts(client: Mistral | AsyncMistral) -> list[str]:
    """repr/str of the client, each namespace, the settings and the auth object."""
    objects: list[Any] = [client, client._settings, client._http.auth, client._core]
    for dotted in NAMESPACES:
        target: Any = client
        for part in dotted.split("."):
            target = getattr(target, part)
        objects.append(target)
    texts = [text for obj in objects for text in (repr(obj), str(obj))]
    texts += [repr(vars(client))] + [repr(vars(obj)) for obj in objects[-len(NAMESPACES) :]]
    return texts


# --- clients -----------------------------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def closed_port_url() -> str:
    """A loopback URL nothing listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- the scenarios ------------------------------------------------------------------------------

MODEL_CARD = {
    "id": "mistral-small-latest",
    "object": "model",
    "created": 1,
    "owned_by": "mistralai",
    "capabilities": {},
}
MODELS = {"object": "list", "data": [MODEL_CARD]}
CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hi"}]}
RETRY_AT_ONCE: dict[str, Any] = {
    "max_retries": 1,
    "retry": RetryConfig(initial_delay=0, max_delay=0, jitter=0),
}
REQUEST_ID = {"mistral-correlation-id": "019a2dd9-9b01-7be5-97d3-ee00062a444a"}


def answer(payload: Any, status: int, headers: Mapping[str, str]) -> Reply:
    """A JSON reply with extra headers (names such as Retry-After are no Python keywords)."""
    merged = {"Content-Type": "application/json", **headers}
    return Reply(status, json.dumps(payload).encode(), merged)


HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    b"</h1></center><hr><center>cloudflare</center></body></html>"
)


def key_function() -> str:
    return CANARY_KEY


def bytes_key_function() -> Any:
    return CANARY_KEY.encode()  # not a str: refused, and the refusal must not quote it


@dataclass(frozen=True)
class Scenario:
    id: str
    method: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    replies: tuple[Reply, ...] = ()
    raises: type[Exception] | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    base_url: Callable[[RecordingServer], str] = lambda server: server.base_url
    sent: int = 1  # requests the server must have received, each with the key
    connects: bool = True  # False: refused before any connection attempt


ECHOED = f"request headers: Authorization: Bearer {CANARY_KEY}"

SCENARIOS = [
    Scenario("success", "models.list", replies=(answer(MODELS, 200, REQUEST_ID),)),
    # A gateway that echoes the request headers into its error body: redacted from the error.
    Scenario(
        "400-gateway-echoes-the-key",
        "models.list",
        replies=(answer({"message": ECHOED}, 400, REQUEST_ID),),
        raises=errors.InvalidRequestError,
    ),
    Scenario(
        "200-html-echoing-the-key",
        "models.list",
        replies=(Reply(200, f"<html>{ECHOED}</html>".encode(), {"Content-Type": "text/html"}),),
        raises=errors.ResponseValidationError,
    ),
    Scenario(
        "400-invalid-model",
        "chat.complete",
        CHAT,
        (
            Reply.json(
                {
                    "object": "error",
                    "message": "Invalid model: mistral-smal",
                    "type": "invalid_model",
                    "param": None,
                    "code": "1500",
                },
                status=400,
            ),
        ),
        errors.InvalidRequestError,
    ),
    Scenario(
        "401-unauthorized",
        "models.list",
        replies=(answer({"detail": "Unauthorized"}, 401, REQUEST_ID),),
        raises=errors.AuthenticationError,
    ),
    Scenario(
        "422-extra-forbidden",
        "chat.complete",
        CHAT,
        (
            Reply.json(
                {
                    "object": "error",
                    "message": {
                        "detail": [
                            {
                                "type": "extra_forbidden",
                                "loc": ["body", "safe_mode"],
                                "msg": "Extra inputs are not permitted",
                                "input": False,
                            }
                        ]
                    },
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                },
                status=422,
            ),
        ),
        errors.UnprocessableEntityError,
    ),
    Scenario(
        "429-rate-limited",
        "chat.complete",
        CHAT,
        (answer({"message": "Requests rate limit exceeded"}, 429, {"Retry-After": "1"}),),
        errors.RateLimitError,
    ),
    Scenario(
        "500-server-error",
        "models.list",
        replies=(Reply.json({"object": "error", "message": "Internal error"}, status=500),),
        raises=errors.InternalServerError,
    ),
    Scenario(
        "502-html",
        "models.list",
        replies=(Reply(502, HTML_502, {"Content-Type": "text/html"}),),
        raises=errors.BadGatewayError,
    ),
    Scenario(
        "503-retried-then-ok",
        "models.list",
        replies=(Reply.json({"detail": "busy"}, status=503), Reply.json(MODELS)),
        settings=RETRY_AT_ONCE,
        sent=2,
    ),
    Scenario(
        "200-not-json",
        "models.list",
        replies=(Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}),),
        raises=errors.ResponseValidationError,
    ),
    Scenario(
        "upload-500",
        "files.upload",
        {"file": ("batch.jsonl", b'{"custom_id": "1", "body": {}}\n'), "purpose": "batch"},
        (Reply.json({"object": "error", "message": "Internal error"}, status=500),),
        errors.InternalServerError,
    ),
    Scenario(
        "connection-refused",
        "models.list",
        raises=errors.APIConnectionError,
        base_url=lambda server: closed_port_url(),
        sent=0,
    ),
    Scenario(
        "connection-refused-retried",
        "models.list",
        raises=errors.APIConnectionError,
        settings=RETRY_AT_ONCE,
        base_url=lambda server: closed_port_url(),
        sent=0,
    ),
    Scenario(
        "timeout",
        "models.list",
        {"timeout": 0.2},
        (Reply(hang=True),),
        errors.APITimeoutError,
    ),
    Scenario(
        "validation-error",
        "chat.complete",
        {**CHAT, "temperature": 9},
        raises=errors.RequestValidationError,
        sent=0,
        connects=False,
    ),
    Scenario(
        "callable-key-success",
        "models.list",
        replies=(Reply.json(MODELS),),
        settings={"api_key": key_function},
    ),
    Scenario(
        "callable-key-401",
        "models.list",
        replies=(Reply.json({"message": "Unauthorized", "request_id": "r-1"}, status=401),),
        raises=errors.AuthenticationError,
        settings={"api_key": key_function},
    ),
    Scenario(
        "callable-key-returns-bytes",
        "models.list",
        raises=errors.ConfigurationError,
        settings={"api_key": bytes_key_function},
        sent=0,
        connects=False,
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
async def test_key_never_leaks(
    kind: str, server: RecordingServer, logs: Logs, scenario: Scenario
) -> None:
    server.queue(*scenario.replies)
    error: Exception | None = None
    raw: Any = None
    otel = InMemoryOtel()
    settings = {**scenario.settings, **otel.settings}
    async with open_api(kind, scenario.base_url(server), **settings) as api:
        try:
            raw = await api.call(
                "with_raw_response", api.method(scenario.method), **scenario.kwargs
            )
        except errors.MistralError as exc:
            error = exc
        searched = client_texts(api.client)

    # Not vacuous: the scenario happened as planned, and the key went out on the wire.
    if scenario.raises is None:
        assert error is None
        assert raw.status_code == 200
        searched += [repr(raw), str(raw), repr(raw.headers), repr(raw.parsed)]
    else:
        assert isinstance(error, scenario.raises), repr(error)
        searched += exception_texts(error)
    assert [sent.headers["authorization"] for sent in server.requests] == [
        f"Bearer {CANARY_KEY}"
    ] * scenario.sent
    if scenario.connects:
        assert "httpcore" in logs.names(), "DEBUG records of the HTTP stack were captured"

    if scenario.sent:
        assert otel.calls(), "the call was traced"
    assert leaks(searched) == []
    assert leaks(logs.texts()) == []
    assert leaks(otel.texts()) == []


def test_retry_log_is_captured_and_clean(server: RecordingServer, logs: Logs) -> None:
    """The retry path logs at INFO from mistral_client; it must name the operation only."""
    server.queue(Reply.json({"detail": "busy"}, status=503), Reply.json(MODELS))
    with Mistral(api_key=CANARY_KEY, base_url=server.base_url, **RETRY_AT_ONCE) as client:
        client.models.list()
    records = [r for r in logs.caplog.records if r.name == "mistral_client"]
    retries = [r for r in records if r.getMessage().startswith("retrying")]
    assert [r.levelno for r in retries] == [logging.INFO]
    assert not [r for r in records if r.levelno >= logging.WARNING]
    assert "models.list" in retries[0].getMessage()
    assert leaks(logs.texts()) == []


def test_the_search_would_find_a_leak(logs: Logs) -> None:
    """The detectors are not blind: a key in log args, in a traceback, or deep in an
    exception's __context__ chain is found."""
    logging.getLogger("httpcore.http11").debug(
        "send_request_headers %s", [(b"Authorization", f"Bearer {CANARY_KEY}".encode())]
    )
    try:
        try:
            raise RuntimeError(("header", CANARY_KEY))
        except RuntimeError:
            raise errors.APIConnectionError("connection failed") from None
    except errors.APIConnectionError as exc:
        caught = exc
    assert caught.__cause__ is None
    assert leaks(logs.texts())
    assert leaks(exception_texts(caught))


def test_the_search_would_find_a_leak_in_telemetry() -> None:
    otel = InMemoryOtel()
    tracer = otel.tracer_provider.get_tracer("test")
    with tracer.start_as_current_span("call") as span:
        span.add_event("retry", {"header": f"Bearer {CANARY_KEY}"})
    otel.meter_provider.get_meter("test").create_counter("calls").add(1, {"key": CANARY_KEY})
    assert len(leaks(otel.texts())) == 2


async def test_callable_key_rotates_per_request(kind: str, server: RecordingServer) -> None:
    keys = iter(["sk-rotated-first-1111", "sk-rotated-second-2222"])
    server.queue(Reply.json(MODELS), Reply.json(MODELS))
    async with open_api(kind, server.base_url, api_key=lambda: next(keys)) as api:
        await api.call("models.list")
        await api.call("models.list")
    assert [sent.headers["authorization"] for sent in server.requests] == [
        "Bearer sk-rotated-first-1111",
        "Bearer sk-rotated-second-2222",
    ]
