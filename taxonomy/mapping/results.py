"""What the mapper answers: matches, extractions and suggestions (frozen models)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MapType = Literal[
    "occupation-name",
    "skill",
    "ssyk-level-4",
    "driving-licence",
    "language",
    "municipality",
    "region",
]
# How a text asks for what it mentions: "krav", "du har" (must), "meriterande",
# "gärna" (merit), or no cue at all (None; also after "inget krav på").
Requirement = Literal["must", "merit"]
# The Swedish levels the service knows (mirrors service.requirements.SwedishLevel:
# SFI courses A-D, then Swedish as a second language grund, 1, 2, 3).
SwedishLevelCode = Literal[
    "sfi_a", "sfi_b", "sfi_c", "sfi_d", "sva_grund", "sva_1", "sva_2", "sva_3"
]
CefrLevel = Literal["a1", "a2", "b1", "b2", "c1", "c2"]


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
    requirement: Requirement | None = Field(
        default=None,
        description="must or merit from the cue words around the mention, else null.",
    )
    negated: bool = Field(
        default=False,
        description='The text says it is not needed ("inget krav på körkort").',
    )
    provenance: str = Field(
        default="label",
        description="What matched: a taxonomy label, a curated synonym or a pattern.",
    )


class LanguageMention(Mention):
    """A language mentioned in a text, with its CEFR level when the text states it."""

    level: CefrLevel | None = None


class SwedishMention(BaseModel):
    """A stated level of Swedish ("SFI D", "SAS grund", "Svenska B")."""

    model_config = ConfigDict(frozen=True)

    level: SwedishLevelCode
    span: tuple[int, int]
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    requirement: Requirement | None = None


class Extraction(BaseModel):
    """What a text mentions, each kind in order of appearance."""

    model_config = ConfigDict(frozen=True)

    taxonomy_version: str
    occupations: list[Mention]
    skills: list[Mention]
    driving_licences: list[Mention] = Field(default_factory=list)
    languages: list[LanguageMention] = Field(default_factory=list)
    swedish: SwedishLevelCode | None = Field(
        default=None, description="The first Swedish level the text states, or null."
    )
    swedish_mention: SwedishMention | None = Field(
        default=None, description="Where the text states the Swedish level."
    )


class Suggestion(BaseModel):
    """An autocomplete suggestion for a form field."""

    model_config = ConfigDict(frozen=True)

    concept_id: str
    type: str
    preferred_label: str
    matched_label: str
    score: float
