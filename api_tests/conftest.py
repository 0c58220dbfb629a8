"""Black-box fixtures: one app per session, each test in a rolled-back transaction.

The schema is built by the app's own start-up migrations; keys are issued through the
CLI (the first admin) and the API (the rest), exactly as an operator would. Where the
shared data is, and scratch databases for served apps, come from the root conftest.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlmodel import Session

from api_tests.client import ROLES, SCOPED_ROLES, Keys
from service.main import create_app
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]


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


def shared_taxonomy() -> Path:
    """The shared snapshot (the root conftest sets where ../shared is)."""
    return Path(os.environ["JOBBMATCH_SHARED_DIR"]) / "taxonomy"


def make_settings(database_url: str, **overrides: object) -> Settings:
    snapshot = shared_taxonomy()
    values: dict[str, object] = {
        "database_url": database_url,
        "log_level": "WARNING",
        "rate_limit_per_minute": 100_000,
        "auth_failures_per_minute": 100_000,
        "taxonomy_sync_on_start": False,
        "taxonomy_snapshot": snapshot
        if (snapshot / "concepts.jsonl").exists()
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
                json={
                    "name": f"test {role}",
                    "role": role,
                    "all_units": role in SCOPED_ROLES,
                },
                headers={"Authorization": f"Bearer {admin}"},
            )
            assert response.status_code == 201, response.text
            secrets[role] = response.json()["key"]
    return Keys(secrets)


@pytest.fixture
def client(
    app_client: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The app with every session of the test on one outer transaction, rolled back
    at the end: handlers still commit, which only releases a savepoint, and no test
    sees another test's rows."""
    database = app_client.app.state.database  # type: ignore[attr-defined]
    with database.engine.connect() as connection:
        outer = connection.begin()

        def session(*, write: bool = False) -> Session:
            return Session(
                connection,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
            )

        monkeypatch.setattr(database, "session", session)
        # The per-process candidate index would keep rows this test rolls back
        # behind its back: each test starts with a fresh one, as a new process.
        state = app_client.app.state  # type: ignore[attr-defined]
        state.candidates = type(state.candidates)()
        try:
            yield app_client
        finally:
            monkeypatch.undo()
            outer.rollback()
