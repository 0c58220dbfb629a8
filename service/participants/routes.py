from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from service.db import SessionDep
from service.kit.access import (
    LIST_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    TEXT_PROBLEMS,
    WRITE_PROBLEMS,
    ParticipantDrafter,
    ParticipantSide,
)
from service.kit.changes import ParticipantChanges
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.parameters import ParticipantRefPath
from service.kit.personal_data import NoPersonalNumbers
from service.kit.routing import Router
from service.participants import drafts, service
from service.participants.drafts import ParticipantDraft
from service.participants.models import (
    ParticipantCreate,
    ParticipantPublic,
    ParticipantUpdate,
)
from service.requirements.drafting import DraftRequest
from service.taxonomy.state import TaxonomyDep

router = Router(prefix="/participants", tags=["participants"])
CHANGES = ParticipantChanges(public=ParticipantPublic)


@router.get("", response_model=Page[ParticipantPublic], responses=LIST_PROBLEMS)
def list_participants(
    session: SessionDep,
    caller: ParticipantSide,
    page: ChangesPageDep,
    owning_unit: Annotated[str | None, Query(max_length=100)] = None,
    home_municipality_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[ParticipantPublic]:
    """List participants; each one returned is recorded in the audit trail."""
    found = service.list_participants(
        session,
        page,
        caller,
        owning_unit=owning_unit,
        home_municipality_id=home_municipality_id,
    )
    return CHANGES.commit_page(session, caller, found, page)


@router.post(
    "",
    response_model=ParticipantPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_participant(
    caller: ParticipantSide,
    _guard: NoPersonalNumbers,
    body: ParticipantCreate,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    response: Response,
) -> ParticipantPublic:
    """Register a participant under the source system's pseudonymous ref."""
    service.require_unit(caller, body.owning_unit)
    service.require_new_ref(session, body.participant_ref)
    participant = service.check_create(session, taxonomy, body)
    participant.created_by = caller.key_id
    return CHANGES.commit_tagged(session, caller, participant, "create", response)


@router.post(":draft", response_model=ParticipantDraft, responses=TEXT_PROBLEMS)
def draft_participant(
    caller: ParticipantDrafter,
    _guard: NoPersonalNumbers,
    body: DraftRequest,
    taxonomy: TaxonomyDep,
) -> ParticipantDraft:
    """Read a participant's own words into a record to confirm, with where the
    words say each field; nothing is stored, and the words are neither kept nor
    logged."""
    extraction = taxonomy.mapper.extract(body.text)
    return drafts.draft_participant(extraction, body.text, date.today())


@router.get(
    "/{participant_ref}",
    response_model=ParticipantPublic,
    responses=TAGGED_READ_PROBLEMS,
)
def get_participant(
    participant_ref: ParticipantRefPath,
    session: SessionDep,
    caller: ParticipantSide,
    response: Response,
) -> ParticipantPublic:
    """Return one participant with its ETag; the read is audited."""
    participant = service.get(session, participant_ref, caller)
    return CHANGES.commit_read(session, caller, participant, response)


@router.patch(
    "/{participant_ref}", response_model=ParticipantPublic, responses=WRITE_PROBLEMS
)
def update_participant(
    participant_ref: ParticipantRefPath,
    caller: ParticipantSide,
    _guard: NoPersonalNumbers,
    body: ParticipantUpdate,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    response: Response,
    if_match: IfMatch = None,
) -> ParticipantPublic:
    """Change a participant; send `If-Match` with its ETag to avoid lost updates."""
    participant = service.get(session, participant_ref, caller)
    CHANGES.check_version(participant, if_match)
    service.require_unit(caller, body.owning_unit)
    service.check_update(session, taxonomy, participant, body)
    return CHANGES.commit_tagged(session, caller, participant, "update", response)
