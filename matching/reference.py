"""The test oracle: the same rules and scores as a plain per-candidate Python loop.

Written from the definitions in the module docstrings of `rules`, `components` and
`coverage`, not from the vectorised code, and reading `CandidateProfile` records
rather than the pool's arrays. Tests and `benchmarks/shortlist_bench.py`
check that `rank` returns the same order and scores; it is far too slow to serve.
"""

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

from matching import components as c
from matching.columns import stable_hash
from matching.concepts import Concepts
from matching.coverage import IMPLIED_CREDIT
from matching.prepared import (
    SAME_FIELD,
    SAME_GROUP,
    SAME_OCCUPATION,
    SAME_SSYK3,
    STOCKHOLMSJOBB_WINDOW_MONTHS,
    add_months,
)
from matching.profiles import (
    COHORT_PROGRAMMES,
    Basis,
    CandidateProfile,
    Extent,
    Programme,
    Target,
)
from matching.ranking import SCORE_DECIMALS, splitmix64
from matching.rules import STOCKHOLMSJOBB_MAX_MONTHS
from matching.weights import normalise, resolve_weights


def reference_rank(
    profiles: Sequence[CandidateProfile],
    target: Target,
    concepts: Concepts,
    *,
    today: date,
    weights: Mapping[str, float] | None = None,
    seed: int = 0,
    limit: int = 20,
) -> list[tuple[str, float]]:
    """(ref, score) of the best `limit` eligible candidates, in `rank`'s order."""
    effective = normalise(
        resolve_weights(target.programme, weights), applicable(target)
    )
    scored = [
        (round_score(score(p, target, concepts, effective, today)), p.ref)
        for p in profiles
        if not failed_rules(p, target, concepts, today)
    ]
    seed_key = splitmix64(seed & (2**64 - 1))
    scored.sort(key=lambda s: (-s[0], splitmix64(stable_hash(s[1]) ^ seed_key), s[1]))
    return [(ref, value) for value, ref in scored[:limit]]


def round_score(value: float) -> float:
    # The same rounding as `ranking.rounded`, so that ties are ties in both.
    return float(np.round(value, SCORE_DECIMALS))


def applicable(t: Target) -> set[str]:
    r = t.requirements
    names = {"waiting"}
    conditions = {
        "occupation": t.occupation is not None,
        "must_skills": bool(r.must_skills),
        "merit_skills": bool(r.merit_skills),
        "post_training": t.programme in COHORT_PROGRAMMES
        and bool(t.taught_skills)
        and bool(r.must_skills or r.merit_skills),
        "swedish_margin": 0 < r.swedish < c.TOP_SWEDISH,
        "proximity": t.municipality is not None,
        "start": t.start is not None,
        "interest": t.track_id is not None or t.cohort_id is not None,
    }
    return names | {name for name, holds in conditions.items() if holds}


def failed_rules(p: CandidateProfile, t: Target, k: Concepts, today: date) -> list[str]:
    """Codes of the rules `p` fails for `t`."""
    r = t.requirements
    at = t.start or today
    deadline = t.latest_start or t.start
    checks = {
        "availability": deadline is None
        or p.available_from is None
        or p.available_from <= deadline,
        "worktime": _worktime_fits(p, t),
        "location": _location_fits(p, t, k),
        "driving_licence": set(r.licences) <= _licences(p, k),
        "swedish": p.swedish >= r.swedish,
        "language": all(
            max(
                (x.level for x in p.languages if x.language == need.language), default=0
            )
            >= need.level
            for need in r.languages
        ),
        "education": r.education is None
        or (p.education is not None and p.education >= r.education),
        "busy": t.start is None
        or not any(_overlaps(b.start, b.end, t) for b in p.busy),
        "minimum_age": r.minimum_age is None
        or r.minimum_age_basis is None
        or (p.birth_year is not None and at.year - p.birth_year >= r.minimum_age),
    }
    checks.update(_programme_checks(p, t, k, at))
    return [code for code, ok in checks.items() if not ok]


