"""Taxonomy records shared by the snapshot reader, HTTP client, store and mapper.

REST answers use namespaced kebab keys (``taxonomy/preferred-label``), GraphQL and the
snapshot files use snake_case (``preferred_label``); both are parsed into these models.
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

CODE_FIELDS = (
    "ssyk_code_2012",
    "isco_code_08",
    "sun_education_field_code_2020",
    "sun_education_level_code_2020",
    "sni_level_code_2007",
    "iso_639_1_2002",
    "iso_639_2_1998",
    "iso_639_3_2007",
    "iso_3166_1_alpha_2_2013",
    "iso_3166_1_alpha_3_2013",
    "lau_2_code_2015",
    "national_nuts_level_3_code_2019",
    "driving_licence_code_2013",
    "legacy_ams_taxonomy_id",
)


class Concept(BaseModel):
    """One taxonomy concept as of one version."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    type: str = Field(min_length=1)
    preferred_label: str
    alternative_labels: tuple[str, ...] = ()
    former_labels: tuple[str, ...] = ()
    definition: str | None = None
    codes: dict[str, str] = Field(default_factory=dict)
    deprecated: bool = False
    replaced_by: tuple[str, ...] = ()


class Relation(BaseModel):
    """A directed edge between two concepts (``broader`` points child -> parent)."""

    model_config = ConfigDict(frozen=True)

    source_id: str
    relation: str
    target_id: str
    substitutability_percentage: int | None = None


class TaxonomyVersion(BaseModel):
    """A published taxonomy version as the live API reports it."""

    model_config = ConfigDict(frozen=True)

    version: int
    timestamp: datetime | None = None


class ConceptDetail(BaseModel):
    """One concept with its edges, each in the direction :class:`Relation` stores it.

    ``narrower`` and ``substituted_by`` answers are turned around into ``broader`` and
    ``substitutes`` edges, so a detail never holds an edge kind the store does not know.
    """

    model_config = ConfigDict(frozen=True)

    concept: Concept
    relations: tuple[Relation, ...] = ()


class ReplacedByChange(BaseModel):
    """A concept deprecated in ``version`` and the concepts that replace it."""

    model_config = ConfigDict(frozen=True)

    version: int
    concept: Concept


class ConceptChange(BaseModel):
    """One event of the change log (``CREATED``, ``UPDATED``, ``DEPRECATED``...)."""

    model_config = ConfigDict(frozen=True)

    version: int
    event_type: str
    concept_id: str
    concept_type: str
    preferred_label: str | None = None
    deprecated: bool = False
