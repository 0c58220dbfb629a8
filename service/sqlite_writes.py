"""Writers to one SQLite file take turns in a queue instead of polling for its lock.

SQLite lets one writer in at a time; the others spin in its busy handler, sleeping
ever longer between tries (up to 100 ms a sleep), so under 20 concurrent clients a
write that lost a few rounds waited over a second while the lock sat free most of
that time. Here a writer first takes its process's lock (threads queue on it and
are woken as it is released), and then, alone in its process, a `flock` on a file
beside the database that every process shares (the kernel wakes the waiter when
it is released). Only then does it send `BEGIN IMMEDIATE`, which so finds the
database free; SQLite's busy handler remains for writers outside the service.
Both locks are released when the transaction ends: after COMMIT or ROLLBACK, which
is why this lives in the DB-API connection class rather than in engine events
(those fire before the statement is sent).
"""

import fcntl
import os
import sqlite3
import threading
from typing import Any

# As long as SQLite's own busy timeout: a writer waiting longer reports a lock error.
WAIT_SECONDS = 30.0


class _WriterQueue:
    """The turn of one database file's writers, within and across processes."""

    def __init__(self, path: str) -> None:
        self._turn = threading.Lock()
        self._fd = os.open(f"{path}.write-lock", os.O_CREAT | os.O_RDWR, 0o600)

    def enter(self) -> None:
        if not self._turn.acquire(timeout=WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._turn.release()
            raise

    def leave(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._turn.release()


_queues: dict[str, _WriterQueue] = {}
_queues_guard = threading.Lock()


def _queue_for(database: str) -> _WriterQueue | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.realpath(database)
    with _queues_guard:
        if path not in _queues:
            _queues[path] = _WriterQueue(path)
        return _queues[path]


class QueuedWriterConnection(sqlite3.Connection):
    """A `sqlite3` connection whose write transactions wait their turn (see module)."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._queue = _queue_for(str(database))
        self._writing = False

    def begin_write(self) -> None:
        """Wait for the turn, then `BEGIN IMMEDIATE`; the turn ends with it."""
        if self._queue is not None:
            self._queue.enter()
            self._writing = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._leave()
            raise

    def write_from_here(self) -> None:
        """End a reading transaction and begin writing, in turn (`begin_write`)."""
        if self._writing:
            return
        if self.in_transaction:
            self.execute("COMMIT")
        self.begin_write()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._leave()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave()

    def _leave(self) -> None:
        if self._writing:
            self._writing = False
            assert self._queue is not None
            self._queue.leave()
