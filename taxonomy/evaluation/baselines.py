"""The two baselines the harness runs beside the mapper, and a common interface.

Both search only the preferred labels of the active concepts of the target type:
- ``wratio``: rapidfuzz ``WRatio`` best label (confidence = score / 100);
- ``char-tfidf``: character 2-4-gram TF-IDF nearest label (confidence = cosine).
Neither abstains.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from taxonomy.mapping.calibration import ABSTAIN_BELOW
from taxonomy.mapping.index import GROUP, Catalogue
from taxonomy.mapping.mapper import Mapper
from taxonomy.mapping.normalise import fold
from taxonomy.mapping.tfidf import Tfidf, char_ngrams

# Deep enough to hold three distinct SSYK-4 groups in nearly every ranking.
TOP = 10


@dataclass(frozen=True, slots=True)
class Ranked:
    """A system's answer: concept ids best first, the top confidence, abstention.

    ``group_confidence`` is the confidence that the top answer's SSYK-4 group is
    right, where the system tells it apart.
    """

    ids: list[str]
    confidence: float
    abstained: bool
    group_confidence: float | None = None


class System(Protocol):
    """Anything the harness can evaluate."""

    name: str

    def rank(self, text: str, target_type: str) -> Ranked:
        """Rank concepts of ``target_type`` for ``text``."""
        ...


class MapperSystem:
    """The mapper under evaluation."""

    name = "mapper"

    def __init__(self, mapper: Mapper) -> None:
        self._mapper = mapper

    def rank(self, text: str, target_type: str) -> Ranked:
        """Rank with :meth:`Mapper.map`."""
        if target_type == "skill":
            result, group = self._mapper.map(text, type="skill", limit=TOP), None
        else:
            result, group = self._mapper.map_occupation_and_group(text, limit=TOP)
        confidence = result.matches[0].confidence if result.matches else 0.0
        abstained = result.abstained or confidence < ABSTAIN_BELOW
        return Ranked(
            [m.concept_id for m in result.matches],
            confidence,
            abstained,
            group.matches[0].confidence if group and group.matches else None,
        )


class _LabelBaseline:
    def __init__(self, catalogue: Catalogue) -> None:
        self._ids: dict[str, list[str]] = {}
        self._labels: dict[str, list[str]] = {}
        for info in catalogue.concepts.values():
            if info.type not in (GROUP, "municipality", "region", "country"):
                self._ids.setdefault(info.type, []).append(info.id)
                self._labels.setdefault(info.type, []).append(
                    fold(info.preferred_label)
                )


class WRatioBaseline(_LabelBaseline):
    """rapidfuzz WRatio against every preferred label."""

    name = "wratio"

    def rank(self, text: str, target_type: str) -> Ranked:
        """Return the best labels by WRatio."""
        hits = process.extract(
            fold(text), self._labels[target_type], scorer=fuzz.WRatio, limit=TOP
        )
        ids = [self._ids[target_type][i] for _, _, i in hits]
        return Ranked(ids, hits[0][1] / 100.0 if hits else 0.0, False)


class CharTfidfBaseline(_LabelBaseline):
    """Character n-gram TF-IDF nearest preferred label."""

    name = "char-tfidf"

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(catalogue)
        self._vectorisers: dict[str, Tfidf[str]] = {}
        self._matrices: dict[str, sparse.csr_matrix] = {}
        for kind, labels in self._labels.items():
            vectoriser: Tfidf[str] = Tfidf(char_ngrams)
            self._matrices[kind] = vectoriser.fit_transform(labels)
            self._vectorisers[kind] = vectoriser

    def rank(self, text: str, target_type: str) -> Ranked:
        """Return the labels nearest by cosine."""
        query = self._vectorisers[target_type].transform(fold(text))
        scores = np.asarray((self._matrices[target_type] @ query.T).toarray()).ravel()
        top = np.argsort(-scores, kind="stable")[:TOP]
        ids = [self._ids[target_type][int(i)] for i in top]
        return Ranked(ids, float(scores[top[0]]) if len(top) else 0.0, False)


def baselines(catalogue: Catalogue) -> Sequence[System]:
    """Build both baselines over the same catalogue as the mapper."""
    return (WRatioBaseline(catalogue), CharTfidfBaseline(catalogue))
