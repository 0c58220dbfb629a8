"""`jobbmatch retention run [--dry-run]`: erase what has passed its retention."""

from typing import Annotated

import typer

from service.db import Database
from service.retention.run import RunReport, run
from service.settings import get_settings

retention_app = typer.Typer(help="Retention and erasure.", no_args_is_help=True)


def _lines(report: RunReport) -> list[str]:
    lines = [
        f"retention: {report.years} years after the last activity",
        f"due: {report.due} participants",
    ]
    if report.dry_run:
        return [*lines, "dry run: nothing erased"]
    lines.append(
        f"erased: {len(report.erasures)} participants, "
        f"{report.total('enrolments')} enrolments kept under tombstones "
        f"({report.total('ended')} open ended, {report.total('seats_released')} "
        f"seats or places given back), {report.total('decisions')} decisions, "
        f"{report.total('shortlists')} shortlist snapshots"
    )
    if report.kept:
        lines.append(f"kept: {report.kept} active again since the run looked")
    return lines + [f"tombstone: {e.tombstone}" for e in report.erasures]


@retention_app.command("run")
def run_retention(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what is due; erase nothing.")
    ] = False,
) -> None:
    """Erase every participant whose retention has ended; print the counts and
    tombstones (never a ref). Both the run and each erasure are audited."""
    settings = get_settings()
    database = Database(settings.database_url)
    try:
        report = run(database.writer, settings.retention_years, dry_run=dry_run)
    finally:
        database.dispose()
    for line in _lines(report):
        typer.echo(line)
