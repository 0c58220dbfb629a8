"""Typo-tolerant autocomplete for form fields.

Prefix matches come first: the folded query is looked up with two binary searches
in a sorted array of keys (the folded label and every word start inside it, so
"grund" finds "Lärare i grundskolan"). Within the prefix range the best few are
picked with ``argpartition`` on a precomputed rank (own labels before keywords,
short before long), so a one-letter prefix costs no more than a long one. When
prefixes give fewer than ``limit`` concepts, the last word is typo-corrected
against the label vocabulary ("underskoterka" -> "underskoterska") and searched
again, and finally the character n-gram search fills up the list.
"""

from bisect import bisect_left

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
FULL_PREFIX, WORD_PREFIX, FUZZY = 1.0, 0.9, 0.8
TYPO_FACTOR = 0.85
GROUP_LABEL = "group-label"
MIN_FUZZY_COSINE = 0.3


class Completer:
    """Prefix and fuzzy completion over occupation-name and skill labels."""

    def __init__(
        self, catalogue: Catalogue, searches: dict[str, LabelSearch], lexicon: Lexicon
    ) -> None:
        self._catalogue = catalogue
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
        for key, factor in ((prefix, 1.0), (self._corrected(prefix), TYPO_FACTOR)):
            for position in self._prefix_positions(key, limit * 4):
                entry = self._entries[position]
                if entry.family in families and (groups or entry.kind != GROUP_LABEL):
                    score = FULL_PREFIX if self._full[position] else WORD_PREFIX
                    self._add(found, entry, factor * score, groups=groups)
            if found:
                break
        if len(found) < limit:
            self._add_fuzzy(found, prefix, families, limit, groups=groups)
        return sorted(found.values(), key=lambda s: -s.score)[:limit]

    def _corrected(self, prefix: str) -> str:
        """The prefix with its last word corrected when it is a typo of a label word."""
        head, _, last = prefix.rpartition(" ")
        analysis = self._lexicon.word(last)
        if analysis.rule != "typo":
            return ""
        return f"{head} {analysis.forms[0]}".strip()

    def _prefix_positions(self, prefix: str, wanted: int) -> list[int]:
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
                wanted = entry.kind in SUGGESTED_KINDS and (
                    groups or entry.kind != GROUP_LABEL
                )
                if scores[i] >= MIN_FUZZY_COSINE and wanted:
                    self._add(found, entry, FUZZY * float(scores[i]), groups=groups)

    def _add(
        self, found: dict[str, Suggestion], entry: Entry, score: float, *, groups: bool
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
            matched_label=entry.label,
            score=round(score, 4),
        )
