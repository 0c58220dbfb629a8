"""Needs, cohorts and placements as the `matching.Target` a shortlist ranks for.

The workplace's municipality (or, without a workplace, the organisation's) is where
the work is. A requirement profile's typed items split by kind: `must` skills and
occupation experience are soft unless a request is strict, `must` licences and
education levels are hard rules, and merits count as merit skills. Education fields
are recorded but not ranked on: the taxonomy gives no ordering between fields.
"""

from dataclasses import dataclass, replace

from sqlmodel import Session

from matching import (
    ExperienceNeed,
    Extent,
    Language,
    Programme,
    Requirements,
    Target,
    cefr_ordinal,
    swedish_ordinal,
)
from service.candidates.concepts import Vocabularies
from service.candidates.profiles import index, indices
from service.cohorts.models import Cohort
from service.kit.periods import placement_months
from service.needs.models import Need
from service.organisations.models import Organisation, Workplace
from service.placements.models import Placement, PlacementProgramme
from service.placements.rules import supervisor_limit
from service.requirements.models import RequirementKind, RequirementProfile
from service.tracks.models import Track, TrackKind


def _workplace(session: Session, workplace_id: int | None) -> Workplace | None:
    return None if workplace_id is None else session.get(Workplace, workplace_id)


@dataclass(frozen=True)
class Place:
    """Where the work is: a municipality id, when known."""

    municipality_id: str | None

    @classmethod
    def of_need(cls, session: Session, need: Need) -> "Place":
        return cls.of(
            session.get(Organisation, need.organisation_id),
            _workplace(session, need.workplace_id),
        )

    @classmethod
    def of_track(cls, session: Session, track: Track) -> "Place":
        """A track works where its first linked need does, else where its first
        employer is; a track with neither has no place rule."""
        for need_id in track.need_ids:
            need = session.get(Need, need_id)
            if need is not None:
                return cls.of_need(session, need)
        for employer_id in track.employer_ids:
            employer = session.get(Organisation, employer_id)
            if employer is not None:
                return cls.of(employer, None)
        return cls(None)

    @classmethod
    def of_placement(cls, session: Session, placement: Placement) -> "Place":
        return cls.of(
            session.get(Organisation, placement.host_organisation_id),
            _workplace(session, placement.workplace_id),
        )

    @classmethod
    def of(
        cls, organisation: Organisation | None, workplace: Workplace | None
    ) -> "Place":
        if workplace is not None:
            return cls(workplace.municipality_id)
        return cls(None if organisation is None else organisation.municipality_id)


def requirements_of(
    profile: RequirementProfile, vocabularies: Vocabularies
) -> Requirements:
    k = vocabularies.concepts

    def must(kind: RequirementKind) -> list[str]:
        return [item.concept_id for item in profile.must if item.kind is kind]

    levels = [
        vocabularies.education_levels[concept_id]
        for concept_id in must(RequirementKind.EDUCATION_LEVEL)
        if concept_id in vocabularies.education_levels
    ]
    return Requirements(
        swedish=swedish_ordinal(None if profile.swedish is None else profile.swedish),
        languages=tuple(
            Language(language, cefr_ordinal(item.level.value))
            for item in profile.languages
            if (language := k.languages.index(item.language_id)) is not None
        ),
        licences=indices(k.licences, must(RequirementKind.DRIVING_LICENCE)),
        education=max(levels, default=None),
        must_skills=indices(k.skills, must(RequirementKind.SKILL)),
        merit_skills=indices(
            k.skills,
            (i.concept_id for i in profile.merits if i.kind is RequirementKind.SKILL),
        ),
        experience=tuple(
            ExperienceNeed(occupation, float(item.min_years or 0))
            for item in profile.must
            if item.kind is RequirementKind.OCCUPATION_EXPERIENCE
            and (occupation := k.occupations.index(item.concept_id)) is not None
        ),
        minimum_age=profile.minimum_age,
        minimum_age_basis=profile.minimum_age_basis,
    )


