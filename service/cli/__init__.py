"""The `jobbmatch` command line: serve, migrate, manage keys, write the spec.

Importing this package stays light (no Alembic, no NumPy or SciPy, no mapper):
what a command alone needs is imported inside it, so `jobbmatch keys ...` starts
in well under a second.
"""

import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

import typer
import uvicorn
from rich.console import Console
from uvicorn.supervisors import Multiprocess

from service.cli.audit import audit_app
from service.cli.jobs import jobs_app
from service.cli.keys import keys_app
from service.cli.progress import progress_bars
from service.cli.retention import retention_app
from service.cli.taxonomy import eval_app, taxonomy_app
from service.cli.webhooks import events_app, webhooks_app
from service.db import Database
from service.metrics import MULTIPROCESS_DIR, prepare_multiprocess
from service.settings import get_settings

app = typer.Typer(
    help="jobbmatch: matching for municipal labour-market units.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(taxonomy_app, name="taxonomy")
app.add_typer(eval_app, name="eval")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(events_app, name="events")
app.add_typer(jobs_app, name="jobs")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """jobbmatch: matching for municipal labour-market units."""
    from service.events import outbox

    # Every command's writes record their change events, as the app's do.
    outbox.install()


RATE_LIMIT_DIR = "JOBBMATCH_RATE_LIMIT_DIR"


@app.command("demo")
def demo(
    participants_count: Annotated[
        int, typer.Option("--participants", min=0, help="Participants to create.")
    ] = 200,
    needs_count: Annotated[
        int, typer.Option("--needs", min=0, help="Competence needs to create.")
    ] = 20,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
    today: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The day the history leads up to (default today; not later).",
        ),
    ] = None,
) -> None:
    """Seed a synthetic municipality marked as demo data, with a history of
    enrolments, outcomes, placements, shortlists and decisions."""
    from service import demo as demo_data

    with progress_bars(console, "seeding {}".format) as report:
        demo_data.demo(
            participants_count,
            needs_count,
            seed,
            today.date() if today else None,
            progress=report,
        )


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(envvar="JOBBMATCH_HOST", help="Interface to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(envvar="JOBBMATCH_PORT", help="Port to listen on.")
    ] = 8000,
    workers: Annotated[
        int, typer.Option(envvar="JOBBMATCH_WORKERS", min=1, help="Worker processes.")
    ] = 1,
) -> None:
    """Prepare the database and serve the API."""
    # Listen first: a port already taken fails now, not after migrating and
    # indexing the taxonomy.
    try:
        listener = _listener(host, port)
    except OSError as error:
        console.print(f"error: cannot listen on {host}:{port}: {error.strerror}")
        raise typer.Exit(1) from error
    settings = get_settings()
    if settings.metrics_enabled and workers > 1:
        # Every worker writes its metrics to files here; /metrics sums them.
        given = os.environ.get(MULTIPROCESS_DIR)
        prepare_multiprocess(given or tempfile.mkdtemp(prefix="jobbmatch-metrics-"))
    if settings.migrate_on_start:
        from service import migrate

        database = Database(settings.database_url)
        try:
            migrate.upgrade(database.engine)
        finally:
            database.dispose()
    options: dict[str, Any] = {"log_config": None, "access_log": False}
    config = uvicorn.Config(
        "service.main:create_app", factory=True, workers=workers, **options
    )
    if workers == 1:
        uvicorn.Server(config).run(sockets=[listener])
        return
    with _shared_rate_limits():
        Multiprocess(config, sockets=[listener]).run()


@contextmanager
def _shared_rate_limits() -> Iterator[None]:
    """Let the workers count one rate-limit budget per key between them."""
    if os.environ.get(RATE_LIMIT_DIR):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="jobbmatch-limits-") as directory:
        os.environ[RATE_LIMIT_DIR] = directory
        try:
            yield
        finally:
            del os.environ[RATE_LIMIT_DIR]


def _listener(host: str, port: int) -> socket.socket:
    """The listening socket, created as a TCP socket and shared by the workers.

    uvicorn's own (`Config.bind_socket`) leaves `proto` at 0, and asyncio then skips
    TCP_NODELAY on every accepted connection, so each keep-alive response waits
    ~40 ms for the client's delayed ACK (uvicorn issue #3149).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database schema to a revision (default: the newest)."""
    from service import migrate

    database = Database(get_settings().database_url)
    try:
        migrate.upgrade(database.engine, revision)
        console.print(
            f"database at revision {migrate.current_revision(database.engine)}"
        )
    finally:
        database.dispose()


@app.command()
def openapi(
    check: Annotated[
        bool, typer.Option(help="Fail if the committed file is stale.")
    ] = False,
) -> None:
    """Write the OpenAPI document to openapi/openapi.json."""
    from service.main import create_app
    from service.openapi import SPEC_PATH, render

    generated = render(create_app(get_settings()).openapi())
    if check:
        if SPEC_PATH.read_text(encoding="utf-8") != generated:
            console.print(f"{SPEC_PATH} is stale; run `make openapi`")
            raise typer.Exit(1)
        return
    SPEC_PATH.write_text(generated, encoding="utf-8")
    console.print(f"wrote {SPEC_PATH}")
