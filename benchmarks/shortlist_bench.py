"""Time shortlists on a warm candidate pool beside two baselines from the same run.

    .venv/bin/python benchmarks/shortlist_bench.py [--participants N] [--targets T]
        [--loop-targets L] [--seed S]

Builds a seeded synthetic taxonomy and pool (`matching.synthetic`: the shape of the
JobTech taxonomy and of a unit's participants; the same generator the oracle tests
use) and ranks T targets cycling through every programme, three ways:

* jobbmatch: `matching.rank` on the pool (all rules, all components, explained);
* loop: `matching.reference.reference_rank`, a plain per-candidate Python loop that
  computes the same rules and scores; it must return the same top 20 (checked), and
  runs on the first L targets only, since it is slow by design;
* kernel: only the sparse products behind the occupation and skill components and
  an argpartition top-k, the floor that any implementation pays.

Prints p50/p95/max per figure, the pool build time, and a JSON line last.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial

import numpy as np
from figures import percentile

from matching import Pool, Target, rank
from matching.concepts import Concepts
from matching.prepared import occupation_similarity
from matching.reference import reference_rank
from matching.synthetic import (
    synthetic_concepts,
    synthetic_profiles,
    synthetic_targets,
)

TODAY = date(2026, 1, 15)
LIMIT = 20


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = percentile(ordered, 0.95)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def _kernel(pool: Pool, concepts: Concepts, target: Target) -> np.ndarray:
    """Occupation and skill products and top-k: nothing else."""
    sim = (
        occupation_similarity(concepts, target.occupation)
        if target.occupation is not None
        else np.zeros(len(concepts.occupations))
    )
    wanted = np.zeros(len(concepts.skills))
    required = [*target.requirements.must_skills, *target.requirements.merit_skills]
    wanted[required] = concepts.skill_weight[required]
    scores = []
    for block in pool:
        scores.append(block.experience @ sim + block.skills @ wanted)
    total = np.concatenate(scores)
    k = min(LIMIT, len(total) - 1)
    top = np.argpartition(-total, k)[:LIMIT]
    return top[np.argsort(-total[top])]


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _time_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def run(
    participants: int, targets: int, loop_targets: int, seed: int
) -> dict[str, object]:
    concepts = synthetic_concepts(seed)
    profiles = synthetic_profiles(concepts, participants, seed + 1, TODAY)
    started = time.perf_counter()
    pool = Pool(concepts, profiles)
    build_s = time.perf_counter() - started
    chosen = synthetic_targets(concepts, targets, seed + 2, TODAY)
    for target in chosen[:2]:  # warm caches, as a serving process is
        rank(pool, target, today=TODAY, seed=seed)
    ours = [
        _time_ms(partial(rank, pool, t, today=TODAY, seed=seed, limit=LIMIT))
        for t in chosen
    ]
    kernel = [_time_ms(partial(_kernel, pool, concepts, t)) for t in chosen]
    loop, same = [], True
    for target in chosen[:loop_targets]:
        started = time.perf_counter()
        expected = reference_rank(
            profiles, target, concepts, today=TODAY, seed=seed, limit=LIMIT
        )
        loop.append((time.perf_counter() - started) * 1000)
        got = rank(pool, target, today=TODAY, seed=seed, limit=LIMIT)
        same &= [(r.ref, r.score) for r in got.results] == expected
    kernel_p95 = _percentiles(kernel)["p95"]
    figures: dict[str, dict[str, float] | None] = {
        "jobbmatch": _percentiles(ours),
        "loop": _percentiles(loop) if loop else None,
        "kernel": _percentiles(kernel),
    }
    for name, values in figures.items():
        if values is not None:
            _say(
                f"{name:>9}: p50 {values['p50']:9.2f} ms  p95 {values['p95']:9.2f} ms"
                f"  max {values['max']:9.2f} ms"
            )
    _say(f"pool build: {build_s:.2f} s for {participants} participants")
    _say(f"loop and jobbmatch agree on the top {LIMIT}: {same}")
    loop_figures, ours_figures = figures["loop"], figures["jobbmatch"]
    loop_p95 = loop_figures["p95"] if loop_figures else None
    assert ours_figures is not None
    ours_p95 = ours_figures["p95"]
    return {
        "participants": participants,
        "p95_ms": ours_p95,
        "loop_p95_ms": loop_p95,
        "speedup": round(loop_p95 / ours_p95, 1) if loop_p95 else None,
        "kernel_p95_ms": kernel_p95,
        "build_s": round(build_s, 2),
        "same_top": same,
        "targets": targets,
        "loop_targets": min(loop_targets, targets),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--targets", type=int, default=40)
    parser.add_argument("--loop-targets", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = run(args.participants, args.targets, args.loop_targets, args.seed)
    _say(json.dumps(result))


if __name__ == "__main__":
    main()
