"""Schema migrations, run in process with the Alembic config from pyproject.toml."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import SQLModel

from service import models
from service.db import Database, startup_lock

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def alembic_config() -> Config:
    return Config(toml_file=PYPROJECT)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to a revision; one process at a time, so workers and hosts starting
    together do not race (the others wait, then find nothing left to do)."""
    config = alembic_config()
    with startup_lock(engine), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def pending_model_changes(engine: Engine) -> list[object]:
    """What autogenerate would add: empty when models and migrations agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        # Alembic accepts a sequence of metadata here, as in env.py's target_metadata.
        diffs: list[object] = compare_metadata(
            context,
            [SQLModel.metadata, *models.EXTRA_METADATA],  # type: ignore[arg-type]
        )
        return diffs


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@contextmanager
def prepared_database(database_url: str) -> Iterator[Database]:
    """A database at the newest schema, for commands; disposed of on exit."""
    database = Database(database_url)
    try:
        upgrade(database.engine)
        yield database
    finally:
        database.dispose()
