from dirty_equals import IsDatetime, IsInt, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import (
    DEPRECATED_OCCUPATION,
    HOME_CARE,
    PERSONNUMMER,
    SOLNA,
    STOCKHOLM,
    VALID_ORG_NUMBER,
    create_organisation,
    create_workplace,
)


def _rules(response: object) -> list[tuple[str, str]]:
    body = response.json()  # type: ignore[attr-defined]
    return [(error["field"], error["rule"]) for error in body["errors"]]


class TestCreateOrganisation:
    def test_org_number_is_normalised_and_contacts_kept(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={
                "name": "Vård & Omsorg AB",
                "org_number": VALID_ORG_NUMBER,
                "kind": "private",
                "municipality_id": SOLNA,
                "contacts": [{"name": "Karin Ek", "work_email": "karin@vardomsorg.se"}],
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 201
        assert response.headers["ETag"]
        assert response.json() == {
            "id": IsInt(),
            "name": "Vård & Omsorg AB",
            "org_number": "556036-0793",
            "kind": "private",
            "municipality_id": SOLNA,
            "contacts": [{"name": "Karin Ek", "work_email": "karin@vardomsorg.se"}],
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": keys.secrets["liaison"].split("_")[1],
        }

    def test_bad_check_digit_is_a_luhn_422(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={
                "name": "Fel AB",
                "org_number": "556036-0794",
                "kind": "private",
                "municipality_id": STOCKHOLM,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert _rules(response) == [("org_number", "luhn")]

    def test_sole_trader_personnummer_is_refused_without_echo(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={
                "name": "Ekens Städ",
                "org_number": PERSONNUMMER,
                "kind": "private",
                "municipality_id": STOCKHOLM,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        # The body guard refuses it before the org_number rule is even read.
        assert _rules(response) == [("org_number", "personal_identity_number")]
        assert PERSONNUMMER.replace("-", "") not in response.text.replace("-", "")

    def test_duplicate_org_number_is_a_409(
        self, client: TestClient, keys: Keys
    ) -> None:
        first = create_organisation(client, keys, org_number=VALID_ORG_NUMBER)
        response = client.post(
            "/v1/organisations",
            json={
                "name": "Copy",
                "org_number": "556036-0793",
                "kind": "private",
                "municipality_id": STOCKHOLM,
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 409
        assert response.json()["organisation_id"] == first["id"]

    def test_municipality_must_be_a_municipality_concept(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={"name": "X", "kind": "state", "municipality_id": HOME_CARE},
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert _rules(response) == [("municipality_id", "wrong_type")]

    def test_contacts_hold_name_and_work_email_only(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={
                "name": "X",
                "kind": "state",
                "municipality_id": STOCKHOLM,
                "contacts": [
                    {"name": "A", "work_email": "a@x.se", "phone": "08-123456"},
                    {"name": "B", "work_email": "not-an-address"},
                ],
            },
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert sorted(_rules(response)) == [
            ("contacts.0.phone", "extra_forbidden"),
            ("contacts.1.work_email", "string_pattern_mismatch"),
        ]

    def test_matchers_may_not_write_organisations(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/organisations",
            json={"name": "X", "kind": "state", "municipality_id": STOCKHOLM},
            headers=keys.auth("matcher"),
        )
        assert response.status_code == 403


class TestListOrganisations:
    def test_filters_by_kind_and_name(self, client: TestClient, keys: Keys) -> None:
        wanted = create_organisation(client, keys, name="Solna Bygg AB", kind="private")
        create_organisation(
            client, keys, name="Solna stad", kind="municipal_department"
        )
        response = client.get(
            "/v1/organisations",
            params={"kind": "private", "name": "solna"},
            headers=keys.auth("matcher"),
        )
        assert response.json() == {
            "items": [wanted],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }


class TestUpdateOrganisation:
    def test_patch_with_etag_changes_and_moves_updated_at(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        url = f"/v1/organisations/{organisation['id']}"
        read = client.get(url, headers=keys.auth("liaison"))
        response = client.patch(
            url,
            json={"name": "Äldreförvaltningen"},
            headers={**keys.auth("liaison"), "If-Match": read.headers["ETag"]},
        )
        assert response.status_code == 200
        assert response.json() == {
            **organisation,
            "name": "Äldreförvaltningen",
            "updated_at": IsDatetime(iso_string=True),
        }
        assert response.json()["updated_at"] > organisation["updated_at"]
        assert response.headers["ETag"] != read.headers["ETag"]

    def test_stale_etag_is_a_412(self, client: TestClient, keys: Keys) -> None:
        organisation = create_organisation(client, keys)
        response = client.patch(
            f"/v1/organisations/{organisation['id']}",
            json={"name": "New"},
            headers={**keys.auth("liaison"), "If-Match": '"stale"'},
        )
        assert response.status_code == 412

    def test_required_fields_cannot_be_nulled(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.patch(
            f"/v1/organisations/{organisation['id']}",
            json={"name": None},
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert _rules(response) == [("name", "not_nullable")]

    def test_missing_organisation_is_a_404(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.get("/v1/organisations/999999", headers=keys.auth("liaison"))
        assert response.status_code == 404


class TestWorkplaces:
    def test_create_list_and_delete(self, client: TestClient, keys: Keys) -> None:
        organisation = create_organisation(client, keys)
        workplace = create_workplace(client, keys, organisation["id"])
        assert workplace == {
            "id": IsInt(),
            "organisation_id": organisation["id"],
            "name": "Hemtjänst Rinkeby",
            "municipality_id": STOCKHOLM,
            "created_at": IsDatetime(iso_string=True),
            "updated_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
        }
        url = f"/v1/organisations/{organisation['id']}/workplaces"
        assert client.get(url, headers=keys.auth("matcher")).json() == {
            "items": [workplace],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }
        deleted = client.delete(
            f"{url}/{workplace['id']}", headers=keys.auth("liaison")
        )
        assert deleted.status_code == 204
        assert client.get(url, headers=keys.auth("matcher")).json()["items"] == []

    def test_workplace_of_another_organisation_is_a_404(
        self, client: TestClient, keys: Keys
    ) -> None:
        first = create_organisation(client, keys)
        other = create_organisation(client, keys, name="Other")
        workplace = create_workplace(client, keys, first["id"])
        response = client.get(
            f"/v1/organisations/{other['id']}/workplaces/{workplace['id']}",
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 404

    def test_deprecated_concept_is_refused_with_replacements(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        response = client.post(
            f"/v1/organisations/{organisation['id']}/workplaces",
            json={"name": "X", "municipality_id": DEPRECATED_OCCUPATION},
            headers=keys.auth("liaison"),
        )
        assert response.status_code == 422
        assert _rules(response) == [("municipality_id", "wrong_type")]
