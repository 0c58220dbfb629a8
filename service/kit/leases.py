"""Leases: how several processes share rows of work without taking the same one.

A worker claims a row (a webhook subscription, a batch job) in a transaction that
picks it with `FOR UPDATE SKIP LOCKED` (on PostgreSQL, so processes and hosts
never wait for or take the same one; SQLite's writers are serial) and stamps it
with the worker's name and an expiry (`lease_owner`, `lease_until`), then commits
before the work starts. Every later write renews the stamp first (`hold`), so a
worker whose lease ran out (it hung, or was killed) writes nothing more, and
another one takes the row over from what was recorded.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, inspect, update
from sqlmodel import Session, SQLModel

from service.db import utcnow


class LeaseLost(Exception):
    """Another worker holds the row now."""


@dataclass(frozen=True)
class Lease:
    """One worker's leases on the rows of a table with `id`, `lease_owner` and
    `lease_until` columns."""

    model: type[SQLModel]
    owner: str
    seconds: float

    def until(self) -> datetime:
        return utcnow() + timedelta(seconds=self.seconds)

    def _mine(self, row_id: Any) -> ColumnElement[bool]:
        columns = inspect(self.model).columns
        return and_(columns["id"] == row_id, columns["lease_owner"] == self.owner)

    def hold(self, session: Session, row_id: Any) -> None:
        """Renew the lease inside a writing transaction; LeaseLost if it is gone."""
        renewed = session.connection().execute(
            update(self.model)
            .where(self._mine(row_id))
            .values(lease_until=self.until())
        )
        if renewed.rowcount != 1:
            raise LeaseLost(row_id)

    def release(self, session: Session, row_id: Any, **values: Any) -> None:
        """Give the row up (if still ours), setting `values` too; the caller commits."""
        session.connection().execute(
            update(self.model)
            .where(self._mine(row_id))
            .values(lease_owner=None, **values)
        )
