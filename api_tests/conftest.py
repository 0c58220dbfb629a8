"""Black-box fixtures: one app per session, each test in a rolled-back transaction.

The schema is built by the app's own start-up migrations; keys are issued through the
CLI (the first admin) and the API (the rest), exactly as an operator would.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api_tests.client import ROLES, Keys
from service.main import create_app
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JOBBMATCH_SHARED_DIR", REPO.parent / "shared"))
SNAPSHOT = SHARED / "taxonomy"
LIVE_SCHEMA = "live"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'jobbmatch.db'}"


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "log_level": "WARNING",
        "rate_limit_per_minute": 100_000,
        "taxonomy_sync_on_start": False,
        "taxonomy_snapshot": SNAPSHOT
        if (SNAPSHOT / "concepts.jsonl").exists()
        else None,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `jobbmatch` command line against the test database."""
    env = {**os.environ, "JOBBMATCH_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=300,
    )


@pytest.fixture(scope="session")
def app_client(database_url: str) -> Iterator[TestClient]:
    app = create_app(make_settings(database_url))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def keys(app_client: TestClient, database_url: str) -> Keys:
    created = cli(
        database_url, "keys", "create", "--role", "admin", "--name", "test admin"
    )
    assert created.returncode == 0, created.stderr
    admin = created.stdout.strip().splitlines()[-1]
    secrets = {"admin": admin}
    for role in ROLES:
        if role != "admin":
            response = app_client.post(
                "/v1/keys",
                json={"name": f"test {role}", "role": role},
                headers={"Authorization": f"Bearer {admin}"},
            )
            assert response.status_code == 201, response.text
            secrets[role] = response.json()["key"]
    return Keys(secrets)


@pytest.fixture(name="dedicated_url")
def dedicated_url_fixture(tmp_path: Path) -> Iterator[str]:
    """A database of its own for a served app: a SQLite file or a PostgreSQL schema."""
    url = os.environ.get("JOBBMATCH_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'live.db'}"
        return
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {LIVE_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {LIVE_SCHEMA}"))
    scoped = make_url(url).update_query_dict(
        {"options": f"-csearch_path={LIVE_SCHEMA}"}
    )
    yield scoped.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {LIVE_SCHEMA} CASCADE"))
    admin.dispose()


@pytest.fixture
def client(app_client: TestClient, keys: Keys) -> Iterator[TestClient]:
    with app_client.app.state.database.isolated():  # type: ignore[attr-defined]
        yield app_client
