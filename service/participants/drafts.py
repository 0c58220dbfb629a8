"""A participant's own words read into a record to confirm
(`POST /v1/participants:draft`).

"Jag har jobbat som undersköterska i hemtjänsten i fyra år, har B-körkort, pratar
arabiska och svenska (SFI D)" becomes experience with years, a skill, a licence,
languages and the Swedish level. An occupation the person wants ("vill jobba som",
"söker jobb som") is an interest; any other is experience, with the years stated
in its clause, or none for the person to fill in.
"""

import re
from datetime import date

from pydantic import BaseModel, Field

from service.participants.facts import Availability, SwedishAssessment
from service.requirements import phrases, years
from service.requirements.drafting import (
    DraftLanguage,
    Evidence,
    languages,
    mention_evidence,
    phrase_evidence,
    stated,
    take,
)
from service.requirements.models import SwedishLevel
from service.requirements.terms import TermIn
from taxonomy import Extraction, Mention

_INTEREST = re.compile(
    r"\b(?:vill|önskar|söker|intresserad|drömmer|skulle\s+vilja|siktar)\b",
    re.IGNORECASE,
)


class DraftedExperience(BaseModel):
    occupation: TermIn
    years: float | None = Field(
        description="As the text states them; null: fill in before writing."
    )


class DraftedParticipant(BaseModel):
    """A participant as their own words describe them, in the fields of
    `ParticipantCreate`: add `participant_ref`, `owning_unit` and
    `home_municipality_id`, fill in what is null, check every field against its
    evidence, then `POST /v1/participants`."""

    occupation_interests: list[TermIn] = Field(default_factory=list)
    experience: list[DraftedExperience] = Field(default_factory=list)
    skills: list[TermIn] = Field(default_factory=list)
    driving_licences: list[str] = Field(default_factory=list)
    languages: list[DraftLanguage] = Field(default_factory=list)
    swedish: SwedishAssessment | None = None
    availability: Availability = Field(default_factory=Availability)


class ParticipantDraft(BaseModel):
    """What a participant's words say, as a record to confirm; nothing is stored."""

    taxonomy_version: str
    participant: DraftedParticipant
    evidence: list[Evidence] = Field(
        description="Where the text says each field that was read."
    )


def draft_participant(
    extraction: Extraction, text: str, today: date
) -> ParticipantDraft:
    """The record a participant's words describe, with the evidence of each field."""
    drafted = DraftedParticipant()
    evidence = _occupations(drafted, extraction, text, today)
    for mention in stated(extraction.skills):
        evidence.append(mention_evidence(f"skills[{len(drafted.skills)}]", mention))
        drafted.skills.append(TermIn(concept_id=mention.concept_id))
    for mention in stated(extraction.driving_licences):
        field = f"driving_licences[{len(drafted.driving_licences)}]"
        evidence.append(mention_evidence(field, mention))
        drafted.driving_licences.append(mention.concept_id)
    swedish = extraction.swedish_mention
    if swedish is not None:
        drafted.swedish = SwedishAssessment(level=SwedishLevel(swedish.level))
        evidence.append(mention_evidence("swedish.level", swedish))
    drafted.languages, read = languages(
        extraction.languages, "languages", swedish is not None
    )
    evidence += read
    evidence += take(
        drafted.availability,
        "availability.",
        text,
        {
            "from_date": phrases.read_start(text, today),
            "schedules": phrases.read_schedules(text),
            "worktime_extent": phrases.read_worktime(text),
        },
    )
    return ParticipantDraft(
        taxonomy_version=extraction.taxonomy_version,
        participant=drafted,
        evidence=evidence,
    )


def _occupations(
    drafted: DraftedParticipant, extraction: Extraction, text: str, today: date
) -> list[Evidence]:
    occupations = stated(extraction.occupations)
    attached = years.attach(
        text, [m.span for m in occupations], years.read_years(text, today)
    )
    evidence = []
    clauses = years.Clauses(text)
    for index, mention in enumerate(occupations):
        term = TermIn(concept_id=mention.concept_id)
        if _wanted(text, clauses, mention):
            field = f"occupation_interests[{len(drafted.occupation_interests)}]"
            evidence.append(mention_evidence(field, mention))
            drafted.occupation_interests.append(term)
            continue
        field = f"experience[{len(drafted.experience)}]"
        evidence.append(mention_evidence(f"{field}.occupation", mention))
        stated_years = attached.get(index)
        if stated_years is not None:
            evidence.append(phrase_evidence(f"{field}.years", text, stated_years))
        drafted.experience.append(
            DraftedExperience(
                occupation=term,
                years=stated_years.value if stated_years else None,
            )
        )
    return evidence


def _wanted(text: str, clauses: years.Clauses, mention: Mention) -> bool:
    """Whether the clause says, before the occupation, that the person wants it."""
    start, _ = clauses.of(mention.span[0])
    return _INTEREST.search(text, start, mention.span[0]) is not None
