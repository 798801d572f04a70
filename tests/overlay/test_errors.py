"""The error table: every status and every error-body shape the API is known to send.

(a) pure: `errors._status_error(status, headers, body)` builds the right class and fields;
(b) through the client over loopback, sync and async: the same answers raise the same
errors, and transport failures and unparseable 2xx bodies raise ours, never httpx's.
"""

from __future__ import annotations

import calendar
import email.utils
import math
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mistral_client import AsyncMistral, Mistral, errors
from mistral_client.errors import _parse_retry_after, _status_error
from tests.conftest import CANARY_KEY, Api
from tests.support.server import RecordingServer, Reply

REQUEST_ID = "019a2dd9-ce05-703d-b34b-57bd1a320de4"
MAX_WAIT = 86400.0
HELLO = {"role": "user", "content": "Hello"}

# --- (a) status -> class -----------------------------------------------------------

STATUSES: list[tuple[int, type[errors.APIStatusError]]] = [
    (400, errors.InvalidRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.APIStatusError),
    (418, errors.APIStatusError),
    (422, errors.UnprocessableEntityError),
    (429, errors.RateLimitError),
    (500, errors.InternalServerError),
    (501, errors.ServerError),
    (502, errors.BadGatewayError),
    (503, errors.ServiceUnavailableError),
    (504, errors.GatewayTimeoutError),
]
STATUS_IDS = [f"{status}-{cls.__name__}" for status, cls in STATUSES]


def assert_family(exc: BaseException, status: int, cls: type[errors.APIStatusError]) -> None:
    assert type(exc) is cls
    assert type(exc).__module__ == "mistral_client.errors"
    assert isinstance(exc, errors.APIStatusError)
    assert isinstance(exc, errors.MistralError)
    assert isinstance(exc, errors.ServerError) is (status >= 500)
    assert exc.status_code == status


@pytest.mark.parametrize(("status", "cls"), STATUSES, ids=STATUS_IDS)
def test_status_maps_to_its_class(status: int, cls: type[errors.APIStatusError]) -> None:
    exc = _status_error(status, httpx.Headers(), '{"message":"boom"}')
    assert_family(exc, status, cls)
    assert exc.message == "boom"
    assert str(status) in str(exc)
    assert "boom" in str(exc)


# --- (a) body shapes ---------------------------------------------------------------

HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)
HTML_504 = "<!DOCTYPE html><html><body>" + "<p>upstream request timeout</p>" * 40 + "</body></html>"
WRAPPED_422 = (
    '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","safe_mode"],'
    '"msg":"Extra inputs are not permitted","input":false,'
    '"url":"https://errors.pydantic.dev/2.6/v/extra_forbidden"}]},'
    '"type":"invalid_request_error","param":null,"code":null}'
)
BARE_422 = (
    '{"detail":[{"type":"missing","loc":["body","model"],"msg":"Field required",'
    '"input":{"messages":[]}},{"type":"extra_forbidden","loc":["body","safe_mode"],'
    '"msg":"Extra inputs are not permitted","input":false}]}'
)


@dataclass(frozen=True)
class Shape:
    """One error answer and what must be read from it."""

    id: str
    status: int
    body: str
    cls: type[errors.APIStatusError]
    message: str | None = None  # exact, when given
    contains: tuple[str, ...] = ()
    kind: str | None = None
    code: str | None = None
    param: str | None = None
    request_id: str | None = None
    details: int = 0
    headers: dict[str, str] = field(default_factory=dict)


