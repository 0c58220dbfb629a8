from typing import Annotated

from fastapi import Query, Response, status

from service.db import SessionDep
from service.kit.access import (
    LIST_PROBLEMS,
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
    Organisation,
    OrganisationCreate,
    OrganisationKind,
    OrganisationPublic,
    OrganisationUpdate,
)
from service.requirements.discrimination import reject_discrimination
from service.taxonomy.state import TaxonomyDep

router = Router(prefix="/organisations", tags=["organisations"])
CHANGES = Changes("organisation", OrganisationPublic)


@router.get("", response_model=Page[OrganisationPublic], responses=LIST_PROBLEMS)
def list_organisations(
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
    kind: OrganisationKind | None = None,
    municipality_id: Annotated[
        str | None, Query(max_length=32, description="A taxonomy municipality id.")
    ] = None,
    org_number: Annotated[
        str | None, Query(max_length=20, description="As NNNNNN-NNNN.")
    ] = None,
    name: Annotated[
        str | None, Query(max_length=200, description="Part of the name.")
    ] = None,
) -> Page[OrganisationPublic]:
    """List employers and host units, oldest first, filtered."""
    rows, total = repository.list_organisations(
        session,
        page,
        kind=kind,
        municipality_id=municipality_id,
        org_number=org_number,
        name=name,
    )
    return page_of(OrganisationPublic, rows, total, page)


@router.post(
    "",
    response_model=OrganisationPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_organisation(
    body: OrganisationCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
) -> OrganisationPublic:
    """Register an employer or host unit."""
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    if body.municipality_id is not None:
        body.municipality_id = repository.municipality_id(
            taxonomy, body.municipality_id, "municipality_id"
        )
    repository.require_unique_org_number(session, body.org_number)
    organisation = Organisation.model_validate(
        body, update={"created_by": caller.key_id}
    )
    return CHANGES.commit_tagged(session, caller, organisation, "create", response)


@router.get(
    "/{organisation_id}",
    response_model=OrganisationPublic,
    responses=TAGGED_READ_PROBLEMS,
)
def get_organisation(
    organisation_id: int,
    session: SessionDep,
    caller: EmployerSideReader,
    response: Response,
) -> OrganisationPublic:
    """Return one organisation with its ETag."""
    organisation = repository.get(session, organisation_id)
    return CHANGES.tag(organisation, response)


@router.patch(
    "/{organisation_id}", response_model=OrganisationPublic, responses=WRITE_PROBLEMS
)
def update_organisation(
    organisation_id: int,
    body: OrganisationUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> OrganisationPublic:
    """Change an organisation; send `If-Match` with its ETag to avoid lost updates."""
    organisation = repository.get(session, organisation_id)
    CHANGES.check_version(organisation, if_match)
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    if body.municipality_id is not None:
        body.municipality_id = repository.municipality_id(
            taxonomy, body.municipality_id, "municipality_id"
        )
    changes = body.model_dump(exclude_unset=True)
    repository.require_unique_org_number(session, body.org_number, organisation_id)
    apply_changes(organisation, changes)
    return CHANGES.commit_tagged(session, caller, organisation, "update", response)
