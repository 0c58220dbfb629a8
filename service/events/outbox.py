"""Every change of a domain record writes its event in the same transaction.

A session listener, not each route, writes the outbox, so no write path can forget
it: single writes, batch imports, shortlist decisions that enrol, deletes. After
each flush it looks at what the flush wrote (`session.new`, `dirty`, `deleted`,
with the attribute history still in place) and inserts one `change_event` row per
record of a published kind, on the flush's own connection: a rolled-back change
leaves no event, and a committed one cannot lose its event.

Commit order. An event gets its place (`seq`) when its transaction commits, in
`before_commit`: the transaction takes a lock that orders commits (a
transaction-scoped advisory lock on PostgreSQL, per schema; SQLite's writers are
serial already), and numbers its events one past the greatest number committed so
far. PostgreSQL releases that lock only after the commit is visible, so when a
reader sees number N every number below N is visible too, and a reader that pages
on (seq, id) never skips the events of a transaction that committed late. (The
candidate index's feed, `service/shortlists/feed.py`, instead re-reads what may
still be in flight; a cursor handed to other systems must be a single position.)

Bulk `UPDATE` statements bypass the listener: the only ones on these tables move
a cohort's or placement's seat counter, which always moves with an enrolment's
event.
"""

import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, event, insert, inspect, text
from sqlalchemy.orm import Session, UOWTransaction

from service.db import REQUEST_STATE, utcnow
from service.events.models import ChangeEvent, EventAction, EventType

# Where the request's caller is found on `session.info` (set by service.db and
# service.kit.auth), or a role set directly by non-HTTP writers (`act_as`).
ACTOR_ROLE = "actor_role"
SYSTEM = "system"
_PENDING = "change_events_pending"
_SEALED = "change_events_sealed"
# Set whenever this process commits events: its deliverer wakes at once.
COMMITTED = threading.Event()
# Any constant shared by every process: it names the lock that orders commits.
COMMIT_ORDER_LOCK = 7_340_013
# Bookkeeping that moves with every change; listing it would say nothing.
_UNLISTED = frozenset({"id", "updated_at", "created_at", "created_by"})
_TYPES = {kind.value: kind for kind in EventType}


def act_as(session: Session, role: str) -> None:
    """Name the role a session writes as when no request carries a caller (a job,
    a command)."""
    session.info[ACTOR_ROLE] = role


def _actor(session: Session) -> str:
    role = getattr(session.info.get(REQUEST_STATE), "caller_role", None)
    return str(role or session.info.get(ACTOR_ROLE) or SYSTEM)


def _kind(record: object) -> EventType | None:
    return _TYPES.get(getattr(record, "__tablename__", ""))


def _changed(record: object) -> list[str]:
    state = inspect(record)
    return sorted(
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in _UNLISTED and state.attrs[attr.key].history.has_changes()
    )


def _given(record: object) -> list[str]:
    state = inspect(record)
    return sorted(
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in _UNLISTED and state.attrs[attr.key].value is not None
    )


def _row(
    record: Any, kind: EventType, action: EventAction, fields: list[str], role: str
) -> dict[str, Any]:
    ref = getattr(record, "participant_ref", None)
    return {
        "type": kind.value,
        "object_id": str(record.id),
        "action": action.value,
        "fields": fields,
        "at": utcnow(),
        "actor_role": role,
        "participant_ref": ref,
        "owning_unit": getattr(record, "owning_unit", None),
    }


def _rows(session: Session) -> list[dict[str, Any]]:
    role = _actor(session)
    rows: list[dict[str, Any]] = []
    changes: Iterable[tuple[Iterable[object], EventAction]] = (
        (session.new, EventAction.CREATED),
        (session.dirty, EventAction.UPDATED),
        (session.deleted, EventAction.DELETED),
    )
    for records, action in changes:
        found = []
        for record in records:
            kind = _kind(record)
            if kind is None:
                continue
            if action is EventAction.CREATED:
                fields = _given(record)
            elif action is EventAction.UPDATED:
                fields = _changed(record)
                if not fields:
                    continue
            else:
                fields = []
            found.append(_row(record, kind, action, fields, role))
        found.sort(key=lambda row: (row["type"], int(row["object_id"])))
        rows.extend(found)
    return rows


def _units_of_enrolled(session: Session, rows: list[dict[str, Any]]) -> None:
    """Give enrolment events their participant's owning unit."""
    refs = {
        row["participant_ref"]
        for row in rows
        if row["type"] == EventType.ENROLMENT and row["participant_ref"]
    }
    if not refs:
        return
    found = session.connection().execute(
        text(
            "SELECT participant_ref, owning_unit FROM participant "
            "WHERE participant_ref IN :refs"
        ).bindparams(bindparam("refs", expanding=True)),
        {"refs": sorted(refs)},
    )
    units: dict[str, str] = {str(row[0]): str(row[1]) for row in found}
    for row in rows:
        if row["type"] == EventType.ENROLMENT:
            row["owning_unit"] = units.get(row["participant_ref"])


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    rows = _rows(session)
    if not rows:
        return
    _units_of_enrolled(session, rows)
    session.connection().execute(insert(ChangeEvent), rows)
    session.info[_PENDING] = True


def _before_commit(session: Session) -> None:
    if not session.info.get(_PENDING):
        return
    # What is still unflushed writes its events now, before the order is taken.
    session.flush()
    session.info.pop(_PENDING, None)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:lock, hashtext(current_schema()))"),
            {"lock": COMMIT_ORDER_LOCK},
        )
    connection.execute(
        text(
            "UPDATE change_event SET seq = "
            "(SELECT coalesce(max(seq), 0) + 1 FROM change_event) WHERE seq IS NULL"
        )
    )
    session.info[_SEALED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_SEALED, False):
        COMMITTED.set()


def install() -> None:
    """Listen on every session of the process (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_commit", _after_commit)
