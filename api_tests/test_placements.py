import pytest
from dirty_equals import IsDatetime, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    NURSE_ASSISTANT_HOME_CARE,
    create_organisation,
    create_placement,
    rules,
)


class TestCreatePlacement:
    def test_praktik_placement_defaults(self, client: TestClient, keys: Keys) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(client, keys, host["id"])
        assert placement == {
            "id": IsInt(),
            "programme": "praktik",
            "host_organisation_id": host["id"],
            "workplace_id": None,
            "occupation": {
                "concept_id": NURSE_ASSISTANT_HOME_CARE,
                "preferred_label": IsStr(),
                "text": None,
                "confidence": None,
                "taxonomy_version": IsStr(),
                "source": "given",
            },
            "start_date": "2027-03-01",
            "end_date": "2027-05-31",
            "supervisor_ref": "handledare-17",
            "supervisor_capacity": None,
            "support_form": "kommunal_praktik",
            "ordinary_operations": True,
            "requirements": {
                "swedish": None,
                "languages": [],
                "must": [],
                "merits": [],
                "minimum_age": None,
                "minimum_age_basis": None,
                "notes": None,
            },
            "capacity": 1,
            "occupied": 0,
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            (
                {"programme": "stockholmsjobb", "end_date": "2028-03-02"},
                ("end_date", "stockholmsjobb_max_12_months"),
            ),
            ({"end_date": "2027-03-01"}, ("end_date", "end_after_start")),
            ({"support_form": "extratjanst"}, ("support_form", "legacy_support_form")),
            ({"supervisor_ref": None}, ("supervisor_ref", "supervisor_required")),
            ({"capacity": 0}, ("capacity", "greater_than_equal")),
        ],
    )
    def test_placement_rules_are_422s(
        self,
        client: TestClient,
        keys: Keys,
        overrides: dict[str, object],
        expected: tuple[str, str],
    ) -> None:
        host = create_organisation(client, keys)
        response = client.post(
            "/v1/placements",
            json={
                "programme": "praktik",
                "host_organisation_id": host["id"],
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "start_date": "2027-03-01",
                "end_date": "2027-05-31",
                "supervisor_ref": "handledare-1",
                **overrides,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert rules(response) == [expected]
        listed = client.get(
            "/v1/placements",
            params={"host_organisation_id": host["id"]},
            headers=keys.auth("liaison"),
        )
        assert listed.json()["total"] == 0

    def test_stockholmsjobb_of_exactly_twelve_months_is_accepted(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(
            client,
            keys,
            host["id"],
            programme="stockholmsjobb",
            supervisor_ref=None,
            support_form="none",
            end_date="2028-03-01",
        )
        assert placement["end_date"] == "2028-03-01"

    def test_stockholmsjobb_needs_a_municipal_host(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys, kind="private")
        response = client.post(
            "/v1/placements",
            json={
                "programme": "stockholmsjobb",
                "host_organisation_id": host["id"],
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "start_date": "2027-03-01",
                "end_date": "2027-09-01",
            },
            headers=keys.auth("liaison"),
        )
        assert rules(response) == [("host_organisation_id", "municipal_host")]

    def test_a_supervisor_takes_two_trainees_unless_configured(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        create_placement(client, keys, host["id"], capacity=2)
        response = client.post(
            "/v1/placements",
            json={
                "programme": "praktik",
                "host_organisation_id": host["id"],
                "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
                "start_date": "2027-04-01",
                "end_date": "2027-04-30",
                "supervisor_ref": "handledare-17",
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 409
        assert response.json()["rule"] == "supervisor_capacity"
        configured = create_placement(
            client,
            keys,
            host["id"],
            supervisor_ref="handledare-9",
            supervisor_capacity=3,
            capacity=3,
        )
        assert configured["capacity"] == 3

    def test_legacy_extratjanst_cannot_be_patched_in(
        self, client: TestClient, keys: Keys
    ) -> None:
        host = create_organisation(client, keys)
        placement = create_placement(client, keys, host["id"])
        response = client.patch(
            f"/v1/placements/{placement['id']}",
            json={"support_form": "extratjanst"},
            headers=keys.auth("liaison"),
        )
        assert rules(response) == [("support_form", "legacy_support_form")]
