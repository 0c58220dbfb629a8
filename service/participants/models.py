"""Participants (aspiranter): pseudonymous, known only by the source system's ref."""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError
from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.personal_data import MESSAGE, RULE, has_personal_number_shape
from service.kit.stamps import Stamped
from service.participants.facts import (
    Availability,
    Certification,
    ConceptId,
    Consents,
    Education,
    Eligibility,
    Experience,
    ExperienceIn,
    Interest,
    Mobility,
    PriorEmployment,
    StatisticsGender,
    SwedishAssessment,
)
from service.requirements.models import LanguageIn, LanguageRequirement
from service.requirements.terms import Term, TermIn

PARTICIPANT_REF = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


def _not_a_personal_number(ref: str) -> str:
    # The shape is enough, check digit or not: a mistyped personnummer is still one.
    if has_personal_number_shape(ref):
        raise PydanticCustomError(RULE, MESSAGE)
    return ref


ParticipantRef = Annotated[
    str,
    StringConstraints(pattern=PARTICIPANT_REF, max_length=64),
    AfterValidator(_not_a_personal_number),
]
"""A participant's pseudonymous ref: 1 to 64 letters, digits and `._:-`, starting
with a letter or digit (so it is safe in a URL path), and never a personnummer."""


class ParticipantBase(SQLModel):
    owning_unit: str = Field(min_length=1, max_length=100, index=True)
    home_municipality_id: str = Field(
        min_length=1,
        max_length=32,
        index=True,
        description='A municipality; a write also takes its name ("Östersund").',
    )
    eligibility: list[Eligibility] = Field(
        default_factory=list, sa_type=JsonOf(list[Eligibility]), max_length=10
    )
    availability: Availability = Field(
        default_factory=Availability, sa_type=JsonOf(Availability)
    )
    mobility: Mobility = Field(default_factory=Mobility, sa_type=JsonOf(Mobility))
    education: Education = Field(default_factory=Education, sa_type=JsonOf(Education))
    swedish: SwedishAssessment | None = Field(
        default=None, sa_type=JsonOf(SwedishAssessment)
    )
    driving_licences: list[ConceptId] = Field(
        default_factory=list,
        sa_type=JsonOf(list[str]),
        max_length=15,
        description="Driving-licence concepts; a write also takes their codes "
        '("B", "CE") and phrasings ("B-körkort").',
    )
    certifications: list[Certification] = Field(
        default_factory=list, sa_type=JsonOf(list[str]), max_length=30
    )
    prior_employment: list[PriorEmployment] = Field(
        default_factory=list, sa_type=JsonOf(list[PriorEmployment]), max_length=30
    )
    interests: list[Interest] = Field(
        default_factory=list, sa_type=JsonOf(list[Interest]), max_length=50
    )
    consents: Consents = Field(default_factory=Consents, sa_type=JsonOf(Consents))
    birth_year: int | None = Field(
        default=None,
        ge=1930,
        le=2015,
        description="Only for statutory minimum ages; never a matching criterion.",
    )
    statistics_gender: StatisticsGender | None = Field(
        default=None,
        sa_type=String(16),
        description="For aggregated follow-up only; never matched on or shown to "
        "employers.",
    )


class Participant(ParticipantBase, Stamped, table=True):
    __tablename__ = "participant"

    id: int | None = Field(default=None, primary_key=True)
    participant_ref: str = Field(max_length=64, unique=True)
    occupation_interests: list[Term] = Field(
        default_factory=list, sa_type=JsonOf(list[Term])
    )
    experience: list[Experience] = Field(
        default_factory=list, sa_type=JsonOf(list[Experience])
    )
    skills: list[Term] = Field(default_factory=list, sa_type=JsonOf(list[Term]))
    languages: list[LanguageRequirement] = Field(
        default_factory=list, sa_type=JsonOf(list[LanguageRequirement])
    )
    labels: dict[str, str] = Field(default_factory=dict, sa_type=JsonOf(dict[str, str]))


class ParticipantCreate(ParticipantBase):
    model_config = SQLModelConfig(extra="forbid")

    participant_ref: ParticipantRef = Field(
        description="Opaque and unique, chosen by the source system; never a "
        "personnummer.",
    )
    occupation_interests: list[TermIn] = Field(default_factory=list, max_length=20)
    experience: list[ExperienceIn] = Field(default_factory=list, max_length=30)
    skills: list[TermIn] = Field(default_factory=list, max_length=100)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)


class ParticipantUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    owning_unit: str | None = Field(default=None, min_length=1, max_length=100)
    home_municipality_id: str | None = Field(default=None, min_length=1, max_length=32)
    eligibility: list[Eligibility] | None = Field(default=None, max_length=10)
    availability: Availability | None = None
    mobility: Mobility | None = None
    education: Education | None = None
    swedish: SwedishAssessment | None = None
    languages: list[LanguageIn] | None = Field(default=None, max_length=20)
    driving_licences: list[ConceptId] | None = Field(default=None, max_length=15)
    certifications: list[Certification] | None = Field(default=None, max_length=30)
    prior_employment: list[PriorEmployment] | None = Field(default=None, max_length=30)
    interests: list[Interest] | None = Field(default=None, max_length=50)
    consents: Consents | None = None
    birth_year: int | None = Field(default=None, ge=1930, le=2015)
    statistics_gender: StatisticsGender | None = None
    occupation_interests: list[TermIn] | None = Field(default=None, max_length=20)
    experience: list[ExperienceIn] | None = Field(default=None, max_length=30)
    skills: list[TermIn] | None = Field(default=None, max_length=100)


class ParticipantPublic(ParticipantBase, Stamped):
    participant_ref: str
    occupation_interests: list[Term]
    experience: list[Experience]
    skills: list[Term]
    languages: list[LanguageRequirement]
    labels: dict[str, str] = Field(
        description="The preferred label of each plain concept id in the record "
        "(home municipality, mobility, driving licences, education)."
    )
