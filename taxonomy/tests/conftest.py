"""Fixtures of the taxonomy tests: the store's engine and a fake JobTech API. The
shared data and the scratch database come from the root conftest
(``JOBBMATCH_SHARED_DIR`` and `scratch_database_url`)."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from taxonomy.store import metadata
from taxonomy.tests.fake_jobtech import FakeJobTech

# SQLite in memory, and the scratch database: a SQLite file, or a PostgreSQL schema
# of its own when JOBBMATCH_TEST_DATABASE_URL is set.
BACKENDS = ("sqlite-memory", "scratch")


@pytest.fixture(name="engine", params=BACKENDS)
def engine_fixture(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine with the taxonomy tables created, disposed afterwards."""
    if request.param == "sqlite-memory":
        engine = create_engine("sqlite://", poolclass=StaticPool)
    else:
        engine = create_engine(request.getfixturevalue("scratch_database_url"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enforce_foreign_keys)
    metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(name="fake")
def fake_fixture() -> FakeJobTech:
    """A fresh fake JobTech API (see `taxonomy.tests.fake_jobtech`)."""
    return FakeJobTech()


def _enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # As the service does: SQLite ignores foreign keys unless asked per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
