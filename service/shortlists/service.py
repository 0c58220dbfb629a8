"""Shortlists: resolve the target, rank the caller's pool, store the snapshot.

The target must still be worth ranking for: a need that is open, a cohort that is
planned or recruiting, a placement that has not ended (409 otherwise). The pool is
the participants of the units the caller's key serves. The seed of the tie-break
lottery is drawn when the request gives none, and stored, so the same request
against the same data gives the same order again.
"""

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

import matching
from matching import InvalidWeight, Target
from service.candidates.concepts import Vocabularies
from service.candidates.targets import (
    load_cohort_target,
    load_need_target,
    load_placement_target,
)
from service.cohorts import service as cohorts
from service.cohorts.models import CohortStatus
from service.enrolments.commitments import supervisor_load
from service.errors import Conflict, InvalidInput, NotFound
from service.kit.caller import Caller
from service.kit.pagination import PageParams
from service.kit.records import equal_to, list_page
from service.needs import service as needs
from service.needs.models import NeedStatus
from service.placements import service as placements
from service.shortlists.explained import Labeller
from service.shortlists.index import CandidateIndex
from service.shortlists.models import (
    Decision,
    DecisionPublic,
    Shortlist,
    ShortlistCreate,
    ShortlistDecision,
    ShortlistPublic,
    ShortlistSummary,
    TargetKind,
    TargetRef,
)

RANKABLE_COHORTS = frozenset({CohortStatus.PLANNED, CohortStatus.RECRUITING})


def today() -> date:
    return date.today()


def target_for(
    session: Session,
    ref: TargetRef,
    vocabularies: Vocabularies,
    *,
    strict_skills: bool = False,
) -> Target:
    """The target `ref` names, as matching sees it; 404 if absent, 409 if it is
    no longer open for candidates."""
    if ref.kind is TargetKind.NEED:
        need = needs.get(session, ref.id)
        if need.status != NeedStatus.OPEN:
            raise Conflict(
                f"The need is {need.status}; only an open need takes candidates.",
                rule="need_not_open",
            )
        return load_need_target(
            session, need, vocabularies, strict_skills=strict_skills
        )
    if ref.kind is TargetKind.COHORT:
        cohort = cohorts.get(session, ref.id)
        if cohort.status not in RANKABLE_COHORTS:
            raise Conflict(
                f"The cohort is {cohort.status}; only a planned or recruiting "
                "cohort takes candidates.",
                rule="cohort_not_recruiting",
            )
        return load_cohort_target(session, cohort, vocabularies)
    placement = placements.get(session, ref.id)
    if placement.end_date < today():
        raise Conflict(
            "The placement has ended; it takes no more candidates.",
            rule="placement_ended",
        )
    return load_placement_target(
        session,
        placement,
        vocabularies,
        supervisor_load=supervisor_load(session, placement),
        strict_skills=strict_skills,
    )


def invalid_weight(error: InvalidWeight) -> InvalidInput:
    rule = "unknown_weight" if error.message.startswith("unknown") else "weight_bounds"
    field = "weights" if error.name == "weights" else f"weights.{error.name}"
    return InvalidInput.one(field, rule, error.message)


def create(
    session: Session,
    caller: Caller,
    body: ShortlistCreate,
    vocabularies: Vocabularies,
    index: CandidateIndex,
) -> Shortlist:
    """Rank the caller's pool for the target and build the snapshot (not stored)."""
    target = target_for(
        session, body.target, vocabularies, strict_skills=body.strict_skills
    )
    seed = secrets.randbits(63) if body.seed is None else body.seed
    with index.pools_for(session, vocabularies, caller) as pools:
        try:
            ranked = matching.rank(
                pools,
                target,
                today=today(),
                weights=body.weights,
                seed=seed,
                limit=body.limit,
            )
        except InvalidWeight as error:
            raise invalid_weight(error) from error
    labeller = Labeller(vocabularies)
    return Shortlist(
        target_kind=body.target.kind,
        target_id=body.target.id,
        programme=ranked.programme.value,
        purpose=body.purpose,
        algorithm_version=ranked.algorithm_version,
        taxonomy_version=vocabularies.concepts.version,
        seed=seed,
        limit=body.limit,
        strict_skills=body.strict_skills,
        weights=dict(ranked.weights),
        pool_size=ranked.pool_size,
        eligible_count=ranked.eligible_count,
        excluded_by_rule=dict(ranked.excluded_by_rule),
        relaxation_hints=dict(ranked.relaxation_hints),
        results=[labeller.result(r) for r in ranked.results],
        created_by=caller.key_id,
        units=caller.units_label,
    )


