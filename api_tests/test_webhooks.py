"""Signed webhooks over real HTTP: a served app with two workers delivers the change
feed to a receiver on loopback that fails, times out and recovers, and to one that
never recovers; a server killed mid-delivery loses nothing when it comes back."""

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook as Verifier

from api_tests.conftest import cli
from api_tests.factories import STOCKHOLM, participant_body
from api_tests.live import kill, serve_workers, served_process

pytestmark = pytest.mark.needs_shared_taxonomy

# Quick retries, short timeouts and leases, so a test sees back-off, a timeout and
# a lease running out within seconds.
SETTINGS: dict[str, Any] = {
    "webhook_allowed_hosts": ["127.0.0.1"],
    "webhook_poll_seconds": 0.2,
    "webhook_backoff_seconds": 0.2,
    "webhook_backoff_max_seconds": 1.0,
    "webhook_timeout_seconds": 1.0,
    "webhook_lease_seconds": 3.0,
    "webhook_max_failures": 6,
}


@dataclass
class Attempt:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int | None  # None: the receiver held the request past the timeout


@dataclass
class Receiver:
    """Records every request; `answer(path, n)` says what the n-th request to a
    path (from 1) gets: an HTTP status, or None to hang past the sender's timeout."""

    answer: Callable[[str, int], int | None]
    url: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delivered(self, path: str) -> list[Attempt]:
        with self.lock:
            return [
                a
                for a in self.attempts
                if a.path == path and a.answered is not None and a.answered < 300
            ]

    def to(self, path: str) -> list[Attempt]:
        with self.lock:
            return [a for a in self.attempts if a.path == path]


@contextmanager
def receiving(answer: Callable[[str, int], int | None]) -> Iterator[Receiver]:
    receiver = Receiver(answer)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            with receiver.lock:
                count = 1 + sum(a.path == self.path for a in receiver.attempts)
                status = receiver.answer(self.path, count)
                receiver.attempts.append(
                    Attempt(self.path, dict(self.headers.items()), body, status)
                )
            if status is None:
                time.sleep(SETTINGS["webhook_timeout_seconds"] * 3)
                return
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads `attempts`."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def _keys(
    http: httpx.Client, database_url: str
) -> tuple[dict[str, str], dict[str, str]]:
    """An admin key (for the changes) and an integration key (the subscriber)."""
    made = cli(database_url, "keys", "create", "--role", "admin", "--name", "hooks")
    assert made.returncode == 0, made.stderr
    admin = {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}
    key = http.post(
        "/v1/keys",
        json={"name": "case system", "role": "integration", "all_units": True},
        headers=admin,
    )
    assert key.status_code == 201, key.text
    return admin, {"Authorization": f"Bearer {key.json()['key']}"}


