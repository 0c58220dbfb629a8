import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from service import migrate

# The migration that creates the candidate index's change-feed triggers.
CHANGE_FEED = "7c4e2a91d5b3"


def _triggers(engine: Engine) -> set[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT trigger_name FROM information_schema.triggers "
        "WHERE trigger_schema = current_schema()"
    )
    with engine.connect() as connection:
        return set(connection.execute(text(query)).scalars())


class TestMigrations:
    def test_upgrade_reaches_head_and_matches_the_models(
        self, empty_engine: Engine
    ) -> None:
        migrate.upgrade(empty_engine)
        assert migrate.current_revision(empty_engine) == migrate.head_revision()
        assert migrate.pending_model_changes(empty_engine) == []

    def test_upgrade_twice_is_a_no_op(self, empty_engine: Engine) -> None:
        migrate.upgrade(empty_engine)
        before = sorted(inspect(empty_engine).get_table_names())
        migrate.upgrade(empty_engine)
        assert sorted(inspect(empty_engine).get_table_names()) == before

    def test_downgrade_to_base_and_back(self, empty_engine: Engine) -> None:
        migrate.upgrade(empty_engine)
        migrate.downgrade(empty_engine, "base")
        assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(empty_engine)
        assert migrate.pending_model_changes(empty_engine) == []

    def test_later_migrations_keep_the_change_feed_triggers(
        self, empty_engine: Engine
    ) -> None:
        # On SQLite a batch ALTER rebuilds a table and silently drops its triggers;
        # the candidate index would then miss every participant write.
        migrate.upgrade(empty_engine, CHANGE_FEED)
        created = _triggers(empty_engine)
        assert {"participant_inserted", "enrolment_inserted"} <= created or {
            "participant_changed",
            "enrolment_changed",
        } <= created
        migrate.upgrade(empty_engine)
        assert created <= _triggers(empty_engine)

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE audit_entry SET action = 'forged'", "DELETE FROM audit_entry"],
    )
    def test_audit_entries_cannot_be_changed_or_deleted(
        self, empty_engine: Engine, statement: str
    ) -> None:
        migrate.upgrade(empty_engine)
        with empty_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO audit_entry (at, action, outcome, prev_hash, hash) "
                    "VALUES (CURRENT_TIMESTAMP, 'test', 'success', 'p', 'h')"
                )
            )
        with (
            pytest.raises(DBAPIError, match="append-only"),
            empty_engine.begin() as connection,
        ):
            connection.execute(text(statement))
        with empty_engine.connect() as connection:
            actions = connection.execute(
                text("SELECT action FROM audit_entry")
            ).scalars()
            assert actions.all() == ["test"]
