from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from service.db import make_engine
from service.settings import get_settings


@pytest.fixture
def empty_engine(scratch_database_url: str) -> Iterator[Engine]:
    """An engine on an empty database (the root conftest's scratch database)."""
    engine = make_engine(scratch_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(
    empty_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The empty database as the one the command line is configured with."""
    url = empty_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("JOBBMATCH_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
