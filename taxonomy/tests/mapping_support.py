"""Shared set-up for the mapper tests: the snapshot in ``../shared`` and one Mapper."""

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

from taxonomy.mapping import Mapper
from taxonomy.models import CODE_FIELDS, Concept, Relation

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """Return the shared data folder (``JOBBMATCH_SHARED_DIR`` or ``<repo>/../shared``)."""
    return Path(os.environ.get("JOBBMATCH_SHARED_DIR", REPO / ".." / "shared"))


def _load() -> tuple[list[Concept], list[Relation]]:
    folder = shared_dir() / "taxonomy"
    concepts = []
    for line in (folder / "concepts.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        codes = {k: str(row[k]) for k in CODE_FIELDS if row.get(k)}
        concepts.append(Concept.model_validate({**row, "codes": codes}))
    relations = [
        Relation.model_validate(json.loads(line))
        for line in (folder / "relations.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    return concepts, relations


@lru_cache(maxsize=1)
def _mapper() -> Mapper:
    concepts, relations = _load()
    return Mapper.build(concepts, relations, version_label="snapshot")


def snapshot_mapper() -> Mapper:
    """Return the Mapper over the shared snapshot, or skip when it is absent."""
    if not (shared_dir() / "taxonomy" / "concepts.jsonl").exists():
        pytest.skip("shared taxonomy snapshot not available")
    return _mapper()
