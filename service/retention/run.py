"""`jobbmatch retention run`: erase every participant whose retention has ended.

Each chunk of participants is erased in a transaction of its own, so a long run
holds no lock for long and what it has done stays done if it stops. Each
participant is locked and checked again before its erasure: an activity since the
run looked (a new enrolment, a changed record) keeps them. Every erasure is an
audit entry naming its tombstone, and the run itself one more with its counts; a
dry run erases nothing and is audited too, since it looked at every participant.
"""

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session

from service.db import utcnow
from service.kit import audit_trail
from service.kit.records import lock
from service.participants import service as participants
from service.retention import erasure, policy

CHUNK = 100


@dataclass
class RunReport:
    """What a run found and did, by count and tombstone; never a ref."""

    years: int
    due: int
    dry_run: bool
    erasures: list[erasure.Erasure] = field(default_factory=list)
    kept: int = 0

    def total(self, name: str) -> int:
        return sum(int(getattr(e, name)) for e in self.erasures)


def _entry(session: Session, action: str, object_id: str) -> None:
    audit_trail.record(
        session,
        None,
        action=action,
        object_type="participant" if action == "participant.erase" else "retention",
        object_id=object_id,
    )


def _erase_chunk(engine: Engine, refs: list[str], report: RunReport) -> None:
    with Session(engine) as session:
        now = utcnow()
        for ref in refs:
            participant = participants.find(session, [ref]).get(ref)
            if participant is None:
                continue
            lock(participant)
            retention = policy.retention_of(session, [ref], report.years).get(ref)
            if retention is None or retention.retention_until > now:
                report.kept += 1
                continue
            erased = erasure.erase(session, None, participant)
            _entry(session, "participant.erase", erased.tombstone)
            report.erasures.append(erased)
        session.commit()


def run(engine: Engine, years: int, *, dry_run: bool) -> RunReport:
    """Erase (or, with `dry_run`, only count) what has passed its retention.
    `engine` must take the write lock up front on SQLite (`Database.writer`)."""
    with Session(engine) as session:
        due = policy.due(session, years)
    report = RunReport(years=years, due=len(due), dry_run=dry_run)
    if not dry_run:
        refs = [r.participant_ref for r in due]
        for start in range(0, len(refs), CHUNK):
            _erase_chunk(engine, refs[start : start + CHUNK], report)
    with Session(engine) as session:
        if dry_run:
            _entry(session, "retention.preview", f"{report.due} due")
        else:
            _entry(session, "retention.run", f"{len(report.erasures)} erased")
        session.commit()
    return report
