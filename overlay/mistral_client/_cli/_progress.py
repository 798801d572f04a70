"""The batch progress bar: succeeded / failed / total, elapsed and ETA, on stderr.

rich renders it live on a terminal and stays quiet elsewhere (pipes, CI logs); the run's
summary line is printed either way.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .._batch_runner import BatchProgress


class BatchBar:
    """Usage: `with BatchBar() as bar: client.batch.run(..., on_progress=bar.update)`"""

    def __init__(self, *, enabled: bool = True, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]✓ {task.fields[succeeded]}[/] [red]✗ {task.fields[failed]}[/]"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            disable=not enabled,
        )
        self._task: TaskID | None = None

    def update(self, progress: BatchProgress) -> None:
        description = f"batch: {progress.jobs_done}/{progress.job_count} jobs done"
        if self._task is None:  # started with the first poll: nothing shows before
            self._progress.start()
            self._task = self._progress.add_task(
                description, total=progress.total, succeeded=0, failed=0
            )
        self._progress.update(
            self._task,
            description=description,
            completed=progress.completed,
            total=progress.total,
            succeeded=progress.succeeded,
            failed=progress.failed,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._progress.stop()
