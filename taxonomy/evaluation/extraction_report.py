"""Plain-text rendering of an :class:`ExtractionReport`; the last line is JSON."""

import json

from taxonomy.evaluation.extraction import CategoryFigures, ExtractionReport
from taxonomy.evaluation.report import aligned, percent

COLUMNS = (
    ("system", 13),
    ("category", 16),
    ("gold", 6),
    ("found", 6),
    ("right", 6),
    ("P", 6),
    ("R", 6),
    ("F1", 6),
    ("req n", 6),
    ("req", 6),
)
HEADER = (
    "extractor = Mapper.extract (negated mentions dropped); label-search = "
    "whole-word case-folded preferred/alternative labels, no cues; map-whole = "
    "Mapper.map on the whole text, top answer per category. P/R/F1 micro over "
    "texts, percentages; req = must/merit/null agreement on the correct items with "
    "a judged requirement (req n); 'all' pools the categories, 'requirements' "
    "all but the occupation (the must/merit target). jobsearch-ads gold "
    "is the employer's sparse must_have/nice_to_have, so its P is a lower bound."
)


def _row(f: CategoryFigures) -> str:
    values = (
        f.system,
        f.category,
        str(f.gold),
        str(f.found),
        str(f.correct),
        percent(f.precision),
        percent(f.recall),
        percent(f.f1),
        str(f.requirement_judged),
        percent(f.requirement_accuracy),
    )
    return aligned(values, COLUMNS)


def render_extraction_report(report: ExtractionReport) -> str:
    """Return a table per set (systems one under another), targets, one JSON line."""
    header = " ".join(name.rjust(width) for name, width in COLUMNS)
    lines = [f"taxonomy version {report.taxonomy_version}; {HEADER}"]
    current = None
    for figures in report.figures:
        if figures.set != current:
            current = figures.set
            lines += ["", f"{current} ({report.cases[current]} texts)", header]
        lines.append(_row(figures))
    lines += ["", "targets on the own sets (issue 12):"]
    for t in report.targets:
        lines.append(
            f"  {t.set:18} {t.system:13} {t.category:16} {t.figure} "
            f"{percent(t.value)} >= {100 * t.minimum:.0f}: "
            f"{'met' if t.met else 'missed'}"
        )
    speeds = ", ".join(f"{k} {v:.0f}" for k, v in report.texts_per_second.items())
    lines.append(f"texts per second: {speeds}")
    lines.append(
        json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":"))
    )
    return "\n".join(lines)
