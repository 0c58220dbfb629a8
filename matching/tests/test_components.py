from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from matching import (
    DEFAULT_WEIGHTS,
    CandidateProfile,
    Evidence,
    Experience,
    ExperienceNeed,
    Missing,
    Pool,
    Programme,
    Ranked,
    Requirements,
    Shortlist,
    Target,
    rank,
)
from matching.tests.world import (
    CONCEPTS,
    TODAY,
    candidate,
    need,
    occ,
    place,
    skill,
)


def ranked(target: Target, *profiles: CandidateProfile, **options: Any) -> Shortlist:
    return rank(Pool(CONCEPTS, profiles), target, today=TODAY, **options)


def order(target: Target, *profiles: CandidateProfile, **options: Any) -> list[str]:
    return [r.ref for r in ranked(target, *profiles, **options).results]


def component(result: Ranked, name: str) -> float:
    return next(c.value for c in result.components if c.name == name)


def worked_as(occupation: str, years: float = 3.0) -> tuple[Experience, ...]:
    return (Experience(occ(occupation), years),)


class TestOccupation:
    def test_the_exact_occupation_outranks_the_same_ssyk4_group(self) -> None:
        exact = candidate("exact")
        group = candidate("group", experience=worked_as("undersköterska-hemtjänst"))
        assert order(need(), group, exact) == ["exact", "group"]

    @pytest.mark.parametrize(
        ("occupation", "value", "relation"),
        [
            ("undersköterska", 1.0, "same_occupation"),
            ("undersköterska-hemtjänst", 0.8, "same_ssyk4"),
            ("vårdbiträde", 0.75, "substitute_high"),
            ("ambulanssjukvårdare", 0.5, "same_ssyk3"),
            ("personlig-assistent", 0.4, "substitute_low"),
            ("skötare", 0.2, "same_field"),
        ],
    )
    def test_each_relation_scores_as_documented(
        self, occupation: str, value: float, relation: str
    ) -> None:
        # Five years reach the default cap, so the experience counts in full.
        profile = candidate(experience=worked_as(occupation, 5.0))
        (result,) = ranked(need(), profile).results
        assert component(result, "occupation") == pytest.approx(value)
        (parts,) = [c for c in result.components if c.name == "occupation"]
        assert parts.evidence == (
            Evidence(
                "occupation",
                occ("undersköterska"),
                occ(occupation),
                relation,
                "experience",
            ),
        )

    def test_an_unrelated_occupation_scores_nothing(self) -> None:
        (result,) = ranked(need(), candidate(experience=worked_as("kock"))).results
        assert component(result, "occupation") == 0.0

    def test_asking_for_the_group_makes_every_member_exact(self) -> None:
        target = need(occupation=occ("g-5321"))
        profile = candidate(experience=worked_as("undersköterska-hemtjänst", 5.0))
        (result,) = ranked(target, profile).results
        assert component(result, "occupation") == pytest.approx(1.0)

    def test_experience_counts_more_than_interest(self) -> None:
        worked = candidate("worked", experience=worked_as("undersköterska", 0.0))
        wants = candidate("wants", experience=(), interests=(occ("undersköterska"),))
        results = ranked(need(), wants, worked).results
        assert [r.ref for r in results] == ["worked", "wants"]
        assert [component(r, "occupation") for r in results] == [0.8, 0.5]

    def test_the_closer_occupation_beats_longer_years_in_a_neighbour(self) -> None:
        exact = candidate("exact", experience=worked_as("undersköterska", 0.5))
        group = candidate(
            "group", experience=worked_as("undersköterska-hemtjänst", 5.0)
        )
        assert order(need(), group, exact) == ["exact", "group"]

    def test_years_count_up_to_min_years_and_no_further(self) -> None:
        asked = ExperienceNeed(occ("undersköterska"), 4)
        target = need(requirements=replace(need().requirements, experience=(asked,)))
        values = [
            component(
                ranked(
                    target, candidate(experience=worked_as("undersköterska", y))
                ).results[0],
                "occupation",
            )
            for y in (1, 2, 4, 10)
        ]
        assert values == pytest.approx([0.85, 0.9, 1.0, 1.0])

    def test_unmet_must_experience_is_listed_as_missing(self) -> None:
        asked = ExperienceNeed(occ("kock"), 1)
        target = need(requirements=replace(need().requirements, experience=(asked,)))
        (result,) = ranked(target, candidate()).results
        assert Missing("occupation_experience", occ("kock")) in result.missing


