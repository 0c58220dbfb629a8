"""Snapshots and graphs for the snapshot, store, graph and validation tests.

"mini" is a 31-concept subset of the shared snapshot kept in ``fixtures/``, so the
tests run without ``../shared``; "shared" is the full snapshot and is skipped when
that folder is absent.
"""

import os
from functools import lru_cache
from pathlib import Path

import pytest

from taxonomy.graph import TaxonomyGraph
from taxonomy.snapshot import Snapshot, read_snapshot

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOT_NAMES = ("mini", "shared")


def shared_taxonomy_dir() -> Path:
    """Return ``$JOBBMATCH_SHARED_DIR/taxonomy`` (default ``<repo>/../shared``)."""
    shared = os.environ.get("JOBBMATCH_SHARED_DIR", str(REPO / ".." / "shared"))
    return Path(shared) / "taxonomy"


def snapshot(name: str) -> Snapshot:
    """Return the "mini" or "shared" snapshot, skipping when shared data is absent."""
    if name == "shared" and not (shared_taxonomy_dir() / "concepts.jsonl").exists():
        pytest.skip("shared taxonomy snapshot not available")
    return _read(name)


def graph(name: str) -> TaxonomyGraph:
    """Return the graph of the "mini" or "shared" snapshot (built once per run)."""
    snapshot(name)
    return _build(name)


@lru_cache(maxsize=2)
def _read(name: str) -> Snapshot:
    folder = FIXTURES / "mini_snapshot" if name == "mini" else shared_taxonomy_dir()
    return read_snapshot(folder)


@lru_cache(maxsize=2)
def _build(name: str) -> TaxonomyGraph:
    read = _read(name)
    return TaxonomyGraph.build(read.concepts, read.relations, version_label=read.label)
