"""Injected faults: error shapes, latency, stalls, cuts, malformed JSON; the request log."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from mistral_client.testing import ErrorShape, Fault, MistralEmulator
from mistral_client.testing._faults import parse_rule

from .conftest import AUTH, chat_body

CHAT = "/v1/chat/completions"


@pytest.mark.parametrize(
    ("status", "shape", "body", "media"),
    [
        (
            500,
            None,
            {
                "object": "error",
                "message": "Internal Server Error",
                "type": "internal_server_error",
                "param": None,
                "code": None,
            },
            "application/json",
        ),
        (
            400,
            "error_object",
            {
                "object": "error",
                "message": "Bad Request",
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            },
            "application/json",
        ),
        (
            422,
            None,
            {
                "object": "error",
                "message": {
                    "detail": [
                        {
                            "type": "missing",
                            "loc": ["body", "model"],
                            "msg": "Field required",
                            "input": {},
                        }
                    ]
                },
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            },
            "application/json",
        ),
        (
            422,
            "validation_bare",
            {
                "detail": [
                    {
                        "type": "missing",
                        "loc": ["body", "model"],
                        "msg": "Field required",
                        "input": {},
                    }
                ]
            },
            "application/json",
        ),
        (401, None, {"detail": "Unauthorized"}, "application/json"),
        (429, None, {"message": "Requests rate limit exceeded"}, "application/json"),
        (
            429,
            "rate_limit_object",
            {
                "object": "error",
                "message": "Rate limit exceeded",
                "type": "rate_limited",
                "param": None,
                "code": "1300",
            },
            "application/json",
        ),
        (
            429,
            "capacity",
            {
                "object": "error",
                "message": "Service tier capacity exceeded for this model.",
                "type": "service_tier_capacity_exceeded",
                "param": None,
                "code": None,
            },
            "application/json",
        ),
    ],
)
def test_json_error_shapes(
    http: httpx.Client,
    emu: MistralEmulator,
    status: int,
    shape: str | None,
    body: object,
    media: str,
) -> None:
    emu.inject(Fault.error(status, shape), path=CHAT)
    response = http.post(CHAT, json=chat_body())
    assert response.status_code == status
    assert response.headers["content-type"] == media
    assert response.json() == body
    assert http.post(CHAT, json=chat_body()).status_code == 200


def test_unauthorized_message_shape_carries_the_request_id(
    http: httpx.Client, emu: MistralEmulator
) -> None:
    emu.inject(Fault.error(401, ErrorShape.UNAUTHORIZED_MESSAGE))
    response = http.get("/v1/models")
    assert response.json() == {
        "message": "Unauthorized",
        "request_id": response.headers["mistral-correlation-id"],
    }


def test_gateway_html_and_empty_bodies(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.error(502, retry_after=3), path=CHAT)
    html = http.post(CHAT, json=chat_body())
    assert html.status_code == 502
    assert html.headers["content-type"] == "text/html"
    assert html.headers["retry-after"] == "3"
    assert "<title>502 Bad Gateway</title>" in html.text
    emu.inject(Fault.error(503, "empty", retry_after="Wed, 21 Oct 2026 07:28:00 GMT"), path=CHAT)
    empty = http.post(CHAT, json=chat_body())
    assert (empty.status_code, empty.content) == (503, b"")
    assert "content-type" not in empty.headers
    assert empty.headers["retry-after"] == "Wed, 21 Oct 2026 07:28:00 GMT"


def test_rule_matching(http: httpx.Client, emu: MistralEmulator) -> None:
    files_rule = emu.inject(Fault.error(503), path="/v1/files*", method="get", times=2)
    forever = emu.inject(Fault.error(504), path="/v1/models/*", times=None)
    assert http.post("/v1/files").status_code == 422  # method does not match
    assert [http.get("/v1/files").status_code for _ in range(3)] == [503, 503, 200]
    assert files_rule.hits == 2
    assert files_rule.remaining == 0
    assert [http.get("/v1/models/x").status_code for _ in range(3)] == [504] * 3
    assert forever.hits == 3
    assert http.get("/v1/models").status_code == 200
    emu.clear_faults()
    assert http.get("/v1/models/mistral-embed").status_code == 200


def test_faults_apply_before_auth(emu: MistralEmulator) -> None:
    emu.inject(Fault.error(503))
    assert httpx.get(f"{emu.base_url}/v1/models").status_code == 503


def test_latency(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.delay(5.0), path=CHAT)
    with pytest.raises(httpx.ReadTimeout):
        http.post(CHAT, json=chat_body(), timeout=1.0)
    emu.inject(Fault.delay(0.05), path="/v1/models")
    started = time.monotonic()
    assert http.get("/v1/models").status_code == 200
    assert time.monotonic() - started >= 0.05


def test_stalled_stream_sends_k_events_then_hangs(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.stall(after=2), path=CHAT)
    received: list[str] = []
    timeout = httpx.Timeout(10.0, read=1.0)
    body = chat_body("a b c", stream=True)
    with http.stream("POST", CHAT, json=body, timeout=timeout) as response:
        assert response.status_code == 200
        lines = (line for line in response.iter_lines() if line)
        received.extend([next(lines), next(lines)])
        with pytest.raises(httpx.ReadTimeout):
            received.extend(lines)
    assert len(received) == 2
    assert json.loads(received[1][6:])["choices"][0]["delta"]["content"] == "Echo:"


def test_a_stall_ends_when_the_emulator_stops() -> None:
    emu = MistralEmulator().start()
    emu.inject(Fault.stall(after=1), path="/v1/models")
    outcome: list[object] = []
    responding = threading.Event()

    def call() -> None:
        try:
            with httpx.stream(
                "GET", f"{emu.base_url}/v1/models", headers=AUTH, timeout=30
            ) as response:
                responding.set()
                outcome.append(response.read())
        except httpx.HTTPError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    assert responding.wait(10)
    started = time.monotonic()
    emu.stop()
    worker.join(10)
    assert not worker.is_alive()
    assert time.monotonic() - started < 5
    assert isinstance(outcome[0], httpx.RemoteProtocolError)


def test_stalled_json_body(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.stall(after=5), path="/v1/models")
    with http.stream("GET", "/v1/models", timeout=httpx.Timeout(10, read=1.0)) as response:
        assert int(response.headers["content-length"]) > 5
        with pytest.raises(httpx.ReadTimeout):
            response.read()


def test_cut_connections(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.cut(after=2), path=CHAT)
    lines: list[str] = []
    with (
        pytest.raises(httpx.RemoteProtocolError),
        http.stream("POST", CHAT, json=chat_body(stream=True)) as response,
    ):
        lines.extend(line for line in response.iter_lines() if line)
    assert len(lines) == 2
    emu.inject(Fault.cut(after=10), path="/v1/models")
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/v1/models")
    assert http.get("/v1/models").status_code == 200


def test_malformed_json(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.malformed_json(), path="/v1/models")
    response = http.get("/v1/models")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    emu.inject(Fault.malformed_json(), path=CHAT)
    events = [e for e in http.post(CHAT, json=chat_body(stream=True)).text.split("\n\n") if e]
    json.loads(events[0][6:])
    with pytest.raises(json.JSONDecodeError):
        json.loads(events[1][6:])
    assert events[-1] == "data: [DONE]"


def test_reset_after_read_processes_the_request_then_resets(
    http: httpx.Client, emu: MistralEmulator
) -> None:
    """The create happens (the file exists), but the client gets a reset, not an answer."""
    emu.inject(Fault.reset(), path="/v1/files", method="POST")
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        http.post(
            "/v1/files", files={"file": ("a.jsonl", b'{"a": 1}\n')}, data={"purpose": "batch"}
        )
    listed = http.get("/v1/files").json()["data"]
    assert [item["filename"] for item in listed] == ["a.jsonl"]
    posts = [r for r in emu.requests if r.method == "POST"]
    assert len(posts) == 1
    assert posts[0].status == -1
    assert http.get("/v1/models").status_code == 200  # the server itself is fine
    assert parse_rule("reset_after_read=true").fault == Fault.reset()


def test_drop_resets_without_processing(http: httpx.Client, emu: MistralEmulator) -> None:
    emu.inject(Fault.reset_unprocessed(), path="/v1/files", method="POST")
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        http.post("/v1/files", files={"file": ("a.jsonl", b"{}\n")}, data={"purpose": "batch"})
    assert http.get("/v1/files").json()["data"] == []
    assert [r.status for r in emu.requests] == [-2, 200]
    assert parse_rule("drop=yes").fault == Fault.reset_unprocessed()


def test_probability_applies_a_seeded_share(http: httpx.Client, emu: MistralEmulator) -> None:
    rule = emu.inject(Fault.error(503), path="/v1/models", times=None, probability=0.25)
    statuses = [http.get("/v1/models").status_code for _ in range(200)]
    assert 30 <= statuses.count(503) <= 70
    assert rule.hits == statuses.count(503)
    assert parse_rule("probability=0.5,status=500").probability == 0.5
    with pytest.raises(ValueError, match="probability"):
        parse_rule("probability=2,status=500")


def test_parse_rule() -> None:
    rule = parse_rule(
        "path=/v1/chat/*, method=POST, times=2, status=503, shape=html, retry_after=2"
    )
    assert (rule.path, rule.method, rule.remaining) == ("/v1/chat/*", "POST", 2)
    assert rule.fault == Fault(status=503, shape=ErrorShape.HTML, retry_after=2.0)
    assert rule.fault.retry_after_header() == "2"
    other = parse_rule(
        "latency=0.5,stall_after=3,cut_after=1,malformed=true,times=always,retry-after=inf"
    )
    assert other.remaining is None
    assert other.fault == Fault(
        latency=0.5, stall_after=3, cut_after=1, malformed=True, retry_after="inf"
    )
    assert parse_rule("status=429,retry_after=1.5").fault.retry_after_header() == "1.5"
    assert parse_rule("status=429,retry_after=soon").fault.retry_after == "soon"
    for bad in ("status", "colour=red", "shape=square", "status=x"):
        with pytest.raises(ValueError):  # noqa: PT011 - several messages
            parse_rule(bad)


def test_request_log(http: httpx.Client, emu: MistralEmulator) -> None:
    http.post(CHAT, params={"a": "1"}, json=chat_body("logged"), headers={"X-Extra": "yes"})
    http.post("/v1/files", files={"file": ("f.jsonl", b"{}\n")}, data={"purpose": "batch"})
    http.post(CHAT, content=b"{not json", headers={"content-type": "application/json"})
    chat, upload, broken = emu.requests
    assert (chat.method, chat.path, chat.query, chat.query_string) == (
        "POST",
        CHAT,
        {"a": "1"},
        "a=1",
    )
    assert chat.json == chat_body("logged")
    assert chat.operation == "chat_complete"
    assert chat.status == 200
    assert chat.headers["authorization"] == "Bearer [REDACTED]"
    assert chat.headers["x-extra"] == "yes"
    assert chat.request_id
    assert upload.form == {"file": "<file 'f.jsonl', 3 bytes>", "purpose": "batch"}
    assert broken.json is None
    assert broken.content == b"{not json"
    assert broken.status == 422
    emu.clear_requests()
    assert emu.requests == []
