"""Occupations for a longer text: an ad (headline + description), a self-description.

The headline names the occupation, the description says which of its siblings is
meant ("Säljare" + "du säljer via telefon" is a telephone seller). Each candidate
label gets

    score = 0.45 * headline   (best short-text score of the label, ``rerank``, over
                               the headline and each of its phrases, ``headline``)
          + 0.10 * evidence   (the label's words that the headline did not cover,
                               found anywhere in the text, weighted by how specific
                               they are: "telefon" in "Telefonförsäljare" counts,
                               "företag" in "Företagssäljare" hardly; times the
                               headline's coverage, so a label is not assembled
                               from scattered words of a long text)
          + 0.25 * context    (how well the text fits the label's SSYK-4 group,
                               ``context``; best group = 1)
          + 0.10 * mentions   (the label named word for word in the text,
                               1 for three mentions or more)
          + 0.02 * prior      (generality, see ``index``)

Then each candidate gains a tenth of the score of the best other candidate of its
SSYK-4 group (``rerank.with_group_support``): a generic headline ("Säljare")
fits several siblings of one group, and that group is likelier than a lone label
that leads by one stray word of the text.

The headline score leaves out its character-similarity part: in a long text it
measures how a label is spelt, not what the text is about. Candidates come from
the headline and its phrases, from the words of the whole text and from the labels
the description names. The weights were chosen on the training half of the real
job ads (``taxonomy.evaluation.sets``) and checked on the other half; so was the
group support (0.1: 0.05 did nothing, 0.2 or more cost definitions of ``p80-yv``).
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from taxonomy.mapping.context import GroupContext
from taxonomy.mapping.extract import PhraseIndex, best_target
from taxonomy.mapping.headline import headline_units, split_headline
from taxonomy.mapping.index import ConceptInfo, Entry
from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.query import Query
from taxonomy.mapping.rerank import (
    Scored,
    best_per_concept,
    score_entry,
    with_group_support,
)
from taxonomy.mapping.retrieval import LabelSearch

WEIGHTS = {"headline": 0.45, "evidence": 0.10, "context": 0.25, "mentions": 0.10}
PRIOR_WEIGHT = 0.02
# The share of the best sibling's score a candidate gains (``with_group_support``).
GROUP_SUPPORT = 0.1
# Per headline phrase and for the whole text; more only adds labels that share a
# stray word with the text, and time.
CANDIDATES = 20
# Evidence is divided by at least this much IDF, so one common word ("företag")
# is weak evidence even when it is all that distinguishes a label.
EVIDENCE_NORM = 7.0
FULL_MENTIONS = 3
Unit = tuple[Query, frozenset[str]]


def evidence_words(entry: Entry) -> tuple[str, ...]:
    """The words a label is made of: compound parts, else the dictionary form."""
    words = (w for t in entry.terms for w in (t.parts or t.forms[:1]))
    return tuple(dict.fromkeys(words))


class OccupationTextRanker:
    """Ranks occupation-names for a long text (see the module docstring)."""

    def __init__(
        self,
        search: LabelSearch,
        context: GroupContext,
        lexicon: Lexicon,
        concepts: dict[str, ConceptInfo],
        analyse: Callable[[str], Query],
    ) -> None:
        self._search = search
        self._context = context
        self._concepts = concepts
        self._analyse = analyse
        self._phrases = PhraseIndex(search.entries, lexicon)
        self._words = {id(e): evidence_words(e) for e in search.entries}

    def rank(self, text: str, full: Query) -> list[Scored]:
        """Rank occupation-names for ``text`` (analysed as ``full``), best first."""
        headline, _ = split_headline(text)
        units = [
            (q, frozenset(q.features))
            for q in map(self._analyse, headline_units(headline))
            if q.terms
        ]
        mentions = self._mentions(full.terms, text)
        context = self._context.scores(full.features)
        text_features = frozenset(full.features)
        scored = [
            self._score(entry, units, text_features, context, len(mentions[c]))
            for entry, c in self._candidates(units, full, mentions)
        ]
        ranked = best_per_concept(sorted(scored, key=Scored.sort_key))
        return with_group_support(ranked, self._group_of, GROUP_SUPPORT)

    def _group_of(self, concept_id: str) -> str | None:
        return self._concepts[concept_id].group_id

    def _candidates(
        self, units: list[Unit], full: Query, mentions: dict[str, list[Entry]]
    ) -> Iterator[tuple[Entry, str]]:
        hits = [
            hit
            for query, _ in units
            for hit in self._search.search(query.text, query.features, CANDIDATES)
        ]
        hits += self._search.search("", full.features, CANDIDATES)
        found = {h.position: self._search.entries[h.position] for h in hits}
        named = (e for entries in mentions.values() for e in entries)
        seen: set[int] = set()
        for entry in (*found.values(), *named):
            if id(entry) not in seen:
                seen.add(id(entry))
                yield entry, entry.concept_id

    def _mentions(self, terms: Sequence[Term], text: str) -> dict[str, list[Entry]]:
        """Concept id -> the labels of it that the text names word for word."""
        named: dict[str, list[Entry]] = defaultdict(list)
        for _, _, targets in self._phrases.find(terms, text):
            entry = best_target(targets).entry
            named[entry.concept_id].append(entry)
        return named

    def _score(
        self,
        entry: Entry,
        units: list[Unit],
        text_features: frozenset[str],
        context: dict[str, float],
        mentions: int,
    ) -> Scored:
        head, covered = Scored(entry, 0.0, 0.0, 0.0, 0.0), frozenset[str]()
        for query, features in units:
            if features.isdisjoint(entry.feature_set):
                # Nothing in common but spelling, which a long text does not count.
                continue
            unit = score_entry(
                query.text,
                query.terms,
                features,
                entry,
                0.0,
                self._search.weight,
                query.head_terms,
            )
            if unit.score > head.score:
                head, covered = unit, features
        evidence = head.query_coverage * self._evidence(entry, covered, text_features)
        info = self._concepts[entry.concept_id]
        group = context.get(info.group_id or "", 0.0)
        parts = {
            "headline": head.score,
            "evidence": evidence,
            "context": group,
            "mentions": min(1.0, math.log1p(mentions) / math.log1p(FULL_MENTIONS)),
        }
        score = sum(WEIGHTS[k] * v for k, v in parts.items())
        return Scored(
            entry,
            score + PRIOR_WEIGHT * info.prior,
            head.query_coverage,
            evidence,
            0.0,
            group,
        )

    def _evidence(
        self, entry: Entry, covered: frozenset[str], text_features: frozenset[str]
    ) -> float:
        remaining = [w for w in self._words[id(entry)] if w not in covered]
        weights = [self._context.weight_of(w) for w in remaining]
        found = sum(
            x for w, x in zip(remaining, weights, strict=True) if w in text_features
        )
        return found / max(sum(weights), EVIDENCE_NORM) if remaining else 0.0
