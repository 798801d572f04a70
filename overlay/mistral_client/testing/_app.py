"""The ASGI app: one pipeline for every request.

record -> injected fault -> auth -> rate limit -> parse and validate (openapi.yaml) ->
handler -> headers (mistral-correlation-id, x-kong-request-id, x-ratelimit-*).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import _errors
from ._faults import Fault
from ._files import MultipartError, form_fields, parse_multipart, signed_download_allowed
from ._routes import HANDLERS
from ._spec import Operation, Spec
from ._state import EmulatorState, RecordedRequest
from ._types import Call, FormPart, JsonReply, RawReply, Reply, StreamReply
from ._wire import Wire, pause, reset_connection, send_wire

logger = logging.getLogger("mistral_client.testing")

_REDACTED = {"authorization", "cookie", "x-api-key"}
_SSE = "text/event-stream; charset=utf-8"


def _json_wire(status: int, body: Any, media: str = "application/json") -> Wire:
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return Wire(status, [data], media)


def _redact(name: str, value: str) -> str:
    if name not in _REDACTED:
        return value
    scheme, sep, _ = value.partition(" ")
    return f"{scheme} [REDACTED]" if sep else "[REDACTED]"


class _Pipeline:
    """The raw ASGI endpoint behind the catch-all route."""

    def __init__(self, state: EmulatorState, spec: Spec) -> None:
        self.state = state
        self.spec = spec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        body = await request.body()
        state = self.state
        method, path = request.method, scope["path"]
        request_id = state.ids.uuid7("request", state.now())
        operation, path_params, path_known = self.spec.match(method, path)
        record = self._record(request, body, operation, request_id)
        fault = state.faults.take(method, path)
        if fault is not None and fault.latency > 0:
            await pause(fault.latency, state.stopping)
        if fault is not None and fault.drop:
            record.status = -2  # reset, not processed
            await reset_connection(scope.get(RAW_SEND, send))
            return
        if fault is not None and fault.status is not None:
            wire = self._fault_wire(fault, request_id)
        else:
            try:
                wire = self._answer(
                    request, body, operation, path_params, path_known, request_id, fault
                )
            except Exception as exc:  # an emulator bug: answer it rather than hang
                logger.exception("mistral emulator failed on %s %s", method, path)
                message = f"Internal emulator error: {exc!r}"
                wire = _json_wire(500, _errors.error_object(message, "internal_server_error"))
        wire.headers["mistral-correlation-id"] = request_id
        wire.headers["x-kong-request-id"] = request_id
        if fault is not None and fault.reset_after_read:
            record.status = -1  # processed, never answered
            await reset_connection(scope.get(RAW_SEND, send))
            return
        record.status = wire.status
        await send_wire(wire, fault, receive, send, state.stopping)

    def _record(
        self, request: Request, body: bytes, operation: Operation | None, request_id: str
    ) -> RecordedRequest:
        content_type = request.headers.get("content-type", "")
        parsed: Any = None
        form: dict[str, str] = {}
        if "json" in content_type and body:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        elif "form" in content_type:
            try:
                for name, part in parse_multipart(content_type, body).items():
                    form[name] = (
                        f"<file {part.filename!r}, {len(part.content)} bytes>"
                        if part.filename is not None
                        else part.content.decode("utf-8", "replace")
                    )
            except MultipartError:
                form = {}
        record = RecordedRequest(
            method=request.method,
            path=request.url.path,
            query=dict(request.query_params),
            query_string=request.url.query,
            headers={k: _redact(k, v) for k, v in request.headers.items()},
            content=body,
            json=parsed,
            form=form,
            operation=operation.operation_id if operation else None,
            request_id=request_id,
        )
        with self.state.lock:
            self.state.requests.append(record)
        return record

    def _fault_wire(self, fault: Fault, request_id: str) -> Wire:
        data, media = fault.error_body(request_id)
        wire = Wire(fault.status or 500, [data], media)
        retry_after = fault.retry_after_header()
        if retry_after is not None:
            wire.headers["retry-after"] = retry_after
        return wire

    def _unauthorized(self, request: Request, request_id: str) -> Wire | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        media = "application/json; charset=utf-8"
        if scheme.lower() != "bearer" or not token.strip():
            return _json_wire(401, _errors.unauthorized_message(request_id), media)
        expected = self.state.settings.api_key
        if expected is not None and token.strip() != expected:
            return _json_wire(401, _errors.UNAUTHORIZED_DETAIL, media)
        return None

    def _answer(
        self,
        request: Request,
        body: bytes,
        operation: Operation | None,
        path_params: dict[str, str],
        path_known: bool,
        request_id: str,
        fault: Fault | None = None,
    ) -> Wire:
        if operation is None:
            if path_known:
                return _json_wire(405, {"detail": "Method Not Allowed"})
            return _json_wire(404, {"detail": "Not Found"})
        state = self.state
        items = list(request.query_params.multi_items())
        signed = operation.operation_id == "files_download" and signed_download_allowed(
            state, path_params.get("file_id", ""), dict(items)
        )
        if not signed:
            refused = self._unauthorized(request, request_id)
            if refused is not None:
                return refused
        is_files = operation.path.startswith("/v1/files")
        limited = state.limiter.enabled and not is_files
        now = state.now()
        if limited:
            admission = state.limiter.admit(now)
            if admission.reason is not None:
                shape = _errors.REQUESTS_RATE_LIMITED
                if admission.reason == "tokens":
                    shape = _errors.TOKENS_RATE_LIMITED
                wire = _json_wire(429, shape)
                wire.headers.update(state.limiter.headers(now, 0))
                wire.headers["retry-after"] = str(admission.retry_after)
                return wire
        reply = self._call(request, body, operation, path_params, items, fault)
        media = "application/json; charset=utf-8" if is_files else "application/json"
        if limited:
            state.limiter.charge(now, reply.tokens if not isinstance(reply, RawReply) else 0)
        if isinstance(reply, StreamReply):
            return Wire(200, reply.events, _SSE, stream=True)
        if isinstance(reply, RawReply):
            wire = Wire(reply.status, [reply.content] if reply.content else [], reply.media_type)
            wire.headers.update(reply.headers)
        else:
            wire = _json_wire(reply.status, reply.body, media)
        if limited:
            tokens = reply.tokens if isinstance(reply, JsonReply) else 0
            wire.headers.update(state.limiter.headers(now, tokens))
        return wire

    def _call(
        self,
        request: Request,
        body: bytes,
        operation: Operation,
        path_params: dict[str, str],
        items: Sequence[tuple[str, str]],
        fault: Fault | None = None,
    ) -> Reply:
        form: dict[str, FormPart] = {}
        payload: Any = None
        details: list[dict[str, Any]] = []
        if operation.body_media == "multipart/form-data":
            try:
                form = parse_multipart(request.headers.get("content-type", ""), body)
            except MultipartError:
                form = {}
            payload, details = self.spec.form_values(operation, form_fields(form))
        elif operation.body_media is not None and body.strip():
            try:
                payload = json.loads(body)
            except ValueError:
                details.append(_errors.detail("json_invalid", ["body", 0], "JSON decode error", {}))
        elif operation.body_media is not None and operation.body_required:
            details.append(_errors.detail("missing", ["body"], "Field required", None))
        query, query_details = self.spec.query_values(operation, items)
        if payload is not None:
            details += self.spec.body_errors(operation, payload)
        if query_details or details:
            return JsonReply(_errors.validation_wrapped(query_details + details), 422)
        call = Call(
            state=self.state,
            operation=operation.operation_id,
            path_params=path_params,
            query=query,
            body=payload if payload is not None else {},
            form=form,
            base_url=str(request.base_url).rstrip("/"),
            scripted_content=fault.content if fault else None,
            scripted_finish=fault.finish_reason if fault else None,
        )
        return run(call)

    def invoke(self, operation_id: str, body: Any) -> tuple[int, Any]:
        """Run one operation in-process (batch jobs): (status, JSON body)."""
        operation = self.spec.by_id.get(operation_id)
        if operation is not None:
            details = self.spec.body_errors(operation, body)
            if details:
                return 422, _errors.validation_wrapped(details)
        reply = run(Call(state=self.state, operation=operation_id, body=body))
        if isinstance(reply, JsonReply):
            return reply.status, reply.body
        return 500, _errors.error_object("not a JSON answer", "internal_server_error")


def run(call: Call) -> Reply:
    """Call the operation's handler with the state locked; API errors become replies."""
    handler = HANDLERS.get(call.operation)
    if handler is None:
        message = f"{call.operation} is not implemented by the emulator"
        return JsonReply(_errors.error_object(message, "not_implemented"), 501)
    with call.state.lock:
        try:
            return handler(call)
        except _errors.ApiError as exc:
            return JsonReply(exc.body, exc.status)


RAW_SEND = "mistral_emulator.raw_send"


class _EmulatorApp(Starlette):
    """Starlette, keeping the server's own `send` in the scope (the reset fault needs it:
    Starlette's middleware wraps `send` on the way in)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[RAW_SEND] = send
        await super().__call__(scope, receive, send)


def build_app(state: EmulatorState, spec: Spec) -> Starlette:
    """The emulator's ASGI application over `state`, routed and validated by `spec`."""
    pipeline = _Pipeline(state, spec)
    state.invoke = pipeline.invoke
    return _EmulatorApp(routes=[Route("/{path:path}", endpoint=pipeline)])
