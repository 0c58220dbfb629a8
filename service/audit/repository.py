"""Reading the audit trail back; writing it is `service.kit.audit_trail.record`."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from service.kit import records
from service.kit.audit_trail import AuditEntry, AuditOutcome
from service.kit.changes import PARTICIPANT
from service.kit.pagination import PageParams


@dataclass(frozen=True)
class AuditFilters:
    """Which entries to read; None means any."""

    key_id: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    participant_ref: str | None = None
    outcome: AuditOutcome | None = None
    purpose: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = records.equal_to(
            (
                (col(AuditEntry.key_id), self.key_id),
                (col(AuditEntry.action), self.action),
                (col(AuditEntry.object_type), self.object_type),
                (col(AuditEntry.object_id), self.object_id),
                (col(AuditEntry.outcome), self.outcome),
            )
        )
        if self.participant_ref is not None:
            conditions += [
                col(AuditEntry.object_type) == PARTICIPANT,
                col(AuditEntry.object_id) == self.participant_ref,
            ]
        if self.purpose is not None:
            pattern = self.purpose.replace("\\", "\\\\")
            pattern = pattern.replace("%", "\\%").replace("_", "\\_")
            conditions.append(
                col(AuditEntry.purpose).ilike(f"%{pattern}%", escape="\\")
            )
        if self.since is not None:
            conditions.append(col(AuditEntry.at) >= self.since)
        if self.until is not None:
            conditions.append(col(AuditEntry.at) < self.until)
        return conditions

    def label(self) -> str:
        """The filters given, as the audit entry of the read names them."""
        given = (str(v) for v in vars(self).values() if v is not None)
        return " ".join(given)[:128] or "all"


def list_page(
    session: Session, page: PageParams, filters: AuditFilters
) -> tuple[Sequence[AuditEntry], int]:
    """Return one page of entries, newest first, and the total that match."""
    ordered = (
        select(AuditEntry)
        .where(*filters.conditions())
        .order_by(col(AuditEntry.id).desc())
    )
    return records.list_page(session, ordered, page)
