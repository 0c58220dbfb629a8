"""The `jobbmatch` command line: serve, migrate, manage keys, write the spec."""

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from uvicorn.supervisors import Multiprocess

from service import demo, migrate
from service.cli.audit import audit_app
from service.cli.taxonomy import eval_app, taxonomy_app
from service.db import Database
from service.errors import DomainError
from service.keys import repository as keys
from service.keys.models import ApiKeyCreate
from service.kit import audit_trail as audit
from service.kit.caller import Role
from service.openapi import SPEC_PATH, render
from service.settings import get_settings

app = typer.Typer(
    help="jobbmatch: matching for municipal labour-market units.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(taxonomy_app, name="taxonomy")
app.add_typer(eval_app, name="eval")
app.add_typer(audit_app, name="audit")
app.command("demo")(demo.demo)
console = Console(stderr=True)


@contextmanager
def _database() -> Iterator[Database]:
    database = Database(get_settings().database_url)
    try:
        yield database
    finally:
        database.dispose()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Prepare the database and serve the API."""
    settings = get_settings()
    if settings.migrate_on_start:
        with _database() as database:
            migrate.upgrade(database.engine)
    options: dict[str, Any] = {"log_config": None, "access_log": False}
    if workers == 1:
        uvicorn.run(
            "service.main:create_app", factory=True, host=host, port=port, **options
        )
        return
    config = uvicorn.Config(
        "service.main:create_app", factory=True, workers=workers, **options
    )
    Multiprocess(config, sockets=[_listener(host, port)]).run()


def _listener(host: str, port: int) -> socket.socket:
    """The listening socket the workers share, created as a TCP socket.

    uvicorn's own (`Config.bind_socket`) leaves `proto` at 0, and asyncio then skips
    TCP_NODELAY on every accepted connection, so each keep-alive response waits
    ~40 ms for the client's delayed ACK (uvicorn issue #3149).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database schema to a revision (default: the newest)."""
    with _database() as database:
        migrate.upgrade(database.engine, revision)
        console.print(
            f"database at revision {migrate.current_revision(database.engine)}"
        )


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="What the key may do.")],
    name: Annotated[str, typer.Option(help="Who or what holds the key.")],
    unit: Annotated[
        list[str] | None,
        typer.Option(help="An owning unit the key serves (repeatable)."),
    ] = None,
    all_units: Annotated[
        bool, typer.Option("--all-units", help="The key serves every unit.")
    ] = False,
) -> None:
    """Issue a key. The key is printed once, alone on the last line. Matcher and
    integration keys name their owning units (`--unit`, repeatable) or
    `--all-units`."""
    try:
        body = ApiKeyCreate(name=name, role=role, units=unit or [], all_units=all_units)
    except ValidationError as error:
        problems = "; ".join(str(e["msg"]) for e in error.errors())
        raise typer.BadParameter(problems) from error
    with _database() as database, database.session(write=True) as session:
        key, secret = keys.issue(
            session,
            name=body.name,
            role=body.role,
            created_by="cli",
            units=body.units,
            all_units=body.all_units,
        )
        audit.record(
            session, None, action="key.create", object_type="api_key", object_id=key.id
        )
        session.commit()
    console.print(
        f"created key {key.id} ({role.value}) for {name!r}; it is shown only this once:"
    )
    sys.stdout.write(secret + "\n")


@keys_app.command("list")
def keys_list() -> None:
    """List keys with their role, creation, last use and revocation."""
    table = Table("id", "name", "role", "created", "last used", "revoked")
    with _database() as database, database.session() as session:
        for key in keys.all_keys(session):
            table.add_row(
                key.id,
                key.name,
                key.role,
                f"{key.created_at:%Y-%m-%d %H:%M}",
                f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "-",
                f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "-",
            )
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id.")]) -> None:
    """Revoke a key at once."""
    with _database() as database, database.session(write=True) as session:
        try:
            keys.revoke(session, key_id)
        except DomainError as error:
            console.print(f"error: {error.detail}")
            raise typer.Exit(1) from error
        audit.record(
            session, None, action="key.revoke", object_type="api_key", object_id=key_id
        )
        session.commit()
    console.print(f"revoked key {key_id}")


@app.command()
def openapi(
    check: Annotated[
        bool, typer.Option(help="Fail if the committed file is stale.")
    ] = False,
) -> None:
    """Write the OpenAPI document to openapi/openapi.json."""
    from service.main import create_app

    generated = render(create_app(get_settings()).openapi())
    if check:
        if SPEC_PATH.read_text(encoding="utf-8") != generated:
            console.print(f"{SPEC_PATH} is stale; run `make openapi`")
            raise typer.Exit(1)
        return
    SPEC_PATH.write_text(generated, encoding="utf-8")
    console.print(f"wrote {SPEC_PATH}")
