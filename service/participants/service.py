"""Checking participant records against the taxonomy and the tracks they name."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from service.cohorts.models import Cohort
from service.errors import Conflict, FieldError, InvalidInput, NotFound
from service.kit.auth import Forbidden
from service.kit.caller import Caller
from service.kit.pagination import PageParams
from service.kit.records import apply_changes, equal_to, list_page
from service.participants.facts import Experience, Interest, Mobility
from service.participants.models import (
    Participant,
    ParticipantCreate,
    ParticipantUpdate,
)
from service.requirements.models import CONCEPT_TYPES, OCCUPATION_TYPES
from service.requirements.models import RequirementKind as Kind
from service.requirements.refs import concept_refs
from service.requirements.terms import TermResolver, term_refs
from service.requirements.written import WrittenConcepts
from service.taxonomy.concepts import (
    ConceptRef,
    looks_like_concept_id,
    require_concepts,
)
from service.taxonomy.state import LoadedTaxonomy
from service.tracks.models import Track

Body = ParticipantCreate | ParticipantUpdate


def get(session: Session, participant_ref: str, caller: Caller) -> Participant:
    """The participant, if the caller's units may see it; others are as absent."""
    participant = find(session, [participant_ref]).get(participant_ref)
    if participant is None or not caller.may_see(participant.owning_unit):
        raise NotFound("No participant has this participant_ref.")
    return participant


def require_unit(caller: Caller, owning_unit: str | None) -> None:
    """Refuse to file a participant under a unit the caller's key does not serve."""
    if owning_unit is not None and not caller.may_see(owning_unit):
        raise Forbidden("owning_unit is not one of the units this API key serves.")


def visible_to(caller: Caller) -> list[ColumnElement[bool]]:
    """Conditions that keep a query to the participants the caller may see."""
    if caller.units is None:
        return []
    return [col(Participant.owning_unit).in_(sorted(caller.units))]


def find(session: Session, refs: Sequence[str]) -> dict[str, Participant]:
    """The participants with these refs, looked up in chunks the drivers accept."""
    found: dict[str, Participant] = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        rows = session.exec(
            select(Participant).where(col(Participant.participant_ref).in_(chunk))
        ).all()
        found |= {row.participant_ref: row for row in rows}
    return found


def _one(
    field: str, concept_id: str | None, types: tuple[str, ...]
) -> list[ConceptRef]:
    if concept_id is None:
        return []
    return [ConceptRef(field=field, concept_id=concept_id, expected_types=types)]


def _place_refs(body: Body) -> list[ConceptRef]:
    home = body.home_municipality_id
    refs = _one(
        "home_municipality_id",
        home if home is not None and looks_like_concept_id(home) else None,
        ("municipality",),
    )
    if body.mobility is not None:
        refs += concept_refs(
            body.mobility.municipality_ids,
            "mobility.municipality_ids",
            ("municipality",),
            names=True,
        )
        refs += concept_refs(
            body.mobility.region_ids, "mobility.region_ids", ("region",), names=True
        )
    return refs


def _profile_refs(body: Body) -> list[ConceptRef]:
    refs: list[ConceptRef] = []
    if body.education is not None:
        refs += _one(
            "education.level_id",
            body.education.level_id,
            CONCEPT_TYPES[Kind.EDUCATION_LEVEL],
        )
        refs += _one(
            "education.field_id",
            body.education.field_id,
            CONCEPT_TYPES[Kind.EDUCATION_FIELD],
        )
    refs += [
        ConceptRef(
            field=f"languages[{index}].language_id",
            concept_id=language.language_id,
            expected_types=("language",),
        )
        for index, language in enumerate(body.languages or [])
        if language.language_id is not None
    ]
    refs += concept_refs(
        body.driving_licences, "driving_licences", ("driving-licence",), names=True
    )
    for index, term in enumerate(body.occupation_interests or []):
        refs += term_refs(term, f"occupation_interests[{index}]", OCCUPATION_TYPES)
    for index, item in enumerate(body.experience or []):
        refs += term_refs(
            item.occupation, f"experience[{index}].occupation", OCCUPATION_TYPES
        )
    for index, term in enumerate(body.skills or []):
        refs += term_refs(term, f"skills[{index}]", ("skill",))
    return refs


