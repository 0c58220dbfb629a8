"""`jobbmatch audit verify`: prove the audit trail is unbroken."""

import time

import typer
from rich.console import Console

from service.audit.chain import verify_chain
from service.db import Database
from service.settings import get_settings

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
console = Console(stderr=True)


@audit_app.command("verify")
def verify() -> None:
    """Walk the audit trail's hash chain; exit 1 naming the first broken entry."""
    database = Database(get_settings().database_url)
    started = time.perf_counter()
    try:
        report = verify_chain(database.engine)
    finally:
        database.dispose()
    seconds = time.perf_counter() - started
    if not report.intact:
        console.print(
            f"broken: entry {report.broken_at} {report.reason} "
            f"({report.checked} entries before it are intact)"
        )
        raise typer.Exit(1)
    console.print(f"intact: {report.checked} entries chain correctly ({seconds:.1f} s)")
