"""Engines for the store tests: SQLite in memory, SQLite in a file, and PostgreSQL.

PostgreSQL runs only when ``JOBBMATCH_TEST_DATABASE_URL`` is set. Other tests share
that database, so each engine gets a schema of its own that is dropped afterwards.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

from taxonomy.store import metadata

BACKENDS = ("sqlite-memory", "sqlite-file", "postgresql")


@contextmanager
def store_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """Yield an engine with the taxonomy tables created, and clean up after."""
    if backend == "postgresql":
        with _postgres_engine() as engine:
            yield engine
        return
    if backend == "sqlite-memory":
        engine = create_engine("sqlite://", poolclass=StaticPool)
    else:
        engine = create_engine(f"sqlite:///{tmp_path / 'taxonomy.db'}")
    event.listen(engine, "connect", _enforce_foreign_keys)
    metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _postgres_engine() -> Iterator[Engine]:
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if not url:
        pytest.skip("JOBBMATCH_TEST_DATABASE_URL is not set")
    schema = f"taxonomy_store_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        metadata.create_all(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # As the service does: SQLite ignores foreign keys unless asked per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
