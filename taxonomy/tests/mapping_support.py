"""Shared set-up for the mapper tests: one Mapper over the snapshot in ``../shared``."""

import os
from functools import lru_cache
from pathlib import Path

import pytest

from taxonomy.mapping import Mapper
from taxonomy.snapshot import read_snapshot

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """Return ``$JOBBMATCH_SHARED_DIR``, by default ``<repo>/../shared``."""
    return Path(os.environ.get("JOBBMATCH_SHARED_DIR", REPO / ".." / "shared"))


@lru_cache(maxsize=1)
def _mapper() -> Mapper:
    snapshot = read_snapshot(shared_dir() / "taxonomy")
    return Mapper.build(
        snapshot.concepts, snapshot.relations, version_label=snapshot.label
    )


def snapshot_mapper() -> Mapper:
    """Return the Mapper over the shared snapshot (built once), or skip without it."""
    if not (shared_dir() / "taxonomy" / "concepts.jsonl").exists():
        pytest.skip("shared taxonomy snapshot not available")
    return _mapper()
