"""A live sync started over HTTP: one at a time per process, run in a thread."""

import logging
import threading

from sqlalchemy import Engine

from service.db import utcnow
from service.errors import Conflict
from service.settings import Settings
from service.taxonomy.loading import sync_live
from service.taxonomy.schemas import SyncState, SyncStatus
from service.taxonomy.state import TaxonomyHolder
from taxonomy import TaxonomyError

logger = logging.getLogger("jobbmatch.taxonomy")


class SyncJobs:
    def __init__(
        self, engine: Engine, settings: Settings, holder: TaxonomyHolder
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._holder = holder
        self._lock = threading.Lock()
        self._status: SyncStatus | None = None

    @property
    def status(self) -> SyncStatus | None:
        return self._status

    def start(self, version: int | None) -> SyncStatus:
        with self._lock:
            if self._status is not None and self._status.state == SyncState.RUNNING:
                raise Conflict("A taxonomy sync is already running; read its status.")
            self._status = SyncStatus(
                state=SyncState.RUNNING, requested_version=version, started_at=utcnow()
            )
        threading.Thread(target=self._run, args=(version,), daemon=True).start()
        return self._status

    def _run(self, version: int | None) -> None:
        assert self._status is not None
        try:
            loaded = sync_live(self._engine, self._settings, version=version)
            self._holder.refresh()
        except TaxonomyError as error:
            logger.warning("taxonomy sync failed", extra={"reason": str(error)})
            outcome = {"state": SyncState.FAILED, "message": str(error)}
        except Exception:
            logger.exception("taxonomy sync crashed")
            outcome = {
                "state": SyncState.FAILED,
                "message": "internal error; see the logs",
            }
        else:
            outcome = {
                "state": SyncState.SUCCEEDED,
                "loaded_version": loaded.version.label,
            }
        self._status = self._status.model_copy(
            update={**outcome, "finished_at": utcnow()}
        )
