"""The taxonomy as arrays: concept ids become indices, relations become matrices.

The service builds one `Concepts` per taxonomy version from its graph, so that this
package never imports `taxonomy`:

* occupations (occupation-names and SSYK-4 groups) carry the index of their SSYK-4
  group, SSYK-3 group and occupation field (-1 when unknown);
* `substitutes[sought, similar]` is the score of a candidate who has `similar` when
  `sought` is asked for. JobTech's substitutability runs from the sought occupation
  to the similar one and has two levels: 75 (high, scored 0.75) and 25 (low, 0.4);
* `group_skills[g, s]` (and its transpose `skill_groups`) is 1 where the taxonomy
  relates SSYK-4 group `g` to skill `s` (suggestions without weights, so they are
  only ever low-weight evidence);
* `skill_weight[s]` is a smoothed IDF of the skill over those relations,
  ``log((N + 1) / (n + 1)) / log(N + 1)`` with N the groups having any skill and n
  those having this one (as `taxonomy.graph.skill_weight`), floored at
  `SKILL_WEIGHT_FLOOR` so that a skill every group lists still counts a little;
* `licence_grants[c]` is the bit set of licence categories that category `c`
  grants, itself included (C also grants C1, B and AM...).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

HIGH_SUBSTITUTE = 0.75
LOW_SUBSTITUTE = 0.4
HIGH_PERCENT = 75
SKILL_WEIGHT_FLOOR = 0.1

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Occupation:
    """One occupation-name or SSYK-4 concept and the groups above it."""

    id: str
    ssyk4: str | None = None
    ssyk3: str | None = None
    field: str | None = None


class Vocabulary:
    """Concept ids in a fixed order; an id's position is its index."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = tuple(ids)
        self._index = {concept_id: i for i, concept_id in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def index(self, concept_id: str) -> int | None:
        """Return the index of `concept_id`, or None if it is not known."""
        return self._index.get(concept_id)


@dataclass(frozen=True, eq=False)
class Concepts:
    """One taxonomy version as vocabularies and matrices; build with `build`."""

    version: str
    occupations: Vocabulary
    groups: Vocabulary
    skills: Vocabulary
    municipalities: Vocabulary
    regions: Vocabulary
    languages: Vocabulary
    licences: Vocabulary
    occupation_group: IntArray
    occupation_ssyk3: IntArray
    occupation_field: IntArray
    substitutes: sp.csr_matrix
    group_skills: sp.csr_matrix
    skill_groups: sp.csr_matrix
    skill_weight: FloatArray
    municipality_region: IntArray
    licence_grants: npt.NDArray[np.int64]

    @classmethod
    def build(
        cls,
        *,
        version: str,
        occupations: Sequence[Occupation],
        skills: Sequence[str],
        group_skills: Iterable[tuple[str, str]],
        substitutes: Iterable[tuple[str, str, int]],
        municipalities: Sequence[tuple[str, str | None]],
        languages: Sequence[str],
        licences: Mapping[str, Iterable[str]],
    ) -> "Concepts":
        """Index a taxonomy version.

        `substitutes` are (sought, similar, percentage) triples, `municipalities`
        (municipality, region) pairs and `licences` maps each category code to
        the categories it implies. Relations naming unknown ids are left out.
        """
        occ = Vocabulary(o.id for o in occupations)
        groups = Vocabulary(sorted({o.ssyk4 for o in occupations if o.ssyk4}))
        skill_vocab = Vocabulary(skills)
        regions = Vocabulary(sorted({r for _, r in municipalities if r}))
        matrix = _group_skill_matrix(groups, skill_vocab, group_skills)
        return cls(
            version=version,
            occupations=occ,
            groups=groups,
            skills=skill_vocab,
            municipalities=Vocabulary(m for m, _ in municipalities),
            regions=regions,
            languages=Vocabulary(languages),
            licences=Vocabulary(licences),
            occupation_group=_codes([o.ssyk4 for o in occupations], groups),
            occupation_ssyk3=_codes([o.ssyk3 for o in occupations]),
            occupation_field=_codes([o.field for o in occupations]),
            substitutes=_substitute_matrix(occ, substitutes),
            group_skills=matrix,
            skill_groups=matrix.T.tocsr(),
            skill_weight=_skill_weights(matrix),
            municipality_region=_codes([r for _, r in municipalities], regions),
            licence_grants=_licence_grants(licences),
        )


def _codes(values: Sequence[str | None], vocab: Vocabulary | None = None) -> IntArray:
    """Index of each value in `vocab` (or in its own sorted set), -1 for None."""
    known = vocab or Vocabulary(sorted({v for v in values if v}))
    found = (known.index(v) if v else None for v in values)
    return np.array([-1 if i is None else i for i in found], dtype=np.int32)


def _group_skill_matrix(
    groups: Vocabulary, skills: Vocabulary, pairs: Iterable[tuple[str, str]]
) -> sp.csr_matrix:
    cells = {
        (g, s)
        for group_id, skill_id in pairs
        if (g := groups.index(group_id)) is not None
        and (s := skills.index(skill_id)) is not None
    }
    rows, cols = (
        (list(axis) for axis in zip(*cells, strict=True)) if cells else ([], [])
    )
    ones = np.ones(len(rows))
    return sp.csr_matrix((ones, (rows, cols)), shape=(len(groups), len(skills)))


def _substitute_matrix(
    occupations: Vocabulary, triples: Iterable[tuple[str, str, int]]
) -> sp.csr_matrix:
    # Duplicates keep their best level: a COO build would add them up instead.
    best: dict[tuple[int, int], float] = {}
    for sought_id, similar_id, percent in triples:
        sought, similar = occupations.index(sought_id), occupations.index(similar_id)
        if sought is None or similar is None or sought == similar:
            continue
        score = HIGH_SUBSTITUTE if percent >= HIGH_PERCENT else LOW_SUBSTITUTE
        best[sought, similar] = max(score, best.get((sought, similar), 0.0))
    rows = [r for r, _ in best]
    cols = [c for _, c in best]
    size = len(occupations)
    return sp.csr_matrix((list(best.values()), (rows, cols)), shape=(size, size))


def _skill_weights(group_skills: sp.csr_matrix) -> FloatArray:
    skilled = int(np.count_nonzero(np.diff(group_skills.indptr)))
    if skilled == 0:
        return np.ones(group_skills.shape[1])
    holders = np.bincount(group_skills.indices, minlength=group_skills.shape[1])
    idf = np.log((skilled + 1) / (holders + 1)) / math.log(skilled + 1)
    return np.maximum(idf, SKILL_WEIGHT_FLOOR)


def _licence_grants(licences: Mapping[str, Iterable[str]]) -> npt.NDArray[np.int64]:
    bit = {code: 1 << i for i, code in enumerate(licences)}
    grants = [
        bit[code] | sum(bit[implied] for implied in set(implies) if implied in bit)
        for code, implies in licences.items()
    ]
    return np.array(grants, dtype=np.int64)
