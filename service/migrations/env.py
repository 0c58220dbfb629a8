"""Alembic environment: runs on the connection handed in by `service.migrate`,
or on `JOBBMATCH_DATABASE_URL` when Alembic is called from the command line."""

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from service import models
from service.db import UtcDateTime, make_engine
from service.kit.columns import JsonOf
from service.settings import Settings

target_metadata = [SQLModel.metadata, *models.EXTRA_METADATA]


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = make_engine(Settings().database_url)
    with engine.connect() as connection:
        _run_on(connection)
    engine.dispose()


def _render_item(
    type_: str, obj: Any, autogen_context: AutogenContext
) -> str | Literal[False]:
    # Migrations must not depend on service code that may change after they are written.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, JsonOf):
        return "sa.JSON()"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
