"""Everything the emulator remembers between requests, behind one lock."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._clock import EmulatorClock
from ._faults import FaultBook
from ._ids import IdFactory
from ._ratelimit import RateLimiter


@dataclass(frozen=True)
class Settings:
    api_key: str | None = None
    seed: int = 0
    job_step_seconds: float = 10.0
    jobs_advance_on_poll: bool = False
    requests_per_minute: int | None = 1000
    tokens_per_minute: int | None = 5_000_000


@dataclass
class RecordedRequest:
    """One request as the emulator received it (Authorization redacted).

    `query` keeps the last value of each key (`query_string` has them all); `json` is the
    parsed JSON body or None; `form` lists multipart fields (files as a name and size);
    `status` is the status answered (0 while the answer is still pending, -1 when the
    connection was reset after the request was processed, -2 when it was reset unprocessed).
    """

    method: str
    path: str
    query: dict[str, str]
    query_string: str
    headers: dict[str, str]
    content: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    operation: str | None = None
    request_id: str = ""
    status: int = 0


@dataclass
class FileRecord:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int
    seq: int
    mimetype: str
    sample_type: str | None
    num_lines: int | None
    source: str = "upload"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        return hashlib.sha256(self.content).hexdigest()[:16]

    def card(self, *, deleted: bool | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "sample_type": self.sample_type,
            "num_lines": self.num_lines,
            "mimetype": self.mimetype,
            "source": self.source,
            "signature": self.signature,
        }
        data.update(self.extra)
        if deleted is not None:
            data["deleted"] = deleted
        return data


@dataclass
class FineTuningJob:
    id: str
    model: str
    request: dict[str, Any]
    training_files: list[str]
    validation_files: list[str]
    auto_start: bool
    created_at: int
    seq: int
    status: str = "QUEUED"
    stage_started: float = 0.0
    modified_at: int = 0
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    data_tokens: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BatchJob:
    id: str
    input_files: list[str]
    endpoint: str
    model: str | None
    agent_id: str | None
    metadata: Any
    created_at: int
    seq: int
    status: str = "QUEUED"
    stage_started: float = 0.0
    started_at: int | None = None
    completed_at: int | None = None
    inline_requests: list[Any] = field(default_factory=list)
    pending: list[bytes] = field(default_factory=list)
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    output_lines: list[str] = field(default_factory=list)
    error_lines: list[str] = field(default_factory=list)
    output_file: str | None = None
    error_file: str | None = None


@dataclass
class AgentRecord:
    id: str
    fields: dict[str, Any]
    created_at: int
    updated_at: int
    seq: int
    version: int = 0


class EmulatorState:
    """The emulator's memory. Handlers run with `lock` held."""

    def __init__(self, settings: Settings, clock: EmulatorClock) -> None:
        self.settings = settings
        self.clock = clock
        self.ids = IdFactory(settings.seed)
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.faults = FaultBook()
        self.limiter = RateLimiter(settings.requests_per_minute, settings.tokens_per_minute)
        # Runs one operation in-process (set by the app; batch jobs use it).
        self.invoke: Callable[[str, Any], tuple[int, Any]] = _no_invoke
        self.files: dict[str, FileRecord] = {}
        self.ft_jobs: dict[str, FineTuningJob] = {}
        self.batch_jobs: dict[str, BatchJob] = {}
        self.agents: dict[str, AgentRecord] = {}
        self.ft_models: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        self._seq = 0

    def reset(self) -> None:
        """Forget every file, job, agent, fine-tuned model, fault and logged request."""
        with self.lock:
            self.files.clear()
            self.ft_jobs.clear()
            self.batch_jobs.clear()
            self.agents.clear()
            self.ft_models.clear()
            self.requests.clear()
            self.faults.clear()
            self.limiter.reset()
            self.ids.reset()
            self.clock.reset()
            self._seq = 0

    def now(self) -> float:
        return self.clock.now()

    def next_seq(self) -> int:
        with self.lock:
            self._seq += 1
            return self._seq


def _no_invoke(operation: str, body: Any) -> tuple[int, Any]:
    raise RuntimeError("no dispatcher attached")
