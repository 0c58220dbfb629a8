"""A bounded mixed load against a served app, beside a same-run baseline on /health.

    .venv/bin/python benchmarks/load_bench.py [--clients 20] [--requests 2000]
        [--workers 2] [--database URL]

Serves `jobbmatch serve --workers W` on a loopback port over a fresh database (a
temporary SQLite file unless --database names an empty PostgreSQL database), seeds a
need, a cohort and 300 participants, then runs R requests from C concurrent
clients: participant reads and lists, need lists, participant updates, funnel
enrolments that race for the same cohort, shortlists and small batch imports. The
baseline sends the same number of requests from the same clients to `/health`.
Prints p50/p95/max, errors (any 5xx, or a status the mix does not expect) and
requests per second for both; the last line is JSON.
"""

import argparse
import json
import random
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from figures import percentile
from serving import api_key, environment, free_port, jobbmatch, say, serve

STOCKHOLM = "AvNB_uwa_6n6"
NURSE = "bSEB_VKd_Ub3"
HOME_CARE = "xowU_8Wu_K7C"
PEOPLE = 300
_ID = re.compile(r"/(load-\d+|\d+)(?=/|$)")
Request = Callable[[httpx.Client, random.Random], httpx.Response]


def _person(ref: str) -> dict[str, Any]:
    return {
        "participant_ref": ref,
        "owning_unit": "Jobbtorg Last",
        "home_municipality_id": STOCKHOLM,
        "skills": [{"concept_id": HOME_CARE}],
        "experience": [{"occupation": {"concept_id": NURSE}, "years": 2}],
    }


def _seed(http: httpx.Client, keys: dict[str, dict[str, str]]) -> dict[str, int]:
    liaison = keys["liaison"]
    organisation = http.post(
        "/v1/organisations",
        json={"name": "Last AB", "kind": "private", "municipality_id": STOCKHOLM},
        headers=liaison,
    ).json()
    need = http.post(
        "/v1/needs",
        json={
            "organisation_id": organisation["id"],
            "positions": 5,
            "occupation": {"concept_id": NURSE},
            "status": "open",
        },
        headers=liaison,
    ).json()
    track = http.post(
        "/v1/tracks",
        json={
            "name": "Lastspår",
            "kind": "jobbspar",
            "occupation": {"concept_id": NURSE},
        },
        headers=liaison,
    ).json()
    cohort = http.post(
        f"/v1/tracks/{track['id']}/cohorts",
        json={"seats": 20, "start_date": "2027-03-01", "end_date": "2027-06-01"},
        headers=liaison,
    ).json()
    rows = [_person(f"load-{n}") for n in range(PEOPLE)]
    report = http.post(
        "/v1/participants:batch",
        json={"participants": rows},
        headers=keys["integration"],
    )
    report.raise_for_status()
    return {"need": need["id"], "cohort": cohort["id"]}


def _mix(
    keys: dict[str, dict[str, str]], ids: dict[str, int]
) -> list[tuple[int, Request, set[int]]]:
    matcher, liaison, integration = (
        keys["matcher"],
        keys["liaison"],
        keys["integration"],
    )

    def ref(rng: random.Random) -> str:
        return f"load-{rng.randrange(PEOPLE)}"

    return [
        (40, lambda c, r: c.get(f"/v1/participants/{ref(r)}", headers=matcher), {200}),
        (10, lambda c, r: c.get("/v1/participants?limit=20", headers=matcher), {200}),
        (15, lambda c, r: c.get("/v1/needs?limit=20", headers=liaison), {200}),
        (
            10,
            lambda c, r: c.patch(
                f"/v1/participants/{ref(r)}",
                json={"birth_year": r.randint(1960, 2000)},
                headers=matcher,
            ),
            {200},
        ),
        (
            10,
            lambda c, r: c.post(
                f"/v1/cohorts/{ids['cohort']}/enrolments",
                json={"participant_ref": ref(r)},
                headers=matcher,
            ),
            {201, 409},
        ),
        (
            10,
            lambda c, r: c.post(
                "/v1/shortlists",
                json={"target": {"kind": "need", "id": ids["need"]}, "purpose": "load"},
                headers=matcher,
            ),
            {201},
        ),
        (
            5,
            lambda c, r: c.post(
                "/v1/participants:batch",
                json={"participants": [_person(ref(r)) for _ in range(20)]},
                headers=integration,
            ),
            {200},
        ),
    ]


def _run(
    base_url: str,
    clients: int,
    requests: int,
    choose: Callable[[random.Random], tuple[Request, set[int]]],
) -> dict[str, float]:
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors = 0
    lock = threading.Lock()
    per_client = requests // clients

    def client_loop(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        with httpx.Client(base_url=base_url, timeout=60) as http:
            for _ in range(per_client):
                send, expected = choose(rng)
                started = time.perf_counter()
                kind = "(failed)"
                try:
                    response = send(http, rng)
                    status = response.status_code
                    path = _ID.sub("/{id}", response.request.url.path)
                    kind = f"{response.request.method} {path}"
                except httpx.HTTPError:
                    status = 599
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    by_kind.setdefault(kind, []).append(elapsed)
                    errors += status not in expected

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client_loop, range(clients)))
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    for kind, values in sorted(by_kind.items()):
        values.sort()
        say(
            f"  {kind:<42} n {len(values):5d}  p50 {statistics.median(values):8.1f} ms"
            f"  p95 {percentile(values, 0.95):8.1f} ms"
        )
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "max_ms": round(ordered[-1], 1),
        "errors": errors,
        "rps": round(len(ordered) / wall, 1),
    }


def run(database_url: str, clients: int, requests: int, workers: int) -> dict[str, Any]:
    env = environment(database_url)
    jobbmatch(env, "db", "upgrade")
    admin = jobbmatch(env, "keys", "create", "--role", "admin", "--name", "load")
    port = free_port()
    server = serve(env, port, workers)
    base_url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base_url, timeout=120) as http:
            keys = {
                role: api_key(http, admin, role)
                for role in ("liaison", "matcher", "integration")
            }
            ids = _seed(http, keys)
        mix = _mix(keys, ids)
        weights = [w for w, _, _ in mix]

        def mixed(rng: random.Random) -> tuple[Request, set[int]]:
            _, send, expected = rng.choices(mix, weights=weights)[0]
            return send, expected

        def health(rng: random.Random) -> tuple[Request, set[int]]:
            return (lambda c, r: c.get("/health")), {200}

        baseline = _run(base_url, clients, requests, health)
        load = _run(base_url, clients, requests, mixed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, figures in (("baseline /health", baseline), ("mixed load", load)):
        say(
            f"{name:<18} p50 {figures['p50_ms']:8.1f} ms"
            f"  p95 {figures['p95_ms']:8.1f} ms"
            f"  max {figures['max_ms']:8.1f} ms  errors {figures['errors']:4d}"
            f"  {figures['rps']:7.1f} req/s"
        )
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    return {
        "database": backend,
        "clients": clients,
        "requests": requests,
        "workers": workers,
        "baseline": baseline,
        **load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database", help="an empty database (default: temporary SQLite)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/load.db"
        say(json.dumps(run(url, args.clients, args.requests, args.workers)))


if __name__ == "__main__":
    main()
