"""A small hand-made taxonomy and a candidate that passes every rule of `need()`.

Tests change one fact at a time with `dataclasses.replace`, so a result can only
come from that fact.
"""

from dataclasses import replace
from datetime import date
from typing import Any

from matching import (
    Basis,
    CandidateProfile,
    Concepts,
    Eligibility,
    Experience,
    Occupation,
    Programme,
    Requirements,
    Target,
)

TODAY = date(2026, 1, 15)
START = date(2026, 3, 1)
END = date(2026, 9, 1)

OCCUPATIONS = [
    Occupation("undersköterska", "g-5321", "s-532", "f-vård"),
    Occupation("undersköterska-hemtjänst", "g-5321", "s-532", "f-vård"),
    Occupation("g-5321", "g-5321", "s-532", "f-vård"),
    Occupation("ambulanssjukvårdare", "g-5322", "s-532", "f-vård"),
    Occupation("vårdbiträde", "g-5331", "s-533", "f-vård"),
    Occupation("personlig-assistent", "g-5343", "s-534", "f-vård"),
    Occupation("skötare", "g-5341", "s-534", "f-vård"),
    Occupation("kock", "g-5120", "s-512", "f-kök"),
    Occupation("lastbilsförare", "g-8332", "s-833", "f-transport"),
]
SKILLS = ["omvårdnad", "hygien", "läkemedel", "demens", "matlagning", "lyft", "truck"]
LICENCES = {
    "AM": (),
    "B": ("AM",),
    "C1": ("B", "AM"),
    "C": ("C1", "B", "AM"),
    "BE": ("B", "AM"),
    "CE": ("C", "C1", "BE", "B", "AM"),
}


def concepts() -> Concepts:
    return Concepts.build(
        version="test-1",
        occupations=OCCUPATIONS,
        skills=SKILLS,
        group_skills=[
            ("g-5321", "omvårdnad"),
            ("g-5321", "hygien"),
            ("g-5321", "läkemedel"),
            ("g-5331", "omvårdnad"),
            ("g-5331", "lyft"),
            ("g-5120", "matlagning"),
            ("g-5120", "hygien"),
            ("g-8332", "truck"),
        ],
        substitutes=[
            ("undersköterska", "vårdbiträde", 75),
            ("undersköterska", "personlig-assistent", 25),
        ],
        municipalities=[("stockholm", "r-ab"), ("solna", "r-ab"), ("uppsala", "r-c")],
        languages=["engelska", "arabiska"],
        licences=LICENCES,
    )


CONCEPTS = concepts()


def occ(concept_id: str) -> int:
    return _index(CONCEPTS.occupations.index(concept_id))


def skill(concept_id: str) -> int:
    return _index(CONCEPTS.skills.index(concept_id))


def licence(code: str) -> int:
    return _index(CONCEPTS.licences.index(code))


def place(concept_id: str) -> int:
    return _index(CONCEPTS.municipalities.index(concept_id))


def _index(found: int | None) -> int:
    assert found is not None
    return found


def candidate(ref: str = "p-1", **changes: Any) -> CandidateProfile:
    """An undersköterska in Stockholm who passes every rule of `need()`."""
    base = CandidateProfile(
        ref=ref,
        home_municipality=place("stockholm"),
        available_from=date(2026, 2, 1),
        experience=(Experience(occ("undersköterska"), 3.0),),
        skills=(skill("omvårdnad"),),
        licences=(licence("B"),),
        swedish=6,
        education=3,
        eligibility=(
            Eligibility(Basis.STOCKHOLMSJOBB, date(2025, 6, 1)),
            Eligibility(Basis.AF_REGISTERED, date(2025, 6, 1)),
        ),
        last_contact=date(2025, 7, 1),
        birth_year=1990,
    )
    return replace(base, **changes)


def need(**changes: Any) -> Target:
    """An undersköterska need in Stockholm, March to September."""
    base = Target(
        ref="need:1",
        programme=Programme.NEED,
        start=START,
        end=END,
        municipality=place("stockholm"),
        occupation=occ("undersköterska"),
        requirements=Requirements(
            must_skills=(skill("omvårdnad"),), merit_skills=(skill("demens"),)
        ),
    )
    return replace(base, **changes)
