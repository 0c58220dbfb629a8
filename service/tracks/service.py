"""Checking tracks against the taxonomy, the law and the records they link."""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from service.errors import FieldError, InvalidInput
from service.kit.pagination import PageParams
from service.kit.records import apply_changes, equal_to, get_or_raise, list_page
from service.kit.transitions import require_transition
from service.needs.models import Need
from service.organisations import repository as organisations
from service.requirements.discrimination import reject_discrimination
from service.requirements.models import OCCUPATION_TYPES
from service.requirements.refs import concept_refs, profile_refs
from service.requirements.terms import TermResolver, term_refs
from service.requirements.written import stored_profile
from service.taxonomy.concepts import ConceptRef, require_concepts
from service.taxonomy.state import LoadedTaxonomy
from service.tracks.models import (
    PHASE_TRANSITIONS,
    Track,
    TrackCreate,
    TrackKind,
    TrackPhase,
    TrackStep,
    TrackUpdate,
)


def get(session: Session, track_id: int) -> Track:
    return get_or_raise(session, Track, track_id, "track")


def _step_refs(steps: list[TrackStep] | None) -> list[ConceptRef]:
    return [
        ref
        for index, step in enumerate(steps or [])
        for ref in concept_refs(step.skill_ids, f"steps[{index}].skill_ids", ("skill",))
    ]


def _labels(resolver: TermResolver, steps: list[TrackStep]) -> dict[str, str]:
    return resolver.labels(skill for step in steps for skill in step.skill_ids)


def _require_links(
    session: Session, need_ids: list[int] | None, employer_ids: list[int] | None
) -> None:
    for index, organisation_id in enumerate(employer_ids or []):
        organisations.require_organisation(
            session, organisation_id, f"employer_ids[{index}]"
        )
    for index, need_id in enumerate(need_ids or []):
        if session.get(Need, need_id) is None:
            raise InvalidInput(
                f"No need has the id {need_id}.",
                [
                    FieldError(
                        field=f"need_ids[{index}]",
                        rule="exists",
                        message="must be a need id",
                    )
                ],
            )


def _check(
    session: Session, taxonomy: LoadedTaxonomy, body: TrackCreate | TrackUpdate
) -> None:
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    require_concepts(
        taxonomy,
        [
            *term_refs(body.occupation, "occupation", OCCUPATION_TYPES),
            *_step_refs(body.steps),
            *profile_refs(body.entry_requirements, "entry_requirements"),
        ],
    )
    _require_links(session, body.need_ids, body.employer_ids)


def check_create(
    session: Session, taxonomy: LoadedTaxonomy, body: TrackCreate
) -> Track:
    _check(session, taxonomy, body)
    resolver = TermResolver(taxonomy)
    requirements = stored_profile(
        resolver, body.entry_requirements, "entry_requirements"
    )
    term = resolver.resolve(body.occupation, "occupation-name")
    return Track.model_validate(
        body.model_dump(exclude={"occupation", "entry_requirements"}),
        update={
            "occupation": term,
            "occupation_id": term.concept_id,
            "entry_requirements": requirements,
            "labels": _labels(resolver, body.steps),
        },
    )


def check_update(
    session: Session, taxonomy: LoadedTaxonomy, track: Track, body: TrackUpdate
) -> None:
    _check(session, taxonomy, body)
    changes: dict[str, Any] = body.model_dump(
        exclude_unset=True, exclude={"occupation"}
    )
    if body.phase is not None:
        require_transition(PHASE_TRANSITIONS, track.phase, body.phase, "track")
    resolver = TermResolver(taxonomy)
    if body.entry_requirements is not None:
        changes["entry_requirements"] = stored_profile(
            resolver, body.entry_requirements, "entry_requirements"
        )
    if body.occupation is not None:
        term = resolver.resolve(body.occupation, "occupation-name")
        changes |= {"occupation": term, "occupation_id": term.concept_id}
    if body.steps is not None:
        changes["labels"] = _labels(resolver, body.steps)
    apply_changes(track, changes)


def list_tracks(
    session: Session,
    page: PageParams,
    *,
    kind: TrackKind | None,
    phase: TrackPhase | None,
    occupation_id: str | None,
) -> tuple[Sequence[Track], int]:
    conditions = equal_to(
        [
            (col(Track.kind), kind),
            (col(Track.phase), phase),
            (col(Track.occupation_id), occupation_id),
        ]
    )
    return list_page(
        session, select(Track).where(*conditions).order_by(col(Track.id)), page
    )
