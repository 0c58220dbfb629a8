"""The named soft components of a score, each a value in [0, 1] per candidate.

* `occupation`: the best of the candidate's experience and interest occupations,
  by `prepared.occupation_similarity`. Experience counts
  ``EXPERIENCE_FLOOR + (1 - EXPERIENCE_FLOOR) * min(years / cap, 1)`` of that
  similarity, with `cap` the largest `min_years` of the target's must experience
  (or `YEARS_CAP`); an interest counts `INTEREST_CREDIT`, below any experience.
  The floor is as high as the same-SSYK-4 similarity (0.8), so how close the
  occupation is always weighs more than how long it was held: half a year as the
  very occupation still beats five years in a neighbouring one.
* `must_skills`, `merit_skills`: skill coverage (`coverage`), explicit skills in
  full and skills implied by experience at reduced credit.
* `post_training` (cohorts): coverage of must and merit skills once the track's
  taught skills are added; its `baseline` is the coverage today.
* `swedish_margin`: how far above the required level, over the levels left above
  it. Only when a level is required: rewarding Swedish that the work does not need
  would disfavour people by national origin.
* `proximity`: lives in the municipality 1.0, has it in mobility 0.6, lives in or
  has its region 0.3.
* `start`: 1.0 when available by the start, falling linearly to 0 at the latest
  start.
* `interest`: expressed interest in this cohort 1.0, in its track 0.7.
* `waiting`: days since last proposed or enrolled, over `WAITING_FULL_DAYS`, at most
  1 (never: 1). Its weight is bounded (`weights.BOUNDS`) so that it only lifts people
  who have waited among those who fit about equally, and nobody is locked out.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.columns import Block
from matching.concepts import FloatArray
from matching.coverage import skill_evidence, skill_hits
from matching.prepared import Prepared, occupation_relation
from matching.profiles import COHORT_PROGRAMMES, SWEDISH_LEVELS
from matching.qualities import column_rows, row_max, same_group
from matching.results import Evidence, Missing

EXPERIENCE_FLOOR = 0.8
INTEREST_CREDIT = 0.5
YEARS_CAP = 5.0
HOME, MOBILITY, REGION = 1.0, 0.6, 0.3
COHORT_INTEREST, TRACK_INTEREST = 1.0, 0.7
WAITING_FULL_DAYS = 180
TOP_SWEDISH = len(SWEDISH_LEVELS)


@dataclass(frozen=True)
class Explanation:
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[Missing, ...] = ()
    baseline: float | None = None


@dataclass(frozen=True, eq=False)
class Scored:
    """A component's values over a block, and how to explain one row of it."""

    values: FloatArray
    explain: Callable[[int], Explanation] = lambda row: Explanation()


@dataclass(frozen=True)
class Spec:
    name: str
    applies: Callable[[Prepared], bool]
    score: Callable[[Block, Prepared], Scored]


def years_cap(p: Prepared) -> float:
    caps = [n.min_years for n in p.target.requirements.experience if n.min_years > 0]
    return max(caps, default=YEARS_CAP)


def experience_credit(years: FloatArray, cap: float) -> FloatArray:
    credit: FloatArray = EXPERIENCE_FLOOR + (1 - EXPERIENCE_FLOOR) * np.minimum(
        years / cap, 1.0
    )
    return credit


def _occupation(b: Block, p: Prepared) -> Scored:
    sim = p.similarity
    assert sim is not None
    exp, interests = b.experience, b.interests
    from_exp = sim[exp.indices] * experience_credit(exp.data, years_cap(p))
    from_interest = sim[interests.indices] * INTEREST_CREDIT
    values = np.maximum(row_max(exp, from_exp), row_max(interests, from_interest))

    def explain(row: int) -> Explanation:
        options = [
            _best_in_row(exp, from_exp, row, "experience"),
            _best_in_row(interests, from_interest, row, "interest"),
        ]
        best = max((o for o in options if o[0] > 0), default=None)
        evidence: tuple[Evidence, ...] = ()
        if best is not None and p.target.occupation is not None:
            _, occupation, source = best
            relation = occupation_relation(p.concepts, p.target.occupation, occupation)
            evidence = (
                Evidence(
                    "occupation", p.target.occupation, occupation, relation, source
                ),
            )
        return Explanation(evidence, _missing_experience(b, p, row))

    return Scored(values, explain)


def _best_in_row(
    matrix: sp.csr_matrix, values: FloatArray, row: int, source: str
) -> tuple[float, int, str]:
    indptr, indices = matrix.indptr, matrix.indices
    span = slice(indptr[row], indptr[row + 1])
    if span.start == span.stop:
        return (0.0, -1, source)
    # Ties go to the lowest occupation index, so the evidence is stable.
    pairs = zip(values[span].tolist(), indices[span].tolist(), strict=True)
    value, occupation = max(pairs, key=lambda pair: (pair[0], -pair[1]))
    return (value, occupation, source)


