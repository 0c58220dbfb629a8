"""The append-only audit trail: who did what to which object, why, when.

Every resource writes here (through `service.kit.changes`); the `audit` resource only
reads it back. There is deliberately no update or delete, and the database refuses
them (triggers, including REPLACE on SQLite and TRUNCATE on PostgreSQL).

The trail is a hash chain, so a row changed, removed or forged behind the service's
back shows: each entry stores the hash of the entry before it (`prev_hash`) and its
own `hash`, SHA-256 over `prev_hash` and its content. `jobbmatch audit verify` walks
the chain. Entries are chained in id order, so appending must be serial. To keep
that serial part short, a transaction's entries wait in the session until it
commits: only then are they chained and inserted, under a transaction-scoped
advisory lock on PostgreSQL (SQLite's writers are serial already, and an audited
read takes the write turn only then) that the commit releases. The lock is held
for the insert and the commit, not for the request.
"""

import hashlib
import json
from collections.abc import Mapping
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


def entry_hash(prev_hash: str, values: Mapping[Any, Any]) -> str:
    """The hash of one entry: its predecessor's hash and its own content."""
    content = [prev_hash, *(_plain(values[name]) for name in HASHED_FIELDS)]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


_PENDING = "audit_pending"


def _chain_head(session: Session) -> str:
    # An audited read reads first and takes the write turn only now (SQLite).
    begin_writing(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK})"))
    last = session.exec(
        select(AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)
    ).first()
    return last or GENESIS


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    """Chain and insert the transaction's entries as its last writes."""
    pending: list[AuditEntry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    head = _chain_head(session)
    for entry in pending:
        entry.prev_hash = head
        entry.hash = head = entry_hash(head, entry.model_dump())
    session.add_all(pending)


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
) -> AuditEntry:
    """Add an entry to the session's transaction; it is chained and written when
    the transaction commits, and becomes durable with the write."""
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
    entry = AuditEntry(**values, prev_hash="", hash="")
    session.info.setdefault(_PENDING, []).append(entry)
    return entry
