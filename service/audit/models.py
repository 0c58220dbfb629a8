"""The append-only audit trail: who did what to which object, why, when."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow


class Outcome(StrEnum):
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
    outcome: Outcome = Field(sa_type=String(16))


class AuditEntry(AuditEntryBase, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)


class AuditEntryPublic(AuditEntryBase):
    id: int
