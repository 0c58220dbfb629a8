"""What an erased participant leaves behind: a tombstone and the statistics' keys.

The tombstone (`erased:` and 32 random hex digits) replaces the ref in the
enrolments, shortlist decisions and shortlist snapshots that counted the person, so
every indicator counts them as before. It is drawn at random, never derived from
the ref, so nothing that knows the ref can find it. The row keeps only what the
indicators split or filter by; docs/privacy.md weighs each column.
"""

import secrets
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow
from service.participants.facts import StatisticsGender

TOMBSTONE_PREFIX = "erased:"


def new_tombstone() -> str:
    return f"{TOMBSTONE_PREFIX}{secrets.token_hex(16)}"


class ErasedParticipant(SQLModel, table=True):
    __tablename__ = "erased_participant"

    tombstone: str = Field(primary_key=True, max_length=64)
    erased_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    registered_at: datetime = Field(
        sa_type=UtcDateTime, description="Lead times run from the registration."
    )
    owning_unit: str = Field(max_length=100)
    home_municipality_id: str = Field(max_length=32)
    statistics_gender: StatisticsGender | None = Field(default=None, sa_type=String(16))
    birth_year: int | None = Field(default=None, description="For age bands only.")
