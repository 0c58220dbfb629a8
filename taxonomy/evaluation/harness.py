"""The evaluation harness behind ``jobbmatch eval mapping SET...``.

For every selected set and in total, for the mapper and the two baselines in the
same run: top-1/top-3 accuracy at concept and at SSYK-4 level, abstention rate and
precision, expected calibration error on the held-out half, queries per second.

Scoring rules (see ``shared/eval/BENCHMARKS.md``):
- accuracy is over *answerable* cases (a gold id, not ``expect_abstain``) and is
  measured on the returned ranking; a concept hit is a gold id or the concept the
  index leads a deprecated gold to (its successor, or its same-group stand-in);
- SSYK-4 accuracy compares the SSYK codes of the ranking, each group counted at
  its first occurrence, with ``gold_ssyk4``;
- a top-1 answer is *correct* (for calibration and abstention precision) when it is
  a concept hit, or an SSYK-4 hit for cases whose golds are all deprecated; it is
  never correct on an ``expect_abstain`` case;
- an abstention is *justified* when the top-1 answer would not have been correct;
- the ECE uses 10 equal-width confidence bins over the ``test`` half of the cases
  (``Case.split``); the calibration was fitted on the ``train`` half. The SSYK-4
  ECE judges the confidence of the SSYK-4 answer against the top group being
  right, over the answerable cases with a gold group.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from taxonomy.evaluation.baselines import MapperSystem, Ranked, System, baselines
from taxonomy.evaluation.sets import Case, load_cases
from taxonomy.mapping.mapper import Mapper

ECE_BINS = 10
TOTAL = "total"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one system answered for one case, already judged."""

    case: Case
    seconds: float
    ranked: Ranked
    concept_hits: tuple[bool, ...]
    ssyk_hits: tuple[bool, ...]
    correct: bool


@dataclass(frozen=True)
class Figures:
    """The figures of one system on one set (``None``: not applicable)."""

    set: str
    system: str
    cases: int
    answerable: int
    top1: float | None
    top3: float | None
    ssyk_top1: float | None
    ssyk_top3: float | None
    abstention_rate: float
    abstention_precision: float | None
    abstain_recall: float | None
    ece_test: float | None
    ssyk_ece_test: float | None
    qps: float


@dataclass(frozen=True)
class EvaluationReport:
    """All figures of one run, per set and in total (set name ``total``)."""

    taxonomy_version: str
    figures: list[Figures]

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain JSON-ready data."""
        return {
            "taxonomy_version": self.taxonomy_version,
            "figures": [asdict(f) for f in self.figures],
        }


def _quiet(system: str, done: int, total: int | None) -> None:
    pass


def run_evaluation(
    set_names: Sequence[str],
    *,
    shared_dir: Path,
    mapper: Mapper,
    progress: Callable[[str, int, int | None], None] = _quiet,
) -> EvaluationReport:
    """Evaluate the mapper and both baselines on the selected sets;
    `progress(system, cases_done, cases)` hears of every case answered."""
    cases = load_cases(shared_dir, set_names)
    systems: list[System] = [MapperSystem(mapper), *baselines(mapper.catalogue)]
    figures: list[Figures] = []
    for system in systems:
        outcomes = []
        for done, case in enumerate(cases, start=1):
            outcomes.append(judge(mapper, case, *_timed(system, case)))
            progress(system.name, done, len(cases))
        sets = sorted({o.case.set for o in outcomes})
        for name in [*sets, TOTAL]:
            chosen = [o for o in outcomes if name in (TOTAL, o.case.set)]
            figures.append(summarise(name, system.name, chosen))
    figures.sort(
        key=lambda f: (f.set == TOTAL, f.set, [s.name for s in systems].index(f.system))
    )
    return EvaluationReport(mapper.taxonomy_version, figures)


def _timed(system: System, case: Case) -> tuple[float, Ranked]:
    start = time.perf_counter()
    ranked = system.rank(case.query, case.target_type)
    return time.perf_counter() - start, ranked


def judge(mapper: Mapper, case: Case, seconds: float, ranked: Ranked) -> Outcome:
    """Compare one answer with the gold."""
    accepted = set(case.gold_ids)
    accepted.update(mapper.catalogue.successors.get(g, g) for g in case.gold_ids)
    concept_hits = tuple(i in accepted for i in ranked.ids)
    # SSYK-4 accuracy ranks groups: the second occupation of the top group is no
    # second guess at the group.
    groups = dict.fromkeys(_ssyk(mapper, i) for i in ranked.ids)
    ssyk_hits = tuple(g in case.gold_ssyk4 for g in groups)
    all_deprecated = not any(mapper.concept(g) for g in case.gold_ids)
    hits = ssyk_hits if all_deprecated else concept_hits
    correct = bool(hits) and hits[0] and not case.expect_abstain
    return Outcome(case, seconds, ranked, concept_hits, ssyk_hits, correct)


def _ssyk(mapper: Mapper, concept_id: str) -> str | None:
    info = mapper.concept(concept_id)
    return info.ssyk_code if info else None


def _share(flags: Iterable[bool]) -> float | None:
    values = list(flags)
    return sum(values) / len(values) if values else None


def summarise(name: str, system: str, outcomes: Sequence[Outcome]) -> Figures:
    """Aggregate judged outcomes into figures."""
    answerable = [o for o in outcomes if o.case.gold_ids and not o.case.expect_abstain]
    with_ssyk = [o for o in answerable if o.case.gold_ssyk4]
    abstained = [o for o in outcomes if o.ranked.abstained]
    expected = [o for o in outcomes if o.case.expect_abstain]
    seconds = sum(o.seconds for o in outcomes)
    return Figures(
        set=name,
        system=system,
        cases=len(outcomes),
        answerable=len(answerable),
        top1=_share(any(o.concept_hits[:1]) for o in answerable),
        top3=_share(any(o.concept_hits[:3]) for o in answerable),
        ssyk_top1=_share(any(o.ssyk_hits[:1]) for o in with_ssyk),
        ssyk_top3=_share(any(o.ssyk_hits[:3]) for o in with_ssyk),
        abstention_rate=len(abstained) / len(outcomes) if outcomes else 0.0,
        abstention_precision=_share(not o.correct for o in abstained),
        abstain_recall=_share(o.ranked.abstained for o in expected),
        ece_test=expected_calibration_error(
            [
                (o.ranked.confidence, o.correct)
                for o in outcomes
                if o.case.split == "test"
            ]
        ),
        ssyk_ece_test=expected_calibration_error(
            [
                (_group_confidence(o.ranked), bool(o.ssyk_hits[:1]) and o.ssyk_hits[0])
                for o in with_ssyk
                if o.case.split == "test"
            ]
        ),
        qps=len(outcomes) / seconds if seconds > 0 else 0.0,
    )


def _group_confidence(ranked: Ranked) -> float:
    # A system without its own group confidence claims its concept confidence.
    if ranked.group_confidence is None:
        return ranked.confidence
    return ranked.group_confidence


def expected_calibration_error(pairs: Sequence[tuple[float, bool]]) -> float | None:
    """Weighted mean |accuracy - confidence| over equal-width confidence bins."""
    if not pairs:
        return None
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(ECE_BINS)]
    for confidence, correct in pairs:
        bins[min(int(confidence * ECE_BINS), ECE_BINS - 1)].append(
            (confidence, correct)
        )
    error = 0.0
    for members in bins:
        if members:
            accuracy = sum(c for _, c in members) / len(members)
            mean_confidence = sum(p for p, _ in members) / len(members)
            error += len(members) / len(pairs) * abs(accuracy - mean_confidence)
    return error
