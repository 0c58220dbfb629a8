"""Cohort rules: dates in order, seats never below those taken."""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from service.cohorts.models import (
    COHORT_TRANSITIONS,
    Cohort,
    CohortCreate,
    CohortStatus,
    CohortUpdate,
)
from service.errors import Conflict
from service.kit.pagination import PageParams
from service.kit.periods import require_end_after_start, require_order
from service.kit.records import apply_changes, equal_to, get_or_raise, list_page
from service.kit.transitions import require_transition
from service.requirements.discrimination import reject_discrimination


def get(session: Session, cohort_id: int) -> Cohort:
    return get_or_raise(session, Cohort, cohort_id, "cohort")


def _require_dates(cohort: Cohort | CohortCreate) -> None:
    require_end_after_start(cohort.start_date, cohort.end_date)
    require_order(
        cohort.selection_deadline,
        cohort.start_date,
        "selection_deadline",
        "deadline_before_start",
        "must be on or before start_date",
    )


def build(track_id: int, body: CohortCreate, created_by: str) -> Cohort:
    # A cohort name is published with the track ("Endast män vt 2027"), so it is
    # screened like every other text an employer writes.
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    _require_dates(body)
    return Cohort.model_validate(
        body, update={"track_id": track_id, "created_by": created_by}
    )


def check_update(cohort: Cohort, body: CohortUpdate) -> None:
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    if body.status is not None:
        require_transition(COHORT_TRANSITIONS, cohort.status, body.status, "cohort")
    if body.seats is not None and body.seats < cohort.seats_taken:
        raise Conflict(
            f"{cohort.seats_taken} seats are taken; seats cannot go below that.",
            seats_taken=cohort.seats_taken,
        )
    apply_changes(cohort, changes)
    _require_dates(cohort)


def list_cohorts(
    session: Session,
    page: PageParams,
    *,
    track_id: int,
    status: CohortStatus | None,
) -> tuple[Sequence[Cohort], int]:
    conditions = equal_to(
        [(col(Cohort.track_id), track_id), (col(Cohort.status), status)]
    )
    return list_page(
        session, select(Cohort).where(*conditions).order_by(col(Cohort.id)), page
    )
