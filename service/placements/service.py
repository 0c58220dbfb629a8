"""Checking and building placements."""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from service.kit.pagination import PageParams
from service.kit.records import apply_changes, equal_to, get_or_raise, list_page
from service.organisations import repository as organisations
from service.placements.models import (
    Placement,
    PlacementCreate,
    PlacementProgramme,
    PlacementUpdate,
)
from service.placements.rules import require_current_support_form, require_valid
from service.requirements.discrimination import reject_discrimination
from service.requirements.models import OCCUPATION_TYPES
from service.requirements.refs import profile_refs
from service.requirements.terms import TermResolver, term_refs
from service.requirements.written import stored_profile
from service.taxonomy.concepts import require_concepts
from service.taxonomy.state import LoadedTaxonomy


def get(session: Session, placement_id: int) -> Placement:
    return get_or_raise(session, Placement, placement_id, "placement")


def _check_body(
    taxonomy: LoadedTaxonomy, body: PlacementCreate | PlacementUpdate
) -> None:
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    require_current_support_form(body.support_form)
    require_concepts(
        taxonomy,
        [
            *term_refs(body.occupation, "occupation", OCCUPATION_TYPES),
            *profile_refs(body.requirements, "requirements"),
        ],
    )


def check_create(
    session: Session, taxonomy: LoadedTaxonomy, body: PlacementCreate
) -> Placement:
    _check_body(taxonomy, body)
    resolver = TermResolver(taxonomy)
    requirements = stored_profile(resolver, body.requirements, "requirements")
    term = resolver.resolve(body.occupation, "occupation-name")
    placement = Placement.model_validate(
        body.model_dump(exclude={"occupation", "requirements"}),
        update={
            "occupation": term,
            "occupation_id": term.concept_id,
            "requirements": requirements,
        },
    )
    organisations.require_workplace_of(
        session, body.host_organisation_id, body.workplace_id, "workplace_id"
    )
    require_valid(session, placement)
    return placement


def check_update(
    session: Session,
    taxonomy: LoadedTaxonomy,
    placement: Placement,
    body: PlacementUpdate,
) -> None:
    _check_body(taxonomy, body)
    changes: dict[str, Any] = body.model_dump(
        exclude_unset=True, exclude={"occupation"}
    )
    resolver = TermResolver(taxonomy)
    if body.requirements is not None:
        changes["requirements"] = stored_profile(
            resolver, body.requirements, "requirements"
        )
    if body.occupation is not None:
        term = resolver.resolve(body.occupation, "occupation-name")
        changes |= {"occupation": term, "occupation_id": term.concept_id}
    if "workplace_id" in changes:
        organisations.require_workplace_of(
            session, placement.host_organisation_id, body.workplace_id, "workplace_id"
        )
    apply_changes(placement, changes)
    require_valid(session, placement)


def list_placements(
    session: Session,
    page: PageParams,
    *,
    programme: PlacementProgramme | None,
    host_organisation_id: int | None,
    occupation_id: str | None,
) -> tuple[Sequence[Placement], int]:
    conditions = equal_to(
        [
            (col(Placement.programme), programme),
            (col(Placement.host_organisation_id), host_organisation_id),
            (col(Placement.occupation_id), occupation_id),
        ]
    )
    statement = select(Placement).where(*conditions).order_by(col(Placement.id))
    return list_page(session, statement, page)
