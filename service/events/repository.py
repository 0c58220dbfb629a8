"""Reading the outbox in commit order, and forgetting what is past its keeping."""

import base64
import binascii
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, tuple_
from sqlmodel import Session, col, select

from service.errors import InvalidInput
from service.events.models import PARTICIPANT_TYPES, ChangeEvent, EventType

_PREFIX = "v1."


@dataclass(frozen=True, order=True)
class Position:
    """A place in the feed: after the event `event_id` of commit `seq`."""

    seq: int = 0
    event_id: int = 0

    def encode(self) -> str:
        raw = f"{_PREFIX}{self.seq}.{self.event_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str | None) -> "Position":
        if not cursor:
            return cls()
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            if not raw.startswith(_PREFIX):
                raise ValueError(cursor)
            seq, event_id = raw.removeprefix(_PREFIX).split(".")
            position = cls(int(seq), int(event_id))
        except (ValueError, UnicodeDecodeError, binascii.Error) as error:
            raise InvalidInput.one(
                "after", "cursor", "not a cursor this feed handed out"
            ) from error
        if min(position.seq, position.event_id) < 0 or position.seq > 2**62:
            raise InvalidInput.one(
                "after", "cursor", "not a cursor this feed handed out"
            )
        return position

    @classmethod
    def of(cls, event: ChangeEvent) -> "Position":
        return cls(event.seq or 0, event.id or 0)


def page(
    session: Session,
    after: Position,
    limit: int,
    types: Collection[EventType] | None = None,
    units: frozenset[str] | None = None,
) -> Sequence[ChangeEvent]:
    """Committed events after a position, in commit order; participant events
    only of the given owning units (None: every unit)."""
    statement = (
        select(ChangeEvent)
        .where(col(ChangeEvent.seq).is_not(None))
        .where(
            tuple_(col(ChangeEvent.seq), col(ChangeEvent.id))
            > tuple_(after.seq, after.event_id)
        )
        .order_by(col(ChangeEvent.seq), col(ChangeEvent.id))
        .limit(limit)
    )
    if types:
        statement = statement.where(col(ChangeEvent.type).in_(sorted(types)))
    if units is not None:
        statement = statement.where(
            or_(
                col(ChangeEvent.type).not_in(sorted(PARTICIPANT_TYPES)),
                col(ChangeEvent.owning_unit).in_(sorted(units)),
            )
        )
    return session.exec(statement).all()


def prune(session: Session, before: datetime) -> int:
    """Delete events recorded before an instant; the number deleted."""
    result = session.connection().execute(
        delete(ChangeEvent).where(col(ChangeEvent.at) < before)
    )
    return int(result.rowcount or 0)
