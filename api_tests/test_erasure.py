"""Erasure and retention through HTTP and the command line.

A participant who was shortlisted, proposed, selected, trained and hired is erased:
the profile is gone, every record that counted them keeps a tombstone, the seat
they hold stays counted, and the next shortlist no longer finds them. The
retention run is tried on a database of its own, since it runs in another process
and must see committed rows.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from dirty_equals import IsStr
from fastapi.testclient import TestClient

from api_tests.client import PROBLEM, Keys
from api_tests.conftest import cli, make_settings
from api_tests.factories import (
    HOME_CARE,
    LICENCE_B,
    NURSE_ASSISTANT_HOME_CARE,
    STOCKHOLM,
    create_cohort,
    create_participant,
    create_track,
    created,
)
from service.main import create_app

TOMBSTONE = re.compile(r"^erased:[0-9a-f]{32}$")
MATCHER = "matcher"
HIRED = {
    "exit_date": "2026-12-01",
    "exit_reason": "work_unsubsidised",
    "hired_by_employer": True,
}


def fits(ref: str) -> dict[str, Any]:
    """A participant every rule of `started_cohort` lets through."""
    return {
        "owning_unit": "Jobbtorg Järva",
        "home_municipality_id": STOCKHOLM,
        "availability": {"from_date": "2026-08-01"},
        "experience": [
            {"occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE}, "years": 5}
        ],
        "skills": [{"concept_id": HOME_CARE}],
        "swedish": {"level": "sva_1"},
        "driving_licences": [LICENCE_B],
        "statistics_gender": "woman",
        "birth_year": 1990,
    }


def started_cohort(client: TestClient, keys: Keys, seats: int) -> dict[str, Any]:
    """A jobbspår cohort that has started, so hiring can be recorded today."""
    track = create_track(client, keys, kind="jobbspar")
    return create_cohort(
        client,
        keys,
        track["id"],
        seats=seats,
        start_date="2026-09-01",
        end_date="2026-11-30",
        selection_deadline="2026-08-20",
    )


def move(client: TestClient, keys: Keys, enrolment_id: int, **body: object) -> Any:
    response = client.patch(
        f"/v1/enrolments/{enrolment_id}", json=body, headers=keys.auth(MATCHER)
    )
    assert response.status_code == 200, response.text
    return response.json()


def decide(
    client: TestClient, keys: Keys, shortlist_id: int, ref: str, decision: str
) -> dict[str, Any]:
    return created(
        client.post(
            f"/v1/shortlists/{shortlist_id}/decisions",
            json={"participant_ref": ref, "decision": decision},
            headers=keys.auth(MATCHER),
        )
    )


def rank(client: TestClient, keys: Keys, cohort_id: int) -> dict[str, Any]:
    body = {"target": {"kind": "cohort", "id": cohort_id}, "purpose": "urval vt"}
    return created(client.post("/v1/shortlists", json=body, headers=keys.auth(MATCHER)))


def hired_participant(
    client: TestClient, keys: Keys, ref: str, cohort: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Shortlist, propose, select, train and hire `ref`; the shortlist and the
    enrolment as they are at the end."""
    found = rank(client, keys, cohort["id"])
    decide(client, keys, found["id"], ref, "proposed")
    selected = decide(client, keys, found["id"], ref, "selected")
    enrolment_id = selected["enrolment_id"]
    move(client, keys, enrolment_id, stage="in_training")
    move(client, keys, enrolment_id, stage="completed", happened_on="2026-11-30")
    enrolment = move(
        client,
        keys,
        enrolment_id,
        stage="hired",
        outcome=HIRED,
        happened_on="2026-12-01",
    )
    shortlist = client.get(f"/v1/shortlists/{found['id']}", headers=keys.auth(MATCHER))
    return shortlist.json(), enrolment


def cohort_enrolments(
    client: TestClient, keys: Keys, cohort_id: int
) -> list[dict[str, Any]]:
    listed = client.get(
        f"/v1/cohorts/{cohort_id}/enrolments", headers=keys.auth(MATCHER)
    )
    assert listed.status_code == 200, listed.text
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


def seats_taken(client: TestClient, keys: Keys, cohort_id: int) -> int:
    cohort = client.get(f"/v1/cohorts/{cohort_id}", headers=keys.auth("liaison"))
    taken: int = cohort.json()["seats_taken"]
    return taken


def erase(client: TestClient, keys: Keys, ref: str, role: str = MATCHER) -> Any:
    return client.delete(f"/v1/participants/{ref}", headers=keys.auth(role))


