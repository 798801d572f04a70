"""`client.files`: upload, list, inspect, download and delete files (fine-tuning, batch, ...)."""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Required, Unpack, overload

from mistral_generated.api.files import (
    files_delete,
    files_download,
    files_get_signed_url,
    files_list,
    files_retrieve,
    files_upload,
)
from mistral_generated.models import (
    DeleteFileResponse,
    FileList,
    FileObject,
    FilePurpose,
    FileSource,
    FileVisibility,
    SampleType,
    SignedUrl,
)

from .. import _literals as lit
from .. import _pagination
from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from ..errors import StreamError
from ._base import (
    AsyncResource,
    SyncResource,
    api_fields,
    enum_values,
    only_options,
    prepare,
    query_enums,
)

FileContent = bytes | IO[bytes]
UploadFile = (
    str
    | os.PathLike[str]
    | bytes
    | IO[bytes]
    | tuple[str, FileContent]
    | tuple[str, FileContent, str]
    | Mapping[str, Any]  # the official SDK's File: {"file_name": ..., "content": ...}
)

_DEFAULT_FILENAME = "upload.jsonl"


class FilesUploadParams(CallOptions, total=False):
    """Keyword arguments of `client.files.upload`."""

    file: Required[UploadFile]
    purpose: lit.FilePurposeValue | FilePurpose | None
    expiry: int | None
    visibility: lit.FileVisibilityValue | FileVisibility | None


class FilesListParams(CallOptions, total=False):
    """Keyword arguments of `client.files.list` (pages are numbered from 0)."""

    page: int | None
    page_size: int | None
    purpose: lit.FilePurposeValue | FilePurpose | None
    sample_type: (
        lit.SampleTypeValue | SampleType | Sequence[lit.SampleTypeValue | SampleType] | None
    )
    source: lit.FileSourceValue | FileSource | Sequence[lit.FileSourceValue | FileSource] | None
    search: str | None
    include_total: bool | None
    mimetypes: Sequence[str] | None


_UPLOAD_FIELDS = api_fields(FilesUploadParams)
_LIST_FIELDS = api_fields(FilesListParams)
_LIST_ENUMS = {"purpose": FilePurpose, "sample_type": SampleType, "source": FileSource}


def _content_type(filename: str) -> str:
    if filename.endswith(".jsonl"):
        return "application/jsonl"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


# The API's file size limit (docs: "Maximum file size: 512 MB"); a pipe is copied at most
# this far before the upload is refused.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
_COPY_CHUNK = 1024 * 1024


def _filename(name: str) -> str:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise check.fail("file", "the file name must not contain lone surrogates") from None
    return name


def _file_part(file: Any) -> tuple[tuple[str, Any, str], IO[bytes] | None]:
    """The multipart file tuple, and the file we opened (to close after sending)."""
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        try:
            readable = path.is_file()
        except (OSError, ValueError):  # a name too long, or with a NUL byte
            readable = False
        if not readable:
            raise check.fail("file", f"{str(path)!r} is not a readable file")
        # Opened here, streamed by httpx in chunks, closed by the runner's caller.
        handle = path.open("rb")
        return (_filename(path.name), handle, _content_type(path.name)), handle
    if isinstance(file, bytes | bytearray):
        return (_DEFAULT_FILENAME, bytes(file), _content_type(_DEFAULT_FILENAME)), None
    if isinstance(file, tuple):
        if len(file) not in (2, 3) or not isinstance(file[0], str) or not file[0]:
            raise check.fail("file", "a tuple must be (filename, content[, content_type])")
        if len(file) == 3 and (not isinstance(file[2], str) or not file[2].isascii()):
            raise check.fail("file", "the content type in the tuple must be an ASCII string")
        content, spooled = _content_of(file[1], "tuple content must be bytes or a binary file")
        content_type = file[2] if len(file) == 3 else _content_type(file[0])
        return (_filename(file[0]), content, content_type), spooled
    if callable(getattr(file, "read", None)):
        name = getattr(file, "name", "")
        name = os.path.basename(name) if isinstance(name, str) else ""
        content, spooled = _content_of(file, "must be a binary file object")
        name = name or _DEFAULT_FILENAME
        return (_filename(name), content, _content_type(name)), spooled
    raise check.fail("file", "must be a path, bytes, a binary file object or (filename, content)")


def _sdk_file(file: Any) -> Any:
    """The official SDK's `{"file_name": ..., "content": ..., "content_type": ...}` as a tuple."""
    if not isinstance(file, Mapping):
        return file
    name, content, kind = file.get("file_name"), file.get("content"), file.get("content_type")
    return (name, content) if kind is None else (name, content, kind)