class TestSkills:
    def test_a_held_skill_beats_an_implied_one_which_beats_none(self) -> None:
        held = candidate("held", experience=worked_as("kock"))
        implied = candidate("implied", skills=())
        lacking = candidate("lacking", skills=(), experience=worked_as("kock"))
        # No occupation asked: the skills are the only difference.
        results = ranked(need(occupation=None), lacking, implied, held).results
        assert [r.ref for r in results] == ["held", "implied", "lacking"]
        assert [component(r, "must_skills") for r in results] == [1.0, 0.5, 0.0]

    def test_implied_skills_name_the_occupation_that_implies_them(self) -> None:
        (result,) = ranked(need(), candidate(skills=())).results
        (must,) = [c for c in result.components if c.name == "must_skills"]
        assert must.evidence == (
            Evidence(
                "must_skill",
                skill("omvårdnad"),
                occ("undersköterska"),
                "implied",
                "experience",
            ),
        )

    def test_a_rare_skill_weighs_more_than_a_common_one(self) -> None:
        # läkemedel is listed by one group, hygien by two.
        merits = (skill("läkemedel"), skill("hygien"))
        target = need(requirements=Requirements(merit_skills=merits))
        rare = candidate("rare", skills=(skill("läkemedel"),), experience=())
        common = candidate("common", skills=(skill("hygien"),), experience=())
        assert order(target, common, rare) == ["rare", "common"]
        assert (
            CONCEPTS.skill_weight[skill("läkemedel")]
            > CONCEPTS.skill_weight[skill("hygien")]
        )

    def test_missing_merits_are_listed_and_flagged_when_taught(self) -> None:
        target = need(
            programme=Programme.JOBBSPAR,
            requirements=Requirements(merit_skills=(skill("demens"), skill("truck"))),
            taught_skills=(skill("demens"),),
        )
        (result,) = ranked(target, candidate(experience=())).results
        assert result.missing == (
            Missing("merit_skill", skill("demens"), taught=True),
            Missing("merit_skill", skill("truck"), taught=False),
        )


class TestPostTraining:
    TARGET = need(
        programme=Programme.JOBBSPAR,
        requirements=Requirements(merit_skills=(skill("demens"), skill("truck"))),
        taught_skills=(skill("demens"),),
    )

    def test_the_candidate_who_will_fit_after_training_rises(self) -> None:
        # Today "ready" covers more (demens is rarer than truck); after the
        # training, which teaches demens, "trainable" covers everything.
        ready = candidate("ready", skills=(skill("demens"),), experience=())
        trainable = candidate("trainable", skills=(skill("truck"),), experience=())
        assert order(self.TARGET, ready, trainable) == ["trainable", "ready"]
        without = {"post_training": 0.0}
        assert order(self.TARGET, ready, trainable, weights=without) == [
            "ready",
            "trainable",
        ]

    def test_post_training_is_reported_beside_the_current_fit(self) -> None:
        trainable = candidate(skills=(skill("truck"),), experience=())
        (result,) = ranked(self.TARGET, trainable).results
        (post,) = [c for c in result.components if c.name == "post_training"]
        assert post.value == pytest.approx(1.0)
        assert post.baseline == pytest.approx(component(result, "merit_skills"))
        assert post.baseline is not None
        assert post.baseline < 1.0
        assert (
            Evidence("skill", skill("demens"), skill("demens"), "taught", "track")
            in post.evidence
        )

    def test_post_training_does_not_apply_to_a_need(self) -> None:
        (result,) = ranked(
            replace(self.TARGET, programme=Programme.NEED), candidate()
        ).results
        assert "post_training" not in {c.name for c in result.components}


