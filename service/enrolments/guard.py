"""The hard rules of the programme, checked when a participant is enrolled or selected.

The same rules as every shortlist, in one implementation (`matching.check`), so a
person a shortlist would exclude cannot be enrolled by hand either, unless someone
states why (`override_reason`, kept on the enrolment and in the audit trail). Seats
and places are left to the atomic counters in `seats.py`, which take them.
"""

from datetime import date

from sqlmodel import Session

import matching
from matching import Target
from service.candidates.concepts import Vocabularies
from service.candidates.profiles import profile_of
from service.candidates.targets import (
    load_cohort_target,
    load_placement_target,
    without_capacity,
)
from service.cohorts.models import Cohort
from service.enrolments.commitments import busy_periods, supervisor_load
from service.errors import Conflict
from service.kit.records import lock
from service.participants.models import Participant
from service.placements.models import Placement
from service.placements.rules import lock_supervisor


def target_of(
    session: Session, vocabularies: Vocabularies, where: Cohort | Placement
) -> Target:
    if isinstance(where, Cohort):
        target = load_cohort_target(session, where, vocabularies)
    else:
        # Held until the place is taken and committed, so the load counted stays
        # true; the placement first, in the order its own updates lock them.
        lock(where)
        lock_supervisor(session, where)
        load = supervisor_load(session, where)
        target = load_placement_target(
            session, where, vocabularies, supervisor_load=load
        )
    return without_capacity(target)


def require_rules(
    session: Session,
    vocabularies: Vocabularies,
    participant: Participant,
    where: Cohort | Placement,
    *,
    override_reason: str | None,
    excluding: int | None = None,
) -> None:
    """Refuse (409, every failed rule with its reasons) unless the rules hold or an
    override reason is given; `excluding` is the enrolment being moved on."""
    ref = participant.participant_ref
    busy = busy_periods(session, [ref], excluding=excluding).get(ref, ())
    profile = profile_of(participant, vocabularies, busy=busy)
    target = target_of(session, vocabularies, where)
    failed = matching.check(profile, target, vocabularies.concepts, today=date.today())
    if failed and override_reason is None:
        raise Conflict(
            "The participant does not meet the programme's rules: "
            f"{', '.join(f.code for f in failed)}. Give override_reason to enrol "
            "anyway.",
            rule="rules_not_met",
            failed_rules=[
                {"code": f.code, "reason_sv": f.reason_sv, "reason_en": f.reason_en}
                for f in failed
            ],
        )
