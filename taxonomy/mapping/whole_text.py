"""A whole text (a job ad, a participant's own words) read into typed mentions.

What :class:`TextReader` adds to the label extraction of ``extract.Extractor``:

- driving licences (``licence_text``), languages with a CEFR level and the highest
  stated Swedish level (``language_text``): "klar med SFI och läser nu SvA 1" is
  at SvA 1; an ad's level is its highest must ("minst SFI D, SvA grund är
  meriterande" asks for SFI D);
- skills named by the curated trade words of ``synonyms.json`` ("truckkort",
  "kassa", "plock"), with the provenance ``synonym '<word>'``;
- every mention's requirement, must / merit / none, and whether it is negated
  (``cues``).

A label mention that overlaps a stated Swedish level or a licence is dropped: "SAS
grund" is the Swedish course, not the SAS programming language, and the "B" of
"körkort B" is no skill. A synonym that overlaps a label mention replaces it only
when it covers at least as much of the text.
"""

from collections.abc import Sequence
from typing import get_args

from taxonomy.mapping.cues import CueReader
from taxonomy.mapping.extract import Extractor
from taxonomy.mapping.index import ConceptInfo
from taxonomy.mapping.inflection import base_forms
from taxonomy.mapping.language_text import find_languages, find_swedish
from taxonomy.mapping.licence_text import find_licences
from taxonomy.mapping.normalise import Token, fold, tokenize
from taxonomy.mapping.results import (
    Extraction,
    LanguageMention,
    Mention,
    SwedishLevelCode,
    SwedishMention,
)
from taxonomy.mapping.typed import Synonym, TypedConcepts

# The Swedish levels from lowest to highest.
_LEVELS: tuple[SwedishLevelCode, ...] = get_args(SwedishLevelCode)

MAX_TEXT = 20_000
SYNONYM_CONFIDENCE = 0.85
LANGUAGE_CONFIDENCE = 0.9


