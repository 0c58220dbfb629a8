"""The rules a placement must keep whenever it is created or changed."""

from sqlmodel import Session, col, func, select

from service.errors import Conflict, InvalidInput
from service.kit.periods import add_months, require_end_after_start
from service.kit.records import lock_name
from service.organisations.models import MUNICIPAL_KINDS, Organisation
from service.placements.models import (
    LEGACY_SUPPORT_FORMS,
    PRAKTIK_TRAINEES_PER_SUPERVISOR,
    STOCKHOLMSJOBB_MAX_MONTHS,
    Placement,
    PlacementProgramme,
    SupportForm,
)

# Names the advisory locks that serialise the checks of one supervisor's load.
SUPERVISOR_LOCK = 7_340_003


def lock_supervisor(session: Session, placement: Placement) -> None:
    """Make other requests that count or change this supervisor's load wait until
    this transaction ends, so that two writes on two of the supervisor's
    placements (two selections, two new placements) cannot both pass the limit."""
    if placement.supervisor_ref is not None:
        lock_name(session, SUPERVISOR_LOCK, placement.supervisor_ref)


def require_current_support_form(support_form: SupportForm | None) -> None:
    if support_form in LEGACY_SUPPORT_FORMS:
        raise InvalidInput.one(
            "support_form",
            "legacy_support_form",
            "extratjänst ended in 2020 and is kept only on old placements; "
            "choose a current support form",
        )


def supervisor_limit(placement: Placement) -> int | None:
    """How many trainees the placement's supervisor may have at once."""
    if placement.supervisor_capacity is not None:
        return placement.supervisor_capacity
    if placement.programme == PlacementProgramme.PRAKTIK:
        return PRAKTIK_TRAINEES_PER_SUPERVISOR
    return None


def _require_period(placement: Placement) -> None:
    require_end_after_start(placement.start_date, placement.end_date)
    longest = add_months(placement.start_date, STOCKHOLMSJOBB_MAX_MONTHS)
    if placement.programme == PlacementProgramme.STOCKHOLMSJOBB and (
        placement.end_date > longest
    ):
        raise InvalidInput.one(
            "end_date",
            "stockholmsjobb_max_12_months",
            f"a Stockholmsjobb lasts at most {STOCKHOLMSJOBB_MAX_MONTHS} months, "
            f"so it must end by {longest.isoformat()}",
        )


def _require_host(session: Session, placement: Placement) -> None:
    host = session.get(Organisation, placement.host_organisation_id)
    if host is None:
        raise InvalidInput.one(
            "host_organisation_id", "exists", "must be an organisation id"
        )
    if placement.programme == PlacementProgramme.STOCKHOLMSJOBB and (
        host.kind not in MUNICIPAL_KINDS
    ):
        raise InvalidInput.one(
            "host_organisation_id",
            "municipal_host",
            "Stockholmsjobb are in the city's own departments, districts and companies",
        )


def _require_supervisor(session: Session, placement: Placement) -> None:
    if (
        placement.programme == PlacementProgramme.PRAKTIK
        and not placement.supervisor_ref
    ):
        raise InvalidInput.one(
            "supervisor_ref", "supervisor_required", "an internship needs a supervisor"
        )
    limit = supervisor_limit(placement)
    if limit is None or placement.supervisor_ref is None:
        return
    lock_supervisor(session, placement)
    others = session.exec(
        select(func.coalesce(func.sum(Placement.capacity), 0)).where(
            col(Placement.host_organisation_id) == placement.host_organisation_id,
            col(Placement.supervisor_ref) == placement.supervisor_ref,
            col(Placement.id) != (placement.id or 0),
            col(Placement.start_date) < placement.end_date,
            col(Placement.end_date) > placement.start_date,
        )
    ).one()
    if others + placement.capacity > limit:
        raise Conflict(
            f"The supervisor can take {limit} trainees at a time; overlapping "
            f"placements already offer {others} and this one {placement.capacity}.",
            rule="supervisor_capacity",
        )


def require_valid(session: Session, placement: Placement) -> None:
    """Check the whole placement as it would be stored."""
    _require_period(placement)
    _require_host(session, placement)
    _require_supervisor(session, placement)
    if placement.capacity < placement.occupied:
        raise Conflict(
            f"{placement.occupied} places are taken; capacity cannot go below that."
        )