def entries(client: TestClient, keys: Keys, **filters: str) -> list[dict[str, Any]]:
    response = client.get(
        "/v1/audit", params={"limit": 200, **filters}, headers=keys.auth("auditor")
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def replaced(value: Any, ref: str, tombstone: str) -> Any:
    """The value with every `participant_ref` equal to ref set to the tombstone."""
    if isinstance(value, list):
        return [replaced(item, ref, tombstone) for item in value]
    if isinstance(value, dict):
        return {
            k: tombstone
            if k == "participant_ref" and v == ref
            else replaced(v, ref, tombstone)
            for k, v in value.items()
        }
    return value


class TestErase:
    def test_a_hired_participant_is_erased_and_counted_under_a_tombstone(
        self, client: TestClient, keys: Keys
    ) -> None:
        cohort = started_cohort(client, keys, seats=3)
        create_participant(client, keys, "er-hired", **fits("er-hired"))
        create_participant(client, keys, "er-stays", **fits("er-stays"))
        shortlist, enrolment = hired_participant(client, keys, "er-hired", cohort)
        assert {r["participant_ref"] for r in shortlist["results"]} == {
            "er-hired",
            "er-stays",
        }
        assert seats_taken(client, keys, cohort["id"]) == 1

        response = erase(client, keys, "er-hired")

        assert response.status_code == 204, response.text
        gone = client.get("/v1/participants/er-hired", headers=keys.auth(MATCHER))
        assert gone.status_code == 404
        assert gone.headers["content-type"] == PROBLEM
        export = client.get(
            "/v1/participants/er-hired/export", headers=keys.auth(MATCHER)
        )
        assert export.status_code == 404
        assert erase(client, keys, "er-hired").status_code == 404
        (erasure,) = entries(client, keys, action="participant.erase")
        tombstone = erasure["object_id"]
        assert TOMBSTONE.match(tombstone)
        assert erasure["role"] == MATCHER
        after = client.get(
            f"/v1/shortlists/{shortlist['id']}", headers=keys.auth(MATCHER)
        ).json()
        assert after == replaced(shortlist, "er-hired", tombstone)
        assert [d["participant_ref"] for d in after["decisions"]] == [tombstone] * 2
        (kept,) = cohort_enrolments(client, keys, cohort["id"])
        assert kept == replaced(enrolment, "er-hired", tombstone)
        assert seats_taken(client, keys, cohort["id"]) == 1
        again = rank(client, keys, cohort["id"])
        assert [r["participant_ref"] for r in again["results"]] == ["er-stays"]

    def test_the_audit_trail_keeps_its_entries_and_names_only_the_tombstone(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "er-audit", **fits("er-audit"))
        client.get("/v1/participants/er-audit", headers=keys.auth(MATCHER))
        before = entries(client, keys, participant_ref="er-audit")

        assert erase(client, keys, "er-audit").status_code == 204

        assert entries(client, keys, participant_ref="er-audit") == before
        assert [e["action"] for e in reversed(before)] == [
            "participant.create",
            "participant.read",
        ]
        (erasure,) = entries(client, keys, action="participant.erase")
        assert erasure == {
            **erasure,
            "object_type": "participant",
            "object_id": IsStr(regex=TOMBSTONE.pattern),
        }

    def test_an_open_enrolment_ends_as_a_drop_out_and_gives_its_seat_back(
        self, client: TestClient, keys: Keys
    ) -> None:
        cohort = started_cohort(client, keys, seats=1)
        create_participant(client, keys, "er-open", **fits("er-open"))
        found = rank(client, keys, cohort["id"])
        decide(client, keys, found["id"], "er-open", "selected")
        assert seats_taken(client, keys, cohort["id"]) == 1

        assert erase(client, keys, "er-open").status_code == 204

        assert seats_taken(client, keys, cohort["id"]) == 0
        (ended,) = cohort_enrolments(client, keys, cohort["id"])
        assert ended["stage"] == "dropped_out"
        assert TOMBSTONE.match(ended["participant_ref"])
        assert ended["outcome"] == {
            "exit_date": IsStr(),
            "exit_reason": "ended_other",
            "hired_by_employer": False,
            "not_hired_reason": "left_early",
            "status_after_90_days": None,
        }
        assert [t["to_stage"] for t in ended["transitions"]][-1] == "dropped_out"

    def test_the_change_feed_names_the_tombstone_but_for_the_deletion_itself(
        self, client: TestClient, keys: Keys
    ) -> None:
        cohort = started_cohort(client, keys, seats=2)
        create_participant(client, keys, "er-feed", **fits("er-feed"))
        hired_participant(client, keys, "er-feed", cohort)

        assert erase(client, keys, "er-feed").status_code == 204

        (erasure,) = entries(client, keys, action="participant.erase")
        listed = client.get(
            "/v1/events", params={"limit": 1000}, headers=keys.auth("integration")
        )
        assert listed.status_code == 200, listed.text
        named = [
            (e["type"], e["action"], e["participant_ref"])
            for e in listed.json()["items"]
            if e["participant_ref"] is not None
        ]
        # Created, changed by the enrolment's walk, then deleted: only the
        # deletion keeps the ref, so that a subscriber can erase its copy.
        assert [n for n in named if n[2] == "er-feed"] == [
            ("participant", "deleted", "er-feed")
        ]
        assert ("participant", "created", erasure["object_id"]) in named
        assert {"enrolment"} <= {t for t, _, r in named if r == erasure["object_id"]}

    def test_an_erasure_is_refused_to_liaisons_and_against_an_old_etag(
        self, client: TestClient, keys: Keys
    ) -> None:
        create_participant(client, keys, "er-guard")
        assert erase(client, keys, "er-guard", role="liaison").status_code == 403
        stale = client.delete(
            "/v1/participants/er-guard",
            headers={**keys.auth(MATCHER), "If-Match": '"not-the-etag"'},
        )
        assert stale.status_code == 412
        read = client.get("/v1/participants/er-guard", headers=keys.auth(MATCHER))
        assert read.status_code == 200
        current = client.delete(
            "/v1/participants/er-guard",
            headers={**keys.auth(MATCHER), "If-Match": read.headers["etag"]},
        )
        assert current.status_code == 204


@pytest.fixture(name="committed")
def committed_fixture(scratch_database_url: str) -> Iterator[tuple[TestClient, Keys]]:
    """An app on a database of the test's own, whose writes really commit, so the
    command line sees them."""
    app = create_app(make_settings(scratch_database_url))
    with TestClient(app) as client:
        made = cli(
            scratch_database_url, "keys", "create", "--role", "admin", "--name", "a"
        )
        assert made.returncode == 0, made.stderr
        admin = made.stdout.strip().splitlines()[-1]
        secrets = {"admin": admin}
        for role in (MATCHER, "auditor", "liaison"):
            body: dict[str, Any] = {"name": role, "role": role}
            if role == MATCHER:
                body["all_units"] = True
            response = client.post(
                "/v1/keys", json=body, headers={"Authorization": f"Bearer {admin}"}
            )
            secrets[role] = created(response)["key"]
        yield client, Keys(secrets)


class TestRetentionRun:
    def test_a_dry_run_counts_and_a_run_erases_what_is_due(
        self,
        committed: tuple[TestClient, Keys],
        scratch_database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        client, keys = committed
        cohort = started_cohort(client, keys, seats=2)
        for ref in ("ret-1", "ret-2"):
            create_participant(client, keys, ref, **fits(ref))
        hired_participant(client, keys, "ret-1", cohort)

        within = cli(scratch_database_url, "retention", "run", "--dry-run")
        assert within.returncode == 0, within.stderr
        assert within.stdout.splitlines() == [
            "retention: 5 years after the last activity",
            "due: 0 participants",
            "dry run: nothing erased",
        ]
        monkeypatch.setenv("JOBBMATCH_RETENTION_YEARS", "0")
        preview = cli(scratch_database_url, "retention", "run", "--dry-run")
        assert preview.stdout.splitlines()[1:] == [
            "due: 2 participants",
            "dry run: nothing erased",
        ]
        for ref in ("ret-1", "ret-2"):
            kept = client.get(f"/v1/participants/{ref}", headers=keys.auth(MATCHER))
            assert kept.status_code == 200

        done = cli(scratch_database_url, "retention", "run")

        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[:3] == [
            "retention: 0 years after the last activity",
            "due: 2 participants",
            "erased: 2 participants, 1 enrolments kept under tombstones "
            "(0 open ended, 0 seats or places given back), 2 decisions, "
            "2 shortlist snapshots",
        ]
        tombstones = [line.removeprefix("tombstone: ") for line in lines[3:]]
        assert len(tombstones) == 2
        assert all(TOMBSTONE.match(t) for t in tombstones)
        assert "ret-" not in done.stdout + done.stderr
        for ref in ("ret-1", "ret-2"):
            gone = client.get(f"/v1/participants/{ref}", headers=keys.auth(MATCHER))
            assert gone.status_code == 404
        erasures = entries(client, keys, action="participant.erase")
        assert sorted(e["object_id"] for e in erasures) == sorted(tombstones)
        assert [
            e["object_id"] for e in entries(client, keys, action="retention.run")
        ] == ["2 erased"]
        assert [
            e["object_id"] for e in entries(client, keys, action="retention.preview")
        ] == ["2 due", "0 due"]
        assert seats_taken(client, keys, cohort["id"]) == 1
