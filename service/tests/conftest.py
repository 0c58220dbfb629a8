import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from service.db import make_engine

SCRATCH_SCHEMA = "scratch"


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if not url:
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    else:
        admin = make_engine(url)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCRATCH_SCHEMA}"))
        admin.dispose()
        scoped = make_url(url).update_query_dict(
            {"options": f"-csearch_path={SCRATCH_SCHEMA}"}
        )
        engine = make_engine(scoped.render_as_string(hide_password=False))
    yield engine
    engine.dispose()
