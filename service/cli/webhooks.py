"""`jobbmatch webhooks run` and `jobbmatch events prune`: the outbox's commands."""

import typer
from rich.console import Console

from service.cli.workers import run_until_signalled
from service.db import Database
from service.settings import get_settings

webhooks_app = typer.Typer(help="Webhook deliveries.", no_args_is_help=True)
events_app = typer.Typer(help="The change feed.", no_args_is_help=True)
console = Console(stderr=True)


@webhooks_app.command("run")
def run(
    once: bool = typer.Option(False, "--once", help="Deliver what is due, then exit."),
) -> None:
    """Deliver webhooks until interrupted; several may run against one database."""
    from service.webhooks.deliverer import Deliverer

    settings = get_settings()
    database = Database(settings.database_url)
    deliverer = Deliverer(database, settings)
    try:
        if once:
            console.print(f"delivered {deliverer.run_once()} messages")
            return
        console.print(f"{deliverer.name} delivering; Ctrl-C stops")
        run_until_signalled(deliverer, "webhooks")
    finally:
        deliverer.close()
        database.dispose()


@events_app.command("prune")
def prune() -> None:
    """Forget events and delivered messages older than the retention period."""
    from service.webhooks.deliverer import prune as prune_rows

    settings = get_settings()
    database = Database(settings.database_url)
    try:
        events, deliveries = prune_rows(database.writer, settings)
    finally:
        database.dispose()
    console.print(
        f"pruned {events} events and {deliveries} delivered messages older than "
        f"{settings.events_retention_days:g} days"
    )
