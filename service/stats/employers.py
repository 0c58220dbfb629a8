"""Employer-side figures: needs open, filled and days to fill; Stockholmsjobb and
praktik placements active, by host.

A need's filling day is not stored apart: a filled need's `updated_at` is used, as
filled is final (no status follows it), so it is exact unless the need's other
fields were edited after it was filled.
"""

from collections import defaultdict

from sqlmodel import Session, select

from service.enrolments.models import Stage
from service.needs.models import Need, NeedStatus
from service.stats import records as rows
from service.stats.models import Gender, InsatsProgramme, StatsTable
from service.stats.records import Records
from service.stats.tables import TableBuilder, nearest_rank, tally

ALL = "all"
HOLDING = frozenset({Stage.SELECTED_BY_EMPLOYER, Stage.IN_TRAINING, Stage.IN_PRAKTIK})
PLACEMENT_PROGRAMMES = (InsatsProgramme.STOCKHOLMSJOBB, InsatsProgramme.PRAKTIK)


def needs(session: Session, records: Records) -> list[StatsTable]:
    f = records.filters
    on_track = {
        nid
        for tid, t in records.tracks.items()
        if f.track_id in (None, tid)
        for nid in t.need_ids
    }
    kept = [
        need
        for need in session.exec(select(Need))
        if need.created_at.date() <= f.end
        and records.organisation_kept({need.organisation_id})
        and (f.programme is None or f.programme.value in need.programmes)
        and (f.track_id is None or need.id in on_track)
    ]
    table = TableBuilder(
        "needs",
        "Needs made by the end of the period by current status; needs opened and "
        "filled in the period, and days from creation to filled.",
    )
    for status in NeedStatus:
        chosen = [n for n in kept if n.status == status]
        table.records({"status": status.value}, "needs", len(chosen))
        table.records(
            {"status": status.value}, "positions", sum(n.positions for n in chosen)
        )
    table.records({"status": ALL}, "needs", len(kept))
    table.records({"status": ALL}, "positions", sum(n.positions for n in kept))
    opened = [
        n
        for n in kept
        if f.covers(n.created_at.date()) and n.status != NeedStatus.DRAFT
    ]
    filled = [
        n
        for n in kept
        if n.status == NeedStatus.FILLED and f.covers(n.updated_at.date())
    ]
    table.records({"status": "open"}, "opened_in_period", len(opened))
    table.records({"status": "filled"}, "filled_in_period", len(filled))
    days = sorted(
        float((n.updated_at.date() - n.created_at.date()).days) for n in filled
    )
    for measure, q in (
        ("median_days_to_fill", 0.5),
        ("p75_days_to_fill", 0.75),
        ("p90_days_to_fill", 0.9),
    ):
        table.records({"status": "filled"}, measure, nearest_rank(days, q))
    return [table.table()]


def placements(session: Session, records: Records, *, split: bool) -> list[StatsTable]:
    """Placements whose dates meet the period, by programme and host: places
    offered, and participants holding one at the period's end."""
    f = records.filters
    active = {
        pid: p
        for pid, p in records.placements.items()
        if p.start_date <= f.end
        and p.end_date >= f.start
        and (f.programme is None or f.programme == str(p.programme))
        and f.track_id is None
        and records.organisation_kept({p.host_organisation_id})
    }
    hosts = sorted({(p.programme, p.host_organisation_id) for p in active.values()})
    holding: dict[tuple[str, int], list[Gender]] = defaultdict(list)
    for enrolment, _ in rows.enrolments(session, records):
        placement = (
            active.get(enrolment.placement_id) if enrolment.placement_id else None
        )
        at_end = enrolment.stage_on(f.end)
        if placement is not None and at_end is not None and at_end[0] in HOLDING:
            holding[placement.programme, placement.host_organisation_id].append(
                records.gender(enrolment.ref)
            )
    table = TableBuilder(
        "placements_by_host",
        "Stockholmsjobb and praktik placements whose dates meet the period, by host: "
        "placements, places offered, and participants holding a place at the "
        "period's end.",
        split=split,
    )

    def key(programme: str, host: int | None) -> dict[str, str]:
        name = records.organisations.get(host, ("", ""))[0] if host else ALL
        return {
            "programme": programme,
            "host_id": str(host) if host else ALL,
            "host": name,
        }

    for programme, host in hosts:
        chosen = [
            p
            for p in active.values()
            if (p.programme, p.host_organisation_id) == (programme, host)
        ]
        table.records(key(programme, host), "placements", len(chosen))
        table.records(key(programme, host), "places", sum(p.capacity for p in chosen))
    table.records(key(ALL, None), "placements", len(active))
    table.records(key(ALL, None), "places", sum(p.capacity for p in active.values()))
    counts = [
        tally(key(programme, host), "participants", holding[programme, host])
        for programme, host in hosts
    ]
    counts.append(
        tally(
            key(ALL, None), "participants", [g for gs in holding.values() for g in gs]
        )
    )
    table.counts(counts, partitioned=True)
    return [table.table()]
