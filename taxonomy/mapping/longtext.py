"""Skills for a longer text: a training description, a self-description.

A long text is split into a *headline* (``headline.split_headline``) and the
whole text. Candidates come from both. Each candidate label gets

    score = 0.5 * headline score   (the short-text score of ``rerank``)
          + 0.5 * text coverage    (label coverage by all words of the text)

so a definition that names its skill in its first words ("Svetsning avser ...")
finds it, and a text that only describes it still finds the labels whose words it
uses. Occupations have their own ranking (``occupation_text``).
"""

from dataclasses import dataclass, replace

from taxonomy.mapping.query import Query
from taxonomy.mapping.rerank import (
    Scored,
    best_per_concept,
    label_coverage,
    score_entry,
)
from taxonomy.mapping.retrieval import LabelSearch

CANDIDATES = 80
HEADLINE_WEIGHT = 0.5


@dataclass(frozen=True)
class LongTextRanker:
    """Combines the headline score and the text coverage of skill labels."""

    search: LabelSearch

    def rank(self, headline: Query, full: Query) -> list[Scored]:
        """Rank concepts for a long text, best first."""
        search = self.search
        hits = search.search(headline.text, headline.features, CANDIDATES)
        hits += search.search("", full.features, CANDIDATES)
        char_cosine: dict[int, float] = {}
        for hit in hits:
            char_cosine[hit.position] = max(
                hit.char_cosine, char_cosine.get(hit.position, 0.0)
            )
        head_features = frozenset(headline.features)
        text_features = frozenset(full.features)
        scored = []
        for index, cosine in char_cosine.items():
            entry = search.entries[index]
            head = score_entry(
                headline.text,
                headline.terms,
                head_features,
                entry,
                cosine,
                search.weight,
            )
            text = label_coverage(entry, text_features, search.weight, strict=True)
            head_score = head.score if headline.terms else 0.0
            score = HEADLINE_WEIGHT * head_score + (1 - HEADLINE_WEIGHT) * text
            scored.append(replace(head, score=score, label_coverage=text))
        return best_per_concept(sorted(scored, key=Scored.sort_key))
