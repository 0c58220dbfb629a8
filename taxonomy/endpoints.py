"""What each taxonomy client method asks of the JobTech API and how it reads the answer.

Both clients in :mod:`taxonomy.client` send exactly these :class:`Call` objects; they
differ only in being blocking or async.

Which section answers what, and why:

* versions, concept types, replaced-by and change logs, autocomplete: the REST ``main``
  and ``suggesters`` endpoints, whose names and parameters are documented and stable.
* concepts and concept details: GraphQL, because only it documents
  ``include_deprecated``, returns the external codes (SSYK, ISCO, ...) with the concept
  (REST ``/main/concepts`` does not) and lists every relation with its substitutability
  percentage in the same answer. JobTech's own importers read concepts this way.

GraphQL goes out as ``GET /graphql?query=...`` as JobTech's own tools send it. Arguments
are written into the query as literals (``version: 22``) rather than as variables,
because the literal form is the documented one.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from taxonomy import payloads
from taxonomy.models import (
    Concept,
    ConceptChange,
    ConceptDetail,
    ReplacedByChange,
    TaxonomyVersion,
)

T = TypeVar("T")
Params = tuple[tuple[str, str], ...]

DEFAULT_PAGE_SIZE = 500

# Code fields the GraphQL schema is known to have: an unknown one fails the query.
GRAPHQL_CODE_FIELDS = (
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
    "nuts_level_3_code_2013",
    "national_nuts_level_3_code_2019",
    "lau_2_code_2015",
)
CONCEPT_FIELDS = (
    "id",
    "type",
    "preferred_label",
    "definition",
    "deprecated",
    "alternative_labels",
    "deprecated_legacy_id",
    *GRAPHQL_CODE_FIELDS,
)
# Edges read from the concept's own side only, so a crawl over all types sees each once.
OUTGOING_EDGES = ("broader", "related", "substitutes")
# Incoming edges too: one concept's detail should show everything that touches it.
ALL_EDGES = (*OUTGOING_EDGES, "narrower", "substituted_by")
_WEIGHTED_EDGES = frozenset({"substitutes", "substituted_by"})


@dataclass(frozen=True)
class Call(Generic[T]):
    """One GET under the API's base URL and the function that reads its JSON."""

    path: str
    params: Params
    parse: Callable[[object, str], T]


def _params(**values: str | int | bool | None) -> Params:
    """Query parameters with ``snake_case`` names sent as the API's ``kebab-case``."""
    return tuple(
        (
            name.replace("_", "-"),
            str(value).lower() if isinstance(value, bool) else str(value),
        )
        for name, value in values.items()
        if value is not None
    )


def versions() -> Call[list[TaxonomyVersion]]:
    return Call("/main/versions", (), payloads.parse_versions)


def concept_types(version: int | None) -> Call[list[str]]:
    return Call(
        "/main/concept/types", _params(version=version), payloads.parse_concept_types
    )


def replaced_by_changes(
    after_version: int, to_version: int
) -> Call[list[ReplacedByChange]]:
    params = _params(after_version=after_version, to_version_inclusive=to_version)
    return Call("/main/replaced-by-changes", params, payloads.parse_replaced_by_changes)


def concept_changes(after_version: int, to_version: int) -> Call[list[ConceptChange]]:
    params = _params(after_version=after_version, to_version_inclusive=to_version)
    return Call("/main/concept/changes", params, payloads.parse_concept_changes)


def autocomplete(query: str, type: str | None, limit: int) -> Call[list[Concept]]:
    params = _params(query_string=query, type=type, limit=limit)
    return Call("/suggesters/autocomplete", params, payloads.parse_rest_concepts)


def graphql(query: str, variables: dict[str, object] | None) -> Call[dict[str, object]]:
    params: Params = (("query", query),)
    if variables:
        params += (("variables", json.dumps(variables)),)
    return Call("/graphql", params, payloads.graphql_data)


def _literal(value: str | int | bool) -> str:
    # JSON string and number syntax is valid GraphQL literal syntax.
    return json.dumps(value)


def _edge(name: str, include_deprecated: bool) -> str:
    args = "(include_deprecated: true)" if include_deprecated else ""
    fields = "id substitutability_percentage" if name in _WEIGHTED_EDGES else "id"
    return f"{name}{args} {{ {fields} }}"


def concepts_query(
    filters: dict[str, str | int | bool | None], edges: tuple[str, ...] = ()
) -> str:
    """A ``concepts(...)`` query asking for every concept field and the given edges."""
    args = ", ".join(f"{k}: {_literal(v)}" for k, v in filters.items() if v is not None)
    include_deprecated = filters.get("include_deprecated") is True
    selection = [*CONCEPT_FIELDS, "replaced_by { id }"]
    selection += [_edge(name, include_deprecated) for name in edges]
    return f"query {{ concepts({args}) {{ {' '.join(selection)} }} }}"


def _graphql_call(query: str, parse: Callable[[object, str], T]) -> Call[T]:
    return Call("/graphql", (("query", query),), parse)


def _page_filters(
    type: str, version: int | None, include_deprecated: bool, offset: int, limit: int
) -> dict[str, str | int | bool | None]:
    # Omitted rather than false: the API's own default hides deprecated concepts.
    return {
        "type": type,
        "include_deprecated": include_deprecated or None,
        "version": version,
        "offset": offset,
        "limit": limit,
    }


def concepts(
    type: str, version: int | None, include_deprecated: bool, offset: int, limit: int
) -> Call[list[Concept]]:
    query = concepts_query(
        _page_filters(type, version, include_deprecated, offset, limit)
    )
    return _graphql_call(query, payloads.parse_graphql_concepts)


def concept_details(
    type: str, version: int | None, include_deprecated: bool, offset: int, limit: int
) -> Call[list[ConceptDetail]]:
    filters = _page_filters(type, version, include_deprecated, offset, limit)
    query = concepts_query(filters, OUTGOING_EDGES)
    return _graphql_call(query, payloads.parse_graphql_details)


def _first_detail(document: object, endpoint: str) -> ConceptDetail | None:
    found = payloads.parse_graphql_details(document, endpoint)
    return found[0] if found else None


def concept(id: str, version: int | None) -> Call[ConceptDetail | None]:
    query = concepts_query(
        {"id": id, "include_deprecated": True, "version": version}, ALL_EDGES
    )
    return _graphql_call(query, _first_detail)


def next_offset(offset: int, received: int, page_size: int) -> int | None:
    """Where the next page starts, or None once a short page says there is no more."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    return offset + received if received >= page_size else None
