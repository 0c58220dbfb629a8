"""The 12-months-in-5-years rule for Stockholmsjobb.

A person may hold fixed-term Stockholmsjobb with one employer for at most 12 months
within five years; the participant record carries earlier fixed-term months per
employing organisation, and a placement that would pass the limit is refused.
"""

from datetime import date

from sqlmodel import Session

from service.errors import Conflict
from service.kit.periods import add_months
from service.organisations.models import Organisation
from service.participants.models import Participant
from service.placements.models import (
    STOCKHOLMSJOBB_MAX_MONTHS,
    Placement,
    PlacementProgramme,
)

WINDOW_MONTHS = 60


def placement_months(start: date, end: date) -> int:
    """Whole months the placement spans, a started month counting as one."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day > start.day else max(months, 1)


def require_months_left(
    session: Session, placement: Placement, participant: Participant
) -> None:
    if placement.programme != PlacementProgramme.STOCKHOLMSJOBB:
        return
    host = session.get(Organisation, placement.host_organisation_id)
    if host is None or host.org_number is None:
        return
    window_start = add_months(placement.start_date, -WINDOW_MONTHS)
    earlier = sum(
        job.months
        for job in participant.prior_employment
        if job.org_number == host.org_number and job.ended_on >= window_start
    )
    planned = placement_months(placement.start_date, placement.end_date)
    if earlier + planned > STOCKHOLMSJOBB_MAX_MONTHS:
        raise Conflict(
            f"The participant has had {earlier} fixed-term months with this employer "
            f"in the last five years; {planned} more would pass the limit of "
            f"{STOCKHOLMSJOBB_MAX_MONTHS}.",
            rule="stockholmsjobb_12_months_in_5_years",
        )
