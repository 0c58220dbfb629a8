"""Ranking for longer texts: an ad (headline + description), a self-description.

A long text is split into a *headline* (its first line, or else its first
sentence, when short) and the whole text. Candidates come from both. Each
candidate label gets

    score = 0.50 * headline score      (the short-text score of ``rerank``)
          + 0.25 * text coverage       (label coverage by all words of the text)
          + 0.25 * group context       (``context``: how well the text fits the
                                        candidate's SSYK-4 group, best group = 1)

so a headline "Säljare" with "ringa kunder via telefon" in the text lands on a
telephone-sales occupation, and a text without an occupation word in its headline
still finds one from its body and its group. Skills have no group context; their
weights are 0.5 headline and 0.5 text coverage.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from taxonomy.mapping.context import GroupContext
from taxonomy.mapping.normalise import tokenize
from taxonomy.mapping.query import Query
from taxonomy.mapping.rerank import (
    Scored,
    best_per_concept,
    label_coverage,
    score_entry,
)
from taxonomy.mapping.retrieval import LabelSearch

HEADLINE_MAX_WORDS = 20
CANDIDATES = 80
OCCUPATION_WEIGHTS = (0.50, 0.25, 0.25)
SKILL_WEIGHTS = (0.50, 0.50, 0.0)
_SENTENCE = re.compile(r"[^.!?\n]*[.!?\n]")


def split_headline(text: str) -> tuple[str, str]:
    """Return (headline, rest).

    The headline is the first line when short, else the first sentence, cut after
    ``HEADLINE_MAX_WORDS`` words: texts name their subject first ("Svetsning avser
    ...", "Undersköterska till ...").
    """
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    if rest and len(tokenize(first)) <= HEADLINE_MAX_WORDS:
        return first, rest
    sentence = _SENTENCE.match(stripped)
    end = sentence.end() if sentence else len(stripped)
    words = tokenize(stripped[:end])
    if len(words) > HEADLINE_MAX_WORDS:
        end = words[HEADLINE_MAX_WORDS - 1].end
    return stripped[:end], stripped[end:]


@dataclass(frozen=True)
class LongTextRanker:
    """Combines headline, text coverage and group context for one family."""

    search: LabelSearch
    context: GroupContext | None
    group_of: Callable[[str], str | None]

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
        context = self.context.scores(full.features) if self.context else {}
        weights = OCCUPATION_WEIGHTS if self.context else SKILL_WEIGHTS
        text_weight = self.context.weight if self.context else search.weight
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
            text = label_coverage(entry, text_features, text_weight, strict=True)
            group = context.get(self.group_of(entry.concept_id) or "", 0.0)
            parts = (head.score if headline.terms else 0.0, text, group)
            score = sum(w * p for w, p in zip(weights, parts, strict=True))
            scored.append(
                replace(head, score=score, label_coverage=text, context=group)
            )
        return best_per_concept(sorted(scored, key=Scored.sort_key))
