"""Stockholmsjobb and internships (praktik) at a host organisation."""

from datetime import date
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.stamps import Stamped
from service.requirements.models import RequirementProfile, RequirementProfileIn
from service.requirements.terms import Term, TermIn

STOCKHOLMSJOBB_MAX_MONTHS = 12
PRAKTIK_TRAINEES_PER_SUPERVISOR = 2


class PlacementProgramme(StrEnum):
    STOCKHOLMSJOBB = "stockholmsjobb"
    PRAKTIK = "praktik"


class SupportForm(StrEnum):
    NONE = "none"
    ARBETSPRAKTIK_AF = "arbetspraktik_af"
    ARBETSTRANING_AF = "arbetstraning_af"
    KOMMUNAL_PRAKTIK = "kommunal_praktik"
    INTRODUKTIONSJOBB = "introduktionsjobb"
    NYSTARTSJOBB = "nystartsjobb"
    YRKESINTRODUKTION = "yrkesintroduktion"
    EXTRATJANST = "extratjanst"


# Extratjänster were wound down in 2020: old placements keep the value, new ones
# may not use it.
LEGACY_SUPPORT_FORMS = frozenset({SupportForm.EXTRATJANST})


class PlacementBase(SQLModel):
    programme: PlacementProgramme = Field(sa_type=String(16), index=True)
    host_organisation_id: int = Field(foreign_key="organisation.id", index=True)
    workplace_id: int | None = Field(
        default=None, foreign_key="workplace.id", index=True
    )
    start_date: date
    end_date: date
    supervisor_ref: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        index=True,
        description="An opaque reference to the supervisor (handledare), never a name.",
    )
    supervisor_capacity: int | None = Field(
        default=None,
        ge=1,
        le=10,
        description="Trainees one supervisor may have at a time; praktik defaults "
        "to 2.",
    )
    support_form: SupportForm = Field(default=SupportForm.NONE, sa_type=String(32))
    ordinary_operations: bool = Field(
        default=True, description="Whether the work is part of ordinary operations."
    )
    capacity: int = Field(default=1, ge=1, le=100, description="Places offered.")


class Placement(PlacementBase, Stamped, table=True):
    __tablename__ = "placement"

    id: int | None = Field(default=None, primary_key=True)
    occupation: Term | None = Field(default=None, sa_type=JsonOf(Term))
    occupation_id: str | None = Field(default=None, max_length=32, index=True)
    occupied: int = Field(default=0, ge=0, description="Enrolments holding a place.")
    requirements: RequirementProfile = Field(
        default_factory=RequirementProfile, sa_type=JsonOf(RequirementProfile)
    )


class PlacementCreate(PlacementBase):
    model_config = SQLModelConfig(extra="forbid")

    occupation: TermIn
    requirements: RequirementProfileIn = Field(default_factory=RequirementProfileIn)


class PlacementUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    workplace_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    supervisor_ref: str | None = Field(default=None, min_length=1, max_length=64)
    supervisor_capacity: int | None = Field(default=None, ge=1, le=10)
    support_form: SupportForm | None = None
    ordinary_operations: bool | None = None
    requirements: RequirementProfileIn | None = None
    capacity: int | None = Field(default=None, ge=1, le=100)
    occupation: TermIn | None = None


class PlacementPublic(PlacementBase, Stamped):
    id: int
    occupation: Term | None
    occupied: int
    requirements: RequirementProfile
