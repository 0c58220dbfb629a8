from typing import Annotated

from fastapi import Path, Query, Request, status
from sqlalchemy import Connection

from service.db import DatabaseDep, SessionDep
from service.errors import FieldError, InvalidInput, NotFound, problems
from service.kit.access import (
    LIST_PROBLEMS,
    TEXT_PROBLEMS,
    Admin,
    AnyRole,
    TextMapper,
)
from service.kit.changes import Changes
from service.kit.pagination import Page, PageParamsDep
from service.kit.routing import Router
from service.taxonomy.schemas import (
    ConceptDetail,
    ConceptSummary,
    ExtractRequest,
    MapRequest,
    ReplacementPublic,
    Suggestions,
    SyncRequest,
    SyncStatus,
    VersionPublic,
    WeightedConcept,
)
from service.taxonomy.state import TaxonomyDep
from service.taxonomy.sync_job import SyncJobs
from taxonomy import (
    Extraction,
    MapResult,
    MapType,
    VersionDiff,
    diff_versions,
    store,
)

router = Router(prefix="/taxonomy", tags=["taxonomy"])
SYNCS = Changes("taxonomy", SyncStatus, object_type="taxonomy_version")


@router.get("/versions", response_model=Page[VersionPublic], responses=LIST_PROBLEMS)
def list_versions(
    database: DatabaseDep, caller: AnyRole, page: PageParamsDep
) -> Page[VersionPublic]:
    """List stored taxonomy versions, newest first; one of them is current."""
    with database.engine.connect() as connection:
        versions = store.list_versions(connection)
    items = [VersionPublic.model_validate(v.model_dump()) for v in reversed(versions)]
    return Page[VersionPublic](
        items=items[page.offset : page.offset + page.limit],
        total=len(items),
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/concepts/{concept_id}",
    response_model=ConceptDetail,
    responses=problems(401, 403, 404, 429, 503),
)
def get_concept(
    concept_id: Annotated[str, Path(max_length=32)],
    taxonomy: TaxonomyDep,
    caller: AnyRole,
) -> ConceptDetail:
    """Return one concept with its labels, codes, successors and neighbours."""
    graph = taxonomy.graph
    concept = graph.get(concept_id)
    if concept is None:
        raise NotFound(
            f"The taxonomy version {taxonomy.label} has no concept {concept_id!r}."
        )
    summary = ConceptSummary.of
    return ConceptDetail(
        taxonomy_version=taxonomy.label,
        **concept.model_dump(
            include={
                "id",
                "type",
                "preferred_label",
                "definition",
                "deprecated",
                "codes",
            }
        ),
        alternative_labels=list(concept.alternative_labels),
        former_labels=list(concept.former_labels),
        replaced_by=[
            summary(graph.concept(i)) for i in concept.replaced_by if i in graph
        ],
        replacements=[
            ReplacementPublic(concept=summary(r.concept), fallback=r.fallback)
            for r in graph.replacements(concept_id)
        ],
        broader=[summary(c) for c in graph.broader_chain(concept_id)],
        related=[summary(c) for c in graph.related(concept_id)],
        substitutes=[
            WeightedConcept(concept=summary(c), percentage=p)
            for c, p in graph.substitutes(concept_id)
        ],
        substituted_by=[
            WeightedConcept(concept=summary(c), percentage=p)
            for c, p in graph.substituted_by(concept_id)
        ],
        skills=[summary(c) for c in graph.skills_of_group(concept_id)]
        if concept.type == "ssyk-level-4"
        else [],
    )


