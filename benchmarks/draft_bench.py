"""Latency of the two draft endpoints on 2,000-character texts, through HTTP, beside
two baselines from the same run: `GET /health` (the app's floor) and
`POST /v1/taxonomy/extract` on the same texts (the mapper alone, which a draft
calls once before reading its phrases).

    .venv/bin/python benchmarks/draft_bench.py [--rounds 5]

The texts are the real ads of `../shared/eval/jobsearch_ads.jsonl` that reach
2,000 characters (headline and text), cut to exactly 2,000; there is no set of
participants' own words that long, so `participants:draft` reads the same texts.
One worker over a temporary SQLite database, one request at a time, after a warm-up.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import httpx
from serving import REPO, environment, free_port, jobbmatch, say, serve

ADS = REPO.parent / "shared" / "eval" / "jobsearch_ads.jsonl"
CHARS = 2000
WARM_UP = 10


def texts() -> list[str]:
    ads = [json.loads(line) for line in ADS.open(encoding="utf-8")]
    whole = [f"{ad['headline']}\n{ad['description_text']}" for ad in ads]
    return [text[:CHARS] for text in whole if len(text) >= CHARS]


def latencies(
    http: httpx.Client, path: str, headers: dict[str, str], bodies: list[str | None]
) -> tuple[list[float], int]:
    """Milliseconds of each request answered 200 (a GET where the body is None),
    and how many were refused (an ad holding what looks like a personnummer)."""
    times, refused = [], 0
    for body in bodies:
        started = time.perf_counter()
        if body is None:
            response = http.get(path)
        else:
            response = http.post(path, json={"text": body}, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 200:
            times.append(elapsed)
        else:
            refused += 1
    return times, refused


def figures(times: list[float], refused: int) -> dict[str, float | int]:
    ordered = sorted(times)
    return {
        "requests": len(ordered),
        "refused": refused,
        "p50_ms": round(ordered[len(ordered) // 2], 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def run(database_url: str, rounds: int) -> dict[str, dict[str, float | int]]:
    env = environment(database_url)
    jobbmatch(env, "db", "upgrade")
    admin = jobbmatch(env, "keys", "create", "--role", "admin", "--name", "drafts")
    headers = {"Authorization": f"Bearer {admin}"}
    ads: list[str | None] = [*texts() * rounds]
    endpoints: dict[str, tuple[str, list[str | None]]] = {
        "baseline GET /health": ("/health", [None] * len(ads)),
        "baseline taxonomy/extract": ("/v1/taxonomy/extract", ads),
        "needs:draft": ("/v1/needs:draft", ads),
        "participants:draft": ("/v1/participants:draft", ads),
    }
    port = free_port()
    server = serve(env, port, workers=1)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for path, bodies in endpoints.values():
                latencies(http, path, headers, bodies[:WARM_UP])
            return {
                name: figures(*latencies(http, path, headers, bodies))
                for name, (path, bodies) in endpoints.items()
            }
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
