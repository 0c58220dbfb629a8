"""Skill coverage: how much of a weighted skill list a candidate covers.

Each required skill s weighs `skill_weight[s]` (its specificity). A candidate earns
the full weight for a skill they hold, `IMPLIED_CREDIT` of it for a skill that the
SSYK-4 group of one of their experience occupations lists (the taxonomy's links are
suggestions, so never full credit), and for `post_training` the full weight for a
skill the track's steps teach. Coverage is earned weight over total weight.

Only candidates that hold or imply a required skill are touched: the rows come from
the skill's CSC column and the columns of the groups that list it, so the cost
follows the number of matches, not the size of the pool.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.columns import Block
from matching.concepts import Concepts, FloatArray
from matching.qualities import IndexArray, column_rows, row_indices
from matching.results import Evidence, Missing

IMPLIED_CREDIT = 0.5


@dataclass(frozen=True, eq=False)
class SkillHits:
    """Per required skill, the rows holding it and the rows only implying it."""

    skills: tuple[int, ...]
    weights: FloatArray
    held: tuple[IndexArray, ...]
    implied: tuple[IndexArray, ...]

    def coverage(self, rows: int, taught: Iterable[int] = ()) -> FloatArray:
        """Coverage per row, counting `taught` skills as held by everyone."""
        total = float(self.weights.sum())
        if total == 0:
            return np.zeros(rows)
        taught = set(taught)
        everyone = 0.0
        hit_rows: list[IndexArray] = [np.zeros(0, np.int32)]
        hit_weights: list[FloatArray] = [np.zeros(0)]
        for skill, weight, held, implied in self._each():
            if skill in taught:
                everyone += weight
                continue
            hit_rows += [held, implied]
            hit_weights += [
                np.full(len(held), weight),
                np.full(len(implied), weight * IMPLIED_CREDIT),
            ]
        earned = np.bincount(
            np.concatenate(hit_rows),
            weights=np.concatenate(hit_weights),
            minlength=rows,
        )
        covered: FloatArray = (earned.astype(np.float64) + everyone) / total
        return covered

    def credit(self, row: int, j: int) -> str | None:
        """'held', 'implied' or None for required skill `j` of one row."""
        for name, rows in (("held", self.held[j]), ("implied", self.implied[j])):
            at = np.searchsorted(rows, row)
            if at < len(rows) and rows[at] == row:
                return name
        return None

    def _each(self) -> Iterable[tuple[int, float, IndexArray, IndexArray]]:
        return zip(
            self.skills, self.weights.tolist(), self.held, self.implied, strict=True
        )


def skill_hits(block: Block, concepts: Concepts, skills: Sequence[int]) -> SkillHits:
    """Find who holds or implies each of `skills` (duplicates dropped)."""
    unique = tuple(dict.fromkeys(skills))
    held, implied = [], []
    for skill in unique:
        holders = column_rows(block.skills, skill)
        # A mark per row rather than np.unique: a common skill is listed by many
        # groups, and marking costs one pass instead of a sort.
        marked = np.zeros(len(block), dtype=bool)
        for group in row_indices(concepts.skill_groups, skill):
            marked[column_rows(block.groups, int(group))] = True
        marked[holders] = False
        held.append(holders)
        implied.append(np.flatnonzero(marked).astype(np.int32))
    weights = concepts.skill_weight[list(unique)] if unique else np.zeros(0)
    return SkillHits(unique, weights, tuple(held), tuple(implied))


def skill_evidence(
    block: Block,
    concepts: Concepts,
    hits: SkillHits,
    row: int,
    requirement: str,
    taught: frozenset[int] = frozenset(),
    after_training: bool = False,
) -> tuple[tuple[Evidence, ...], tuple[Missing, ...]]:
    """What one row holds or implies of the required skills, and what it lacks.

    With `after_training`, a taught skill is evidence; otherwise it is missing,
    flagged as taught.
    """
    evidence: list[Evidence] = []
    missing: list[Missing] = []
    for j, skill in enumerate(hits.skills):
        credit = hits.credit(row, j)
        if credit == "held":
            evidence.append(Evidence(requirement, skill, skill, "held", "skills"))
        elif credit == "implied":
            occupation = _implying_occupation(block, concepts, row, skill)
            evidence.append(
                Evidence(requirement, skill, occupation, "implied", "experience")
            )
        elif after_training and skill in taught:
            evidence.append(Evidence(requirement, skill, skill, "taught", "track"))
        else:
            missing.append(Missing(requirement, skill, skill in taught))
    return tuple(evidence), tuple(missing)


def _implying_occupation(block: Block, concepts: Concepts, row: int, skill: int) -> int:
    groups = set(row_indices(concepts.skill_groups, skill).tolist())
    span = slice(block.experience.indptr[row], block.experience.indptr[row + 1])
    occupations: list[int] = block.experience.indices[span].tolist()
    return min(o for o in occupations if int(concepts.occupation_group[o]) in groups)