def test_swedish_above_the_required_level_counts_a_little() -> None:
    target = need(requirements=replace(need().requirements, swedish=4))
    results = ranked(
        target, candidate("sva1", swedish=6), candidate("sva3", swedish=8)
    ).results
    assert [r.ref for r in results] == ["sva3", "sva1"]
    assert [component(r, "swedish_margin") for r in results] == pytest.approx(
        [1.0, 0.5]
    )


def test_swedish_counts_nothing_when_no_level_is_required() -> None:
    (result,) = ranked(need(), candidate()).results
    assert "swedish_margin" not in {c.name for c in result.components}


def test_proximity_prefers_home_then_mobility_then_region() -> None:
    target = need(municipality=place("solna"))
    home = candidate("home", home_municipality=place("solna"))
    mobile = candidate("mobile", mobility_municipalities=(place("solna"),))
    region = candidate("region", mobility_regions=(0,))
    results = ranked(target, region, mobile, home).results
    assert [r.ref for r in results] == ["home", "mobile", "region"]
    assert [component(r, "proximity") for r in results] == [1.0, 0.6, 0.3]


def test_an_earlier_availability_ranks_higher_within_the_start_window() -> None:
    target = need(latest_start=date(2026, 4, 1))
    ready = candidate("ready", available_from=date(2026, 3, 1))
    later = candidate("later", available_from=date(2026, 3, 16))
    results = ranked(target, later, ready).results
    assert [r.ref for r in results] == ["ready", "later"]
    assert component(results[1], "start") == pytest.approx(1 - 15 / 31)


def test_interest_in_the_cohort_beats_interest_in_its_track() -> None:
    target = need(programme=Programme.JOBBSPAR, track_id=4, cohort_id=9)
    cohort = candidate("cohort", cohort_interests=(9,), track_interests=(4,))
    track = candidate("track", track_interests=(4,))
    other = candidate("other", cohort_interests=(8,))
    results = ranked(target, other, track, cohort).results
    assert [component(r, "interest") for r in results] == [1.0, 0.7, 0.0]


def test_waiting_longer_lifts_a_little_and_is_bounded() -> None:
    recent = candidate("recent", last_contact=date(2026, 1, 1))
    waited = candidate("waited", last_contact=date(2025, 10, 17))
    never = candidate("never", last_contact=None)
    results = ranked(need(), recent, waited, never).results
    assert [r.ref for r in results] == ["never", "waited", "recent"]
    assert [component(r, "waiting") for r in results] == pytest.approx(
        [1.0, 0.5, 14 / 180]
    )


def test_contributions_sum_to_the_score_and_weights_to_one() -> None:
    target = need(latest_start=date(2026, 4, 1), track_id=1)
    results = ranked(
        target, candidate("a"), candidate("b", skills=(), swedish=2)
    ).results
    for result in results:
        assert sum(c.contribution for c in result.components) == pytest.approx(
            result.score
        )
        assert sum(c.weight for c in result.components) == pytest.approx(1.0)
        assert 0.0 <= result.score <= 1.0
        for c in result.components:
            assert c.contribution == pytest.approx(c.value * c.weight)


def test_a_tie_breaker_keeps_its_weight_when_other_components_drop_out() -> None:
    # No skills asked for: the fit components share what waiting does not take.
    target = need(requirements=Requirements())
    result = ranked(target, candidate("a")).results[0]
    weights = {c.name: c.weight for c in result.components}
    assert weights["waiting"] == pytest.approx(
        DEFAULT_WEIGHTS[Programme.NEED]["waiting"]
    )
    assert sum(weights.values()) == pytest.approx(1.0)
