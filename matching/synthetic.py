"""Seeded synthetic taxonomies, pools and targets, for benchmarks and tests.

Shaped like the JobTech taxonomy as we have it (about 4,000 occupations in 400
SSYK-4 groups, 44 skills per group, two substitutes per occupation, 290
municipalities in 21 regions) and like a municipal labour-market unit's
participants (most live in the region of the targets). Not for production: it
exists so that `benchmarks/shortlist_bench.py` and the oracle tests run on
the same kind of data, reproducibly from a seed.
"""

from datetime import date, timedelta
from typing import Any

import numpy as np

from matching.concepts import Concepts, Occupation
from matching.profiles import (
    Basis,
    CandidateProfile,
    Eligibility,
    Experience,
    ExperienceNeed,
    Extent,
    Language,
    Period,
    PriorJob,
    Programme,
    Requirements,
    Target,
)
from matching.qualities import row_indices

LICENCES = {
    "AM": (),
    "B": ("AM",),
    "BE": ("B", "AM"),
    "C1": ("B", "AM"),
    "C": ("C1", "B", "AM"),
    "CE": ("C", "C1", "BE", "B", "AM"),
    "D": ("B", "AM"),
}
EMPLOYERS = tuple(f"212000-{n:04d}" for n in range(40))
HOME_REGION_MUNICIPALITIES = 26


def synthetic_concepts(
    seed: int = 1, groups: int = 400, skills: int = 6920
) -> Concepts:
    """A taxonomy with 10 occupation-names per SSYK-4 group (plus the group)."""
    rng = np.random.default_rng(seed)
    occupations = []
    for g in range(groups):
        ssyk3, field = f"s3-{g // 3}", f"f-{g * 21 // groups}"
        occupations.append(Occupation(f"g-{g}", f"g-{g}", ssyk3, field))
        occupations += [
            Occupation(f"o-{g}-{i}", f"g-{g}", ssyk3, field) for i in range(10)
        ]
    popularity = 1.0 / np.arange(1, skills + 1) ** 0.6
    popularity /= popularity.sum()
    pairs = [
        (f"g-{g}", f"k-{s}")
        for g in range(groups)
        for s in rng.choice(skills, size=44, replace=False, p=popularity)
    ]
    size = len(occupations)
    near = rng.integers(-40, 40, size=(size, 2))
    substitutes = [
        (
            occupations[o].id,
            occupations[(o + d) % size].id,
            75 if rng.random() < 0.6 else 25,
        )
        for o in range(size)
        for d in near[o]
        if d
    ]
    return Concepts.build(
        version="synthetic",
        occupations=occupations,
        skills=[f"k-{s}" for s in range(skills)],
        group_skills=pairs,
        substitutes=substitutes,
        municipalities=[(f"m-{m}", f"r-{min(m // 14, 20)}") for m in range(290)],
        languages=[f"l-{n}" for n in range(470)],
        licences=LICENCES,
    )


def synthetic_profiles(
    concepts: Concepts, n: int, seed: int = 2, today: date = date(2026, 1, 15)
) -> list[CandidateProfile]:
    """`n` participants, most in the targets' region, a few facts of each kind."""
    draws = _draws(np.random.default_rng(seed), concepts, n)
    return [_profile(draws, concepts, i, today) for i in range(n)]


def _draws(rng: np.random.Generator, k: Concepts, n: int) -> dict[str, Any]:
    """Every random number the profiles need, drawn at once (fast for 1,000,000)."""
    local = rng.integers(0, HOME_REGION_MUNICIPALITIES, n)
    return {
        "home": np.where(rng.random(n) < 0.85, local, rng.integers(0, 290, n)),
        "days": rng.integers(-60, 120, n),
        "part_time": rng.random(n) < 0.15,
        "mobility": rng.integers(0, HOME_REGION_MUNICIPALITIES, (n, 3)),
        "mobility_count": rng.integers(0, 4, n),
        "region": rng.random(n) < 0.4,
        "jobs": rng.integers(0, len(k.occupations), (n, 3)),
        "job_count": rng.integers(0, 4, n),
        "years": rng.integers(1, 30, (n, 3)) / 2,
        "own_skill": rng.random((n, 3, 6)) < 0.6,
        "skills": rng.integers(0, len(k.skills), (n, 7)),
        "skill_count": rng.integers(0, 8, n),
        "interests": rng.integers(0, len(k.occupations), (n, 2)),
        "interest_count": rng.integers(0, 3, n),
        "licence": rng.choice([1, 5, -1], n, p=[0.6, 0.1, 0.3]),
        "swedish": rng.integers(0, 9, n),
        "language": np.where(rng.random(n) < 0.5, rng.integers(0, 20, n), -1),
        "cefr": rng.integers(1, 7, n),
        "education": np.where(rng.random(n) < 0.9, rng.integers(0, 7, n), -1),
        "bases": rng.random((n, 3)) < np.array([0.5, 0.35, 0.1]),
        "decided": rng.integers(0, 400, (n, 3)),
        "until": np.where(
            rng.random((n, 3)) < 0.5, rng.integers(-30, 400, (n, 3)), -999
        ),
        "prior": np.where(rng.random(n) < 0.15, rng.integers(0, len(EMPLOYERS), n), -1),
        "prior_months": rng.integers(1, 13, n),
        "prior_ended": rng.integers(30, 2500, n),
        "busy": rng.random(n) < 0.15,
        "busy_from": rng.integers(-90, 90, n),
        "busy_to": rng.integers(91, 200, n),
        "track": np.where(rng.random(n) < 0.3, rng.integers(1, 30, n), -1),
        "cohort": np.where(rng.random(n) < 0.3, rng.integers(1, 60, n), -1),
        "contact": np.where(rng.random(n) < 0.7, rng.integers(0, 365, n), -1),
        "birth_year": rng.integers(1960, 2009, n),
    }