def _programme_checks(
    p: CandidateProfile, t: Target, k: Concepts, at: date
) -> dict[str, bool]:
    r = t.requirements
    cohort = t.programme in COHORT_PROGRAMMES
    strict = t.strict_skills and not cohort
    skills_held = set(r.must_skills) <= set(p.skills)
    experience_met = all(
        _experience_met(p, k, n.occupation, n.min_years) for n in r.experience
    )
    window = add_months(at, -STOCKHOLMSJOBB_WINDOW_MONTHS)
    earlier = sum(
        j.months
        for j in p.prior_employment
        if j.employer == t.employer and j.ended_on >= window
    )
    sj = t.programme is Programme.STOCKHOLMSJOBB
    praktik_bases = {Basis.AF_REGISTERED, Basis.KOMMUNAL_PRAKTIK_BESLUT}
    return {
        "seats": not cohort or t.seats_left is None or t.seats_left > 0,
        "entry_requirements": not cohort or (skills_held and experience_met),
        "stockholmsjobb_eligibility": not sj
        or _eligible(p, {Basis.STOCKHOLMSJOBB}, at),
        "stockholmsjobb_12_months": not sj
        or t.employer is None
        or earlier + t.months <= STOCKHOLMSJOBB_MAX_MONTHS,
        "praktik_eligibility": t.programme is not Programme.PRAKTIK
        or _eligible(p, praktik_bases, at),
        "capacity": t.capacity_left is None or t.capacity_left > 0,
        "supervisor_capacity": t.supervisor_left is None or t.supervisor_left > 0,
        "must_skills": not strict or skills_held,
        "occupation_experience": not strict or experience_met,
    }


def _worktime_fits(p: CandidateProfile, t: Target) -> bool:
    if t.worktime_extent is Extent.FULL_TIME and p.worktime_extent is Extent.PART_TIME:
        return False
    return not p.schedules or set(t.schedules) <= set(p.schedules)


def _location_fits(p: CandidateProfile, t: Target, k: Concepts) -> bool:
    if t.municipality is None:
        return True
    region = _target_region(t, k)
    return (
        p.home_municipality == t.municipality
        or t.municipality in p.mobility_municipalities
        or (region is not None and region in p.mobility_regions)
    )


def _target_region(t: Target, k: Concepts) -> int | None:
    if t.region is not None or t.municipality is None:
        return t.region
    region = int(k.municipality_region[t.municipality])
    return None if region < 0 else region


def _licences(p: CandidateProfile, k: Concepts) -> set[int]:
    grants = 0
    for licence in p.licences:
        grants |= int(k.licence_grants[licence])
    return {i for i in range(len(k.licences)) if grants >> i & 1}


def _overlaps(start: date, end: date | None, t: Target) -> bool:
    assert t.start is not None
    return (t.end is None or start < t.end) and (end is None or end > t.start)


def _eligible(p: CandidateProfile, bases: set[Basis], at: date) -> bool:
    return any(
        e.basis in bases
        and e.valid_from <= at
        and (e.valid_until is None or e.valid_until >= at)
        for e in p.eligibility
    )


def _same_group(k: Concepts, a: int, b: int) -> bool:
    group = int(k.occupation_group[a])
    return a == b or (group >= 0 and group == int(k.occupation_group[b]))


def _experience_met(
    p: CandidateProfile, k: Concepts, occupation: int, years: float
) -> bool:
    matching = [
        e.years for e in p.experience if _same_group(k, occupation, e.occupation)
    ]
    return bool(matching) and sum(matching) >= years


def similarity(k: Concepts, t: int, o: int) -> float:
    """`prepared.occupation_similarity(k, t)[o]`, one pair at a time."""
    group, ssyk3, field = k.occupation_group, k.occupation_ssyk3, k.occupation_field
    asked_group = group[t] >= 0 and k.occupations.ids[t] == k.groups.ids[group[t]]
    if o == t or (asked_group and group[o] == group[t]):
        return SAME_OCCUPATION
    options = [float(k.substitutes[t, o])]
    if group[t] >= 0 and group[o] == group[t]:
        options.append(SAME_GROUP)
    if ssyk3[t] >= 0 and ssyk3[o] == ssyk3[t]:
        options.append(SAME_SSYK3)
    if field[t] >= 0 and field[o] == field[t]:
        options.append(SAME_FIELD)
    return max(options)


