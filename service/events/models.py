"""The outbox: one row per create, update and delete of a domain record.

Rows are written by the session listener in `service.events.outbox`, in the
transaction of the change itself, and get their place in commit order (`seq`) as
that transaction commits. A participant's or an enrolment's row names the
participant by ref and holds no other personal data; `owning_unit` is kept so a
caller scoped to some units sees only their participants' events, and is not shown.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, BigInteger, Column, Index, String
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow


class EventType(StrEnum):
    """The kinds of record whose changes are published."""

    ORGANISATION = "organisation"
    NEED = "need"
    TRACK = "track"
    COHORT = "cohort"
    PLACEMENT = "placement"
    PARTICIPANT = "participant"
    ENROLMENT = "enrolment"


# Participant data: reading these events is an access to the participants named.
PARTICIPANT_TYPES = frozenset({EventType.PARTICIPANT, EventType.ENROLMENT})


class EventAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class ChangeEvent(SQLModel, table=True):
    __tablename__ = "change_event"
    __table_args__ = (
        Index("ix_change_event_seq_id", "seq", "id"),
        # Never reuse an id, even after the newest rows are pruned.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # The commit's place in commit order; null until the transaction commits.
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    type: EventType = Field(sa_type=String(16))
    object_id: str = Field(max_length=64)
    action: EventAction = Field(sa_type=String(16))
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor_role: str = Field(max_length=32)
    participant_ref: str | None = Field(default=None, max_length=64)
    owning_unit: str | None = Field(default=None, max_length=100)


class ChangeEventPublic(BaseModel):
    """One change: what kind of record, which, what happened, which fields."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    type: EventType
    object_id: str
    action: EventAction
    fields: list[str]
    at: datetime
    actor_role: str
    participant_ref: str | None = None


class EventPage(BaseModel):
    """Events in commit order; pass `next` as `after` for the page that follows
    (an empty page gives back the same cursor, to poll with)."""

    items: list[ChangeEventPublic]
    next: str
    limit: int
