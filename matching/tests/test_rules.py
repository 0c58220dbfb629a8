from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from matching import (
    RULE_CODES,
    Basis,
    Eligibility,
    Experience,
    ExperienceNeed,
    Extent,
    Language,
    Period,
    Pool,
    PriorJob,
    Programme,
    Requirements,
    Target,
    check,
    rank,
)
from matching.tests.world import CONCEPTS, TODAY, candidate, licence, need, place, skill

ENGLISH = 0
OMVARDNAD = skill("omvårdnad")


def requirements(**changes: Any) -> Requirements:
    return replace(need().requirements, **changes)


def cohort(**changes: Any) -> Target:
    settings: dict[str, Any] = {
        "programme": Programme.JOBBSPAR,
        "seats_left": 3,
        "requirements": requirements(must_skills=(OMVARDNAD,)),
    }
    return need(**(settings | changes))


# (rule, target, changes to a candidate that passes, changes to one that fails it)
CASES: list[tuple[str, Target, dict[str, Any], dict[str, Any]]] = [
    ("availability", need(), {}, {"available_from": date(2026, 3, 2)}),
    (
        "availability",
        need(latest_start=date(2026, 4, 1)),
        {"available_from": date(2026, 3, 20)},
        {"available_from": date(2026, 4, 2)},
    ),
    (
        "worktime",
        need(worktime_extent=Extent.FULL_TIME),
        {"worktime_extent": Extent.FULL_TIME},
        {"worktime_extent": Extent.PART_TIME},
    ),
    (
        "worktime",
        need(schedules=frozenset({"night"})),
        {"schedules": frozenset({"day", "night"})},
        {"schedules": frozenset({"day"})},
    ),
    (
        "location",
        need(),
        {"home_municipality": place("uppsala"), "mobility_regions": (0,)},
        {"home_municipality": place("uppsala")},
    ),
    (
        "location",
        need(municipality=place("solna")),
        {"mobility_municipalities": (place("solna"),)},
        {"home_municipality": place("uppsala")},
    ),
    (
        "driving_licence",
        need(requirements=requirements(licences=(licence("C"),))),
        {"licences": (licence("CE"),)},
        {"licences": (licence("B"), licence("BE"))},
    ),
    ("swedish", need(requirements=requirements(swedish=6)), {}, {"swedish": 5}),
    (
        "language",
        need(requirements=requirements(languages=(Language(ENGLISH, 4),))),
        {"languages": (Language(ENGLISH, 5),)},
        {"languages": (Language(ENGLISH, 3), Language(1, 6))},
    ),
    (
        "education",
        need(requirements=requirements(education=3)),
        {},
        {"education": None},
    ),
    (
        "busy",
        need(),
        {"busy": (Period(date(2025, 1, 1), date(2026, 3, 1)),)},
        {"busy": (Period(date(2026, 2, 1), date(2026, 4, 1)),)},
    ),
    ("busy", need(), {}, {"busy": (Period(date(2026, 8, 1)),)}),
    (
        "minimum_age",
        need(requirements=requirements(minimum_age=18, minimum_age_basis="AL 3:5")),
        {"birth_year": 2008},
        {"birth_year": 2009},
    ),
    ("entry_requirements", cohort(), {}, {"skills": ()}),
    (
        "stockholmsjobb_eligibility",
        need(programme=Programme.STOCKHOLMSJOBB),
        {},
        {"eligibility": (Eligibility(Basis.AF_REGISTERED, date(2025, 1, 1)),)},
    ),
    (
        "stockholmsjobb_eligibility",
        need(programme=Programme.STOCKHOLMSJOBB),
        {},
        {
            "eligibility": (
                Eligibility(Basis.STOCKHOLMSJOBB, date(2025, 1, 1), date(2026, 2, 28)),
            )
        },
    ),
    (
        "stockholmsjobb_12_months",
        need(programme=Programme.STOCKHOLMSJOBB, employer="212000-0001", months=6),
        {
            "prior_employment": (
                PriorJob("212000-0001", 6, date(2025, 1, 1)),
                PriorJob("212000-0001", 12, date(2021, 2, 28)),
                PriorJob("212000-0002", 12, date(2025, 1, 1)),
            )
        },
        {"prior_employment": (PriorJob("212000-0001", 7, date(2025, 1, 1)),)},
    ),
    (
        "praktik_eligibility",
        need(programme=Programme.PRAKTIK),
        {
            "eligibility": (
                Eligibility(Basis.KOMMUNAL_PRAKTIK_BESLUT, date(2025, 1, 1)),
            )
        },
        {"eligibility": (Eligibility(Basis.STOCKHOLMSJOBB, date(2025, 1, 1)),)},
    ),
    (
        "must_skills",
        need(strict_skills=True),
        {},
        # Experience as undersköterska implies omvårdnad, but only a held skill
        # passes a hard rule.
        {"skills": ()},
    ),
    (
        "occupation_experience",
        need(
            strict_skills=True,
            requirements=requirements(
                experience=(
                    ExperienceNeed(CONCEPTS.occupations.index("g-5321") or 0, 2),
                )
            ),
        ),
        {},
        {"experience": (Experience(1, 1.0), Experience(7, 9.0))},
    ),
]


