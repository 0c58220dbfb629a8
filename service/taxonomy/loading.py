"""Putting a taxonomy version into the store: from a snapshot folder or the live API.

Each load runs in one transaction: a failure leaves the previous current version as
it was. `ensure_loaded` is what start-up calls when the store is still empty.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine

from service.settings import Settings
from taxonomy import (
    TaxonomyClient,
    TaxonomyError,
    ValidationReport,
    fetch_version,
    read_snapshot,
    store,
)

logger = logging.getLogger("jobbmatch.taxonomy")
Progress = Callable[[str, int, int | None], None]


class SnapshotRejected(TaxonomyError):
    """The snapshot has problems that make it unsafe to import (see its report)."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"snapshot refused: {report.counts()}")


@dataclass(frozen=True)
class Loaded:
    version: store.VersionInfo
    report: ValidationReport | None


def import_snapshot(
    engine: Engine, folder: Path, progress: Progress | None = None
) -> Loaded:
    """Import a snapshot folder and make it current, unless its report is fatal."""
    snapshot = read_snapshot(folder)
    if snapshot.report.is_fatal:
        raise SnapshotRejected(snapshot.report)
    with engine.begin() as connection:
        version = store.import_version(
            connection,
            snapshot.concepts,
            snapshot.relations,
            label=snapshot.label,
            source=snapshot.source,
            progress=progress,
        )
    return Loaded(version=version, report=snapshot.report)


def taxonomy_client(settings: Settings, http: httpx.Client) -> TaxonomyClient:
    key = settings.taxonomy_api_key
    return TaxonomyClient(
        http,
        base_url=settings.taxonomy_api_url,
        api_key=key.get_secret_value() if key else None,
    )


def sync_live(
    engine: Engine,
    settings: Settings,
    *,
    version: int | None = None,
    progress: Progress | None = None,
) -> Loaded:
    """Fetch a whole version from the live API, then store it in one transaction."""
    with httpx.Client(timeout=settings.taxonomy_timeout_seconds) as http:
        fetched = fetch_version(
            taxonomy_client(settings, http), version=version, progress=progress
        )
    with engine.begin() as connection:
        stored = store.import_version(
            connection,
            fetched.concepts,
            fetched.relations,
            label=str(fetched.version),
            number=fetched.version,
            source=fetched.source,
        )
    return Loaded(version=stored, report=None)


def ensure_loaded(engine: Engine, settings: Settings) -> store.VersionInfo | None:
    """Load a first version if the store has none: the snapshot, else the live API."""
    with engine.connect() as connection:
        current = store.current_version(connection)
    if current is not None:
        return current
    if settings.taxonomy_snapshot is not None:
        loaded = import_snapshot(engine, settings.taxonomy_snapshot)
        logger.info(
            "taxonomy imported from snapshot", extra={"version": loaded.version.label}
        )
        return loaded.version
    if settings.taxonomy_sync_on_start:
        try:
            return sync_live(engine, settings).version
        except TaxonomyError as error:
            logger.warning("taxonomy sync failed", extra={"reason": str(error)})
    logger.warning(
        "no taxonomy loaded; /ready answers 503 until one is: "
        "run `jobbmatch taxonomy import PATH` or `jobbmatch taxonomy sync`"
    )
    return None
