"""The reverse direction: a participant's best options among open targets.

Every open need, planned or recruiting cohort and placement that has not ended is
ranked with the same rules and components as a shortlist; targets the participant
fails are listed too (with the rules failed), after the eligible ones, unless the
request leaves them out.
"""

from sqlmodel import Session, col, select

import matching
from matching import InvalidWeight, Target
from service.candidates.concepts import Vocabularies
from service.candidates.profiles import profile_of
from service.candidates.targets import (
    load_cohort_target,
    load_need_target,
    load_placement_target,
)
from service.cohorts.models import Cohort
from service.enrolments.commitments import (
    busy_periods,
    last_enrolled,
    supervisor_load,
)
from service.kit.caller import Caller
from service.needs.models import Need, NeedStatus
from service.participants import service as participants
from service.placements.models import Placement
from service.shortlists.explained import Labeller, failures
from service.shortlists.index import last_proposed
from service.shortlists.models import (
    Matches,
    MatchesCreate,
    MatchOut,
    TargetKind,
    TargetRef,
)
from service.shortlists.service import RANKABLE_COHORTS, invalid_weight, today


def open_targets(
    session: Session, vocabularies: Vocabularies
) -> list[tuple[TargetRef, Target]]:
    found: list[tuple[TargetRef, Target]] = []
    for need in session.exec(
        select(Need).where(col(Need.status) == NeedStatus.OPEN).order_by(col(Need.id))
    ):
        assert need.id is not None
        target = load_need_target(session, need, vocabularies, strict_skills=False)
        found.append((TargetRef(kind=TargetKind.NEED, id=need.id), target))
    for cohort in session.exec(
        select(Cohort)
        .where(col(Cohort.status).in_(sorted(RANKABLE_COHORTS)))
        .order_by(col(Cohort.id))
    ):
        assert cohort.id is not None
        target = load_cohort_target(session, cohort, vocabularies)
        found.append((TargetRef(kind=TargetKind.COHORT, id=cohort.id), target))
    for placement in session.exec(
        select(Placement)
        .where(col(Placement.end_date) >= today())
        .order_by(col(Placement.id))
    ):
        assert placement.id is not None
        target = load_placement_target(
            session,
            placement,
            vocabularies,
            supervisor_load=supervisor_load(session, placement),
        )
        found.append((TargetRef(kind=TargetKind.PLACEMENT, id=placement.id), target))
    return found


def matches_for(
    session: Session,
    caller: Caller,
    participant_ref: str,
    body: MatchesCreate,
    vocabularies: Vocabularies,
) -> Matches:
    participant = participants.get(session, participant_ref, caller)
    refs = [participant_ref]
    busy = busy_periods(session, refs).get(participant_ref, ())
    contacts = [
        *last_enrolled(session, refs).values(),
        *last_proposed(session, refs).values(),
    ]
    profile = profile_of(
        participant, vocabularies, busy=busy, last_contact=max(contacts, default=None)
    )
    targets = open_targets(session, vocabularies)
    named = {target.ref: ref for ref, target in targets}
    try:
        found = matching.matches(
            profile,
            [target for _, target in targets],
            vocabularies.concepts,
            today=today(),
            weights=body.weights,
        )
    except InvalidWeight as error:
        raise invalid_weight(error) from error
    labeller = Labeller(vocabularies)
    listed = [m for m in found if body.include_ineligible or m.eligible]
    out = []
    for match in listed[: body.limit]:
        components, missing = labeller.parts(match)
        out.append(
            MatchOut(
                target=named[match.target_ref],
                programme=match.programme.value,
                eligible=match.eligible,
                failed_rules=failures(match.failures),
                score=match.score,
                components=components,
                missing=missing,
            )
        )
    return Matches(
        participant_ref=participant_ref,
        algorithm_version=matching.ALGORITHM_VERSION,
        taxonomy_version=vocabularies.concepts.version,
        purpose=body.purpose,
        matches=out,
    )
