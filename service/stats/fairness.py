"""Shortlist fairness and congestion: how groups fare at each step, who is shown.

A stored shortlist keeps its eligible count and exclusion counts per rule, but as
people only its ranked results (up to its `limit`); who else was eligible is not
kept. So the first step, `eligible`, is the stored results: every eligible person
when the shortlist's eligible count is within its limit (`eligible_complete` says
whether that held for every shortlist counted), else the best `limit` of them.
Steps after it: `top_10` (rank 10 or better), `proposed` (a proposed or selected
decision on that shortlist), `selected`. Everything is counted by result rows (a
person on two shortlists counts twice).

For each group (statistics_gender; age band from birth year at the shortlist's
year) and step after `eligible`: the rate (people at the step / eligible), the
impact ratio against the known group with the highest rate, flagged below 0.8
(the four-fifths rule, a flag for review, not a verdict), and Fisher's exact
p-value for the group against that group (exact at any size, so reliable where
counts are small). Exposure: each result weighs 1/log2(1 + rank); a group's share
of the exposure is set beside its share of the eligible.

Congestion: Gini over participants of their top-10 appearances, among the people
ranked in the period and among the whole pool (every participant the people
filters keep, registered by the period's end); and the share of all top-10 places
taken by the most-shown 5 % of the people ranked.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from scipy.stats import fisher_exact
from sqlmodel import Session

from service.shortlists.models import Decision
from service.stats import records as rows
from service.stats.models import Gender, StatsRow, StatsTable
from service.stats.records import Records, ResultRow, ShortlistRow
from service.stats.suppression import MIN_COUNT
from service.stats.tables import HIDDEN, NOTHING, Count, TableBuilder

ALL = "all"
UNKNOWN = "unknown"
STEPS = ("eligible", "top_10", "proposed", "selected")
FOUR_FIFTHS = 0.8
TOP = 10
AGE_BANDS = (
    (0, 24, "under_25"),
    (25, 34, "25_34"),
    (35, 44, "35_44"),
    (45, 54, "45_54"),
    (55, 200, "55_plus"),
)
GENDER_GROUPS = (Gender.KVINNA.value, Gender.MAN.value, Gender.ANNAT.value)
AGE_GROUPS = tuple(band for _, _, band in AGE_BANDS)


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN
    age = year - birth_year
    return next((band for low, high, band in AGE_BANDS if low <= age <= high), UNKNOWN)


Grouper = Callable[[ResultRow, ShortlistRow], str]


def _value(row: StatsRow) -> float | None:
    return None if row.total.suppressed else row.total.value


def _dimension(
    name: str,
    groups: Sequence[str],
    placed: list[tuple[str, set[str]]],
    exposure: dict[str, float],
) -> tuple[StatsTable, StatsTable]:
    """Counts, rates, impact ratios and p-values per group and step; exposure."""
    table = TableBuilder(
        f"steps_by_{name}",
        f"Shortlist results by {name} at each step; rates of the eligible, impact "
        "ratios against the group with the highest rate, flags below 0.8, Fisher "
        "p-values.",
        split=False,
    )
    keys = [*groups, UNKNOWN]
    counted: dict[tuple[str, str], StatsRow] = {}
    for step in STEPS:
        tallies = Counter(group for group, steps in placed if step in steps)
        counts = [
            Count(
                {"group": g, "step": step},
                "results",
                {Gender.UPPGIFT_SAKNAS: tallies[g]},
            )
            for g in keys
        ]
        counts.append(
            Count(
                {"group": ALL, "step": step},
                "results",
                {Gender.UPPGIFT_SAKNAS: sum(tallies.values())},
            )
        )
        for row in table.counts(counts, partitioned=True):
            counted[row.key["group"], step] = row
    for step in STEPS[1:]:
        rates: dict[str, float | None] = {}
        for g in groups:
            at, base = _value(counted[g, step]), _value(counted[g, "eligible"])
            rates[g] = None if at is None or not base else at / base
        known = [r for r in rates.values() if r is not None]
        best = max(known, default=None)
        reference = next(
            (g for g in groups if best is not None and rates[g] == best), None
        )
        for g in groups:
            key = {"group": g, "step": step}
            rate = rates[g]
            hidden = (
                counted[g, step].total.suppressed
                or counted[g, "eligible"].total.suppressed
            )
            if rate is None or best is None:
                for measure in (
                    "rate",
                    "impact_ratio",
                    "below_four_fifths",
                    "fisher_p",
                ):
                    table.rows.append(
                        StatsRow(
                            key=key,
                            measure=measure,
                            total=HIDDEN if hidden else NOTHING,
                        )
                    )
                continue
            ratio = rate / best if best else None
            table.records(key, "rate", round(rate, 4))
            table.records(
                key, "impact_ratio", None if ratio is None else round(ratio, 4)
            )
            table.records(
                key,
                "below_four_fifths",
                None if ratio is None else float(ratio < FOUR_FIFTHS),
            )
            p = None
            if reference is not None and reference != g:
                a, n = (
                    int(counted[g, step].total.value or 0),
                    int(counted[g, "eligible"].total.value or 0),
                )
                b, m = (
                    int(counted[reference, step].total.value or 0),
                    int(counted[reference, "eligible"].total.value or 0),
                )
                p = float(fisher_exact([[a, n - a], [b, m - b]]).pvalue)
            table.records(key, "fisher_p", None if p is None else round(p, 6))
    shares = TableBuilder(
        f"exposure_by_{name}",
        "Each group's share of the rank exposure (1/log2(1 + rank)) beside its share "
        "of the eligible.",
        split=False,
    )
    total_exposure = sum(exposure.values())
    eligible_all = _value(counted[ALL, "eligible"])
    for g in keys:
        key = {"group": g}
        pool = counted[g, "eligible"]
        if pool.total.suppressed or not eligible_all:
            shares.rows.append(
                StatsRow(
                    key=key,
                    measure="exposure_share",
                    total=HIDDEN if pool.total.suppressed else NOTHING,
                )
            )
            shares.rows.append(
                StatsRow(
                    key=key,
                    measure="eligible_share",
                    total=HIDDEN if pool.total.suppressed else NOTHING,
                )
            )
            continue
        shares.records(
            key, "exposure_share", round(exposure.get(g, 0.0) / total_exposure, 4)
        )
        shares.records(
            key, "eligible_share", round((pool.total.value or 0) / eligible_all, 4)
        )
    return table.table(), shares.table()


def gini(values: Sequence[int]) -> float | None:
    """Gini coefficient of non-negative values (0: all equal; near 1: one has all)."""
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return None
    ordered = sorted(values)
    weighted = sum((i + 1) * v for i, v in enumerate(ordered))
    return (2 * weighted) / (n * total) - (n + 1) / n


def fairness(session: Session, records: Records) -> list[StatsTable]:
    lists = rows.shortlists(session, records)
    ids = {s.id for s in lists}
    proposed: set[tuple[int, str]] = set()
    selected: set[tuple[int, str]] = set()
    for sid, ref, decision, _ in rows.decisions(session, ids):
        if decision in (Decision.PROPOSED.value, Decision.SELECTED.value):
            proposed.add((sid, ref))
        if decision == Decision.SELECTED.value:
            selected.add((sid, ref))
    by_gender: list[tuple[str, set[str]]] = []
    by_age: list[tuple[str, set[str]]] = []
    exposure: dict[str, dict[str, float]] = {
        "gender": defaultdict(float),
        "age": defaultdict(float),
    }
    top_places: Counter[str] = Counter()
    ranked_people: set[str] = set()
    for shortlist in lists:
        for result in shortlist.results:
            person = records.person(result.ref)
            gender = person.gender.value if person else UNKNOWN
            gender = UNKNOWN if gender == Gender.UPPGIFT_SAKNAS.value else gender
            age = age_band(
                person.birth_year if person else None, shortlist.created.year
            )
            steps = {"eligible"}
            if result.rank <= TOP:
                steps.add("top_10")
                top_places[result.ref] += 1
            if (shortlist.id, result.ref) in proposed:
                steps.add("proposed")
            if (shortlist.id, result.ref) in selected:
                steps.add("selected")
            by_gender.append((gender, steps))
            by_age.append((age, steps))
            weight = 1 / math.log2(1 + result.rank)
            exposure["gender"][gender] += weight
            exposure["age"][age] += weight
            ranked_people.add(result.ref)
    overview = TableBuilder(
        "shortlists", "The shortlists counted and what they stored.", split=False
    )
    overview.records({"scope": ALL}, "shortlists", len(lists))
    overview.records(
        {"scope": ALL}, "eligible_total", sum(s.eligible_count for s in lists)
    )
    overview.records({"scope": ALL}, "stored_results", len(by_gender))
    overview.records(
        {"scope": ALL},
        "eligible_complete",
        float(all(s.eligible_count <= s.limit for s in lists)),
    )
    gender_steps, gender_exposure = _dimension(
        "gender", GENDER_GROUPS, by_gender, exposure["gender"]
    )
    age_steps, age_exposure = _dimension(
        "age_band", AGE_GROUPS, by_age, exposure["age"]
    )
    return [
        overview.table(),
        gender_steps,
        gender_exposure,
        age_steps,
        age_exposure,
        _congestion(records, top_places, ranked_people),
    ]


def _congestion(
    records: Records, top_places: Counter[str], ranked: set[str]
) -> StatsTable:
    f = records.filters
    table = TableBuilder(
        "congestion",
        "How concentrated top-10 places are on the same people.",
        split=False,
    )
    pool = {
        ref
        for ref, p in records.people.items()
        if p.registered <= f.end and records.counts_person(ref)
    } | ranked
    ranked_counts = [top_places.get(ref, 0) for ref in ranked]
    pool_counts = [top_places.get(ref, 0) for ref in pool]
    (shown,) = table.counts(
        [
            Count(
                {"scope": "ranked"},
                "participants",
                {Gender.UPPGIFT_SAKNAS: len(ranked)},
            )
        ]
    )
    table.records({"scope": "ranked"}, "top_10_places", sum(top_places.values()))
    if shown.total.suppressed:
        for measure in ("gini_top_10_appearances", "top_5_percent_share"):
            table.rows.append(
                StatsRow(key={"scope": "ranked"}, measure=measure, total=HIDDEN)
            )
    else:
        value = gini(ranked_counts)
        table.records(
            {"scope": "ranked"},
            "gini_top_10_appearances",
            None if value is None else round(value, 4),
        )
        most = sorted(ranked_counts, reverse=True)[
            : max(1, math.ceil(0.05 * len(ranked_counts)))
        ]
        places = sum(top_places.values())
        table.records(
            {"scope": "ranked"},
            "top_5_percent_share",
            round(sum(most) / places, 4) if places else None,
        )
    table.records(
        {"scope": "pool"}, "participants", len(pool) if len(pool) >= MIN_COUNT else None
    )
    value = gini(pool_counts) if len(pool) >= MIN_COUNT else None
    table.records(
        {"scope": "pool"},
        "gini_top_10_appearances",
        None if value is None else round(value, 4),
    )
    return table.table()
