from typing import Any

from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import CHILDCARE_GROUP, create_organisation


def _row(organisation_id: int, ref: str | None, **overrides: object) -> dict[str, Any]:
    row: dict[str, Any] = {
        "organisation_id": organisation_id,
        "positions": 1,
        "occupation": {"concept_id": CHILDCARE_GROUP},
        **overrides,
    }
    if ref is not None:
        row["external_ref"] = ref
    return row


class TestNeedBatch:
    def test_valid_rows_are_upserted_and_invalid_rows_reported(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        org = organisation["id"]
        first = client.post(
            "/v1/needs:batch",
            json={"needs": [_row(org, "crm-1"), _row(org, "crm-2", positions=3)]},
            headers=keys.auth("integration"),
        )
        assert first.json()["created"] == 2
        response = client.post(
            "/v1/needs:batch",
            json={
                "needs": [
                    _row(org, "crm-1", positions=5, status="open"),
                    _row(org, "crm-3", positions=0),
                    _row(org, None),
                    _row(org, "crm-4", description="Städare, endast kvinnor"),
                    _row(org, "crm-1"),
                    _row(org, "crm-5"),
                ]
            },
            headers=keys.auth("integration"),
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
                    "ref": "crm-1",
                    "status": "updated",
                    "changed": ["positions", "status"],
                    "errors": [],
                },
                {
                    "row": 2,
                    "line": None,
                    "ref": "crm-3",
                    "status": "invalid",
                    "changed": [],
                    "errors": [
                        {
                            "field": "positions",
                            "rule": "greater_than_equal",
                            "message": IsStr(),
                        }
                    ],
                },
                {
                    "row": 3,
                    "line": None,
                    "ref": None,
                    "status": "invalid",
                    "changed": [],
                    "errors": [
                        {"field": "external_ref", "rule": "missing", "message": IsStr()}
                    ],
                },
                {
                    "row": 4,
                    "line": None,
                    "ref": "crm-4",
                    "status": "invalid",
                    "changed": [],
                    "errors": [
                        {
                            "field": "description",
                            "rule": "discriminatory",
                            "message": IsStr(),
                        }
                    ],
                },
                {
                    "row": 5,
                    "line": None,
                    "ref": "crm-1",
                    "status": "invalid",
                    "changed": [],
                    "errors": [
                        {
                            "field": "(row)",
                            "rule": "duplicate_in_batch",
                            "message": IsStr(),
                        }
                    ],
                },
                {
                    "row": 6,
                    "line": None,
                    "ref": "crm-5",
                    "status": "created",
                    "changed": [],
                    "errors": [],
                },
            ],
        }
        stored = client.get(
            "/v1/needs",
            params={"external_ref": "crm-1"},
            headers=keys.auth("liaison"),
        ).json()["items"]
        assert [(n["positions"], n["status"]) for n in stored] == [(5, "open")]
        assert (
            client.get(
                "/v1/needs",
                params={"organisation_id": org},
                headers=keys.auth("liaison"),
            ).json()["total"]
            == 3
        )

    def test_same_idempotency_key_replays_without_writing_twice(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        body = {"needs": [_row(organisation["id"], f"idem-{i}") for i in range(3)]}
        headers = {**keys.auth("integration"), "Idempotency-Key": "nightly-2027-01-01"}
        first = client.post("/v1/needs:batch", json=body, headers=headers)
        body["needs"][0]["positions"] = 1
        again = client.post("/v1/needs:batch", json=body, headers=headers)
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert first.json()["created"] == 3
        changed = {"needs": [_row(organisation["id"], "idem-0", positions=9)]}
        reused = client.post("/v1/needs:batch", json=changed, headers=headers)
        assert reused.status_code == 422
        assert reused.json()["errors"][0]["rule"] == "idempotency_key_reused"

    def test_liaisons_may_not_bulk_import(self, client: TestClient, keys: Keys) -> None:
        response = client.post(
            "/v1/needs:batch", json={"needs": []}, headers=keys.auth("liaison")
        )
        assert response.status_code == 403
