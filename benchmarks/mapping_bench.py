"""Latency, build time and memory of the free-text mapper, beside a baseline.

    .venv/bin/python benchmarks/mapping_bench.py [SHARED_DIR]

Reads the snapshot in ``SHARED_DIR/taxonomy`` (default ``<repo>/../shared``) and,
as query load, job titles and ad texts from ``SHARED_DIR/eval``. Every figure is
printed next to the same figure for the rapidfuzz ``WRatio`` baseline (best
preferred label) measured in the same run, as a ratio mapper / baseline.
Targets: map p95 <= 5 ms, autocomplete p95 <= 2 ms, index build <= 10 s.
"""

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from figures import percentile
from rapidfuzz import fuzz, process

from taxonomy import Mapper, Snapshot, fold, read_snapshot
from taxonomy.evaluation import CharTfidfBaseline

REPO = Path(__file__).resolve().parents[1]
SAMPLE = 1000
SEED = 20260101
MAP_TEXT_CHARS = 2000


def rss_mib() -> float:
    """Resident memory of this process in MiB (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentiles(
    fn: Callable[[str], object], queries: Sequence[str]
) -> tuple[float, float]:
    """p50 and p95 latency of ``fn`` over ``queries``, in milliseconds."""
    times = []
    for query in queries:
        start = time.perf_counter()
        fn(query)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], percentile(times, 0.95)


def load_queries(shared: Path) -> tuple[list[str], list[str]]:
    """Short job-title queries and long ad texts from the evaluation sets."""
    titles = [
        json.loads(line)["query"]
        for line in (shared / "eval" / "ontology_files.jsonl").read_text().splitlines()
    ]
    ads = [
        json.loads(line) for line in (shared / "eval" / "jobsearch_ads.jsonl").open()
    ]
    rng = random.Random(SEED)
    short = rng.sample(titles, min(SAMPLE, len(titles))) + [a["headline"] for a in ads]
    # As POST /v1/taxonomy/map takes them: at most MAP_TEXT_CHARS characters.
    long = [f"{a['headline']}\n{a['description_text']}"[:MAP_TEXT_CHARS] for a in ads]
    return short, long


def import_seconds() -> float:
    """Wall time of ``import taxonomy.mapping`` in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import taxonomy.mapping; "
    code += "print(time.perf_counter() - t)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return float(done.stdout)


def row(name: str, ours: float, theirs: float, unit: str) -> str:
    """One line: mapper figure, baseline figure, ratio."""
    ratio = ours / theirs if theirs else float("inf")
    return f"{name:<28} {ours:10.3f} {unit:<3} {theirs:10.3f} {unit:<3} {ratio:8.2f}"


def build_rows(snapshot: Snapshot) -> tuple[Mapper, list[str]]:
    """Build the mapper (timed, with memory growth) beside the char-tfidf baseline."""
    before = rss_mib()
    start = time.perf_counter()
    mapper = Mapper.build(
        snapshot.concepts, snapshot.relations, version_label=snapshot.label
    )
    build = time.perf_counter() - start
    grown = rss_mib() - before
    start = time.perf_counter()
    CharTfidfBaseline(mapper.catalogue)
    baseline = time.perf_counter() - start
    return mapper, [
        row("index build (vs char-tfidf)", build, baseline, "s"),
        f"memory: RSS grew {grown:.0f} MiB during the build; total {rss_mib():.0f} MiB",
    ]


def latency_rows(mapper: Mapper, short: list[str], long: list[str]) -> list[str]:
    """p50/p95 of map and autocomplete beside WRatio over occupation labels."""
    labels = [
        fold(c.preferred_label)
        for c in mapper.catalogue.concepts.values()
        if c.type == "occupation-name"
    ]

    def wratio(query: str) -> object:
        return process.extractOne(fold(query), labels, scorer=fuzz.WRatio)

    def wratio_prefix(query: str) -> object:
        return process.extract(fold(query), labels, scorer=fuzz.WRatio, limit=10)

    prefixes = [q[: random.Random(q).randint(2, 8)] for q in short]
    for query in short[:50]:  # warm caches, as a running service would have
        mapper.map(query)
        mapper.autocomplete(query[:4])
    lines = []
    for name, fn, base, queries in (
        ("map short", mapper.map, wratio, short),
        ("map ad (<= 2000 ch)", mapper.map, wratio, long),
        ("autocomplete", mapper.autocomplete, wratio_prefix, prefixes),
    ):
        p50, p95 = percentiles(fn, queries)
        b50, b95 = percentiles(base, queries)
        lines += [
            row(f"{name} p50", p50, b50, "ms"),
            row(f"{name} p95", p95, b95, "ms"),
        ]
    return lines


def main(argv: Sequence[str]) -> None:
    """Run the benchmark and print the table."""
    shared = Path(argv[0]) if argv else REPO / ".." / "shared"
    snapshot = read_snapshot(shared / "taxonomy")
    short, long = load_queries(shared)
    mapper, build = build_rows(snapshot)
    lines = [
        f"taxonomy {mapper.taxonomy_version}: {len(mapper.catalogue.entries)} entries; "
        f"{len(short)} short and {len(long)} long queries; p50/p95 in ms",
        f"{'figure':<28} {'mapper':>14} {'baseline':>14} {'ratio':>8}",
        *latency_rows(mapper, short, long),
        *build,
        f"import taxonomy.mapping: {import_seconds():.2f} s",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
