from fastapi import Response, status

from service.db import SessionDep
from service.kit.access import (
    DELETE_PROBLEMS,
    READ_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    WRITE_PROBLEMS,
    EmployerSideReader,
    EmployerSideWriter,
)
from service.kit.changes import Changes
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.records import apply_changes, page_of
from service.kit.routing import Router
from service.organisations import repository
from service.organisations.models import (
    Workplace,
    WorkplaceCreate,
    WorkplacePublic,
    WorkplaceUpdate,
)
from service.requirements.discrimination import reject_discrimination
from service.taxonomy.state import TaxonomyDep

router = Router(
    prefix="/organisations/{organisation_id}/workplaces", tags=["organisations"]
)
CHANGES = Changes("workplace", WorkplacePublic)


@router.get("", response_model=Page[WorkplacePublic], responses=READ_PROBLEMS)
def list_workplaces(
    organisation_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
) -> Page[WorkplacePublic]:
    """List an organisation's workplaces."""
    repository.get(session, organisation_id)
    rows, total = repository.workplaces_of(session, organisation_id, page)
    return page_of(WorkplacePublic, rows, total, page)


@router.post(
    "",
    response_model=WorkplacePublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_workplace(
    organisation_id: int,
    body: WorkplaceCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
) -> WorkplacePublic:
    """Add a workplace to an organisation."""
    repository.get(session, organisation_id)
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    if body.municipality_id is not None:
        body.municipality_id = repository.municipality_id(
            taxonomy, body.municipality_id, "municipality_id"
        )
    workplace = Workplace.model_validate(
        body, update={"organisation_id": organisation_id, "created_by": caller.key_id}
    )
    return CHANGES.commit_tagged(session, caller, workplace, "create", response)


@router.get(
    "/{workplace_id}", response_model=WorkplacePublic, responses=TAGGED_READ_PROBLEMS
)
def get_workplace(
    organisation_id: int,
    workplace_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    response: Response,
) -> WorkplacePublic:
    """Return one workplace with its ETag."""
    workplace = repository.get_workplace(session, organisation_id, workplace_id)
    return CHANGES.tag(workplace, response)


@router.patch(
    "/{workplace_id}", response_model=WorkplacePublic, responses=WRITE_PROBLEMS
)
def update_workplace(
    organisation_id: int,
    workplace_id: int,
    body: WorkplaceUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> WorkplacePublic:
    """Rename or move a workplace; `If-Match` guards against lost updates."""
    workplace = repository.get_workplace(session, organisation_id, workplace_id)
    CHANGES.check_version(workplace, if_match)
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    if body.municipality_id is not None:
        body.municipality_id = repository.municipality_id(
            taxonomy, body.municipality_id, "municipality_id"
        )
    apply_changes(workplace, body.model_dump(exclude_unset=True))
    return CHANGES.commit_tagged(session, caller, workplace, "update", response)


@router.delete(
    "/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DELETE_PROBLEMS,
)
def delete_workplace(
    organisation_id: int,
    workplace_id: int,
    session: SessionDep,
    caller: EmployerSideWriter,
    if_match: IfMatch = None,
) -> None:
    """Remove a workplace that no need or placement refers to."""
    workplace = repository.get_workplace(session, organisation_id, workplace_id)
    CHANGES.check_version(workplace, if_match)
    CHANGES.commit_delete(
        session, caller, workplace, "Needs or placements still refer to this workplace."
    )
