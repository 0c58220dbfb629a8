"""The taxonomy as the running service sees it: the current stored version, indexed.

Building the graph and the mapper takes a few seconds, so it happens once per version
and process. Each process checks the store for a newer current version at most every
`RECHECK_SECONDS`, so a sync done by one worker reaches the others soon after. A
request never waits for that: the check and any rebuild run in a background thread,
and requests keep the version already indexed until the new one is ready. Only the
first load, when nothing is indexed yet, runs in the caller.
"""

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from service.errors import DomainError
from taxonomy import (
    Concept,
    Relation,
    TaxonomyGraph,
    read_snapshot,
    store,
)

if TYPE_CHECKING:
    from taxonomy import Mapper

logger = logging.getLogger("jobbmatch.taxonomy")
RECHECK_SECONDS = 30.0


class TaxonomyNotLoaded(DomainError):
    status, title, slug = 503, "Taxonomy not loaded", "taxonomy-not-loaded"


@dataclass(frozen=True)
class LoadedTaxonomy:
    """One indexed taxonomy version: its record, graph and free-text mapper."""

    version: store.VersionInfo
    graph: TaxonomyGraph
    mapper: "Mapper"

    @property
    def label(self) -> str:
        return self.version.label


def build(engine: Engine, version: store.VersionInfo) -> LoadedTaxonomy:
    with engine.connect() as connection:
        concepts, relations = store.load_version(connection, version.id)
    return _indexed(concepts, relations, version)


def from_snapshot(folder: Path) -> LoadedTaxonomy:
    """A snapshot indexed without a database (benchmarks and offline tools)."""
    snapshot = read_snapshot(folder)
    version = store.VersionInfo(
        id=0,
        label=snapshot.label,
        number=None,
        source=snapshot.source,
        content_hash="",
        imported_at=datetime.now(UTC),
        is_current=True,
        concept_count=len(snapshot.concepts),
        relation_count=len(snapshot.relations),
    )
    return _indexed(snapshot.concepts, snapshot.relations, version)


def _indexed(
    concepts: Sequence[Concept],
    relations: Sequence[Relation],
    version: store.VersionInfo,
) -> LoadedTaxonomy:
    # The mapper's NumPy and SciPy load here, not when the CLI starts.
    from taxonomy import Mapper

    started = time.perf_counter()
    graph = TaxonomyGraph.build(concepts, relations, version_label=version.label)
    mapper = Mapper.build(concepts, relations, version_label=version.label)
    logger.info(
        "taxonomy indexed",
        extra={
            "version": version.label,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return LoadedTaxonomy(version=version, graph=graph, mapper=mapper)


class TaxonomyHolder:
    """Holds the indexed current version; swaps it when the current one changes."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._loaded: LoadedTaxonomy | None = None
        self._checked_at = float("-inf")
        # Held while the store is read and a version indexed: one build at a time.
        self._refreshing = threading.Lock()

    @property
    def indexed(self) -> bool:
        """Whether a version is indexed, so `get` answers without waiting."""
        return self._loaded is not None

    def refresh(self) -> LoadedTaxonomy | None:
        """Re-read which version is current and index it if it is new; waits for it.

        For the start of the app, the CLI and the sync job, never for a request.
        """
        with self._refreshing:
            return self._refresh()

    def get(self) -> LoadedTaxonomy | None:
        """The indexed version, without waiting for a newer one to be indexed."""
        if time.monotonic() - self._checked_at < RECHECK_SECONDS:
            return self._loaded
        if self._loaded is None:
            return self.refresh()
        if self._refreshing.acquire(blocking=False):
            # Released by the thread, so no second check starts meanwhile.
            self._checked_at = time.monotonic()
            threading.Thread(
                target=self._refresh_in_background, name="taxonomy-refresh", daemon=True
            ).start()
        return self._loaded

    def _refresh_in_background(self) -> None:
        try:
            self._refresh()
        except Exception:
            # The version indexed before stays in use; the next check tries again.
            logger.exception("cannot index the current taxonomy version")
        finally:
            self._refreshing.release()

    def _refresh(self) -> LoadedTaxonomy | None:
        self._checked_at = time.monotonic()
        try:
            with self._engine.connect() as connection:
                current = store.current_version(connection)
        except SQLAlchemyError:
            # Readiness reports this as "not loaded"; the next check tries again.
            logger.exception("cannot read the taxonomy store")
            return self._loaded
        if current is None:
            self._loaded = None
        elif self._loaded is None or self._loaded.version.id != current.id:
            # One assignment: a request sees the old version or the new, never half.
            self._loaded = build(self._engine, current)
        return self._loaded


async def get_taxonomy(request: Request) -> LoadedTaxonomy:
    holder: TaxonomyHolder = request.app.state.taxonomy
    # Here in the event loop once a version is indexed; indexing a first one reads
    # the store and takes seconds, so that is left to a worker thread.
    loaded = holder.get() if holder.indexed else await run_in_threadpool(holder.get)
    if loaded is None:
        raise TaxonomyNotLoaded(
            "No taxonomy is loaded: run `jobbmatch taxonomy import PATH` or sync."
        )
    return loaded


TaxonomyDep = Annotated[LoadedTaxonomy, Depends(get_taxonomy)]
