"""What every write that names taxonomy concepts or takes free text calls.

`require_concepts` turns bad concept ids into one 422 problem listing each field;
`map_free_text` maps a text at write time and says when the mapper was unsure.
"""

import re
from collections.abc import Iterable

from pydantic import BaseModel

from service.taxonomy.state import LoadedTaxonomy
from taxonomy import ConceptRef, MapType, validate_refs

__all__ = [
    "ConceptRef",
    "MappedText",
    "Suggested",
    "looks_like_concept_id",
    "map_free_text",
    "require_concepts",
]

# JobTech concept ids are three groups of 4, 3 and 3 letters or digits; a name never is.
_CONCEPT_ID = re.compile(r"^[A-Za-z0-9]{4}_[A-Za-z0-9]{3}_[A-Za-z0-9]{3}$")
# How many of the mapper's candidates a refused text suggests instead.
SUGGESTIONS = 3


def looks_like_concept_id(value: str) -> bool:
    """Whether a value in a field that takes ids or names is meant as an id."""
    return _CONCEPT_ID.match(value) is not None


def require_concepts(taxonomy: LoadedTaxonomy, refs: Iterable[ConceptRef]) -> None:
    """Raise `InvalidConcepts` (rendered as a 422 problem) for any bad reference."""
    validate_refs(taxonomy.graph, refs)


class Suggested(BaseModel):
    """A concept the mapper considered for a text, offered when it was unsure."""

    concept_id: str
    preferred_label: str
    type: str
    confidence: float


class MappedText(BaseModel):
    """A free text as mapped at write time; `concept_id` is None on abstention."""

    text: str
    concept_id: str | None
    preferred_label: str | None
    type: str | None
    confidence: float | None
    taxonomy_version: str
    abstained: bool
    suggestions: list[Suggested]


def map_free_text(taxonomy: LoadedTaxonomy, text: str, type: MapType) -> MappedText:
    result = taxonomy.mapper.map(text, type=type, limit=SUGGESTIONS)
    best = result.matches[0] if result.matches and not result.abstained else None
    return MappedText(
        text=text,
        concept_id=best.concept_id if best else None,
        preferred_label=best.preferred_label if best else None,
        type=best.type if best else None,
        confidence=result.matches[0].confidence if result.matches else None,
        taxonomy_version=result.taxonomy_version,
        abstained=best is None,
        suggestions=[
            Suggested(
                concept_id=match.concept_id,
                preferred_label=match.preferred_label,
                type=match.type,
                confidence=match.confidence,
            )
            for match in result.matches
        ],
    )
