"""What the mapper answers: matches, extractions and suggestions (frozen models)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MapType = Literal["occupation-name", "skill", "ssyk-level-4"]


class Match(BaseModel):
    """One concept the text may denote, with the label and rule that matched."""

    model_config = ConfigDict(frozen=True)

    concept_id: str
    type: str
    preferred_label: str
    ssyk_code_2012: str | None = None
    score: float = Field(description="Ranking score in [0, 1]; not a probability.")
    confidence: float = Field(
        ge=0.0, le=1.0, description="Calibrated probability that this match is right."
    )
    matched_label: str
    reason: str


class MapResult(BaseModel):
    """Ranked matches for one text; ``abstained`` means: store the text unmapped."""

    model_config = ConfigDict(frozen=True)

    taxonomy_version: str
    abstained: bool
    matches: list[Match]


class Mention(BaseModel):
    """A concept mentioned in a longer text, with its character span."""

    model_config = ConfigDict(frozen=True)

    concept_id: str
    type: str
    preferred_label: str
    span: tuple[int, int]
    text: str
    score: float
    confidence: float = Field(ge=0.0, le=1.0)


class Extraction(BaseModel):
    """Occupations and skills mentioned in a text, in order of appearance."""

    model_config = ConfigDict(frozen=True)

    taxonomy_version: str
    occupations: list[Mention]
    skills: list[Mention]


class Suggestion(BaseModel):
    """An autocomplete suggestion for a form field."""

    model_config = ConfigDict(frozen=True)

    concept_id: str
    type: str
    preferred_label: str
    matched_label: str
    score: float
