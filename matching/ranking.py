"""Scoring, top-k selection and the deterministic order, in both directions.

`rank` evaluates the rules over every block, scores every row with the components
that apply (a weighted sum of vectors), and keeps the best `limit` eligible rows:
`np.argpartition` finds the k-th best score without sorting the pool, and only the
few rows at or above it are ordered. The order is score (descending, rounded to
`SCORE_DECIMALS` so that the last bits of floating-point arithmetic, which may
differ between machines or between vectorised and scalar code, never reorder), then
a seeded lottery key, then the ref. The lottery key is SplitMix64 of the ref's
stable hash mixed with the seed: the same on every machine, different per seed, and
unrelated to anything about the person.

`check` is the enrolment guard and `matches` the reverse direction (one candidate,
many targets); both run the same rules and components on a one-row block.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.columns import Block, build_block
from matching.components import SPECS, Scored, Spec
from matching.concepts import Concepts, FloatArray
from matching.pool import Pool
from matching.prepared import Prepared, prepare
from matching.profiles import CandidateProfile, Target
from matching.results import Component, Missing, Ranked, Shortlist, TargetMatch
from matching.rules import Failure, RuleMasks, evaluate, tally
from matching.weights import normalise, resolve_weights

ALGORITHM_VERSION = "jobbmatch-ranking/1"
SCORE_DECIMALS = 9
_MASK = (1 << 64) - 1


def splitmix64(value: int) -> int:
    """SplitMix64's finaliser on a Python int: a bijection of 64-bit integers."""
    z = (value + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def lottery_keys(ref_hashes: npt.NDArray[np.uint64], seed: int) -> npt.NDArray[Any]:
    """`splitmix64(ref_hash ^ splitmix64(seed))` for every ref, as uint64."""
    z = ref_hashes ^ np.uint64(splitmix64(seed & _MASK))
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def rounded(scores: FloatArray) -> FloatArray:
    """Scores as ordered and reported: rounded to `SCORE_DECIMALS`."""
    result: FloatArray = np.round(scores, SCORE_DECIMALS)
    return result


@dataclass(frozen=True, eq=False)
class _Scoring:
    """One block scored for one target."""

    block: Block
    masks: RuleMasks
    eligible: npt.NDArray[np.bool_]
    scores: FloatArray
    parts: tuple[tuple[Spec, float, Scored], ...]


def _score(block: Block, prepared: Prepared, weights: Mapping[str, float]) -> _Scoring:
    masks = evaluate(block, prepared)
    parts = tuple(
        (spec, weights[spec.name], spec.score(block, prepared))
        for spec in SPECS
        if weights[spec.name] > 0
    )
    total = np.zeros(len(block))
    for _, weight, scored in parts:
        total += weight * scored.values
    return _Scoring(block, masks, masks.eligible & block.active, total, parts)


def _weights(
    prepared: Prepared, overrides: Mapping[str, float] | None
) -> dict[str, float]:
    resolved = resolve_weights(prepared.target.programme, overrides)
    applicable = {spec.name for spec in SPECS if spec.applies(prepared)}
    return normalise(resolved, applicable)


def _explain(
    scoring: _Scoring, row: int
) -> tuple[tuple[Component, ...], tuple[Missing, ...]]:
    components: list[Component] = []
    missing: list[Missing] = []
    for spec, weight, scored in scoring.parts:
        value = float(scored.values[row])
        why = scored.explain(row)
        components.append(
            Component(
                spec.name, value, weight, value * weight, why.evidence, why.baseline
            )
        )
        missing += why.missing
    return tuple(components), tuple(missing)


def rank(
    pool: Pool | Sequence[Pool],
    target: Target,
    *,
    today: date,
    weights: Mapping[str, float] | None = None,
    seed: int = 0,
    limit: int = 20,
) -> Shortlist:
    """Rank the pool for `target`: the best `limit` eligible candidates, explained.

    Several pools (one per owning unit, say) rank as one pool holding them all; they
    must share their `Concepts`. Raises `InvalidWeight` for an unknown or
    out-of-bounds weight override.
    """
    pools = [pool] if isinstance(pool, Pool) else list(pool)
    concepts = pools[0].concepts if pools else None
    if concepts is None or any(p.concepts is not concepts for p in pools):
        raise ValueError("rank needs at least one pool, all with the same concepts")
    prepared = prepare(target, concepts, today)
    effective = _weights(prepared, weights)
    scorings = [_score(block, prepared, effective) for p in pools for block in p]
    excluded, hints = _tally_all(scorings)
    chosen = _top(scorings, seed, limit)
    results = tuple(
        Ranked(i + 1, ref, score, *_explain(scorings[b], row))
        for i, (score, _, ref, b, row) in enumerate(chosen)
    )
    return Shortlist(
        target_ref=target.ref,
        programme=target.programme,
        results=results,
        pool_size=sum(len(p) for p in pools),
        eligible_count=sum(int(np.count_nonzero(s.eligible)) for s in scorings),
        excluded_by_rule=excluded,
        relaxation_hints=hints,
        weights=effective,
        seed=seed,
        algorithm_version=ALGORITHM_VERSION,
    )


def _tally_all(scorings: Sequence[_Scoring]) -> tuple[dict[str, int], dict[str, int]]:
    excluded: dict[str, int] = {}
    hints: dict[str, int] = {}
    for scoring in scorings:
        block_excluded, block_hints = tally(scoring.masks, scoring.block.active)
        for total, part in ((excluded, block_excluded), (hints, block_hints)):
            for code, n in part.items():
                total[code] = total.get(code, 0) + n
    return excluded, hints


def _top(
    scorings: Sequence[_Scoring], seed: int, limit: int
) -> list[tuple[float, int, str, int, int]]:
    """The best `limit` eligible rows as (score, lottery, ref, block, row), in order."""
    scores = np.concatenate([rounded(s.scores) for s in scorings])
    eligible = np.concatenate([s.eligible for s in scorings])
    hashes = np.concatenate([s.block.ref_hash for s in scorings])
    chosen = _candidates(np.flatnonzero(eligible), scores, hashes, seed, limit)
    offsets = np.cumsum([0] + [len(s.block) for s in scorings])
    blocks = np.searchsorted(offsets, chosen, side="right") - 1
    keys = lottery_keys(hashes[chosen], seed).tolist()
    rows = [
        (
            float(scores[i]),
            key,
            scorings[b].block.refs[i - offsets[b]],
            b,
            i - offsets[b],
        )
        for i, b, key in zip(chosen.tolist(), blocks.tolist(), keys, strict=True)
    ]
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    return rows[:limit]


def _candidates(
    eligible: npt.NDArray[np.intp],
    scores: FloatArray,
    hashes: npt.NDArray[np.uint64],
    seed: int,
    limit: int,
) -> npt.NDArray[np.intp]:
    """Rows that can be in the top `limit`: all above the k-th score, and the ties
    at it with the lowest lottery keys (all of them if keys tie too)."""
    if limit <= 0:
        return eligible[:0]
    if len(eligible) <= limit:
        return eligible
    values = scores[eligible]
    kth = values[np.argpartition(-values, limit - 1)[limit - 1]]
    above, ties = eligible[values > kth], eligible[values == kth]
    needed = limit - len(above)
    if len(ties) > needed:
        keys = lottery_keys(hashes[ties], seed)
        cut = keys[np.argpartition(keys, needed - 1)[needed - 1]]
        ties = ties[keys <= cut]
    return np.concatenate([above, ties])


def check(
    candidate: CandidateProfile, target: Target, concepts: Concepts, *, today: date
) -> tuple[Failure, ...]:
    """The rules `candidate` fails for `target` (empty: may be enrolled)."""
    block = build_block([candidate], concepts)
    return evaluate(block, prepare(target, concepts, today)).failures(0)


def matches(
    candidate: CandidateProfile,
    targets: Sequence[Target],
    concepts: Concepts,
    *,
    today: date,
    weights: Mapping[str, float] | None = None,
) -> tuple[TargetMatch, ...]:
    """Every target for one candidate: eligible first, then by score, then ref."""
    block = build_block([candidate], concepts)
    found = []
    for target in targets:
        prepared = prepare(target, concepts, today)
        scoring = _score(block, prepared, _weights(prepared, weights))
        components, missing = _explain(scoring, 0)
        score = float(rounded(scoring.scores)[0])
        failures = scoring.masks.failures(0)
        found.append(
            TargetMatch(
                target.ref, target.programme, failures, score, components, missing
            )
        )
    return tuple(sorted(found, key=lambda m: (not m.eligible, -m.score, m.target_ref)))
