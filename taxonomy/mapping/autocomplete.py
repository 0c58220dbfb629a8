"""Typo-tolerant autocomplete for form fields.

What a person types ranks in this order:

1. a curated trade word ("truckkort" -> Truckvana, ``synonyms.json``), for skills;
2. labels that start with the folded query, then labels with a word that starts
   with it (so "grund" finds "Lärare i grundskolan"): two binary searches in a
   sorted array of keys (the folded label and every word start inside it); within
   the range the best few are picked with ``argpartition`` on a precomputed rank
   (own labels before keywords, short before long);
3. for a query of several words, labels with a word starting with each of them, then
   with as many as possible, earlier query words first ("undersköterska hemtjänst"
   ranks the undersköterska labels before the hemtjänst ones);
4. the last word typo-corrected against the label vocabulary ("underskoterka");
5. the character n-gram search fills up the list.

A label shorter than ``MIN_FUZZY_LABEL`` characters ("F", "TV") is suggested only
for a query it starts with: n-grams and typo keys make such labels close to
everything.
"""

from bisect import bisect_left
from collections.abc import Mapping, Sequence

import numpy as np

from taxonomy.mapping.index import GROUP, OCCUPATION, SKILL, Catalogue, Entry
from taxonomy.mapping.lexicon import Lexicon
from taxonomy.mapping.normalise import fold
from taxonomy.mapping.results import Suggestion
from taxonomy.mapping.retrieval import LabelSearch

SUGGESTED_KINDS = (
    "preferred",
    "alternative",
    "slash-part",
    "former",
    "keyword",
    "group-label",
)
FULL_PREFIX, WORD_PREFIX, ALL_WORDS, SOME_WORDS, FUZZY = 1.0, 0.9, 0.88, 0.75, 0.8
SYNONYM = 1.0
TYPO_FACTOR = 0.85
GROUP_LABEL = "group-label"
MIN_FUZZY_COSINE = 0.3
MIN_FUZZY_LABEL = 3
MIN_SYNONYM_PREFIX = 4
# Word lookups beyond this many keys keep only the best-ranked ones.
WORD_RANGE = 4000