SHAPES = [
    Shape(
        "error-object-invalid-model",
        400,
        '{"object":"error","message":"Invalid model: mistral-huge","type":"invalid_model",'
        '"param":null,"code":"1500"}',
        errors.InvalidRequestError,
        message="Invalid model: mistral-huge",
        kind="invalid_model",
        code="1500",
    ),
    Shape(
        "error-object-int-code-becomes-string",
        400,
        '{"object":"error","message":"Expected last role User or Tool (or Assistant with prefix '
        'True) for serving but got assistant","type":"invalid_request_message_order",'
        '"param":null,"code":3230}',
        errors.InvalidRequestError,
        contains=("Expected last role User or Tool",),
        kind="invalid_request_message_order",
        code="3230",
    ),
    Shape(
        "error-object-with-param",
        400,
        '{"object":"error","message":"Temperature must be between 0 and 1.5",'
        '"type":"invalid_request_error","param":"temperature","code":null}',
        errors.InvalidRequestError,
        message="Temperature must be between 0 and 1.5",
        kind="invalid_request_error",
        param="temperature",
    ),
    Shape(
        "422-wrapped-detail-safe-mode",
        422,
        WRAPPED_422,
        errors.UnprocessableEntityError,
        contains=("safe_mode", "Extra inputs are not permitted"),
        kind="invalid_request_error",
        param="safe_mode",
        details=1,
    ),
    Shape(
        "422-bare-detail",
        422,
        BARE_422,
        errors.UnprocessableEntityError,
        contains=("model: Field required", "safe_mode: Extra inputs are not permitted"),
        param="model",
        details=2,
    ),
    Shape(
        "401-detail-string",
        401,
        '{"detail":"Unauthorized"}',
        errors.AuthenticationError,
        message="Unauthorized",
    ),
    Shape(
        "401-message-and-request-id",
        401,
        '{"message":"Unauthorized","request_id":"7c1b0e9a4d2f4e8b9a6c3d5e1f0a2b4c"}',
        errors.AuthenticationError,
        message="Unauthorized",
        request_id="7c1b0e9a4d2f4e8b9a6c3d5e1f0a2b4c",
    ),
    Shape(
        "429-gateway-message",
        429,
        '{"message":"Requests rate limit exceeded"}',
        errors.RateLimitError,
        message="Requests rate limit exceeded",
    ),
    Shape(
        "429-error-object-1300",
        429,
        '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,'
        '"code":"1300","raw_status_code":429}',
        errors.RateLimitError,
        message="Rate limit exceeded",
        kind="rate_limited",
        code="1300",
    ),
    Shape(
        "429-service-tier-capacity",
        429,
        '{"object":"error","message":"Service tier capacity exceeded for this model.",'
        '"type":"invalid_request_error","param":null,"code":null}',
        errors.RateLimitError,
        message="Service tier capacity exceeded for this model.",
        kind="invalid_request_error",
    ),
    Shape(
        "502-html-gateway-page",
        502,
        HTML_502,
        errors.BadGatewayError,
        contains=("HTTP 502", "502 Bad Gateway", "cloudflare"),
    ),
    Shape(
        "504-long-html-is-cut",
        504,
        HTML_504,
        errors.GatewayTimeoutError,
        contains=("HTTP 504", "upstream request timeout"),
    ),
    Shape("503-empty-body", 503, "", errors.ServiceUnavailableError, message="HTTP 503"),
    Shape("503-blank-body", 503, " \r\n ", errors.ServiceUnavailableError, message="HTTP 503"),
    Shape(
        "json-string-body",
        500,
        '"upstream connect error or disconnect/reset before headers"',
        errors.InternalServerError,
        message="upstream connect error or disconnect/reset before headers",
    ),
    Shape(
        "json-array-body",
        400,
        '[{"error":"bad request"}]',
        errors.InvalidRequestError,
        contains=("HTTP 400", '[{"error":"bad request"}]'),
    ),
    Shape("json-null-body", 500, "null", errors.InternalServerError, contains=("HTTP 500",)),
    Shape(
        "truncated-json",
        401,
        '{"message": "Unauth',
        errors.AuthenticationError,
        contains=("HTTP 401", '{"message": "Unauth'),
    ),
    Shape(
        "null-message-falls-back-to-detail",
        404,
        '{"message":null,"detail":"Not Found"}',
        errors.NotFoundError,
        message="Not Found",
    ),
    Shape(
        "number-message",
        400,
        '{"message":42}',
        errors.InvalidRequestError,
        message="42",
    ),
    Shape(
        "detail-list-of-junk",
        422,
        '{"detail":[1,"x",null]}',
        errors.UnprocessableEntityError,
        message="validation error",
    ),
    Shape(
        "request-id-from-correlation-header",
        400,
        '{"object":"error","message":"Invalid model: x","type":"invalid_model","param":null,'
        '"code":"1500"}',
        errors.InvalidRequestError,
        message="Invalid model: x",
        kind="invalid_model",
        code="1500",
        request_id=REQUEST_ID,
        headers={"mistral-correlation-id": REQUEST_ID, "x-kong-request-id": REQUEST_ID},
    ),
    Shape(
        "request-id-from-kong-header",
        500,
        "",
        errors.InternalServerError,
        message="HTTP 500",
        request_id="kong-only-id",
        headers={"X-Kong-Request-Id": "kong-only-id"},
    ),
]


