"""CSV for the participant bulk import: one row per participant, lists in cells.

List cells separate items with `|`. A skill or occupation item that looks like a
taxonomy id (`xowU_8Wu_K7C`) is taken as one; anything else is free text to map.
Languages are `language_id:level`. Unknown columns refuse the whole file, since a
misspelt header would otherwise silently drop a column from every row.
"""

import csv
import io
import re
from collections.abc import Callable
from typing import Any

from service.errors import FieldError, InvalidInput

CONCEPT_ID = re.compile(r"^[A-Za-z0-9]{4}_[A-Za-z0-9]{3}_[A-Za-z0-9]{3}$")


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def _terms(cell: str) -> list[dict[str, str]]:
    return [
        {"concept_id": item} if CONCEPT_ID.match(item) else {"text": item}
        for item in _items(cell)
    ]


def _languages(cell: str) -> list[dict[str, str]]:
    pairs = [item.partition(":") for item in _items(cell)]
    return [{"language_id": lang, "level": level} for lang, _, level in pairs]


def _set(
    path: str, convert: Callable[[str], Any] = str
) -> Callable[[dict[str, Any], str], None]:
    """A setter writing a converted cell to a dotted path of the row document."""
    *parents, leaf = path.split(".")

    def put(row: dict[str, Any], cell: str) -> None:
        target = row
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = convert(cell)

    return put


def _eligibility(name: str) -> Callable[[dict[str, Any], str], None]:
    def put(row: dict[str, Any], cell: str) -> None:
        row.setdefault("eligibility", [{}])[0][name] = cell

    return put


COLUMNS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "participant_ref": _set("participant_ref"),
    "owning_unit": _set("owning_unit"),
    "home_municipality_id": _set("home_municipality_id"),
    "birth_year": _set("birth_year", int),
    "statistics_gender": _set("statistics_gender"),
    "swedish_level": _set("swedish.level"),
    "swedish_assessed_at": _set("swedish.assessed_at"),
    "skills": _set("skills", _terms),
    "occupation_interests": _set("occupation_interests", _terms),
    "driving_licences": _set("driving_licences", _items),
    "languages": _set("languages", _languages),
    "certifications": _set("certifications", _items),
    "education_level_id": _set("education.level_id"),
    "education_field_id": _set("education.field_id"),
    "available_from": _set("availability.from_date"),
    "worktime_extent": _set("availability.worktime_extent"),
    "schedules": _set("availability.schedules", _items),
    "mobility_municipality_ids": _set("mobility.municipality_ids", _items),
    "mobility_region_ids": _set("mobility.region_ids", _items),
    "consents": _set("consents.shared_with_employers", _items),
    "eligibility_basis": _eligibility("basis"),
    "eligibility_decided_by": _eligibility("decided_by"),
    "eligibility_decided_at": _eligibility("decided_at"),
    "eligibility_valid_until": _eligibility("valid_until"),
}


def _row(cells: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, cell in cells.items():
        if cell and cell.strip():
            try:
                COLUMNS[column](row, cell.strip())
            except ValueError:
                row[column] = cell
    return row


def parse_csv(body: bytes) -> list[dict[str, Any]]:
    """Turn a CSV upload into row documents shaped like the JSON rows."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable("the file is not UTF-8 text") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # Named by position: a header is the client's text and is never echoed.
    unknown = [
        position
        for position, name in enumerate(reader.fieldnames or [], start=1)
        if name not in COLUMNS
    ]
    names = reader.fieldnames or []
    repeated = [
        position
        for position, name in enumerate(names, start=1)
        if name in names[: position - 1]
    ]
    if repeated and not unknown:
        # A repeated column would silently keep only its last cell.
        raise InvalidInput(
            "Repeated CSV columns at positions "
            f"{', '.join(str(position) for position in repeated)}.",
            [
                FieldError(
                    field=f"(header)[{position}]",
                    rule="duplicate_column",
                    message="this column already appears earlier in the header",
                )
                for position in repeated
            ],
        )
    if unknown:
        raise InvalidInput(
            "Unknown CSV columns at positions "
            f"{', '.join(str(position) for position in unknown)}.",
            [
                FieldError(
                    field=f"(header)[{position}]",
                    rule="unknown_column",
                    message="not a column; `columns` lists the known ones",
                )
                for position in unknown
            ],
            columns=sorted(COLUMNS),
        )
    rows = []
    try:
        for cells in reader:
            if None in cells:
                raise _unreadable(f"line {reader.line_num} has more cells than columns")
            rows.append(_row(cells))
    except csv.Error as error:
        raise _unreadable(f"line {reader.line_num}: {error}") from error
    return rows


def _unreadable(reason: str) -> InvalidInput:
    return InvalidInput(
        f"The CSV cannot be read: {reason}.",
        [FieldError(field="(body)", rule="csv_syntax", message=reason)],
    )
