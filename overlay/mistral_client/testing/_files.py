"""Files kept in memory: multipart upload, list, retrieve, delete, download, signed URLs."""

from __future__ import annotations

import hashlib
import mimetypes
from email.message import Message
from email.parser import BytesHeaderParser
from typing import Any
from urllib.parse import parse_qsl

from . import _errors
from ._state import EmulatorState, FileRecord
from ._types import Call, FormPart, JsonReply, RawReply, Reply

_SAMPLE_TYPES = {"fine-tune": "instruct", "batch": "batch_request", "ocr": "ocr_input"}


class MultipartError(ValueError):
    """The body is not multipart/form-data."""


def parse_multipart(content_type: str, body: bytes) -> dict[str, FormPart]:
    """The fields of a form body, multipart or urlencoded (the last of a repeated name wins)."""
    header = Message()
    header["content-type"] = content_type
    if header.get_content_type() == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: FormPart(name=name, content=value.encode()) for name, value in pairs}
    boundary = header.get_boundary()
    if header.get_content_type() != "multipart/form-data" or not boundary:
        raise MultipartError("expected multipart/form-data with a boundary")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    segments = (b"\r\n" + body).split(delimiter)
    if len(segments) < 3 or not segments[-1].startswith(b"--"):
        raise MultipartError("the multipart body is not terminated")
    fields: dict[str, FormPart] = {}
    for segment in segments[1:-1]:
        head, sep, content = segment.partition(b"\r\n\r\n")
        if not sep:
            raise MultipartError("a multipart part has no header block")
        headers = BytesHeaderParser().parsebytes(head.lstrip(b"\r\n") + b"\r\n\r\n")
        name = headers.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise MultipartError("a multipart part has no name")
        fields[name] = FormPart(
            name=name,
            content=content,
            filename=headers.get_filename(),
            content_type=headers.get_content_type() if headers["content-type"] else None,
        )
    return fields


def form_fields(form: dict[str, FormPart]) -> dict[str, str]:
    """The form as text fields for the schema: files as their file name."""
    return {
        name: (part.filename or name)
        if part.filename is not None
        else part.content.decode("utf-8", "replace")
        for name, part in form.items()
    }


def store(
    state: EmulatorState,
    filename: str,
    content: bytes,
    purpose: str,
    *,
    mimetype: str | None = None,
    sample_type: str | None = None,
    source: str = "upload",
    extra: dict[str, Any] | None = None,
) -> FileRecord:
    """Keep a file and return its record."""
    lines = None
    if filename.endswith(".jsonl") or mimetype == "application/jsonl":
        lines = len(content.splitlines())
        mimetype = "application/jsonl"
    guessed = mimetypes.guess_type(filename)[0]
    record = FileRecord(
        id=state.ids.uuid4("file"),
        filename=filename,
        purpose=purpose,
        content=content,
        created_at=int(state.now()),
        seq=state.next_seq(),
        mimetype=mimetype or guessed or "application/octet-stream",
        sample_type=sample_type or _SAMPLE_TYPES.get(purpose),
        num_lines=lines,
        source=source,
        extra=extra or {},
    )
    state.files[record.id] = record
    return record


def get_file(state: EmulatorState, file_id: Any) -> FileRecord:
    record = state.files.get(file_id) if isinstance(file_id, str) else None
    if record is None:
        raise _errors.not_found("File", str(file_id))
    return record


def files_upload(call: Call) -> Reply:
    part = call.form.get("file")
    if part is None:
        detail = _errors.detail("missing", ["body", "file"], "Field required", None)
        raise _errors.ApiError(422, _errors.validation_wrapped([detail]))
    fields = call.body if isinstance(call.body, dict) else {}
    purpose = str(fields.get("purpose") or "fine-tune")
    media = part.content_type if part.content_type != "application/octet-stream" else None
    extra: dict[str, Any] = {}
    if fields.get("expiry") is not None:
        extra["expires_at"] = int(call.state.now()) + int(fields["expiry"]) * 3600
    if fields.get("visibility") is not None:
        extra["visibility"] = fields["visibility"]
    filename = part.filename or "upload"
    record = store(call.state, filename, part.content, purpose, mimetype=media, extra=extra)
    return JsonReply(record.card())


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def files_list(call: Call) -> Reply:
    query = call.query
    page = int(query.get("page", 0))
    size = int(query.get("page_size", 100))
    purposes = _listed(query.get("purpose"))
    samples = _listed(query.get("sample_type"))
    sources = _listed(query.get("source"))
    mimetypes_ = _listed(query.get("mimetypes"))
    search = str(query.get("search") or "").lower()
    found = [
        f
        for f in sorted(
            call.state.files.values(), key=lambda f: (f.created_at, f.seq), reverse=True
        )
        if (not purposes or f.purpose in purposes)
        and (not samples or (f.sample_type or "") in samples)
        and (not sources or f.source in sources)
        and (not mimetypes_ or f.mimetype in mimetypes_)
        and (not search or search in f"{f.id} {f.filename}".lower())
    ]
    shown = found[page * size : (page + 1) * size] if size > 0 else []
    total = len(found) if query.get("include_total", True) not in (False, "false") else None
    return JsonReply({"data": [f.card() for f in shown], "object": "list", "total": total})


def files_retrieve(call: Call) -> Reply:
    return JsonReply(get_file(call.state, call.path_params["file_id"]).card(deleted=False))


def files_delete(call: Call) -> Reply:
    record = get_file(call.state, call.path_params["file_id"])
    del call.state.files[record.id]
    return JsonReply({"id": record.id, "object": "file", "deleted": True})


def files_download(call: Call) -> Reply:
    record = get_file(call.state, call.path_params["file_id"])
    disposition = f'attachment; filename="{record.filename}"'
    return RawReply(
        record.content,
        media_type="application/octet-stream",
        headers={"content-disposition": disposition},
    )


def signature(state: EmulatorState, file_id: str, expires: int) -> str:
    text = f"{state.settings.seed}:{file_id}:{expires}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def signed_download_allowed(state: EmulatorState, file_id: str, query: dict[str, Any]) -> bool:
    """Whether a download carries a valid, unexpired signature (then no key is needed)."""
    try:
        expires = int(query.get("expires", ""))
    except ValueError:
        return False
    valid = query.get("signature") == signature(state, file_id, expires)
    return valid and state.now() < expires


def files_get_signed_url(call: Call) -> Reply:
    record = get_file(call.state, call.path_params["file_id"])
    hours = int(call.query.get("expiry", 24))
    expires = int(call.state.now()) + hours * 3600
    sig = signature(call.state, record.id, expires)
    url = f"{call.base_url}/v1/files/{record.id}/content?expires={expires}&signature={sig}"
    return JsonReply({"url": url})