def _content_of(content: Any, rule: str) -> tuple[Any, IO[bytes] | None]:
    """Bytes or a seekable binary file as they are; a pipe or socket file (not seekable)
    copied into a temporary file first, so its length is known and a retry after 429 can
    send it again. Returns the content and the temporary file to close afterwards."""
    if isinstance(content, bytes | bytearray):
        return bytes(content), None
    if not callable(getattr(content, "read", None)):
        raise check.fail("file", rule)
    if isinstance(content, io.TextIOBase) or "b" not in getattr(content, "mode", "b"):
        raise check.fail("file", "file objects must be opened in binary mode ('rb')")
    if getattr(content, "closed", False):
        raise check.fail("file", "the file object is closed")
    seekable = getattr(content, "seekable", None)
    if callable(seekable) and seekable():
        return content, None
    spooled = _spool(content)
    return spooled, spooled


def _spool(source: Any) -> IO[bytes]:
    spooled = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the call's cleanup
    try:
        copied = 0
        while chunk := source.read(_COPY_CHUNK):
            if not isinstance(chunk, bytes | bytearray):
                raise check.fail("file", "file objects must be opened in binary mode ('rb')")
            copied += len(chunk)
            if copied > MAX_UPLOAD_BYTES:
                raise check.fail("file", f"is larger than the API's {MAX_UPLOAD_BYTES >> 20} MB")
            spooled.write(chunk)
    except OSError as exc:
        spooled.close()
        raise check.fail("file", f"could not be read ({type(exc).__name__})") from exc
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


def upload_call(params: Mapping[str, Any]) -> Call[FileObject]:
    raw_file = _sdk_file(params.get("file"))
    fields, options = prepare(
        {k: v for k, v in params.items() if k != "file"}, _UPLOAD_FIELDS, "files.upload"
    )
    if raw_file is None:
        raise check.fail("file", "is required")
    check.one_of(fields, "purpose", enum_values(FilePurpose))
    check.one_of(fields, "visibility", enum_values(FileVisibility))
    check.positive_int(fields, "expiry")
    if options.get("extra_body"):
        raise check.fail("extra_body", "files.upload sends a form, not JSON")
    part, handle = _file_part(raw_file)
    request = files_upload._get_kwargs(body=_upload_form(part, fields))
    # The generated code pins `boundary=+++`; dropping the header lets httpx pick a random one.
    request.get("headers", {}).pop("Content-Type", None)
    return Call(
        operation="files.upload",
        request=request,
        parse=model_parser(FileObject.from_dict),
        retry_safe=False,
        options=options,
        cleanup=handle.close if handle is not None else None,
    )


def _upload_form(part: tuple[str, Any, str], fields: Mapping[str, Any]) -> Any:
    """The multipart body in the form the generated `_get_kwargs(body=...)` expects."""
    return _UploadForm(part, fields)


class _UploadForm:
    """Stands in for the generated multipart body: `_get_kwargs` calls `to_multipart()`."""

    def __init__(self, part: tuple[str, Any, str], fields: Mapping[str, Any]) -> None:
        self._part = part
        self._fields = fields

    def to_multipart(self) -> list[tuple[str, Any]]:
        form: list[tuple[str, Any]] = [("file", self._part)]
        for name, value in self._fields.items():
            form.append((name, (None, str(value), "text/plain")))
        return form


def list_call(params: Mapping[str, Any]) -> Call[FileList]:
    fields, options = prepare(params, _LIST_FIELDS, "files.list")
    check.positive_int(fields, "page", minimum=0)
    check.positive_int(fields, "page_size")
    check.boolean(fields, "include_total")
    check.string(fields, "search")
    if "mimetypes" in fields:
        check.string_list(fields, "mimetypes")
        fields["mimetypes"] = list(fields["mimetypes"])
    for name in ("sample_type", "source"):
        if isinstance(fields.get(name), str):
            fields[name] = [fields[name]]
    return Call(
        operation="files.list",
        request=files_list._get_kwargs(**query_enums(fields, _LIST_ENUMS)),
        parse=model_parser(FileList.from_dict),
        retry_safe=True,
        options=options,
    )


def retrieve_call(file_id: str, options: CallOptions) -> Call[FileObject]:
    return Call(
        operation="files.retrieve",
        request=files_retrieve._get_kwargs(file_id=check.path_id(file_id, "file_id")),
        parse=model_parser(FileObject.from_dict),
        retry_safe=True,
        options=options,
    )