def assert_shape(exc: errors.APIStatusError, shape: Shape) -> None:
    assert_family(exc, shape.status, shape.cls)
    assert exc.body == shape.body
    if shape.message is not None:
        assert exc.message == shape.message
    for text in shape.contains:
        assert text in exc.message, (text, exc.message)
    assert exc.message, "every error has a message"
    assert len(exc.message) <= 260, "gateway pages are cut, not copied whole"
    assert (exc.type, exc.code, exc.param) == (shape.kind, shape.code, shape.param)
    assert exc.code is None or isinstance(exc.code, str)
    assert exc.request_id == shape.request_id
    assert len(exc.details) == shape.details
    assert all(isinstance(item, dict) for item in exc.details)
    assert str(shape.status) in str(exc)
    assert exc.message in str(exc)


@pytest.mark.parametrize("shape", SHAPES, ids=[s.id for s in SHAPES])
def test_body_shape_parses(shape: Shape) -> None:
    exc = _status_error(shape.status, httpx.Headers(shape.headers), shape.body)
    assert_shape(exc, shape)


def test_wrapped_422_details_keep_every_pydantic_field() -> None:
    exc = _status_error(422, httpx.Headers(), WRAPPED_422)
    (item,) = exc.details
    assert item["type"] == "extra_forbidden"
    assert item["loc"] == ["body", "safe_mode"]
    assert item["msg"] == "Extra inputs are not permitted"
    assert item["input"] is False
    assert exc.message == "safe_mode: Extra inputs are not permitted"


def test_str_names_status_message_type_code_and_request_id() -> None:
    exc = _status_error(
        400,
        httpx.Headers({"mistral-correlation-id": REQUEST_ID}),
        '{"object":"error","message":"Invalid model: x","type":"invalid_model","param":null,'
        '"code":"1500"}',
    )
    text = str(exc)
    assert text.startswith("400 Invalid model: x")
    for part in ("type=invalid_model", "code=1500", f"request_id={REQUEST_ID}"):
        assert part in text


# --- (a) Retry-After ---------------------------------------------------------------

RETRY_AFTER: list[tuple[str, str, float | None]] = [
    ("seconds", "5", 5.0),
    ("zero", "0", 0.0),
    ("fraction", "2.5", 2.5),
    ("padded", "  7 ", 7.0),
    ("day-is-the-cap", "86400", 86400.0),
    ("inf", "inf", None),
    ("minus-inf", "-inf", None),
    ("Infinity", "Infinity", None),
    ("nan", "nan", None),
    ("overflow-to-inf", "1e400", None),
    # Not delta-seconds (RFC 9110: digits only): ignored, so the client's own backoff applies.
    ("negative-ignored", "-5", None),
    ("minus-one-ignored", "-1", None),
    ("underscore-ignored", "1_0", None),
    ("exponent-ignored", "1e12", None),
    ("plus-sign-ignored", "+3", None),
    ("huge-clamped", "1000000000000", MAX_WAIT),
    ("digits-overflow-to-inf", "9" * 400, None),
    ("just-over-a-day-clamped", "86401", MAX_WAIT),
    ("words", "soon", None),
    ("empty", "", None),
    ("blank", "   ", None),
    ("date-in-the-past", "Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ("date-far-future-clamped", "Fri, 31 Dec 9999 23:59:59 GMT", MAX_WAIT),
    ("date-without-zone", "Wed, 21 Oct 2015 07:28:00", None),
    ("date-impossible", "Wed, 32 Oct 2015 99:99:99 GMT", None),
    ("date-year-overflow", "Fri, 31 Dec 99999 23:59:59 GMT", None),
]


@pytest.mark.parametrize(
    ("value", "expected"), [(v, e) for _, v, e in RETRY_AFTER], ids=[i for i, _, _ in RETRY_AFTER]
)
def test_retry_after_is_parsed_or_refused(value: str, expected: float | None) -> None:
    exc = _status_error(429, httpx.Headers({"Retry-After": value}), "")
    assert exc.retry_after == expected
    assert exc.retry_after is None or (
        math.isfinite(exc.retry_after) and 0.0 <= exc.retry_after <= MAX_WAIT
    )


def test_retry_after_http_date_counts_from_now() -> None:
    when = "Wed, 21 Oct 2015 07:28:00 GMT"
    at = calendar.timegm((2015, 10, 21, 7, 28, 0, 0, 0, 0))
    assert _parse_retry_after(when, now=at - 30) == 30.0
    assert _parse_retry_after(when, now=at + 30) == 0.0


def test_retry_after_http_date_through_status_error() -> None:
    in_two_minutes = email.utils.formatdate(time.time() + 120, usegmt=True)
    exc = _status_error(503, httpx.Headers({"Retry-After": in_two_minutes}), "")
    assert exc.retry_after is not None
    assert 100.0 <= exc.retry_after <= 120.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the finer one wins
        ({"retry-after-ms": "-1", "retry-after": "9"}, 9.0),  # a bad ms value is ignored
        ({"retry-after-ms": "1_0"}, None),
        ({"retry-after-ms": "999999999999"}, MAX_WAIT),
    ],
)
def test_retry_after_ms_is_read(headers: dict[str, str], expected: float | None) -> None:
    assert _status_error(429, httpx.Headers(headers), "").retry_after == expected


