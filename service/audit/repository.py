"""Reading the audit trail back; writing it is `service.kit.audit_trail.record`."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from service.kit import records
from service.kit.audit_trail import AuditEntry, AuditOutcome
from service.kit.pagination import PageParams


def list_page(
    session: Session,
    page: PageParams,
    *,
    key_id: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: AuditOutcome | None = None,
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
