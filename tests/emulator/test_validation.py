"""Auth and request validation answered like the real API (401 forms, wrapped 422s)."""

from __future__ import annotations

import httpx
import pytest

from mistral_client.testing import MistralEmulator

from .conftest import AUTH, chat_body, detail_of


def test_missing_key_gets_the_gateway_401(emu: MistralEmulator) -> None:
    response = httpx.post(f"{emu.base_url}/v1/chat/completions", json=chat_body())
    assert response.status_code == 401
    body = response.json()
    assert body == {
        "message": "Unauthorized",
        "request_id": response.headers["mistral-correlation-id"],
    }
    assert response.headers["content-type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "token"])
def test_malformed_authorization_is_refused(emu: MistralEmulator, header: str) -> None:
    response = httpx.get(f"{emu.base_url}/v1/models", headers={"Authorization": header})
    assert response.status_code == 401


def test_any_key_is_accepted_by_default(emu: MistralEmulator) -> None:
    headers = {"Authorization": "Bearer whatever"}
    assert httpx.get(f"{emu.base_url}/v1/models", headers=headers).status_code == 200


def test_a_configured_key_is_required() -> None:
    with MistralEmulator(api_key="right") as emu:
        wrong = httpx.get(f"{emu.base_url}/v1/models", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401
        assert wrong.json() == {"detail": "Unauthorized"}
        right = httpx.get(f"{emu.base_url}/v1/models", headers={"Authorization": "Bearer right"})
        assert right.status_code == 200


def test_unknown_field_is_extra_forbidden(http: httpx.Client) -> None:
    response = http.post("/v1/chat/completions", json=chat_body(safe_mode=False))
    assert response.json() == {
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
    }


def test_missing_fields_are_reported_with_their_parent(http: httpx.Client) -> None:
    details = detail_of(http.post("/v1/chat/completions", json={"messages": [{"role": "user"}]}))
    assert details == [
        {
            "type": "missing",
            "loc": ["body", "model"],
            "msg": "Field required",
            "input": {"messages": [{"role": "user"}]},
        },
        {
            "type": "missing",
            "loc": ["body", "messages", 0, "content"],
            "msg": "Field required",
            "input": {"role": "user"},
        },
    ]


@pytest.mark.parametrize(
    ("extra", "kind", "loc", "msg"),
    [
        ({"temperature": 3}, "less_than_equal", ["temperature"], "less than or equal to 1.5"),
        ({"top_p": -1}, "greater_than_equal", ["top_p"], "greater than or equal to 0"),
        ({"max_tokens": "ten"}, "int_type", ["max_tokens"], "valid integer"),
        ({"stream": "yes"}, "bool_type", ["stream"], "valid boolean"),
        ({"n": 0}, "greater_than_equal", ["n"], "greater than or equal to 1"),
        (
            {"response_format": {"type": "xml"}},
            "enum",
            ["response_format", "type"],
            "Input should be 'text', 'json_object' or 'json_schema'",
        ),
        (
            {"tool_choice": "sometimes"},
            "enum",
            ["tool_choice"],
            "'auto', 'none', 'any' or 'required'",
        ),
        ({"messages": []}, "too_short", ["messages"], "at least 1 item after validation, not 0"),
        ({"model": ""}, "string_too_short", ["model"], "at least 1 character"),
        ({"model": 7}, "string_type", ["model"], "valid string"),
        ({"messages": "hi"}, "list_type", ["messages"], "valid list"),
        ({"prediction": 5}, "dict_type", ["prediction"], "valid dictionary"),
        (
            {"messages": [{"role": "robot", "content": "x"}]},
            "literal_error",
            ["messages", 0, "role"],
            "Input should be 'system'",
        ),
    ],
)
def test_constraint_violations(
    http: httpx.Client, extra: dict[str, object], kind: str, loc: list[object], msg: str
) -> None:
    details = detail_of(http.post("/v1/chat/completions", json={**chat_body(), **extra}))
    assert [d["type"] for d in details] == [kind], details
    assert details[0]["loc"] == ["body", *loc]
    assert msg in details[0]["msg"]


def test_invalid_json_and_missing_body(http: httpx.Client) -> None:
    bad = detail_of(http.post("/v1/chat/completions", content=b"{oops"))
    assert bad == [
        {"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}
    ]
    empty = detail_of(http.post("/v1/chat/completions"))
    assert empty == [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]


def test_top_level_body_must_be_an_object(http: httpx.Client) -> None:
    details = detail_of(http.post("/v1/embeddings", json=["not", "an", "object"]))
    assert details[0]["type"] == "dict_type"
    assert details[0]["loc"] == ["body"]


def test_query_parameters_are_validated(http: httpx.Client) -> None:
    details = detail_of(http.get("/v1/files", params={"page_size": "many", "page": -1}))
    assert [(d["type"], d["loc"]) for d in details] == [
        ("greater_than_equal", ["query", "page"]),
        ("int_parsing", ["query", "page_size"]),
    ]
    bad_bool = detail_of(http.post("/v1/fine_tuning/jobs", params={"dry_run": "maybe"}, json={}))
    assert bad_bool[0] == {
        "type": "bool_parsing",
        "loc": ["query", "dry_run"],
        "msg": "Input should be a valid boolean, unable to interpret input",
        "input": "maybe",
    }


def test_multipart_upload_is_validated(http: httpx.Client) -> None:
    missing = detail_of(http.post("/v1/files", data={"purpose": "batch"}))
    assert missing == [
        {
            "type": "missing",
            "loc": ["body", "file"],
            "msg": "Field required",
            "input": {"purpose": "batch"},
        }
    ]
    files = {"file": ("a.jsonl", b"{}\n")}
    wrong = detail_of(
        http.post("/v1/files", files=files, data={"purpose": "fun", "expiry": "soon"})
    )
    assert [(d["type"], d["loc"]) for d in wrong] == [
        ("int_parsing", ["body", "expiry"]),
        ("enum", ["body", "purpose"]),
    ]
    extra = detail_of(http.post("/v1/files", files=files, data={"colour": "red"}))
    assert extra[0]["type"] == "extra_forbidden"
    not_multipart = detail_of(http.post("/v1/files", json={"file": "x"}))
    assert not_multipart[0]["loc"] == ["body", "file"]


def test_unknown_path_and_method(http: httpx.Client) -> None:
    assert http.get("/v1/nowhere").json() == {"detail": "Not Found"}
    response = http.put("/v1/models")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


def test_business_errors_use_the_error_object(http: httpx.Client) -> None:
    invalid = http.post("/v1/chat/completions", json={**chat_body(), "model": "gpt-9"})
    assert invalid.status_code == 400
    assert invalid.json() == {
        "object": "error",
        "message": "Invalid model: gpt-9",
        "type": "invalid_model",
        "param": None,
        "code": "1500",
    }
    order = http.post(
        "/v1/chat/completions",
        json={**chat_body(), "messages": [{"role": "assistant", "content": "hi"}]},
    )
    assert order.status_code == 400
    assert order.json()["code"] == "3230"
    prefix = {"role": "assistant", "content": "Sure", "prefix": True}
    allowed = http.post("/v1/chat/completions", json={**chat_body(), "messages": [prefix]})
    assert allowed.status_code == 200
    missing = http.get("/v1/models/nope")
    assert missing.status_code == 404
    assert missing.json()["object"] == "error"


def test_every_response_has_a_correlation_id(http: httpx.Client) -> None:
    ids = set()
    for response in (http.get("/v1/models"), http.get("/v1/nowhere"), http.post("/v1/files")):
        assert response.headers["mistral-correlation-id"] == response.headers["x-kong-request-id"]
        ids.add(response.headers["mistral-correlation-id"])
    assert len(ids) == 3
    assert all(len(i) == 36 and i[14] == "7" for i in ids)


def test_unauthenticated_requests_are_logged_redacted(emu: MistralEmulator) -> None:
    httpx.get(f"{emu.base_url}/v1/models", headers={"Authorization": "Bearer sk-secret-123"})
    httpx.post(f"{emu.base_url}/v1/models", headers={**AUTH, "Cookie": "session=1"})
    first, second = emu.requests
    assert first.headers["authorization"] == "Bearer [REDACTED]"
    assert "sk-secret-123" not in repr(first)
    assert second.headers["cookie"] == "[REDACTED]"
    assert second.status == 405