def _visible(caller: Caller) -> list[ColumnElement[bool]]:
    """Shortlists drawn only from units the caller serves (all for all-unit keys)."""
    if caller.units is None:
        return []
    labels = {caller.units_label, *caller.units}
    return [col(Shortlist.units).in_(sorted(labels))]


def get(session: Session, shortlist_id: int, caller: Caller) -> Shortlist:
    """The shortlist, if it was drawn from units the caller serves; 404 otherwise."""
    statement = select(Shortlist).where(
        col(Shortlist.id) == shortlist_id, *_visible(caller)
    )
    found = session.exec(statement).first()
    if found is None:
        raise NotFound(f"No shortlist has the id {shortlist_id}.")
    return found


def decisions_of(session: Session, shortlist_id: int) -> list[ShortlistDecision]:
    statement = (
        select(ShortlistDecision)
        .where(col(ShortlistDecision.shortlist_id) == shortlist_id)
        .order_by(col(ShortlistDecision.id))
    )
    return list(session.exec(statement).all())


def public(session: Session, shortlist: Shortlist) -> ShortlistPublic:
    assert shortlist.id is not None
    stored = {
        name: getattr(shortlist, name)
        for name in ShortlistPublic.model_fields
        if name not in ("target", "decisions")
    }
    return ShortlistPublic.model_validate(
        {
            **stored,
            "target": TargetRef(kind=shortlist.target_kind, id=shortlist.target_id),
            "decisions": [
                DecisionPublic.model_validate(d)
                for d in decisions_of(session, shortlist.id)
            ],
        }
    )


def summary(shortlist: Shortlist) -> ShortlistSummary:
    assert shortlist.id is not None
    return ShortlistSummary(
        id=shortlist.id,
        created_at=shortlist.created_at,
        created_by=shortlist.created_by,
        target=TargetRef(kind=shortlist.target_kind, id=shortlist.target_id),
        programme=shortlist.programme,
        purpose=shortlist.purpose,
        pool_size=shortlist.pool_size,
        eligible_count=shortlist.eligible_count,
        result_count=len(shortlist.results),
    )


def list_shortlists(
    session: Session,
    page: PageParams,
    caller: Caller,
    *,
    target_kind: TargetKind | None = None,
    target_id: int | None = None,
    created_by: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
) -> tuple[Sequence[Shortlist], int]:
    conditions: list[ColumnElement[bool]] = [
        *equal_to(
            [
                (col(Shortlist.target_kind), target_kind),
                (col(Shortlist.target_id), target_id),
                (col(Shortlist.created_by), created_by),
            ]
        ),
        *_visible(caller),
    ]
    if created_from is not None:
        conditions.append(col(Shortlist.created_at) >= created_from)
    if created_to is not None:
        conditions.append(col(Shortlist.created_at) < created_to)
    statement = select(Shortlist).where(*conditions).order_by(col(Shortlist.id).desc())
    return list_page(session, statement, page)


def proposed_refs(session: Session, shortlist: Shortlist) -> set[str]:
    """Who has been proposed (or selected) for this shortlist's target, on any
    shortlist: those an employer may know by ref."""
    same_target = select(Shortlist.id).where(
        col(Shortlist.target_kind) == shortlist.target_kind,
        col(Shortlist.target_id) == shortlist.target_id,
    )
    statement = select(ShortlistDecision.participant_ref).where(
        col(ShortlistDecision.shortlist_id).in_(same_target),
        or_(
            col(ShortlistDecision.decision) == Decision.PROPOSED,
            col(ShortlistDecision.decision) == Decision.SELECTED,
        ),
    )
    return set(session.exec(statement).all())
