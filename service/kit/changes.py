"""The one write path of every route: stage the change, its audit entry, commit, tag.

Every route that changes data, and every route that reads a participant, ends in one
of the `commit_*` methods here, so no route can forget the audit entry, the statutory
access-log entry for participant data, or the new ETag. The names say that they
commit: each is the last step of its route.

- `Changes` writes `<kind>.<action>` entries naming the record's id (organisations,
  workplaces, needs, tracks, cohorts, placements, keys, taxonomy syncs).
- `ParticipantChanges` writes the access log instead: one `participant.<action>`
  entry per participant touched, naming the participant_ref, for reads and lists
  too, so "who has seen this person" always has a complete answer. The entries
  carry the caller, the action and the purpose stated in `X-Purpose`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlmodel import Session

from service.kit import audit_trail
from service.kit.batches.models import BatchReport, IdempotencyRecord, RowStatus
from service.kit.caller import Caller
from service.kit.etags import IfMatch, check_if_match, set_etag
from service.kit.pagination import Page, PageParams
from service.kit.records import delete_or_conflict, lock, page_of


class Record(Protocol):
    """A stored row with an id."""

    @property
    def id(self) -> Any: ...


Public = TypeVar("Public", bound=BaseModel)


@dataclass(frozen=True)
class Changes(Generic[Public]):
    """How one kind of record is versioned and written: its audit name, the object
    type its entries name (the kind by default) and its public model, whose ETag
    guards every change."""

    kind: str
    public: type[Public]
    object_type: str | None = None

    def check_version(self, record: object, if_match: IfMatch) -> None:
        """Lock the record until the commit, then refuse a change made against an
        older version of it (412). Every update and delete calls this before it
        reads the record to change it, so concurrent writers of one record queue:
        only one of several with the same `If-Match` wins, and counters (seats
        taken, places occupied) are checked against their current values."""
        lock(record)
        check_if_match(if_match, self.public.model_validate(record))

    def tag(self, record: object, response: Response) -> Public:
        """Send the record's current ETag; return the public view it was taken
        of, for the route to answer with, so the record is validated only once."""
        public = self.public.model_validate(record)
        set_etag(response, public)
        return public

    def commit(
        self, session: Session, caller: Caller, record: Record, action: str
    ) -> None:
        """Store a created or changed record with its entry and commit."""
        session.add(record)
        # A new record gets its id here, which the entry names.
        session.flush()
        self._log(session, caller, action, [record])
        session.commit()

    def commit_tagged(
        self,
        session: Session,
        caller: Caller,
        record: Record,
        action: str,
        response: Response,
    ) -> Public:
        """`commit`, then set the record's ETag; the public view to answer with."""
        self.commit(session, caller, record, action)
        return self.tag(record, response)

    def commit_delete(
        self, session: Session, caller: Caller, record: Record, still_referenced: str
    ) -> None:
        """Delete a record with its entry and commit; 409 when others refer to it."""
        self._log(session, caller, "delete", [record])
        delete_or_conflict(session, record, still_referenced)
        session.commit()

    def commit_event(
        self, session: Session, caller: Caller, action: str, object_id: str
    ) -> None:
        """Record and commit an action that changes no row of this kind here (such
        as a started taxonomy sync)."""
        self._entry(session, caller, action, object_id)
        session.commit()

    def commit_batch(
        self,
        session: Session,
        caller: Caller,
        report: BatchReport,
        claimed: IdempotencyRecord | None,
    ) -> None:
        """Commit the rows a batch staged, its entries and the report a retry with
        the same `Idempotency-Key` replays."""
        self._log_batch(session, caller, report)
        if claimed is not None:
            claimed.report = report
            session.add(claimed)
        session.commit()

    def log_batch_part(
        self,
        session: Session,
        caller: Caller,
        part: BatchReport,
        whole: BatchReport | None,
    ) -> None:
        """Stage the entries of one part of a batch run as a job (the job commits
        each part): the batch's entry once, over the whole batch, with the last."""
        if whole is not None:
            self._log_batch(session, caller, whole)

    def _log(
        self, session: Session, caller: Caller, action: str, records: Iterable[Any]
    ) -> None:
        for record in records:
            self._entry(session, caller, action, str(record.id))

    def _log_batch(self, session: Session, caller: Caller, report: BatchReport) -> None:
        summary = f"{report.created} created, {report.updated} updated"
        self._entry(session, caller, "batch", summary)

    def _entry(
        self, session: Session, caller: Caller, action: str, object_id: str
    ) -> None:
        audit_trail.record(
            session,
            caller,
            action=f"{self.kind}.{action}",
            object_type=self.object_type or self.kind,
            object_id=object_id,
        )


PARTICIPANT = "participant"


@dataclass(frozen=True)
class ParticipantChanges(Changes[Public]):
    """Records that hold a participant (the participant itself, its enrolments):
    every read, list and write leaves an access-log entry per participant."""

    kind: str = field(default=PARTICIPANT, init=False)
    ref_of: Callable[[Any], str] = lambda record: str(record.participant_ref)

    def commit_read(
        self, session: Session, caller: Caller, record: object, response: Response
    ) -> Public:
        """Log and commit the read of one record, send its ETag; its public view."""
        self._log(session, caller, "read", [record])
        session.commit()
        return self.tag(record, response)

    def commit_page(
        self,
        session: Session,
        caller: Caller,
        found: tuple[Sequence[Any], int],
        page: PageParams,
    ) -> Page[Any]:
        """Log every participant a page shows, commit, and return the page."""
        rows, total = found
        self._log(session, caller, "list", rows)
        session.commit()
        return page_of(self.public, rows, total, page)

    def _log(
        self, session: Session, caller: Caller, action: str, records: Iterable[Any]
    ) -> None:
        self.log_refs(session, caller, action, (self.ref_of(r) for r in records))

    def log_refs(
        self, session: Session, caller: Caller, action: str, refs: Iterable[str]
    ) -> None:
        """Stage access-log entries for participants named by ref (for services
        that touch participants while doing something else, such as ranking)."""
        for ref in refs:
            self._entry(session, caller, action, ref)

    def log_batch_part(
        self,
        session: Session,
        caller: Caller,
        part: BatchReport,
        whole: BatchReport | None,
    ) -> None:
        # A participant's entry commits with the part that touched them.
        self._log_batch(session, caller, part)

    def _log_batch(self, session: Session, caller: Caller, report: BatchReport) -> None:
        # An unchanged row was still read and compared on the caller's behalf.
        written = (RowStatus.CREATED, RowStatus.UPDATED, RowStatus.UNCHANGED)
        refs = [row.ref for row in report.rows if row.status in written and row.ref]
        self.log_refs(session, caller, "import", refs)