def delete_call(file_id: str, options: CallOptions) -> Call[DeleteFileResponse]:
    return Call(
        operation="files.delete",
        request=files_delete._get_kwargs(file_id=check.path_id(file_id, "file_id")),
        parse=model_parser(DeleteFileResponse.from_dict),
        retry_safe=True,
        options=options,
    )


def signed_url_call(file_id: str, expiry: int | None, options: CallOptions) -> Call[SignedUrl]:
    file_id = check.path_id(file_id, "file_id")
    check.positive_int({"expiry": expiry}, "expiry")
    kwargs: dict[str, Any] = {"file_id": file_id}
    if expiry is not None:
        kwargs["expiry"] = expiry
    return Call(
        operation="files.get_signed_url",
        request=files_get_signed_url._get_kwargs(**kwargs),
        parse=model_parser(SignedUrl.from_dict),
        retry_safe=True,
        options=options,
    )


class _DiskSink:
    """Streams a download into a temporary file beside `target`, renamed into place at the
    end, so a broken download never leaves a partial file under the target name. A local
    failure (disk full, folder gone) is a `StreamError` naming the file, not an OSError."""

    def __init__(self, target: Path) -> None:
        self._target = target
        with self._local_errors():
            # The name is cut so the temporary one stays within NAME_MAX where the target fits.
            fd, name = tempfile.mkstemp(
                prefix=f".{target.name[:_TEMP_NAME_CHARS]}.", suffix=".part", dir=target.parent
            )
        self._temp = Path(name)
        self._out = os.fdopen(fd, "wb")

    @contextlib.contextmanager
    def _local_errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            message = f"could not write the download to {str(self._target)!r}: {reason}"
            raise StreamError(message) from exc

    def write(self, chunk: bytes) -> None:
        with self._local_errors():
            self._out.write(chunk)

    def finish(self) -> Path:
        try:
            with self._local_errors():
                self._out.close()
                os.replace(self._temp, self._target)
        except StreamError:
            self.abort()
            raise
        return self._target

    def abort(self) -> None:
        # Closing flushes the buffer, which fails again on a full disk: the error being
        # raised is the one that says why, and the temporary file goes either way.
        with contextlib.suppress(OSError):
            self._out.close()
        with contextlib.suppress(OSError):
            self._temp.unlink(missing_ok=True)


_TEMP_NAME_CHARS = 64


