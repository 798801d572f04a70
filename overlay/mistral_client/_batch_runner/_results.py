"""What comes out: one typed result per input line, read from the downloaded files."""

from __future__ import annotations

import contextlib
import json
import logging
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs

from ..errors import (
    BatchError,
    BatchInputError,
    MistralError,
    ResponseValidationError,
    _status_error,
)
from ._input import Plan
from ._state import Part, Store, result_path

T = TypeVar("T")


logger = logging.getLogger("mistral_client")


@attrs.frozen
class BatchResult(Generic[T]):
    """One input request's outcome: `response` (the same typed model the live call returns)
    or `error` (a typed `MistralError`: the API's error for that line, a `BatchInputError`
    for a line skipped with `skip_invalid`, a `BatchError` if its job ended without it).
    `line` is the input's 1-based line; `body` the raw JSON answer.

    Usage: `text = result.response.choices[0].message.content if result.ok else None`
    """

    custom_id: str
    line: int
    response: T | None
    error: MistralError | None
    status_code: int | None = None
    job_id: str | None = None
    body: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None


class BatchResults(Generic[T]):
    """The outcome of `client.batch.run`: iterate it for one `BatchResult` per input line
    (read from the downloaded files as you go), and see `job_ids`, `statuses`, `total`,
    `succeeded`, `failed` and `invalid` (the lines `skip_invalid` left out).

    Usage:
        for result in client.batch.run(requests, model="mistral-small-latest"):
            if result.response is not None:
                print(result.custom_id, result.response.choices[0].message.content)
    """

    def __init__(
        self,
        plan: Plan,
        store: Store,
        folder: Path,
        parse: Callable[[Any], T],
        ordered: bool,
        keep: Any = None,
    ) -> None:
        self._plan = plan
        self._store = store
        self._folder = folder
        self._parse = parse
        self._ordered = ordered
        self._keep = keep  # a TemporaryDirectory to delete with us, when there is no state
        self.invalid: list[BatchInputError] = list(plan.invalid)
        self.total = plan.total + len(plan.invalid)

    @property
    def job_ids(self) -> list[str]:
        return [str(part.job_id) for part in self._store.parts]

    @property
    def statuses(self) -> list[str]:
        """Each job's final status, in part order."""
        return [str(part.status) for part in self._store.parts]

    @property
    def file_ids(self) -> list[str]:
        """Every file of the run (uploaded parts, output and error files), to delete when
        you are done with them: `for f in results.file_ids: client.files.delete(f)`."""
        found = []
        for part in self._store.parts:
            found += [f for f in (part.file_id, part.output_file, part.error_file) if f]
        return found

    @property
    def succeeded(self) -> int:
        """Requests the jobs report as succeeded."""
        return sum(part.succeeded for part in self._store.parts)

    @property
    def failed(self) -> int:
        """Requests the jobs report as failed (lines skipped as invalid are not counted)."""
        return sum(part.failed for part in self._store.parts)

    def _files(self) -> Iterator[tuple[Part, Path]]:
        for index, part in enumerate(self._store.parts):
            for kind in ("output", "errors"):
                path = result_path(self._folder, index, kind)
                if path.exists():
                    yield part, path

    def __len__(self) -> int:
        """One result per input line: `total`."""
        return self.total

    def __iter__(self) -> Iterator[BatchResult[T]]:
        return self._in_order() if self._ordered else self._as_stored()

    def _read(self, raw: bytes, part: Part) -> BatchResult[T] | None:
        try:
            record = json.loads(raw)
            custom_id = str(record["custom_id"])
        except (ValueError, KeyError, TypeError):
            logger.warning("batch job %s: unreadable result line skipped", part.job_id)
            return None
        line = self._plan.ids.line_of(custom_id)
        if line is None:
            logger.warning("batch job %s: result for unknown custom_id %r", part.job_id, custom_id)
            return None
        return _result(record, custom_id, line, part.job_id, self._parse)

    def _as_stored(self) -> Iterator[BatchResult[T]]:
        seen = bytearray(len(self._plan.valid))
        for part, path in self._files():
            with path.open("rb") as lines:
                for raw in lines:
                    result = self._read(raw, part) if raw.strip() else None
                    if result is None or seen[result.line]:
                        continue
                    seen[result.line] = 1
                    yield result
        for error in self.invalid:
            yield _invalid_result(error)
        for part in self._store.parts:
            for line in range(part.first_line, part.last_line + 1):
                if self._plan.valid[line] and not seen[line]:
                    yield self._missing(part, line)

    def _in_order(self) -> Iterator[BatchResult[T]]:
        size = len(self._plan.valid)
        where = array("q", [-1]) * size  # line -> offset in its file
        file_of = array("l", [0]) * size
        files = list(self._files())
        for number, (part, path) in enumerate(files):
            with path.open("rb") as lines:
                offset = 0
                for raw in lines:
                    result = self._read(raw, part) if raw.strip() else None
                    if result is not None and where[result.line] < 0:
                        where[result.line], file_of[result.line] = offset, number
                    offset += len(raw)
        invalid = {error.line: error for error in self.invalid}
        part_of = [(p.first_line, p.last_line, p) for p in self._store.parts]
        with contextlib.ExitStack() as stack:
            handles = [stack.enter_context(path.open("rb")) for _, path in files]
            for line in range(size):
                if where[line] >= 0:
                    handle = handles[file_of[line]]
                    handle.seek(where[line])
                    result = self._read(handle.readline(), files[file_of[line]][0])
                    if result is not None:
                        yield result
                elif line in invalid:
                    yield _invalid_result(invalid[line])
                elif self._plan.valid[line]:
                    part = next(p for first, last, p in part_of if first <= line <= last)
                    yield self._missing(part, line)

    def _missing(self, part: Part, line: int) -> BatchResult[T]:
        error = BatchError(
            f"no result: batch job {part.job_id} ended {part.status} without this request",
            job_id=part.job_id,
        )
        return BatchResult(self._plan.ids.custom_id_of(line), line, None, error, job_id=part.job_id)

    def close(self) -> None:
        """Release the run's files now (without a state file they are deleted: they live
        only as long as this object)."""
        self._plan.ids.close()
        if self._keep is not None:
            self._keep.cleanup()
            self._keep = None

    def __enter__(self) -> BatchResults[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _invalid_result(error: BatchInputError) -> BatchResult[Any]:
    return BatchResult(error.custom_id or str(error.line), error.line, None, error)


def _result(
    record: Mapping[str, Any],
    custom_id: str,
    line: int,
    job_id: str | None,
    parse: Callable[[Any], T],
) -> BatchResult[T]:
    given = record.get("response")
    response: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    status = response.get("status_code")
    body = response.get("body")
    failure = record.get("error")
    if isinstance(status, int) and status < 400 and not failure:
        try:
            parsed = parse(body)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            invalid = ResponseValidationError(
                f"result does not match the expected schema: {type(exc).__name__}: {exc}",
                body=json.dumps(body),
                status_code=status,
            )
            return BatchResult(custom_id, line, None, invalid, status, job_id, body)
        return BatchResult(custom_id, line, parsed, None, status, job_id, body)
    code = status if isinstance(status, int) and status >= 400 else _error_code(failure)
    raw = body if body is not None else failure
    error = _status_error(code, {}, json.dumps(raw))
    return BatchResult(custom_id, line, None, error, code, job_id, body)


def _error_code(failure: Any) -> int:
    code = failure.get("code") if isinstance(failure, Mapping) else None
    if isinstance(code, int) and 400 <= code <= 599:
        return code
    return 500
