import pytest
from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    EXCEL,
    HOME_CARE,
    LICENCE_B,
    STOCKHOLM,
    audit_trail,
    create_participant,
    participant_body,
)


def _invalid(row: int, ref: str | None, field: str, rule: str) -> dict[str, object]:
    return {
        "row": row,
        "line": None,
        "ref": ref,
        "status": "invalid",
        "changed": [],
        "errors": [{"field": field, "rule": rule, "message": IsStr()}],
    }


class TestParticipantBatchJson:
    def test_rows_are_upserted_and_refused_rows_reported(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "b-1", birth_year=1970)
        rows = [
            participant_body("b-1", birth_year=1971),
            participant_body("b-2", skills=[{"concept_id": EXCEL}]),
            participant_body("b-3", name="Anna"),
            participant_body("b-2"),
            participant_body("b-4", home_municipality_id=HOME_CARE),
            "not an object",
        ]
        response = client.post(
            "/v1/participants:batch",
            json={"participants": rows},
            headers={**keys.auth("integration"), "X-Purpose": "nightly sync"},
        )
        assert response.status_code == 200
        assert response.json() == {
            "received": 6,
            "created": 1,
            "updated": 1,
            "unchanged": 0,
            "invalid": 4,
            "rows": [
                {
                    "row": 1,
                    "line": None,
                    "ref": "b-1",
                    "status": "updated",
                    "changed": ["birth_year"],
                    "errors": [],
                },
                {
                    "row": 2,
                    "line": None,
                    "ref": "b-2",
                    "status": "created",
                    "changed": [],
                    "errors": [],
                },
                _invalid(3, "b-3", "name", "extra_forbidden"),
                _invalid(4, "b-2", "(row)", "duplicate_in_batch"),
                _invalid(5, "b-4", "home_municipality_id", "wrong_type"),
                _invalid(6, None, "(row)", "object"),
            ],
        }
        read = client.get("/v1/participants/b-1", headers=keys.auth("matcher"))
        assert read.json()["birth_year"] == 1971
        assert audit_trail(client, keys, "b-2") == [
            ("participant.import", "integration", "nightly sync")
        ]
        missing = client.get("/v1/participants/b-3", headers=keys.auth("matcher"))
        assert missing.status_code == 404

    def test_a_personnummer_in_any_row_refuses_the_whole_batch(
        self, client: TestClient, keys: Keys
    ) -> None:
        rows = [participant_body("b-5"), participant_body("811228-9874")]
        response = client.post(
            "/v1/participants:batch",
            json={"participants": rows},
            headers=keys.auth("integration"),
        )
        assert response.status_code == 422
        assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
            ("participants[1].participant_ref", "personal_identity_number")
        ]
        assert "9874" not in response.text
        missing = client.get("/v1/participants/b-5", headers=keys.auth("matcher"))
        assert missing.status_code == 404

    def test_replayed_key_returns_the_same_report_without_writing(
        self, client: TestClient, keys: Keys
    ) -> None:
        body = {"participants": [participant_body(f"idem-{i}") for i in range(3)]}
        headers = {**keys.auth("integration"), "Idempotency-Key": "sync-42"}
        first = client.post("/v1/participants:batch", json=body, headers=headers)
        client.delete("/v1/participants/idem-0", headers=keys.auth("matcher"))
        again = client.post("/v1/participants:batch", json=body, headers=headers)
        # The stored report is replayed, with the erased person's ref replaced
        # by the tombstone the erasure left (the report keeps no erased ref).
        replayed, stored = again.json(), first.json()
        assert replayed["rows"][0]["ref"].startswith("erased:")
        replayed["rows"][0]["ref"] = stored["rows"][0]["ref"]
        assert replayed == stored
        assert first.json()["created"] == 3
        assert again.headers["Idempotent-Replayed"] == "true"
        gone = client.get("/v1/participants/idem-0", headers=keys.auth("matcher"))
        assert gone.status_code == 404
        assert [a for a, _, _ in audit_trail(client, keys, "idem-1")] == [
            "participant.import"
        ]

    def test_matchers_and_liaisons_may_not_bulk_import(
        self, client: TestClient, keys: Keys
    ) -> None:
        for role in ("matcher", "liaison"):
            response = client.post(
                "/v1/participants:batch",
                json={"participants": []},
                headers=keys.auth(role),
            )
            assert response.status_code == 403

    def test_more_than_ten_thousand_rows_are_refused(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants:batch",
            json={"participants": [{}] * 10_001},
            headers=keys.auth("integration"),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["rule"] == "max_rows"


class TestParticipantBatchCsv:
    def test_csv_rows_become_participants(self, client: TestClient, keys: Keys) -> None:
        csv = (
            "participant_ref,owning_unit,home_municipality_id,skills,"
            "driving_licences,swedish_level,birth_year\n"
            f"c-1,Jobbtorg Järva,{STOCKHOLM},{HOME_CARE}|truckkörning,{LICENCE_B},"
            "sfi_c,1988\n"
            f"c-2,Jobbtorg Järva,{STOCKHOLM},,,sfi_e,nittonhundra\n"
        )
        response = client.post(
            "/v1/participants:batch",
            content=csv.encode(),
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["created"], report["invalid"]) == (1, 1)
        assert sorted((e["field"], e["rule"]) for e in report["rows"][1]["errors"]) == [
            ("birth_year", "int_parsing"),
            ("swedish_level", "enum"),
        ]
        assert [(r["row"], r["line"]) for r in report["rows"]] == [(1, 1), (2, 2)]
        stored = client.get("/v1/participants/c-1", headers=keys.auth("matcher"))
        body = stored.json()
        assert [s["source"] for s in body["skills"]] == ["given", IsStr()]
        assert body["skills"][1]["text"] == "truckkörning"
        assert (body["driving_licences"], body["swedish"]) == (
            [LICENCE_B],
            {"level": "sfi_c", "assessed_at": None},
        )

    def test_unknown_csv_column_refuses_the_file(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/participants:batch",
            content=b"participant_ref,name\nc-9,Anna\n",
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0] == {
            "field": "(header)[2]",
            "rule": "unknown_column",
            "message": IsStr(),
        }

    @pytest.mark.parametrize(
        "body",
        [
            b"participant_ref\n" + b"x" * 200_000 + b"\n",
            b"\xffparticipant_ref\nc-1\n",
            b'participant_ref\n"c-1\n',
        ],
        ids=["oversized-field", "not-utf8", "unterminated-quote"],
    )
    def test_unreadable_csv_is_a_422(
        self, client: TestClient, keys: Keys, body: bytes
    ) -> None:
        response = client.post(
            "/v1/participants:batch",
            content=body,
            headers={**keys.auth("integration"), "Content-Type": "text/csv"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["rule"] == "csv_syntax"
