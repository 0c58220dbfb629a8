"""Cohorts: the starts of a track, each with a fixed number of seats."""

from datetime import date
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.stamps import Stamped


class CohortStatus(StrEnum):
    PLANNED = "planned"
    RECRUITING = "recruiting"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


COHORT_TRANSITIONS: dict[CohortStatus, frozenset[CohortStatus]] = {
    CohortStatus.PLANNED: frozenset({CohortStatus.RECRUITING, CohortStatus.CANCELLED}),
    CohortStatus.RECRUITING: frozenset({CohortStatus.RUNNING, CohortStatus.CANCELLED}),
    CohortStatus.RUNNING: frozenset({CohortStatus.COMPLETED, CohortStatus.CANCELLED}),
    CohortStatus.COMPLETED: frozenset(),
    CohortStatus.CANCELLED: frozenset(),
}
ENROLLING = frozenset(
    {CohortStatus.PLANNED, CohortStatus.RECRUITING, CohortStatus.RUNNING}
)


class CohortBase(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    seats: int = Field(ge=1, le=500)
    start_date: date
    end_date: date
    selection_deadline: date | None = None


class Cohort(CohortBase, Stamped, table=True):
    __tablename__ = "cohort"

    id: int | None = Field(default=None, primary_key=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    status: CohortStatus = Field(
        default=CohortStatus.PLANNED, sa_type=String(16), index=True
    )
    seats_taken: int = Field(
        default=0, ge=0, description="Enrolments holding a seat (all but drop-outs)."
    )


class CohortCreate(CohortBase):
    model_config = SQLModelConfig(extra="forbid")


class CohortUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    seats: int | None = Field(default=None, ge=1, le=500)
    start_date: date | None = None
    end_date: date | None = None
    selection_deadline: date | None = None
    status: CohortStatus | None = None


class CohortPublic(CohortBase, Stamped):
    id: int
    track_id: int
    status: CohortStatus
    seats_taken: int
