"""Enrolments: a participant in a cohort or on a placement, moving through stages."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as ValueField
from pydantic_core import PydanticCustomError
from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.stamps import Stamped
from service.participants.models import ParticipantRef


class Stage(StrEnum):
    INTERESTED = "interested"
    INFO_MEETING = "info_meeting"
    ASSESSED = "assessed"
    SELECTED_BY_EMPLOYER = "selected_by_employer"
    IN_TRAINING = "in_training"
    IN_PRAKTIK = "in_praktik"
    COMPLETED = "completed"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    DROPPED_OUT = "dropped_out"


OPEN_STAGES = frozenset(
    {
        Stage.INTERESTED,
        Stage.INFO_MEETING,
        Stage.ASSESSED,
        Stage.SELECTED_BY_EMPLOYER,
        Stage.IN_TRAINING,
        Stage.IN_PRAKTIK,
    }
)
EXIT_STAGES = frozenset({Stage.HIRED, Stage.NOT_HIRED, Stage.DROPPED_OUT})
# The funnel: any number of people may be interested, met or assessed; a seat or a
# place is taken on selection and held until the end (a drop-out gives it back).
FUNNEL_STAGES = frozenset({Stage.INTERESTED, Stage.INFO_MEETING, Stage.ASSESSED})
SEAT_STAGES = frozenset(Stage) - FUNNEL_STAGES - {Stage.DROPPED_OUT}
_FORWARD: dict[Stage, frozenset[Stage]] = {
    Stage.INTERESTED: frozenset({Stage.INFO_MEETING}),
    Stage.INFO_MEETING: frozenset({Stage.ASSESSED}),
    Stage.ASSESSED: frozenset({Stage.SELECTED_BY_EMPLOYER}),
    # Straight to praktik when a track has no training, or out when it has no praktik.
    Stage.SELECTED_BY_EMPLOYER: frozenset({Stage.IN_TRAINING, Stage.IN_PRAKTIK}),
    Stage.IN_TRAINING: frozenset({Stage.IN_PRAKTIK, Stage.COMPLETED}),
    Stage.IN_PRAKTIK: frozenset({Stage.COMPLETED}),
    Stage.COMPLETED: frozenset({Stage.HIRED, Stage.NOT_HIRED}),
}
STAGE_TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    stage: _FORWARD.get(stage, frozenset())
    | (frozenset({Stage.DROPPED_OUT}) if stage in OPEN_STAGES else frozenset())
    for stage in Stage
}


class ExitReason(StrEnum):
    WORK_UNSUBSIDISED = "work_unsubsidised"
    WORK_SUBSIDISED = "work_subsidised"
    STUDIES_CSN = "studies_csn"
    OTHER_SELF_SUPPORT = "other_self_support"
    MOVED = "moved"
    ENDED_OTHER = "ended_other"


class NotHiredReason(StrEnum):
    """Why the employer did not hire: codes only, never free text about the person."""

    NO_VACANCY = "no_vacancy"
    REQUIREMENTS_NOT_MET = "requirements_not_met"
    PARTICIPANT_DECLINED = "participant_declined"
    HIRED_ELSEWHERE = "hired_elsewhere"
    LEFT_EARLY = "left_early"
    OTHER = "other"


class FollowUpStatus(StrEnum):
    WORK_UNSUBSIDISED = "work_unsubsidised"
    WORK_SUBSIDISED = "work_subsidised"
    STUDIES_CSN = "studies_csn"
    OTHER_SELF_SUPPORT = "other_self_support"
    BACK_IN_PROGRAMME = "back_in_programme"
    UNKNOWN = "unknown"


class Outcome(BaseModel):
    """How the enrolment ended, and where the person was 90 days later."""

    model_config = ConfigDict(extra="forbid")

    exit_date: date
    exit_reason: ExitReason
    hired_by_employer: bool
    not_hired_reason: NotHiredReason | None = None
    status_after_90_days: FollowUpStatus | None = None

    @model_validator(mode="after")
    def _reason_when_not_hired(self) -> "Outcome":
        if self.hired_by_employer == (self.not_hired_reason is not None):
            raise PydanticCustomError(
                "not_hired_reason",
                "give not_hired_reason exactly when hired_by_employer is false",
            )
        return self


class Transition(BaseModel):
    """One stage change: when, and which key made it."""

    from_stage: Stage | None
    to_stage: Stage
    at: datetime
    on: date | None = ValueField(
        default=None, description="The day it happened, when told (else the day of at)."
    )
    by_key_id: str
    by_role: str


class EnrolmentBase(SQLModel):
    # No foreign key: after an erasure the enrolment keeps a tombstone
    # (`erased:<random>`) where the ref was, naming no participant row.
    participant_ref: str = Field(max_length=64, index=True)


class Enrolment(EnrolmentBase, Stamped, table=True):
    __tablename__ = "enrolment"
    # One live enrolment per participant and cohort (or placement); after a
    # drop-out the person may enrol again.
    __table_args__ = (
        Index(
            "uq_enrolment_live_cohort",
            "participant_ref",
            "cohort_id",
            unique=True,
            sqlite_where=text("stage != 'dropped_out' AND cohort_id IS NOT NULL"),
            postgresql_where=text("stage != 'dropped_out' AND cohort_id IS NOT NULL"),
        ),
        Index(
            "uq_enrolment_live_placement",
            "participant_ref",
            "placement_id",
            unique=True,
            sqlite_where=text("stage != 'dropped_out' AND placement_id IS NOT NULL"),
            postgresql_where=text(
                "stage != 'dropped_out' AND placement_id IS NOT NULL"
            ),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id", index=True)
    placement_id: int | None = Field(
        default=None, foreign_key="placement.id", index=True
    )
    stage: Stage = Field(default=Stage.INTERESTED, sa_type=String(24), index=True)
    transitions: list[Transition] = Field(
        default_factory=list, sa_type=JsonOf(list[Transition])
    )
    outcome: Outcome | None = Field(default=None, sa_type=JsonOf(Outcome))
    override_reason: str | None = Field(default=None, max_length=500)


class EnrolmentCreate(EnrolmentBase):
    """Enrol a participant; the programme's hard rules must hold unless
    `override_reason` says why a person decided otherwise (kept and audited)."""

    model_config = SQLModelConfig(extra="forbid")

    override_reason: str | None = Field(default=None, min_length=3, max_length=500)

    participant_ref: ParticipantRef


class EnrolmentUpdate(SQLModel):
    """Move the stage; leaving (hired, not_hired, dropped_out) needs an outcome."""

    model_config = SQLModelConfig(extra="forbid")

    stage: Stage | None = None
    outcome: Outcome | None = None
    happened_on: date | None = Field(
        default=None,
        description="The day the stage changed, when not today (never in the "
        "future; completed and hired not before the start).",
    )
    override_reason: str | None = Field(
        default=None,
        min_length=3,
        max_length=500,
        description="Why a selection goes ahead though rules fail (audited).",
    )


class EnrolmentPublic(EnrolmentBase, Stamped):
    id: int
    cohort_id: int | None
    placement_id: int | None
    stage: Stage
    transitions: list[Transition]
    outcome: Outcome | None
    override_reason: str | None
