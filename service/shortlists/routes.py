from dataclasses import replace
from datetime import datetime
from typing import Annotated

from fastapi import Query, Response, status

from service.candidates.concepts import VocabulariesDep
from service.db import ReadingSessionDep, SessionDep, begin_writing
from service.kit.access import (
    LIST_PROBLEMS,
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    ShortlistMaker,
    ShortlistReader,
)
from service.kit.caller import Caller, Role
from service.kit.changes import Changes, ParticipantChanges
from service.kit.pagination import CreatedPageDep, Page
from service.kit.parameters import ParticipantRefPath
from service.kit.personal_data import NoPersonalNumbers
from service.kit.routing import Router
from service.shortlists import decisions, matches, service
from service.shortlists.employer_view import employer_view
from service.shortlists.index import CandidateIndexDep
from service.shortlists.models import (
    DecisionCreate,
    DecisionPublic,
    EmployerShortlist,
    Matches,
    MatchesCreate,
    ShortlistCreate,
    ShortlistPublic,
    ShortlistSummary,
    TargetKind,
)

router = Router(tags=["shortlists"])
CHANGES = Changes(kind="shortlist", public=ShortlistPublic)
# Every participant a shortlist returns or shows is an access-log entry.
PARTICIPANTS = ParticipantChanges(public=ShortlistPublic)
DECISIONS = ParticipantChanges(public=DecisionPublic)


def _for(caller: Caller, purpose: str) -> Caller:
    """The caller as audited: with the purpose the request itself states."""
    return replace(caller, purpose=purpose)


@router.post(
    "/shortlists",
    response_model=ShortlistPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def create_shortlist(
    caller: ShortlistMaker,
    _guard: NoPersonalNumbers,
    body: ShortlistCreate,
    session: ReadingSessionDep,
    vocabularies: VocabulariesDep,
    index: CandidateIndexDep,
) -> ShortlistPublic:
    """Rank the participants of the caller's units for a need, a cohort or a
    placement. Hard rules exclude (counted per rule, with relaxation hints); the
    rest are scored by named, weighted components with evidence. The snapshot is
    stored as returned, with its seed, and never changes afterwards."""
    audited = _for(caller, body.purpose)
    shortlist = service.create(session, caller, body, vocabularies, index)
    refs = [r.participant_ref for r in shortlist.results]
    PARTICIPANTS.log_refs(session, audited, "shortlist", refs)
    # The snapshot is of what was committed when the ranking began; only storing
    # it waits for the write turn.
    begin_writing(session)
    CHANGES.commit(session, audited, shortlist, "create")
    return service.public(session, shortlist)


@router.get(
    "/shortlists/{shortlist_id}",
    response_model=ShortlistPublic | EmployerShortlist,
    responses=READ_PROBLEMS,
)
def get_shortlist(
    shortlist_id: int,
    caller: ShortlistReader,
    session: SessionDep,
    vocabularies: VocabulariesDep,
) -> ShortlistPublic | EmployerShortlist:
    """The stored snapshot, unchanged, with the decisions made on it. A liaison
    gets the employer view instead: only what each participant consented to share,
    and a ref only once the participant has been proposed for this target."""
    shortlist = service.get(session, shortlist_id, caller)
    shown: ShortlistPublic | EmployerShortlist
    if caller.role is Role.LIAISON:
        shown = employer_view(session, shortlist, vocabularies)
        refs = [c.participant_ref for c in shown.candidates if c.participant_ref]
        action = "employer_view"
    else:
        shown = service.public(session, shortlist)
        refs = [r.participant_ref for r in shown.results]
        action = "shortlist_read"
    PARTICIPANTS.log_refs(session, caller, action, refs)
    CHANGES.commit_event(session, caller, "read", str(shortlist_id))
    return shown


@router.get(
    "/shortlists", response_model=Page[ShortlistSummary], responses=LIST_PROBLEMS
)
def list_shortlists(
    caller: ShortlistMaker,
    session: SessionDep,
    page: CreatedPageDep,
    target_kind: TargetKind | None = None,
    target_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    created_by: Annotated[str | None, Query(max_length=32)] = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
) -> Page[ShortlistSummary]:
    """Shortlists drawn from the caller's units, newest first."""
    rows, total = service.list_shortlists(
        session,
        page,
        caller,
        target_kind=target_kind,
        target_id=target_id,
        created_by=created_by,
        created_from=created_from,
        created_to=created_to,
    )
    CHANGES.commit_event(session, caller, "list", f"{total} found")
    return Page[ShortlistSummary](
        items=[service.summary(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/shortlists/{shortlist_id}/decisions",
    response_model=DecisionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_PROBLEMS,
)
def decide(
    shortlist_id: int,
    caller: ShortlistMaker,
    _guard: NoPersonalNumbers,
    body: DecisionCreate,
    session: SessionDep,
    vocabularies: VocabulariesDep,
    response: Response,
) -> DecisionPublic:
    """Record a person's decision on one participant of the shortlist. Selecting
    for a cohort or placement enrols them at `selected_by_employer`, taking a seat
    or place (409 when none is left or the programme's rules fail)."""
    shortlist = service.get(session, shortlist_id, caller)
    decision = decisions.decide(session, caller, shortlist, body, vocabularies)
    if body.override_reason is not None:
        DECISIONS.log_refs(session, caller, "override", [body.participant_ref])
    return DECISIONS.commit_tagged(
        session, caller, decision, f"decision.{body.decision}", response
    )


@router.post(
    "/participants/{participant_ref}/matches",
    response_model=Matches,
    responses=WRITE_PROBLEMS,
)
def participant_matches(
    participant_ref: ParticipantRefPath,
    caller: ShortlistMaker,
    _guard: NoPersonalNumbers,
    body: MatchesCreate,
    session: SessionDep,
    vocabularies: VocabulariesDep,
) -> Matches:
    """The participant's best options among open needs, planned or recruiting
    cohorts and current placements, with the rules each fails, components and
    evidence."""
    found = matches.matches_for(session, caller, participant_ref, body, vocabularies)
    PARTICIPANTS.commit_event(
        session, _for(caller, body.purpose), "matches", participant_ref
    )
    return found
