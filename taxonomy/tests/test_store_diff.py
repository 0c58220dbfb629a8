from typing import Any

import pytest
from sqlalchemy import Engine

from taxonomy import store
from taxonomy.models import Concept, Relation
from taxonomy.store_diff import (
    CreatedConcept,
    DeprecatedConcept,
    RelabelledConcept,
    Successor,
    diff_versions,
)
from taxonomy.tests.snapshot_support import snapshot

BARNSKOTARE = "rM7G_ge7_XhP"
DAGBARNVARDARE = "ujBX_nic_wuH"
FORSKOLEASSISTENT = "6hqG_QEH_YwN"
DEPRECATED_BEFORE = "w2ze_Lcg_1S4"
DROPPED_SKILL = "sKux_n1g_FWp"
NEW_SKILL = Concept(id="Xnew_Skl_001", type="skill", preferred_label="Ny kompetens")


def _next_version(concepts: list[Concept]) -> list[Concept]:
    """Relabel one name, deprecate one with a successor, drop a skill, add one."""
    changed: dict[str, dict[str, Any]] = {
        BARNSKOTARE: {"preferred_label": "Barnskötare, förskola"},
        DAGBARNVARDARE: {"deprecated": True, "replaced_by": (FORSKOLEASSISTENT,)},
    }
    kept = [
        c.model_copy(update=changed.get(c.id, {}))
        for c in concepts
        if c.id != DROPPED_SKILL
    ]
    return [*kept, NEW_SKILL]


def _store_two_versions(engine: Engine) -> tuple[int, int]:
    mini = snapshot("mini")
    relations: list[Relation] = [
        r for r in mini.relations if DROPPED_SKILL not in (r.source_id, r.target_id)
    ]
    with engine.begin() as conn:
        first = store.import_version(
            conn, mini.concepts, mini.relations, label="v1", source="t"
        )
        second = store.import_version(
            conn, _next_version(mini.concepts), relations, label="v2", source="t"
        )
    return first.id, second.id


def test_diff_lists_created_deprecated_and_relabelled(engine: Engine) -> None:
    first, second = _store_two_versions(engine)

    with engine.connect() as conn:
        diff = diff_versions(conn, first, second)

    assert (diff.from_version.label, diff.to_version.label) == ("v1", "v2")
    assert diff.created == (
        CreatedConcept(id="Xnew_Skl_001", type="skill", preferred_label="Ny kompetens"),
    )
    assert diff.deprecated == (
        DeprecatedConcept(
            id=DROPPED_SKILL,
            type="skill",
            preferred_label="Barn på sjukhus, barnskötarerfarenhet",
            removed=True,
        ),
        DeprecatedConcept(
            id=DAGBARNVARDARE,
            type="occupation-name",
            preferred_label="Dagbarnvårdare",
            removed=False,
            successors=(
                Successor(id=FORSKOLEASSISTENT, preferred_label="Förskoleassistent"),
            ),
        ),
    )
    assert diff.relabelled == (
        RelabelledConcept(
            id=BARNSKOTARE,
            type="occupation-name",
            old_label="Barnskötare",
            new_label="Barnskötare, förskola",
        ),
    )


def test_diff_backwards_swaps_created_and_removed(engine: Engine) -> None:
    first, second = _store_two_versions(engine)

    with engine.connect() as conn:
        diff = diff_versions(conn, second, first)

    assert [c.id for c in diff.created] == [DROPPED_SKILL]
    assert [(d.id, d.removed) for d in diff.deprecated] == [("Xnew_Skl_001", True)]
    assert DEPRECATED_BEFORE not in {d.id for d in diff.deprecated}
    assert [r.new_label for r in diff.relabelled] == ["Barnskötare"]


def test_diff_of_a_version_with_itself_is_empty(engine: Engine) -> None:
    first, _ = _store_two_versions(engine)

    with engine.connect() as conn:
        diff = diff_versions(conn, first, first)

    assert (diff.created, diff.deprecated, diff.relabelled) == ((), (), ())


def test_diff_with_an_unknown_version_raises(engine: Engine) -> None:
    first, _ = _store_two_versions(engine)

    with engine.connect() as conn, pytest.raises(store.VersionNotFound):
        diff_versions(conn, first, 999)
