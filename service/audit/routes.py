from typing import Annotated

from fastapi import Depends, Query, Request, Response

from service.audit import repository, review
from service.audit.models import AuditEntryPublic, AuditReview
from service.audit.repository import AuditFilters
from service.db import SessionDep, UtcInstant
from service.errors import problems
from service.kit.access import AuditReader
from service.kit.audit_trail import AuditOutcome
from service.kit.changes import Changes
from service.kit.pagination import Page, PageParamsDep
from service.kit.parameters import ParticipantRefQuery
from service.kit.records import page_of
from service.kit.routing import Router
from service.settings import SettingsDep

router = Router(prefix="/audit", tags=["audit"])
# Reading the trail is itself audited: who looked at whose history, and why.
READS = Changes("audit", AuditEntryPublic, object_type="audit_entry")
CSV_MEDIA_TYPE = "text/csv"
Instant = Annotated[
    UtcInstant | None,
    Query(description="Without a time zone, UTC."),
]


def _later(*bounds: UtcInstant | None) -> UtcInstant | None:
    given = [b for b in bounds if b is not None]
    return max(given) if given else None


def _earlier(*bounds: UtcInstant | None) -> UtcInstant | None:
    given = [b for b in bounds if b is not None]
    return min(given) if given else None


def audit_filters(
    key_id: Annotated[
        str | None,
        Query(max_length=32, description="Only entries by this key (the actor)."),
    ] = None,
    action: Annotated[
        str | None, Query(max_length=64, description="Such as `key.create`.")
    ] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    object_id: Annotated[str | None, Query(max_length=128)] = None,
    participant_ref: Annotated[
        ParticipantRefQuery,
        Query(description="Only entries naming this participant."),
    ] = None,
    outcome: Annotated[AuditOutcome | None, Query()] = None,
    purpose_contains: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Entries whose stated purpose contains this, in any case "
            "(`purpose` itself states the purpose of this read).",
        ),
    ] = None,
    since: Annotated[
        UtcInstant | None,
        Query(description="Inclusive lower bound; without a time zone, UTC."),
    ] = None,
    until: Annotated[
        UtcInstant | None,
        Query(description="Exclusive upper bound; without a time zone, UTC."),
    ] = None,
    from_: Annotated[
        UtcInstant | None,
        Query(alias="from", description="The period's start, as `since`."),
    ] = None,
    to: Annotated[
        UtcInstant | None,
        Query(description="The period's end (exclusive), as `until`."),
    ] = None,
) -> AuditFilters:
    """The filters of a read of the trail; `from`/`to` and `since`/`until` are the
    same bounds (both given: the narrower holds)."""
    return AuditFilters(
        key_id=key_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        participant_ref=participant_ref,
        outcome=outcome,
        purpose=purpose_contains,
        since=_later(since, from_),
        until=_earlier(until, to),
    )


AuditFiltersDep = Annotated[AuditFilters, Depends(audit_filters)]


@router.get(
    "", response_model=Page[AuditEntryPublic], responses=problems(401, 403, 429)
)
def list_audit_entries(
    session: SessionDep,
    caller: AuditReader,
    page: PageParamsDep,
    filters: AuditFiltersDep,
) -> Page[AuditEntryPublic]:
    """List audit entries, newest first, filtered by who, what, whom, why and when;
    the read is itself an audit entry."""
    rows, total = repository.list_page(session, page, filters)
    listed = page_of(AuditEntryPublic, rows, total, page)
    READS.commit_event(session, caller, "list", filters.label())
    return listed


@router.get(
    "/review",
    response_model=AuditReview,
    responses={
        **problems(401, 403, 429),
        200: {
            "description": "The review; `Accept: text/csv` for one line per actor.",
            "content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
    },
)
def review_audit(
    request: Request,
    session: SessionDep,
    caller: AuditReader,
    filters: AuditFiltersDep,
    settings: SettingsDep,
) -> AuditReview | Response:
    """Summarise reads of participant data per actor (reads, distinct participants,
    purposes) and flag unusual patterns: many participants read other than through
    a shortlist, reads outside the actor's usual owning units, reads outside the
    working day; the review is itself an audit entry."""
    found = review.review(session, filters, settings)
    READS.commit_event(session, caller, "review", filters.label())
    if CSV_MEDIA_TYPE in request.headers.get("accept", ""):
        return Response(
            review.render_csv(found), media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8"
        )
    return found
