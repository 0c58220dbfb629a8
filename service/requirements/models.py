"""The typed requirement form shared by needs, track entry requirements and placements.

Everything a requirement names is a taxonomy concept of a known type; the only free
text is `notes`, which is checked for discriminatory wording like every other text.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


class SwedishLevel(StrEnum):
    """SFI courses A-D, then Swedish as a second language (SvA) grund, 1, 2, 3."""

    SFI_A = "sfi_a"
    SFI_B = "sfi_b"
    SFI_C = "sfi_c"
    SFI_D = "sfi_d"
    SVA_GRUND = "sva_grund"
    SVA_1 = "sva_1"
    SVA_2 = "sva_2"
    SVA_3 = "sva_3"


class LanguageLevel(StrEnum):
    """The CEFR scale."""

    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2 = "b2"
    C1 = "c1"
    C2 = "c2"


class Programme(StrEnum):
    ORDINARY = "ordinary"
    JOBBSPAR = "jobbspar"
    STOCKHOLMSJOBB = "stockholmsjobb"
    PRAKTIK = "praktik"


class Schedule(StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"
    WEEKEND = "weekend"
    SHIFT = "shift"


class WorktimeExtent(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


class RequirementKind(StrEnum):
    SKILL = "skill"
    DRIVING_LICENCE = "driving_licence"
    EDUCATION_LEVEL = "education_level"
    EDUCATION_FIELD = "education_field"
    OCCUPATION_EXPERIENCE = "occupation_experience"


CONCEPT_TYPES: dict[RequirementKind, tuple[str, ...]] = {
    RequirementKind.SKILL: ("skill",),
    RequirementKind.DRIVING_LICENCE: ("driving-licence",),
    RequirementKind.EDUCATION_LEVEL: (
        "sun-education-level-1",
        "sun-education-level-2",
        "sun-education-level-3",
    ),
    RequirementKind.EDUCATION_FIELD: (
        "sun-education-field-1",
        "sun-education-field-2",
        "sun-education-field-3",
        "sun-education-field-4",
    ),
    RequirementKind.OCCUPATION_EXPERIENCE: ("occupation-name", "ssyk-level-4"),
}
OCCUPATION_TYPES = CONCEPT_TYPES[RequirementKind.OCCUPATION_EXPERIENCE]


class LanguageRequirement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language_id: str = Field(min_length=1, max_length=32, description="A language.")
    level: LanguageLevel


class RequirementItem(BaseModel):
    """One typed requirement; `min_years` belongs to occupation experience only."""

    model_config = ConfigDict(extra="forbid")

    kind: RequirementKind
    concept_id: str = Field(min_length=1, max_length=32)
    min_years: int | None = Field(default=None, ge=0, le=50)

    @model_validator(mode="after")
    def _years_only_for_experience(self) -> "RequirementItem":
        if self.min_years is not None and (
            self.kind is not RequirementKind.OCCUPATION_EXPERIENCE
        ):
            raise PydanticCustomError(
                "min_years_kind", "min_years applies to occupation_experience only"
            )
        return self


class RequirementProfile(BaseModel):
    """Must-haves, merits and language levels; an age limit needs its legal basis."""

    model_config = ConfigDict(extra="forbid")
    swedish: SwedishLevel | None = None
    languages: list[LanguageRequirement] = Field(default_factory=list, max_length=20)
    must: list[RequirementItem] = Field(default_factory=list, max_length=50)
    merits: list[RequirementItem] = Field(default_factory=list, max_length=50)
    minimum_age: int | None = Field(
        default=None,
        ge=15,
        le=30,
        description="Only a statutory minimum age, with its basis.",
    )
    minimum_age_basis: str | None = Field(
        default=None,
        min_length=3,
        max_length=200,
        description="The law that sets the minimum age (e.g. alkohollagen 3 kap. 5 §).",
    )
    notes: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _age_needs_basis(self) -> "RequirementProfile":
        if self.minimum_age is not None and self.minimum_age_basis is None:
            raise PydanticCustomError(
                "legal_basis_required",
                "an age limit needs minimum_age_basis: the law that requires it "
                "(diskrimineringslagen 2008:567 forbids other age limits)",
            )
        return self
