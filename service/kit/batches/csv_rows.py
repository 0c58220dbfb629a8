"""CSV batch rows: columns that write into a row document shaped like a JSON row,
and errors named back by the column the sender wrote.

A column is a path into the row document and a conversion of its cell. An empty
cell is not carried (a merge leaves the field alone). Unknown or repeated columns
refuse the whole file, since a misspelt header would otherwise silently drop a
column from every row; a record with more or fewer cells than the header is
refused alone. Row numbers count data lines: header excluded, a quoted cell
spanning lines is still one.
"""

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from service.errors import FieldError, InvalidInput
from service.kit import csv_files
from service.kit.batches.models import BatchReport
from service.kit.batches.rows import RefusedRow

CONCEPT_ID = re.compile(r"^[A-Za-z0-9]{4}_[A-Za-z0-9]{3}_[A-Za-z0-9]{3}$")
_INDEX = re.compile(r"\[(\d+)\]")


def items(cell: str) -> list[str]:
    """A list cell: items separated by `|`."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def parts(item: str, count: int) -> list[str]:
    """An item's `:`-separated parts, the last `count - 1` split off from the
    right (so free text before them may hold a colon); missing parts are empty."""
    split = [part.strip() for part in item.rsplit(":", count - 1)]
    return [""] * (count - len(split)) + split if len(split) < count else split


def term(text: str) -> dict[str, str]:
    """A taxonomy id as given, anything else as free text to map."""
    return {"concept_id": text} if CONCEPT_ID.match(text) else {"text": text}


def terms(cell: str) -> list[dict[str, str]]:
    return [term(item) for item in items(cell)]


def languages(cell: str) -> list[dict[str, str]]:
    """`language_id:level` items."""
    pairs = [item.partition(":") for item in items(cell)]
    return [{"language_id": lang, "level": level} for lang, _, level in pairs]


def whole(text: str) -> int | str:
    """A whole number where the cell is one; otherwise the cell, for the row's
    validation to refuse by its rule."""
    return int(text) if text.isdecimal() else text


def decimal(text: str) -> str:
    # Swedish spreadsheets write the decimal comma: "2,5" years.
    return text.replace(",", ".")


@dataclass(frozen=True)
class Column:
    """Where a cell goes in the row document (`eligibility.0.basis`)."""

    path: str
    convert: Callable[[str], Any] = str

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    def put(self, row: dict[str, Any], cell: str) -> None:
        steps = self.steps
        target: Any = row
        for step, after in pairwise(steps):
            # A numeric step is an index: `eligibility.0` is a one-item list.
            if step.isdigit():
                target = target[int(step)]
            else:
                target = target.setdefault(step, [{}] if after.isdigit() else {})
        target[steps[-1]] = self.convert(cell)


def _steps(error_field: str) -> tuple[str, ...]:
    return tuple(_INDEX.sub(r".\1", error_field).split("."))


@dataclass(frozen=True)
class CsvUpload:
    """The rows of one file and the header they came under."""

    rows: list[Any]
    header: list[str]
    columns: Mapping[str, Column] = field(repr=False)

    def column_of(self, error_field: str) -> str:
        """The column an error's document path belongs to (also one the file
        lacks: `swedish_level` for a missing `swedish.level`); a path the file's
        columns write under (`eligibility.0`, checked as a whole) names them all."""
        steps = _steps(error_field)
        owners = [
            (len(column.steps), name)
            for name, column in self.columns.items()
            if steps[: len(column.steps)] == column.steps
        ]
        if owners:
            return max(owners)[1]
        under = [
            name
            for name in self.header
            if self.columns[name].steps[: len(steps)] == steps
        ]
        return ", ".join(under) or error_field

    def named(self, report: BatchReport) -> BatchReport:
        """The report with each row's data line and its errors named by column."""
        rows = [
            row.model_copy(
                update={
                    "line": row.row,
                    "errors": [
                        error.model_copy(update={"field": self.column_of(error.field)})
                        for error in row.errors
                    ],
                }
            )
            for row in report.rows
        ]
        return report.model_copy(update={"rows": rows})


def _header_errors(positions: list[int], rule: str, message: str) -> list[FieldError]:
    # Named by position: a header is the client's text and is never echoed.
    return [
        FieldError(field=f"(header)[{position}]", rule=rule, message=message)
        for position in positions
    ]


def _listed(positions: list[int]) -> str:
    return ", ".join(str(position) for position in positions)


def _check_header(header: list[str], columns: Mapping[str, Column]) -> None:
    unknown = [n for n, name in enumerate(header, 1) if name not in columns]
    if unknown:
        raise InvalidInput(
            f"Unknown CSV columns at positions {_listed(unknown)}.",
            _header_errors(
                unknown,
                "unknown_column",
                "not a column; `columns` lists the known ones",
            ),
            columns=sorted(columns),
        )
    repeated = [n for n, name in enumerate(header, 1) if name in header[: n - 1]]
    if repeated:
        # A repeated column would silently keep only one of its cells.
        raise InvalidInput(
            f"Repeated CSV columns at positions {_listed(repeated)}.",
            _header_errors(
                repeated,
                "duplicate_column",
                "this column already appears earlier in the header",
            ),
        )


def _ragged(cells: list[str], width: int) -> RefusedRow:
    return RefusedRow(
        [
            FieldError(
                field="(row)",
                rule="ragged_row",
                message=f"has {len(cells)} cells where the header has {width}",
            )
        ]
    )


def _document(
    header: list[str], cells: list[str], columns: Mapping[str, Column]
) -> dict[str, Any] | RefusedRow:
    if len(cells) != len(header):
        return _ragged(cells, len(header))
    row: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=True):
        if cell.strip():
            columns[name].put(row, cell.strip())
    return row


def read_csv(body: bytes, columns: Mapping[str, Column]) -> CsvUpload:
    """Turn a CSV upload into row documents shaped like the JSON rows."""
    try:
        text = csv_files.decode(body)
    except UnicodeDecodeError as error:
        raise _unreadable("the file is not UTF-8 text") from error
    lines = csv_files.records(text)
    rows: list[Any] = []
    try:
        header = [name.strip() for name in next(lines, [])]
        _check_header(header, columns)
        rows.extend(_document(header, cells, columns) for cells in lines)
    except csv.Error as error:
        raise _unreadable(f"data line {len(rows) + 1}: {error}") from error
    return CsvUpload(rows=rows, header=header, columns=columns)


def _unreadable(reason: str) -> InvalidInput:
    return InvalidInput(
        f"The CSV cannot be read: {reason}.",
        [FieldError(field="(body)", rule="csv_syntax", message=reason)],
    )