class Completer:
    """Prefix and fuzzy completion over occupation-name and skill labels."""

    def __init__(
        self,
        catalogue: Catalogue,
        searches: dict[str, LabelSearch],
        lexicon: Lexicon,
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._synonyms = dict(synonyms or {})
        self._lexicon = lexicon
        self._searches = searches
        rows: list[tuple[str, int, Entry, bool]] = []
        for entry in catalogue.entries:
            if entry.family in (OCCUPATION, SKILL) and entry.kind in SUGGESTED_KINDS:
                folded = fold(entry.label)
                rank = SUGGESTED_KINDS.index(entry.kind) * 1000 + len(entry.label)
                rows.append((folded, rank, entry, True))
                for i, char in enumerate(folded[1:], start=1):
                    if not folded[i - 1].isalnum() and char.isalnum():
                        rows.append((folded[i:], rank + 500, entry, False))
        rows.sort(key=lambda row: row[0])
        self._keys = [row[0] for row in rows]
        self._ranks = np.array([row[1] for row in rows], dtype=np.int32)
        self._entries = [row[2] for row in rows]
        self._full = [row[3] for row in rows]
        self._entry_rank = {id(row[2]): row[1] for row in rows if row[3]}
        self._by_id = {id(row[2]): row[2] for row in rows}
        self._own_entry = {
            e.concept_id: e for e in catalogue.entries if e.kind == "preferred"
        }

    def complete(self, q: str, *, type: str | None, limit: int) -> list[Suggestion]:
        """Return up to ``limit`` suggestions, prefix matches first.

        ``type`` is "occupation-name", "skill", "ssyk-level-4" (the groups of the
        matching occupations) or None for occupations and skills together.
        """
        prefix = fold(q).strip()
        if not prefix or limit <= 0:
            return []
        families = (
            (SKILL,)
            if type == SKILL
            else (OCCUPATION,)
            if type
            else (OCCUPATION, SKILL)
        )
        found: dict[str, Suggestion] = {}
        groups = type == GROUP
        if SKILL in families and not groups:
            self._add_synonyms(found, prefix)
        self._add_prefix(found, prefix, families, limit, 1.0, groups=groups)
        words = prefix.split()
        if len(found) < limit and len(words) > 1:
            self._add_words(found, words, families, limit, groups=groups)
        corrected = self._corrected(prefix)
        if not found and corrected:
            self._add_prefix(
                found, corrected, families, limit, TYPO_FACTOR, groups=groups
            )
        if len(found) < limit:
            self._add_fuzzy(found, prefix, families, limit, groups=groups)
        return sorted(found.values(), key=lambda s: -s.score)[:limit]

    def _wanted(self, entry: Entry, families: tuple[str, ...], groups: bool) -> bool:
        return entry.family in families and (groups or entry.kind != GROUP_LABEL)

    def _add_synonyms(self, found: dict[str, Suggestion], prefix: str) -> None:
        """The skills of a trade word the query is, or starts ("truckk")."""
        for word, concept_ids in self._synonyms.items():
            if word == prefix or (
                len(prefix) >= MIN_SYNONYM_PREFIX and word.startswith(prefix)
            ):
                for concept_id in concept_ids:
                    entry = self._own_entry.get(concept_id)
                    if entry is not None:
                        self._add(found, entry, SYNONYM, groups=False, label=word)

    def _add_prefix(
        self,
        found: dict[str, Suggestion],
        key: str,
        families: tuple[str, ...],
        limit: int,
        factor: float,
        *,
        groups: bool,
    ) -> None:
        for position in self._prefix_positions(key, limit * 4):
            entry = self._entries[position]
            if self._wanted(entry, families, groups):
                score = FULL_PREFIX if self._full[position] else WORD_PREFIX
                self._add(found, entry, factor * score, groups=groups)

    def _add_words(
        self,
        found: dict[str, Suggestion],
        words: list[str],
        families: tuple[str, ...],
        limit: int,
        *,
        groups: bool,
    ) -> None:
        """Labels with words starting with the query words, most words first."""
        hits: dict[int, list[int]] = {}
        for order, word in enumerate(words):
            for position in self._prefix_positions(word, WORD_RANGE):
                entry = self._entries[position]
                if self._wanted(entry, families, groups):
                    hits.setdefault(id(entry), []).append(order)
        ranked = sorted(
            hits.items(),
            key=lambda item: (
                -len(set(item[1])),
                min(item[1]),
                self._entry_rank.get(item[0], 0),
            ),
        )
        for key, orders in ranked[: limit * 4]:
            share = len(set(orders)) / len(words)
            score = ALL_WORDS if share == 1 else SOME_WORDS * share + 0.1
            score -= 0.01 * min(orders)
            self._add(found, self._by_id[key], score, groups=groups)

    def _corrected(self, prefix: str) -> str:
        """The prefix with its last word corrected when it is a typo of a label word."""
        head, _, last = prefix.rpartition(" ")
        analysis = self._lexicon.word(last)
        if analysis.rule != "typo":
            return ""
        return f"{head} {analysis.forms[0]}".strip()

    def _prefix_positions(self, prefix: str, wanted: int) -> list[int]:
        if not prefix:
            return []
        low = bisect_left(self._keys, prefix)
        high = bisect_left(self._keys, prefix + "\uffff", lo=low)
        if high - low <= wanted:
            positions = np.arange(low, high)
        else:
            positions = low + np.argpartition(self._ranks[low:high], wanted)[:wanted]
        return sorted((int(p) for p in positions), key=lambda p: int(self._ranks[p]))

    def _add_fuzzy(
        self,
        found: dict[str, Suggestion],
        prefix: str,
        families: tuple[str, ...],
        limit: int,
        *,
        groups: bool,
    ) -> None:
        for family in families:
            search = self._searches[family]
            scores = search.char_scores(prefix)
            for i in np.argsort(-scores)[: limit * 2]:
                entry = search.entries[int(i)]
                wanted = (
                    entry.kind in SUGGESTED_KINDS
                    and (groups or entry.kind != GROUP_LABEL)
                    and (
                        len(entry.label) >= MIN_FUZZY_LABEL
                        or fold(entry.label).startswith(prefix)
                    )
                )
                if scores[i] >= MIN_FUZZY_COSINE and wanted:
                    self._add(found, entry, FUZZY * float(scores[i]), groups=groups)

    def _add(
        self,
        found: dict[str, Suggestion],
        entry: Entry,
        score: float,
        *,
        groups: bool,
        label: str | None = None,
    ) -> None:
        info = self._catalogue.concepts[entry.concept_id]
        if groups and info.group_id is not None:
            info = self._catalogue.concepts[info.group_id]
        if info.id in found:
            return
        found[info.id] = Suggestion(
            concept_id=info.id,
            type=info.type,
            preferred_label=info.preferred_label,
            matched_label=label or entry.label,
            score=round(score, 4),
        )