class TextReader:
    """Reads occupations, skills, licences, languages and Swedish out of a text."""

    def __init__(
        self,
        extractor: Extractor,
        typed: TypedConcepts,
        skills: dict[str, ConceptInfo],
    ) -> None:
        self._extractor = extractor
        self._typed = typed
        self._skills = skills

    def read(self, text: str, version: str) -> Extraction:
        """Return every mention of ``text``, each kind in order of appearance."""
        base = self._extractor.extract(text, version)
        tokens = tokenize(text)
        swedish = [
            SwedishMention(
                level=h.level,
                span=(h.start, h.end),
                text=text[h.start : h.end],
                confidence=h.confidence,
            )
            for h in find_swedish(text, tokens)
        ]
        licences = self._licences(text, tokens)
        taken = [m.span for m in swedish] + [m.span for m in licences]
        skills = _merge(
            [m for m in base.skills if not _overlaps(m.span, taken)],
            self._synonyms(text, tokens, taken),
        )
        # "CNC-svarvning" is a skill, not the title "CNC" and a skill; a word
        # that is a skill's own label is that skill ("nätverksteknik" is no
        # "Nätverkstekniker", whose "-er" also reads as a plural).
        taken_by_skills = taken + [m.span for m in skills]
        labelled = {m.span for m in skills if fold(m.text) == fold(m.preferred_label)}
        occupations = [
            m
            for m in base.occupations
            if not _overlaps(m.span, taken)
            and not _within_longer(m.span, taken_by_skills)
            and (m.span not in labelled or fold(m.text) == fold(m.preferred_label))
        ]
        languages = self._languages(text, tokens, swedish)
        # "arabiska" is the language, not "Arabiska, cirkelledning"; the word that
        # names an occupation is not also a skill.
        named = {m.span for m in occupations}
        spoken = [m.span for m in languages]
        skills = [
            m for m in skills if m.span not in named and not _overlaps(m.span, spoken)
        ]
        cues = CueReader(text)
        spans = [m.span for m in [*occupations, *skills, *licences, *languages]]
        spans += [m.span for m in swedish]

        def judged(mentions: Sequence[Mention]) -> list[Mention]:
            out = []
            for m in mentions:
                requirement, negated = cues.requirement(m.span, spans)
                out.append(
                    m.model_copy(
                        update={"requirement": requirement, "negated": negated}
                    )
                )
            return out

        stated = _stated_level(
            [
                m.model_copy(update={"requirement": cues.requirement(m.span, spans)[0]})
                for m in swedish
            ]
        )
        return Extraction(
            taxonomy_version=version,
            occupations=judged(occupations),
            skills=judged(skills),
            driving_licences=judged(licences),
            languages=[
                LanguageMention.model_validate(m.model_dump())
                for m in judged(languages)
            ],
            swedish=stated.level if stated else None,
            swedish_mention=stated,
        )

    def _licences(self, text: str, tokens: list[Token]) -> list[Mention]:
        found: dict[str, Mention] = {}
        for hit in find_licences(text, tokens):
            info = self._typed.licences.get(hit.category)
            if info is None or info.id in found:
                continue
            found[info.id] = Mention(
                concept_id=info.id,
                type=info.type,
                preferred_label=info.preferred_label,
                span=(hit.start, hit.end),
                text=text[hit.start : hit.end],
                score=hit.confidence,
                confidence=hit.confidence,
                provenance=f"pattern: {hit.provenance}",
            )
        return sorted(found.values(), key=lambda m: m.span)

    def _languages(
        self, text: str, tokens: list[Token], swedish: list[SwedishMention]
    ) -> list[LanguageMention]:
        found: dict[str, LanguageMention] = {}
        for hit in find_languages(text, tokens, self._typed.language_words):
            info = self._typed.language(hit.word)
            if info is None:
                continue
            previous = found.get(info.id)
            if previous is not None and (previous.level or not hit.level):
                continue
            found[info.id] = LanguageMention(
                concept_id=info.id,
                type=info.type,
                preferred_label=info.preferred_label,
                span=(hit.start, hit.end),
                text=text[hit.start : hit.end],
                score=LANGUAGE_CONFIDENCE,
                confidence=LANGUAGE_CONFIDENCE,
                provenance="language name",
                level=hit.level,
            )
        return sorted(found.values(), key=lambda m: m.span)

    def _synonyms(
        self, text: str, tokens: list[Token], taken: list[tuple[int, int]]
    ) -> list[Mention]:
        found: dict[str, Mention] = {}
        for i, token in enumerate(tokens):
            synonym = self._synonym_of(tokens, i)
            if synonym is None or _overlaps((token.start, token.end), taken):
                continue
            info = self._skills[synonym.concept_ids[0]]
            if info.id in found:
                continue
            found[info.id] = Mention(
                concept_id=info.id,
                type=info.type,
                preferred_label=info.preferred_label,
                span=(token.start, token.end),
                text=text[token.start : token.end],
                score=SYNONYM_CONFIDENCE,
                confidence=SYNONYM_CONFIDENCE,
                provenance=f"synonym '{synonym.word}' (synonyms.json: {synonym.why})",
            )
        return list(found.values())

    def _synonym_of(self, tokens: list[Token], i: int) -> Synonym | None:
        token = tokens[i]
        # "A-kassa" is the unemployment fund, not the till.
        if token.after_hyphen and i and len(tokens[i - 1].text) <= 2:
            return None
        table = self._typed.synonyms
        if token.text in table:
            return table[token.text]
        return next((table[b] for b in base_forms(token.text) if b in table), None)


def _within_longer(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in others)


def _overlaps(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _merge(labels: list[Mention], synonyms: list[Mention]) -> list[Mention]:
    """Label mentions plus synonyms; of two that overlap, the longer span stays."""
    kept = list(labels)
    ids = {m.concept_id for m in labels}
    for synonym in synonyms:
        rivals = [m for m in kept if _overlaps(synonym.span, [m.span])]
        width = synonym.span[1] - synonym.span[0]
        if synonym.concept_id in ids:
            continue
        if all(width >= m.span[1] - m.span[0] for m in rivals):
            kept = [m for m in kept if m not in rivals]
            kept.append(synonym)
            ids.add(synonym.concept_id)
    return sorted(kept, key=lambda m: m.span)


def _stated_level(levels: list[SwedishMention]) -> SwedishMention | None:
    """The highest level the text asks for, or failing that the highest it names."""
    asked = [m for m in levels if m.requirement != "merit"] or levels
    return max(asked, key=lambda m: _LEVELS.index(m.level), default=None)
