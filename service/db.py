"""Engine, sessions and the metadata naming convention.

SQLite runs with foreign keys on and WAL. Sessions that will write (every request
that is not a GET, and `Database.writer`) begin with `BEGIN IMMEDIATE`: taking the
write lock up front means two requests racing for the last seat queue instead of
one failing late with "database is locked" after it has read. They queue in
`service.sqlite_writes`, not in SQLite's sleeping busy handler.
Reading sessions begin deferred, so readers never wait for a writer. A read that is
audited writes its entries only once it has read (`begin_writing`), so it waits for
the write lock for the insert and the commit, not for the whole request.

Preparing the database at start-up (migrations, the first taxonomy load) is done by
one process at a time, however many workers and hosts start together:
`startup_lock` is a PostgreSQL advisory lock, or a file lock beside a SQLite file.
"""

import fcntl
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import Connection, DateTime, Dialect, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

from service.sqlite_writes import WAIT_SECONDS, QueuedWriterConnection
from taxonomy import NAMING_CONVENTION

# One convention for the service's tables and the taxonomy store's.
SQLModel.metadata.naming_convention = NAMING_CONVENTION


WRITE_OPTION = "jobbmatch_writes"
# Any constant shared by every process: it names the advisory lock of start-up.
STARTUP_LOCK = 7_340_002
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy so savepoints and BEGIN IMMEDIATE work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit
        # survives the process crashing, only the last ones may be lost if the
        # machine loses power, and the file never corrupts. The fsync a commit
        # would otherwise cost is held under the write lock every writer waits for.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            dbapi_connection = connection.connection.dbapi_connection
            assert isinstance(dbapi_connection, QueuedWriterConnection)
            dbapi_connection.begin_write()
        else:
            connection.exec_driver_sql("BEGIN")


def make_engine(database_url: str) -> Engine:
    """Create the engine for a URL, preparing SQLite files and pragmas. Errors never
    carry the statement's parameters, so no participant_ref reaches a log line."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={
            "check_same_thread": False,
            "timeout": WAIT_SECONDS,
            "factory": QueuedWriterConnection,
        },
        hide_parameters=True,
    )
    _configure_sqlite(engine)
    return engine


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Hold the start-up lock of the engine's database while the block runs: other
    processes preparing the same database wait here, then find it prepared."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with engine.connect() as connection:
            connection.execute(text(f"SELECT pg_advisory_lock({STARTUP_LOCK})"))
            # The lock belongs to the connection, not to this transaction.
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text(f"SELECT pg_advisory_unlock({STARTUP_LOCK})"))
                connection.commit()
        return
    if not url.database or url.database == ":memory:":
        yield
        return
    lock_path = Path(f"{url.database}.startup-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


class Database:
    """Owns the engine and hands out sessions; the app's lifespan creates one."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.writer = self.engine.execution_options(**{WRITE_OPTION: True})

    def session(self, *, write: bool = False) -> Session:
        """A session; `write=True` when it will write, so SQLite locks up front."""
        bind = self.writer if write else self.engine
        return Session(
            bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )

    def ping(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1

    def dispose(self) -> None:
        self.engine.dispose()


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


# Where a request's session finds its request's state, and so the caller's role
# (set by service.kit.auth) that the change feed records (service/events/outbox.py).
REQUEST_STATE = "request_state"


def _request_session(request: Request, database: Database, *, write: bool) -> Session:
    session = database.session(write=write)
    session.info[REQUEST_STATE] = request.state
    return session


# The session dependencies are made and closed here in the event loop rather than
# in a worker thread, which would cost two hand-overs a request: a session
# connects only when first used (in the endpoint's thread), and closing one sends
# at most a ROLLBACK.
async def get_session(
    request: Request, database: Annotated[Database, Depends(get_database)]
) -> AsyncIterator[Session]:
    write = request.method not in READ_METHODS
    with _request_session(request, database, write=write) as session:
        yield session


async def get_reading_session(
    request: Request, database: Annotated[Database, Depends(get_database)]
) -> AsyncIterator[Session]:
    """A session that begins reading whatever the method, for a write that reads
    and computes long before it writes (a shortlist ranks every candidate): it
    calls `begin_writing` before its first write, so SQLite's write turn, which
    every other writer waits for, is held for the insert, not for the ranking."""
    with _request_session(request, database, write=False) as session:
        yield session


def begin_writing(session: Session) -> None:
    """Let the session's transaction write from here on.

    On SQLite a reading transaction cannot start writing once another writer has
    committed since it began (SQLITE_BUSY_SNAPSHOT, which no busy handler retries),
    so it ends its read and begins again with `BEGIN IMMEDIATE` in its turn
    (`service.sqlite_writes`). Only what is written after this is in the new
    transaction, so it may only be followed by writes that do not depend on what was
    read, such as audit entries. PostgreSQL and already writing sessions need
    nothing; nor does a session joined to a transaction it does not own (a test's).
    """
    connection = session.connection()
    if (
        connection.dialect.name != "sqlite"
        or connection.get_execution_options().get(WRITE_OPTION, False)
        or connection.in_nested_transaction()
    ):
        return
    dbapi_connection = connection.connection.dbapi_connection
    assert isinstance(dbapi_connection, QueuedWriterConnection)
    dbapi_connection.write_from_here()


DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]
ReadingSessionDep = Annotated[Session, Depends(get_reading_session)]


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# RFC 3339 starts with the full date; pydantic alone would also read `1.9` or
# `1700000000` as seconds since 1970.
_RFC3339_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _rfc3339(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _RFC3339_DATE.match(value):
        raise PydanticCustomError(
            "datetime_format", "an RFC 3339 date-time (2026-01-31T08:00:00Z)"
        )
    return value


UtcInstant = Annotated[datetime, BeforeValidator(_rfc3339), AfterValidator(_as_utc)]
"""A datetime given by a client in RFC 3339; one without a time zone is read as
UTC."""


def utcnow() -> datetime:
    return datetime.now(UTC)
