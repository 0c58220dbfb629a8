"""The change feed and its webhooks, timed against a served app, beside same-run
baselines.

    .venv/bin/python benchmarks/events_bench.py [--changes 200] [--burst 1000]
        [--events 100000] [--workers 2] [--database URL]

Serves `jobbmatch serve --workers W` over a fresh database (temporary SQLite unless
--database names an empty PostgreSQL database) holding `--events` older events
(written straight into the outbox, ten to a commit, so the feed is long without
hours of writes), subscribes a receiver on loopback, and measures:
- commit to delivery: C organisations created one after another; the time from each
  create's response to its signed message reaching the receiver (p50/p95/max),
  beside the time of a bare POST from this process to the same receiver;
- a burst: a 1,000-row participant import, and how long until its last message is
  delivered (messages per second);
- paging the feed at that length: `GET /v1/events?limit=100` from 100 places spread
  over it, and a walk over all of it with `limit=1000`, beside `/health`.
The last line is JSON.
"""

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from figures import percentile
from load_bench import STOCKHOLM
from serving import api_key, environment, free_port, jobbmatch, say, serve
from sqlalchemy import insert

from service.db import make_engine
from service.events.models import ChangeEvent
from service.events.repository import Position

PER_COMMIT = 10


def _figures(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "max_ms": round(ordered[-1], 1),
    }


def _line(name: str, figures: dict[str, float]) -> None:
    say(
        f"{name:<34} p50 {figures['p50_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms"
        f"  max {figures['max_ms']:8.1f} ms"
    )


class Arrivals:
    """When each message first reached the receiver, by (type, record, action); a
    participant is named by its ref."""

    def __init__(self) -> None:
        self.at: dict[tuple[str, str, str], float] = {}
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

    def note(self, body: bytes) -> None:
        now = time.perf_counter()
        data = json.loads(body).get("data", {})
        record = data.get("participant_ref") or data.get("object_id")
        key = (data.get("type"), record, data.get("action"))
        with self.changed:
            self.at.setdefault(key, now)
            self.changed.notify_all()

    def wait(self, key: tuple[str, str, str], seconds: float) -> float:
        with self.changed:
            self.changed.wait_for(lambda: key in self.at, seconds)
            if key not in self.at:
                raise RuntimeError(f"no delivery of {key} within {seconds} s")
            return self.at[key]


@contextmanager
def receiving(arrivals: Arrivals) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            if self.path == "/hook":
                arrivals.note(body)
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _seed_feed(database_url: str, events: int) -> None:
    engine = make_engine(database_url)
    rows = [
        {
            "seq": n // PER_COMMIT + 1,
            "type": "organisation",
            "object_id": str(n),
            "action": "updated",
            "fields": ["name"],
            "actor_role": "liaison",
        }
        for n in range(events)
    ]
    with engine.begin() as connection:
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(ChangeEvent), rows[start : start + 10_000])
    engine.dispose()


def _commit_to_delivery(
    http: httpx.Client, liaison: dict[str, str], arrivals: Arrivals, changes: int
) -> list[float]:
    latencies = []
    for n in range(changes):
        made = http.post(
            "/v1/organisations",
            json={
                "name": f"Bänk {n} AB",
                "kind": "private",
                "municipality_id": STOCKHOLM,
            },
            headers=liaison,
        )
        made.raise_for_status()
        committed = time.perf_counter()
        arrived = arrivals.wait(("organisation", str(made.json()["id"]), "created"), 60)
        latencies.append((arrived - committed) * 1000)
    return latencies


def _bare_posts(receiver: str, count: int) -> list[float]:
    times = []
    with httpx.Client() as http:
        for _ in range(count):
            started = time.perf_counter()
            http.post(f"{receiver}/bare", content=b"{}").raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return times


def _burst(
    http: httpx.Client, integration: dict[str, str], arrivals: Arrivals, rows: int
) -> tuple[float, float]:
    """Seconds from the import's response to its last delivery; messages/s."""
    people = [
        {
            "participant_ref": f"burst-{n}",
            "owning_unit": "Jobbtorg Bänk",
            "home_municipality_id": STOCKHOLM,
        }
        for n in range(rows)
    ]
    imported = http.post(
        "/v1/participants:batch", json={"participants": people}, headers=integration
    )
    imported.raise_for_status()
    done = time.perf_counter()
    last = max(
        arrivals.wait(("participant", f"burst-{n}", "created"), 600)
        for n in range(rows)
    )
    first = min(
        arrivals.at[("participant", f"burst-{n}", "created")] for n in range(rows)
    )
    return last - done, rows / max(last - first, 1e-9)


def _timed(http: httpx.Client, path: str, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    response = http.get(path, **kwargs)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000, response


def _paging(
    http: httpx.Client, integration: dict[str, str], events: int
) -> dict[str, Any]:
    commits = max(events // PER_COMMIT, 1)
    spread = [Position(seq=commits * k // 100, event_id=0).encode() for k in range(100)]
    pages = [
        _timed(
            http, "/v1/events", params={"after": c, "limit": 100}, headers=integration
        )[0]
        for c in spread
    ]
    walk, cursor, seen = [], None, 0
    while True:
        params: dict[str, Any] = {
            "limit": 1000,
            **({"after": cursor} if cursor else {}),
        }
        elapsed, response = _timed(
            http, "/v1/events", params=params, headers=integration
        )
        page = response.json()
        if not page["items"]:
            break
        walk.append(elapsed)
        seen += len(page["items"])
        cursor = page["next"]
    health = [_timed(http, "/health")[0] for _ in range(100)]
    return {"page_100": pages, "walk_1000": walk, "seen": seen, "health": health}


def run(
    database_url: str, changes: int, burst: int, events: int, workers: int
) -> dict[str, Any]:
    env = {
        **environment(database_url),
        "JOBBMATCH_WEBHOOK_ALLOWED_HOSTS": '["127.0.0.1"]',
    }
    jobbmatch(env, "db", "upgrade")
    _seed_feed(database_url, events)
    admin = jobbmatch(env, "keys", "create", "--role", "admin", "--name", "events")
    port = free_port()
    server = serve(env, port, workers)
    arrivals = Arrivals()
    try:
        with (
            receiving(arrivals) as receiver,
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http,
        ):
            liaison = api_key(http, admin, "liaison")
            integration = api_key(http, admin, "integration")
            hook = http.post(
                "/v1/webhooks", json={"url": f"{receiver}/hook"}, headers=integration
            )
            hook.raise_for_status()
            latency = _commit_to_delivery(http, liaison, arrivals, changes)
            bare = _bare_posts(receiver, changes)
            drained, rate = _burst(http, integration, arrivals, burst)
            paging = _paging(http, integration, events)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = {
        "commit_to_delivery": _figures(latency),
        "baseline_bare_post": _figures(bare),
        "feed_page_100": _figures(paging["page_100"]),
        "feed_walk_page_1000": _figures(paging["walk_1000"]),
        "baseline_health": _figures(paging["health"]),
    }
    for name, values in figures.items():
        _line(name, values)
    say(
        f"burst of {burst} messages: last delivered {drained:.1f} s after the import"
        f" answered, {rate:.0f} messages/s; walked {paging['seen']} events"
    )
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    return {
        "database": backend,
        "events": events,
        "workers": workers,
        **figures,
        "burst": {
            "messages": burst,
            "drained_s": round(drained, 2),
            "per_s": round(rate),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database", help="an empty database (default: temporary SQLite)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/events.db"
        say(json.dumps(run(url, args.changes, args.burst, args.events, args.workers)))


if __name__ == "__main__":
    main()
