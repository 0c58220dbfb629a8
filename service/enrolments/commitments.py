"""What participants are committed to: the seats and places they hold, and when.

Read by the enrolment guard and the candidate index, so that "busy in an
overlapping enrolment or placement" means the same everywhere.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from matching import Period
from service.cohorts.models import Cohort
from service.enrolments.models import SEAT_STAGES, Enrolment
from service.placements.models import Placement

# Bound parameters per IN list: SQLite allows 32,766, PostgreSQL 65,535.
CHUNK = 5000


def chunks(refs: Collection[str] | None) -> Iterator[list[str] | None]:
    """`refs` in bound lists the drivers accept (one None: every participant)."""
    if refs is None:
        yield None
        return
    listed = sorted(refs)
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def _narrowed(statement: Any, refs: list[str] | None, excluding: int | None) -> Any:
    if refs is not None:
        statement = statement.where(col(Enrolment.participant_ref).in_(refs))
    if excluding is not None:
        statement = statement.where(col(Enrolment.id) != excluding)
    return statement


def _held_dates(owner: type[Cohort] | type[Placement], key: Any) -> Any:
    return (
        sa_select(
            col(Enrolment.participant_ref), col(owner.start_date), col(owner.end_date)
        )
        .join(owner, col(owner.id) == col(key))
        .where(col(Enrolment.stage).in_(sorted(SEAT_STAGES)))
    )


def busy_periods(
    session: Session,
    refs: Collection[str] | None = None,
    *,
    excluding: int | None = None,
) -> dict[str, list[Period]]:
    """Per participant (all when `refs` is None), the periods of the seats and
    places held; `excluding` leaves out one enrolment (the one being changed)."""
    found: dict[str, list[Period]] = defaultdict(list)
    held = (
        _held_dates(Cohort, Enrolment.cohort_id),
        _held_dates(Placement, Enrolment.placement_id),
    )
    for chunk in chunks(refs):
        for statement in held:
            rows = session.execute(_narrowed(statement, chunk, excluding))
            for ref, start, end in rows:
                found[ref].append(Period(start, end))
    return dict(found)


def last_enrolled(
    session: Session, refs: Collection[str] | None = None
) -> dict[str, date]:
    """Per participant, the day of their latest enrolment."""
    found: dict[str, date] = {}
    for chunk in chunks(refs):
        statement = select(
            Enrolment.participant_ref, func.max(Enrolment.created_at)
        ).group_by(col(Enrolment.participant_ref))
        for ref, at in session.exec(_narrowed(statement, chunk, None)):
            found[ref] = (
                at.date() if hasattr(at, "date") else date.fromisoformat(str(at)[:10])
            )
    return found


def supervisor_load(session: Session, placement: Placement) -> int:
    """Trainees the placement's supervisor holds during its period, anywhere."""
    if placement.supervisor_ref is None:
        return 0
    statement = (
        select(func.count())
        .select_from(Enrolment)
        .join(Placement, col(Placement.id) == col(Enrolment.placement_id))
        .where(
            col(Placement.supervisor_ref) == placement.supervisor_ref,
            col(Placement.start_date) < placement.end_date,
            col(Placement.end_date) > placement.start_date,
            col(Enrolment.stage).in_(sorted(SEAT_STAGES)),
        )
    )
    return int(session.exec(statement).one())
