"""Checking and building needs, shared by single writes and the batch import."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from service.errors import Conflict, FieldError, InvalidInput
from service.kit.pagination import PageParams
from service.kit.records import apply_changes, equal_to, get_or_raise, list_page
from service.kit.transitions import require_transition
from service.needs.interpretation import interpret, licence_requirements
from service.needs.models import (
    NEED_TRANSITIONS,
    Need,
    NeedCreate,
    NeedStatus,
    NeedUpdate,
)
from service.organisations import repository as organisations
from service.requirements.discrimination import reject_discrimination
from service.requirements.models import OCCUPATION_TYPES, RequirementProfile
from service.requirements.refs import profile_refs
from service.requirements.terms import TermIn, TermResolver, term_refs
from service.requirements.written import stored_profile
from service.taxonomy.concepts import require_concepts
from service.taxonomy.state import LoadedTaxonomy


def get(session: Session, need_id: int) -> Need:
    return get_or_raise(session, Need, need_id, "need")


def require_start_window(earliest: date | None, latest: date | None) -> None:
    if earliest is not None and latest is not None and latest < earliest:
        raise InvalidInput(
            "The latest start is before the earliest start.",
            [
                FieldError(
                    field="latest_start",
                    rule="after_earliest_start",
                    message="must be on or after earliest_start",
                )
            ],
        )


def _read_description(
    taxonomy: LoadedTaxonomy, description: str, requirements: RequirementProfile
) -> tuple[TermIn | None, RequirementProfile]:
    """What the free text says, merged under what the client stated explicitly."""
    reading = interpret(description)
    known = {item.concept_id for item in requirements.must}
    licences = [
        item
        for item in licence_requirements(
            taxonomy.graph, reading.licence_codes, taxonomy.label
        )
        if item.concept_id not in known
    ]
    merged = requirements.model_copy(
        update={
            "swedish": requirements.swedish or reading.swedish,
            "must": [*requirements.must, *licences],
        }
    )
    occupation = (
        TermIn(text=reading.occupation_text) if reading.occupation_text else None
    )
    return occupation, merged


def require_unique_ref(
    session: Session, external_ref: str | None, need_id: int | None = None
) -> None:
    if external_ref is None:
        return
    holder = find_by_refs(session, [external_ref]).get(external_ref)
    if holder is not None and holder.id != need_id:
        raise Conflict(
            f"The external_ref {external_ref!r} belongs to need {holder.id}.",
            need_id=holder.id,
        )


def check_create(
    session: Session,
    taxonomy: LoadedTaxonomy,
    body: NeedCreate,
    *,
    resolver: TermResolver | None = None,
    replacing: int | None = None,
) -> Need:
    """Validate a need against the taxonomy, the law and the database.

    A batch passes one `resolver` for all its rows, so each text is mapped once;
    `replacing` is the id of the need a batch row overwrites, which may keep its
    external_ref.
    """
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    require_concepts(
        taxonomy,
        [
            *term_refs(body.occupation, "occupation", OCCUPATION_TYPES),
            *profile_refs(body.requirements, "requirements"),
        ],
    )
    organisations.require_organisation(session, body.organisation_id, "organisation_id")
    organisations.require_workplace_of(
        session, body.organisation_id, body.workplace_id, "workplace_id"
    )
    require_start_window(body.earliest_start, body.latest_start)
    require_unique_ref(session, body.external_ref, replacing)
    resolver = resolver or TermResolver(taxonomy)
    requirements = stored_profile(resolver, body.requirements, "requirements")
    occupation = body.occupation
    if occupation is None and body.description:
        occupation, requirements = _read_description(
            taxonomy, body.description, requirements
        )
    if occupation is None:
        raise InvalidInput(
            "Say which occupation the need is for.",
            [
                FieldError(
                    field="occupation",
                    rule="occupation_required",
                    message="give occupation (concept_id or text) or a description",
                )
            ],
        )
    term = resolver.resolve(occupation, "occupation-name")
    return Need.model_validate(
        body.model_dump(exclude={"occupation", "requirements"}),
        update={
            "occupation": term,
            "occupation_id": term.concept_id,
            "requirements": requirements,
        },
    )


def check_update(
    session: Session, taxonomy: LoadedTaxonomy, need: Need, body: NeedUpdate
) -> None:
    """Validate a change and apply it to the need (not yet flushed)."""
    reject_discrimination(body.model_dump(mode="json", exclude_unset=True))
    require_concepts(
        taxonomy,
        [
            *term_refs(body.occupation, "occupation", OCCUPATION_TYPES),
            *profile_refs(body.requirements, "requirements"),
        ],
    )
    changes: dict[str, Any] = body.model_dump(
        exclude_unset=True, exclude={"occupation"}
    )
    if "workplace_id" in changes:
        organisations.require_workplace_of(
            session, need.organisation_id, body.workplace_id, "workplace_id"
        )
    if "external_ref" in changes:
        require_unique_ref(session, body.external_ref, need.id)
    if body.status is not None:
        require_transition(NEED_TRANSITIONS, need.status, body.status, "need")
    resolver = TermResolver(taxonomy)
    if body.requirements is not None:
        changes["requirements"] = stored_profile(
            resolver, body.requirements, "requirements"
        )
    if body.occupation is not None:
        term = resolver.resolve(body.occupation, "occupation-name")
        changes |= {"occupation": term, "occupation_id": term.concept_id}
    require_start_window(
        changes.get("earliest_start", need.earliest_start),
        changes.get("latest_start", need.latest_start),
    )
    apply_changes(need, changes)


def list_needs(
    session: Session,
    page: PageParams,
    *,
    organisation_id: int | None,
    status: NeedStatus | None,
    occupation_id: str | None,
    external_ref: str | None,
) -> tuple[Sequence[Need], int]:
    conditions = equal_to(
        [
            (col(Need.organisation_id), organisation_id),
            (col(Need.status), status),
            (col(Need.occupation_id), occupation_id),
            (col(Need.external_ref), external_ref),
        ]
    )
    return list_page(
        session, select(Need).where(*conditions).order_by(col(Need.id)), page
    )


def find_by_refs(session: Session, refs: Sequence[str]) -> dict[str, Need]:
    rows = session.exec(select(Need).where(col(Need.external_ref).in_(refs))).all()
    return {row.external_ref: row for row in rows if row.external_ref is not None}
