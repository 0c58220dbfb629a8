"""Indicators as CSV: one line per table row, suppressed cells as `..` (SCB's
mark), cells that a spreadsheet would run as a formula neutralised."""

from service.kit.csv_files import write_rows
from service.stats.models import Cell, StatsReport
from service.stats.tables import GENDERS

SUPPRESSED = ".."
CSV_MEDIA_TYPE = "text/csv"


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.suppressed:
        return SUPPRESSED
    if cell.value is None:
        return ""
    value = cell.value
    return str(int(value)) if float(value).is_integer() else repr(value)


def render(report: StatsReport) -> str:
    keys = sorted({k for table in report.tables for row in table.rows for k in row.key})
    lines = [["table", *keys, "measure", "total", *(g.value for g in GENDERS)]]
    for table in report.tables:
        for row in table.rows:
            genders = (
                [getattr(row.by_gender, g.value) for g in GENDERS]
                if row.by_gender is not None
                else [None] * len(GENDERS)
            )
            lines.append(
                [
                    table.name,
                    *(row.key.get(k, "") for k in keys),
                    row.measure,
                    _cell(row.total),
                    *(_cell(c) for c in genders),
                ]
            )
    return write_rows(lines)
