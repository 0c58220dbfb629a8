"""What every write that names taxonomy concepts or takes free text calls.

`require_concepts` turns bad concept ids into one 422 problem listing each field;
`map_free_text` maps a text at write time and says when the mapper was unsure.
"""

from collections.abc import Iterable

from pydantic import BaseModel

from service.taxonomy.state import LoadedTaxonomy
from taxonomy import ConceptRef, MapType, validate_refs

__all__ = ["ConceptRef", "MappedText", "map_free_text", "require_concepts"]


def require_concepts(taxonomy: LoadedTaxonomy, refs: Iterable[ConceptRef]) -> None:
    """Raise `InvalidConcepts` (rendered as a 422 problem) for any bad reference."""
    validate_refs(taxonomy.graph, refs)


class MappedText(BaseModel):
    """A free text as mapped at write time; `concept_id` is None on abstention."""

    text: str
    concept_id: str | None
    preferred_label: str | None
    confidence: float | None
    taxonomy_version: str
    abstained: bool


def map_free_text(taxonomy: LoadedTaxonomy, text: str, type: MapType) -> MappedText:
    result = taxonomy.mapper.map(text, type=type, limit=1)
    best = result.matches[0] if result.matches and not result.abstained else None
    return MappedText(
        text=text,
        concept_id=best.concept_id if best else None,
        preferred_label=best.preferred_label if best else None,
        confidence=result.matches[0].confidence if result.matches else None,
        taxonomy_version=result.taxonomy_version,
        abstained=best is None,
    )
