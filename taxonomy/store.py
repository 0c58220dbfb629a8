"""The versioned taxonomy store: SQLAlchemy Core tables and the functions that use them.

Each import is a full version (every concept and edge), identified by a hash of its
content, so importing the same data twice is a no-op and older versions stay
readable for diffs and for records that still point at them. Exactly one version is
current; a partial unique index enforces it. The tables live on this module's own
`metadata`, which the service's Alembic environment includes, so the service creates
them by migration. Every function takes a `Connection` whose transaction the caller
owns: nothing here commits, so a failed import leaves the previous state untouched.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from taxonomy.errors import TaxonomyError
from taxonomy.models import Concept, Relation

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)
# Large enough to amortise round trips, small enough for PostgreSQL's 65,535
# bind-parameter limit when the driver folds a chunk into one multi-row INSERT.
CHUNK_SIZE = 5_000

version_table = Table(
    "taxonomy_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String(100), nullable=False),
    Column("number", Integer, nullable=True),
    Column("source", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("concept_count", Integer, nullable=False),
    Column("relation_count", Integer, nullable=False),
)
Index(
    "ix_taxonomy_version_is_current",
    version_table.c.is_current,
    unique=True,
    sqlite_where=version_table.c.is_current,
    postgresql_where=version_table.c.is_current,
)
concept_table = Table(
    "taxonomy_concept",
    metadata,
    Column(
        "version_id",
        ForeignKey("taxonomy_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("concept_id", String(64), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("preferred_label", Text, nullable=False),
    Column("alternative_labels", JSON, nullable=False),
    Column("former_labels", JSON, nullable=False),
    Column("definition", Text, nullable=True),
    Column("codes", JSON, nullable=False),
    Column("deprecated", Boolean, nullable=False),
    Column("replaced_by", JSON, nullable=False),
    Index("ix_taxonomy_concept_version_id_type", "version_id", "type"),
)
relation_table = Table(
    "taxonomy_relation",
    metadata,
    Column(
        "version_id",
        ForeignKey("taxonomy_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("source_id", String(64), primary_key=True),
    Column("relation", String(64), primary_key=True),
    Column("target_id", String(64), primary_key=True),
    Column("percentage", Integer, nullable=True),
)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` after each chunk is written."""


class VersionNotFound(TaxonomyError):
    """No stored taxonomy version has that id or label."""


class DuplicateRecords(TaxonomyError):
    """The data to import repeats a concept id or an edge key; nothing was written."""


class VersionInfo(BaseModel):
    """One stored taxonomy version, without its concepts."""

    model_config = ConfigDict(frozen=True)

    id: int
    label: str
    number: int | None
    source: str
    content_hash: str
    imported_at: datetime
    is_current: bool
    concept_count: int
    relation_count: int


def content_hash(concepts: Iterable[Concept], relations: Iterable[Relation]) -> str:
    """Hash the content independently of input order and of dict key order."""
    digest = hashlib.sha256()
    for concept in sorted(concepts, key=lambda c: c.id):
        canonical = json.dumps(concept.model_dump(mode="json"), sort_keys=True)
        digest.update(canonical.encode() + b"\n")
    for r in sorted(relations, key=_relation_key):
        pct = r.substitutability_percentage
        digest.update(f"{r.source_id}\t{r.relation}\t{r.target_id}\t{pct}\n".encode())
    return digest.hexdigest()


def import_version(
    conn: Connection,
    concepts: Sequence[Concept],
    relations: Sequence[Relation],
    *,
    label: str,
    number: int | None = None,
    source: str,
    progress: Progress | None = None,
) -> VersionInfo:
    """Store a full version and make it current; the same content is stored once.

    Raises `DuplicateRecords` before writing if a concept id or an edge
    (source, relation, target) occurs twice, since the keys could not hold both.
    """
    _require_unique(concepts, relations)
    digest = content_hash(concepts, relations)
    found = conn.execute(
        select(version_table.c.id).where(version_table.c.content_hash == digest)
    ).scalar_one_or_none()
    if found is not None:
        return _make_current(conn, found)
    version_id: int = conn.execute(
        insert(version_table)
        .values(
            label=label,
            number=number,
            source=source,
            content_hash=digest,
            imported_at=datetime.now(UTC),
            is_current=False,
            concept_count=len(concepts),
            relation_count=len(relations),
        )
        .returning(version_table.c.id)
    ).scalar_one()
    concept_rows = [_concept_row(version_id, concept) for concept in concepts]
    _insert_chunks(conn, concept_table, concept_rows, "concepts", progress)
    relation_rows = [_relation_row(version_id, relation) for relation in relations]
    _insert_chunks(conn, relation_table, relation_rows, "relations", progress)
    return _make_current(conn, version_id)


