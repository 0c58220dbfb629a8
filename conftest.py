"""Test plumbing every suite shares: api_tests, service/tests and taxonomy/tests.

- Where the shared data is: ``$JOBBMATCH_SHARED_DIR``, set here to ``../shared``
  beside the checkout unless given, so every test reads that one variable (the
  service's own tools read it too). Tests marked `needs_shared_taxonomy` are skipped
  where its taxonomy snapshot is absent, so the suite still runs on a bare checkout.
- `scratch_database_url`: an empty database of the test's own: a new SQLite file, or
  a new PostgreSQL schema in the ``JOBBMATCH_TEST_DATABASE_URL`` database, dropped
  afterwards; `module_scratch_database_url` is one for a whole module.

It lives at the root because the suites must not import each other (the import
contracts in pyproject.toml), and fixtures need no import.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SHARED_DIR = Path(
    os.environ.get(
        "JOBBMATCH_SHARED_DIR", Path(__file__).resolve().parent.parent / "shared"
    )
)
NEEDS_SHARED_TAXONOMY = "needs_shared_taxonomy"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("JOBBMATCH_SHARED_DIR", str(SHARED_DIR))
    config.addinivalue_line(
        "markers", f"{NEEDS_SHARED_TAXONOMY}: skipped without ../shared/taxonomy"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if (SHARED_DIR / "taxonomy" / "concepts.jsonl").exists():
        return
    skip = pytest.mark.skip(reason=f"{SHARED_DIR / 'taxonomy'} is absent")
    for item in items:
        if item.get_closest_marker(NEEDS_SHARED_TAXONOMY):
            item.add_marker(skip)


@contextmanager
def scratch_database(directory: Path) -> Iterator[str]:
    """An empty database: a SQLite file in `directory`, or a new PostgreSQL schema
    in the ``JOBBMATCH_TEST_DATABASE_URL`` database, dropped on exit."""
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{directory / 'scratch.db'}"
        return
    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    with scratch_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def module_scratch_database_url(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """`scratch_database_url` shared by the tests of one module (one served app)."""
    with scratch_database(tmp_path_factory.mktemp("scratch")) as url:
        yield url


@pytest.fixture
def scratch_databases(tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Make as many empty databases as a test needs; all are dropped after it."""
    with ExitStack() as stack:

        def make() -> str:
            directory = tmp_path / f"db{len(list(tmp_path.iterdir()))}"
            directory.mkdir()
            return stack.enter_context(scratch_database(directory))

        yield make
