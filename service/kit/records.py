"""What every domain repository does the same way: fetch by id, page, filter."""

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session
from sqlmodel import Session, SQLModel, func, select
from sqlmodel.sql.expression import SelectOfScalar

from service.db import utcnow
from service.errors import Conflict, FieldError, InvalidInput, NotFound
from service.kit.pagination import Page, PageParams, narrowed
from service.kit.stamps import Stamped

RowT = TypeVar("RowT", bound=SQLModel)
PublicT = TypeVar("PublicT", bound=BaseModel)


def get_or_raise(session: Session, model: type[RowT], row_id: int, noun: str) -> RowT:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"No {noun} has the id {row_id}.")
    return row


def lock(row: object) -> None:
    """Re-read a loaded row under a row lock held until the transaction ends
    (`SELECT ... FOR UPDATE` on PostgreSQL), so that no other request's
    read-modify-write of it can interleave with this one's: a second writer waits,
    then sees the first one's result. SQLite's writers are serial already
    (`BEGIN IMMEDIATE`, service/db.py)."""
    session = object_session(row)
    if session is None or not inspect(row).persistent:
        return
    if session.get_bind().dialect.name == "sqlite":
        return
    session.refresh(row, with_for_update=True)


def lock_name(session: Session, namespace: int, name: str) -> None:
    """Hold a lock on something that is not a row (a supervisor's load) until the
    transaction ends: an advisory lock on PostgreSQL, keyed by the namespace and
    the name's hash; SQLite's writers are serial already."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:name))"),
        {"namespace": namespace, "name": name},
    )


def equal_to(pairs: Iterable[tuple[Any, object]]) -> list[ColumnElement[bool]]:
    """Conditions for the filters that were given; None means "any"."""
    return [column == value for column, value in pairs if value is not None]


def list_page(
    session: Session, statement: SelectOfScalar[RowT], page: PageParams
) -> tuple[Sequence[RowT], int]:
    """One page of an ordered statement and the number of rows it matches, with
    the page's `updated_since` and `sort` applied."""
    statement = narrowed(statement, page)
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    total = session.exec(counted).one()
    rows = session.exec(statement.offset(page.offset).limit(page.limit)).all()
    return rows, total


def page_of(
    public: type[PublicT], rows: Sequence[object], total: int, page: PageParams
) -> Page[PublicT]:
    return Page[PublicT](
        items=[public.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def delete_or_conflict(session: Session, row: object, reason: str) -> None:
    """Delete a row, or refuse with 409 when other records still point at it."""
    session.delete(row)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(reason) from error


def apply_changes(row: Stamped, changes: dict[str, Any]) -> None:
    """Copy the fields a PATCH set onto the row and move `updated_at`.

    An explicit null is refused for columns that cannot hold one.
    """
    refuse_nulls(row, changes)
    row.sqlmodel_update(changes)
    row.updated_at = utcnow()


def refuse_nulls(row: SQLModel, changes: dict[str, Any]) -> None:
    """Refuse a PATCH that sets null on a column that cannot hold one."""
    columns = row.__table__.c  # type: ignore[attr-defined]
    nulls = [
        name
        for name, value in changes.items()
        if value is None and name in columns and not columns[name].nullable
    ]
    if nulls:
        raise InvalidInput(
            f"These fields cannot be cleared: {', '.join(nulls)}.",
            [
                FieldError(field=name, rule="not_nullable", message="may not be null")
                for name in nulls
            ],
        )
