"""The change feed, `GET /v1/events`: every change of a record, in commit order."""

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from dirty_equals import Contains, IsDatetime, IsInt, IsList, IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.conftest import cli
from api_tests.factories import (
    STOCKHOLM,
    audit_trail,
    create_need,
    create_organisation,
    create_participant,
)
from api_tests.live import serve_workers


def feed(
    client: TestClient, keys: Keys, role: str = "integration", **params: str | int
) -> dict[str, Any]:
    response = client.get("/v1/events", params=params, headers=keys.auth(role))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def start(client: TestClient, keys: Keys) -> str:
    """The cursor after every event so far: where a test's own events begin."""
    cursor = ""
    while True:
        page = feed(client, keys, "admin", after=cursor, limit=1000)
        if not page["items"]:
            return cursor
        cursor = page["next"]


def event(**values: object) -> dict[str, object]:
    return {
        "id": IsInt(),
        "at": IsDatetime(iso_string=True),
        "participant_ref": None,
        **values,
    }


class TestListEvents:
    def test_creates_updates_and_deletes_come_in_commit_order(
        self, client: TestClient, keys: Keys
    ) -> None:
        after = start(client, keys)
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        patched = client.patch(
            f"/v1/needs/{need['id']}", json={"positions": 7}, headers=keys.auth("admin")
        )
        assert patched.status_code == 200, patched.text
        deleted = client.delete(f"/v1/needs/{need['id']}", headers=keys.auth("admin"))
        assert deleted.status_code == 204, deleted.text

        page = feed(client, keys, after=after)

        assert page == {"items": IsList(length=4), "next": IsStr(), "limit": 100}
        assert page["items"] == [
            event(
                type="organisation",
                object_id=str(organisation["id"]),
                action="created",
                fields=Contains("kind", "municipality_id", "name"),
                actor_role="liaison",
            ),
            event(
                type="need",
                object_id=str(need["id"]),
                action="created",
                fields=Contains("organisation_id", "positions", "status"),
                actor_role="liaison",
            ),
            event(
                type="need",
                object_id=str(need["id"]),
                action="updated",
                fields=["positions"],
                actor_role="admin",
            ),
            event(
                type="need",
                object_id=str(need["id"]),
                action="deleted",
                fields=[],
                actor_role="admin",
            ),
        ]
        ids = [item["id"] for item in page["items"]]
        assert ids == sorted(ids)

    def test_a_refused_change_leaves_no_event(
        self, client: TestClient, keys: Keys
    ) -> None:
        organisation = create_organisation(client, keys)
        need = create_need(client, keys, organisation["id"])
        opened = client.patch(
            f"/v1/needs/{need['id']}",
            json={"status": "open"},
            headers=keys.auth("admin"),
        )
        assert opened.status_code == 200, opened.text
        after = start(client, keys)

        refused = client.delete(f"/v1/needs/{need['id']}", headers=keys.auth("admin"))
        stale = client.patch(
            f"/v1/needs/{need['id']}",
            json={"positions": 9},
            headers={**keys.auth("admin"), "If-Match": '"stale"'},
        )

        assert (refused.status_code, stale.status_code) == (409, 412)
        assert feed(client, keys, after=after) == {
            "items": [],
            "next": after,
            "limit": 100,
        }

    def test_pages_follow_the_cursor_and_an_empty_page_keeps_it(
        self, client: TestClient, keys: Keys
    ) -> None:
        after = start(client, keys)
        created = [
            create_organisation(client, keys, name=f"Förvaltning {n}") for n in range(5)
        ]

        seen: list[str] = []
        cursor = after
        for _ in range(5):
            page = feed(client, keys, after=cursor, limit=2)
            seen += [item["object_id"] for item in page["items"]]
            cursor = page["next"]
        last = feed(client, keys, after=cursor, limit=2)

        assert seen == [str(organisation["id"]) for organisation in created]
        assert last == {"items": [], "next": cursor, "limit": 2}

    def test_types_select_kinds_of_record(self, client: TestClient, keys: Keys) -> None:
        after = start(client, keys)
        organisation = create_organisation(client, keys)
        create_need(client, keys, organisation["id"])
        create_participant(client, keys, "ev-types-1")

        page = feed(client, keys, after=after, types="need,participant")

        assert [item["type"] for item in page["items"]] == ["need", "participant"]

    def test_an_unknown_type_or_a_foreign_cursor_is_a_422_naming_the_parameter(
        self, client: TestClient, keys: Keys
    ) -> None:
        for params, name in (
            ({"types": "need,salary"}, "types"),
            ({"after": "not-a-cursor-we-gave"}, "after"),
        ):
            response = client.get(
                "/v1/events", params=params, headers=keys.auth("integration")
            )
            assert response.status_code == 422, response.text
            assert response.headers["content-type"] == PROBLEM
            assert [error["field"] for error in response.json()["errors"]] == [
                IsStr(regex=f".*{name}")
            ]
            assert "salary" not in response.text
            assert "not-a-cursor-we-gave" not in response.text

    @pytest.mark.parametrize("role", ["liaison", "matcher", "auditor"])
    def test_only_integrations_and_admins_read_the_feed(
        self, client: TestClient, keys: Keys, role: str
    ) -> None:
        response = client.get("/v1/events", headers=keys.auth(role))
        assert response.status_code == 403


