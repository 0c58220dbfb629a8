from typing import Annotated

from fastapi import APIRouter, Query

from service.audit import repository
from service.audit.models import AuditEntryPublic
from service.db import UtcInstant, WriteSessionDep
from service.errors import problems
from service.kit.access import AuditReader
from service.kit.audit_trail import AuditOutcome
from service.kit.changes import Changes
from service.kit.pagination import Page, PageParamsDep
from service.kit.records import page_of

router = APIRouter(prefix="/audit", tags=["audit"])
# Reading the trail is itself audited: who looked at whose history, and why.
READS = Changes("audit", AuditEntryPublic, object_type="audit_entry")


@router.get(
    "", response_model=Page[AuditEntryPublic], responses=problems(401, 403, 429)
)
def list_audit_entries(
    session: WriteSessionDep,
    caller: AuditReader,
    page: PageParamsDep,
    key_id: Annotated[
        str | None, Query(max_length=32, description="Only entries by this key.")
    ] = None,
    action: Annotated[
        str | None, Query(max_length=64, description="Such as `key.create`.")
    ] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    object_id: Annotated[str | None, Query(max_length=128)] = None,
    outcome: Annotated[AuditOutcome | None, Query()] = None,
    since: Annotated[
        UtcInstant | None,
        Query(description="Inclusive lower bound; without a time zone, UTC."),
    ] = None,
    until: Annotated[
        UtcInstant | None,
        Query(description="Exclusive upper bound; without a time zone, UTC."),
    ] = None,
) -> Page[AuditEntryPublic]:
    """List audit entries, newest first, filtered by who, what and when; the read
    is itself an audit entry."""
    rows, total = repository.list_page(
        session,
        page,
        key_id=key_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        since=since,
        until=until,
    )
    listed = page_of(AuditEntryPublic, rows, total, page)
    filters = (key_id, action, object_type, object_id, outcome, since, until)
    asked = " ".join(str(value) for value in filters if value is not None)
    READS.commit_event(session, caller, "list", asked[:128] or "all")
    return listed
