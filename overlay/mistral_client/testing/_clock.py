"""Emulator time: a time source plus an offset that tests move with `advance()`."""

from __future__ import annotations

import threading
from collections.abc import Callable

# 2026-01-01T00:00:00Z: the default clock stands still here, so runs are reproducible.
FIXED_EPOCH = 1_767_225_600.0


class EmulatorClock:
    """Seconds since the epoch as the emulator sees them.

    `source` is any zero-argument callable returning epoch seconds (``time.time`` for wall
    time); by default time stands still at `FIXED_EPOCH` and moves only through `advance`.
    """

    def __init__(self, source: Callable[[], float] | None = None) -> None:
        self._source = source if source is not None else (lambda: FIXED_EPOCH)
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return float(self._source()) + self._offset

    def advance(self, seconds: float) -> None:
        if not seconds >= 0:
            raise ValueError(f"the emulator clock only moves forward, got {seconds!r}")
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
