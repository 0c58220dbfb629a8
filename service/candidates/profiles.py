"""A participant record as the candidate profile that `matching` ranks.

Concept ids become indices of the version's vocabularies; ids the version does not
know are left out (they cannot match anything). What a profile never carries is
decided here, once: `statistics_gender` and `owning_unit` are not read, and
`birth_year` is passed on only for the statutory minimum-age rule.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from matching import (
    Basis,
    CandidateProfile,
    Eligibility,
    Experience,
    Extent,
    Language,
    Period,
    PriorJob,
    Vocabulary,
    cefr_ordinal,
    swedish_ordinal,
)
from service.candidates.concepts import Vocabularies
from service.participants.models import Participant


def indices(vocabulary: Vocabulary, ids: Iterable[str | None]) -> tuple[int, ...]:
    """The indices of the known ids, in order, without repeats."""
    found = (vocabulary.index(i) for i in ids if i is not None)
    return tuple(dict.fromkeys(i for i in found if i is not None))


def index(vocabulary: Vocabulary, concept_id: str | None) -> int | None:
    return None if concept_id is None else vocabulary.index(concept_id)


def profile_of(
    participant: Participant,
    vocabularies: Vocabularies,
    *,
    busy: Sequence[Period] = (),
    last_contact: date | None = None,
) -> CandidateProfile:
    """The participant as ranking sees them; `busy` holds the periods of the seats
    and places they hold, `last_contact` the day they were last proposed or
    enrolled."""
    k = vocabularies.concepts
    p = participant
    extent = p.availability.worktime_extent
    return CandidateProfile(
        ref=p.participant_ref,
        home_municipality=index(k.municipalities, p.home_municipality_id),
        available_from=p.availability.from_date,
        worktime_extent=None if extent is None else Extent(extent.value),
        schedules=frozenset(s.value for s in p.availability.schedules),
        mobility_municipalities=indices(k.municipalities, p.mobility.municipality_ids),
        mobility_regions=indices(k.regions, p.mobility.region_ids),
        experience=tuple(
            Experience(occupation, e.years)
            for e in p.experience
            if (occupation := index(k.occupations, e.occupation.concept_id)) is not None
        ),
        interests=indices(
            k.occupations, (t.concept_id for t in p.occupation_interests)
        ),
        skills=indices(k.skills, (t.concept_id for t in p.skills)),
        licences=indices(k.licences, p.driving_licences),
        swedish=swedish_ordinal(None if p.swedish is None else p.swedish.level.value),
        languages=tuple(
            Language(language, cefr_ordinal(item.level.value))
            for item in p.languages
            if (language := k.languages.index(item.language_id)) is not None
        ),
        education=vocabularies.education_levels.get(p.education.level_id or ""),
        eligibility=tuple(
            Eligibility(Basis(e.basis.value), e.decided_at, e.valid_until)
            for e in p.eligibility
        ),
        prior_employment=tuple(
            PriorJob(str(job.org_number), job.months, job.ended_on)
            for job in p.prior_employment
        ),
        busy=tuple(busy),
        track_interests=tuple(i.track_id for i in p.interests if i.track_id),
        cohort_interests=tuple(i.cohort_id for i in p.interests if i.cohort_id),
        last_contact=last_contact,
        birth_year=p.birth_year,
    )
