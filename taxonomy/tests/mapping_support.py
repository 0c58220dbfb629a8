"""Shared set-up for the mapper tests: one Mapper over the shared snapshot."""

from functools import lru_cache

from taxonomy.mapping import Mapper
from taxonomy.snapshot import read_snapshot
from taxonomy.tests.snapshot_support import require_shared_taxonomy


@lru_cache(maxsize=1)
def _mapper() -> Mapper:
    snapshot = read_snapshot(require_shared_taxonomy())
    return Mapper.build(
        snapshot.concepts, snapshot.relations, version_label=snapshot.label
    )


def snapshot_mapper() -> Mapper:
    """Return the Mapper over the shared snapshot (built once), or skip without it."""
    require_shared_taxonomy()
    return _mapper()
