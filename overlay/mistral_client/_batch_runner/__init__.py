"""`client.batch.run`: many requests through the Batch API, resumable, matched by custom_id.

One pure core drives a run as a generator of effects (upload, create, get, cancel,
download, sleep): prepare (validate every line like a live call, write JSONL parts within
the API's per-file limits) -> submit -> poll -> collect. `run_sync` and `run_async` only
perform the effects, with the client's own public methods. The state file records each
part's file and job ids (written atomically after every step), so the same call after a
crash or Ctrl-C picks the jobs up instead of submitting them again.
"""

from ._core import TERMINAL, BatchProgress
from ._input import BatchLimits
from ._results import BatchResult, BatchResults
from ._shells import run_async, run_request, run_sync

__all__ = [
    "TERMINAL",
    "BatchLimits",
    "BatchProgress",
    "BatchResult",
    "BatchResults",
    "run_async",
    "run_request",
    "run_sync",
]
