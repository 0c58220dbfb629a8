"""The columns of the participant CSV import: every writable field of a
participant, lists in cells.

List cells separate items with `|`; an item's parts are separated by `:`.
Skills, occupation interests and experience take a taxonomy id
(`xowU_8Wu_K7C`) or free text, mapped as in JSON. `experience` items are
`occupation:years` (a decimal comma is fine), `languages` `language_id:level`,
`prior_employment` `org_number:months:ended_on`, `interests`
`track:ID:expressed_on` or `cohort:ID:expressed_on`. One row carries one
eligibility decision (JSON takes up to ten).
"""

from typing import Any

from service.kit.batches.csv_rows import (
    Column,
    decimal,
    items,
    languages,
    parts,
    term,
    terms,
)


def _experience(cell: str) -> list[dict[str, Any]]:
    pairs = [parts(item, 2) for item in items(cell)]
    return [
        {"occupation": term(occupation), "years": decimal(years)}
        if occupation
        else {"occupation": term(years)}
        for occupation, years in pairs
    ]


def _prior_employment(cell: str) -> list[dict[str, str]]:
    triples = [parts(item, 3) for item in items(cell)]
    return [
        {"org_number": org_number, "months": months, "ended_on": ended_on}
        for org_number, months, ended_on in triples
    ]


def _interests(cell: str) -> list[dict[str, str]]:
    triples = [parts(item, 3) for item in items(cell)]
    return [
        {f"{kind}_id": number, "expressed_at": expressed_at}
        for kind, number, expressed_at in triples
    ]


COLUMNS: dict[str, Column] = {
    "participant_ref": Column("participant_ref"),
    "owning_unit": Column("owning_unit"),
    "home_municipality_id": Column("home_municipality_id"),
    "birth_year": Column("birth_year"),
    "statistics_gender": Column("statistics_gender"),
    "swedish_level": Column("swedish.level"),
    "swedish_assessed_at": Column("swedish.assessed_at"),
    "skills": Column("skills", terms),
    "occupation_interests": Column("occupation_interests", terms),
    "experience": Column("experience", _experience),
    "driving_licences": Column("driving_licences", items),
    "languages": Column("languages", languages),
    "certifications": Column("certifications", items),
    "education_level_id": Column("education.level_id"),
    "education_field_id": Column("education.field_id"),
    "available_from": Column("availability.from_date"),
    "worktime_extent": Column("availability.worktime_extent"),
    "schedules": Column("availability.schedules", items),
    "mobility_municipality_ids": Column("mobility.municipality_ids", items),
    "mobility_region_ids": Column("mobility.region_ids", items),
    "prior_employment": Column("prior_employment", _prior_employment),
    "interests": Column("interests", _interests),
    "consents": Column("consents.shared_with_employers", items),
    "consents_given_at": Column("consents.given_at"),
    "eligibility_basis": Column("eligibility.0.basis"),
    "eligibility_decided_by": Column("eligibility.0.decided_by"),
    "eligibility_decided_at": Column("eligibility.0.decided_at"),
    "eligibility_valid_until": Column("eligibility.0.valid_until"),
}
