"""Employers and host units, their workplaces and their contact people."""

from enum import StrEnum

import pydantic
from pydantic import BaseModel, ConfigDict
from sqlalchemy import String
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from service.kit.columns import JsonOf
from service.kit.stamps import Stamped
from service.organisations.org_number import OrgNumber

WORK_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class OrganisationKind(StrEnum):
    PRIVATE = "private"
    MUNICIPAL_DEPARTMENT = "municipal_department"
    MUNICIPAL_COMPANY = "municipal_company"
    DISTRICT = "district"
    NONPROFIT = "nonprofit"
    STATE = "state"


MUNICIPAL_KINDS = frozenset(
    {
        OrganisationKind.MUNICIPAL_DEPARTMENT,
        OrganisationKind.MUNICIPAL_COMPANY,
        OrganisationKind.DISTRICT,
    }
)


class Contact(BaseModel):
    """A contact person: a name and a work e-mail, nothing more."""

    model_config = ConfigDict(extra="forbid")

    name: str = pydantic.Field(min_length=1, max_length=120)
    work_email: str = pydantic.Field(max_length=254, pattern=WORK_EMAIL)


class OrganisationBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    org_number: OrgNumber | None = Field(
        default=None,
        max_length=13,
        unique=True,
        description="Ten digits, Luhn-checked, stored as NNNNNN-NNNN; "
        "left out for sole traders.",
    )
    kind: OrganisationKind = Field(sa_type=String(32), index=True)
    municipality_id: str = Field(
        min_length=1,
        max_length=32,
        index=True,
        description='A taxonomy municipality, by id or by name ("Östersund").',
    )
    contacts: list[Contact] = Field(
        default_factory=list, sa_type=JsonOf(list[Contact]), max_length=50
    )


class Organisation(OrganisationBase, Stamped, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)


class OrganisationCreate(OrganisationBase):
    model_config = SQLModelConfig(extra="forbid")


class OrganisationUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    org_number: OrgNumber | None = None
    kind: OrganisationKind | None = None
    municipality_id: str | None = Field(default=None, min_length=1, max_length=32)
    contacts: list[Contact] | None = Field(default=None, max_length=50)


class OrganisationPublic(OrganisationBase, Stamped):
    id: int


class WorkplaceBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    municipality_id: str = Field(
        min_length=1,
        max_length=32,
        description='A taxonomy municipality, by id or by name ("Östersund").',
    )


class Workplace(WorkplaceBase, Stamped, table=True):
    __tablename__ = "workplace"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)


class WorkplaceCreate(WorkplaceBase):
    model_config = SQLModelConfig(extra="forbid")


class WorkplaceUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    municipality_id: str | None = Field(default=None, min_length=1, max_length=32)


class WorkplacePublic(WorkplaceBase, Stamped):
    id: int
    organisation_id: int