def test_no_retry_after_header_means_none() -> None:
    assert _status_error(429, httpx.Headers(), '{"message":"x"}').retry_after is None


# --- (b) through the client over loopback ------------------------------------------


@pytest.mark.parametrize(("status", "cls"), STATUSES, ids=STATUS_IDS)
async def test_client_raises_class_for_status(
    api: Api, server: RecordingServer, status: int, cls: type[errors.APIStatusError]
) -> None:
    body = '{"object":"error","message":"boom","type":"some_type","param":null,"code":"7"}'
    server.queue(
        Reply(
            status=status,
            body=body.encode(),
            headers={"Content-Type": "application/json", "mistral-correlation-id": REQUEST_ID},
        )
    )
    with pytest.raises(errors.MistralError) as info:
        await api.call("models.list")
    exc = info.value
    assert isinstance(exc, errors.APIStatusError)
    assert_family(exc, status, cls)
    assert exc.body == body
    assert exc.headers["mistral-correlation-id"] == REQUEST_ID
    assert exc.headers["content-type"] == "application/json"
    assert exc.request_id == REQUEST_ID
    assert (exc.message, exc.type, exc.code) == ("boom", "some_type", "7")
    assert len(server.requests) == 1  # max_retries=0: exactly one attempt


@pytest.mark.parametrize("shape", SHAPES, ids=[s.id for s in SHAPES])
async def test_client_parses_body_shape(api: Api, server: RecordingServer, shape: Shape) -> None:
    headers = {"Content-Type": "application/json", **shape.headers}
    server.queue(Reply(status=shape.status, body=shape.body.encode(), headers=headers))
    with pytest.raises(errors.MistralError) as info:
        await api.call("chat.complete", model="mistral-small-latest", messages=[HELLO])
    exc = info.value
    assert isinstance(exc, errors.APIStatusError)
    assert_shape(exc, shape)
    for name, value in shape.headers.items():
        assert exc.headers[name] == value


async def test_client_rate_limit_carries_retry_after(api: Api, server: RecordingServer) -> None:
    server.queue(
        Reply.json(
            {"message": "Requests rate limit exceeded"},
            429,
            **{"Retry-After": "7", "mistral-correlation-id": REQUEST_ID},
        )
    )
    with pytest.raises(errors.RateLimitError) as info:
        await api.call("models.list")
    assert info.value.retry_after == 7.0
    assert info.value.request_id == REQUEST_ID


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


async def call_at(mode: str, base_url: str, dotted: str, **kwargs: Any) -> Any:
    if mode == "sync":
        with Mistral(api_key=CANARY_KEY, base_url=base_url, max_retries=0) as client:
            return await Api(client).call(dotted, **kwargs)
    async with AsyncMistral(api_key=CANARY_KEY, base_url=base_url, max_retries=0) as aclient:
        return await Api(aclient).call(dotted, **kwargs)


