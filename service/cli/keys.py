"""`jobbmatch keys ...`: issue, list and revoke API keys.

Nothing here needs the taxonomy's mapper or Alembic, so these commands start in
well under a second (`service/tests/test_cli_imports.py` keeps it so).
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from service.db import Database
from service.errors import DomainError
from service.keys import repository as keys
from service.keys.models import ApiKeyCreate
from service.kit import audit_trail as audit
from service.kit.caller import Role
from service.settings import get_settings

keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
console = Console(stderr=True)


@contextmanager
def _database() -> Iterator[Database]:
    database = Database(get_settings().database_url)
    try:
        yield database
    finally:
        database.dispose()


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
