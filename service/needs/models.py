"""Competence needs (kompetensförsörjningsbehov): what an employer wants to fill."""

from datetime import date
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.stamps import Stamped
from service.requirements.models import (
    Programme,
    RequirementProfile,
    RequirementProfileIn,
    Schedule,
    WorktimeExtent,
)
from service.requirements.terms import Term, TermIn


class NeedStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


NEED_TRANSITIONS: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.DRAFT: frozenset({NeedStatus.OPEN}),
    NeedStatus.OPEN: frozenset({NeedStatus.FILLED, NeedStatus.CLOSED}),
    NeedStatus.FILLED: frozenset(),
    NeedStatus.CLOSED: frozenset(),
}


class EmploymentType(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    SUBSTITUTE = "substitute"
    SEASONAL = "seasonal"
    ON_CALL = "on_call"


class NeedBase(SQLModel):
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    workplace_id: int | None = Field(
        default=None, foreign_key="workplace.id", index=True
    )
    external_ref: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        unique=True,
        description="The sending system's id; batch imports upsert by it.",
    )
    description: str | None = Field(default=None, min_length=1, max_length=4000)
    positions: int = Field(ge=1, le=1000)
    earliest_start: date | None = None
    latest_start: date | None = None
    employment_type: EmploymentType | None = Field(default=None, sa_type=String(16))
    worktime_extent: WorktimeExtent | None = Field(default=None, sa_type=String(16))
    scope_percent: int | None = Field(default=None, ge=1, le=100)
    schedules: list[Schedule] = Field(
        default_factory=list, sa_type=JsonOf(list[Schedule]), max_length=5
    )
    programmes: list[Programme] = Field(
        default_factory=lambda: [Programme.ORDINARY],
        sa_type=JsonOf(list[Programme]),
        min_length=1,
        max_length=4,
        description="The programmes through which the need can be filled.",
    )


class Need(NeedBase, Stamped, table=True):
    __tablename__ = "need"

    id: int | None = Field(default=None, primary_key=True)
    status: NeedStatus = Field(default=NeedStatus.DRAFT, sa_type=String(16), index=True)
    occupation: Term | None = Field(default=None, sa_type=JsonOf(Term))
    occupation_id: str | None = Field(default=None, max_length=32, index=True)
    requirements: RequirementProfile = Field(
        default_factory=RequirementProfile, sa_type=JsonOf(RequirementProfile)
    )


class NeedCreate(NeedBase):
    """A need; give `occupation` as a concept id or text, or describe it in
    `description` ("Vi söker undersköterskor till hemtjänsten, körkort B, SFI D")."""

    model_config = SQLModelConfig(extra="forbid")

    occupation: TermIn | None = None
    requirements: RequirementProfileIn = Field(default_factory=RequirementProfileIn)
    status: NeedStatus = Field(
        default=NeedStatus.DRAFT,
        description="A new need is a draft or open; a batch row may move it on.",
    )


class NeedUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    workplace_id: int | None = None
    external_ref: str | None = Field(default=None, min_length=1, max_length=64)
    description: str | None = Field(default=None, min_length=1, max_length=4000)
    positions: int | None = Field(default=None, ge=1, le=1000)
    earliest_start: date | None = None
    latest_start: date | None = None
    employment_type: EmploymentType | None = None
    worktime_extent: WorktimeExtent | None = None
    scope_percent: int | None = Field(default=None, ge=1, le=100)
    schedules: list[Schedule] | None = Field(default=None, max_length=5)
    requirements: RequirementProfileIn | None = None
    programmes: list[Programme] | None = Field(default=None, min_length=1, max_length=4)
    occupation: TermIn | None = None
    status: NeedStatus | None = None


class NeedPublic(NeedBase, Stamped):
    id: int
    status: NeedStatus
    occupation: Term | None
    requirements: RequirementProfile
