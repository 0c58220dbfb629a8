"""Fetch one whole taxonomy version from the live API into memory.

:func:`fetch_version` writes nothing: the caller stores the :class:`FetchedVersion` in
one transaction, so a failure half-way through leaves the store as it was.

How it reads the API, and why:

1. ``/main/versions`` (REST) names the latest version when none is asked for; the
   last item is the newest, but the maximum is taken so that order does not matter.
2. ``/main/concept/types`` (REST) lists the types of that version.
3. For each type, GraphQL ``concepts(type, include_deprecated: true, version, offset,
   limit)`` is paged. One answer carries everything a concept needs: its codes,
   ``replaced_by`` and its outgoing ``broader``, ``related`` and ``substitutes`` edges
   (with ``substitutability_percentage``). REST could not do this: ``/main/concepts``
   has no codes and no way to include deprecated concepts, and its ``/main/graph``
   needs one request per pair of concept types. ``/main/replaced-by-changes`` would
   only give successors that changed between two versions, not all of them.

Edges are taken from the side that states them (a child names its ``broader``
parent), so each ``broader`` and ``substitutes`` edge is seen once. ``related`` is
symmetric in the taxonomy and JobTech lists it from both ends; both directions are
kept, as the API states them, and exact duplicates are dropped.
"""

from collections.abc import Callable
from dataclasses import dataclass

from taxonomy.client import TaxonomyClient
from taxonomy.endpoints import DEFAULT_PAGE_SIZE
from taxonomy.errors import MalformedPayload
from taxonomy.models import Concept, Relation

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class FetchedVersion:
    """Every concept (deprecated too) and edge of one version, and its source."""

    version: int
    concepts: list[Concept]
    relations: list[Relation]
    source: str


def latest_version(client: TaxonomyClient) -> int:
    """The newest published version number."""
    published = client.versions()
    if not published:
        raise MalformedPayload("/main/versions", "the API lists no versions")
    return max(item.version for item in published)


def fetch_version(
    client: TaxonomyClient,
    *,
    version: int | None = None,
    progress: Progress | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> FetchedVersion:
    """Read all concepts and edges of ``version`` (the latest when None).

    ``progress(stage, done, total)`` is called with ``("types", n, total_types)`` after
    each type and ``(type, concepts_so_far, None)`` after each concept of that type.
    Raises :class:`taxonomy.errors.TaxonomyError` subclasses, e.g. TaxonomyUnreachable.
    """
    report = progress or (lambda stage, done, total: None)
    chosen = latest_version(client) if version is None else version
    types = client.concept_types(version=chosen)
    concepts: dict[str, Concept] = {}
    relations: dict[Relation, None] = {}
    for done_types, concept_type in enumerate(types, start=1):
        details = client.iter_concept_details(
            concept_type, version=chosen, include_deprecated=True, page_size=page_size
        )
        for count, detail in enumerate(details, start=1):
            concepts[detail.concept.id] = detail.concept
            relations.update(dict.fromkeys(detail.relations))
            report(concept_type, count, None)
        report("types", done_types, len(types))
    return FetchedVersion(
        version=chosen,
        concepts=list(concepts.values()),
        relations=list(relations),
        source=client.base_url,
    )