class TestParticipantEvents:
    def test_they_name_the_ref_and_nothing_else_and_reading_them_is_logged(
        self, client: TestClient, keys: Keys
    ) -> None:
        after = start(client, keys)
        create_participant(client, keys, "ev-ref-1", birth_year=1990)
        patched = client.patch(
            "/v1/participants/ev-ref-1",
            json={"home_municipality_id": STOCKHOLM, "birth_year": 1991},
            headers=keys.auth("matcher"),
        )
        assert patched.status_code == 200, patched.text

        page = feed(client, keys, after=after, types="participant")

        assert page["items"] == [
            event(
                type="participant",
                object_id=IsStr(),
                action="created",
                fields=Contains("birth_year", "owning_unit"),
                actor_role="matcher",
                participant_ref="ev-ref-1",
            ),
            event(
                type="participant",
                object_id=IsStr(),
                action="updated",
                fields=["birth_year"],
                actor_role="matcher",
                participant_ref="ev-ref-1",
            ),
        ]
        assert "1991" not in str(page)
        assert "Järva" not in str(page)
        assert ("participant.event", "integration", None) in audit_trail(
            client, keys, "ev-ref-1"
        )

    def test_a_batch_import_writes_one_event_per_changed_row(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "ev-batch-1")
        after = start(client, keys)
        rows = [
            {"participant_ref": "ev-batch-1", "birth_year": 1980},
            {
                "participant_ref": "ev-batch-2",
                "owning_unit": "Jobbtorg Järva",
                "home_municipality_id": STOCKHOLM,
            },
        ]
        response = client.post(
            "/v1/participants:batch",
            json={"participants": rows},
            headers=keys.auth("integration"),
        )
        assert response.status_code == 200, response.text

        page = feed(client, keys, after=after, types="participant")

        assert sorted(
            (item["participant_ref"], item["action"], item["actor_role"])
            for item in page["items"]
        ) == [
            ("ev-batch-1", "updated", "integration"),
            ("ev-batch-2", "created", "integration"),
        ]

    def test_a_key_scoped_to_other_units_sees_no_participant_events(
        self, client: TestClient, keys: Keys
    ) -> None:
        issued = client.post(
            "/v1/keys",
            json={
                "name": "other unit",
                "role": "integration",
                "units": ["Jobbtorg Kista"],
            },
            headers=keys.auth("admin"),
        )
        assert issued.status_code == 201, issued.text
        scoped = {"Authorization": f"Bearer {issued.json()['key']}"}
        after = start(client, keys)
        organisation = create_organisation(client, keys)
        create_participant(client, keys, "ev-unit-1")

        response = client.get("/v1/events", params={"after": after}, headers=scoped)

        assert [item["object_id"] for item in response.json()["items"]] == [
            str(organisation["id"])
        ]


def _write_and_read_concurrently(
    base_url: str, admin: str
) -> tuple[list[int], list[int]]:
    """Eight writers create organisations while one reader follows the feed."""
    headers = {"Authorization": f"Bearer {admin}"}
    done = threading.Event()
    seen: list[int] = []

    def write(worker: int) -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
            for n in range(15):
                response = http.post(
                    "/v1/organisations",
                    json={
                        "name": f"Förvaltning {worker}-{n}",
                        "kind": "municipal_department",
                        "municipality_id": STOCKHOLM,
                    },
                )
                assert response.status_code == 201, response.text

    def read() -> None:
        cursor = ""
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
            while True:
                finished = done.is_set()
                page = http.get("/v1/events", params={"after": cursor}).json()
                seen.extend(item["id"] for item in page["items"])
                cursor = page["next"]
                if finished and not page["items"]:
                    return

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
        everything = http.get("/v1/events", params={"limit": 1000}).json()["items"]
    return seen, [item["id"] for item in everything]


def test_a_reader_following_concurrent_writers_misses_and_repeats_nothing(
    scratch_database_url: str, tmp_path: Path
) -> None:
    with serve_workers(scratch_database_url, tmp_path / "serve.log") as base_url:
        created = cli(
            scratch_database_url, "keys", "create", "--role", "admin", "--name", "a"
        )
        assert created.returncode == 0, created.stderr
        admin = created.stdout.strip().splitlines()[-1]
        seen, everything = _write_and_read_concurrently(base_url, admin)

    assert len(everything) == 120
    assert seen == everything


def test_events_past_the_retention_period_are_pruned(
    scratch_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve_workers(scratch_database_url, tmp_path / "serve.log", workers=1) as url:
        created = cli(
            scratch_database_url, "keys", "create", "--role", "admin", "--name", "a"
        )
        admin = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
        for n in range(3):
            response = httpx.post(
                f"{url}/v1/organisations",
                json={
                    "name": f"Förvaltning {n}",
                    "kind": "municipal_department",
                    "municipality_id": STOCKHOLM,
                },
                headers=admin,
            )
            assert response.status_code == 201, response.text
        kept = cli(scratch_database_url, "events", "prune")
        monkeypatch.setenv("JOBBMATCH_EVENTS_RETENTION_DAYS", "0")
        pruned = cli(scratch_database_url, "events", "prune")
        left = httpx.get(f"{url}/v1/events", headers=admin).json()["items"]

    assert (kept.returncode, pruned.returncode) == (0, 0), pruned.stderr
    assert "pruned 0 events" in kept.stderr
    assert "pruned 3 events" in pruned.stderr
    assert left == []
