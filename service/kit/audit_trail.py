"""The append-only audit trail: who did what to which object, why, when.

Every resource writes here (through `service.kit.changes`); the `audit` resource only
reads it back. There is deliberately no update or delete, and the database refuses
them (triggers, including REPLACE on SQLite and TRUNCATE on PostgreSQL).

The trail is a hash chain, so a row changed, removed or forged behind the service's
back shows: each entry stores the hash of the entry before it (`prev_hash`) and its
own `hash`, SHA-256 over `prev_hash` and its content. `jobbmatch audit verify` walks
the chain. Entries are chained in id order, so appending must be serial. To keep
that serial part short, a transaction's entries wait in the session until it
commits: only then, after the transaction's other writes, are they chained and
inserted, under a transaction-scoped advisory lock on PostgreSQL (SQLite's writers
are serial already, and an audited read takes the write turn only then) that the
commit releases. The lock is held for the insert and the commit, not for the
request. On PostgreSQL one statement reads the chain's head, hashes the entries
onto it and inserts them, so the lock is held over three round trips (the lock,
that statement, the commit) rather than a query and an ORM flush besides: under
load each round trip also waits for this process's GIL, held by other requests.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import String, event, text
from sqlmodel import Field, Session, SQLModel, col, select

from service.db import UtcDateTime, begin_writing, utcnow
from service.kit.caller import Caller
from service.kit.logs import current_request_id


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"


class AuditEntryBase(SQLModel):
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    key_id: str | None = Field(default=None, max_length=32, index=True)
    role: str | None = Field(default=None, max_length=32)
    units: str | None = Field(
        default=None,
        max_length=500,
        description="The owning units the caller's key serves (`*`: every unit).",
    )
    action: str = Field(max_length=64, index=True)
    object_type: str | None = Field(default=None, max_length=64)
    object_id: str | None = Field(default=None, max_length=128, index=True)
    purpose: str | None = Field(default=None, max_length=200)
    request_id: str | None = Field(default=None, max_length=128)
    outcome: AuditOutcome = Field(sa_type=String(16))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditEntry(AuditEntryBase, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)


GENESIS = "0" * 64
HASHED_FIELDS = (
    "at",
    "key_id",
    "role",
    "units",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "request_id",
    "outcome",
)
# Any constant shared by every process: it names the lock that serialises appends.
CHAIN_LOCK = 7_340_001
DENIAL_WINDOW = timedelta(minutes=1)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _content(values: Mapping[Any, Any]) -> str:
    """An entry's content as hashed: its JSON array, without the leading `[`."""
    content = [_plain(values[name]) for name in HASHED_FIELDS]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))[1:]


def entry_hash(prev_hash: str, values: Mapping[Any, Any]) -> str:
    """The hash of one entry: its predecessor's hash and its own content, as the
    JSON array `[prev_hash, *content]` (`_APPEND` builds the same text)."""
    return _chained(prev_hash, _content(values))


def _chained(prev_hash: str, content: str) -> str:
    encoded = f"[{json.dumps(prev_hash, ensure_ascii=False)},{content}"
    return hashlib.sha256(encoded.encode()).hexdigest()


_PENDING = "audit_pending"


@dataclass(frozen=True, slots=True)
class _Pending:
    """An entry waiting for its transaction's commit: its row and hashed content."""

    row: dict[str, Any]
    content: str


_STORED = tuple(name for name in HASHED_FIELDS if name != "at")
# Chains the given entries onto the last one and inserts them, in their order. Run
# after taking CHAIN_LOCK, in a statement of its own: a statement reads what was
# committed when it began, so the head it reads is the last one appended. A hash
# is hex, so quoting it is its JSON.
_APPEND = text(
    f"""
WITH RECURSIVE
given AS (
    SELECT * FROM unnest(
        CAST(:at AS timestamptz[]),
        {", ".join(f"CAST(:{name} AS text[])" for name in _STORED)},
        CAST(:content AS text[])
    ) WITH ORDINALITY AS g(at, {", ".join(_STORED)}, content, n)
),
chained(n, prev_hash, hash) AS (
    SELECT CAST(0 AS bigint), CAST(NULL AS text), coalesce(
        (SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), :genesis
    )
    UNION ALL
    SELECT g.n, c.hash, encode(
        sha256(convert_to('["' || c.hash || '",' || g.content, 'UTF8')), 'hex'
    )
    FROM chained AS c JOIN given AS g ON g.n = c.n + 1
)
INSERT INTO audit_entry (at, {", ".join(_STORED)}, prev_hash, hash)
SELECT g.at, {", ".join(f"g.{name}" for name in _STORED)}, c.prev_hash, c.hash
FROM given AS g JOIN chained AS c USING (n)
ORDER BY g.n
"""
)


def _append_in_database(session: Session, pending: list[_Pending]) -> None:
    rows = [entry.row for entry in pending]
    values: dict[str, Any] = {
        name: [_plain(row[name]) for row in rows] for name in _STORED
    }
    values["at"] = [row["at"] for row in rows]
    values["content"] = [entry.content for entry in pending]
    session.execute(text(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK})"))
    session.execute(_APPEND, {**values, "genesis": GENESIS})


def _append_here(session: Session, pending: list[_Pending]) -> None:
    # An audited read reads first and takes the write turn only now (SQLite).
    begin_writing(session)
    last = session.exec(
        select(AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)
    ).first()
    head = last or GENESIS
    rows = []
    for entry in pending:
        chained = _chained(head, entry.content)
        rows.append({**entry.row, "prev_hash": head, "hash": chained})
        head = chained
    # One multi-row insert of the table, neither an ORM flush nor the ORM's bulk
    # insert, which costs as much again: the turn every writer waits for.
    session.execute(AuditEntry.__table__.insert(), rows)  # type: ignore[attr-defined]


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    """Chain and insert the transaction's entries as its last writes."""
    pending: list[_Pending] = session.info.pop(_PENDING, [])
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        # The transaction's other writes first: the serial part is the entries.
        session.flush()
        _append_in_database(session, pending)
    else:
        _append_here(session, pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    # Entries of a rolled-back transaction describe nothing that happened.
    session.info.pop(_PENDING, None)


def denied_lately(
    session: Session, action: str, object_id: str, key_id: str | None
) -> bool:
    """Whether the same denial was recorded in the last minute: failed
    authentication is audited once a minute per route and key, not once a request."""
    since = utcnow() - DENIAL_WINDOW
    found = session.exec(
        select(AuditEntry.id)
        .where(
            col(AuditEntry.action) == action,
            col(AuditEntry.object_id) == object_id,
            col(AuditEntry.key_id) == key_id,
            col(AuditEntry.at) >= since,
        )
        .limit(1)
    ).first()
    return found is not None


def record(
    session: Session,
    caller: Caller | None,
    *,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
) -> None:
    """Add an entry to the session's transaction; it is chained and written when
    the transaction commits, and becomes durable with the write. Its content is
    serialised now, so the commit, which appends in turn, only hashes it."""
    values: dict[str, Any] = {
        "at": utcnow(),
        "action": action,
        "outcome": outcome,
        "key_id": caller.key_id if caller else None,
        "role": caller.role.value if caller else None,
        "units": caller.units_label[:500] if caller else None,
        "object_type": object_type,
        "object_id": object_id,
        "purpose": caller.purpose if caller else None,
        "request_id": current_request_id(),
    }
    pending = _Pending(values, _content(values))
    session.info.setdefault(_PENDING, []).append(pending)