def current_version(conn: Connection) -> VersionInfo | None:
    """Return the current version, or None before the first import."""
    row = conn.execute(
        select(version_table).where(version_table.c.is_current.is_(True))
    ).first()
    return None if row is None else _version_info(row._mapping)


def list_versions(conn: Connection) -> list[VersionInfo]:
    """Return every stored version, oldest import first."""
    rows = conn.execute(select(version_table).order_by(version_table.c.id))
    return [_version_info(row._mapping) for row in rows]


def get_version(conn: Connection, id_or_label: int | str) -> VersionInfo | None:
    """Return a version by id, or by label (the newest import with that label)."""
    query = select(version_table)
    if isinstance(id_or_label, int):
        query = query.where(version_table.c.id == id_or_label)
    else:
        query = query.where(version_table.c.label == id_or_label)
    row = conn.execute(query.order_by(version_table.c.id.desc()).limit(1)).first()
    return None if row is None else _version_info(row._mapping)


def require_version(conn: Connection, id_or_label: int | str) -> VersionInfo:
    """Like `get_version`, but raise `VersionNotFound` instead of returning None."""
    info = get_version(conn, id_or_label)
    if info is None:
        raise VersionNotFound(f"no taxonomy version {id_or_label!r}")
    return info


def load_version(
    conn: Connection, version_id: int
) -> tuple[list[Concept], list[Relation]]:
    """Return a stored version's concepts (by id) and relations (by key).

    Sorted in Python, so the order does not depend on the database's collation.
    """
    require_version(conn, version_id)
    concept_rows = conn.execute(
        select(concept_table).where(concept_table.c.version_id == version_id)
    )
    relation_rows = conn.execute(
        select(relation_table).where(relation_table.c.version_id == version_id)
    )
    concepts = [_concept_from_row(row._mapping) for row in concept_rows]
    relations = [
        Relation(
            source_id=row.source_id,
            relation=row.relation,
            target_id=row.target_id,
            substitutability_percentage=row.percentage,
        )
        for row in relation_rows
    ]
    concepts.sort(key=lambda concept: concept.id)
    relations.sort(key=_relation_key)
    return concepts, relations


def _make_current(conn: Connection, version_id: int) -> VersionInfo:
    # Two statements, because a single `SET is_current = (id = :id)` can trip the
    # partial unique index on PostgreSQL, which checks it row by row.
    conn.execute(
        update(version_table)
        .where(version_table.c.is_current.is_(True))
        .values(is_current=False)
    )
    conn.execute(
        update(version_table)
        .where(version_table.c.id == version_id)
        .values(is_current=True)
    )
    return require_version(conn, version_id)


def _require_unique(concepts: Sequence[Concept], relations: Sequence[Relation]) -> None:
    ids = Counter(concept.id for concept in concepts)
    keys = Counter(_relation_key(relation) for relation in relations)
    repeated = [i for i, n in ids.items() if n > 1]
    repeated += [" ".join(k) for k, n in keys.items() if n > 1]
    if repeated:
        shown = ", ".join(repeated[:5])
        raise DuplicateRecords(f"{len(repeated)} repeated keys, e.g. {shown}")


def _insert_chunks(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    stage: str,
    progress: Progress | None,
) -> None:
    for start in range(0, len(rows), CHUNK_SIZE):
        chunk = rows[start : start + CHUNK_SIZE]
        conn.execute(insert(table), chunk)
        if progress is not None:
            progress(stage, start + len(chunk), len(rows))


def _concept_row(version_id: int, concept: Concept) -> dict[str, Any]:
    row = concept.model_dump(mode="json")
    row["concept_id"] = row.pop("id")
    return {"version_id": version_id, **row}


def _relation_row(version_id: int, relation: Relation) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "source_id": relation.source_id,
        "relation": relation.relation,
        "target_id": relation.target_id,
        "percentage": relation.substitutability_percentage,
    }


def _concept_from_row(row: Any) -> Concept:
    return Concept.model_validate({**row, "id": row["concept_id"]})


def _version_info(row: Any) -> VersionInfo:
    info = VersionInfo.model_validate(dict(row))
    # SQLite keeps no offset, and every stored timestamp was written in UTC.
    stamp = info.imported_at
    utc = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    return info.model_copy(update={"imported_at": utc})


def _relation_key(relation: Relation) -> tuple[str, str, str]:
    return (relation.source_id, relation.relation, relation.target_id)
