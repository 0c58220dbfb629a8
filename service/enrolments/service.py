"""Enrolling participants and moving them through the stages."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.cohorts.models import Cohort
from service.db import utcnow
from service.enrolments import seats
from service.enrolments.models import (
    EXIT_STAGES,
    STAGE_TRANSITIONS,
    Enrolment,
    EnrolmentUpdate,
    Stage,
    Transition,
)
from service.enrolments.stockholmsjobb import require_months_left
from service.errors import Conflict, InvalidInput, NotFound
from service.kit.caller import Caller
from service.kit.pagination import PageParams
from service.kit.records import equal_to, get_or_raise, list_page
from service.kit.transitions import require_transition
from service.participants import service as participants
from service.participants.models import Participant
from service.placements.models import Placement


def get(session: Session, enrolment_id: int, caller: Caller) -> Enrolment:
    """The enrolment, if the caller may see its participant; others are as absent."""
    enrolment = get_or_raise(session, Enrolment, enrolment_id, "enrolment")
    participant = participants.find(session, [enrolment.participant_ref])
    found = participant.get(enrolment.participant_ref)
    if found is None or not caller.may_see(found.owning_unit):
        raise NotFound(f"No enrolment has the id {enrolment_id}.")
    return enrolment


def _transition(caller: Caller, before: Stage | None, after: Stage) -> Transition:
    return Transition(
        from_stage=before,
        to_stage=after,
        at=utcnow(),
        by_key_id=caller.key_id,
        by_role=caller.role.value,
    )


def _add(session: Session, enrolment: Enrolment) -> Enrolment:
    session.add(enrolment)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(
            "The participant is already enrolled here; a drop-out may enrol again."
        ) from error
    return enrolment


def _new(
    caller: Caller,
    participant_ref: str,
    cohort_id: int | None = None,
    placement_id: int | None = None,
) -> Enrolment:
    return Enrolment(
        participant_ref=participant_ref,
        cohort_id=cohort_id,
        placement_id=placement_id,
        stage=Stage.INTERESTED,
        transitions=[_transition(caller, None, Stage.INTERESTED)],
        created_by=caller.key_id,
    )


def enrol_in_cohort(
    session: Session, caller: Caller, cohort: Cohort, participant_ref: str
) -> Enrolment:
    participants.get(session, participant_ref, caller)
    seats.take_cohort_seat(session, cohort)
    return _add(session, _new(caller, participant_ref, cohort_id=cohort.id))


def enrol_on_placement(
    session: Session, caller: Caller, placement: Placement, participant_ref: str
) -> Enrolment:
    participant = participants.get(session, participant_ref, caller)
    require_months_left(session, placement, participant)
    seats.take_placement_place(session, placement)
    return _add(session, _new(caller, participant_ref, placement_id=placement.id))


def _require_outcome(stage: Stage, body: EnrolmentUpdate, enrolment: Enrolment) -> None:
    outcome = body.outcome or enrolment.outcome
    if stage in EXIT_STAGES and outcome is None:
        raise InvalidInput.one(
            "outcome", "outcome_required", f"leaving as {stage} needs an outcome"
        )
    if stage not in EXIT_STAGES and body.outcome is not None:
        raise InvalidInput.one(
            "outcome", "outcome_on_exit", "an outcome is recorded on exit"
        )
    if outcome is not None and stage != Stage.DROPPED_OUT:
        hired = stage == Stage.HIRED
        if outcome.hired_by_employer != hired:
            raise InvalidInput.one(
                "outcome.hired_by_employer",
                "outcome_matches_stage",
                f"must be {str(hired).lower()} for stage {stage}",
            )


def change(
    session: Session, caller: Caller, enrolment: Enrolment, body: EnrolmentUpdate
) -> None:
    """Move the stage and record who did it; a drop-out gives the seat back."""
    current = Stage(enrolment.stage)
    wanted = body.stage or current
    require_transition(STAGE_TRANSITIONS, current, wanted, "enrolment")
    _require_outcome(wanted, body, enrolment)
    if body.outcome is not None:
        enrolment.outcome = body.outcome
    if wanted != current:
        enrolment.transitions = [
            *enrolment.transitions,
            _transition(caller, current, wanted),
        ]
        enrolment.stage = wanted
        if wanted == Stage.DROPPED_OUT:
            _release(session, enrolment)
    enrolment.updated_at = utcnow()


def _release(session: Session, enrolment: Enrolment) -> None:
    if enrolment.cohort_id is not None:
        seats.release_cohort_seat(session, enrolment.cohort_id)
    if enrolment.placement_id is not None:
        seats.release_placement_place(session, enrolment.placement_id)


def list_enrolments(
    session: Session,
    page: PageParams,
    caller: Caller,
    *,
    cohort_id: int | None = None,
    placement_id: int | None = None,
    participant_ref: str | None = None,
    stage: Stage | None = None,
) -> tuple[Sequence[Enrolment], int]:
    conditions = equal_to(
        [
            (col(Enrolment.cohort_id), cohort_id),
            (col(Enrolment.placement_id), placement_id),
            (col(Enrolment.participant_ref), participant_ref),
            (col(Enrolment.stage), stage),
        ]
    )
    visible = participants.visible_to(caller)
    if visible:
        refs = select(Participant.participant_ref).where(*visible)
        conditions.append(col(Enrolment.participant_ref).in_(refs))
    statement = select(Enrolment).where(*conditions).order_by(col(Enrolment.id))
    return list_page(session, statement, page)
