"""Error bodies in the shapes the real API sends (see design/api-facts.md, "Errors")."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

JSON = Any

_TYPES = {
    400: "invalid_request_error",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "invalid_request_error",
    429: "rate_limited",
}


class ApiError(Exception):
    """Raised by a handler: the emulator answers `status` with the JSON `body`."""

    def __init__(self, status: int, body: JSON) -> None:
        super().__init__(f"{status}: {body!r}")
        self.status = status
        self.body = body


def error_object(message: JSON, type_: str, code: str | None = None) -> dict[str, JSON]:
    """Shape 1: ``{"object": "error", "message", "type", "param": null, "code"}``."""
    return {"object": "error", "message": message, "type": type_, "param": None, "code": code}


def error_for_status(status: int) -> dict[str, JSON]:
    """A generic shape-1 body for `status` (used by injected faults)."""
    phrase = _phrase(status)
    type_ = _TYPES.get(status, "internal_server_error" if status >= 500 else "api_error")
    return error_object(phrase, type_, "1300" if status == 429 else None)


def detail(type_: str, loc: list[str | int], msg: str, input_: JSON) -> dict[str, JSON]:
    """One pydantic-style validation detail."""
    return {"type": type_, "loc": loc, "msg": msg, "input": input_}


def validation_wrapped(details: list[dict[str, JSON]]) -> dict[str, JSON]:
    """Shape 2: a 422 whose error object carries ``{"detail": [...]}`` as its message."""
    return error_object({"detail": details}, "invalid_request_error")


def validation_bare(details: list[dict[str, JSON]]) -> dict[str, JSON]:
    """Shape 3: a bare FastAPI 422."""
    return {"detail": details}


def sample_details() -> list[dict[str, JSON]]:
    return [detail("missing", ["body", "model"], "Field required", {})]


UNAUTHORIZED_DETAIL: dict[str, JSON] = {"detail": "Unauthorized"}
REQUESTS_RATE_LIMITED: dict[str, JSON] = {"message": "Requests rate limit exceeded"}
TOKENS_RATE_LIMITED = error_object("Rate limit exceeded", "rate_limited", "1300")
CAPACITY_EXCEEDED = error_object(
    "Service tier capacity exceeded for this model.", "service_tier_capacity_exceeded"
)


def unauthorized_message(request_id: str) -> dict[str, JSON]:
    """Shape 4b, as the gateway sends it."""
    return {"message": "Unauthorized", "request_id": request_id}


def gateway_html(status: int) -> bytes:
    """The page a gateway sends for a 5xx it produced itself."""
    title = f"{status} {_phrase(status)}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, error_object(f"{kind} {ident} not found", "not_found"))


def invalid_model(model: str) -> ApiError:
    return ApiError(400, error_object(f"Invalid model: {model}", "invalid_model", "1500"))


def bad_request(message: str, code: str | None = None) -> ApiError:
    return ApiError(400, error_object(message, "invalid_request_error", code))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
