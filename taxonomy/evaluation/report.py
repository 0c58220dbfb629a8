"""Plain-text rendering of an :class:`EvaluationReport`; the last line is JSON."""

import json
from collections.abc import Sequence

from taxonomy.evaluation.harness import EvaluationReport, Figures

COLUMNS = (
    ("system", 10),
    ("n", 5),
    ("top1", 6),
    ("top3", 6),
    ("ssyk1", 6),
    ("ssyk3", 6),
    ("abst", 6),
    ("abstP", 6),
    ("abstR", 6),
    ("ECE", 6),
    ("sECE", 6),
    ("q/s", 8),
)


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal, ``-`` when undefined."""
    return "-" if value is None else f"{100 * value:.1f}"


def aligned(values: Sequence[str], columns: Sequence[tuple[str, int]]) -> str:
    """One table row, each value right-aligned to its column's width."""
    return " ".join(
        v.rjust(width) for v, (_, width) in zip(values, columns, strict=True)
    )


def _row(f: Figures) -> str:
    values = (
        f.system,
        str(f.answerable),
        percent(f.top1),
        percent(f.top3),
        percent(f.ssyk_top1),
        percent(f.ssyk_top3),
        percent(f.abstention_rate),
        percent(f.abstention_precision),
        percent(f.abstain_recall),
        "-" if f.ece_test is None else f"{f.ece_test:.3f}",
        "-" if f.ssyk_ece_test is None else f"{f.ssyk_ece_test:.3f}",
        f"{f.qps:.0f}",
    )
    return aligned(values, COLUMNS)


def render_report(report: EvaluationReport) -> str:
    """Return a table per set (systems side by side), then one JSON line."""
    header = " ".join(name.rjust(width) for name, width in COLUMNS)
    lines = [
        f"taxonomy version {report.taxonomy_version}; percentages; "
        "n = answerable cases; "
        "abst = abstention rate, abstP its precision, abstR recall on no-match cases; "
        "ECE (concepts) and sECE (SSYK-4 answers) on the held-out half"
    ]
    current = None
    for figures in report.figures:
        if figures.set != current:
            current = figures.set
            lines += ["", f"{current} ({figures.cases} cases)", header]
        lines.append(_row(figures))
    lines.append(
        json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":"))
    )
    return "\n".join(lines)
