import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.factories import create_need, create_organisation


class TestNeedStatus:
    def test_lifecycle_draft_open_filled(self, client: TestClient, keys: Keys) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        url = f"/v1/needs/{need['id']}"
        for status in ("open", "filled"):
            response = client.patch(
                url, json={"status": status}, headers=keys.auth("liaison")
            )
            assert (response.status_code, response.json()["status"]) == (200, status)

    @pytest.mark.parametrize(
        ("path", "illegal"), [([], "filled"), (["open", "closed"], "open")]
    )
    def test_illegal_transition_is_a_409(
        self, client: TestClient, keys: Keys, path: list[str], illegal: str
    ) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        url = f"/v1/needs/{need['id']}"
        for status in path:
            client.patch(url, json={"status": status}, headers=keys.auth("liaison"))
        response = client.patch(
            url, json={"status": illegal}, headers=keys.auth("liaison")
        )
        assert response.status_code == 409
        assert response.json()["current"] == (path[-1] if path else "draft")

    def test_only_drafts_are_deleted(self, client: TestClient, keys: Keys) -> None:
        organisation = create_organisation(client, keys)
        draft = create_need(client, keys, organisation["id"])
        published = create_need(client, keys, organisation["id"], status="open")
        assert (
            client.delete(
                f"/v1/needs/{draft['id']}", headers=keys.auth("liaison")
            ).status_code
            == 204
        )
        assert (
            client.delete(
                f"/v1/needs/{published['id']}", headers=keys.auth("liaison")
            ).status_code
            == 409
        )


class TestUpdateNeed:
    def test_patch_remaps_free_text_and_guards_with_etag(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        url = f"/v1/needs/{need['id']}"
        etag = client.get(url, headers=keys.auth("matcher")).headers["ETag"]
        response = client.patch(
            url,
            json={"occupation": {"text": "busschaufför"}, "positions": 4},
            headers={**keys.auth("liaison"), "If-Match": etag},
        )
        assert response.status_code == 200
        assert response.json()["positions"] == 4
        assert response.json()["occupation"]["source"] == "mapped"
        assert response.json()["occupation"]["text"] == "busschaufför"
        stale = client.patch(
            url,
            json={"positions": 5},
            headers={**keys.auth("liaison"), "If-Match": etag},
        )
        assert stale.status_code == 412

    def test_matchers_read_but_do_not_write_needs(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        url = f"/v1/needs/{need['id']}"
        assert client.get(url, headers=keys.auth("matcher")).json() == need
        response = client.patch(
            url, json={"positions": 3}, headers=keys.auth("matcher")
        )
        assert response.status_code == 403