def need_target(
    need: Need, place: Place, vocabularies: Vocabularies, *, strict_skills: bool
) -> Target:
    k = vocabularies.concepts
    extent = need.worktime_extent
    return Target(
        ref=f"need:{need.id}",
        programme=Programme.NEED,
        start=need.earliest_start,
        latest_start=need.latest_start,
        municipality=index(k.municipalities, place.municipality_id),
        worktime_extent=None if extent is None else Extent(str(extent)),
        schedules=frozenset(str(s) for s in need.schedules),
        occupation=index(k.occupations, need.occupation_id),
        requirements=requirements_of(need.requirements, vocabularies),
        strict_skills=strict_skills,
    )


def cohort_target(
    cohort: Cohort, track: Track, place: Place, vocabularies: Vocabularies
) -> Target:
    """A cohort ranks on its track's entry requirements, and sees what the steps
    teach (`post_training`); strict skills do not apply, the entry rule does."""
    k = vocabularies.concepts
    programme = (
        Programme.JOBBSPAR
        if track.kind == TrackKind.JOBBSPAR
        else Programme.RECRUITMENT_TRAINING
    )
    return Target(
        ref=f"cohort:{cohort.id}",
        programme=programme,
        start=cohort.start_date,
        end=cohort.end_date,
        municipality=index(k.municipalities, place.municipality_id),
        occupation=index(k.occupations, track.occupation_id),
        requirements=requirements_of(track.entry_requirements, vocabularies),
        taught_skills=indices(
            k.skills, (s for step in track.steps for s in step.skill_ids)
        ),
        seats_left=cohort.seats - cohort.seats_taken,
        track_id=track.id,
        cohort_id=cohort.id,
    )


def placement_target(
    placement: Placement,
    host: Organisation | None,
    place: Place,
    vocabularies: Vocabularies,
    *,
    supervisor_load: int,
    strict_skills: bool,
) -> Target:
    """`supervisor_load` counts the trainees the supervisor already has during the
    placement's period, on any placement."""
    k = vocabularies.concepts
    programme = (
        Programme.STOCKHOLMSJOBB
        if placement.programme == PlacementProgramme.STOCKHOLMSJOBB
        else Programme.PRAKTIK
    )
    limit = None if placement.supervisor_ref is None else supervisor_limit(placement)
    return Target(
        ref=f"placement:{placement.id}",
        programme=programme,
        start=placement.start_date,
        end=placement.end_date,
        municipality=index(k.municipalities, place.municipality_id),
        occupation=index(k.occupations, placement.occupation_id),
        requirements=requirements_of(placement.requirements, vocabularies),
        capacity_left=placement.capacity - placement.occupied,
        supervisor_left=None if limit is None else limit - supervisor_load,
        employer=None if host is None or host.org_number is None else host.org_number,
        months=placement_months(placement.start_date, placement.end_date),
        strict_skills=strict_skills,
    )


def without_capacity(target: Target) -> Target:
    """The target with seats and places taken out of the rules: for a guard that
    runs while the seat itself is being taken, which counts seats atomically."""
    return replace(target, seats_left=None, capacity_left=None)


def load_need_target(
    session: Session, need: Need, vocabularies: Vocabularies, *, strict_skills: bool
) -> Target:
    place = Place.of_need(session, need)
    return need_target(need, place, vocabularies, strict_skills=strict_skills)


def load_cohort_target(
    session: Session, cohort: Cohort, vocabularies: Vocabularies
) -> Target:
    track = session.get(Track, cohort.track_id)
    assert track is not None, "a cohort's track is a foreign key"
    return cohort_target(cohort, track, Place.of_track(session, track), vocabularies)


def load_placement_target(
    session: Session,
    placement: Placement,
    vocabularies: Vocabularies,
    *,
    supervisor_load: int,
    strict_skills: bool = False,
) -> Target:
    return placement_target(
        placement,
        session.get(Organisation, placement.host_organisation_id),
        Place.of_placement(session, placement),
        vocabularies,
        supervisor_load=supervisor_load,
        strict_skills=strict_skills,
    )
