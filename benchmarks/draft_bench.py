"""Latency of the two draft endpoints on 2,000-character texts, through HTTP, beside
two baselines from the same run: `GET /health` (the app's floor) and
`POST /v1/taxonomy/extract` on the same texts (the mapper alone, which a draft
calls once before reading its phrases).

    .venv/bin/python benchmarks/draft_bench.py [--rounds 5]

The texts are the real ads of `../shared/eval/jobsearch_ads.jsonl` that reach
2,000 characters (headline and text), cut to exactly 2,000; there is no set of
participants' own words that long, so `participants:draft` reads the same texts.
One worker over a temporary SQLite database, one request at a time (each text to
every endpoint in turn), after a warm-up.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import httpx
from figures import percentile
from serving import REPO, environment, free_port, jobbmatch, say, serve

ADS = REPO.parent / "shared" / "eval" / "jobsearch_ads.jsonl"
CHARS = 2000
WARM_UP = 10


def texts() -> list[str]:
    ads = [json.loads(line) for line in ADS.open(encoding="utf-8")]
    whole = [f"{ad['headline']}\n{ad['description_text']}" for ad in ads]
    return [text[:CHARS] for text in whole if len(text) >= CHARS]


ENDPOINTS = {
    "baseline GET /health": "/health",
    "baseline taxonomy/extract": "/v1/taxonomy/extract",
    "needs:draft": "/v1/needs:draft",
    "participants:draft": "/v1/participants:draft",
}


def timed(
    http: httpx.Client, path: str, headers: dict[str, str], text: str
) -> float | None:
    """Milliseconds of one request answered 200 (`/health` is a GET), else None
    (an ad holding what looks like a personnummer is refused)."""
    started = time.perf_counter()
    if path == "/health":
        response = http.get(path)
    else:
        response = http.post(path, json={"text": text}, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed if response.status_code == 200 else None


def latencies(
    http: httpx.Client, headers: dict[str, str], ads: list[str]
) -> dict[str, list[float | None]]:
    """Each text sent to every endpoint in turn, so a busy moment of the machine
    weighs on all of them alike."""
    times: dict[str, list[float | None]] = {name: [] for name in ENDPOINTS}
    for text in ads:
        for name, path in ENDPOINTS.items():
            times[name].append(timed(http, path, headers, text))
    return times


def figures(times: list[float | None]) -> dict[str, float | int]:
    ordered = sorted(t for t in times if t is not None)
    return {
        "requests": len(ordered),
        "refused": len(times) - len(ordered),
        "p50_ms": round(ordered[len(ordered) // 2], 2),
        "p95_ms": round(percentile(ordered, 0.95), 2),
        "max_ms": round(ordered[-1], 2),
    }


def run(database_url: str, rounds: int) -> dict[str, dict[str, float | int]]:
    env = environment(database_url)
    jobbmatch(env, "db", "upgrade")
    admin = jobbmatch(env, "keys", "create", "--role", "admin", "--name", "drafts")
    headers = {"Authorization": f"Bearer {admin}"}
    ads = texts() * rounds
    port = free_port()
    server = serve(env, port, workers=1)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            latencies(http, headers, ads[:WARM_UP])
            times = latencies(http, headers, ads)
        return {name: figures(found) for name, found in times.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the ads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = run(f"sqlite:///{Path(folder) / 'drafts.db'}", args.rounds)
    say(f"{len(texts())} texts of {CHARS} characters; p50/p95/max in ms")
    for name, row in results.items():
        say(
            f"{name:<28} p50 {row['p50_ms']:7.2f}  p95 {row['p95_ms']:7.2f}"
            f"  max {row['max_ms']:7.2f}  n {row['requests']:5d}"
            f"  refused {row['refused']}"
        )
    say(json.dumps(results))


if __name__ == "__main__":
    main()
