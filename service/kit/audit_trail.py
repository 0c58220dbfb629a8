"""The append-only audit trail: who did what to which object, why, when.

Every resource writes here (through `service.kit.changes`); the `audit` resource only
reads it back. There is deliberately no update or delete.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, Session, SQLModel

from service.db import UtcDateTime, utcnow
from service.kit.caller import Caller
from service.kit.logs import current_request_id


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"


class AuditEntryBase(SQLModel):
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    key_id: str | None = Field(default=None, max_length=32, index=True)
    role: str | None = Field(default=None, max_length=32)
    action: str = Field(max_length=64, index=True)
    object_type: str | None = Field(default=None, max_length=64)
    object_id: str | None = Field(default=None, max_length=128, index=True)
    purpose: str | None = Field(default=None, max_length=200)
    request_id: str | None = Field(default=None, max_length=128)
    outcome: AuditOutcome = Field(sa_type=String(16))


class AuditEntry(AuditEntryBase, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)


def record(
    session: Session,
    caller: Caller | None,
    *,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
) -> AuditEntry:
    """Add an entry to the session's transaction; it becomes durable with the write."""
    entry = AuditEntry(
        action=action,
        outcome=outcome,
        key_id=caller.key_id if caller else None,
        role=caller.role if caller else None,
        object_type=object_type,
        object_id=object_id,
        purpose=caller.purpose if caller else None,
        request_id=current_request_id(),
    )
    session.add(entry)
    return entry
