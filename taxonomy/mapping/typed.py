"""Concepts the label search does not hold: licences, languages, places, synonyms.

- driving licences by category code (``taxonomy.licences``);
- languages by the folded words that name them in running text
  (``language_text.is_language_word``) and by every folded label and slash part;
- municipalities and regions by folded name, with "kommun", "län" and "region"
  taken off;
- the curated skill synonyms of ``synonyms.json`` (trade words such as "truckkort",
  "kassa", "plock"), each naming the skill concepts it stands for, best first.

:meth:`TypedConcepts.map` answers one short text of one of these types with ranked
:class:`~taxonomy.mapping.results.Match` es, abstaining when nothing fits; the
answers it gives when abstaining are the closest names (rapidfuzz ratio), so a form
can offer them.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from taxonomy.licences import category_of
from taxonomy.mapping.index import ConceptInfo
from taxonomy.mapping.inflection import base_forms
from taxonomy.mapping.language_text import (
    find_swedish,
    is_language_word,
    language_of,
)
from taxonomy.mapping.licence_text import find_licences
from taxonomy.mapping.normalise import fold, split_alternatives, tokenize
from taxonomy.mapping.results import MapResult, Match, Suggestion
from taxonomy.models import Concept

SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")
LICENCE, LANGUAGE = "driving-licence", "language"
PLACE_TYPES = ("municipality", "region")
PLACE_SUFFIXES = (" kommun", " lan")
CLOSE_NAME = 90.0
SUGGESTIONS = 3
ABSTAINING = 0.3
# The types :meth:`TypedConcepts.map` answers.
TYPED = frozenset({LICENCE, LANGUAGE, *PLACE_TYPES})
SYNONYM_CONFIDENCE = (0.9, 0.75, 0.6)


@dataclass(frozen=True, slots=True)
class Synonym:
    """A trade word and the skill concepts it means, best first."""

    word: str
    concept_ids: tuple[str, ...]
    why: str


@dataclass
class TypedConcepts:
    """Lookups for licences, languages, places and the curated skill synonyms."""

    licences: dict[str, ConceptInfo] = field(default_factory=dict)
    language_words: dict[str, str] = field(default_factory=dict)
    languages: dict[str, ConceptInfo] = field(default_factory=dict)
    places: dict[str, dict[str, ConceptInfo]] = field(default_factory=dict)
    synonyms: dict[str, Synonym] = field(default_factory=dict)

    @classmethod
    def build(
        cls, concepts: Iterable[Concept], skills: dict[str, ConceptInfo]
    ) -> "TypedConcepts":
        """Index the active concepts of these types; synonyms of known skills only."""
        typed = cls(places={t: {} for t in PLACE_TYPES})
        for c in concepts:
            if c.deprecated:
                continue
            info = ConceptInfo(c.id, c.type, c.preferred_label, None, None, 0.0)
            if c.type == LICENCE:
                category = category_of(c.preferred_label)
                if category is not None:
                    typed.licences[category] = info
            elif c.type == LANGUAGE:
                typed._add_language(c, info)
            elif c.type in PLACE_TYPES:
                typed.places[c.type].setdefault(_place_key(c.preferred_label), info)
        typed.synonyms = load_synonyms(skills)
        return typed

    def _add_language(self, concept: Concept, info: ConceptInfo) -> None:
        labels = [concept.preferred_label, *concept.alternative_labels]
        # "Kurdiska - Sorani" is also named by its dialect alone: "sorani".
        parts = [
            p
            for label in labels
            for p in [label, *split_alternatives(label), *label.split(" - ")[1:]]
        ]
        for part in parts:
            key = fold(part).strip()
            # The plain label wins over a part of another ("Kurdiska - Sorani").
            if key not in self.languages or fold(concept.preferred_label) == key:
                self.languages[key] = info
            if " " not in key and is_language_word(key):
                self.language_words.setdefault(key, key)

    def language(self, word: str) -> ConceptInfo | None:
        """The language concept a folded label word names."""
        return self.languages.get(word)

    def map(self, text: str, type: str, limit: int) -> tuple[bool, list[Match]]:
        """(abstained, matches) for a short text naming one concept of ``type``."""
        key = fold(text).strip()
        if type == LICENCE:
            return self._licence(text, key, limit)
        if type == LANGUAGE:
            word = language_of(key, self.language_words)
            info = self.languages.get(word or key)
            return self._exact_or_close(key, info, self.languages, limit, type)
        places = self.places.get(type, {})
        place = _place_key(text)
        # "Stockholms kommun"; "Stockholm" for the region "Stockholms län"
        for candidate in (place, place.removesuffix("s"), place + "s"):
            if candidate in places:
                return self._exact_or_close(
                    candidate, places[candidate], places, limit, type
                )
        return self._exact_or_close(place, None, places, limit, type)

    def complete(self, prefix: str, type: str, limit: int) -> list[Suggestion]:
        """Names of ``type`` that start with the folded ``prefix``, or have a word
        that does; shorter names first. Licences answer their codes."""
        names: dict[str, ConceptInfo]
        if type == LICENCE:
            names = {fold(i.preferred_label): i for i in self.licences.values()}
            prefix = prefix.removesuffix("-korkort").removesuffix(" korkort")
            prefix = prefix.removeprefix("korkort ").strip()
        elif type == LANGUAGE:
            names = self.languages
        else:
            names = {fold(i.preferred_label): i for i in self.places[type].values()}
        if not prefix:
            return []
        ranked = sorted(
            (not name.startswith(prefix), len(name), name)
            for name in names
            if name.startswith(prefix) or f" {prefix}" in name
        )
        found: dict[str, Suggestion] = {}
        for whole_word_miss, _, name in ranked:
            info = names[name]
            if info.id not in found:
                found[info.id] = Suggestion(
                    concept_id=info.id,
                    type=info.type,
                    preferred_label=info.preferred_label,
                    matched_label=info.preferred_label,
                    score=0.9 if whole_word_miss else 1.0,
                )
        return list(found.values())[:limit]

    def with_synonyms(
        self,
        text: str,
        result: MapResult,
        skills: dict[str, ConceptInfo],
        limit: int,
    ) -> MapResult:
        """A skill answer corrected by what the text is as a whole.

        A curated trade word answers its skills first; a text that is a driving
        licence ("körkort B") or a Swedish level ("SAS grund") is no skill: the
        answer abstains, suggesting the licence.
        """
        key = fold(text).strip()
        tokens = tokenize(text)
        if list(find_swedish(text, tokens)):
            return result.model_copy(update={"abstained": True, "matches": []})
        licence = self._licence(text, key, limit) if _licence_text(key) else None
        if licence is not None and not licence[0]:
            return result.model_copy(update={"abstained": True, "matches": licence[1]})
        words = key.split()
        synonym = self.synonyms.get(key) or (
            next(
                (self.synonyms[b] for b in base_forms(key) if b in self.synonyms), None
            )
            if len(words) == 1
            else None
        )
        if synonym is None:
            return result
        first = [
            _match(
                skills[concept_id],
                confidence,
                confidence,
                synonym.word,
                f"synonym '{synonym.word}' (synonyms.json: {synonym.why})",
            )
            for concept_id, confidence in zip(
                synonym.concept_ids, SYNONYM_CONFIDENCE, strict=False
            )
        ]
        chosen = {m.concept_id for m in first}
        rest = [m for m in result.matches if m.concept_id not in chosen]
        return result.model_copy(
            update={"abstained": False, "matches": [*first, *rest][:limit]}
        )

    def _licence(self, text: str, key: str, limit: int) -> tuple[bool, list[Match]]:
        category = category_of(key.replace("-", " ").removesuffix(" korkort"))
        if category is None:
            hits = list(find_licences(key, tokenize(text)))
            category = hits[0].category if hits else None
        info = self.licences.get(category or "")
        if info is None:
            return True, []
        return False, [_match(info, 1.0, 0.97, info.preferred_label, "category code")]

    def _exact_or_close(
        self,
        key: str,
        info: ConceptInfo | None,
        names: dict[str, ConceptInfo],
        limit: int,
        type: str,
    ) -> tuple[bool, list[Match]]:
        if info is not None:
            return False, [_match(info, 1.0, 0.97, info.preferred_label, "exact name")]
        close = process.extract(key, list(names), scorer=fuzz.ratio, limit=limit)
        matches: list[Match] = []
        seen: set[str] = set()
        for name, score, _ in close:
            found = names[name]
            if found.id in seen:
                continue
            seen.add(found.id)
            near = score >= CLOSE_NAME and not matches
            confidence = 0.8 if near else ABSTAINING * score / 100
            reason = f"{type} name '{name}', {score:.0f}% alike"
            matches.append(_match(found, score / 100, confidence, name, reason))
        abstained = not matches or matches[0].confidence < ABSTAINING * 2
        return abstained, matches[: max(limit, SUGGESTIONS)][:limit]


def _licence_text(key: str) -> bool:
    """A short text that speaks of a driving licence."""
    return "korkort" in key.split() or "-korkort" in key or "behorighet" in key


def _place_key(name: str) -> str:
    key = fold(name).strip()
    for suffix in PLACE_SUFFIXES:
        if key.endswith(suffix):
            return key.removesuffix(suffix)
    return key.removeprefix("region ")


def _match(
    info: ConceptInfo, score: float, confidence: float, label: str, reason: str
) -> Match:
    return Match(
        concept_id=info.id,
        type=info.type,
        preferred_label=info.preferred_label,
        score=round(score, 4),
        confidence=round(confidence, 4),
        matched_label=label,
        reason=reason,
    )


def load_synonyms(
    skills: dict[str, ConceptInfo], path: Path = SYNONYMS_FILE
) -> dict[str, Synonym]:
    """The curated trade words -> skills, keeping only concepts the version has."""
    table: dict[str, Synonym] = {}
    for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]:
        ids = tuple(i for i in entry["concepts"] if i in skills)
        if ids:
            for word in entry["words"]:
                table[word] = Synonym(word, ids, entry["why"])
    return table
