"""An employer's ad read into a need to confirm (`POST /v1/needs:draft`).

The taxonomy mapper finds the occupation, skills, licences, languages and Swedish
level with their must/merit cues; the plain phrases (start, schedules, extent,
employment type) are read by `service.requirements.phrases`. The first occupation
the ad names is the need's; a later one, or years of experience asked for
("minst 2 års erfarenhet som lagerarbetare"), is an occupation-experience item.

Where the ad gives no cue, a licence is a must (an ad names a licence because the
job needs it) and a skill a merit: skills are also named to describe the work, and
a merit wrongly read only reorders a shortlist, while a wrong must excludes people.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from service.needs.models import EmploymentType
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
from service.requirements.models import (
    RequirementItemIn,
    RequirementKind,
    Schedule,
    SwedishLevel,
    WorktimeExtent,
)
from service.requirements.phrases import Phrase
from service.requirements.terms import TermIn
from taxonomy import Extraction, Mention, Requirement

_LISTS: Mapping[Requirement, str] = {"must": "must", "merit": "merits"}
_EXPERIENCE = re.compile(r"\berfaren", re.IGNORECASE)
_EMPLOYMENT: Mapping[EmploymentType, re.Pattern[str]] = {
    # A provanställning is the first months of a permanent job (LAS 6 §).
    EmploymentType.PERMANENT: re.compile(
        r"\b(?:tillsvidare\w*|fast\s+anställ\w*|fastanställ\w*|provanställ\w*)",
        re.IGNORECASE,
    ),
    EmploymentType.FIXED_TERM: re.compile(
        r"\b(?:\w*visstid\w*|tidsbegränsad\w*|projektanställ\w*)", re.IGNORECASE
    ),
    EmploymentType.SUBSTITUTE: re.compile(
        r"\b(?:vikariat\w*|vikarie(?:r|ra)?\b|sommarvikari\w*)", re.IGNORECASE
    ),
    EmploymentType.SEASONAL: re.compile(
        r"\b(?:säsong\w*|sommarjobb\w*|sommaranställ\w*|sommartjänst\w*)",
        re.IGNORECASE,
    ),
    EmploymentType.ON_CALL: re.compile(
        r"\b(?:timanställ\w*|timvikari\w*|behovsanställ\w*|intermittent\w*"
        r"|extrapersonal\w*|poolanställ\w*)",
        re.IGNORECASE,
    ),
}


class DraftedRequirements(BaseModel):
    swedish: SwedishLevel | None = None
    languages: list[DraftLanguage] = Field(default_factory=list)
    must: list[RequirementItemIn] = Field(default_factory=list)
    merits: list[RequirementItemIn] = Field(default_factory=list)


class DraftedNeed(BaseModel):
    """A need as an ad states it, in the fields of `NeedCreate`: add
    `organisation_id` and `positions`, choose a level for each language that has
    none, check every field against its evidence, then `POST /v1/needs`."""

    occupation: TermIn | None = None
    earliest_start: date | None = None
    employment_type: EmploymentType | None = None
    worktime_extent: WorktimeExtent | None = None
    scope_percent: int | None = None
    schedules: list[Schedule] = Field(default_factory=list)
    requirements: DraftedRequirements = Field(default_factory=DraftedRequirements)


class NeedDraft(BaseModel):
    """What an ad says, as a need to confirm; nothing is stored."""

    taxonomy_version: str
    need: DraftedNeed
    evidence: list[Evidence] = Field(
        description="Where the ad says each field that was read."
    )


@dataclass(frozen=True)
class _Asked:
    """One mention as a requirement item, before it is placed in must or merits."""

    mention: Mention
    kind: RequirementKind
    requirement: Requirement
    years: Phrase[float] | None = None


def draft_need(extraction: Extraction, text: str, today: date) -> NeedDraft:
    """The need an ad describes, with the evidence of every field read."""
    need = DraftedNeed()
    evidence: list[Evidence] = []
    occupations = stated(extraction.occupations)
    if occupations:
        need.occupation = TermIn(concept_id=occupations[0].concept_id)
        evidence.append(mention_evidence("occupation", occupations[0]))
    asked = _asked(extraction, text, today)
    _place(need.requirements, asked, text, extraction.taxonomy_version, evidence)
    mention = extraction.swedish_mention
    if mention is not None:
        need.requirements.swedish = SwedishLevel(mention.level)
        evidence.append(mention_evidence("requirements.swedish", mention))
    need.requirements.languages, read = languages(
        extraction.languages, "requirements.languages", mention is not None
    )
    evidence += read
    evidence += take(
        need,
        "",
        text,
        {
            "earliest_start": phrases.read_start(text, today),
            "schedules": phrases.read_schedules(text),
            "worktime_extent": phrases.read_worktime(text),
            "scope_percent": phrases.read_scope(text),
            "employment_type": phrases.first_of(text, _EMPLOYMENT),
        },
    )
    return NeedDraft(
        taxonomy_version=extraction.taxonomy_version, need=need, evidence=evidence
    )


def _asked(extraction: Extraction, text: str, today: date) -> Iterator[_Asked]:
    """Every item the ad asks for, in order of appearance."""
    occupations = stated(extraction.occupations)
    clauses = years.Clauses(text)
    asked_years = [
        phrase
        for phrase in years.read_years(text, today)
        if _EXPERIENCE.search(text, *clauses.of(phrase.start))
    ]
    attached = years.attach(text, [m.span for m in occupations], asked_years)
    items = []
    for index, mention in enumerate(occupations):
        asked_for = attached.get(index)
        # The need's own occupation is an item only when the ad asks for years in
        # it; years asked for make a must, another occupation alone a merit.
        if index > 0 or asked_for is not None:
            cue = mention.requirement or ("must" if asked_for else "merit")
            kind = RequirementKind.OCCUPATION_EXPERIENCE
            items.append(_Asked(mention, kind, cue, asked_for))
    items += [
        _Asked(m, RequirementKind.DRIVING_LICENCE, m.requirement or "must")
        for m in stated(extraction.driving_licences)
    ]
    items += [
        _Asked(m, RequirementKind.SKILL, m.requirement or "merit")
        for m in stated(extraction.skills)
    ]
    return iter(sorted(items, key=lambda item: item.mention.span))


def _place(
    requirements: DraftedRequirements,
    asked: Iterator[_Asked],
    text: str,
    version: str,
    evidence: list[Evidence],
) -> None:
    for item in asked:
        name = _LISTS[item.requirement]
        into: list[RequirementItemIn] = getattr(requirements, name)
        field = f"requirements.{name}[{len(into)}]"
        evidence.append(mention_evidence(field, item.mention))
        if item.years is not None:
            evidence.append(phrase_evidence(f"{field}.min_years", text, item.years))
        into.append(
            RequirementItemIn(
                kind=item.kind,
                concept_id=item.mention.concept_id,
                min_years=int(item.years.value) if item.years else None,
                preferred_label=item.mention.preferred_label,
                confidence=item.mention.confidence,
                taxonomy_version=version,
            )
        )
