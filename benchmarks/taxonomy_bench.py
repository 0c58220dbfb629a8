"""Taxonomy load figures on this machine: snapshot import into SQLite, graph and mapper
build, memory of the graph, and lookup latency, each beside a baseline from the same
run (parsing the JSON lines alone; a dict lookup).

    .venv/bin/python benchmarks/taxonomy_bench.py [SNAPSHOT_FOLDER]
"""

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from service.db import Database
from service.migrate import upgrade
from taxonomy import Mapper, TaxonomyGraph, read_snapshot, store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "taxonomy"


def _seconds(started: float) -> float:
    return time.perf_counter() - started


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    started = time.perf_counter()
    for name in ("concepts.jsonl", "relations.jsonl"):
        with (folder / name).open(encoding="utf-8") as lines:
            for line in lines:
                json.loads(line)
    parse_only = _seconds(started)

    started = time.perf_counter()
    snapshot = read_snapshot(folder)
    read = _seconds(started)
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{tmp}/bench.db")
        upgrade(database.engine)
        started = time.perf_counter()
        with database.writer.begin() as connection:
            store.import_version(
                connection,
                snapshot.concepts,
                snapshot.relations,
                label=snapshot.label,
                source=snapshot.source,
            )
        imported = _seconds(started)
        database.dispose()

    tracemalloc.start()
    started = time.perf_counter()
    graph = TaxonomyGraph.build(
        snapshot.concepts, snapshot.relations, version_label="bench"
    )
    graph_build = _seconds(started)
    graph_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    started = time.perf_counter()
    Mapper.build(snapshot.concepts, snapshot.relations, version_label="bench")
    mapper_build = _seconds(started)

    ids = [
        concept.id for concept in snapshot.concepts if concept.type == "occupation-name"
    ]
    by_id = {concept.id: concept for concept in snapshot.concepts}
    started = time.perf_counter()
    for concept_id in ids:
        graph.broader_chain(concept_id)
        graph.substitutes(concept_id)
    lookup_us = _seconds(started) / len(ids) * 1e6
    started = time.perf_counter()
    for concept_id in ids:
        by_id.get(concept_id)
    dict_us = _seconds(started) / len(ids) * 1e6

    figures = {
        "concepts": len(snapshot.concepts),
        "relations": len(snapshot.relations),
        "json_parse_s": round(parse_only, 2),
        "read_snapshot_s": round(read, 2),
        "import_sqlite_s": round(imported, 2),
        "import_vs_parse_ratio": round(imported / parse_only, 2),
        "graph_build_s": round(graph_build, 2),
        "graph_memory_mb": round(graph_bytes / 2**20, 1),
        "mapper_build_s": round(mapper_build, 2),
        "lookup_us": round(lookup_us, 1),
        "lookup_vs_dict_ratio": round(lookup_us / dict_us, 1),
    }
    for key, value in figures.items():
        sys.stdout.write(f"{key:>24}: {value}\n")
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
