"""The columns of the need CSV import: every field of a need that fits a cell.

List cells separate items with `|`. `occupation` is a taxonomy id or free text,
mapped as in JSON. `must` and `merits` items are `kind:concept`, the kind
optional, with `:min_years` for `occupation_experience`
(`driving_licence:VTK8_WRx_GcM|occupation_experience:bSEB_VKd_Ub3:2|truckkort`);
a concept is an id or text, sent as `concept_id` or `text` as in JSON (driving
licences are `driving_licence` items). `languages` items are
`language_id:level`. The requirement columns travel together: a row carrying
any of them states the need's whole requirement profile.
"""

from typing import Any

from service.kit.batches.csv_rows import Column, items, languages, term, whole
from service.requirements.models import RequirementKind

KINDS = {kind.value for kind in RequirementKind}


def _requirement(item: str) -> dict[str, Any]:
    # A first part that is no kind is part of the concept: the kind is optional.
    first, _, rest = item.partition(":")
    kind = first.strip() if first.strip() in KINDS else None
    named = rest if kind else item
    concept, _, years = named.rpartition(":")
    if not (concept and years.strip().isdigit()):
        concept, years = named, ""
    requirement: dict[str, Any] = {"kind": kind} if kind else {}
    requirement |= term(concept.strip())
    if years:
        requirement["min_years"] = int(years)
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
