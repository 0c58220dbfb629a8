"""A participant record as the candidate profile that `matching` ranks.

Profiles are built from the record's JSON form (as stored, as `model_dump(mode=
"json")` gives it), so the candidate index can read a million rows straight from
the database without validating every nested model again. Concept ids become
indices of the version's vocabularies; ids the version does not know are left out
(they cannot match anything). What a profile never carries is decided here, once:
`statistics_gender` and `owning_unit` are not read, and `birth_year` is passed on
only for the statutory minimum-age rule.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

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

# The columns a profile is built from: everything else of the record stays unread.
PROFILE_COLUMNS = (
    "participant_ref",
    "home_municipality_id",
    "availability",
    "mobility",
    "experience",
    "occupation_interests",
    "skills",
    "driving_licences",
    "swedish",
    "languages",
    "education",
    "eligibility",
    "prior_employment",
    "interests",
    "birth_year",
)


def indices(vocabulary: Vocabulary, ids: Iterable[str | None]) -> tuple[int, ...]:
    """The indices of the known ids, in order, without repeats."""
    found = (vocabulary.index(i) for i in ids if i is not None)
    return tuple(dict.fromkeys(i for i in found if i is not None))


def index(vocabulary: Vocabulary, concept_id: str | None) -> int | None:
    return None if concept_id is None else vocabulary.index(concept_id)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _concepts(terms: Iterable[Mapping[str, Any]]) -> list[str | None]:
    return [term.get("concept_id") for term in terms]


def profile_from_record(
    record: Mapping[str, Any],
    vocabularies: Vocabularies,
    *,
    busy: Sequence[Period] = (),
    last_contact: date | None = None,
) -> CandidateProfile:
    """The participant as ranking sees them, from the JSON form of the record;
    `busy` holds the periods of the seats and places they hold, `last_contact` the
    day they were last proposed or enrolled."""
    k = vocabularies.concepts
    availability = record.get("availability") or {}
    mobility = record.get("mobility") or {}
    swedish = record.get("swedish")
    extent = availability.get("worktime_extent")
    education = (record.get("education") or {}).get("level_id")
    interests = record.get("interests") or []
    return CandidateProfile(
        ref=record["participant_ref"],
        home_municipality=index(k.municipalities, record.get("home_municipality_id")),
        available_from=_day(availability.get("from_date")),
        worktime_extent=None if extent is None else Extent(extent),
        schedules=frozenset(availability.get("schedules") or ()),
        mobility_municipalities=indices(
            k.municipalities, mobility.get("municipality_ids") or ()
        ),
        mobility_regions=indices(k.regions, mobility.get("region_ids") or ()),
        experience=tuple(
            Experience(occupation, float(e["years"]))
            for e in record.get("experience") or ()
            if (occupation := index(k.occupations, e["occupation"].get("concept_id")))
            is not None
        ),
        interests=indices(
            k.occupations, _concepts(record.get("occupation_interests") or ())
        ),
        skills=indices(k.skills, _concepts(record.get("skills") or ())),
        licences=indices(k.licences, record.get("driving_licences") or ()),
        swedish=swedish_ordinal(None if swedish is None else swedish["level"]),
        languages=tuple(
            Language(language, cefr_ordinal(item["level"]))
            for item in record.get("languages") or ()
            if (language := k.languages.index(item["language_id"])) is not None
        ),
        education=vocabularies.education_levels.get(education or ""),
        eligibility=tuple(
            Eligibility(
                Basis(e["basis"]),
                date.fromisoformat(e["decided_at"]),
                _day(e.get("valid_until")),
            )
            for e in record.get("eligibility") or ()
        ),
        prior_employment=tuple(
            PriorJob(
                str(job["org_number"]),
                int(job["months"]),
                date.fromisoformat(job["ended_on"]),
            )
            for job in record.get("prior_employment") or ()
        ),
        busy=tuple(busy),
        track_interests=tuple(i["track_id"] for i in interests if i.get("track_id")),
        cohort_interests=tuple(i["cohort_id"] for i in interests if i.get("cohort_id")),
        last_contact=last_contact,
        birth_year=record.get("birth_year"),
    )


def profile_of(
    participant: Participant,
    vocabularies: Vocabularies,
    *,
    busy: Sequence[Period] = (),
    last_contact: date | None = None,
) -> CandidateProfile:
    """`profile_from_record` of a loaded participant."""
    record = participant.model_dump(mode="json", include=set(PROFILE_COLUMNS))
    return profile_from_record(
        record, vocabularies, busy=busy, last_contact=last_contact
    )
