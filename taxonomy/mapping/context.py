"""Which SSYK-4 group the words of a longer text point to.

Each group gets a profile document built from the taxonomy alone: its label, its
definition (without the "Hit hör inte" exclusions), the labels of its active
occupation-names and of the skills related to it. A text's word features are
compared with every profile by TF-IDF cosine; scores are divided by the best one,
so the group the text fits best has context 1.
"""

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from taxonomy.mapping.index import GROUP, OCCUPATION, SKILL
from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.tfidf import Tfidf
from taxonomy.models import Concept, Relation

EXCLUSIONS_MARKER = "Hit hör inte"
ISCO = "isco-level-4"


def group_documents(
    concepts: Iterable[Concept], relations: Iterable[Relation]
) -> dict[str, list[str]]:
    """Collect the texts that describe each active SSYK-4 group."""
    by_id = {c.id: c for c in concepts}
    documents = {
        c.id: [c.preferred_label, _without_exclusions(c.definition)]
        for c in by_id.values()
        if c.type == GROUP and not c.deprecated
    }
    for r in relations:
        source, target = by_id.get(r.source_id), by_id.get(r.target_id)
        if source is None or target is None:
            continue
        if (
            r.relation == "broader"
            and target.id in documents
            and source.type == OCCUPATION
        ):
            # A deprecated title still says how the group's work is named.
            documents[target.id].extend(
                (source.preferred_label, *source.alternative_labels)
            )
        elif (
            r.relation == "related" and source.id in documents and not target.deprecated
        ):
            if target.type == SKILL:
                documents[source.id].append(target.preferred_label)
            elif target.type == ISCO:
                documents[source.id].append(_without_exclusions(target.definition))
    return documents


def _without_exclusions(definition: str | None) -> str:
    return (definition or "").split(EXCLUSIONS_MARKER)[0]


def _identity(features: Sequence[str]) -> Sequence[str]:
    return features


class GroupContext:
    """TF-IDF profiles of the SSYK-4 groups over lexicon word features."""

    def __init__(self, documents: dict[str, list[str]], lexicon: Lexicon) -> None:
        self._ids = list(documents)
        features = [
            [
                f
                for text in texts
                for term in lexicon.analyse(text)
                for f in term.features
            ]
            for texts in documents.values()
        ]
        self._vectoriser: Tfidf[Sequence[str]] = Tfidf(_identity)
        self._profiles_t = sparse.csr_matrix(self._vectoriser.fit_transform(features).T)
        idf = self._vectoriser.idf
        self._idf = {f: float(idf[i]) for f, i in self._vectoriser.vocabulary.items()}
        self._max_idf = float(idf.max())

    def weight(self, term: Term) -> float:
        """How specific a word is across group profiles (IDF); unknown words weigh most.

        "företag" or "kund" occur in many profiles and say little about which sibling
        an ad means; "telefon" occurs in few.
        """
        known = [self._idf[f] for f in term.features if f in self._idf]
        return min(known) if known else self._max_idf

    def weight_of(self, feature: str) -> float:
        """IDF of one word feature across group profiles; unknown words weigh most."""
        return self._idf.get(feature, self._max_idf)

    def scores(self, features: Sequence[str]) -> dict[str, float]:
        """Return group id -> context in [0, 1] for a text's word features."""
        query = self._vectoriser.transform(features)
        cosines = np.asarray((query @ self._profiles_t).toarray()[0])
        best = float(cosines.max()) if len(cosines) else 0.0
        if best <= 0:
            return {}
        return {self._ids[i]: float(cosines[i]) / best for i in np.flatnonzero(cosines)}
