"""Read JobTech answers into :mod:`taxonomy.models`.

REST answers namespace and kebab-case every key (``taxonomy/preferred-label``),
GraphQL answers use snake_case (``preferred_label``). :func:`snake_keys` turns the
first into the second, so one set of wire models below checks both, and a concept
reads the same whichever way it came. Anything that does not fit becomes
:class:`MalformedPayload` naming the endpoint and the first misfit.
"""

from datetime import datetime
from typing import Any, TypeVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from taxonomy.errors import MalformedPayload
from taxonomy.models import (
    CODE_FIELDS,
    Concept,
    ConceptChange,
    ConceptDetail,
    Relation,
    ReplacedByChange,
    TaxonomyVersion,
)

T = TypeVar("T")

# Codes outside CODE_FIELDS that some endpoints report; kept under their own names.
EXTRA_CODE_FIELDS = (
    "nuts_level_3_code_2013",
    "eures_code_2014",
    "iso_639_3_alpha_2_2007",
    "iso_639_3_alpha_3_2007",
)
# GraphQL calls the legacy AMS id ``deprecated_legacy_id``; job ads call it this.
LEGACY_ID_FIELD = "legacy_ams_taxonomy_id"
_KNOWN_CODES = frozenset(CODE_FIELDS + EXTRA_CODE_FIELDS)


