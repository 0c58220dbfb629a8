"""Writing and reading the audit trail. There is deliberately no update or delete."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from service import records
from service.audit.models import AuditEntry, Outcome
from service.caller import Caller
from service.logs import current_request_id
from service.pagination import PageParams


def record(
    session: Session,
    caller: Caller | None,
    *,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: Outcome = Outcome.SUCCESS,
) -> AuditEntry:
    """Add an entry to the session's transaction; it becomes durable with the write."""
    entry = AuditEntry(
        action=action,
        outcome=outcome,
        key_id=caller.key_id if caller else None,
        role=caller.role if caller else None,
        object_type=object_type,
        object_id=object_id,
        purpose=caller.purpose if caller else None,
        request_id=current_request_id(),
    )
    session.add(entry)
    return entry


def list_page(
    session: Session,
    page: PageParams,
    *,
    key_id: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: Outcome | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[Sequence[AuditEntry], int]:
    """Return one page of entries, newest first, and the total that match."""
    conditions = records.equal_to(
        (
            (col(AuditEntry.key_id), key_id),
            (col(AuditEntry.action), action),
            (col(AuditEntry.object_type), object_type),
            (col(AuditEntry.object_id), object_id),
            (col(AuditEntry.outcome), outcome),
        )
    )
    if since is not None:
        conditions.append(col(AuditEntry.at) >= since)
    if until is not None:
        conditions.append(col(AuditEntry.at) < until)
    ordered = select(AuditEntry).where(*conditions).order_by(col(AuditEntry.id).desc())
    return records.list_page(session, ordered, page)