def _download_target(to: object) -> Path:
    """The file `to` names, checked before anything is sent: a new file must fit there."""
    path = os.fspath(to) if isinstance(to, str | os.PathLike) else None
    if not isinstance(path, str):
        raise check.fail("to", f"must be a file path (str or os.PathLike), not {type(to).__name__}")
    if "\0" in path:
        raise check.fail("to", "must not contain a NUL byte")
    target = Path(path)
    try:
        if not target.parent.is_dir():
            raise check.fail("to", f"folder {str(target.parent)!r} does not exist")
        limit = os.pathconf(target.parent, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
        if len(os.fsencode(target.name)) > limit:
            raise check.fail("to", f"the file name is longer than this system's {limit} bytes")
        if target.is_dir():
            raise check.fail("to", f"{path!r} is a directory: give a file path")
        _DiskSink(target).abort()  # a probe: can this folder take our temporary file?
    except (OSError, StreamError) as exc:
        cause = exc.__cause__ if isinstance(exc, StreamError) else exc
        reason = getattr(cause, "strerror", None) or type(cause).__name__
        raise check.fail("to", f"cannot be written here: {reason}") from None
    return target


def _content(response: Any) -> bytes:
    return bytes(response.content)


def download_call(file_id: str, options: CallOptions) -> Call[bytes]:
    return Call(
        operation="files.download",
        request=files_download._get_kwargs(file_id=check.path_id(file_id, "file_id")),
        parse=_content,
        retry_safe=True,
        options=options,
        bounded=False,  # the file itself, not JSON: max_response_bytes does not apply
    )


def download_to_call(file_id: str, to: str | os.PathLike[str], options: CallOptions) -> Call[Path]:
    target = _download_target(to)
    return Call(
        operation="files.download",
        request=files_download._get_kwargs(file_id=check.path_id(file_id, "file_id")),
        parse=_unused_parse,
        retry_safe=True,
        options=options,
        sink=lambda: _DiskSink(target),
    )


def _unused_parse(response: Any) -> Path:  # pragma: no cover - streamed calls use their sink
    raise AssertionError("streamed downloads are consumed by their sink")


class Files(SyncResource):
    """Files. Usage: `client.files.upload(file="train.jsonl", purpose="fine-tune")`"""

    def upload(self, **params: Unpack[FilesUploadParams]) -> FileObject:
        """Upload a path, bytes, a binary file object or (filename, content[, type]).

        Paths and seekable file objects are streamed, not read into memory; a pipe is
        copied to a temporary file first (up to the API's 512 MB). An upload is not
        retried once it may have reached the server.
        """
        return self._run(upload_call(params))

    def list(self, **params: Unpack[FilesListParams]) -> FileList:
        """One page of files (`page` from 0, `page_size`, filters)."""
        return self._run(list_call(params))

    def iter_all(self, **params: Unpack[FilesListParams]) -> Iterator[FileObject]:
        """Every file matching the filters, fetching pages as it goes."""
        filters = dict(params)
        return _pagination.iterate(self.list, _pagination.data_and_total, filters)

    def retrieve(self, file_id: str, **options: Unpack[CallOptions]) -> FileObject:
        """One file's metadata."""
        return self._run(retrieve_call(file_id, only_options(options, "files.retrieve")))

    def delete(self, file_id: str, **options: Unpack[CallOptions]) -> DeleteFileResponse:
        """Delete a file."""
        return self._run(delete_call(file_id, only_options(options, "files.delete")))

    @overload
    def download(
        self, file_id: str, *, to: None = None, **options: Unpack[CallOptions]
    ) -> bytes: ...
    @overload
    def download(
        self, file_id: str, *, to: str | os.PathLike[str], **options: Unpack[CallOptions]
    ) -> Path: ...
    def download(
        self,
        file_id: str,
        *,
        to: str | os.PathLike[str] | None = None,
        **options: Unpack[CallOptions],
    ) -> bytes | Path:
        """A file's content as bytes, or streamed to disk at `to` (atomically: a broken
        download leaves no partial file), returning that path.

        Usage: `data = client.files.download(file_id)`;
        `client.files.download(file_id, to="out.jsonl")`
        """
        if to is None:
            return self._run(download_call(file_id, only_options(options, "files.download")))
        return self._run(download_to_call(file_id, to, only_options(options, "files.download")))

    def get_signed_url(
        self, file_id: str, *, expiry: int | None = None, **options: Unpack[CallOptions]
    ) -> SignedUrl:
        """A temporary download URL (`expiry` in hours)."""
        return self._run(
            signed_url_call(file_id, expiry, only_options(options, "files.get_signed_url"))
        )


class AsyncFiles(AsyncResource):
    """Async files (see `Files`)."""

    async def upload(self, **params: Unpack[FilesUploadParams]) -> FileObject:
        """Upload a path, bytes, a binary file object or (filename, content[, type])."""
        return await self._run(upload_call(params))

    async def list(self, **params: Unpack[FilesListParams]) -> FileList:
        """One page of files."""
        return await self._run(list_call(params))

    def iter_all(self, **params: Unpack[FilesListParams]) -> AsyncIterator[FileObject]:
        """Every file matching the filters: `async for f in client.files.iter_all(): ...`"""
        return _pagination.aiterate(self.list, _pagination.data_and_total, dict(params))

    async def retrieve(self, file_id: str, **options: Unpack[CallOptions]) -> FileObject:
        """One file's metadata."""
        return await self._run(retrieve_call(file_id, only_options(options, "files.retrieve")))

    async def delete(self, file_id: str, **options: Unpack[CallOptions]) -> DeleteFileResponse:
        """Delete a file."""
        return await self._run(delete_call(file_id, only_options(options, "files.delete")))

    @overload
    async def download(
        self, file_id: str, *, to: None = None, **options: Unpack[CallOptions]
    ) -> bytes: ...
    @overload
    async def download(
        self, file_id: str, *, to: str | os.PathLike[str], **options: Unpack[CallOptions]
    ) -> Path: ...
    async def download(
        self,
        file_id: str,
        *,
        to: str | os.PathLike[str] | None = None,
        **options: Unpack[CallOptions],
    ) -> bytes | Path:
        """A file's content as bytes, or streamed to disk at `to` (see `Files.download`)."""
        if to is None:
            return await self._run(download_call(file_id, only_options(options, "files.download")))
        return await self._run(
            download_to_call(file_id, to, only_options(options, "files.download"))
        )

    async def get_signed_url(
        self, file_id: str, *, expiry: int | None = None, **options: Unpack[CallOptions]
    ) -> SignedUrl:
        """A temporary download URL (`expiry` in hours)."""
        return await self._run(
            signed_url_call(file_id, expiry, only_options(options, "files.get_signed_url"))
        )
