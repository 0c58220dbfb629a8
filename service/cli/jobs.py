"""`jobbmatch jobs run` and `jobbmatch jobs prune`: batch imports run as jobs."""

import signal
import threading
from types import FrameType

import typer
from rich.console import Console

from service.db import Database
from service.settings import get_settings

jobs_app = typer.Typer(help="Batch imports run as jobs.", no_args_is_help=True)
console = Console(stderr=True)


@jobs_app.command("run")
def run(
    once: bool = typer.Option(False, "--once", help="Run what is queued, then exit."),
) -> None:
    """Run queued batch jobs until interrupted; several may run against one
    database, beside the serve processes' own runners."""
    from service.jobs.runner import JobRunner
    from service.main import BATCH_KINDS
    from service.taxonomy.state import TaxonomyHolder

    settings = get_settings()
    database = Database(settings.database_url)
    runner = JobRunner(database, settings, TaxonomyHolder(database.engine), BATCH_KINDS)
    try:
        if once:
            console.print(f"finished {runner.run_once()} jobs")
            return
        stop = runner.stopping

        def on_signal(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        console.print(f"{runner.name} running jobs; Ctrl-C stops")
        worker = threading.Thread(target=runner.run, name="batch-jobs")
        worker.start()
        while worker.is_alive():
            worker.join(0.5)
    finally:
        database.dispose()


@jobs_app.command("prune")
def prune() -> None:
    """Forget finished jobs older than the retention period."""
    from service.jobs.runner import prune as prune_jobs

    settings = get_settings()
    database = Database(settings.database_url)
    try:
        removed = prune_jobs(database.writer, settings)
    finally:
        database.dispose()
    console.print(
        f"pruned {removed} jobs finished more than "
        f"{settings.batch_job_retention_days:g} days ago"
    )
