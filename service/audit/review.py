"""Log review (loggkontroll): who read participants' data, how much, why and when.

Reads are the access-log entries of participant data (`participant.read`, `.list`,
`.export`, and the shortlist ones). Per actor (API key) in a period the review
counts the reads, the distinct participants and the purposes given, and flags
three patterns for a person to look at, never as a verdict:

- `bulk_without_shortlist`: many distinct participants (`audit_review_bulk_
  participants`) read other than through a shortlist, which states its purpose
  and is the normal way to look at many people;
- `outside_usual_units`: reads of participants of an owning unit the actor does
  not usually read: its key's own units, and the units that make up at least a
  tenth of its reads in the period (so an all-units key has usual units too);
- `unusual_hours`: reads outside the working day (`audit_review_day_starts` to
  `audit_review_day_ends`, local time in `audit_review_time_zone`) or at weekends.

Participants erased since are counted (`erased_participants`), not resolved: the
trail keeps the ref they were read under, and nothing links it to the tombstone.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from service.audit.models import ActorReview, AuditReview, PurposeCount, ReviewFlag
from service.audit.repository import AuditFilters
from service.kit.audit_trail import AuditEntry
from service.kit.caller import ALL_UNITS
from service.kit.changes import PARTICIPANT
from service.kit.csv_files import write_rows
from service.participants import service as participants
from service.settings import Settings

SHORTLIST_READS = frozenset({"shortlist", "shortlist_read", "employer_view", "matches"})
OTHER_READS = frozenset({"read", "list", "export"})
READS = tuple(f"{PARTICIPANT}.{a}" for a in sorted(SHORTLIST_READS | OTHER_READS))
USUAL_SHARE = 0.1


@dataclass
class _Actor:
    key_id: str | None
    role: str | None = None
    units: str | None = None
    reads: int = 0
    refs: set[str] = field(default_factory=set)
    bulk_refs: set[str] = field(default_factory=set)
    purposes: Counter[str | None] = field(default_factory=Counter)
    read_refs: list[str] = field(default_factory=list)
    off_hours: int = 0


@dataclass(frozen=True)
class WorkingDay:
    zone: ZoneInfo
    starts: int
    ends: int

    @classmethod
    def of(cls, settings: Settings) -> "WorkingDay":
        return cls(
            ZoneInfo(settings.audit_review_time_zone),
            settings.audit_review_day_starts,
            settings.audit_review_day_ends,
        )

    def outside(self, at: datetime) -> bool:
        local = at.astimezone(self.zone)
        return local.weekday() >= 5 or not self.starts <= local.hour < self.ends


def _usual(actor: _Actor, owning: dict[str, str]) -> set[str]:
    own = set() if actor.units in (None, ALL_UNITS) else set(actor.units.split(","))
    counts = Counter(owning[ref] for ref in actor.refs if ref in owning)
    total = sum(counts.values())
    return own | {u for u, n in counts.items() if n >= USUAL_SHARE * total}


def _review(actor: _Actor, owning: dict[str, str], bulk: int) -> ActorReview:
    usual = _usual(actor, owning)
    outside = sum(
        1 for ref in actor.read_refs if ref in owning and owning[ref] not in usual
    )
    flags: list[ReviewFlag] = []
    if len(actor.bulk_refs) >= bulk:
        flags.append(
            ReviewFlag(
                code="bulk_without_shortlist",
                count=len(actor.bulk_refs),
                detail=f"{len(actor.bulk_refs)} participants read other than "
                f"through a shortlist (threshold {bulk})",
            )
        )
    if outside:
        flags.append(
            ReviewFlag(
                code="outside_usual_units",
                count=outside,
                detail=f"{outside} reads of participants outside the usual units",
            )
        )
    if actor.off_hours:
        flags.append(
            ReviewFlag(
                code="unusual_hours",
                count=actor.off_hours,
                detail=f"{actor.off_hours} reads outside the working day",
            )
        )
    return ActorReview(
        key_id=actor.key_id,
        role=actor.role,
        units=actor.units,
        reads=actor.reads,
        participants=len(actor.refs),
        erased_participants=sum(1 for ref in actor.refs if ref not in owning),
        usual_units=sorted(usual),
        purposes=[
            PurposeCount(purpose=p, reads=n)
            for p, n in sorted(
                actor.purposes.items(), key=lambda item: (-item[1], item[0] or "")
            )
        ],
        flags=flags,
    )


def review(session: Session, filters: AuditFilters, settings: Settings) -> AuditReview:
    """Summarise the period's participant reads per actor, busiest first."""
    day = WorkingDay.of(settings)
    statement = (
        select(
            col(AuditEntry.key_id),
            col(AuditEntry.role),
            col(AuditEntry.units),
            col(AuditEntry.action),
            col(AuditEntry.object_id),
            col(AuditEntry.purpose),
            col(AuditEntry.at),
        )
        .where(*filters.conditions(), col(AuditEntry.action).in_(READS))
        .order_by(col(AuditEntry.id))
    )
    actors: dict[str | None, _Actor] = defaultdict(lambda: _Actor(None))
    for key_id, role, units, action, ref, purpose, at in session.execute(statement):
        actor = actors[key_id]
        actor.key_id, actor.role, actor.units = key_id, role, units
        actor.reads += 1
        actor.purposes[purpose] += 1
        actor.off_hours += day.outside(at)
        if ref is None:
            continue
        actor.refs.add(ref)
        actor.read_refs.append(ref)
        if action.removeprefix(f"{PARTICIPANT}.") in OTHER_READS:
            actor.bulk_refs.add(ref)
    refs = sorted({ref for actor in actors.values() for ref in actor.refs})
    owning = {ref: p.owning_unit for ref, p in participants.find(session, refs).items()}
    bulk = settings.audit_review_bulk_participants
    reviewed = [_review(actor, owning, bulk) for actor in actors.values()]
    reviewed.sort(key=lambda a: (-len(a.flags), -a.reads, a.key_id or ""))
    return AuditReview(
        since=filters.since,
        until=filters.until,
        time_zone=settings.audit_review_time_zone,
        day_starts=day.starts,
        day_ends=day.ends,
        bulk_participants=bulk,
        actors=reviewed,
    )


NO_PURPOSE = "(none)"
CSV_COLUMNS = (
    "key_id",
    "role",
    "units",
    "reads",
    "participants",
    "erased_participants",
    "usual_units",
    "purposes",
    "flags",
)


def render_csv(report: AuditReview) -> str:
    """One line per actor; purposes as `purpose=reads` and flags as `code=count`,
    separated by `; `."""
    lines = [list(CSV_COLUMNS)]
    for actor in report.actors:
        purposes = "; ".join(
            f"{p.purpose if p.purpose is not None else NO_PURPOSE}={p.reads}"
            for p in actor.purposes
        )
        flags = "; ".join(f"{f.code}={f.count}" for f in actor.flags)
        lines.append(
            [
                actor.key_id or "",
                actor.role or "",
                actor.units or "",
                str(actor.reads),
                str(actor.participants),
                str(actor.erased_participants),
                " ".join(actor.usual_units),
                purposes,
                flags,
            ]
        )
    return write_rows(lines)
