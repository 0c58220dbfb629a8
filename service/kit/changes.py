"""Writing one record through the API: audit entry, commit and new ETag together.

Every audited resource (organisations, workplaces, needs, tracks, cohorts,
placements) writes the same way, so the audit action is always
``<kind>.<create|update|delete>`` and no route can forget the entry or the ETag.
"""

from dataclasses import dataclass
from typing import Protocol

from fastapi import Response
from pydantic import BaseModel
from sqlmodel import Session

from service.kit import audit_trail as audit
from service.kit.caller import Caller
from service.kit.etags import IfMatch, check_if_match, set_etag
from service.kit.records import delete_or_conflict


class Record(Protocol):
    """A stored row with an integer id."""

    id: int | None


@dataclass(frozen=True)
class Changes:
    """How one kind of record is versioned and written: its audit name and its
    public model, whose ETag guards every change."""

    kind: str
    public: type[BaseModel]

    def check_version(self, record: Record, if_match: IfMatch) -> None:
        """Refuse a change made against an older version of the record (412)."""
        check_if_match(if_match, self.public.model_validate(record))

    def save(
        self,
        session: Session,
        caller: Caller,
        record: Record,
        action: str,
        response: Response,
    ) -> None:
        """Store a created or changed record with its audit entry; set its ETag."""
        session.add(record)
        # A new record gets its id here, which the audit entry names.
        session.flush()
        self._audit(session, caller, action, record)
        session.commit()
        self.tag(record, response)

    def tag(self, record: Record, response: Response) -> None:
        """Send the record's current ETag."""
        set_etag(response, self.public.model_validate(record))

    def delete(
        self, session: Session, caller: Caller, record: Record, still_referenced: str
    ) -> None:
        """Delete a record with its audit entry; 409 when others still refer to it."""
        self._audit(session, caller, "delete", record)
        delete_or_conflict(session, record, still_referenced)
        session.commit()

    def _audit(
        self, session: Session, caller: Caller, action: str, record: Record
    ) -> None:
        audit.record(
            session,
            caller,
            action=f"{self.kind}.{action}",
            object_type=self.kind,
            object_id=str(record.id),
        )
