"""Need-to-know by unit: participant-side keys see only their owning units."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.conftest import cli
from api_tests.factories import create_cohort, create_participant, create_track

JARVA = "Jobbtorg Järva"
KISTA = "Jobbtorg Kista"


def _key(client: TestClient, keys: Keys, role: str, **scope: Any) -> dict[str, str]:
    response = client.post(
        "/v1/keys",
        json={"name": f"{role} scoped", "role": role, **scope},
        headers=keys.auth("admin"),
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['key']}"}


@pytest.fixture(name="jarva")
def jarva_fixture(client: TestClient, keys: Keys) -> dict[str, str]:
    create_participant(client, keys, "unit-a", owning_unit=JARVA)
    create_participant(client, keys, "unit-b", owning_unit=KISTA)
    return _key(client, keys, "matcher", units=[JARVA])


class TestScopedKeys:
    def test_a_participant_of_another_unit_is_as_absent(
        self, client: TestClient, jarva: dict[str, str]
    ) -> None:
        assert client.get("/v1/participants/unit-a", headers=jarva).status_code == 200
        for method in ("GET", "PATCH", "DELETE"):
            response = client.request(
                method, "/v1/participants/unit-b", headers=jarva, json={}
            )
            assert response.status_code == 404, (method, response.text)

    def test_lists_show_only_the_keys_units(
        self, client: TestClient, jarva: dict[str, str]
    ) -> None:
        page = client.get(
            "/v1/participants", params={"limit": 200}, headers=jarva
        ).json()
        assert {item["owning_unit"] for item in page["items"]} == {JARVA}
        assert "unit-a" in {item["participant_ref"] for item in page["items"]}

    def test_filing_under_another_unit_is_forbidden(
        self, client: TestClient, jarva: dict[str, str]
    ) -> None:
        body = {
            "participant_ref": "unit-c",
            "owning_unit": KISTA,
            "home_municipality_id": "AvNB_uwa_6n6",
        }
        created = client.post("/v1/participants", json=body, headers=jarva)
        assert created.status_code == 403
        moved = client.patch(
            "/v1/participants/unit-a", json={"owning_unit": KISTA}, headers=jarva
        )
        assert moved.status_code == 403

    def test_enrolments_of_other_units_are_hidden(
        self, client: TestClient, keys: Keys, jarva: dict[str, str]
    ) -> None:
        cohort = create_cohort(client, keys, create_track(client, keys)["id"])
        path = f"/v1/cohorts/{cohort['id']}/enrolments"
        other = client.post(
            path, json={"participant_ref": "unit-b"}, headers=keys.auth("matcher")
        ).json()
        refused = client.post(path, json={"participant_ref": "unit-b"}, headers=jarva)
        assert refused.status_code == 404
        mine = client.post(path, json={"participant_ref": "unit-a"}, headers=jarva)
        assert mine.status_code == 201
        listed = client.get(path, headers=jarva).json()["items"]
        assert [item["participant_ref"] for item in listed] == ["unit-a"]
        hidden = client.get(f"/v1/enrolments/{other['id']}", headers=jarva)
        assert hidden.status_code == 404

    def test_a_batch_row_of_another_unit_is_refused_alone(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "unit-b", owning_unit=KISTA)
        importer = _key(client, keys, "integration", units=[JARVA])
        rows = [
            {"participant_ref": "unit-d", "owning_unit": JARVA},
            {"participant_ref": "unit-e", "owning_unit": KISTA},
            {"participant_ref": "unit-b", "owning_unit": JARVA},
        ]
        for row in rows:
            row["home_municipality_id"] = "AvNB_uwa_6n6"
        report = client.post(
            "/v1/participants:batch", json={"participants": rows}, headers=importer
        ).json()
        assert [row["status"] for row in report["rows"]] == [
            "created",
            "invalid",
            "invalid",
        ]
        assert report["rows"][1]["errors"][0]["rule"] == "unit_not_served"

    def test_audit_entries_carry_the_callers_units(
        self, client: TestClient, keys: Keys, jarva: dict[str, str]
    ) -> None:
        client.get("/v1/participants/unit-a", headers=jarva)
        entries = client.get(
            "/v1/audit",
            params={"object_id": "unit-a", "action": "participant.read"},
            headers=keys.auth("auditor"),
        ).json()["items"]
        assert [entry["units"] for entry in entries] == [JARVA]


class TestIssuingScopedKeys:
    @pytest.mark.parametrize(
        "scope",
        [{}, {"units": [JARVA], "all_units": True}],
        ids=["neither", "both"],
    )
    def test_a_participant_side_key_names_units_or_all(
        self, client: TestClient, keys: Keys, scope: dict[str, Any]
    ) -> None:
        response = client.post(
            "/v1/keys",
            json={"name": "x", "role": "matcher", **scope},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["rule"] == "units_or_all_units"

    def test_cli_issues_a_key_for_units(self, database_url: str) -> None:
        created = cli(
            database_url,
            *("keys", "create", "--role", "matcher", "--name", "cli scoped"),
            *("--unit", JARVA, "--unit", KISTA),
        )
        assert created.returncode == 0, created.stderr
        refused = cli(
            database_url, "keys", "create", "--role", "matcher", "--name", "bare"
        )
        assert refused.returncode != 0
        assert "names its units or all_units" in refused.stderr