def snake_keys(value: Any) -> Any:
    """Strip the ``taxonomy/`` namespace and kebab-case from every key, recursively."""
    if isinstance(value, dict):
        return {
            str(key).removeprefix("taxonomy/").replace("-", "_"): snake_keys(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [snake_keys(item) for item in value]
    return value


class _Neighbour(BaseModel):
    """A concept as nested in a relation list: only its id (and weight) matter."""

    id: str = Field(min_length=1)
    substitutability_percentage: int | None = None


def _ids(items: list[_Neighbour] | None) -> tuple[str, ...]:
    return tuple(item.id for item in items or ())


class _ConceptPayload(BaseModel):
    """A concept in either dialect, after :func:`snake_keys`; codes arrive as extras."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    type: str = Field(min_length=1)
    preferred_label: str
    definition: str | None = None
    deprecated: bool | None = None
    alternative_labels: list[str] | None = None
    deprecated_legacy_id: str | None = None
    replaced_by: list[_Neighbour] | None = None
    broader: list[_Neighbour] | None = None
    narrower: list[_Neighbour] | None = None
    related: list[_Neighbour] | None = None
    substitutes: list[_Neighbour] | None = None
    substituted_by: list[_Neighbour] | None = None

    def concept(self) -> Concept:
        codes = {
            key: str(value)
            for key, value in (self.model_extra or {}).items()
            if key in _KNOWN_CODES and value not in (None, "")
        }
        if self.deprecated_legacy_id:
            codes.setdefault(LEGACY_ID_FIELD, self.deprecated_legacy_id)
        return Concept(
            id=self.id,
            type=self.type,
            preferred_label=self.preferred_label,
            alternative_labels=tuple(self.alternative_labels or ()),
            definition=self.definition or None,
            codes=codes,
            deprecated=bool(self.deprecated),
            replaced_by=_ids(self.replaced_by),
        )

    def relations(self) -> tuple[Relation, ...]:
        me = self.id

        def edges(
            items: list[_Neighbour] | None, kind: str, outgoing: bool
        ) -> list[Relation]:
            return [
                Relation(
                    source_id=me if outgoing else item.id,
                    relation=kind,
                    target_id=item.id if outgoing else me,
                    substitutability_percentage=item.substitutability_percentage,
                )
                for item in items or ()
            ]

        found = [
            *edges(self.broader, "broader", outgoing=True),
            *edges(self.narrower, "broader", outgoing=False),
            *edges(self.related, "related", outgoing=True),
            *edges(self.substitutes, "substitutes", outgoing=True),
            *edges(self.substituted_by, "substitutes", outgoing=False),
        ]
        return tuple(dict.fromkeys(found))

    def detail(self) -> ConceptDetail:
        return ConceptDetail(concept=self.concept(), relations=self.relations())


class _VersionPayload(BaseModel):
    version: int
    timestamp: datetime | None = None


class _ReplacedByChangePayload(BaseModel):
    version: int
    concept: _ConceptPayload


class _ChangedConcept(BaseModel):
    id: str = Field(min_length=1)
    type: str = Field(min_length=1)
    preferred_label: str | None = None
    deprecated: bool | None = None


class _ConceptChangePayload(BaseModel):
    version: int
    event_type: str
    # The 2019 server renamed ``concept`` to ``changed_concept``; accept either.
    changed: _ChangedConcept = Field(
        validation_alias=AliasChoices("changed_concept", "concept")
    )


class _GraphQLConcepts(BaseModel):
    concepts: list[_ConceptPayload]


def _validate(adapter: TypeAdapter[T], document: object, endpoint: str) -> T:
    try:
        return adapter.validate_python(snake_keys(document))
    except PydanticValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise MalformedPayload(
            endpoint,
            f"{exc.error_count()} problem(s), first at {where}: {first['msg']}",
        ) from None


_versions = TypeAdapter(list[_VersionPayload])
_types = TypeAdapter(list[str])
_concepts = TypeAdapter(list[_ConceptPayload])
_replaced = TypeAdapter(list[_ReplacedByChangePayload])
_changes = TypeAdapter(list[_ConceptChangePayload])
_graphql_data = TypeAdapter(dict[str, Any])
_graphql_concepts = TypeAdapter(_GraphQLConcepts)


def parse_versions(document: object, endpoint: str) -> list[TaxonomyVersion]:
    """Read ``/main/versions``, oldest first as the API lists them."""
    items = _validate(_versions, document, endpoint)
    return [TaxonomyVersion(version=i.version, timestamp=i.timestamp) for i in items]


def parse_concept_types(document: object, endpoint: str) -> list[str]:
    """Read ``/main/concept/types``."""
    return _validate(_types, document, endpoint)


def parse_rest_concepts(document: object, endpoint: str) -> list[Concept]:
    """Read a REST list of concepts, e.g. from ``/suggesters/autocomplete``."""
    return [item.concept() for item in _validate(_concepts, document, endpoint)]


def parse_replaced_by_changes(
    document: object, endpoint: str
) -> list[ReplacedByChange]:
    """Read ``/main/replaced-by-changes``."""
    return [
        ReplacedByChange(version=item.version, concept=item.concept.concept())
        for item in _validate(_replaced, document, endpoint)
    ]


def parse_concept_changes(document: object, endpoint: str) -> list[ConceptChange]:
    """Read ``/main/concept/changes``."""
    return [
        ConceptChange(
            version=item.version,
            event_type=item.event_type,
            concept_id=item.changed.id,
            concept_type=item.changed.type,
            preferred_label=item.changed.preferred_label,
            deprecated=bool(item.changed.deprecated),
        )
        for item in _validate(_changes, document, endpoint)
    ]


def graphql_data(document: object, endpoint: str) -> dict[str, Any]:
    """Return the ``data`` object of a GraphQL answer."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise MalformedPayload(endpoint, "expected an object with a 'data' object")
    return _validate(_graphql_data, document["data"], endpoint)


def _graphql_payloads(document: object, endpoint: str) -> list[_ConceptPayload]:
    data = graphql_data(document, endpoint)
    return _validate(_graphql_concepts, data, endpoint).concepts


def parse_graphql_concepts(document: object, endpoint: str) -> list[Concept]:
    """Read ``{"data": {"concepts": [...]}}`` into concepts, dropping any edges."""
    return [item.concept() for item in _graphql_payloads(document, endpoint)]


def parse_graphql_details(document: object, endpoint: str) -> list[ConceptDetail]:
    """Read ``{"data": {"concepts": [...]}}`` into concepts with their edges."""
    return [item.detail() for item in _graphql_payloads(document, endpoint)]
