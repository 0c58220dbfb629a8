"""The value objects a participant record is made of.

Deliberately absent: names, personnummer, addresses, phone numbers, ethnicity,
country of birth, citizenship, religion, health or disability, and free-text case
notes. Every shape forbids unknown fields, so none of these can slip in.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from service.organisations.org_number import OrgNumber
from service.requirements.models import Schedule, SwedishLevel, WorktimeExtent
from service.requirements.terms import Term, TermIn

ConceptId = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Certification = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EligibilityBasis(StrEnum):
    JOBBTORG_ASPIRANT = "jobbtorg_aspirant"
    AF_REGISTERED = "af_registered"
    STOCKHOLMSJOBB = "stockholmsjobb"
    KOMMUNAL_PRAKTIK_BESLUT = "kommunal_praktik_beslut"


class Eligibility(Facts):
    """Why the person may take part: never shown to employers."""

    basis: EligibilityBasis
    decided_by: str = Field(
        min_length=1, max_length=100, description="The deciding unit or authority."
    )
    decided_at: date
    valid_until: date | None = None

    @model_validator(mode="after")
    def _valid_after_decision(self) -> "Eligibility":
        if self.valid_until is not None and self.valid_until < self.decided_at:
            raise PydanticCustomError(
                "valid_after_decision", "valid_until is before decided_at"
            )
        return self


class Availability(Facts):
    from_date: date | None = None
    worktime_extent: WorktimeExtent | None = None
    schedules: list[Schedule] = Field(default_factory=list, max_length=5)


class Mobility(Facts):
    """Where the person can work: municipalities, or whole regions (län), by id or
    by name ("Östersund", "Västra Götalands län")."""

    municipality_ids: list[ConceptId] = Field(default_factory=list, max_length=300)
    region_ids: list[ConceptId] = Field(default_factory=list, max_length=25)


class ExperienceIn(Facts):
    occupation: TermIn
    years: float = Field(ge=0, le=50)


class Experience(BaseModel):
    occupation: Term
    years: float


class Education(Facts):
    level_id: ConceptId | None = None
    field_id: ConceptId | None = None


class SwedishAssessment(Facts):
    level: SwedishLevel
    assessed_at: date | None = None


class PriorEmployment(Facts):
    """Fixed-term months at one employer, for the 12-months-in-5-years rule."""

    org_number: OrgNumber
    months: int = Field(ge=1, le=60)
    ended_on: date


class Interest(Facts):
    """Interest the person expressed in a track or one of its cohorts."""

    track_id: int | None = None
    cohort_id: int | None = None
    expressed_at: date

    @model_validator(mode="after")
    def _exactly_one(self) -> "Interest":
        if (self.track_id is None) == (self.cohort_id is None):
            raise PydanticCustomError(
                "track_or_cohort", "give exactly one of track_id and cohort_id"
            )
        return self


class ConsentCategory(StrEnum):
    SKILLS = "skills"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    LANGUAGES = "languages"
    DRIVING_LICENCES = "driving_licences"
    CERTIFICATIONS = "certifications"
    AVAILABILITY = "availability"


class Consents(Facts):
    """What the person agreed may be shown to employers, and when."""

    shared_with_employers: list[ConsentCategory] = Field(
        default_factory=list, max_length=7
    )
    given_at: date | None = None


class StatisticsGender(StrEnum):
    """Kept for aggregated follow-up only; matching and employers never see it."""

    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    NOT_STATED = "not_stated"
