"""The harness behind ``jobbmatch eval extraction SET...``.

For every selected set (``extraction_sets``) and system (``extraction_systems``),
per category (occupation, skill, driving licence, language, Swedish level):

- precision, recall and F1, micro-averaged over the texts: each text's distinct
  gold concept ids against the distinct ids the system read, a deprecated gold
  also matched by the concept the index leads it to;
- must/merit accuracy: the share of the found, correct items whose requirement
  (must, merit or null) equals the gold's, over items with a judged requirement.

Two pooled rows: ``all`` (every category) and ``requirements`` (skills, licences,
languages and Swedish: what a need lists as must or merit), which the must/merit
target reads.

Targets (issue 12) on the own sets: driving licence and Swedish level F1 >= 0.95,
skills F1 >= 0.75, must/merit >= 90 %.
"""

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from taxonomy.evaluation.extraction_sets import (
    CATEGORIES,
    FIXTURES,
    TextCase,
    load_text_cases,
)
from taxonomy.evaluation.extraction_systems import Found, TextSystem, text_systems
from taxonomy.mapping.mapper import Mapper

OWN_PREFIX = "own/"
REQUIREMENTS = "requirements"
# Pooled rows: every category, and the requirement items of a need (the sought
# occupation is the need's occupation, not a must or a merit).
POOLS = {
    "all": frozenset(CATEGORIES),
    REQUIREMENTS: frozenset({"skill", "driving-licence", "language", "swedish"}),
}
# (category, figure) -> minimum, judged on each own set.
TARGETS = {
    ("driving-licence", "f1"): 0.95,
    ("swedish", "f1"): 0.95,
    ("skill", "f1"): 0.75,
    ("requirement", "accuracy"): 0.90,
}
REQUIREMENT = "requirement"


@dataclass(frozen=True)
class CategoryFigures:
    """One system on one set in one category (``None``: nothing to divide by)."""

    set: str
    system: str
    category: str
    gold: int
    found: int
    correct: int
    precision: float | None
    recall: float | None
    f1: float | None
    requirement_judged: int
    requirement_accuracy: float | None


@dataclass(frozen=True)
class TargetCheck:
    """One issue-12 target on one own set."""

    set: str
    system: str
    category: str
    figure: str
    minimum: float
    value: float | None

    @property
    def met(self) -> bool:
        """Whether the figure reaches the target."""
        return self.value is not None and self.value >= self.minimum


@dataclass(frozen=True)
class ExtractionReport:
    """All figures of one run: per set x system x category, the targets, timings."""

    taxonomy_version: str
    cases: dict[str, int]
    figures: list[CategoryFigures]
    targets: list[TargetCheck]
    texts_per_second: dict[str, float]

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain JSON-ready data."""
        return {
            "taxonomy_version": self.taxonomy_version,
            "cases": self.cases,
            "figures": [asdict(f) for f in self.figures],
            "targets": [{**asdict(t), "met": t.met} for t in self.targets],
            "texts_per_second": self.texts_per_second,
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts behind one set of figures."""

    gold: int = 0
    found: int = 0
    correct: int = 0
    judged: int = 0
    agreed: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.gold + other.gold,
            self.found + other.found,
            self.correct + other.correct,
            self.judged + other.judged,
            self.agreed + other.agreed,
        )


def score_case(
    case: TextCase,
    found: Sequence[Found],
    category: str,
    successors: dict[str, str] | None = None,
) -> Tally:
    """Judge what a system read out of one text, in one category."""
    leads = successors or {}
    gold = {g.concept_id: g for g in case.gold if g.category == category}
    accepted = {leads.get(i, i): g for i, g in gold.items()} | gold
    read: dict[str, Found] = {}
    for item in found:
        if item.category == category:
            read.setdefault(item.concept_id, item)
    hits = {accepted[i].concept_id: read[i] for i in read if i in accepted}
    judged = [i for i in hits if gold[i].judged]
    agreed = sum(hits[i].requirement == gold[i].requirement for i in judged)
    return Tally(len(gold), len(read), len(hits), len(judged), agreed)


def figures_of(set_name: str, system: str, category: str, t: Tally) -> CategoryFigures:
    """Precision, recall, F1 and must/merit accuracy from the counts."""
    precision = t.correct / t.found if t.found else None
    recall = t.correct / t.gold if t.gold else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else (0.0 if t.gold or t.found else None)
    )
    return CategoryFigures(
        set=set_name,
        system=system,
        category=category,
        gold=t.gold,
        found=t.found,
        correct=t.correct,
        precision=precision,
        recall=recall,
        f1=f1,
        requirement_judged=t.judged,
        requirement_accuracy=t.agreed / t.judged if t.judged else None,
    )


def run_extraction_evaluation(
    set_names: Sequence[str],
    *,
    shared_dir: Path,
    mapper: Mapper,
    systems: Sequence[TextSystem] | None = None,
    fixtures: Path | None = None,
) -> ExtractionReport:
    """Evaluate the extractor and both baselines on the selected sets."""
    cases = load_text_cases(shared_dir, set_names, fixtures or FIXTURES)
    chosen = list(systems) if systems is not None else text_systems(mapper)
    set_order = list(dict.fromkeys(c.set for c in cases))
    successors = mapper.catalogue.successors
    figures: list[CategoryFigures] = []
    speed: dict[str, float] = {}
    for system in chosen:
        started = time.perf_counter()
        read = [system.read(case.text) for case in cases]
        seconds = time.perf_counter() - started
        speed[system.name] = len(cases) / seconds if seconds > 0 else 0.0
        for name in set_order:
            pairs = [(c, r) for c, r in zip(cases, read, strict=True) if c.set == name]
            categories = [k for k in CATEGORIES if k in pairs[0][0].categories]
            tallies = {
                category: sum(
                    (score_case(c, r, category, successors) for c, r in pairs),
                    Tally(),
                )
                for category in categories
            }
            for category, tally in tallies.items():
                figures.append(figures_of(name, system.name, category, tally))
            for pooled, members in POOLS.items():
                pool = [t for k, t in tallies.items() if k in members]
                # A pool of one category would repeat its row.
                if len(pool) > 1:
                    total = sum(pool, Tally())
                    figures.append(figures_of(name, system.name, pooled, total))
    order = [s.name for s in chosen]
    figures.sort(key=lambda f: (set_order.index(f.set), order.index(f.system)))
    counts = {name: sum(c.set == name for c in cases) for name in set_order}
    return ExtractionReport(
        mapper.taxonomy_version, counts, figures, _targets(figures), speed
    )


def _targets(figures: Sequence[CategoryFigures]) -> list[TargetCheck]:
    checks = []
    for f in figures:
        if not f.set.startswith(OWN_PREFIX):
            continue
        for (category, figure), minimum in TARGETS.items():
            if category == REQUIREMENT and f.category == REQUIREMENTS:
                checks.append(
                    TargetCheck(
                        f.set,
                        f.system,
                        REQUIREMENT,
                        figure,
                        minimum,
                        f.requirement_accuracy,
                    )
                )
            elif category == f.category:
                checks.append(
                    TargetCheck(f.set, f.system, category, figure, minimum, f.f1)
                )
    return checks
