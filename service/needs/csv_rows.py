"""The columns of the need CSV import: every field of a need that fits a cell.

List cells separate items with `|`. `occupation` is a taxonomy id or free text,
mapped as in JSON. `must` and `merits` items are `kind:concept_id`, with
`:min_years` for `occupation_experience` (`skill:5wab_aFK_gdL|
occupation_experience:bSEB_VKd_Ub3:2`); `languages` items are
`language_id:level`. The requirement columns travel together: a row carrying
any of them states the need's whole requirement profile.
"""

from typing import Any

from service.kit.batches.csv_rows import Column, items, languages, term, whole


def _requirement(item: str) -> dict[str, Any]:
    kind, _, rest = item.partition(":")
    concept_id, _, years = rest.partition(":")
    requirement: dict[str, Any] = {"kind": kind.strip(), "concept_id": concept_id}
    if years:
        requirement["min_years"] = whole(years.strip())
    return requirement


def _requirements(cell: str) -> list[dict[str, Any]]:
    return [_requirement(item) for item in items(cell)]


COLUMNS: dict[str, Column] = {
    "external_ref": Column("external_ref"),
    "organisation_id": Column("organisation_id", whole),
    "workplace_id": Column("workplace_id", whole),
    "status": Column("status"),
    "occupation": Column("occupation", term),
    "description": Column("description"),
    "positions": Column("positions", whole),
    "earliest_start": Column("earliest_start"),
    "latest_start": Column("latest_start"),
    "employment_type": Column("employment_type"),
    "worktime_extent": Column("worktime_extent"),
    "scope_percent": Column("scope_percent", whole),
    "schedules": Column("schedules", items),
    "programmes": Column("programmes", items),
    "swedish_level": Column("requirements.swedish"),
    "languages": Column("requirements.languages", languages),
    "must": Column("requirements.must", _requirements),
    "merits": Column("requirements.merits", _requirements),
    "minimum_age": Column("requirements.minimum_age", whole),
    "minimum_age_basis": Column("requirements.minimum_age_basis"),
    "requirement_notes": Column("requirements.notes"),
}
