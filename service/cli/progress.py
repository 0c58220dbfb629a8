"""Progress bars for the commands that take seconds, drawn on a terminal only.

A command reports `(stage, done, total)` as it goes (the taxonomy loaders'
callback shape). On a terminal each stage gets a bar; when the output is piped or
redirected, or `CI` is set, nothing is drawn and the command prints its results
only (rich would otherwise print every bar's last state once, into the log).
"""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

Report = Callable[[str, int, int | None], None]
"""Called as `report(stage, done, total)`; `total` None while it is unknown."""


def shows_progress(console: Console) -> bool:
    """Whether bars are drawn: on a terminal, and not in CI."""
    in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
    return console.is_terminal and not in_ci


@contextmanager
def progress_bars(
    console: Console, describe: Callable[[str], str] = str, *, one_bar: bool = False
) -> Iterator[Report]:
    """A `Report` drawing a bar per stage, labelled `describe(stage)`; with
    `one_bar`, every stage moves the same bar (a sync of many small stages)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not shows_progress(console),
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int | None) -> None:
            key = "" if one_bar else stage
            if key not in tasks:
                tasks[key] = progress.add_task(describe(stage), total=total)
            progress.update(
                tasks[key], description=describe(stage), completed=done, total=total
            )

        yield report
