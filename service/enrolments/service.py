"""Enrolling participants and moving them through the stages."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.candidates.concepts import Vocabularies
from service.cohorts.models import Cohort
from service.db import utcnow
from service.enrolments import guard, seats
from service.enrolments.models import (
    EXIT_STAGES,
    FUNNEL_STAGES,
    SEAT_STAGES,
    STAGE_TRANSITIONS,
    Enrolment,
    EnrolmentCreate,
    EnrolmentUpdate,
    Stage,
    Transition,
)
from service.errors import Conflict, InvalidInput, NotFound
from service.kit.caller import Caller
from service.kit.pagination import PageParams
from service.kit.records import equal_to, get_or_raise, list_page, lock
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
    body: EnrolmentCreate,
    where: Cohort | Placement,
    stage: Stage = Stage.INTERESTED,
) -> Enrolment:
    return Enrolment(
        participant_ref=body.participant_ref,
        cohort_id=where.id if isinstance(where, Cohort) else None,
        placement_id=where.id if isinstance(where, Placement) else None,
        stage=stage,
        transitions=[_transition(caller, None, stage)],
        override_reason=body.override_reason,
        created_by=caller.key_id,
    )


def _require_open(where: Cohort | Placement) -> None:
    if isinstance(where, Cohort):
        seats.require_enrolling(where)
    if isinstance(where, Placement) and where.end_date < date.today():
        raise Conflict("The placement has ended; it takes no enrolments.")


def _take(session: Session, where: Cohort | Placement) -> None:
    if isinstance(where, Cohort):
        seats.take_cohort_seat(session, where)
    else:
        seats.take_placement_place(session, where)


def enrol(
    session: Session,
    caller: Caller,
    where: Cohort | Placement,
    body: EnrolmentCreate,
    vocabularies: Vocabularies,
) -> Enrolment:
    """Enter the participant into the funnel (interested): the programme's rules
    must hold, but no seat or place is taken until selection."""
    participant = participants.get(session, body.participant_ref, caller)
    _require_open(where)
    guard.require_rules(
        session,
        vocabularies,
        participant,
        where,
        override_reason=body.override_reason,
    )
    return _add(session, _new(caller, body, where))


def _live(
    session: Session, where: Cohort | Placement, participant_ref: str
) -> Enrolment | None:
    owner = (
        col(Enrolment.cohort_id)
        if isinstance(where, Cohort)
        else col(Enrolment.placement_id)
    )
    statement = select(Enrolment).where(
        owner == where.id,
        col(Enrolment.participant_ref) == participant_ref,
        col(Enrolment.stage) != Stage.DROPPED_OUT,
    )
    return session.exec(statement).first()


def select_for(
    session: Session,
    caller: Caller,
    where: Cohort | Placement,
    body: EnrolmentCreate,
    vocabularies: Vocabularies,
) -> Enrolment:
    """Select the participant (a shortlist decision): move their funnel enrolment
    on, or enrol them straight at selection, taking a seat or place (409 when none
    is left or the rules fail, and nothing is written)."""
    participant = participants.get(session, body.participant_ref, caller)
    _require_open(where)
    live = _live(session, where, body.participant_ref)
    if live is not None:
        # Two decisions for one person must not both move it on and take a seat.
        lock(live)
    if live is not None and Stage(live.stage) not in FUNNEL_STAGES:
        raise Conflict(f"The participant is already {live.stage} here.")
    guard.require_rules(
        session,
        vocabularies,
        participant,
        where,
        override_reason=body.override_reason,
        excluding=None if live is None else live.id,
    )
    _take(session, where)
    if live is None:
        return _add(session, _new(caller, body, where, Stage.SELECTED_BY_EMPLOYER))
    _move(caller, live, Stage.SELECTED_BY_EMPLOYER, date.today())
    if body.override_reason is not None:
        live.override_reason = body.override_reason
    return live


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


def _where(session: Session, enrolment: Enrolment) -> Cohort | Placement:
    if enrolment.cohort_id is not None:
        return get_or_raise(session, Cohort, enrolment.cohort_id, "cohort")
    assert enrolment.placement_id is not None
    return get_or_raise(session, Placement, enrolment.placement_id, "placement")


def _require_happened_on(
    happened_on: date, stage: Stage, where: Cohort | Placement
) -> None:
    if happened_on > date.today():
        raise InvalidInput.one(
            "happened_on", "not_in_future", "a stage change cannot be in the future"
        )
    if stage in (Stage.HIRED, Stage.COMPLETED) and happened_on < where.start_date:
        raise InvalidInput.one(
            "happened_on",
            "not_before_start",
            f"{stage} cannot precede the start on {where.start_date.isoformat()}",
        )


def _move(caller: Caller, enrolment: Enrolment, stage: Stage, on: date) -> None:
    current = Stage(enrolment.stage)
    step = _transition(caller, current, stage).model_copy(update={"on": on})
    enrolment.transitions = [*enrolment.transitions, step]
    enrolment.stage = stage
    enrolment.updated_at = utcnow()


def change(
    session: Session,
    caller: Caller,
    enrolment: Enrolment,
    body: EnrolmentUpdate,
    vocabularies: Vocabularies,
) -> bool:
    """Move the stage and record who did it and when it happened. Selection takes
    the seat or place (the rules must hold); a drop-out after it gives it back.
    False when the body asks for what is already so: nothing is changed."""
    current = Stage(enrolment.stage)
    wanted = body.stage or current
    require_transition(STAGE_TRANSITIONS, current, wanted, "enrolment")
    _require_outcome(wanted, body, enrolment)
    new_outcome = body.outcome is not None and body.outcome != enrolment.outcome
    if wanted == current and not new_outcome:
        return False
    if new_outcome:
        enrolment.outcome = body.outcome
    enrolment.updated_at = utcnow()
    if wanted == current:
        return True
    where = _where(session, enrolment)
    happened_on = body.happened_on or date.today()
    _require_happened_on(happened_on, wanted, where)
    if current in FUNNEL_STAGES and wanted in SEAT_STAGES:
        participant = participants.get(session, enrolment.participant_ref, caller)
        override = body.override_reason or enrolment.override_reason
        guard.require_rules(
            session,
            vocabularies,
            participant,
            where,
            override_reason=override,
            excluding=enrolment.id,
        )
        _take(session, where)
        if body.override_reason is not None:
            enrolment.override_reason = body.override_reason
    if wanted == Stage.DROPPED_OUT and current in SEAT_STAGES:
        _release(session, enrolment)
    _move(caller, enrolment, wanted, happened_on)
    return True


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
