"""The vectorised ranking against the per-candidate oracle, its order and its pool."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Basis, Eligibility, Pool, Programme, Target, check, matches, rank
from matching.reference import reference_rank
from matching.synthetic import (
    synthetic_concepts,
    synthetic_profiles,
    synthetic_targets,
)
from matching.tests.world import CONCEPTS, TODAY, candidate, need

WORLD = synthetic_concepts(seed=5, groups=40, skills=600)
PROFILES = synthetic_profiles(WORLD, 1500, seed=6, today=TODAY)
TARGETS = synthetic_targets(WORLD, 15, seed=7, today=TODAY)
POOL = Pool(WORLD, PROFILES)


def top(pool: Pool, target: Target, seed: int = 0) -> list[tuple[str, float]]:
    shortlist = rank(pool, target, today=TODAY, seed=seed)
    return [(r.ref, r.score) for r in shortlist.results]


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.ref)
def test_rank_returns_the_oracles_top_20_with_its_scores(target: Target) -> None:
    expected = reference_rank(PROFILES, target, WORLD, today=TODAY, seed=11)
    assert top(POOL, target, seed=11) == expected


def test_every_programme_is_exercised_with_someone_eligible() -> None:
    programmes = {t.programme for t in TARGETS if top(POOL, t)}
    assert programmes == set(Programme)


def test_the_same_seed_gives_the_same_order_and_another_seed_reorders_ties() -> None:
    # Identical candidates tie on every component: only the lottery orders them.
    twins = [candidate(f"p-{n:02d}") for n in range(30)]
    pool = Pool(CONCEPTS, twins)
    first = [r.ref for r in rank(pool, need(), today=TODAY, seed=1, limit=30).results]
    again = [r.ref for r in rank(pool, need(), today=TODAY, seed=1, limit=30).results]
    other = [r.ref for r in rank(pool, need(), today=TODAY, seed=2, limit=30).results]
    assert first == again
    assert first != other
    assert sorted(first) == sorted(other)


def test_input_order_does_not_change_the_ranking() -> None:
    shuffled = Pool(WORLD, list(reversed(PROFILES)))
    for target in TARGETS:
        assert top(shuffled, target, seed=3) == top(POOL, target, seed=3)


def test_a_pool_kept_current_by_writes_ranks_as_one_built_from_scratch() -> None:
    pool = Pool(WORLD, PROFILES[:1000])
    for profile in PROFILES[1000:]:
        pool.upsert(profile)
    changed = [replace(p, swedish=8) for p in PROFILES[::7]]
    for profile in changed:
        pool.upsert(profile)
    removed = {p.ref for p in PROFILES[3::11]}
    for ref in removed:
        assert pool.remove(ref)
    latest = {p.ref: p for p in [*PROFILES, *changed]}
    fresh = Pool(WORLD, [p for ref, p in latest.items() if ref not in removed])
    assert len(pool) == len(fresh)
    for target in TARGETS:
        assert top(pool, target, seed=4) == top(fresh, target, seed=4)


def test_profiles_upserted_together_rank_as_one_at_a_time() -> None:
    together = Pool(WORLD, PROFILES[:1000])
    one_by_one = Pool(WORLD, PROFILES[:1000])
    changed = [replace(p, swedish=8) for p in PROFILES[::13]]
    # The same ref twice in one call: the last profile given is kept.
    together.upsert(*PROFILES[1000:], *changed, replace(changed[0], swedish=1))
    for profile in [*PROFILES[1000:], *changed, replace(changed[0], swedish=1)]:
        one_by_one.upsert(profile)
    assert len(together) == len(one_by_one) == len(PROFILES)
    for target in TARGETS:
        assert top(together, target, seed=5) == top(one_by_one, target, seed=5)


def test_a_write_is_reflected_in_the_next_shortlist() -> None:
    pool = Pool(CONCEPTS, [candidate("p-1"), candidate("p-2")])
    assert len(rank(pool, need(), today=TODAY).results) == 2
    pool.upsert(candidate("p-2", swedish=0, available_from=date(2027, 1, 1)))
    assert [r.ref for r in rank(pool, need(), today=TODAY).results] == ["p-1"]


def test_check_and_matches_agree_with_the_shortlist_rules() -> None:
    late = candidate(available_from=date(2027, 1, 1))
    assert [f.code for f in check(late, need(), CONCEPTS, today=TODAY)] == [
        "availability"
    ]
    assert check(candidate(), need(), CONCEPTS, today=TODAY) == ()
    found = matches(
        late, [need(ref="need:1"), need(ref="need:2")], CONCEPTS, today=TODAY
    )
    assert [m.target_ref for m in found] == ["need:1", "need:2"]
    assert all(not m.eligible for m in found)


birth_years = st.one_of(st.none(), st.integers(1940, 2010))


@settings(max_examples=60, deadline=None)
@given(
    years=st.lists(birth_years, min_size=6, max_size=6),
    jobbtorg=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_birth_year_and_an_unused_basis_never_change_a_score_or_the_order(
    years: list[int | None], jobbtorg: list[bool]
) -> None:
    """Neither birth year (no minimum-age rule stated) nor a basis that no rule of
    the programme reads may move anyone: the protected grounds have no field at all."""
    profiles = PROFILES[:6]
    aspirant = (Eligibility(Basis.JOBBTORG_ASPIRANT, date(2025, 1, 1)),)
    varied = [
        replace(
            p,
            birth_year=year,
            eligibility=p.eligibility + (aspirant if add else ()),
        )
        for p, year, add in zip(profiles, years, jobbtorg, strict=True)
    ]
    for target in TARGETS[:5]:
        plain = replace(
            target,
            requirements=replace(
                target.requirements, minimum_age=None, minimum_age_basis=None
            ),
        )
        before = rank(Pool(WORLD, profiles), plain, today=TODAY, seed=9)
        after = rank(Pool(WORLD, varied), plain, today=TODAY, seed=9)
        assert [(r.ref, r.score) for r in after.results] == [
            (r.ref, r.score) for r in before.results
        ]
        assert after.excluded_by_rule == before.excluded_by_rule


def test_several_pools_rank_as_the_one_pool_holding_them_all() -> None:
    halves = [Pool(WORLD, PROFILES[::2]), Pool(WORLD, PROFILES[1::2]), Pool(WORLD)]
    for target in TARGETS:
        joint = rank(halves, target, today=TODAY, seed=5)
        whole = rank(POOL, target, today=TODAY, seed=5)
        assert joint == whole


def test_pools_of_different_taxonomies_are_refused() -> None:
    with pytest.raises(ValueError, match="same concepts"):
        rank([POOL, Pool(CONCEPTS)], need(), today=TODAY)
