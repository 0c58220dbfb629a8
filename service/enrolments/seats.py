"""Seats in cohorts and places on placements, taken and given back atomically.

A seat is taken on selection (`selected_by_employer`), not on first interest, so
any number of people can be in the funnel before it.

A seat is taken with one conditional UPDATE (`... SET seats_taken = seats_taken + 1
WHERE seats_taken < seats`). The row lock makes concurrent requests queue, and the
condition is checked again by each after the one before it commits (PostgreSQL
re-reads the row under READ COMMITTED; SQLite's BEGIN IMMEDIATE serialises the
writers), so the last seat can never be given twice. A row count of zero is a 409.
The condition holds the cohort's status too, so a cohort cancelled meanwhile takes
no seat. Changes of `seats` and `capacity` lock the row first
(`Changes.check_version`), so they queue with these UPDATEs and never go below what
is taken.
"""

from sqlalchemy import update
from sqlmodel import Session, col

from service.cohorts.models import ENROLLING, Cohort
from service.errors import Conflict
from service.placements.models import Placement


def _updated(session: Session, statement: object) -> bool:
    result = session.connection().execute(statement)  # type: ignore[call-overload]
    return bool(result.rowcount == 1)


def require_enrolling(cohort: Cohort) -> None:
    if cohort.status not in ENROLLING:
        raise Conflict(f"The cohort is {cohort.status}; it takes no enrolments.")


def take_cohort_seat(session: Session, cohort: Cohort) -> None:
    require_enrolling(cohort)
    taken = _updated(
        session,
        update(Cohort)
        .where(
            col(Cohort.id) == cohort.id,
            col(Cohort.seats_taken) < col(Cohort.seats),
            col(Cohort.status).in_(sorted(ENROLLING)),
        )
        .values(seats_taken=col(Cohort.seats_taken) + 1),
    )
    if not taken:
        # Say why from the row as it is now: its seats or its status may have
        # changed since this request read it.
        session.refresh(cohort)
        require_enrolling(cohort)
        raise Conflict(
            f"All {cohort.seats} seats of the cohort are taken.",
            rule="seats_full",
            seats=cohort.seats,
        )


def release_cohort_seat(session: Session, cohort_id: int) -> None:
    _updated(
        session,
        update(Cohort)
        .where(col(Cohort.id) == cohort_id, col(Cohort.seats_taken) > 0)
        .values(seats_taken=col(Cohort.seats_taken) - 1),
    )


def take_placement_place(session: Session, placement: Placement) -> None:
    taken = _updated(
        session,
        update(Placement)
        .where(
            col(Placement.id) == placement.id,
            col(Placement.occupied) < col(Placement.capacity),
        )
        .values(occupied=col(Placement.occupied) + 1),
    )
    if not taken:
        raise Conflict(
            f"All {placement.capacity} places are taken (a supervisor takes at most "
            f"{placement.supervisor_capacity or placement.capacity} trainees).",
            rule="placement_full",
            capacity=placement.capacity,
        )


def release_placement_place(session: Session, placement_id: int) -> None:
    _updated(
        session,
        update(Placement)
        .where(col(Placement.id) == placement_id, col(Placement.occupied) > 0)
        .values(occupied=col(Placement.occupied) - 1),
    )
