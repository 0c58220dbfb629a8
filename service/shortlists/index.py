"""The per-process candidate index: every participant as `matching` pools, kept current.

Built from the database on first use (and warmed at start), one `matching.Pool` per
owning unit, so a key that serves some units ranks only those units' pools and the
unit itself never reaches a score. Before every use the index reads the change feed
(`feed.py`: one indexed query) and reloads just the participants that changed, in
this process or any other, so a shortlist always sees every committed write. A new
taxonomy version rebuilds the whole index, since concept indices change with it.
"""

import logging
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import JSON, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from matching import CandidateProfile, Pool
from service.candidates.concepts import VOCABULARIES, Vocabularies
from service.candidates.profiles import PROFILE_COLUMNS, profile_from_record
from service.db import Database
from service.enrolments.commitments import busy_periods, chunks, last_enrolled
from service.kit.caller import Caller
from service.kit.columns import JsonOf
from service.participants.models import Participant
from service.shortlists import feed
from service.shortlists.models import Decision, ShortlistDecision
from service.taxonomy.state import TaxonomyHolder

logger = logging.getLogger("jobbmatch.shortlists")


def last_proposed(
    session: Session, refs: Collection[str] | None = None
) -> dict[str, date]:
    """Per participant, the day they were last proposed or selected."""
    statement = (
        select(
            ShortlistDecision.participant_ref, func.max(ShortlistDecision.decided_at)
        )
        .where(col(ShortlistDecision.decision) != Decision.NOT_SELECTED)
        .group_by(col(ShortlistDecision.participant_ref))
    )
    if refs is not None:
        statement = statement.where(col(ShortlistDecision.participant_ref).in_(refs))
    return {ref: at.date() for ref, at in session.execute(statement)}


def _raw_columns() -> list[Any]:
    """The profile's columns as stored: JSON columns read as plain JSON, so a
    million rows are not validated into nested models only to be encoded again."""
    table = Participant.__table__  # type: ignore[attr-defined]
    columns = [table.c.owning_unit]
    for name in PROFILE_COLUMNS:
        column = table.c[name]
        plain = isinstance(column.type, JsonOf)
        columns.append(type_coerce(column, JSON()).label(name) if plain else column)
    return columns


def load_profiles(
    session: Session, vocabularies: Vocabularies, refs: Collection[str] | None
) -> Iterator[tuple[str, CandidateProfile]]:
    """(owning unit, profile) of the participants named (all when `refs` is None)."""
    columns = _raw_columns()
    for chunk in chunks(refs):
        busy = busy_periods(session, chunk)
        enrolled = last_enrolled(session, chunk)
        proposed = last_proposed(session, chunk)
        statement = sa_select(*columns)
        if chunk is not None:
            statement = statement.where(col(Participant.participant_ref).in_(chunk))
        rows = session.execute(statement.execution_options(yield_per=5000))
        for row in rows.mappings():
            ref = row["participant_ref"]
            contacts = [d for d in (enrolled.get(ref), proposed.get(ref)) if d]
            yield (
                row["owning_unit"],
                profile_from_record(
                    dict(row),
                    vocabularies,
                    busy=busy.get(ref, ()),
                    last_contact=max(contacts, default=None),
                ),
            )


@dataclass
class _State:
    vocabularies: Vocabularies
    pools: dict[str, Pool]
    unit_of: dict[str, str]
    mark: feed.Watermark

    def replace(
        self, changed: Iterable[str], found: Iterable[tuple[str, CandidateProfile]]
    ) -> None:
        """Drop the changed participants and add back those still stored: one
        block per unit for them all, not one each (a batch changes many)."""
        for ref in changed:
            self.remove(ref)
        by_unit: dict[str, list[CandidateProfile]] = {}
        for unit, profile in found:
            by_unit.setdefault(unit, []).append(profile)
            self.unit_of[profile.ref] = unit
        for unit, profiles in by_unit.items():
            pool = self.pools.get(unit)
            if pool is None:
                pool = self.pools[unit] = Pool(self.vocabularies.concepts)
            pool.upsert(*profiles)

    def remove(self, ref: str) -> None:
        unit = self.unit_of.pop(ref, None)
        if unit is not None:
            self.pools[unit].remove(ref)


def _build(session: Session, vocabularies: Vocabularies) -> _State:
    started = time.perf_counter()
    mark = feed.start(session.connection())
    by_unit: dict[str, list[CandidateProfile]] = {}
    for unit, profile in load_profiles(session, vocabularies, None):
        by_unit.setdefault(unit, []).append(profile)
    concepts = vocabularies.concepts
    pools = {unit: Pool(concepts, profiles) for unit, profiles in by_unit.items()}
    unit_of = {p.ref: unit for unit, profiles in by_unit.items() for p in profiles}
    logger.info(
        "candidate index built",
        extra={
            "participants": len(unit_of),
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return _State(vocabularies, pools, unit_of, mark)


class CandidateIndex:
    """Every participant this process can rank; one per process."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._state: _State | None = None

    def _current(self, session: Session, vocabularies: Vocabularies) -> _State:
        state = self._state
        if state is None or state.vocabularies is not vocabularies:
            state = self._state = _build(session, vocabularies)
            return state
        state.mark, changed = feed.read(session.connection(), state.mark)
        if changed:
            state.replace(changed, load_profiles(session, vocabularies, changed))
        return state

    @contextmanager
    def pools_for(
        self, session: Session, vocabularies: Vocabularies, caller: Caller
    ) -> Iterator[Sequence[Pool]]:
        """The caller's units' pools, current as of now, held still while in use."""
        with self._lock:
            state = self._current(session, vocabularies)
            pools = [
                pool
                for unit, pool in sorted(state.pools.items())
                if caller.may_see(unit)
            ]
            yield pools or [Pool(vocabularies.concepts)]

    def warm(self, session: Session, vocabularies: Vocabularies) -> None:
        """Build now, so the first shortlist does not wait for it."""
        with self._lock:
            self._current(session, vocabularies)


async def get_index(request: Request) -> CandidateIndex:
    index: CandidateIndex = request.app.state.candidates
    return index


CandidateIndexDep = Annotated[CandidateIndex, Depends(get_index)]


def warm_candidates(
    database: Database, holder: TaxonomyHolder, index: CandidateIndex
) -> None:
    """Build the index at start (when a taxonomy is loaded), so the first
    shortlist does not wait for it."""
    loaded = holder.get()
    if loaded is None:
        return
    with database.session() as session:
        index.warm(session, VOCABULARIES.get(loaded))
