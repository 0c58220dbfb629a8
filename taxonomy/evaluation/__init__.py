"""How well the mapper maps: the harness behind ``jobbmatch eval mapping SET...``.

Kept apart from `taxonomy.mapping`, which never imports it (an import contract in
pyproject.toml): the running service indexes and maps, and only the CLI, the
benchmarks and the calibration fit (``python -m taxonomy.evaluation.fit_calibration``)
load the evaluation sets, the baselines and the report.

- sets.py: the sets in ``shared/eval`` as `Case` rows, with a fixed train/test split;
- baselines.py: `WRatioBaseline` and `CharTfidfBaseline`, run beside the mapper;
- harness.py: `run_evaluation`, judging every answer into `Figures`;
- report.py: `render_report`, the plain-text table and a JSON line;
- fit_calibration.py: fits ``taxonomy/mapping/calibration*.json`` on the train half.

``jobbmatch eval extraction SET...`` scores whole-text extraction per category:
``extraction_sets.py`` (the own and held-out fixtures in ``fixtures/``, the real
ads, the kingkong training modules), ``extraction_systems.py`` (the extractor and two
baselines), ``extraction.py`` (P/R/F1 and must/merit accuracy) and
``extraction_report.py`` (the table, the targets, a JSON line).
"""

from taxonomy.evaluation.baselines import (
    CharTfidfBaseline,
    MapperSystem,
    Ranked,
    System,
    WRatioBaseline,
)
from taxonomy.evaluation.harness import (
    EvaluationReport,
    Figures,
    expected_calibration_error,
    run_evaluation,
)
from taxonomy.evaluation.report import render_report
from taxonomy.evaluation.sets import Case, UnknownSet, load_cases

__all__ = [
    "Case",
    "CharTfidfBaseline",
    "EvaluationReport",
    "Figures",
    "MapperSystem",
    "Ranked",
    "System",
    "UnknownSet",
    "WRatioBaseline",
    "expected_calibration_error",
    "load_cases",
    "render_report",
    "run_evaluation",
]