@pytest.mark.parametrize(
    ("code", "target", "good", "bad"), CASES, ids=[c[0] for c in CASES]
)
class TestEachRule:
    def test_the_failing_candidate_is_excluded_counted_and_hinted(
        self, code: str, target: Target, good: dict[str, Any], bad: dict[str, Any]
    ) -> None:
        pool = Pool(CONCEPTS, [candidate("good", **good), candidate("bad", **bad)])
        shortlist = rank(pool, target, today=TODAY)
        assert [r.ref for r in shortlist.results] == ["good"]
        assert shortlist.eligible_count == 1
        assert {k: v for k, v in shortlist.excluded_by_rule.items() if v} == {code: 1}
        assert {k: v for k, v in shortlist.relaxation_hints.items() if v} == {code: 1}

    def test_the_enrolment_guard_names_the_same_rule(
        self, code: str, target: Target, good: dict[str, Any], bad: dict[str, Any]
    ) -> None:
        failures = check(candidate(**bad), target, CONCEPTS, today=TODAY)
        assert [f.code for f in failures] == [code]
        assert failures[0].reason_sv
        assert failures[0].reason_en
        assert check(candidate(**good), target, CONCEPTS, today=TODAY) == ()


@pytest.mark.parametrize(
    ("code", "target"),
    [
        ("seats", cohort(seats_left=0)),
        ("capacity", need(programme=Programme.PRAKTIK, capacity_left=0)),
        ("supervisor_capacity", need(programme=Programme.PRAKTIK, supervisor_left=0)),
    ],
)
def test_a_full_target_excludes_everyone_and_hints_all(
    code: str, target: Target
) -> None:
    pool = Pool(CONCEPTS, [candidate(f"p-{i}") for i in range(3)])
    shortlist = rank(pool, target, today=TODAY)
    assert shortlist.results == ()
    assert shortlist.excluded_by_rule[code] == 3
    assert shortlist.relaxation_hints[code] == 3


def test_a_candidate_failing_two_rules_is_counted_twice_and_hinted_nowhere() -> None:
    pool = Pool(
        CONCEPTS,
        [
            candidate("two", swedish=1, home_municipality=place("uppsala")),
            candidate("one", swedish=1),
        ],
    )
    shortlist = rank(pool, need(requirements=requirements(swedish=5)), today=TODAY)
    assert shortlist.excluded_by_rule == {
        "availability": 0,
        "location": 1,
        "swedish": 2,
        "busy": 0,
    }
    assert shortlist.relaxation_hints == {
        "availability": 0,
        "location": 0,
        "swedish": 1,
        "busy": 0,
    }


def test_a_minimum_age_without_its_legal_basis_is_no_rule() -> None:
    target = need(requirements=requirements(minimum_age=18))
    young = candidate(birth_year=2012)
    assert check(young, target, CONCEPTS, today=TODAY) == ()


def test_must_skills_and_experience_are_soft_unless_strict() -> None:
    target = need(requirements=requirements(experience=(ExperienceNeed(8, 5),)))
    lacking = candidate(skills=(), experience=())
    assert check(lacking, target, CONCEPTS, today=TODAY) == ()
    strict = [
        f.code
        for f in check(
            lacking, replace(target, strict_skills=True), CONCEPTS, today=TODAY
        )
    ]
    assert strict == ["must_skills", "occupation_experience"]


def test_every_rule_code_is_stable_and_unique() -> None:
    assert RULE_CODES == (
        "availability",
        "worktime",
        "location",
        "driving_licence",
        "swedish",
        "language",
        "education",
        "busy",
        "minimum_age",
        "seats",
        "entry_requirements",
        "stockholmsjobb_eligibility",
        "stockholmsjobb_12_months",
        "praktik_eligibility",
        "capacity",
        "supervisor_capacity",
        "must_skills",
        "occupation_experience",
    )
