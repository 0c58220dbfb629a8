"""How long a participant's records are kept: `retention_years` after the last activity.

The last activity is the latest of the participant record's own change, any change
of one of their enrolments (a stage, an outcome, a follow-up after 90 days) and any
decision on them in a shortlist. It is computed from those rows whenever asked,
never stored beside them, so it cannot fall behind a write path that forgot it,
and a changed `retention_years` applies to everyone at once. Reading a record is
not activity: it would let looking at someone keep them for ever.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from service.db import utcnow
from service.enrolments.models import Enrolment
from service.kit.periods import add_months
from service.participants.models import Participant
from service.shortlists.models import ShortlistDecision

CHUNK = 500


def _years_later(instant: datetime, years: int) -> datetime:
    day = add_months(instant.date(), 12 * years)
    return instant.replace(year=day.year, month=day.month, day=day.day)


@dataclass(frozen=True)
class Retention:
    participant_ref: str
    last_activity_at: datetime
    retention_until: datetime


def _latest(
    found: dict[str, datetime], rows: Sequence[tuple[str, datetime | None]]
) -> None:
    for ref, at in rows:
        if at is not None and (ref not in found or at > found[ref]):
            found[ref] = at


def last_activity(session: Session, refs: Sequence[str]) -> dict[str, datetime]:
    """The last activity of each of these participants."""
    found: dict[str, datetime] = {}
    for start in range(0, len(refs), CHUNK):
        chunk = list(refs[start : start + CHUNK])
        _latest(
            found,
            session.exec(
                select(Participant.participant_ref, Participant.updated_at).where(
                    col(Participant.participant_ref).in_(chunk)
                )
            ).all(),
        )
        _latest(
            found,
            session.exec(
                select(Enrolment.participant_ref, func.max(Enrolment.updated_at))
                .where(col(Enrolment.participant_ref).in_(chunk))
                .group_by(col(Enrolment.participant_ref))
            ).all(),
        )
        _latest(
            found,
            session.exec(
                select(
                    ShortlistDecision.participant_ref,
                    func.max(ShortlistDecision.decided_at),
                )
                .where(col(ShortlistDecision.participant_ref).in_(chunk))
                .group_by(col(ShortlistDecision.participant_ref))
            ).all(),
        )
    return found


def retention_of(
    session: Session, refs: Sequence[str], years: int
) -> dict[str, Retention]:
    """Each participant's last activity and the day their retention ends."""
    return {
        ref: Retention(ref, at, _years_later(at, years))
        for ref, at in last_activity(session, refs).items()
    }


def due(session: Session, years: int, now: datetime | None = None) -> list[Retention]:
    """Every participant whose retention has ended, longest-inactive first."""
    now = now or utcnow()
    refs = list(session.exec(select(Participant.participant_ref)).all())
    ended = list(retention_of(session, refs, years).values())
    return sorted(
        (r for r in ended if r.retention_until <= now),
        key=lambda r: (r.last_activity_at, r.participant_ref),
    )
