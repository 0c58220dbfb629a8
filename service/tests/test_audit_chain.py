"""The audit trail is a hash chain the database will not let anyone rewrite."""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from typer.testing import CliRunner

from service import migrate
from service.audit.chain import verify_chain
from service.cli import app as cli
from service.db import WRITE_OPTION
from service.kit import audit_trail
from service.kit.caller import Caller, Role

CALLER = Caller(key_id="k1", name="test", role=Role.MATCHER, purpose="jobbspår")
BEFORE_CHAIN = "4aac634a7613"


def _append(engine: Engine, count: int) -> None:
    # As the service writes: on SQLite a writing session takes the lock up front.
    with Session(engine.execution_options(**{WRITE_OPTION: True})) as session:
        for n in range(count):
            audit_trail.record(
                session, CALLER, action="participant.read", object_id=f"ref-{n}"
            )
        session.commit()


@pytest.fixture(name="engine")
def engine_fixture(empty_engine: Engine) -> Engine:
    migrate.upgrade(empty_engine)
    return empty_engine


class TestChain:
    def test_entries_written_in_several_transactions_chain_on(
        self, engine: Engine
    ) -> None:
        _append(engine, 3)
        _append(engine, 2)
        assert verify_chain(engine) == verify_chain(engine)
        report = verify_chain(engine)
        assert (report.checked, report.broken_at) == (5, None)

    def test_any_text_chains_as_verify_hashes_it(self, engine: Engine) -> None:
        # PostgreSQL hashes in SQL what verify hashes in Python: JSON escapes,
        # non-ASCII text and missing values must give the same bytes.
        odd = 'a "citat" \\ ström\n\x01 ✓'
        with Session(engine.execution_options(**{WRITE_OPTION: True})) as session:
            audit_trail.record(session, CALLER, action="odd", object_id=odd)
            audit_trail.record(session, None, action="anonymous")
            session.commit()
        _append(engine, 1)
        report = verify_chain(engine)
        assert (report.checked, report.broken_at) == (3, None)

    def test_a_changed_row_is_the_first_broken_link(self, engine: Engine) -> None:
        _append(engine, 4)
        with engine.begin() as connection:
            _without_guards(connection)
            connection.execute(
                text("UPDATE audit_entry SET object_id = 'forged' WHERE id = 3")
            )
        report = verify_chain(engine)
        assert (report.checked, report.broken_at) == (2, 3)
        assert report.reason == "content does not match its hash"

    def test_a_removed_row_breaks_the_next_link(self, engine: Engine) -> None:
        _append(engine, 4)
        with engine.begin() as connection:
            _without_guards(connection)
            connection.execute(text("DELETE FROM audit_entry WHERE id = 2"))
        report = verify_chain(engine)
        assert (report.checked, report.broken_at) == (1, 3)
        assert report.reason == "does not follow the entry before"

    def test_a_forged_insert_is_caught(self, engine: Engine) -> None:
        _append(engine, 2)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO audit_entry (at, action, outcome, prev_hash, hash) "
                    "VALUES (CURRENT_TIMESTAMP, 'forged', 'success', 'x', 'y')"
                )
            )
        _append(engine, 1)
        assert verify_chain(engine).broken_at == 3

    def test_cli_verify_reports_intact_and_broken(
        self, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(
            "JOBBMATCH_DATABASE_URL", engine.url.render_as_string(hide_password=False)
        )
        _append(engine, 2)
        runner = CliRunner()
        intact = runner.invoke(cli, ["audit", "verify"])
        assert intact.exit_code == 0, intact.output
        assert "intact: 2 entries" in intact.output
        with engine.begin() as connection:
            _without_guards(connection)
            connection.execute(text("UPDATE audit_entry SET purpose = NULL"))
        broken = runner.invoke(cli, ["audit", "verify"])
        assert broken.exit_code == 1
        assert "broken: entry 1" in broken.output


class TestGuards:
    def test_replace_into_cannot_overwrite_an_entry(self, engine: Engine) -> None:
        if engine.dialect.name != "sqlite":
            pytest.skip("REPLACE is SQLite's")
        _append(engine, 1)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
            c.execute(
                text(
                    "REPLACE INTO audit_entry (id, at, action, outcome, prev_hash, "
                    "hash) VALUES (1, CURRENT_TIMESTAMP, 'forged', 'success', 'p', 'h')"
                )
            )
        assert verify_chain(engine).intact

    def test_truncate_is_refused(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("TRUNCATE is PostgreSQL's")
        _append(engine, 1)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
            c.execute(text("TRUNCATE audit_entry"))
        assert verify_chain(engine).checked == 1


def test_upgrade_chains_entries_written_before_the_chain(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, BEFORE_CHAIN)
    with empty_engine.begin() as connection:
        for n in range(3):
            connection.execute(
                text(
                    "INSERT INTO audit_entry (at, action, outcome, purpose) "
                    "VALUES (:at, 'old', 'success', 'före')"
                ),
                {"at": datetime(2026, 11, 30, 12, n, 30, 123456, tzinfo=UTC)},
            )
    migrate.upgrade(empty_engine)
    _append(empty_engine, 1)
    report = verify_chain(empty_engine)
    assert (report.checked, report.broken_at) == (4, None)


def _without_guards(connection: Connection) -> None:
    """Play the attacker with database rights: lift the append-only triggers."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        )
        return
    for name in ("audit_entry_no_update", "audit_entry_no_delete"):
        connection.execute(text(f"DROP TRIGGER {name}"))


def test_concurrent_writers_never_fork_the_chain(engine: Engine) -> None:
    # Eight writers at once, each in its own transactions, as workers would be.
    threads = [threading.Thread(target=_append, args=(engine, 5)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = verify_chain(engine)
    assert (report.checked, report.broken_at) == (40, None)