@router.get("/concepts", response_model=Page[ConceptSummary], responses=LIST_PROBLEMS)
def list_concepts(
    taxonomy: TaxonomyDep,
    caller: AnyRole,
    page: PageParamsDep,
    type: Annotated[
        str | None, Query(max_length=64, description="A concept type, e.g. `skill`.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of a label.")
    ] = None,
    include_deprecated: bool = False,
) -> Page[ConceptSummary]:
    """Find concepts by type and label text, ignoring case and diacritics."""
    known = taxonomy.graph.counts().concepts_by_type
    if type is not None and type not in known:
        raise InvalidInput(
            f"Unknown concept type {type!r}.",
            [
                FieldError(
                    field="type",
                    rule="enum",
                    message="one of: " + ", ".join(sorted(known)),
                )
            ],
        )
    found = taxonomy.graph.search(type=type, q=q, include_deprecated=include_deprecated)
    return Page[ConceptSummary](
        items=[
            ConceptSummary.of(c) for c in found[page.offset : page.offset + page.limit]
        ],
        total=len(found),
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/changes", response_model=VersionDiff, responses=problems(401, 403, 404, 429)
)
def list_changes(
    database: DatabaseDep,
    caller: AnyRole,
    from_version: Annotated[
        str, Query(max_length=100, description="A stored version's label or id.")
    ],
    to_version: Annotated[
        str, Query(max_length=100, description="A stored version's label or id.")
    ],
) -> VersionDiff:
    """Compare two stored versions: created, deprecated with successors, relabelled."""
    with database.engine.connect() as connection:
        ids = [_version_id(connection, ref) for ref in (from_version, to_version)]
        return diff_versions(connection, ids[0], ids[1])


def _version_id(connection: Connection, ref: str) -> int:
    found = store.get_version(connection, ref)
    if found is None and ref.isdigit():
        found = store.get_version(connection, int(ref))
    if found is None:
        raise NotFound(f"No stored taxonomy version has the label or id {ref!r}.")
    return found.id


@router.post(
    "/sync",
    response_model=SyncStatus,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(401, 403, 409, 413, 415, 429),
)
def start_sync(
    request: Request, body: SyncRequest, session: SessionDep, caller: Admin
) -> SyncStatus:
    """Start pulling a version from the live JobTech API; poll GET for its status."""
    jobs: SyncJobs = request.app.state.taxonomy_sync
    started = jobs.start(body.version)
    SYNCS.commit_event(session, caller, "sync", str(body.version or "latest"))
    return started


@router.get("/sync", response_model=SyncStatus, responses=problems(401, 403, 404, 429))
def get_sync(request: Request, caller: Admin) -> SyncStatus:
    """Return the status of the last sync started in this process."""
    jobs: SyncJobs = request.app.state.taxonomy_sync
    if jobs.status is None:
        raise NotFound("No taxonomy sync has been started since the service started.")
    return jobs.status


@router.post("/map", response_model=MapResult, responses=TEXT_PROBLEMS)
def map_text(body: MapRequest, taxonomy: TaxonomyDep, caller: TextMapper) -> MapResult:
    """Map a free text to concepts of one type, best first, or abstain when unsure."""
    return taxonomy.mapper.map(body.text, type=body.type, limit=body.limit)


@router.post("/extract", response_model=Extraction, responses=TEXT_PROBLEMS)
def extract_concepts(
    body: ExtractRequest, taxonomy: TaxonomyDep, caller: TextMapper
) -> Extraction:
    """Read a longer text (an ad, a participant's own words) into what it mentions.

    Occupations, skills (taxonomy labels and common trade words such as
    "truckkort"), driving licences ("B-körkort", "C/CE"), languages with a CEFR
    level when stated, and the Swedish level ("SFI D", "SAS grund"); each with its
    span, confidence and requirement: must, merit or null from the cue words around
    it ("krav", "meriterande"; "inget krav på" is no must).
    """
    return taxonomy.mapper.extract(body.text)


@router.get("/autocomplete", response_model=Suggestions, responses=LIST_PROBLEMS)
def autocomplete(
    taxonomy: TaxonomyDep,
    caller: TextMapper,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    type: MapType | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Suggestions:
    """Suggest concepts for a form field as the user types; tolerant of typos."""
    return Suggestions(
        taxonomy_version=taxonomy.label,
        items=taxonomy.mapper.autocomplete(q, type=type, limit=limit),
    )
