from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from service.db import make_engine


@pytest.fixture
def empty_engine(scratch_database_url: str) -> Iterator[Engine]:
    """An engine on an empty database (the root conftest's scratch database)."""
    engine = make_engine(scratch_database_url)
    yield engine
    engine.dispose()
