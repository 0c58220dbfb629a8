"""A concept given by id, or a free text mapped to one at write time.

What is stored keeps both sides: the text as written, the concept chosen, the
mapper's confidence and the taxonomy version, so a later re-mapping can be audited.
When the mapper abstains the text is kept without a concept.
"""

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from service.taxonomy.concepts import ConceptRef, MappedText, map_free_text
from service.taxonomy.state import LoadedTaxonomy
from taxonomy import Concept, MapType


class TermSource(StrEnum):
    GIVEN = "given"
    MAPPED = "mapped"
    UNMAPPED = "unmapped"


class TermIn(BaseModel):
    """Either `concept_id` or `text`, never both."""

    model_config = ConfigDict(extra="forbid")

    concept_id: str | None = Field(default=None, min_length=1, max_length=32)
    text: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _exactly_one(self) -> "TermIn":
        if (self.concept_id is None) == (self.text is None):
            raise PydanticCustomError(
                "concept_or_text", "give exactly one of concept_id and text"
            )
        return self


class Term(BaseModel):
    """A concept as stored: given, mapped from text, or text the mapper left."""

    concept_id: str | None
    preferred_label: str | None
    text: str | None
    confidence: float | None
    taxonomy_version: str
    source: TermSource


def term_refs(
    term: TermIn | None, field: str, expected_types: tuple[str, ...]
) -> list[ConceptRef]:
    if term is None or term.concept_id is None:
        return []
    return [
        ConceptRef(
            field=f"{field}.concept_id",
            concept_id=term.concept_id,
            expected_types=expected_types,
        )
    ]


class TermResolver:
    """Turns `TermIn` into `Term`, mapping each distinct text only once.

    A bulk import repeats the same few texts thousands of times; the cache makes
    the mapper's cost proportional to the distinct texts, not the rows.
    """

    def __init__(self, taxonomy: LoadedTaxonomy) -> None:
        self._taxonomy = taxonomy
        self._mapped: dict[tuple[str, str], MappedText] = {}

    @property
    def taxonomy_version(self) -> str:
        return self._taxonomy.label

    def concept(self, concept_id: str) -> Concept | None:
        return self._taxonomy.graph.get(concept_id)

    def label(self, concept_id: str) -> str | None:
        concept = self.concept(concept_id)
        return concept.preferred_label if concept else None

    def labels(self, concept_ids: Iterable[str | None]) -> dict[str, str]:
        """The preferred label of each of these concepts the taxonomy has."""
        found = {i: self.label(i) for i in concept_ids if i is not None}
        return {i: label for i, label in found.items() if label is not None}

    def resolve(self, term: TermIn, map_type: MapType) -> Term:
        if term.concept_id is not None:
            return Term(
                concept_id=term.concept_id,
                preferred_label=self.label(term.concept_id),
                text=None,
                confidence=None,
                taxonomy_version=self._taxonomy.label,
                source=TermSource.GIVEN,
            )
        assert term.text is not None
        mapped = self.map_text(term.text, map_type)
        return Term(
            concept_id=mapped.concept_id,
            preferred_label=mapped.preferred_label,
            text=term.text,
            confidence=mapped.confidence,
            taxonomy_version=mapped.taxonomy_version,
            source=TermSource.UNMAPPED if mapped.abstained else TermSource.MAPPED,
        )

    def map_text(self, text: str, map_type: MapType) -> MappedText:
        key = (text, map_type)
        if key not in self._mapped:
            self._mapped[key] = map_free_text(self._taxonomy, text, map_type)
        return self._mapped[key]
