"""A small TF-IDF vectoriser over scipy sparse matrices.

It computes what scikit-learn's ``TfidfVectorizer`` does with ``smooth_idf=True``,
``sublinear_tf=True`` and ``norm="l2"`` (idf = ln((1 + n) / (1 + df)) + 1), for
character n-grams within words (like ``analyzer="char_wb"``) or for ready-made
feature lists. Written here because importing scikit-learn takes seconds, and a
single query is vectorised faster without its generality.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse

Doc = TypeVar("Doc")


def char_ngrams(text: str, sizes: tuple[int, int] = (2, 4)) -> list[str]:
    """Character n-grams of each space-padded word, as ``char_wb`` makes them."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(sizes[0], sizes[1] + 1):
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


class Tfidf(Generic[Doc]):
    """Fit on documents, then turn documents into L2-normalised TF-IDF rows."""

    def __init__(self, analyzer: Callable[[Doc], Iterable[str]]) -> None:
        self._analyzer = analyzer
        self.vocabulary: dict[str, int] = {}
        self.idf: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)

    def fit_transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        """Learn the vocabulary and IDF from ``docs`` and return their rows."""
        counts = [Counter(self._analyzer(doc)) for doc in docs]
        frequency: Counter[str] = Counter()
        for count in counts:
            frequency.update(count.keys())
        self.vocabulary = {term: i for i, term in enumerate(sorted(frequency))}
        n = len(docs)
        self.idf = np.array(
            [math.log((1 + n) / (1 + frequency[t])) + 1 for t in sorted(frequency)],
            dtype=np.float32,
        )
        rows = [self._entries(count) for count in counts]
        indptr = np.cumsum([0, *(len(columns) for columns, _ in rows)])
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        indices = np.concatenate([empty[0], *(columns for columns, _ in rows)])
        data = np.concatenate([empty[1], *(values for _, values in rows)])
        shape = (len(docs), len(self.vocabulary))
        return sparse.csr_matrix((data, indices, indptr), shape=shape)

    def transform(self, doc: Doc) -> sparse.csr_matrix:
        """Return the 1 x vocabulary row of one document."""
        columns, values = self._entries(Counter(self._analyzer(doc)))
        indptr = np.array([0, len(columns)])
        shape = (1, len(self.vocabulary))
        return sparse.csr_matrix((values, columns, indptr), shape=shape)

    def _entries(
        self, count: Counter[str]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        known = sorted(
            (self.vocabulary[t], c) for t, c in count.items() if t in self.vocabulary
        )
        columns = np.array([i for i, _ in known], dtype=np.int32)
        values = np.array(
            [(1 + math.log(c)) * self.idf[i] for i, c in known], dtype=np.float32
        )
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return columns, values