def _require_interests(session: Session, interests: list[Interest] | None) -> None:
    for index, interest in enumerate(interests or []):
        found: Track | Cohort | None
        if interest.track_id is not None:
            found, field = session.get(Track, interest.track_id), "track_id"
        else:
            found, field = session.get(Cohort, interest.cohort_id), "cohort_id"
        if found is None:
            raise InvalidInput(
                f"interests[{index}] names a {field[:-3]} that does not exist.",
                [
                    FieldError(
                        field=f"interests[{index}].{field}",
                        rule="exists",
                        message=f"must be the id of a {field[:-3]}",
                    )
                ],
            )


def _named(resolver: TermResolver, body: Body) -> dict[str, Any]:
    """Languages, licences and places given by name or code, as ids; a 422 for any
    the mapper cannot read."""
    written = WrittenConcepts(resolver)
    named: dict[str, Any] = {}
    if body.home_municipality_id is not None:
        named["home_municipality_id"] = written.id(
            body.home_municipality_id, "home_municipality_id", "municipality"
        )
    if body.mobility is not None:
        named["mobility"] = Mobility(
            municipality_ids=written.ids(
                body.mobility.municipality_ids,
                "mobility.municipality_ids",
                "municipality",
            ),
            region_ids=written.ids(
                body.mobility.region_ids, "mobility.region_ids", "region"
            ),
        )
    if body.driving_licences is not None:
        named["driving_licences"] = written.ids(
            body.driving_licences, "driving_licences", "driving-licence"
        )
    if body.languages is not None:
        named["languages"] = written.languages(body.languages, "languages")
    written.raise_refused()
    return named


def _labels(resolver: TermResolver, participant: Participant) -> dict[str, str]:
    """The labels of the concept ids the record holds as plain strings."""
    return resolver.labels(
        [
            participant.home_municipality_id,
            *participant.mobility.municipality_ids,
            *participant.mobility.region_ids,
            *participant.driving_licences,
            participant.education.level_id,
            participant.education.field_id,
        ]
    )


def _terms(resolver: TermResolver, body: Body) -> dict[str, Any]:
    """The free-text fields, mapped (or kept as given) in their stored form."""
    terms: dict[str, Any] = _named(resolver, body)
    if body.occupation_interests is not None:
        terms["occupation_interests"] = [
            resolver.resolve(term, "occupation-name")
            for term in body.occupation_interests
        ]
    if body.experience is not None:
        terms["experience"] = [
            Experience(
                occupation=resolver.resolve(item.occupation, "occupation-name"),
                years=item.years,
            )
            for item in body.experience
        ]
    if body.skills is not None:
        terms["skills"] = [resolver.resolve(term, "skill") for term in body.skills]
    return terms


TERM_FIELDS = {"occupation_interests", "experience", "skills"}


def check_create(
    session: Session,
    taxonomy: LoadedTaxonomy,
    body: ParticipantCreate,
    *,
    resolver: TermResolver | None = None,
) -> Participant:
    """Validate a new record and build it; the caller decides insert or upsert.
    A batch passes one `resolver` for all its rows, so each text is mapped once."""
    require_concepts(taxonomy, [*_place_refs(body), *_profile_refs(body)])
    _require_interests(session, body.interests)
    resolver = resolver or TermResolver(taxonomy)
    participant = Participant.model_validate(
        body.model_dump(exclude=TERM_FIELDS), update=_terms(resolver, body)
    )
    participant.labels = _labels(resolver, participant)
    return participant


def check_update(
    session: Session,
    taxonomy: LoadedTaxonomy,
    participant: Participant,
    body: ParticipantUpdate,
    *,
    resolver: TermResolver | None = None,
) -> None:
    require_concepts(taxonomy, [*_place_refs(body), *_profile_refs(body)])
    _require_interests(session, body.interests)
    changes = body.model_dump(exclude_unset=True, exclude=TERM_FIELDS)
    resolver = resolver or TermResolver(taxonomy)
    apply_changes(participant, changes | _terms(resolver, body))
    participant.labels = _labels(resolver, participant)


def require_new_ref(session: Session, participant_ref: str) -> None:
    if find(session, [participant_ref]):
        raise Conflict("A participant with this participant_ref already exists.")


def list_participants(
    session: Session,
    page: PageParams,
    caller: Caller,
    *,
    owning_unit: str | None,
    home_municipality_id: str | None,
) -> tuple[Sequence[Participant], int]:
    conditions = equal_to(
        [
            (col(Participant.owning_unit), owning_unit),
            (col(Participant.home_municipality_id), home_municipality_id),
        ]
    )
    conditions += visible_to(caller)
    statement = select(Participant).where(*conditions).order_by(col(Participant.id))
    return list_page(session, statement, page)
