"""API shapes of the taxonomy endpoints (the mapper's own models are reused as is)."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from taxonomy import Concept, MapType, Suggestion


class VersionPublic(BaseModel):
    id: int
    label: str
    number: int | None
    source: str
    imported_at: datetime
    is_current: bool
    concept_count: int
    relation_count: int


class ConceptSummary(BaseModel):
    id: str
    type: str
    preferred_label: str
    deprecated: bool

    @classmethod
    def of(cls, concept: Concept) -> "ConceptSummary":
        return cls(
            id=concept.id,
            type=concept.type,
            preferred_label=concept.preferred_label,
            deprecated=concept.deprecated,
        )


class WeightedConcept(BaseModel):
    concept: ConceptSummary
    percentage: int = Field(description="Substitutability: 75 high, 25 some.")


class ReplacementPublic(BaseModel):
    concept: ConceptSummary
    fallback: bool = Field(
        description="True when no successor is known and the SSYK-4 group is offered."
    )


class ConceptDetail(BaseModel):
    taxonomy_version: str
    id: str
    type: str
    preferred_label: str
    alternative_labels: list[str]
    former_labels: list[str]
    definition: str | None
    codes: dict[str, str]
    deprecated: bool
    replaced_by: list[ConceptSummary]
    replacements: list[ReplacementPublic]
    broader: list[ConceptSummary] = Field(description="Nearest first.")
    related: list[ConceptSummary]
    substitutes: list[WeightedConcept]
    substituted_by: list[WeightedConcept]
    skills: list[ConceptSummary] = Field(description="For ssyk-level-4 groups.")


class MapRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)
    type: MapType = "occupation-name"
    limit: int = Field(default=5, ge=1, le=20)


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20000)


class Suggestions(BaseModel):
    taxonomy_version: str
    items: list[Suggestion]


class SyncRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, ge=1, description="Latest when omitted.")


class SyncState(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class SyncStatus(BaseModel):
    state: SyncState
    requested_version: int | None
    started_at: datetime
    finished_at: datetime | None = None
    loaded_version: str | None = None
    message: str | None = None
