"""Shortlists: stored snapshots of one ranking, and the people's decisions on them.

A snapshot keeps everything needed to explain and reproduce it (target, programme,
purpose, algorithm and taxonomy versions, weights, seed, counts and every result
with its components) and is never changed afterwards: a later change to a
participant or a need shows in a new shortlist, not in this one. What a liaison may
see is its own schema (`EmployerShortlist`), so the employer view is a type rather
than a filter someone could forget.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from pydantic import Field as ValueField
from sqlalchemy import BigInteger, Index, String
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime, utcnow
from service.kit.columns import JsonOf
from service.participants.facts import ConsentCategory

MAX_LIMIT = 200


class TargetKind(StrEnum):
    NEED = "need"
    COHORT = "cohort"
    PLACEMENT = "placement"


class TargetRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: TargetKind
    id: int = ValueField(ge=1)


class Label(BaseModel):
    """A taxonomy concept as shown to people."""

    concept_id: str | None
    label: str | None


class EvidenceOut(BaseModel):
    """Which requirement matched which concept of the participant, and how."""

    requirement: str
    required: Label
    matched: Label
    relation: str
    source: str


class ComponentOut(BaseModel):
    name: str
    value: float
    weight: float
    contribution: float
    evidence: list[EvidenceOut] = []
    baseline: float | None = ValueField(
        default=None, description="For post_training: the same coverage today."
    )


class MissingOut(BaseModel):
    """A requirement not met; `taught` when the track's steps teach it."""

    requirement: str
    required: Label
    taught: bool = False


class RuleFailure(BaseModel):
    code: str
    reason_sv: str
    reason_en: str


class ResultOut(BaseModel):
    rank: int
    participant_ref: str
    score: float
    components: list[ComponentOut]
    missing: list[MissingOut]


class ShortlistCreate(BaseModel):
    """Ask for a ranked shortlist; `purpose` says why, for the audit trail."""

    model_config = ConfigDict(extra="forbid")

    target: TargetRef
    purpose: str = ValueField(min_length=1, max_length=200)
    limit: int = ValueField(default=20, ge=1, le=MAX_LIMIT)
    weights: dict[str, float] | None = ValueField(
        default=None,
        max_length=20,
        description="Overrides of the programme's default weights, within bounds.",
    )
    strict_skills: bool = ValueField(
        default=False, description="Make must skills and experience hard rules."
    )
    seed: int | None = ValueField(
        default=None,
        ge=0,
        le=2**63 - 1,
        description="The tie-break lottery's seed; drawn and stored when absent.",
    )


class ShortlistBase(SQLModel):
    target_kind: TargetKind = Field(sa_type=String(16))
    target_id: int
    programme: str = Field(max_length=32)
    purpose: str = Field(max_length=200)
    algorithm_version: str = Field(max_length=64)
    taxonomy_version: str = Field(max_length=64)
    seed: int = Field(sa_type=BigInteger)
    limit: int
    strict_skills: bool
    weights: dict[str, float] = Field(sa_type=JsonOf(dict[str, float]))
    pool_size: int
    eligible_count: int
    excluded_by_rule: dict[str, int] = Field(sa_type=JsonOf(dict[str, int]))
    relaxation_hints: dict[str, int] = Field(sa_type=JsonOf(dict[str, int]))
    results: list[ResultOut] = Field(sa_type=JsonOf(list[ResultOut]))


class Shortlist(ShortlistBase, table=True):
    __tablename__ = "shortlist"
    __table_args__ = (Index("ix_shortlist_target", "target_kind", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_type=UtcDateTime, index=True
    )
    created_by: str = Field(max_length=32, index=True)
    units: str = Field(
        max_length=500, description="The owning units the pool was drawn from."
    )


class Decision(StrEnum):
    PROPOSED = "proposed"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"


class NotSelectedReason(StrEnum):
    """Why a person was not taken further: codes only, never text about them."""

    REQUIREMENTS_NOT_MET = "requirements_not_met"
    BETTER_MATCH_SELECTED = "better_match_selected"
    PARTICIPANT_DECLINED = "participant_declined"
    NOT_REACHABLE = "not_reachable"
    NEED_FILLED = "need_filled"
    OTHER = "other"


class DecisionBase(SQLModel):
    participant_ref: str = Field(max_length=64, index=True)
    decision: Decision = Field(sa_type=String(16))
    reason: NotSelectedReason | None = Field(default=None, sa_type=String(32))


class ShortlistDecision(DecisionBase, table=True):
    __tablename__ = "shortlist_decision"

    id: int | None = Field(default=None, primary_key=True)
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    decided_by: str = Field(max_length=32)
    decided_by_role: str = Field(max_length=32)
    override_reason: str | None = Field(default=None, max_length=500)
    enrolment_id: int | None = Field(default=None, foreign_key="enrolment.id")


class DecisionCreate(BaseModel):
    """A person's decision on one participant of the shortlist.

    `selected` for a cohort or placement enrols the participant (taking a seat or
    place); `override_reason` lets it through rules the participant fails, and is
    kept and audited.
    """

    model_config = ConfigDict(extra="forbid")

    participant_ref: str = ValueField(min_length=1, max_length=64)
    decision: Decision
    reason: NotSelectedReason | None = None
    override_reason: str | None = ValueField(default=None, min_length=3, max_length=500)


class DecisionPublic(DecisionBase):
    id: int
    decided_at: datetime
    decided_by: str
    decided_by_role: str
    override_reason: str | None
    enrolment_id: int | None


class ShortlistPublic(ShortlistBase):
    id: int
    created_at: datetime
    created_by: str
    target: TargetRef
    decisions: list[DecisionPublic] = []


class ShortlistSummary(BaseModel):
    """A shortlist in a list: what it ranked for and how many it found."""

    id: int
    created_at: datetime
    created_by: str
    target: TargetRef
    programme: str
    purpose: str
    pool_size: int
    eligible_count: int
    result_count: int


class SharedProfile(BaseModel):
    """What the participant agreed employers may see; categories not consented
    to are absent (null), never an empty stand-in."""

    skills: list[Label] | None = None
    experience: list[Label] | None = None
    education: Label | None = None
    languages: list[str] | None = None
    driving_licences: list[Label] | None = None
    certifications: list[str] | None = None
    available_from: date | None = None


class EmployerCandidate(BaseModel):
    """One candidate as a liaison shows it to the employer.

    No eligibility basis, waiting time, owning unit or score components; the ref
    only once the participant has been proposed for this employer.
    """

    rank: int
    score: float
    proposed: bool
    participant_ref: str | None
    shared: SharedProfile
    shared_categories: list[ConsentCategory]


class EmployerShortlist(BaseModel):
    id: int
    created_at: datetime
    target: TargetRef
    programme: str
    candidates: list[EmployerCandidate]


class MatchesCreate(BaseModel):
    """Ask for a participant's best options; `purpose` says why."""

    model_config = ConfigDict(extra="forbid")

    purpose: str = ValueField(min_length=1, max_length=200)
    limit: int = ValueField(default=20, ge=1, le=MAX_LIMIT)
    weights: dict[str, float] | None = ValueField(default=None, max_length=20)
    include_ineligible: bool = ValueField(
        default=True, description="List targets the participant fails, with why."
    )


class MatchOut(BaseModel):
    target: TargetRef
    programme: str
    eligible: bool
    failed_rules: list[RuleFailure]
    score: float
    components: list[ComponentOut]
    missing: list[MissingOut]


class Matches(BaseModel):
    participant_ref: str
    algorithm_version: str
    taxonomy_version: str
    purpose: str
    matches: list[MatchOut]
