"""The extractor and the two baselines ``jobbmatch eval extraction`` runs side by side.

- ``extractor``: :meth:`Mapper.extract`; a negated mention ("inget krav på
  körkort") is no item, as the text says it is not asked for;
- ``label-search``: a concept is mentioned when one of its preferred or alternative
  labels (a language's also its parts, a licence its code, a Swedish level its
  course name) occurs case-folded as whole words; it reads no cues, so every
  requirement is null;
- ``map-whole``: the single-query :meth:`Mapper.map` over the whole text, its top
  answer per category unless it abstains; Swedish levels it cannot answer.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from taxonomy.evaluation.extraction_sets import CONCEPT_TYPES
from taxonomy.mapping.mapper import Mapper
from taxonomy.mapping.normalise import fold
from taxonomy.mapping.results import Mention, Requirement

# The service's Swedish levels by their course names (results.SwedishLevelCode).
SWEDISH_NAMES = {
    "sfi a": "sfi_a",
    "sfi b": "sfi_b",
    "sfi c": "sfi_c",
    "sfi d": "sfi_d",
    "sva grund": "sva_grund",
    "sva 1": "sva_1",
    "sva 2": "sva_2",
    "sva 3": "sva_3",
    "svenska som andrasprak grund": "sva_grund",
    "svenska som andrasprak 1": "sva_1",
    "svenska som andrasprak 2": "sva_2",
    "svenska som andrasprak 3": "sva_3",
}
LABEL_KINDS = frozenset({"preferred", "alternative"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Found:
    """One item a system read out of a text."""

    category: str
    concept_id: str
    requirement: Requirement | None


class TextSystem(Protocol):
    """Anything the extraction harness can evaluate."""

    name: str

    def read(self, text: str) -> list[Found]:
        """Everything ``text`` mentions."""
        ...


class ExtractorSystem:
    """The whole-text extractor under evaluation."""

    name = "extractor"

    def __init__(self, mapper: Mapper) -> None:
        self._mapper = mapper

    def read(self, text: str) -> list[Found]:
        """Read with :meth:`Mapper.extract`."""
        extraction = self._mapper.extract(text)
        kinds: tuple[tuple[str, Sequence[Mention]], ...] = (
            ("occupation", extraction.occupations),
            ("skill", extraction.skills),
            ("driving-licence", extraction.driving_licences),
            ("language", extraction.languages),
        )
        found = [
            Found(category, m.concept_id, m.requirement)
            for category, mentions in kinds
            for m in mentions
            if not m.negated
        ]
        stated = extraction.swedish_mention
        if stated is not None:
            found.append(Found("swedish", stated.level, stated.requirement))
        return found


class LabelSearchBaseline:
    """Whole-word, case-folded label search over the taxonomy."""

    name = "label-search"

    def __init__(self, mapper: Mapper) -> None:
        self._labels: dict[tuple[str, ...], set[tuple[str, str]]] = {}
        categories = {t: c for c, t in CONCEPT_TYPES.items()}
        concepts = mapper.catalogue.concepts
        for entry in mapper.catalogue.entries:
            info = concepts.get(entry.concept_id)
            if entry.kind in LABEL_KINDS and info and info.type in categories:
                self._add(entry.label, categories[info.type], info.id)
        for info in mapper.typed.licences.values():
            self._add(info.preferred_label, "driving-licence", info.id)
        for label, info in mapper.typed.languages.items():
            self._add(label, "language", info.id)
        for label, level in SWEDISH_NAMES.items():
            self._add(label, "swedish", level)
        self._longest = max(len(k) for k in self._labels)

    def _add(self, label: str, category: str, concept_id: str) -> None:
        words = tuple(_words(label))
        if words:
            self._labels.setdefault(words, set()).add((category, concept_id))

    def read(self, text: str) -> list[Found]:
        """Every concept one of whose labels occurs in ``text``."""
        words = _words(text)
        hits: set[tuple[str, str]] = set()
        for start in range(len(words)):
            for end in range(start + 1, min(start + self._longest, len(words)) + 1):
                hits |= self._labels.get(tuple(words[start:end]), set())
        return [Found(category, concept_id, None) for category, concept_id in hits]


class WholeTextMapBaseline:
    """:meth:`Mapper.map` with the whole text as one query, per category."""

    name = "map-whole"

    def __init__(self, mapper: Mapper) -> None:
        self._mapper = mapper

    def read(self, text: str) -> list[Found]:
        """The top answer of each category the mapper does not abstain on."""
        return list(self._answers(text))

    def _answers(self, text: str) -> Iterator[Found]:
        for category, type in CONCEPT_TYPES.items():
            result = self._mapper.map(text, type=type, limit=1)
            if result.matches and not result.abstained:
                yield Found(category, result.matches[0].concept_id, None)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def text_systems(mapper: Mapper) -> list[TextSystem]:
    """The extractor and both baselines over the same taxonomy."""
    return [
        ExtractorSystem(mapper),
        LabelSearchBaseline(mapper),
        WholeTextMapBaseline(mapper),
    ]
