from dirty_equals import IsDatetime, IsStr
from fastapi.testclient import TestClient

from api_tests.client import Keys


class TestCreateKey:
    def test_new_key_is_shown_once_and_listed_without_secret(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/keys",
            json={
                "name": "Jobbtorg CRM",
                "role": "integration",
                "units": ["Jobbtorg Järva"],
            },
            headers=keys.auth("admin"),
        )
        assert response.status_code == 201
        created = response.json()
        assert created == {
            "id": IsStr(regex=r"[0-9a-f]{12}"),
            "name": "Jobbtorg CRM",
            "role": "integration",
            "units": ["Jobbtorg Järva"],
            "all_units": False,
            "created_at": IsDatetime(iso_string=True),
            "created_by": IsStr(),
            "last_used_at": None,
            "revoked_at": None,
            "key": IsStr(regex=r"jmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}"),
        }
        listed = client.get(
            "/v1/keys", params={"limit": 200}, headers=keys.auth("admin")
        ).json()
        mine = [item for item in listed["items"] if item["id"] == created["id"]]
        assert mine == [{k: v for k, v in created.items() if k != "key"}]
        assert all(
            "key" not in item and "secret_hash" not in item for item in listed["items"]
        )

    def test_unknown_role_is_a_422_naming_the_field(
        self, client: TestClient, keys: Keys
    ) -> None:
        response = client.post(
            "/v1/keys",
            json={"name": "x", "role": "superuser"},
            headers=keys.auth("admin"),
        )
        assert response.status_code == 422
        assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
            ("role", "enum")
        ]

    def test_key_creation_is_audited(self, client: TestClient, keys: Keys) -> None:
        created = client.post(
            "/v1/keys",
            json={"name": "audited", "role": "liaison"},
            headers={**keys.auth("admin"), "X-Purpose": "onboarding Katrineholm"},
        ).json()
        entries = client.get(
            "/v1/audit",
            params={"object_id": created["id"]},
            headers=keys.auth("auditor"),
        ).json()
        assert entries["total"] == 1
        assert entries["items"][0] == {
            "id": entries["items"][0]["id"],
            "at": IsDatetime(iso_string=True),
            "key_id": keys.secrets["admin"].split("_")[1],
            "role": "admin",
            "units": "*",
            "action": "key.create",
            "object_type": "api_key",
            "object_id": created["id"],
            "purpose": "onboarding Katrineholm",
            "request_id": IsStr(),
            "outcome": "success",
            "prev_hash": IsStr(regex="[0-9a-f]{64}"),
            "hash": IsStr(regex="[0-9a-f]{64}"),
        }


class TestUpdateKey:
    def test_rename_with_matching_etag(self, client: TestClient, keys: Keys) -> None:
        created = client.post(
            "/v1/keys",
            json={"name": "old", "role": "matcher", "all_units": True},
            headers=keys.auth("admin"),
        ).json()
        read = client.get(f"/v1/keys/{created['id']}", headers=keys.auth("admin"))
        response = client.patch(
            f"/v1/keys/{created['id']}",
            json={"name": "new"},
            headers={**keys.auth("admin"), "If-Match": read.headers["ETag"]},
        )
        assert (response.status_code, response.json()["name"]) == (200, "new")
        assert response.headers["ETag"] != read.headers["ETag"]

    def test_stale_etag_is_a_412_and_changes_nothing(
        self, client: TestClient, keys: Keys
    ) -> None:
        created = client.post(
            "/v1/keys",
            json={"name": "old", "role": "matcher", "all_units": True},
            headers=keys.auth("admin"),
        ).json()
        response = client.patch(
            f"/v1/keys/{created['id']}",
            json={"name": "new"},
            headers={**keys.auth("admin"), "If-Match": '"stale"'},
        )
        assert response.status_code == 412
        assert response.json()["title"] == "Precondition failed"
        read = client.get(
            f"/v1/keys/{created['id']}", headers=keys.auth("admin")
        ).json()
        assert read["name"] == "old"

    def test_name_cannot_be_cleared(self, client: TestClient, keys: Keys) -> None:
        created = client.post(
            "/v1/keys",
            json={"name": "kept", "role": "matcher", "all_units": True},
            headers=keys.auth("admin"),
        ).json()
        response = client.patch(
            f"/v1/keys/{created['id']}", json={"name": None}, headers=keys.auth("admin")
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["rule"] == "not_nullable"


def test_reading_the_audit_trail_is_itself_audited(
    client: TestClient, keys: Keys
) -> None:
    looked = client.get(
        "/v1/audit",
        params={"object_type": "participant"},
        headers={**keys.auth("auditor"), "X-Purpose": "loggkontroll"},
    )
    assert looked.status_code == 200
    reads = client.get(
        "/v1/audit", params={"action": "audit.list"}, headers=keys.auth("admin")
    ).json()["items"]
    ours = [e for e in reads if e["purpose"] == "loggkontroll"]
    assert [(e["role"], e["object_type"], e["object_id"]) for e in ours] == [
        ("auditor", "audit_entry", "participant")
    ]
