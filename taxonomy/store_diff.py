"""What changed between two stored versions: new, deprecated and relabelled concepts.

Computed in Python from the two versions' concept rows (about 18,000 each), which is
simpler to keep portable than the equivalent outer joins and fast enough for an
administrative call.
"""

from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, select

from taxonomy.store import VersionInfo, concept_table, require_version


class Successor(BaseModel):
    """A concept that replaces a deprecated one, labelled as in the newer version."""

    model_config = ConfigDict(frozen=True)

    id: str
    preferred_label: str | None


class CreatedConcept(BaseModel):
    """A concept present in the newer version only."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    preferred_label: str


class DeprecatedConcept(BaseModel):
    """An active concept that the newer version deprecates or no longer contains."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    preferred_label: str
    removed: bool
    successors: tuple[Successor, ...] = ()


class RelabelledConcept(BaseModel):
    """A concept whose preferred label changed."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    old_label: str
    new_label: str


class VersionDiff(BaseModel):
    """Changes from one stored version to another, each list ordered by concept id."""

    model_config = ConfigDict(frozen=True)

    from_version: VersionInfo
    to_version: VersionInfo
    created: tuple[CreatedConcept, ...]
    deprecated: tuple[DeprecatedConcept, ...]
    relabelled: tuple[RelabelledConcept, ...]


class _Row(NamedTuple):
    id: str
    type: str
    preferred_label: str
    deprecated: bool
    replaced_by: Sequence[str]


def diff_versions(conn: Connection, from_id: int, to_id: int) -> VersionDiff:
    """Compare two stored versions; raise `VersionNotFound` if either is missing."""
    before_info = require_version(conn, from_id)
    after_info = require_version(conn, to_id)
    before, after = _rows(conn, from_id), _rows(conn, to_id)
    created = [
        CreatedConcept(id=row.id, type=row.type, preferred_label=row.preferred_label)
        for concept_id, row in after.items()
        if concept_id not in before
    ]
    relabelled = [
        RelabelledConcept(
            id=old.id,
            type=new.type,
            old_label=old.preferred_label,
            new_label=new.preferred_label,
        )
        for old in before.values()
        if (new := after.get(old.id)) and new.preferred_label != old.preferred_label
    ]
    deprecated = [
        _deprecation(old, after)
        for old in before.values()
        if not old.deprecated and (old.id not in after or after[old.id].deprecated)
    ]
    return VersionDiff(
        from_version=before_info,
        to_version=after_info,
        created=tuple(created),
        deprecated=tuple(deprecated),
        relabelled=tuple(relabelled),
    )


def _deprecation(old: _Row, after: dict[str, _Row]) -> DeprecatedConcept:
    new = after.get(old.id)
    successors = [] if new is None else new.replaced_by
    return DeprecatedConcept(
        id=old.id,
        type=old.type,
        preferred_label=old.preferred_label,
        removed=new is None,
        successors=tuple(
            Successor(id=successor, preferred_label=_label(after, successor))
            for successor in successors
        ),
    )


def _label(rows: dict[str, _Row], concept_id: str) -> str | None:
    row = rows.get(concept_id)
    return None if row is None else row.preferred_label


def _rows(conn: Connection, version_id: int) -> dict[str, _Row]:
    c = concept_table.c
    result = conn.execute(
        select(
            c.concept_id, c.type, c.preferred_label, c.deprecated, c.replaced_by
        ).where(c.version_id == version_id)
    )
    # Sorted here rather than in SQL, so the order does not depend on the collation.
    return {row[0]: _Row(*row) for row in sorted(result, key=lambda row: row[0])}
