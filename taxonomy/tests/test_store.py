import time
from collections.abc import Sequence

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from taxonomy import store
from taxonomy.models import Concept, Relation
from taxonomy.store import VersionInfo, concept_table, relation_table, version_table
from taxonomy.tests.snapshot_support import snapshot


def _mini() -> tuple[list[Concept], list[Relation]]:
    mini = snapshot("mini")
    return mini.concepts, mini.relations


def _import(
    engine: Engine,
    concepts: Sequence[Concept],
    relations: Sequence[Relation],
    label: str = "v1",
) -> VersionInfo:
    with engine.begin() as conn:
        return store.import_version(
            conn, concepts, relations, label=label, number=7, source="test fixture"
        )


def _row_counts(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return [
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (version_table, concept_table, relation_table)
        ]


def _current_label(engine: Engine) -> str | None:
    with engine.connect() as conn:
        current = store.current_version(conn)
    return None if current is None else current.label


class TestImportVersion:
    def test_first_import_is_current_and_round_trips(self, engine: Engine) -> None:
        concepts, relations = _mini()

        info = _import(engine, concepts, relations)
        with engine.connect() as conn:
            loaded = store.load_version(conn, info.id)

        assert (info.label, info.number, info.is_current) == ("v1", 7, True)
        assert (info.concept_count, info.relation_count) == (31, 22)
        assert info.content_hash == store.content_hash(concepts, relations)
        assert info.imported_at.utcoffset() is not None
        assert loaded[0] == sorted(concepts, key=lambda c: c.id)
        assert set(loaded[1]) == set(relations)

    def test_same_content_again_writes_nothing(self, engine: Engine) -> None:
        concepts, relations = _mini()
        first = _import(engine, concepts, relations)
        rows = _row_counts(engine)

        again = _import(engine, list(reversed(concepts)), relations, label="other")

        assert again == first
        assert _row_counts(engine) == rows

    def test_second_version_becomes_current_and_first_is_kept(
        self, engine: Engine
    ) -> None:
        concepts, relations = _mini()
        first = _import(engine, concepts, relations)
        second = _import(engine, concepts[1:], relations, label="v2")

        with engine.connect() as conn:
            versions = store.list_versions(conn)
            kept, _ = store.load_version(conn, first.id)

        assert [(v.id, v.is_current) for v in versions] == [
            (first.id, False),
            (second.id, True),
        ]
        assert len(kept) == 31

    def test_importing_old_content_again_makes_it_current(self, engine: Engine) -> None:
        concepts, relations = _mini()
        first = _import(engine, concepts, relations)
        _import(engine, concepts[1:], relations, label="v2")

        again = _import(engine, concepts, relations, label="v3")

        assert (again.id, again.label, again.is_current) == (first.id, "v1", True)
        assert _current_label(engine) == "v1"

    def test_progress_is_reported_per_chunk(
        self, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(store, "CHUNK_SIZE", 10)
        calls: list[tuple[str, int, int]] = []
        concepts, relations = _mini()

        with engine.begin() as conn:
            store.import_version(
                conn,
                concepts,
                relations,
                label="v1",
                source="t",
                progress=lambda *a: calls.append(a),
            )

        assert calls == [
            ("concepts", 10, 31),
            ("concepts", 20, 31),
            ("concepts", 30, 31),
            ("concepts", 31, 31),
            ("relations", 10, 22),
            ("relations", 20, 22),
            ("relations", 22, 22),
        ]

    def test_repeated_keys_are_refused_before_writing(self, engine: Engine) -> None:
        concepts, relations = _mini()

        twice = next(c for c in concepts if c.id == "rM7G_ge7_XhP")

        with pytest.raises(store.DuplicateRecords, match="rM7G_ge7_XhP"):
            _import(engine, [*concepts, twice], relations)
        assert _row_counts(engine) == [0, 0, 0]

    def test_failure_mid_import_keeps_the_previous_version(
        self, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        concepts, relations = _mini()
        _import(engine, concepts, relations)
        rows = _row_counts(engine)
        monkeypatch.setattr(store, "CHUNK_SIZE", 5)

        def fail_during_relations(stage: str, done: int, total: int) -> None:
            if stage == "relations":
                raise RuntimeError("connection lost")

        with pytest.raises(RuntimeError), engine.begin() as conn:
            store.import_version(
                conn,
                concepts[2:],
                relations,
                label="v2",
                source="t",
                progress=fail_during_relations,
            )

        assert _current_label(engine) == "v1"
        assert _row_counts(engine) == rows

    def test_the_database_allows_one_current_version(self, engine: Engine) -> None:
        concepts, relations = _mini()
        _import(engine, concepts, relations)
        _import(engine, concepts[1:], relations, label="v2")

        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(update(version_table).values(is_current=True))


class TestLookups:
    def test_get_version_by_id_or_label(self, engine: Engine) -> None:
        concepts, relations = _mini()
        first = _import(engine, concepts, relations)
        second = _import(engine, concepts[1:], relations, label="v2")

        with engine.connect() as conn:
            assert store.get_version(conn, first.id) == first.model_copy(
                update={"is_current": False}
            )
            assert store.get_version(conn, "v2") == second
            assert store.get_version(conn, "nope") is None
            assert store.get_version(conn, 999) is None

    def test_missing_versions_raise(self, engine: Engine) -> None:
        with engine.connect() as conn:
            assert store.current_version(conn) is None
            with pytest.raises(store.VersionNotFound):
                store.load_version(conn, 1)
            with pytest.raises(store.VersionNotFound):
                store.require_version(conn, "v1")


class TestFullSnapshot:
    def test_imports_well_under_twenty_seconds(self, engine: Engine) -> None:
        shared = snapshot("shared")

        started = time.perf_counter()
        info = _import(engine, shared.concepts, shared.relations, label=shared.label)
        elapsed = time.perf_counter() - started

        assert (info.concept_count, info.relation_count) == (
            len(shared.concepts),
            len(shared.relations),
        )
        assert _row_counts(engine) == [1, len(shared.concepts), len(shared.relations)]
        assert elapsed < 20
