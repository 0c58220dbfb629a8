"""Re-ranking of retrieved entries by explainable word coverage.

For a short text (a job title, a headline) each retrieved entry gets

    score = kind_factor * (0.40 * query_coverage + 0.35 * label_coverage
                           + 0.15 * char_cosine + 0.10 * edit_similarity)

- *query coverage*: the IDF-weighted share of the query's words found in the label;
  a word counts fully when one of its forms (lemma, singular) is a label feature,
  0.7 when only its compound head is ("lastbilschaufför" vs "Chaufför"), 0.3 when
  only its modifier is;
- *label coverage*: the same, from the label's side, so "Snickare" beats
  "Byggnadssnickare" for the query "snickare";
- *char cosine*: the character 2-4-gram TF-IDF cosine (typos, compounds);
- *edit similarity*: rapidfuzz ``ratio`` of the folded texts.

``kind_factor`` prefers a concept's own labels to deprecated, keyword and group
labels (see ``index``). Every component is kept, so a match can say why it won.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from taxonomy.mapping.index import Entry
from taxonomy.mapping.lexicon import Term
from taxonomy.mapping.retrieval import Hit

HEAD_CREDIT = 0.7
MODIFIER_CREDIT = 0.3
WEIGHTS = (0.40, 0.35, 0.15, 0.10)
KIND_FACTOR = {
    "preferred": 1.0,
    "alternative": 1.0,
    "slash-part": 1.0,
    "former": 0.97,
    "deprecated-successor": 0.97,
    "keyword": 0.93,
    "deprecated-same-group": 0.92,
    "group-label": 0.90,
    "place": 1.0,
}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_FACTOR)}


@dataclass(frozen=True, slots=True)
class Scored:
    """One entry with its score and the components of the score."""

    entry: Entry
    score: float
    query_coverage: float
    label_coverage: float
    char_cosine: float

    def sort_key(self) -> tuple[float, int, int, str]:
        """Best first; ties go to own labels, then shorter (more general) labels."""
        return (-self.score, KIND_ORDER[self.entry.kind], len(self.entry.label), self.entry.label)


def credit(term: Term, features: frozenset[str]) -> float:
    """How much of ``term`` the feature set covers (1, head, modifier or 0)."""
    if any(f in features for f in term.forms):
        return 1.0
    if term.parts and term.parts[-1] in features:
        return HEAD_CREDIT
    if any(p in features for p in term.parts[:-1]):
        return MODIFIER_CREDIT
    return 0.0


def coverage(
    terms: Sequence[Term], features: frozenset[str], weight: Callable[[str], float]
) -> float:
    """IDF-weighted share of ``terms`` covered by ``features``."""
    weights = [weight(t.forms[0]) for t in terms]
    total = sum(weights)
    if total == 0:
        return 0.0
    return sum(w * credit(t, features) for w, t in zip(weights, terms, strict=True)) / total


def score_entries(
    query_text: str,
    query_terms: Sequence[Term],
    entries: Sequence[Entry],
    hits: Iterable[Hit],
    weight: Callable[[str], float],
) -> list[Scored]:
    """Score retrieved entries against a short query, best first."""
    query_features = frozenset(f for t in query_terms for f in t.features)
    scored = []
    for hit in hits:
        entry = entries[hit.index]
        label_features = frozenset(entry.features)
        q_cover = coverage(query_terms, label_features, weight)
        l_cover = coverage(entry.terms, query_features, weight)
        similarity = fuzz.ratio(query_text, entry.text) / 100.0
        parts = (q_cover, l_cover, hit.char_cosine, similarity)
        raw = sum(w * p for w, p in zip(WEIGHTS, parts, strict=True))
        scored.append(Scored(entry, KIND_FACTOR[entry.kind] * raw, q_cover, l_cover, hit.char_cosine))
    return sorted(scored, key=Scored.sort_key)


def best_per_concept(scored: Iterable[Scored]) -> list[Scored]:
    """Keep the best entry of each concept, in ranking order."""
    seen: set[str] = set()
    best = []
    for item in scored:
        if item.entry.concept_id not in seen:
            seen.add(item.entry.concept_id)
            best.append(item)
    return best
