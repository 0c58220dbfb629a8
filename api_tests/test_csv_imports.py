"""CSV imports as spreadsheets write them: every field, `;` or `,`, a BOM,
quoted cells, and errors named by column and data line."""

import re
from pathlib import Path
from typing import Any

import pytest
from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    DEMENTIA_CARE,
    ENGLISH,
    EXCEL,
    HOME_CARE,
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    SOLNA,
    STOCKHOLM,
    STOCKHOLMS_LAN,
    UPPER_SECONDARY,
    VALID_ORG_NUMBER,
    create_organisation,
    create_track,
    create_workplace,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
EVERY_COLUMN = (
    "participant_ref",
    "owning_unit",
    "home_municipality_id",
    "birth_year",
    "statistics_gender",
    "swedish_level",
    "swedish_assessed_at",
    "skills",
    "occupation_interests",
    "experience",
    "driving_licences",
    "languages",
    "certifications",
    "education_level_id",
    "available_from",
    "worktime_extent",
    "schedules",
    "mobility_municipality_ids",
    "mobility_region_ids",
    "prior_employment",
    "interests",
    "consents",
    "consents_given_at",
    "eligibility_basis",
    "eligibility_decided_by",
    "eligibility_decided_at",
    "eligibility_valid_until",
)


def post_csv(client: TestClient, keys: Keys, route: str, body: bytes) -> Any:
    response = client.post(
        f"/v1/{route}:batch",
        content=body,
        headers={**keys.auth("integration"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def read(client: TestClient, keys: Keys, ref: str) -> dict[str, Any]:
    response = client.get(f"/v1/participants/{ref}", headers=keys.auth("matcher"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def invalid(row: int, ref: str | None, field: str, rule: object) -> dict[str, Any]:
    return {
        "row": row,
        "line": row,
        "ref": ref,
        "status": "invalid",
        "changed": [],
        "errors": [{"field": field, "rule": rule, "message": IsStr()}],
    }


def coded(requirements: dict[str, Any]) -> dict[str, Any]:
    """A need's requirements with each item and language reduced to what was written."""
    return {
        **requirements,
        "languages": [
            (x["language_id"], x["level"]) for x in requirements["languages"]
        ],
        **{
            side: [
                (x["kind"], x["concept_id"], x["min_years"]) for x in requirements[side]
            ]
            for side in ("must", "merits")
        },
    }


def created(row: int, ref: str) -> dict[str, Any]:
    return {
        "row": row,
        "line": row,
        "ref": ref,
        "status": "created",
        "changed": [],
        "errors": [],
    }


class TestParticipantCsv:
    def test_excel_csv_with_every_column_carries_the_whole_record(
        self, client: TestClient, keys: Keys
    ) -> None:
        track = create_track(client, keys)
        cells = (
            "csv-full",
            "Jobbtorg Järva",
            STOCKHOLM,
            "1988",
            "woman",
            "sva_1",
            "2025-11-03",
            f"{HOME_CARE}|{EXCEL}",
            NURSE_ASSISTANT_HOME_CARE,
            f"{NURSE_ASSISTANT_HOME_CARE}:2,5|Lokalvårdare:1",
            LICENCE_B,
            f"{ENGLISH}:b2",
            '"Truckkort A; B|Hygienpass ""Livsmedel""\r\nsteg 2"',
            UPPER_SECONDARY,
            "2026-02-01",
            "part_time",
            "day|evening",
            f"{STOCKHOLM}|{SOLNA}",
            STOCKHOLMS_LAN,
            f"{VALID_ORG_NUMBER}:6:2025-06-30",
            f"track:{track['id']}:2026-01-10",
            "skills|experience",
            "2026-01-15",
            "af_registered",
            "Arbetsförmedlingen",
            "2026-01-05",
            "2026-12-31",
        )
        text = ";".join(EVERY_COLUMN) + "\r\n" + ";".join(cells) + "\r\n"
        report = post_csv(
            client, keys, "participants", "\ufeff".encode() + text.encode()
        )
        assert report["rows"] == [created(1, "csv-full")]
        stored = read(client, keys, "csv-full")
        assert stored == stored | {
            "birth_year": 1988,
            "statistics_gender": "woman",
            "swedish": {"level": "sva_1", "assessed_at": "2025-11-03"},
            "driving_licences": [LICENCE_B],
            "certifications": [
                "Truckkort A; B",
                'Hygienpass "Livsmedel"\r\nsteg 2',
            ],
            "education": {"level_id": UPPER_SECONDARY, "field_id": None},
            "availability": {
                "from_date": "2026-02-01",
                "worktime_extent": "part_time",
                "schedules": ["day", "evening"],
            },
            "mobility": {
                "municipality_ids": [STOCKHOLM, SOLNA],
                "region_ids": [STOCKHOLMS_LAN],
            },
            "prior_employment": [
                {"org_number": "556036-0793", "months": 6, "ended_on": "2025-06-30"}
            ],
            "interests": [
                {
                    "track_id": track["id"],
                    "cohort_id": None,
                    "expressed_at": "2026-01-10",
                }
            ],
            "consents": {
                "shared_with_employers": ["skills", "experience"],
                "given_at": "2026-01-15",
            },
            "eligibility": [
                {
                    "basis": "af_registered",
                    "decided_by": "Arbetsförmedlingen",
                    "decided_at": "2026-01-05",
                    "valid_until": "2026-12-31",
                }
            ],
        }
        assert [(x["language_id"], x["level"]) for x in stored["languages"]] == [
            (ENGLISH, "b2")
        ]
        assert [s["concept_id"] for s in stored["skills"]] == [HOME_CARE, EXCEL]
        assert [
            (e["occupation"]["concept_id"], e["occupation"]["text"], e["years"])
            for e in stored["experience"]
        ] == [
            (NURSE_ASSISTANT_HOME_CARE, None, 2.5),
            (IsStr(), "Lokalvårdare", 1.0),
        ]
        assert stored["occupation_interests"][0]["concept_id"] == (
            NURSE_ASSISTANT_HOME_CARE
        )

    def test_a_ragged_row_fails_alone_and_lines_count_records(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "participant_ref,owning_unit,home_municipality_id,certifications\n"
            f'r-1,Jobbtorg Järva,{STOCKHOLM},"Truckkort\nA1, B1"\n'
            f"r-2,Jobbtorg Järva,{STOCKHOLM},Hygienpass,extra\n"
            f"r-3,Jobbtorg Järva\n"
            "\n"
            f"r-4,Jobbtorg Järva,{STOCKHOLM},\n"
        )
        report = post_csv(client, keys, "participants", text.encode())
        assert report["rows"] == [
            created(1, "r-1"),
            invalid(2, None, "(row)", "ragged_row"),
            invalid(3, None, "(row)", "ragged_row"),
            created(4, "r-4"),
        ]
        assert (report["created"], report["invalid"]) == (2, 2)
        assert read(client, keys, "r-1")["certifications"] == ["Truckkort\nA1, B1"]
        missing = client.get("/v1/participants/r-2", headers=keys.auth("matcher"))
        assert missing.status_code == 404

    def test_errors_name_the_column_the_sender_wrote(
        self, client: TestClient, keys: Keys
    ) -> None:
        header = (
            "participant_ref;owning_unit;home_municipality_id;available_from;"
            "experience;eligibility_basis;eligibility_decided_by;"
            "eligibility_decided_at;eligibility_valid_until;consents_given_at"
        )
        text = "\n".join(
            [
                header,
                f"e-1;J;{STOCKHOLM};den första;;;;;;",
                f"e-2;J;{STOCKHOLM};;Undersköterska:många;;;;;",
                f"e-3;J;{STOCKHOLM};;;af_registered;AF;2026-02-01;2026-01-01;",
                f"e-4;J;{STOCKHOLM};;;;;;;igår",
                f"e-5;J;{STOCKHOLM};;{HOME_CARE}:2;;;;;",
            ]
        )
        report = post_csv(client, keys, "participants", text.encode())
        assert report["rows"] == [
            invalid(1, "e-1", "available_from", "date_from_datetime_parsing"),
            invalid(2, "e-2", "experience", "float_parsing"),
            invalid(
                3,
                "e-3",
                "eligibility_basis, eligibility_decided_by, eligibility_decided_at, "
                "eligibility_valid_until",
                "valid_after_decision",
            ),
            invalid(4, "e-4", "consents_given_at", "date_from_datetime_parsing"),
            invalid(5, "e-5", "experience", IsStr()),
        ]

    def test_a_field_the_file_lacks_is_named_by_its_column(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "participant_ref;owning_unit;home_municipality_id;swedish_assessed_at\n"
            f"s-1;J;{STOCKHOLM};2026-01-01\n"
        )
        report = post_csv(client, keys, "participants", text.encode())
        assert report["rows"] == [invalid(1, "s-1", "swedish_level", "missing")]

    def test_a_repeated_column_refuses_the_file_by_position(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants:batch",
            content=b"participant_ref;skills;skills\nd-1;a;b\n",
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "(header)[3]", "rule": "duplicate_column", "message": IsStr()}
        ]

    def test_the_guard_reads_semicolons_and_names_the_data_line(
        self, client: TestClient, keys: Keys
    ) -> None:
        text = (
            "participant_ref;owning_unit;home_municipality_id;certifications\r\n"
            f'g-1;J;{STOCKHOLM};"Truckkort;\r\nA1"\r\n'
            f"g-2;J;{STOCKHOLM};pnr 811228-9874\r\n"
        )
        response = client.post(
            "/v1/participants:batch",
            content=text.encode(),
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert response.status_code == 422
        assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
            ("[2].certifications", "personal_identity_number")
        ]
        assert "9874" not in response.text


class TestNeedCsv:
    def test_every_column_of_a_need(self, client: TestClient, keys: Keys) -> None:
        organisation = create_organisation(client, keys)
        workplace = create_workplace(client, keys, organisation["id"])
        header = (
            "external_ref,organisation_id,workplace_id,status,occupation,description,"
            "positions,earliest_start,latest_start,employment_type,worktime_extent,"
            "scope_percent,schedules,programmes,swedish_level,languages,must,merits,"
            "minimum_age,minimum_age_basis,requirement_notes"
        )
        cells = [
            "hr-1",
            str(organisation["id"]),
            str(workplace["id"]),
            "open",
            NURSE_ASSISTANT_HOME_CARE,
            '"Hemtjänst i Rinkeby, ""dag och kväll"""',
            "3",
            "2026-03-01",
            "2026-04-01",
            "fixed_term",
            "part_time",
            "75",
            "day|evening",
            "ordinary|jobbspar",
            "sfi_d",
            f"{ENGLISH}:b1",
            f"driving_licence:{LICENCE_B}|occupation_experience:"
            f"{NURSE_ASSISTANT_HOME_CARE}:2",
            f"skill:{DEMENTIA_CARE}",
            "18",
            "lagen (2010:1011) om brandfarliga och explosiva varor",
            "Introduktion två veckor",
        ]
        report = post_csv(
            client, keys, "needs", f"{header}\r\n{','.join(cells)}\r\n".encode()
        )
        assert report["rows"] == [created(1, "hr-1")]
        (need,) = client.get(
            "/v1/needs", params={"external_ref": "hr-1"}, headers=keys.auth("liaison")
        ).json()["items"]
        assert need == need | {
            "organisation_id": organisation["id"],
            "workplace_id": workplace["id"],
            "status": "open",
            "description": 'Hemtjänst i Rinkeby, "dag och kväll"',
            "positions": 3,
            "earliest_start": "2026-03-01",
            "latest_start": "2026-04-01",
            "employment_type": "fixed_term",
            "worktime_extent": "part_time",
            "scope_percent": 75,
            "schedules": ["day", "evening"],
            "programmes": ["ordinary", "jobbspar"],
        }
        # Items as written; the read adds each concept's label beside its id.
        assert coded(need["requirements"]) == {
            "swedish": "sfi_d",
            "languages": [(ENGLISH, "b1")],
            "must": [
                ("driving_licence", LICENCE_B, None),
                ("occupation_experience", NURSE_ASSISTANT_HOME_CARE, 2),
            ],
            "merits": [("skill", DEMENTIA_CARE, None)],
            "minimum_age": 18,
            "minimum_age_basis": "lagen (2010:1011) om brandfarliga och "
            "explosiva varor",
            "notes": "Introduktion två veckor",
        }
        assert need["occupation"]["concept_id"] == NURSE_ASSISTANT_HOME_CARE

    def test_rows_fail_alone_by_column_and_a_merge_keeps_the_rest(
        self, client: TestClient, keys: Keys
    ) -> None:
        org = create_organisation(client, keys)["id"]
        text = (
            "external_ref;organisation_id;occupation;positions;must\n"
            f"n-1;{org};Undersköterska;2;driving_licence:{LICENCE_B}\n"
            f"n-2;{org};Undersköterska;0;\n"
            f"n-3;{org};Undersköterska;2;skill:{LICENCE_B}:2\n"
            f"n-4;{org}\n"
            f";{org};Undersköterska;1;\n"
        )
        report = post_csv(client, keys, "needs", text.encode())
        assert report["rows"] == [
            created(1, "n-1"),
            invalid(2, "n-2", "positions", "greater_than_equal"),
            invalid(3, "n-3", "must", "min_years_kind"),
            invalid(4, None, "(row)", "ragged_row"),
            invalid(5, None, "external_ref", "missing"),
        ]
        merged = post_csv(client, keys, "needs", b"external_ref;positions\nn-1;4\n")
        assert merged["rows"][0] | {"errors": []} == {
            "row": 1,
            "line": 1,
            "ref": "n-1",
            "status": "updated",
            "changed": ["positions"],
            "errors": [],
        }
        (need,) = client.get(
            "/v1/needs", params={"external_ref": "n-1"}, headers=keys.auth("liaison")
        ).json()["items"]
        assert need["requirements"]["must"][0]["concept_id"] == LICENCE_B


@pytest.mark.needs_shared_taxonomy
class TestExampleFiles:
    def test_every_row_of_the_participant_example_is_created(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = (EXAMPLES / "participants.csv").read_bytes()
        report = post_csv(client, keys, "participants", body)
        assert (report["received"], report["created"]) == (3, 3), report

    def test_every_row_of_the_need_example_is_created(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        # The example names organisation 1; here it is the one just created.
        text = (EXAMPLES / "needs.csv").read_text(encoding="utf-8")
        body = re.sub(
            r"^(hr-\d+),1,", rf"\g<1>,{organisation['id']},", text, flags=re.M
        ).encode()
        report = post_csv(client, keys, "needs", body)
        assert (report["received"], report["created"]) == (3, 3), report
