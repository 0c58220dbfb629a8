"""Large batch imports run as jobs: `202`, a `Location` to poll, and the report the
import would have answered with.

Two apps share one database: one runs batches of more than four rows as jobs
(imported three rows a part, so a batch spans parts), the other imports them in
the request. The same rows, under refs of their own, must give the same report.
A served process killed mid-job leaves the job to a restarted one to finish.
"""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api_tests.conftest import cli, make_settings
from api_tests.factories import (
    HOME_CARE,
    NURSE_ASSISTANT_HOME_CARE,
    SOLNA,
    STOCKHOLM,
    participant_body,
)
from api_tests.live import kill, serve_workers, served_process
from service.main import create_app

pytestmark = pytest.mark.needs_shared_taxonomy

JOBS = {
    "batch_job_threshold": 4,
    "batch_job_chunk_rows": 3,
    "batch_job_poll_seconds": 0.2,
}
Auth = dict[str, str]


@dataclass(frozen=True)
class Apps:
    jobs: TestClient
    inline: TestClient
    admin: Auth
    importer: Auth
    other: Auth


def _bearer(key: str) -> Auth:
    return {"Authorization": f"Bearer {key}"}


def _integration_key(client: TestClient | httpx.Client, admin: Auth, name: str) -> Auth:
    made = client.post(
        "/v1/keys",
        json={"name": name, "role": "integration", "all_units": True},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    return _bearer(made.json()["key"])


def _admin_key(database_url: str) -> Auth:
    made = cli(database_url, "keys", "create", "--role", "admin", "--name", "jobs")
    assert made.returncode == 0, made.stderr
    return _bearer(made.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def apps(module_scratch_database_url: str) -> Iterator[Apps]:
    url = module_scratch_database_url
    with (
        TestClient(create_app(make_settings(url, **JOBS))) as jobs,
        # Only the first app runs jobs, in its parts of three rows.
        TestClient(create_app(make_settings(url, batch_job_runner=False))) as inline,
    ):
        admin = _admin_key(url)
        yield Apps(
            jobs,
            inline,
            admin,
            _integration_key(jobs, admin, "case system"),
            _integration_key(jobs, admin, "hr system"),
        )


def _finished(
    client: TestClient | httpx.Client, location: str, auth: Auth, seconds: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        polled = client.get(location, headers=auth)
        assert polled.status_code == 200, polled.text
        job: dict[str, Any] = polled.json()
        assert job["status"] in ("queued", "running", "succeeded", "failed")
        assert 0 <= job["done"] <= job["rows"]
        if job["status"] in ("succeeded", "failed"):
            return job
        assert time.monotonic() < deadline, f"the job did not finish: {job}"
        time.sleep(0.1)


def _rows(prefix: str) -> list[Any]:
    """Seven rows over three parts: good ones, a duplicate of a row in an earlier
    part, rows a field refuses, a row that is no object, and a ref shaped like a
    personnummer (check digit wrong), which no report may repeat."""
    return [
        participant_body(f"{prefix}-1", skills=[{"concept_id": HOME_CARE}]),
        participant_body(f"{prefix}-2"),
        participant_body(f"{prefix}-3", home_municipality_id="nowhere"),
        participant_body(f"{prefix}-1"),
        "not an object",
        participant_body("850709-9871"),
        participant_body(f"{prefix}-4", owning_unit=""),
        participant_body(f"{prefix}-5", home_municipality_id=SOLNA),
    ]


def _as(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The report with its refs under another prefix, to compare two batches."""
    text = json.dumps(report)
    return dict(json.loads(text.replace('"job-', f'"{prefix}-')))


def _batch(client: TestClient, auth: Auth, rows: list[Any], **headers: str) -> Any:
    return client.post(
        "/v1/participants:batch",
        json={"participants": rows},
        headers={**auth, **headers},
    )


def test_a_large_batch_is_a_job_with_the_report_the_request_would_give(
    apps: Apps,
) -> None:
    queued = _batch(apps.jobs, apps.importer, _rows("job"))
    assert queued.status_code == 202, queued.text
    location = queued.headers["Location"]
    job = queued.json()
    assert location == f"/v1/jobs/{job['id']}"
    assert job["kind"] == "participants:batch"
    assert job["status"] in ("queued", "running")
    assert (job["rows"], job["report"], job["finished_at"]) == (8, None, None)

    inline = _batch(apps.inline, apps.importer, _rows("inline"))
    assert inline.status_code == 200, inline.text
    done = _finished(apps.jobs, location, apps.importer)
    assert done["status"] == "succeeded", done
    assert done["done"] == 8
    assert done["finished_at"] is not None
    assert _as(done["report"], "inline") == inline.json()

    report = done["report"]
    assert (report["created"], report["invalid"]) == (3, 5)
    statuses = [(row["row"], row["ref"], row["status"]) for row in report["rows"]]
    assert statuses[:2] == [(1, "job-1", "created"), (2, "job-2", "created")]
    assert report["rows"][3]["errors"][0]["rule"] == "duplicate_in_batch"
    refused = report["rows"][5]
    assert refused["ref"] is None
    assert [(e["field"], e["rule"]) for e in refused["errors"]] == [
        ("participant_ref", "personal_identity_number")
    ]
    assert "850709" not in json.dumps(report)
    # The rows were written, as the request would have written them.
    stored = apps.jobs.get("/v1/participants/job-1", headers=apps.admin)
    assert stored.status_code == 200, stored.text
    assert [s["concept_id"] for s in stored.json()["skills"]] == [HOME_CARE]


def test_a_job_of_merges_reports_changed_and_unchanged_fields(apps: Apps) -> None:
    def rows(prefix: str, municipality: str) -> list[Any]:
        return [
            participant_body(f"{prefix}-m{n}", home_municipality_id=municipality)
            for n in range(5)
        ]

    # Five rows would be a job: the records are made by the other app.
    for prefix in ("job", "inline"):
        first = _batch(apps.inline, apps.importer, rows(prefix, STOCKHOLM))
        assert first.status_code == 200, first.text
    changed = rows("job", SOLNA)[:3] + rows("job", STOCKHOLM)[3:]
    queued = _batch(apps.jobs, apps.importer, changed)
    assert queued.status_code == 202, queued.text
    inline = _batch(
        apps.inline,
        apps.importer,
        rows("inline", SOLNA)[:3] + rows("inline", STOCKHOLM)[3:],
    )
    done = _finished(apps.jobs, queued.headers["Location"], apps.importer)
    assert _as(done["report"], "inline") == inline.json()
    assert (done["report"]["updated"], done["report"]["unchanged"]) == (3, 2)
    assert done["report"]["rows"][0]["changed"] == ["home_municipality_id"]


def test_a_large_csv_batch_names_its_errors_by_column_and_line(apps: Apps) -> None:
    def csv(prefix: str) -> bytes:
        lines = ["participant_ref;owning_unit;home_municipality_id"]
        lines += [f"{prefix}-c{n};Jobbtorg Järva;{STOCKHOLM}" for n in range(4)]
        lines += [f"{prefix}-c9;Jobbtorg Järva", f"{prefix}-c8;;{STOCKHOLM}"]
        return ("\n".join(lines) + "\n").encode()

    headers = {"Content-Type": "text/csv"}
    queued = apps.jobs.post(
        "/v1/participants:batch",
        content=csv("job"),
        headers={**apps.importer, **headers},
    )
    assert queued.status_code == 202, queued.text
    inline = apps.inline.post(
        "/v1/participants:batch",
        content=csv("inline"),
        headers={**apps.importer, **headers},
    )
    assert inline.status_code == 200, inline.text
    done = _finished(apps.jobs, queued.headers["Location"], apps.importer)
    assert _as(done["report"], "inline") == inline.json()
    ragged, empty = done["report"]["rows"][4:]
    assert (ragged["line"], ragged["errors"][0]["rule"]) == (5, "ragged_row")
    assert (empty["line"], empty["errors"][0]["field"]) == (6, "owning_unit")


def test_needs_batches_run_as_jobs_too(apps: Apps) -> None:
    organisation = apps.jobs.post(
        "/v1/organisations",
        json={"name": "Jobb AB", "kind": "private", "municipality_id": STOCKHOLM},
        headers=apps.admin,
    )
    assert organisation.status_code == 201, organisation.text

    def needs(prefix: str) -> list[dict[str, Any]]:
        need = {
            "organisation_id": organisation.json()["id"],
            "positions": 1,
            "occupation": {"concept_id": NURSE_ASSISTANT_HOME_CARE},
        }
        return [{**need, "external_ref": f"{prefix}-n{n}"} for n in range(4)] + [
            {**need, "external_ref": f"{prefix}-n9", "positions": 0},
            {**need, "external_ref": f"{prefix}-n1"},
        ]

    queued = apps.jobs.post(
        "/v1/needs:batch", json={"needs": needs("job")}, headers=apps.importer
    )
    assert queued.status_code == 202, queued.text
    assert queued.json()["kind"] == "needs:batch"
    inline = apps.inline.post(
        "/v1/needs:batch", json={"needs": needs("inline")}, headers=apps.importer
    )
    assert inline.status_code == 200, inline.text
    done = _finished(apps.jobs, queued.headers["Location"], apps.importer)
    assert _as(done["report"], "inline") == inline.json()
    assert (done["report"]["created"], done["report"]["invalid"]) == (4, 2)
    summary = apps.jobs.get(
        "/v1/audit", params={"action": "need.batch", "limit": 100}, headers=apps.admin
    ).json()["items"]
    # One entry for the whole batch, as the request writes, not one per part.
    assert [e["object_id"] for e in summary].count("4 created, 0 updated") == 2


def test_a_job_is_seen_by_its_own_key_and_admins_only(apps: Apps) -> None:
    queued = _batch(apps.jobs, apps.importer, _rows("own"))
    assert queued.status_code == 202, queued.text
    location = queued.headers["Location"]
    _finished(apps.jobs, location, apps.importer)
    hidden = apps.jobs.get(location, headers=apps.other)
    missing = apps.jobs.get(f"/v1/jobs/{'0' * 32}", headers=apps.other)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]
    assert apps.jobs.get(location, headers=apps.admin).status_code == 200
    matcher = apps.jobs.post(
        "/v1/keys",
        json={"name": "matcher", "role": "matcher", "all_units": True},
        headers=apps.admin,
    ).json()["key"]
    assert apps.jobs.get(location, headers=_bearer(matcher)).status_code == 403


def test_the_same_idempotency_key_replays_the_same_job(apps: Apps) -> None:
    rows = _rows("idem")
    first = _batch(apps.jobs, apps.importer, rows, **{"Idempotency-Key": "big-1"})
    assert first.status_code == 202, first.text
    assert "Idempotent-Replayed" not in first.headers
    done = _finished(apps.jobs, first.headers["Location"], apps.importer)
    again = _batch(apps.jobs, apps.importer, rows, **{"Idempotency-Key": "big-1"})
    assert again.status_code == 202, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert again.json() == done
    other = _batch(apps.jobs, apps.importer, rows[:5], **{"Idempotency-Key": "big-1"})
    assert other.status_code == 422
    assert other.json()["errors"][0]["rule"] == "idempotency_key_reused"


def test_an_erased_participant_leaves_a_tombstone_in_the_job_report(
    apps: Apps,
) -> None:
    queued = _batch(apps.jobs, apps.importer, _rows("gone"))
    assert queued.status_code == 202, queued.text
    location = queued.headers["Location"]
    before = _finished(apps.jobs, location, apps.importer)["report"]
    erased = apps.jobs.delete("/v1/participants/gone-2", headers=apps.admin)
    assert erased.status_code == 204, erased.text
    after = apps.jobs.get(location, headers=apps.importer).json()["report"]
    assert "gone-2" not in json.dumps(after)
    assert after["rows"][1]["ref"].startswith("erased:")
    assert (
        after["rows"][:1] + after["rows"][2:] == before["rows"][:1] + before["rows"][2:]
    )


def _wait_for(done: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_job_outlives_the_process_killed_while_running_it(
    scratch_database_url: str, tmp_path: Path
) -> None:
    # Parts of 100 rows, and a lease that runs out a second after the kill.
    settings: dict[str, object] = {
        "batch_job_threshold": 100,
        "batch_job_chunk_rows": 100,
        "batch_job_stale_seconds": 1.0,
        "batch_job_poll_seconds": 0.2,
    }
    rows = [participant_body(f"kill-{n}") for n in range(3000)]
    with served_process(
        scratch_database_url, tmp_path / "first.log", workers=2, **settings
    ) as (url, process):
        with httpx.Client(base_url=url, timeout=60) as http:
            admin = _admin_key(scratch_database_url)
            auth = _integration_key(http, admin, "case system")
            queued = http.post(
                "/v1/participants:batch", json={"participants": rows}, headers=auth
            )
            assert queued.status_code == 202, queued.text
            location = queued.headers["Location"]

            def started() -> bool:
                return int(http.get(location, headers=auth).json()["done"]) >= 200

            _wait_for(started, 120, "the job to import its first parts")
        kill(process)
    with (
        serve_workers(
            scratch_database_url, tmp_path / "second.log", workers=2, **settings
        ) as url,
        httpx.Client(base_url=url, timeout=60) as http,
    ):
        before = http.get(location, headers=auth).json()
        assert before["done"] < len(rows), "the kill came too late to test anything"
        done = _finished(http, location, auth, seconds=300)
        assert done["status"] == "succeeded", done
        report = done["report"]
        assert (report["received"], report["created"]) == (len(rows), len(rows))
        assert [row["row"] for row in report["rows"]] == list(range(1, len(rows) + 1))
        listed = http.get("/v1/participants", params={"limit": 1}, headers=admin).json()
        assert listed["total"] == len(rows)