def score(
    p: CandidateProfile,
    t: Target,
    k: Concepts,
    weights: Mapping[str, float],
    today: date,
) -> float:
    """The weighted sum of every component, as `rank` computes it."""
    values = component_values(p, t, k, today)
    return sum(weights[name] * values[name] for name in values if weights[name] > 0)


def component_values(
    p: CandidateProfile, t: Target, k: Concepts, today: date
) -> dict[str, float]:
    r = t.requirements
    every_skill = tuple(dict.fromkeys(r.must_skills + r.merit_skills))
    return {
        "occupation": _occupation(p, t, k),
        "must_skills": _coverage(p, k, r.must_skills, ()),
        "merit_skills": _coverage(p, k, r.merit_skills, ()),
        "post_training": _coverage(p, k, every_skill, t.taught_skills),
        "swedish_margin": _clip(
            (p.swedish - r.swedish) / max(c.TOP_SWEDISH - r.swedish, 1)
        ),
        "proximity": _proximity(p, t, k),
        "start": _start(p, t),
        "interest": _interest(p, t),
        "waiting": 1.0
        if p.last_contact is None
        else _clip((today - p.last_contact).days / c.WAITING_FULL_DAYS),
    }


def _clip(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def _occupation(p: CandidateProfile, t: Target, k: Concepts) -> float:
    if t.occupation is None:
        return 0.0
    caps = [n.min_years for n in t.requirements.experience if n.min_years > 0]
    cap = max(caps, default=c.YEARS_CAP)
    years: dict[int, float] = {}
    for e in p.experience:
        years[e.occupation] = years.get(e.occupation, 0.0) + e.years
    best = [
        similarity(k, t.occupation, o)
        * (c.EXPERIENCE_FLOOR + (1 - c.EXPERIENCE_FLOOR) * min(y / cap, 1.0))
        for o, y in years.items()
    ]
    best += [similarity(k, t.occupation, o) * c.INTEREST_CREDIT for o in p.interests]
    return max(best, default=0.0)


def _coverage(
    p: CandidateProfile, k: Concepts, skills: Sequence[int], taught: Sequence[int]
) -> float:
    skills = tuple(dict.fromkeys(skills))
    total = sum(float(k.skill_weight[s]) for s in skills)
    if total == 0:
        return 0.0
    groups = {int(k.occupation_group[e.occupation]) for e in p.experience} - {-1}
    implied = {int(s) for g in groups for s in k.group_skills.getrow(g).indices}
    earned = 0.0
    for s in skills:
        weight = float(k.skill_weight[s])
        if s in p.skills or s in taught:
            earned += weight
        elif s in implied:
            earned += weight * IMPLIED_CREDIT
    return earned / total


def _proximity(p: CandidateProfile, t: Target, k: Concepts) -> float:
    if t.municipality is None:
        return 0.0
    if p.home_municipality == t.municipality:
        return c.HOME
    if t.municipality in p.mobility_municipalities:
        return c.MOBILITY
    region = _target_region(t, k)
    home_region = (
        None
        if p.home_municipality is None
        else int(k.municipality_region[p.home_municipality])
    )
    if region is not None and (region in p.mobility_regions or home_region == region):
        return c.REGION
    return 0.0


def _start(p: CandidateProfile, t: Target) -> float:
    if t.start is None or p.available_from is None or p.available_from <= t.start:
        return 1.0
    deadline = t.latest_start or t.start
    span = max((deadline - t.start).days, 1)
    return _clip(1.0 - (p.available_from - t.start).days / span)


def _interest(p: CandidateProfile, t: Target) -> float:
    if t.cohort_id is not None and t.cohort_id in p.cohort_interests:
        return c.COHORT_INTEREST
    if t.track_id is not None and t.track_id in p.track_interests:
        return c.TRACK_INTEREST
    return 0.0
