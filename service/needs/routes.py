from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from service.db import SessionDep
from service.errors import Conflict
from service.kit.access import (
    DELETE_PROBLEMS,
    LIST_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    TEXT_PROBLEMS,
    WRITE_PROBLEMS,
    EmployerSideReader,
    EmployerSideWriter,
    TextMapper,
)
from service.kit.changes import Changes
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.personal_data import NoPersonalNumbers
from service.kit.records import page_of
from service.kit.routing import Router
from service.needs import drafts, service
from service.needs.drafts import NeedDraft
from service.needs.models import NeedCreate, NeedPublic, NeedStatus, NeedUpdate
from service.requirements.drafting import DraftRequest
from service.taxonomy.state import TaxonomyDep

router = Router(prefix="/needs", tags=["needs"])
CHANGES = Changes("need", NeedPublic)


@router.get("", response_model=Page[NeedPublic], responses=LIST_PROBLEMS)
def list_needs(
    session: SessionDep,
    caller: EmployerSideReader,
    page: ChangesPageDep,
    organisation_id: int | None = None,
    status: NeedStatus | None = None,
    occupation_id: Annotated[
        str | None,
        Query(max_length=32, description="The mapped or given occupation concept."),
    ] = None,
    external_ref: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[NeedPublic]:
    """List competence needs, oldest first, filtered."""
    rows, total = service.list_needs(
        session,
        page,
        organisation_id=organisation_id,
        status=status,
        occupation_id=occupation_id,
        external_ref=external_ref,
    )
    return page_of(NeedPublic, rows, total, page)


@router.post(
    "",
    response_model=NeedPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_need(
    body: NeedCreate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
) -> NeedPublic:
    """Record a need; free text is mapped to the taxonomy now, and discriminatory
    requirements are refused with the reason."""
    need = service.check_create(session, taxonomy, body)
    need.created_by = caller.key_id
    return CHANGES.commit_tagged(session, caller, need, "create", response)


@router.post(":draft", response_model=NeedDraft, responses=TEXT_PROBLEMS)
def draft_need(
    caller: TextMapper,
    _guard: NoPersonalNumbers,
    body: DraftRequest,
    taxonomy: TaxonomyDep,
) -> NeedDraft:
    """Read an employer's ad into a need to confirm, with where the ad says each
    field; nothing is stored, and the ad is neither kept nor logged."""
    extraction = taxonomy.mapper.extract(body.text)
    return drafts.draft_need(extraction, body.text, date.today())


@router.get("/{need_id}", response_model=NeedPublic, responses=TAGGED_READ_PROBLEMS)
def get_need(
    need_id: int, session: SessionDep, caller: EmployerSideReader, response: Response
) -> NeedPublic:
    """Return one need with its ETag."""
    need = service.get(session, need_id)
    return CHANGES.tag(need, response)


@router.patch("/{need_id}", response_model=NeedPublic, responses=WRITE_PROBLEMS)
def update_need(
    need_id: int,
    body: NeedUpdate,
    session: SessionDep,
    caller: EmployerSideWriter,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> NeedPublic:
    """Change a need or move its status (draft -> open -> filled | closed)."""
    need = service.get(session, need_id)
    CHANGES.check_version(need, if_match)
    service.check_update(session, taxonomy, need, body)
    return CHANGES.commit_tagged(session, caller, need, "update", response)


@router.delete(
    "/{need_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DELETE_PROBLEMS,
)
def delete_need(
    need_id: int,
    session: SessionDep,
    caller: EmployerSideWriter,
    if_match: IfMatch = None,
) -> None:
    """Delete a draft need; published needs are closed instead, to keep history."""
    need = service.get(session, need_id)
    CHANGES.check_version(need, if_match)
    if need.status != NeedStatus.DRAFT:
        raise Conflict(f"Only drafts can be deleted; close this {need.status} need.")
    CHANGES.commit_delete(
        session, caller, need, "Other records still refer to this need."
    )
