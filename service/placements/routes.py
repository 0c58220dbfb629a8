from typing import Annotated

from fastapi import Query, Response, status

from service.db import SessionDep
from service.kit.access import (
    DELETE_PROBLEMS,
    LIST_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    WRITE_PROBLEMS,
    EmployerSideReader,
    EmployerSideWriter,
)
from service.kit.changes import Changes
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.records import page_of
from service.kit.routing import Router
from service.placements import service
from service.placements.models import (
    PlacementCreate,
    PlacementProgramme,
    PlacementPublic,
    PlacementUpdate,
)
from service.taxonomy.state import TaxonomyDep

router = Router(prefix="/placements", tags=["placements"])
CHANGES = Changes("placement", PlacementPublic)


@router.get("", response_model=Page[PlacementPublic], responses=LIST_PROBLEMS)
def list_placements(
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
    programme: PlacementProgramme | None = None,
    host_organisation_id: int | None = None,
    occupation_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[PlacementPublic]:
    """List Stockholmsjobb and internship placements, oldest first, filtered."""
    rows, total = service.list_placements(
        session,
        page,
        programme=programme,
        host_organisation_id=host_organisation_id,
        occupation_id=occupation_id,
    )
    return page_of(PlacementPublic, rows, total, page)


@router.post(
    "",
    response_model=PlacementPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_placement(
    body: PlacementCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
) -> PlacementPublic:
    """Offer a Stockholmsjobb (at most 12 months) or an internship (a supervisor
    takes at most 2 trainees unless configured)."""
    placement = service.check_create(session, taxonomy, body)
    placement.created_by = caller.key_id
    return CHANGES.commit_tagged(session, caller, placement, "create", response)


@router.get(
    "/{placement_id}", response_model=PlacementPublic, responses=TAGGED_READ_PROBLEMS
)
def get_placement(
    placement_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    response: Response,
) -> PlacementPublic:
    """Return one placement with its places taken and its ETag."""
    placement = service.get(session, placement_id)
    return CHANGES.tag(placement, response)


@router.patch(
    "/{placement_id}", response_model=PlacementPublic, responses=WRITE_PROBLEMS
)
def update_placement(
    placement_id: int,
    body: PlacementUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> PlacementPublic:
    """Change a placement; every placement rule is checked again."""
    placement = service.get(session, placement_id)
    CHANGES.check_version(placement, if_match)
    service.check_update(session, taxonomy, placement, body)
    return CHANGES.commit_tagged(session, caller, placement, "update", response)


@router.delete(
    "/{placement_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DELETE_PROBLEMS,
)
def delete_placement(
    placement_id: int,
    session: SessionDep,
    caller: EmployerSideWriter,
    if_match: IfMatch = None,
) -> None:
    """Delete a placement nobody is enrolled on."""
    placement = service.get(session, placement_id)
    CHANGES.check_version(placement, if_match)
    CHANGES.commit_delete(
        session, caller, placement, "Participants are enrolled on it."
    )