def _missing_experience(b: Block, p: Prepared, row: int) -> tuple[Missing, ...]:
    span = slice(b.experience.indptr[row], b.experience.indptr[row + 1])
    occupations = b.experience.indices[span]
    years = b.experience.data[span]
    missing = []
    for need in p.target.requirements.experience:
        hit = same_group(p.concepts, need.occupation)[occupations]
        if not hit.any() or years[hit].sum() < need.min_years:
            missing.append(Missing("occupation_experience", need.occupation))
    return tuple(missing)


def _skills(requirement: str) -> Callable[[Block, Prepared], Scored]:
    def score(b: Block, p: Prepared) -> Scored:
        reqs = p.target.requirements
        wanted = reqs.must_skills if requirement == "must_skill" else reqs.merit_skills
        hits = skill_hits(b, p.concepts, wanted)
        taught = frozenset(p.target.taught_skills)

        def explain(row: int) -> Explanation:
            found = skill_evidence(b, p.concepts, hits, row, requirement, taught)
            return Explanation(*found)

        return Scored(hits.coverage(len(b)), explain)

    return score


def _post_training(b: Block, p: Prepared) -> Scored:
    reqs = p.target.requirements
    hits = skill_hits(b, p.concepts, reqs.must_skills + reqs.merit_skills)
    taught = frozenset(p.target.taught_skills)
    baseline = hits.coverage(len(b))

    def explain(row: int) -> Explanation:
        evidence, _ = skill_evidence(
            b, p.concepts, hits, row, "skill", taught, after_training=True
        )
        return Explanation(evidence, (), float(baseline[row]))

    return Scored(hits.coverage(len(b), taught), explain)


def _swedish(b: Block, p: Prepared) -> Scored:
    required = p.target.requirements.swedish
    margin = (b.swedish.astype(float) - required) / (TOP_SWEDISH - required)

    def explain(row: int) -> Explanation:
        level = int(b.swedish[row])
        return Explanation((Evidence("swedish", required, level, "level", "levels"),))

    return Scored(np.clip(margin, 0.0, 1.0), explain)


def _proximity(b: Block, p: Prepared) -> Scored:
    municipality = p.target.municipality
    assert municipality is not None
    values = np.zeros(len(b))
    if p.region >= 0:
        values[b.home_region == p.region] = REGION
        values[column_rows(b.mobility_regions, p.region)] = REGION
    values[column_rows(b.mobility_municipalities, municipality)] = MOBILITY
    values[b.home == municipality] = HOME

    def explain(row: int) -> Explanation:
        relation = {HOME: "home", MOBILITY: "mobility", REGION: "region"}.get(
            float(values[row])
        )
        if relation is None:
            return Explanation()
        place = (municipality, "municipalities")
        required, source = (p.region, "regions") if relation == "region" else place
        return Explanation((Evidence("place", required, required, relation, source),))

    return Scored(values, explain)


def _start(b: Block, p: Prepared) -> Scored:
    assert p.start is not None
    assert p.deadline is not None
    late = b.available_from.astype(np.int64) - p.start
    span = max(p.deadline - p.start, 1)
    return Scored(np.clip(1.0 - late / span, 0.0, 1.0))


def _interest(b: Block, p: Prepared) -> Scored:
    values = np.zeros(len(b))
    t = p.target
    for records, wanted, credit in (
        (b.track_interests, t.track_id, TRACK_INTEREST),
        (b.cohort_interests, t.cohort_id, COHORT_INTEREST),
    ):
        if wanted is not None:
            values[records.any_per_row(records.key == wanted, len(b))] = credit

    def explain(row: int) -> Explanation:
        kind = {COHORT_INTEREST: "cohort", TRACK_INTEREST: "track"}.get(
            float(values[row])
        )
        if kind is None:
            return Explanation()
        wanted = t.cohort_id if kind == "cohort" else t.track_id
        wanted = -1 if wanted is None else wanted
        return Explanation((Evidence("interest", wanted, wanted, kind, kind + "s"),))

    return Scored(values, explain)


def _waiting(b: Block, p: Prepared) -> Scored:
    days = p.today - b.last_contact.astype(np.int64)
    return Scored(np.clip(days / WAITING_FULL_DAYS, 0.0, 1.0))


SPECS: tuple[Spec, ...] = (
    Spec("occupation", lambda p: p.similarity is not None, _occupation),
    Spec(
        "must_skills",
        lambda p: bool(p.target.requirements.must_skills),
        _skills("must_skill"),
    ),
    Spec(
        "merit_skills",
        lambda p: bool(p.target.requirements.merit_skills),
        _skills("merit_skill"),
    ),
    Spec(
        "post_training",
        lambda p: (
            p.target.programme in COHORT_PROGRAMMES
            and bool(p.target.taught_skills)
            and bool(
                p.target.requirements.must_skills + p.target.requirements.merit_skills
            )
        ),
        _post_training,
    ),
    Spec(
        "swedish_margin",
        lambda p: 0 < p.target.requirements.swedish < TOP_SWEDISH,
        _swedish,
    ),
    Spec("proximity", lambda p: p.target.municipality is not None, _proximity),
    Spec("start", lambda p: p.start is not None, _start),
    Spec(
        "interest",
        lambda p: p.target.track_id is not None or p.target.cohort_id is not None,
        _interest,
    ),
    Spec("waiting", lambda p: True, _waiting),
)