async def test_connection_refused_is_api_connection_error(mode: str) -> None:
    with pytest.raises(errors.MistralError) as info:
        await call_at(mode, f"http://127.0.0.1:{closed_port()}", "models.list")
    assert type(info.value) is errors.APIConnectionError
    assert type(info.value).__module__ == "mistral_client.errors"


async def test_dropped_connection_is_api_connection_error(
    api: Api, server: RecordingServer
) -> None:
    server.queue(Reply(drop=True))
    with pytest.raises(errors.MistralError) as info:
        await api.call("models.list")
    assert type(info.value) is errors.APIConnectionError


async def test_hanging_server_is_api_timeout_error(api: Api, server: RecordingServer) -> None:
    server.queue(Reply(hang=True))
    with pytest.raises(errors.MistralError) as info:
        await api.call("models.list", timeout=0.2)
    assert type(info.value) is errors.APITimeoutError
    assert isinstance(info.value, errors.APIConnectionError)
    assert type(info.value).__module__ == "mistral_client.errors"


UNPARSEABLE_2XX: list[Any] = [
    pytest.param(
        "models.list",
        {},
        b"<html><body>Welcome to nginx!</body></html>",
        "text/html",
        id="html-body",
    ),
    pytest.param("models.list", {}, b"", "application/json", id="empty-body"),
    pytest.param("models.list", {}, b'{"object":"list"}', "application/json", id="list-no-data"),
    pytest.param("models.list", {}, b'{"data":5}', "application/json", id="list-data-not-a-list"),
    pytest.param("models.list", {}, b"[]", "application/json", id="array-body"),
    pytest.param(
        "chat.complete",
        {"model": "mistral-small-latest", "messages": [HELLO]},
        b'{"id":"e9459fcd56c742e0875167c9926c6aae","object":"chat.completion"}',
        "application/json",
        id="chat-no-choices",
    ),
    pytest.param(
        "files.retrieve",
        {"file_id": "615c701a-38f0-4101-9765-649919412a7c"},
        b'{"object":"file"}',
        "application/json",
        id="file-no-id",
    ),
]


@pytest.mark.parametrize(("method", "kwargs", "body", "content_type"), UNPARSEABLE_2XX)
async def test_unparseable_2xx_is_response_validation_error(
    api: Api,
    server: RecordingServer,
    method: str,
    kwargs: dict[str, Any],
    body: bytes,
    content_type: str,
) -> None:
    server.queue(Reply(status=200, body=body, headers={"Content-Type": content_type}))
    with pytest.raises(errors.MistralError) as info:
        await api.call(method, **kwargs)
    exc = info.value
    assert type(exc) is errors.ResponseValidationError
    assert exc.body == body.decode()
    assert exc.status_code == 200


# --- pathological bodies -------------------------------------------------------------

NESTED = "[" * 100_000 + "]" * 100_000


def test_deeply_nested_error_body_still_builds_the_error() -> None:
    exc = _status_error(502, httpx.Headers(), NESTED)
    assert type(exc) is errors.BadGatewayError
    assert exc.body == NESTED


async def test_client_deeply_nested_error_body_raises_mistral_error(
    api: Api, server: RecordingServer
) -> None:
    server.queue(Reply(status=502, body=NESTED.encode()))
    with pytest.raises(errors.BadGatewayError):
        await api.call("models.list")


async def test_client_deeply_nested_2xx_body_is_response_validation_error(
    api: Api, server: RecordingServer
) -> None:
    server.queue(Reply(status=200, body=NESTED.encode()))
    with pytest.raises(errors.ResponseValidationError):
        await api.call("models.list")


@pytest.mark.parametrize(
    "body", ['[{"error":"bad request"}]', '{"error":{"message":"bad"}}'], ids=["array", "object"]
)
def test_json_body_without_message_is_not_called_non_json(body: str) -> None:
    exc = _status_error(400, httpx.Headers(), body)
    assert exc.message.startswith("HTTP 400")
    assert "non-JSON" not in exc.message
