"""The candidate pool: blocks of columns, kept current one write at a time.

A write never rewrites the big matrices. `upsert` clears the candidates' old rows in
their blocks (a tombstone in `Block.active`) and appends the new profiles as one
block; `remove` only sets the tombstone. Ranking reads every block, so a write is
reflected in the very next shortlist. To keep the number of blocks small, once there
are more than `MAX_BLOCKS` the small blocks are merged into one, and when that one
reaches `1 / MERGE_RATIO` of the base block everything is merged, dropping the
tombstones: each row is copied O(log n) times in all, as in a log-structured merge.

Order never depends on the layout: ties are broken by keys derived from the ref,
so a pool that took a thousand writes ranks exactly as one built from scratch.
"""

from collections.abc import Iterable, Iterator

from matching.columns import Block, build_block, concat_blocks
from matching.concepts import Concepts
from matching.profiles import CandidateProfile

MAX_BLOCKS = 8
MERGE_RATIO = 8


class DuplicateRef(ValueError):
    """Two profiles given to one build share a ref."""


class Pool:
    """Every candidate a process can rank, as blocks of columns."""

    def __init__(
        self, concepts: Concepts, profiles: Iterable[CandidateProfile] = ()
    ) -> None:
        self.concepts = concepts
        listed = list(profiles)
        self._blocks: list[Block] = [build_block(listed, concepts)]
        self._where: dict[str, tuple[int, int]] = {}
        for row, profile in enumerate(listed):
            if profile.ref in self._where:
                raise DuplicateRef(profile.ref)
            self._where[profile.ref] = (0, row)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, ref: object) -> bool:
        return ref in self._where

    def __iter__(self) -> Iterator[Block]:
        """The blocks, in order; rows with `active` False are not in the pool."""
        return iter(self._blocks)

    def upsert(self, *profiles: CandidateProfile) -> None:
        """Add the candidates, or replace those with the same refs (of several
        given with one ref, the last), as one new block."""
        latest = list({profile.ref: profile for profile in profiles}.values())
        if not latest:
            return
        for profile in latest:
            self.remove(profile.ref)
        self._blocks.append(build_block(latest, self.concepts))
        block = len(self._blocks) - 1
        self._where.update((p.ref, (block, row)) for row, p in enumerate(latest))
        if len(self._blocks) > MAX_BLOCKS:
            self._compact()

    def remove(self, ref: str) -> bool:
        """Drop the candidate; return whether it was in the pool."""
        found = self._where.pop(ref, None)
        if found is None:
            return False
        block, row = found
        self._blocks[block].active[row] = False
        return True

    def _compact(self) -> None:
        base, *small = self._blocks
        tail = concat_blocks(small)
        if len(tail) * MERGE_RATIO < len(base):
            # Rows of the base block keep their place; only the tail's are new.
            self._blocks = [base, tail]
            self._where.update((ref, (1, row)) for row, ref in enumerate(tail.refs))
            return
        merged = concat_blocks([base, tail])
        self._blocks = [merged]
        self._where = {ref: (0, row) for row, ref in enumerate(merged.refs)}
