"""Jobbspår and recruitment trainings: steps toward named employers' vacancies."""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic import Field as ValueField
from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.stamps import Stamped
from service.requirements.models import RequirementProfile, RequirementProfileIn
from service.requirements.terms import Term, TermIn

SkillId = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class TrackKind(StrEnum):
    JOBBSPAR = "jobbspar"
    REKRYTERINGSUTBILDNING = "rekryteringsutbildning"


class TrackPhase(StrEnum):
    PLANNING = "planning"
    RECRUITMENT = "recruitment"
    DELIVERY = "delivery"
    CLOSING = "closing"
    CLOSED = "closed"


PHASE_TRANSITIONS: dict[TrackPhase, frozenset[TrackPhase]] = {
    TrackPhase.PLANNING: frozenset({TrackPhase.RECRUITMENT}),
    TrackPhase.RECRUITMENT: frozenset({TrackPhase.DELIVERY}),
    TrackPhase.DELIVERY: frozenset({TrackPhase.CLOSING}),
    TrackPhase.CLOSING: frozenset({TrackPhase.CLOSED}),
    TrackPhase.CLOSED: frozenset(),
}


class StepKind(StrEnum):
    INFO_MEETING = "info_meeting"
    SELECTION = "selection"
    SFI_SVA = "sfi_sva"
    YRKESVUX = "yrkesvux"
    AMU = "amu"
    VALIDATION = "validation"
    PRAKTIK = "praktik"
    EMPLOYMENT = "employment"


class TrackStep(BaseModel):
    """One step, in order; `skill_ids` are the taxonomy skills the step teaches."""

    model_config = ConfigDict(extra="forbid")

    kind: StepKind
    provider: str = ValueField(min_length=1, max_length=200)
    weeks: int = ValueField(ge=0, le=104)
    skill_ids: list[SkillId] = ValueField(default_factory=list, max_length=50)


class LetterOfIntent(BaseModel):
    """The employers' commitment (avsiktsförklaring) behind the track."""

    model_config = ConfigDict(extra="forbid")

    committed_hires: int = ValueField(ge=0, le=1000)
    conditions: str | None = ValueField(default=None, max_length=2000)
    valid_until: date


class TrackBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    kind: TrackKind = Field(sa_type=String(32), index=True)
    need_ids: list[int] = Field(
        default_factory=list, sa_type=JsonOf(list[int]), max_length=50
    )
    employer_ids: list[int] = Field(
        default_factory=list, sa_type=JsonOf(list[int]), max_length=50
    )
    letter_of_intent: LetterOfIntent | None = Field(
        default=None, sa_type=JsonOf(LetterOfIntent)
    )
    steps: list[TrackStep] = Field(
        default_factory=list, sa_type=JsonOf(list[TrackStep]), max_length=30
    )


class Track(TrackBase, Stamped, table=True):
    __tablename__ = "track"

    id: int | None = Field(default=None, primary_key=True)
    phase: TrackPhase = Field(
        default=TrackPhase.PLANNING, sa_type=String(16), index=True
    )
    occupation: Term | None = Field(default=None, sa_type=JsonOf(Term))
    occupation_id: str | None = Field(default=None, max_length=32, index=True)
    entry_requirements: RequirementProfile = Field(
        default_factory=RequirementProfile, sa_type=JsonOf(RequirementProfile)
    )
    labels: dict[str, str] = Field(default_factory=dict, sa_type=JsonOf(dict[str, str]))


class TrackCreate(TrackBase):
    model_config = SQLModelConfig(extra="forbid")

    occupation: TermIn
    entry_requirements: RequirementProfileIn = Field(
        default_factory=RequirementProfileIn
    )


class TrackUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    need_ids: list[int] | None = Field(default=None, max_length=50)
    employer_ids: list[int] | None = Field(default=None, max_length=50)
    letter_of_intent: LetterOfIntent | None = None
    steps: list[TrackStep] | None = Field(default=None, max_length=30)
    entry_requirements: RequirementProfileIn | None = None
    occupation: TermIn | None = None
    phase: TrackPhase | None = None


class TrackPublic(TrackBase, Stamped):
    id: int
    phase: TrackPhase
    occupation: Term | None
    entry_requirements: RequirementProfile
    labels: dict[str, str] = Field(
        description="The preferred label of each concept id in `steps`."
    )
