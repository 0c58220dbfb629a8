"""Which participants changed since a process last looked: the candidate index's feed.

Database triggers (migration 7c4e2a91d5b3) append a `participant_change` row for
every insert, update and delete of a participant, an enrolment or a shortlist
decision, and for every participant enrolled in a cohort or on a placement whose
dates change. Triggers, not application code, so no write path (a batch import, an
erasure, a SQL console) can forget it.

Each process keeps a watermark and asks, once per request, what is new:

* SQLite serialises writers (`BEGIN IMMEDIATE`), so rows commit in id order and the
  watermark is simply the last id seen.
* PostgreSQL commits concurrently, so ids can become visible out of order. Rows
  carry their transaction id instead, and the watermark is the oldest transaction
  still running when we last looked (`pg_snapshot_xmin`): every transaction below
  it has ended, so its rows were visible to that read. Rows at or above it may be
  read again; `applied` remembers their ids so each is applied once.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import BigInteger, Column, Connection, text
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow


class ParticipantChange(SQLModel, table=True):
    __tablename__ = "participant_change"

    id: int | None = Field(default=None, primary_key=True)
    participant_ref: str = Field(max_length=64)
    xid: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


@dataclass
class Watermark:
    """Where a process is in the feed."""

    position: int
    applied: set[int] = field(default_factory=set)


def _postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def start(connection: Connection) -> Watermark:
    """The position to read from after a full load that starts now."""
    if _postgres(connection):
        xmin = connection.execute(
            text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        ).scalar_one()
        return Watermark(int(xmin))
    last = connection.execute(
        text("SELECT coalesce(max(id), 0) FROM participant_change")
    ).scalar_one()
    return Watermark(int(last))


def read(connection: Connection, mark: Watermark) -> tuple[Watermark, set[str]]:
    """The refs that changed since `mark`, and the mark to read from next."""
    if not _postgres(connection):
        rows = connection.execute(
            text(
                "SELECT id, participant_ref FROM participant_change "
                "WHERE id > :position ORDER BY id"
            ),
            {"position": mark.position},
        ).all()
        last = rows[-1].id if rows else mark.position
        return Watermark(int(last)), {row.participant_ref for row in rows}
    # One statement, so the horizon and the rows come from the same snapshot.
    rows = connection.execute(
        text(
            "WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())"
            "::text::bigint AS xmin) "
            "SELECT horizon.xmin, c.id, c.xid, c.participant_ref FROM horizon "
            "LEFT JOIN participant_change c ON c.xid >= :position"
        ),
        {"position": mark.position},
    ).all()
    horizon = int(rows[0].xmin)
    fresh = [row for row in rows if row.id is not None and row.id not in mark.applied]
    still_open = {row.id for row in rows if row.id is not None and row.xid >= horizon}
    return Watermark(horizon, still_open), {row.participant_ref for row in fresh}
