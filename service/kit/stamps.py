"""Who made a record and when it last changed: on every domain table."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow


class Stamped(SQLModel):
    """created_at, updated_at and created_by, shared by tables and public shapes."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str | None = Field(default=None, max_length=32)
