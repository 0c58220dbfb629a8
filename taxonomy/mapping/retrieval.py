"""Fast candidate retrieval: character n-gram and word-feature TF-IDF over entries.

Both matrices are stored transposed (feature x entry, CSR), so scoring a query
touches only the rows of the features the query has: a sparse row times a sparse
matrix, well under a millisecond for the whole taxonomy.
"""

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import sparse

from taxonomy.mapping.index import Entry
from taxonomy.mapping.lexicon import Term
from taxonomy.mapping.tfidf import Tfidf, char_ngrams

UNSEEN_WEIGHT = 1.0
Scores = npt.NDArray[np.float32]


class Hit(NamedTuple):
    """A retrieved entry and its character n-gram cosine with the query."""

    position: int
    char_cosine: float


def _identity(features: Sequence[str]) -> Sequence[str]:
    return features


class LabelSearch:
    """TF-IDF retrieval over one family of entries (occupations, skills or places)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self._chars: Tfidf[str] = Tfidf(char_ngrams)
        self._words: Tfidf[Sequence[str]] = Tfidf(_identity)
        chars = self._chars.fit_transform([e.text for e in self.entries])
        words = self._words.fit_transform([e.features for e in self.entries])
        self._chars_t = sparse.csr_matrix(chars.T)
        self._words_t = sparse.csr_matrix(words.T)
        idf = self._words.idf
        self.idf = {
            feature: float(idf[i]) for feature, i in self._words.vocabulary.items()
        }

    def weight(self, term: Term) -> float:
        """IDF weight of a word: its rarest known feature; unknown words weigh little.

        Words no label of this family contains ("bemanningsuppdrag", "asdfgh") are not
        what the text is about, so they barely dilute the coverage of the others.
        """
        known = [self.idf[f] for f in term.features if f in self.idf]
        return max(known) if known else UNSEEN_WEIGHT

    def char_scores(self, text: str) -> Scores:
        """Cosine of the query's character n-grams with every entry."""
        return self._scores(self._chars.transform(text), self._chars_t)

    def word_scores(self, features: Sequence[str]) -> Scores:
        """Cosine of the query's word features with every entry."""
        return self._scores(self._words.transform(features), self._words_t)

    def _scores(self, query: sparse.csr_matrix, matrix_t: sparse.csr_matrix) -> Scores:
        product = query @ matrix_t
        return np.asarray(product.toarray()[0], dtype=np.float32)

    def search(self, text: str, features: Sequence[str], k: int) -> list[Hit]:
        """Return the ``k`` entries closest by the sum of both cosines, best first."""
        if not text and not features:
            return []
        chars = self.char_scores(text)
        combined = chars + self.word_scores(features)
        k = min(k, len(combined))
        top = np.argpartition(-combined, k - 1)[:k]
        order = top[np.argsort(-combined[top], kind="stable")]
        return [Hit(int(i), float(chars[i])) for i in order if combined[i] > 0]
