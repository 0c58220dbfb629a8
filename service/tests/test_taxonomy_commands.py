"""`jobbmatch taxonomy import|sync` and HTTP sync, on snapshots and a fake JobTech."""

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from service import migrate
from service.cli import app as cli
from service.db import Database
from service.keys import repository as keys
from service.kit.caller import Role
from service.main import create_app
from service.settings import Settings, get_settings
from taxonomy import store
from taxonomy.evaluation.extraction_sets import FIXTURES, OWN_SETS
from taxonomy.tests.broken_snapshot import broken_snapshot_dir
from taxonomy.tests.fake_jobtech import FakeJobTech, closed_port, run_fake_jobtech
from taxonomy.tests.snapshot_support import (
    mini_snapshot_dir,
    require_shared_taxonomy,
)

runner = CliRunner()


@pytest.fixture
def fake_jobtech(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with run_fake_jobtech(FakeJobTech().app) as base_url:
        monkeypatch.setenv("JOBBMATCH_TAXONOMY_API_URL", base_url)
        get_settings.cache_clear()
        yield base_url


def _versions(engine: Engine) -> list[tuple[str, bool]]:
    with engine.connect() as connection:
        return [(v.label, v.is_current) for v in store.list_versions(connection)]


class TestImportCommand:
    def test_import_is_idempotent(
        self, database_url: str, empty_engine: Engine
    ) -> None:
        first = runner.invoke(cli, ["taxonomy", "import", str(mini_snapshot_dir())])
        again = runner.invoke(cli, ["taxonomy", "import", str(mini_snapshot_dir())])
        assert (first.exit_code, again.exit_code) == (0, 0), first.output
        assert "validation: no issues" in first.output
        assert len(_versions(empty_engine)) == 1

    def test_broken_snapshot_is_refused_with_its_report(
        self, database_url: str, empty_engine: Engine
    ) -> None:
        result = runner.invoke(cli, ["taxonomy", "import", str(broken_snapshot_dir())])
        assert result.exit_code == 1
        assert "validation report" in result.output
        assert "nothing was imported" in result.output
        assert _versions(empty_engine) == []


class TestSyncCommand:
    def test_two_versions_are_synced_and_compared(
        self, database_url: str, fake_jobtech: str, empty_engine: Engine
    ) -> None:
        assert runner.invoke(cli, ["taxonomy", "sync", "--version", "1"]).exit_code == 0
        result = runner.invoke(cli, ["taxonomy", "sync"])
        assert result.exit_code == 0, result.output
        assert _versions(empty_engine) == [("1", False), ("2", True)]
        admin = _admin_key(database_url)
        app = create_app(
            Settings(
                database_url=database_url,
                log_level="WARNING",
                taxonomy_sync_on_start=False,
            )
        )
        with TestClient(app) as client:
            diff = client.get(
                "/v1/taxonomy/changes",
                params={"from_version": "1", "to_version": "2"},
                headers={"Authorization": f"Bearer {admin}"},
            ).json()
        assert diff["created"] or diff["deprecated"] or diff["relabelled"]
        assert any(d["successors"] for d in diff["deprecated"])

    def test_unreachable_api_is_one_line_and_leaves_the_store(
        self, database_url: str, empty_engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        runner.invoke(cli, ["taxonomy", "import", str(mini_snapshot_dir())])
        monkeypatch.setenv(
            "JOBBMATCH_TAXONOMY_API_URL",
            f"http://127.0.0.1:{closed_port()}/v1/taxonomy",
        )
        get_settings.cache_clear()
        result = runner.invoke(cli, ["taxonomy", "sync"])
        assert result.exit_code == 1
        assert "unreachable" in result.output
        assert "the store is unchanged" in result.output
        assert len(_versions(empty_engine)) == 1


class TestSyncEndpoint:
    def test_admin_starts_a_sync_and_reads_its_status(
        self, database_url: str, fake_jobtech: str
    ) -> None:
        auth = {"Authorization": f"Bearer {_admin_key(database_url)}"}
        settings = Settings(
            database_url=database_url,
            log_level="WARNING",
            taxonomy_api_url=fake_jobtech,
            taxonomy_snapshot=None,
            taxonomy_sync_on_start=False,
        )
        with TestClient(create_app(settings)) as client:
            assert client.get("/ready").status_code == 503
            started = client.post("/v1/taxonomy/sync", json={}, headers=auth)
            assert started.status_code == 202
            status = started.json()
            deadline = time.monotonic() + 30
            while status["state"] == "running" and time.monotonic() < deadline:
                time.sleep(0.1)
                status = client.get("/v1/taxonomy/sync", headers=auth).json()
            assert status["state"] == "succeeded", status
            assert status["loaded_version"] == "2"
            assert client.get("/ready").json() == {"status": "ok"}


def _admin_key(database_url: str) -> str:
    database = Database(database_url)
    migrate.upgrade(database.engine)
    with database.session() as session:
        _, secret = keys.issue(session, name="test", role=Role.ADMIN, created_by=None)
        session.commit()
    database.dispose()
    return secret


class TestEvalExtractionCommand:
    def test_it_scores_every_system_and_ends_in_json(
        self, database_url: str, tmp_path: Path
    ) -> None:
        # The whole snapshot: the mini one has too few words for these texts (its
        # lexicon sends "CNC-operatör" into endless rewrites).
        runner.invoke(cli, ["taxonomy", "import", str(require_shared_taxonomy())])
        result = runner.invoke(
            cli,
            ["eval", "extraction", "own/participants", "--shared-dir", str(tmp_path)],
        )
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout.strip().splitlines()[-1])
        texts = (FIXTURES / OWN_SETS["own/participants"]).read_text(encoding="utf-8")
        assert report["cases"] == {"own/participants": len(texts.splitlines())}
        systems = {f["system"] for f in report["figures"]}
        assert systems == {"extractor", "label-search", "map-whole"}

    def test_it_needs_an_imported_taxonomy(
        self, database_url: str, tmp_path: Path
    ) -> None:
        result = runner.invoke(
            cli, ["eval", "extraction", "--shared-dir", str(tmp_path)]
        )
        assert result.exit_code == 1
        assert "no taxonomy loaded" in result.output
