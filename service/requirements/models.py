"""The typed requirement form shared by needs, track entry requirements and placements.

Everything a requirement names is a taxonomy concept of a known type, given by id or
written as text and mapped when it is written (`service.requirements.written`); the
only text kept unmapped is `notes`. Every text is checked for discriminatory wording.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from taxonomy import MapType


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


MAPPED_TYPES: dict[RequirementKind, tuple[MapType, ...]] = {
    RequirementKind.SKILL: ("skill",),
    RequirementKind.DRIVING_LICENCE: ("driving-licence",),
    RequirementKind.OCCUPATION_EXPERIENCE: ("occupation-name",),
}
"""The kinds a text may name, and the mapper types it is read as. A text without a
kind is tried as a licence, then a skill, then an occupation: a licence code is
exact, and most of what an employer lists as a must ("truckkort", "Excel") is a
skill."""
ANY_KIND: tuple[MapType, ...] = ("driving-licence", "skill", "occupation-name")
ALL_TYPES = tuple(t for types in CONCEPT_TYPES.values() for t in types)


def kind_of(concept_type: str) -> RequirementKind | None:
    """The requirement kind whose concepts have this type."""
    return next(
        (k for k, types in CONCEPT_TYPES.items() if concept_type in types), None
    )


class Labelled(BaseModel):
    """What is stored beside a concept id: its label, and for a text what was written,
    the mapper's confidence and the taxonomy version it was read against."""

    preferred_label: str | None = None
    text: str | None = None
    confidence: float | None = None
    taxonomy_version: str | None = None


class ReadBack(BaseModel):
    """A term given by id or by `text`. The fields a read adds beside an id are
    accepted back, so that what a GET returns can be written again as it is: the id
    is what counts, and these are ignored (a client does not set a label, a
    confidence or a version)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=200)
    preferred_label: str | None = Field(
        default=None, max_length=500, description="As read; ignored when written."
    )
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="As read; ignored when written."
    )
    taxonomy_version: str | None = Field(
        default=None, max_length=64, description="As read; ignored when written."
    )

    def _by_id_or_text(self, concept_id: str | None, rule: str, message: str) -> None:
        """Exactly one of id and text, except that a read's item carries both: its
        id counts and its text (what was once written) is dropped."""
        if (
            concept_id is not None
            and self.text is not None
            and (self.preferred_label is not None or self.taxonomy_version is not None)
        ):
            self.text = None
        if (concept_id is None) == (self.text is None):
            raise PydanticCustomError(rule, message)


class LanguageIn(ReadBack):
    """A language by `language_id` or by name (`text`: "arabiska"), with its level."""

    language_id: str | None = Field(
        default=None, min_length=1, max_length=32, description="A language."
    )
    level: LanguageLevel

    @model_validator(mode="after")
    def _exactly_one(self) -> "LanguageIn":
        self._by_id_or_text(
            self.language_id,
            "language_or_text",
            "give exactly one of language_id and text",
        )
        return self


class LanguageRequirement(Labelled):
    language_id: str = Field(min_length=1, max_length=32, description="A language.")
    level: LanguageLevel


class RequirementItemIn(ReadBack):
    """One requirement by `concept_id` (with its `kind`) or by `text` ("truckkort",
    "B-körkort"), mapped when written; a text without `kind` is read as a driving
    licence, a skill or an occupation, in that order. `min_years` belongs to
    occupation experience only."""

    kind: RequirementKind | None = None
    concept_id: str | None = Field(default=None, min_length=1, max_length=32)
    min_years: int | None = Field(default=None, ge=0, le=50)

    @model_validator(mode="after")
    def _consistent(self) -> "RequirementItemIn":
        self._by_id_or_text(
            self.concept_id,
            "concept_or_text",
            "give exactly one of concept_id and text",
        )
        if self.text is not None and self.kind not in (None, *MAPPED_TYPES):
            raise PydanticCustomError(
                "concept_id_required",
                "education levels and fields are given by concept_id",
            )
        if self.min_years is not None and (
            self.kind is not RequirementKind.OCCUPATION_EXPERIENCE
        ):
            raise PydanticCustomError(
                "min_years_kind", "min_years applies to occupation_experience only"
            )
        return self


class RequirementItem(Labelled):
    """One typed requirement as stored, with the label of its concept."""

    kind: RequirementKind
    concept_id: str = Field(min_length=1, max_length=32)
    min_years: int | None = Field(default=None, ge=0, le=50)


class ProfileFields(BaseModel):
    """Levels, an age limit with its legal basis, and notes; the concepts a profile
    names are in `RequirementProfileIn` (as written) and `RequirementProfile`."""

    model_config = ConfigDict(extra="forbid")
    swedish: SwedishLevel | None = None
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
    def _age_needs_basis(self) -> "ProfileFields":
        if self.minimum_age is not None and self.minimum_age_basis is None:
            raise PydanticCustomError(
                "legal_basis_required",
                "an age limit needs minimum_age_basis: the law that requires it "
                "(diskrimineringslagen 2008:567 forbids other age limits)",
            )
        return self


class RequirementProfileIn(ProfileFields):
    """Must-haves, merits and language levels, each by concept id or by text."""

    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    must: list[RequirementItemIn] = Field(default_factory=list, max_length=50)
    merits: list[RequirementItemIn] = Field(default_factory=list, max_length=50)


class RequirementProfile(ProfileFields):
    """Must-haves, merits and language levels as stored, every concept labelled."""

    languages: list[LanguageRequirement] = Field(default_factory=list, max_length=20)
    must: list[RequirementItem] = Field(default_factory=list, max_length=50)
    merits: list[RequirementItem] = Field(default_factory=list, max_length=50)