_BASES = (Basis.AF_REGISTERED, Basis.STOCKHOLMSJOBB, Basis.KOMMUNAL_PRAKTIK_BESLUT)


def _profile(d: dict[str, Any], k: Concepts, i: int, today: date) -> CandidateProfile:
    def on(offset: int) -> date:
        return today + timedelta(days=int(offset))

    jobs = d["jobs"][i, : d["job_count"][i]].tolist()
    groups = [int(k.occupation_group[o]) for o in jobs]
    own = [
        int(s)
        for j, g in enumerate(groups)
        for s, keep in zip(
            row_indices(k.group_skills, g)[:6], d["own_skill"][i, j], strict=False
        )
        if keep
    ]
    home = int(d["home"][i])
    return CandidateProfile(
        ref=f"p-{i:07d}",
        home_municipality=home,
        available_from=on(d["days"][i]),
        worktime_extent=Extent.PART_TIME if d["part_time"][i] else None,
        mobility_municipalities=tuple(
            d["mobility"][i, : d["mobility_count"][i]].tolist()
        ),
        mobility_regions=(int(k.municipality_region[home]),) if d["region"][i] else (),
        experience=tuple(
            Experience(o, float(y)) for o, y in zip(jobs, d["years"][i], strict=False)
        ),
        interests=tuple(d["interests"][i, : d["interest_count"][i]].tolist()),
        skills=tuple(own + d["skills"][i, : d["skill_count"][i]].tolist()),
        licences=() if d["licence"][i] < 0 else (int(d["licence"][i]),),
        swedish=int(d["swedish"][i]),
        languages=()
        if d["language"][i] < 0
        else (Language(int(d["language"][i]), int(d["cefr"][i])),),
        education=None if d["education"][i] < 0 else int(d["education"][i]),
        eligibility=tuple(
            Eligibility(
                basis,
                on(-d["decided"][i, b]),
                None if d["until"][i, b] == -999 else on(d["until"][i, b]),
            )
            for b, basis in enumerate(_BASES)
            if d["bases"][i, b]
        ),
        prior_employment=()
        if d["prior"][i] < 0
        else (
            PriorJob(
                EMPLOYERS[d["prior"][i]],
                int(d["prior_months"][i]),
                on(-d["prior_ended"][i]),
            ),
        ),
        busy=(Period(on(d["busy_from"][i]), on(d["busy_to"][i])),)
        if d["busy"][i]
        else (),
        track_interests=() if d["track"][i] < 0 else (int(d["track"][i]),),
        cohort_interests=() if d["cohort"][i] < 0 else (int(d["cohort"][i]),),
        last_contact=None if d["contact"][i] < 0 else on(-d["contact"][i]),
        birth_year=int(d["birth_year"][i]),
    )


def synthetic_targets(
    concepts: Concepts, n: int, seed: int = 3, today: date = date(2026, 1, 15)
) -> list[Target]:
    """`n` targets cycling through the programmes, in the first region."""
    rng = np.random.default_rng(seed)
    programmes = list(Programme)
    return [
        _target(rng, concepts, i, programmes[i % len(programmes)], today)
        for i in range(n)
    ]


def _target(
    rng: np.random.Generator, k: Concepts, i: int, programme: Programme, today: date
) -> Target:
    occupation = int(rng.integers(0, len(k.occupations)))
    core = row_indices(k.group_skills, int(k.occupation_group[occupation]))
    picks = rng.choice(core, size=6, replace=False).tolist()
    start = today + timedelta(days=int(rng.integers(20, 90)))
    cohort = programme in (Programme.JOBBSPAR, Programme.RECRUITMENT_TRAINING)
    requirements = Requirements(
        swedish=int(rng.integers(0, 5)),
        licences=(1,) if rng.random() < 0.3 else (),
        must_skills=() if cohort else tuple(picks[:2]),
        merit_skills=tuple(picks[2:5]),
        experience=(ExperienceNeed(occupation, 2.0),) if rng.random() < 0.3 else (),
        minimum_age=18 if rng.random() < 0.2 else None,
        minimum_age_basis="alkohollagen 3 kap. 5 §" if rng.random() < 0.2 else None,
    )
    return Target(
        ref=f"{programme.value}:{i}",
        programme=programme,
        start=start,
        end=start + timedelta(days=180),
        latest_start=start + timedelta(days=30),
        municipality=int(rng.integers(0, HOME_REGION_MUNICIPALITIES)),
        worktime_extent=Extent.FULL_TIME if rng.random() < 0.5 else None,
        occupation=occupation,
        requirements=requirements,
        taught_skills=tuple(picks[:3]) if cohort else (),
        seats_left=int(rng.integers(0, 12)) if cohort else None,
        capacity_left=1 if programme is Programme.PRAKTIK else None,
        supervisor_left=1 if programme is Programme.PRAKTIK else None,
        employer=EMPLOYERS[i % 40] if programme is Programme.STOCKHOLMSJOBB else None,
        months=6,
        track_id=i % 30 + 1 if cohort else None,
        cohort_id=i % 60 + 1 if cohort else None,
    )
