from fastapi import Response, status
from sqlmodel import Session

from service.candidates.concepts import VocabulariesDep
from service.cohorts import service as cohorts
from service.db import SessionDep
from service.enrolments import service
from service.enrolments.models import (
    Enrolment,
    EnrolmentCreate,
    EnrolmentPublic,
    EnrolmentUpdate,
    Stage,
)
from service.kit.access import (
    LIST_PROBLEMS,
    READ_PROBLEMS,
    TAGGED_READ_PROBLEMS,
    WRITE_PROBLEMS,
    ParticipantSide,
)
from service.kit.caller import Caller
from service.kit.changes import ParticipantChanges
from service.kit.etags import IfMatch
from service.kit.pagination import ChangesPageDep, Page
from service.kit.parameters import ParticipantRefQuery
from service.kit.personal_data import NoPersonalNumbers
from service.kit.routing import Router
from service.placements import service as placements

router = Router(tags=["enrolments"])
CHANGES = ParticipantChanges(public=EnrolmentPublic)


def commit_enrolment(
    session: Session,
    caller: Caller,
    enrolment: Enrolment,
    action: str,
    response: Response,
    *,
    overridden: bool,
) -> EnrolmentPublic:
    """Commit through the one write path; an override of the rules is its own
    access-log entry, so overrides can be reviewed. The answer: its public view."""
    if overridden:
        CHANGES.log_refs(session, caller, "override", [enrolment.participant_ref])
    return CHANGES.commit_tagged(session, caller, enrolment, action, response)


@router.post(
    "/cohorts/{cohort_id}/enrolments",
    response_model=EnrolmentPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def enrol_in_cohort(
    cohort_id: int,
    caller: ParticipantSide,
    _guard: NoPersonalNumbers,
    body: EnrolmentCreate,
    session: SessionDep,
    vocabularies: VocabulariesDep,
    response: Response,
) -> EnrolmentPublic:
    """Enter a participant into a cohort's funnel (stage `interested`). The
    programme's hard rules must hold (409 with every failed rule, unless
    `override_reason` is given); the seat is taken on selection."""
    cohort = cohorts.get(session, cohort_id)
    enrolment = service.enrol(session, caller, cohort, body, vocabularies)
    return commit_enrolment(
        session,
        caller,
        enrolment,
        "enrol",
        response,
        overridden=body.override_reason is not None,
    )


@router.post(
    "/placements/{placement_id}/enrolments",
    response_model=EnrolmentPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def enrol_on_placement(
    placement_id: int,
    caller: ParticipantSide,
    _guard: NoPersonalNumbers,
    body: EnrolmentCreate,
    session: SessionDep,
    vocabularies: VocabulariesDep,
    response: Response,
) -> EnrolmentPublic:
    """Propose a participant for a Stockholmsjobb or internship (stage
    `interested`). The programme's hard rules must hold (eligibility, the
    12-months-in-5-years rule, no overlapping placement …; 409 with every failed
    rule, unless `override_reason` is given); the place is taken on selection."""
    placement = placements.get(session, placement_id)
    enrolment = service.enrol(session, caller, placement, body, vocabularies)
    return commit_enrolment(
        session,
        caller,
        enrolment,
        "enrol",
        response,
        overridden=body.override_reason is not None,
    )


@router.get(
    "/cohorts/{cohort_id}/enrolments",
    response_model=Page[EnrolmentPublic],
    responses=READ_PROBLEMS,
)
def list_cohort_enrolments(
    cohort_id: int,
    session: SessionDep,
    caller: ParticipantSide,
    page: ChangesPageDep,
    stage: Stage | None = None,
) -> Page[EnrolmentPublic]:
    """List a cohort's enrolments; each participant shown is audited."""
    cohorts.get(session, cohort_id)
    found = service.list_enrolments(
        session, page, caller, cohort_id=cohort_id, stage=stage
    )
    return CHANGES.commit_page(session, caller, found, page)


@router.get(
    "/placements/{placement_id}/enrolments",
    response_model=Page[EnrolmentPublic],
    responses=READ_PROBLEMS,
)
def list_placement_enrolments(
    placement_id: int,
    session: SessionDep,
    caller: ParticipantSide,
    page: ChangesPageDep,
    stage: Stage | None = None,
) -> Page[EnrolmentPublic]:
    """List a placement's enrolments; each participant shown is audited."""
    placements.get(session, placement_id)
    found = service.list_enrolments(
        session, page, caller, placement_id=placement_id, stage=stage
    )
    return CHANGES.commit_page(session, caller, found, page)


@router.get(
    "/enrolments", response_model=Page[EnrolmentPublic], responses=LIST_PROBLEMS
)
def list_enrolments(
    session: SessionDep,
    caller: ParticipantSide,
    page: ChangesPageDep,
    participant_ref: ParticipantRefQuery = None,
    stage: Stage | None = None,
) -> Page[EnrolmentPublic]:
    """List enrolments, such as one participant's; each participant shown is
    audited."""
    found = service.list_enrolments(
        session, page, caller, participant_ref=participant_ref, stage=stage
    )
    return CHANGES.commit_page(session, caller, found, page)


@router.get(
    "/enrolments/{enrolment_id}",
    response_model=EnrolmentPublic,
    responses=TAGGED_READ_PROBLEMS,
)
def get_enrolment(
    enrolment_id: int,
    session: SessionDep,
    caller: ParticipantSide,
    response: Response,
) -> EnrolmentPublic:
    """Return one enrolment with its stage history and ETag."""
    enrolment = service.get(session, enrolment_id, caller)
    return CHANGES.commit_read(session, caller, enrolment, response)


@router.patch(
    "/enrolments/{enrolment_id}",
    response_model=EnrolmentPublic,
    responses=WRITE_PROBLEMS,
)
def update_enrolment(
    enrolment_id: int,
    caller: ParticipantSide,
    _guard: NoPersonalNumbers,
    body: EnrolmentUpdate,
    session: SessionDep,
    vocabularies: VocabulariesDep,
    response: Response,
    if_match: IfMatch = None,
) -> EnrolmentPublic:
    """Move an enrolment to its next stage, or record its outcome on exit.
    Selection (`selected_by_employer`) takes the seat or place and needs the
    programme's rules to hold, as enrolment does."""
    enrolment = service.get(session, enrolment_id, caller)
    CHANGES.check_version(enrolment, if_match)
    if not service.change(session, caller, enrolment, body, vocabularies):
        # Nothing changed: the caller still saw the record, so it is a read.
        return CHANGES.commit_read(session, caller, enrolment, response)
    return commit_enrolment(
        session,
        caller,
        enrolment,
        f"stage.{enrolment.stage}",
        response,
        overridden=body.override_reason is not None,
    )