def _read_feed(
    http: httpx.Client, auth: dict[str, str], cursor: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """Every event after `cursor` (from the start when empty), and the cursor at
    the end of the feed."""
    found: list[dict[str, Any]] = []
    while True:
        after = {"after": cursor} if cursor else {}
        page = http.get(
            "/v1/events", params={"limit": 1000, **after}, headers=auth
        ).json()
        cursor = str(page["next"])
        if not page["items"]:
            return found, cursor
        found.extend(page["items"])


def _wait_for(done: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _first_arrivals(attempts: list[Attempt]) -> list[str]:
    """The webhook-ids in the order each first arrived successfully."""
    seen: dict[str, None] = {}
    for attempt in attempts:
        seen.setdefault(attempt.headers["webhook-id"], None)
    return list(seen)


def _subscribe(http: httpx.Client, auth: dict[str, str], url: str) -> tuple[int, str]:
    made = http.post("/v1/webhooks", json={"url": url, "types": []}, headers=auth)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["secret"].startswith("whsec_")
    shown = http.get(f"/v1/webhooks/{body['id']}", headers=auth).json()
    assert "secret" not in shown
    return int(body["id"]), str(body["secret"])


def test_deliveries_are_signed_ordered_retried_and_redelivered_with_their_id(
    scratch_database_url: str, tmp_path: Path
) -> None:
    def answer(path: str, n: int) -> int | None:
        if path == "/broken":
            return 500
        # Three failures, then a request held past the timeout, then recovery.
        return 500 if n <= 3 else None if n == 4 else 204

    with (
        receiving(answer) as receiver,
        serve_workers(scratch_database_url, tmp_path / "serve.log", **SETTINGS) as url,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        admin, auth = _keys(http, scratch_database_url)
        refused = http.post(
            "/v1/webhooks",
            json={"url": "https://hooks.example.com/jobbmatch"},
            headers=auth,
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "url"
        assert refused.json()["errors"][0]["rule"] == "host_not_allowed"
        assert "example.com" not in refused.text

        _, cursor = _read_feed(http, auth)
        hook, secret = _subscribe(http, auth, f"{receiver.url}/hook")
        broken, _ = _subscribe(http, auth, f"{receiver.url}/broken")
        for n in range(5):
            organisation = http.post(
                "/v1/organisations",
                json={
                    "name": f"Arbetsgivare {n}",
                    "kind": "private",
                    "municipality_id": STOCKHOLM,
                },
                headers=admin,
            )
            assert organisation.status_code == 201, organisation.text
            renamed = http.patch(
                f"/v1/organisations/{organisation.json()['id']}",
                json={"name": f"Arbetsgivare {n} AB"},
                headers=admin,
            )
            assert renamed.status_code == 200, renamed.text
            person = http.post(
                "/v1/participants", json=participant_body(f"hook-{n}"), headers=admin
            )
            assert person.status_code == 201, person.text
        expected, _ = _read_feed(http, auth, cursor)
        assert len(expected) == 15
        ids = [f"msg_{hook}_{event['id']}" for event in expected]

        _wait_for(
            lambda: (
                {a.headers["webhook-id"] for a in receiver.delivered("/hook")}
                == set(ids)
            ),
            60,
            "every message to be delivered",
        )
        delivered = receiver.delivered("/hook")
        # In commit order, each signed by the subscription's secret, carrying the
        # event as the feed shows it (a participant's ref and nothing personal).
        assert _first_arrivals(delivered) == ids
        verifier = Verifier(secret)
        for attempt, event in zip(delivered, expected, strict=False):
            message = verifier.verify(attempt.body, attempt.headers)
            assert message["data"] == event
            assert message["type"] == f"{event['type']}.{event['action']}"
        # The failed and timed-out attempts were the first message, sent again with
        # the same id; nothing overtook it.
        failed = [a for a in receiver.to("/hook") if a.answered != 204]
        assert [a.headers["webhook-id"] for a in failed] == [ids[0]] * 4
        log = http.get(
            f"/v1/webhooks/{hook}/deliveries", params={"limit": 100}, headers=auth
        ).json()
        assert [d["message_id"] for d in log["items"]] == ids
        assert log["items"][0]["attempts"] == 5
        assert all(d["status"] == "delivered" for d in log["items"])

        again = http.post(
            f"/v1/webhooks/{hook}/deliveries/{log['items'][2]['id']}/redeliver",
            headers=auth,
        )
        assert again.status_code == 202, again.text
        _wait_for(
            lambda: len(receiver.delivered("/hook")) > len(delivered),
            30,
            "the redelivery",
        )
        assert receiver.delivered("/hook")[-1].headers["webhook-id"] == ids[2]
        assert receiver.delivered("/hook")[-1].body == delivered[2].body

        # A subscriber that never answers is disabled after its run of failures,
        # and re-enabling it starts again where it stopped.
        _wait_for(
            lambda: (
                not http.get(f"/v1/webhooks/{broken}", headers=auth).json()["enabled"]
            ),
            60,
            "the failing subscription to be disabled",
        )
        shown = http.get(f"/v1/webhooks/{broken}", headers=auth).json()
        assert "6 failed deliveries" in shown["disabled_reason"]
        assert len(receiver.to("/broken")) == 6
        assert {a.headers["webhook-id"] for a in receiver.to("/broken")} == {
            f"msg_{broken}_{expected[0]['id']}"
        }
        enabled = http.patch(
            f"/v1/webhooks/{broken}", json={"enabled": True}, headers=auth
        )
        assert enabled.status_code == 200, enabled.text
        _wait_for(lambda: len(receiver.to("/broken")) > 6, 30, "a new attempt")
        assert receiver.to("/broken")[6].headers["webhook-id"] == (
            f"msg_{broken}_{expected[0]['id']}"
        )


def test_a_server_killed_mid_delivery_loses_no_message(
    scratch_database_url: str, tmp_path: Path
) -> None:
    changes = 1000
    with receiving(lambda path, n: 204) as receiver:
        with served_process(
            scratch_database_url, tmp_path / "first.log", **SETTINGS
        ) as (url, process):
            with httpx.Client(base_url=url, timeout=60) as http:
                _, auth = _keys(http, scratch_database_url)
                _, cursor = _read_feed(http, auth)
                hook, secret = _subscribe(http, auth, f"{receiver.url}/hook")
                imported = http.post(
                    "/v1/participants:batch",
                    json={
                        "participants": [
                            participant_body(f"kill-{n}") for n in range(changes)
                        ]
                    },
                    headers=auth,
                )
                assert imported.status_code == 200, imported.text
                expected, _ = _read_feed(http, auth, cursor)
                assert len(expected) == changes
                _wait_for(
                    lambda: len(receiver.delivered("/hook")) >= 50,
                    60,
                    "deliveries to begin",
                )
            kill(process)
        before_restart = len(_first_arrivals(receiver.delivered("/hook")))
        assert before_restart < changes, "the kill came too late to test anything"

        with serve_workers(scratch_database_url, tmp_path / "second.log", **SETTINGS):
            ids = [f"msg_{hook}_{event['id']}" for event in expected]
            _wait_for(
                lambda: len(_first_arrivals(receiver.delivered("/hook"))) == changes,
                120,
                "every message after the restart",
            )
        delivered = receiver.delivered("/hook")
        # Each message arrived, in commit order; a repeat (the one in flight at the
        # kill) carries the id and body it had, so the receiver can drop it.
        assert _first_arrivals(delivered) == ids
        bodies: dict[str, bytes] = {}
        verifier = Verifier(secret)
        for attempt in delivered:
            verifier.verify(attempt.body, attempt.headers)
            first = bodies.setdefault(attempt.headers["webhook-id"], attempt.body)
            assert attempt.body == first
        assert json.loads(delivered[-1].body)["data"] == expected[-1]
