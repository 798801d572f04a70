"""What a run remembers: each part's file and job, in a state file written atomically, and
where its files live in the run's folder."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..errors import BatchError

if TYPE_CHECKING:
    from ._input import Plan

_STATE_VERSION = 1


@attrs.frozen
class Target:
    """Who answers every line: a model or an agent, on one endpoint."""

    endpoint: str
    model: str | None
    agent_id: str | None

    @property
    def fields(self) -> dict[str, str]:
        if self.agent_id is not None:
            return {"agent_id": self.agent_id}
        return {"model": str(self.model)}


@attrs.define
class Part:
    """One JSONL file and the job that runs it, as recorded in the state file."""

    sha256: str
    requests: int
    first_line: int
    last_line: int
    file_id: str | None = None
    creating: bool = False  # a create was sent and its answer not recorded yet
    job_id: str | None = None
    status: str | None = None
    output_file: str | None = None
    error_file: str | None = None
    succeeded: int = 0
    failed: int = 0
    downloaded: bool = False


class Store:
    """The run's state, saved atomically (temp file + rename) after every step when the
    run has a state file; in memory only otherwise."""

    def __init__(self, path: Path | None, target: Target, run_id: str, parts: list[Part]):
        self.path = path
        self.target = target
        self.run_id = run_id
        self.parts = parts

    @classmethod
    def open(cls, path: Path | None, target: Target, plan: Plan) -> Store:
        fresh = cls(path, target, uuid.uuid4().hex, plan.parts)
        if path is None or not path.exists():
            fresh.save()
            return fresh
        try:
            saved = json.loads(path.read_bytes())
            parts = [Part(**part) for part in saved["parts"]]
            run_id = str(saved["run_id"])
            recorded = Target(saved["endpoint"], saved["model"], saved["agent_id"])
            version = saved["version"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BatchError(f"state file {str(path)!r} is unreadable: {exc}") from exc
        same_input = [(p.sha256, p.requests) for p in parts] == [
            (p.sha256, p.requests) for p in plan.parts
        ]
        if version != _STATE_VERSION or recorded != target or not same_input:
            raise BatchError(
                f"state file {str(path)!r} belongs to a run with other input, model, endpoint or "
                "limits: give another state_path, or delete it to start afresh"
            )
        return cls(path, target, run_id, parts)

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "version": _STATE_VERSION,
            "run_id": self.run_id,
            "endpoint": self.target.endpoint,
            "model": self.target.model,
            "agent_id": self.target.agent_id,
            "parts": [attrs.asdict(part) for part in self.parts],
        }
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def result_path(folder: Path, index: int, kind: str) -> Path:
    return folder / f"part-{index:04d}.{kind}.jsonl"
