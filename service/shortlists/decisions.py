"""A person's decision on a shortlisted participant; selection enrols them.

The ranking proposes, a named person decides (EU AI Act art. 14: human oversight).
Who decided and when come from the key, never from the body. Selecting for a cohort
or placement enrols the participant at `selected_by_employer` under the usual seat,
capacity and rule checks, so a full cohort is a 409 and nothing is written.
"""

from sqlmodel import Session

from service.candidates.concepts import Vocabularies
from service.cohorts import service as cohorts
from service.enrolments import service as enrolments
from service.enrolments.models import EnrolmentCreate
from service.errors import InvalidInput
from service.kit.caller import Caller
from service.participants import service as participants
from service.placements import service as placements
from service.shortlists.models import (
    Decision,
    DecisionCreate,
    Shortlist,
    ShortlistDecision,
    TargetKind,
)


def _require_reason(body: DecisionCreate) -> None:
    if body.decision is Decision.NOT_SELECTED and body.reason is None:
        raise InvalidInput.one(
            "reason", "reason_required", "not_selected needs a reason code"
        )
    if body.decision is not Decision.NOT_SELECTED and body.reason is not None:
        raise InvalidInput.one(
            "reason", "reason_for_not_selected", "a reason belongs to not_selected"
        )
    if body.override_reason is not None and body.decision is not Decision.SELECTED:
        raise InvalidInput.one(
            "override_reason",
            "override_for_selected",
            "an override reason belongs to selected",
        )


def decide(
    session: Session,
    caller: Caller,
    shortlist: Shortlist,
    body: DecisionCreate,
    vocabularies: Vocabularies,
) -> ShortlistDecision:
    """Stage the decision (and, on selection, the enrolment); never commits."""
    _require_reason(body)
    if body.participant_ref not in {r.participant_ref for r in shortlist.results}:
        raise InvalidInput.one(
            "participant_ref",
            "not_on_shortlist",
            "decisions are about participants this shortlist returned",
        )
    participants.get(session, body.participant_ref, caller)
    enrolment_id = None
    if body.decision is Decision.SELECTED and shortlist.target_kind != TargetKind.NEED:
        where = (
            cohorts.get(session, shortlist.target_id)
            if shortlist.target_kind == TargetKind.COHORT
            else placements.get(session, shortlist.target_id)
        )
        enrolment = enrolments.select_for(
            session,
            caller,
            where,
            EnrolmentCreate(
                participant_ref=body.participant_ref,
                override_reason=body.override_reason,
            ),
            vocabularies,
        )
        # A new enrolment has its id from its insert, a moved one had it.
        enrolment_id = enrolment.id
    assert shortlist.id is not None
    return ShortlistDecision(
        shortlist_id=shortlist.id,
        participant_ref=body.participant_ref,
        decision=body.decision,
        reason=body.reason,
        decided_by=caller.key_id,
        decided_by_role=caller.role.value,
        override_reason=body.override_reason,
        enrolment_id=enrolment_id,
    )
