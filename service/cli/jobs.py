"""`jobbmatch jobs run` and `jobbmatch jobs prune`: batch imports run as jobs."""

import typer
from rich.console import Console

from service.cli.workers import run_until_signalled
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
        console.print(f"{runner.name} running jobs; Ctrl-C stops")
        run_until_signalled(runner, "batch-jobs")
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
