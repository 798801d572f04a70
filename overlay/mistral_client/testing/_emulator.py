"""`MistralEmulator`: the public handle on a running emulator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from starlette.applications import Starlette

from ._app import build_app
from ._clock import EmulatorClock
from ._faults import Fault, FaultRule
from ._server import ServerThread
from ._spec import Spec, load_spec
from ._state import EmulatorState, RecordedRequest, Settings


class MistralEmulator:
    """A local Mistral API served over real HTTP on loopback, stateful and deterministic.

    Usage::

        with MistralEmulator() as emu:
            httpx.get(f"{emu.base_url}/v1/models", headers={"Authorization": "Bearer k"})

    Args:
        host, port: where to listen (port 0, the default, picks a free port).
        api_key: the only key accepted; None accepts any non-empty Bearer key.
        seed: seeds every generated id.
        clock: epoch seconds source (``time.time`` for wall time); by default time stands
            still at 2026-01-01T00:00:00Z and moves only through `advance`.
        job_step_seconds: emulator seconds per fine-tuning / batch job step.
        jobs_advance_on_poll: also step a job each time it is fetched by id.
        requests_per_minute, tokens_per_minute: the rate-limit budget per minute of
            emulator time (None: unlimited, and no x-ratelimit-* headers for it).
        spec_path: an openapi.yaml to route and validate with (default: the packaged one).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        seed: int = 0,
        clock: Callable[[], float] | None = None,
        job_step_seconds: float = 10.0,
        jobs_advance_on_poll: bool = False,
        requests_per_minute: int | None = 1000,
        tokens_per_minute: int | None = 5_000_000,
        spec_path: str | Path | None = None,
    ) -> None:
        settings = Settings(
            api_key=api_key,
            seed=seed,
            job_step_seconds=job_step_seconds,
            jobs_advance_on_poll=jobs_advance_on_poll,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
        )
        self._clock = EmulatorClock(clock)
        self._state = EmulatorState(settings, self._clock)
        self.spec: Spec = load_spec(spec_path)
        self.app: Starlette = build_app(self._state, self.spec)
        self._host = host
        self._port = port
        self._server: ServerThread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving in a background thread (returns self)."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        self._state.stopping.clear()
        server = ServerThread(self.app, self._host, self._port)
        server.start()
        self._server = server
        return self

    def stop(self) -> None:
        """Stop serving: open streams end, the thread exits and the port is released."""
        if self._server is None:
            return
        self._state.stopping.set()
        server, self._server = self._server, None
        server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.port

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` (paths start with /v1)."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    # -- time -----------------------------------------------------------------------------

    def now(self) -> float:
        """The emulator's current time, in epoch seconds."""
        return self._clock.now()

    def advance(self, seconds: float) -> None:
        """Move the emulator clock forward (jobs progress, rate-limit windows roll)."""
        self._clock.advance(seconds)

    # -- faults ---------------------------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        *,
        path: str = "*",
        method: str | None = None,
        times: int | None = 1,
        probability: float = 1.0,
    ) -> FaultRule:
        """Apply `fault` to the next `times` requests (None: all) matching `path`.

        `path` is a glob (``/v1/files/*``); `method` None matches every method;
        `probability` < 1 applies it to that share of them at random (seeded by the
        emulator's `seed`). Returns the rule: its `hits` counts the requests it applied to.
        """
        seed = self._state.settings.seed + len(self._state.faults.rules)
        return self._state.faults.add(
            FaultRule(
                fault=fault,
                path=path,
                method=method,
                remaining=times,
                probability=probability,
                seed=seed,
            )
        )

    def clear_faults(self) -> None:
        self._state.faults.clear()

    # -- observation ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (Authorization redacted)."""
        with self._state.lock:
            return list(self._state.requests)

    def clear_requests(self) -> None:
        with self._state.lock:
            self._state.requests.clear()

    def reset(self) -> None:
        """Back to a fresh emulator: no files, jobs, agents, fine-tuned models, faults,
        logged requests or rate-limit usage; ids restart and the clock offset is undone."""
        self._state.reset()
