"""Every indicator on `jobbmatch demo` data, checked by hand from the records.

The demo runs on a database of this module's own (the command line commits). The
records are then read back through HTTP, and every table of every indicator is
worked out here in plain Python from the definitions in docs/stats.md, suppression
included (cells under 5, and the smallest other part of any group with exactly one
suppressed member), then compared whole with what `GET /v1/stats/…` answers, in
JSON and in CSV; the fairness figures too (rates, impact ratios, Fisher p-values,
exposure, Gini), and the lock-in list as admins and matchers get it. The default
period (the year up to today) holds the demo's whole history; one track alone gives
small counts, so suppression by subtraction shows there too."""

import csv
import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_tests.client import Keys
from api_tests.conftest import cli, make_settings
from api_tests.test_stats import GENDERS, H, table
from service.main import create_app

pytestmark = pytest.mark.needs_shared_taxonomy
TODAY = date.today()
START = TODAY - timedelta(days=365)
GENDER = {"woman": "kvinna", "man": "man", "other": "annat"}
STAGES = (
    "interested",
    "info_meeting",
    "assessed",
    "selected_by_employer",
    "in_training",
    "in_praktik",
    "completed",
    "hired",
    "not_hired",
    "dropped_out",
)
OPEN = set(STAGES[:6])
HOLDING = {"selected_by_employer", "in_training", "in_praktik"}
Rows = dict[tuple[str, str], list[Any]]


@pytest.fixture(name="demo", scope="module")
def demo_fixture(module_scratch_database_url: str) -> Iterator[tuple[TestClient, Keys]]:
    url = module_scratch_database_url
    app = create_app(make_settings(url))
    with TestClient(app) as client:
        seeded = cli(url, "demo", "--participants", "120", "--needs", "10")
        assert seeded.returncode == 0, seeded.stderr
        made = cli(url, "keys", "create", "--role", "admin", "--name", "a")
        assert made.returncode == 0, made.stderr
        admin = made.stdout.strip().splitlines()[-1]
        response = client.post(
            "/v1/keys",
            json={"name": "auditor", "role": "auditor"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert response.status_code == 201, response.text
        yield client, Keys({"admin": admin, "auditor": response.json()["key"]})


def every(client: TestClient, keys: Keys, path: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = client.get(
            path,
            params={"limit": 200, "offset": len(found)},
            headers=keys.auth("admin"),
        )
        assert page.status_code == 200, page.text
        found += page.json()["items"]
        if len(found) >= page.json()["total"]:
            return found


class Demo:
    """The demo's records as the API gives them, and the definitions over them."""

    def __init__(self, client: TestClient, keys: Keys) -> None:
        def get(path: str) -> Any:
            response = client.get(path, headers=keys.auth("admin"))
            assert response.status_code == 200, response.text
            return response.json()

        self.people = {
            p["participant_ref"]: p for p in every(client, keys, "/v1/participants")
        }
        self.enrolments = every(client, keys, "/v1/enrolments")
        self.tracks = {t["id"]: t for t in every(client, keys, "/v1/tracks")}
        self.cohorts = {
            c["id"]: c
            for t in self.tracks
            for c in every(client, keys, f"/v1/tracks/{t}/cohorts")
        }
        self.placements = {p["id"]: p for p in every(client, keys, "/v1/placements")}
        self.needs = every(client, keys, "/v1/needs")
        self.shortlists = [
            get(f"/v1/shortlists/{s['id']}")
            for s in every(client, keys, "/v1/shortlists")
        ]
        self.organisations = {
            o["id"]: o["name"] for o in every(client, keys, "/v1/organisations")
        }

    def gender(self, ref: str) -> str:
        return GENDER.get(self.people[ref]["statistics_gender"], "uppgift_saknas")

    def insats(self, e: dict[str, Any]) -> tuple[str, int | None, date, date]:
        """(programme, track, start, end)."""
        if e["cohort_id"] is not None:
            c = self.cohorts[e["cohort_id"]]
            kind = self.tracks[c["track_id"]]["kind"]
            return kind, c["track_id"], _d(c["start_date"]), _d(c["end_date"])
        p = self.placements[e["placement_id"]]
        return p["programme"], None, _d(p["start_date"]), _d(p["end_date"])


def _d(text: str) -> date:
    return date.fromisoformat(text[:10])


def moves(e: dict[str, Any]) -> list[tuple[date, str]]:
    return [(_d(t["on"] or t["at"]), t["to_stage"]) for t in e["transitions"]]


def stage_on(e: dict[str, Any], day: date) -> tuple[str, date] | None:
    found = None
    for on, stage in moves(e):
        if on <= day:
            found = (stage, on)
    return found


def started(e: dict[str, Any]) -> date | None:
    return next((on for on, s in moves(e) if s in ("in_training", "in_praktik")), None)


def hide(grid: list[list[int]], *, split: bool, partitioned: bool) -> list[list[bool]]:
    """docs/stats.md's rule, worked out again here."""
    hidden = [[v < 5 for v in row] for row in grid]
    last = len(grid[0]) - 1 if grid else 0
    groups = (
        [([(r, c) for c in range(last)], (r, last)) for r in range(len(grid))]
        if split
        else []
    )
    if partitioned and len(grid) > 1:
        bottom = len(grid) - 1
        groups += [
            ([(r, c) for r in range(bottom)], (bottom, c)) for c in range(last + 1)
        ]
    again = True
    while again:
        again = False
        for parts, total in groups:
            if sum(hidden[r][c] for r, c in [*parts, total]) != 1:
                continue
            shown = sorted(
                (grid[r][c], n, (r, c))
                for n, (r, c) in enumerate(parts)
                if not hidden[r][c]
            )
            r, c = shown[0][2] if shown else total
            hidden[r][c] = again = True
    return hidden


def counted(
    rows: list[tuple[str, str, list[str]]],
    *,
    split: bool = True,
    partitioned: bool = True,
) -> Rows:
    """{(key, measure): [kvinna, man, annat, uppgift_saknas, total]} of people."""
    grid = [
        [*(Counter(gs)[g] for g in GENDERS), len(gs)] if split else [len(gs)]
        for _, _, gs in rows
    ]
    flags = hide(grid, split=split, partitioned=partitioned)
    return {
        (key, measure): [H if f else v for v, f in zip(values, hidden, strict=True)]
        for (key, measure, _), values, hidden in zip(rows, grid, flags, strict=True)
    }


def share(part: list[Any], whole: list[Any]) -> list[Any]:
    return [
        H if H in (p, w) else (round(p / w, 4) if w else None)
        for p, w in zip(part, whole, strict=True)
    ]


def by(
    items: dict[str, list[str]], keys: list[str], measure: str
) -> list[tuple[str, str, list[str]]]:
    return [
        *((k, measure, items[k]) for k in keys),
        ("all", measure, [g for k in keys for g in items[k]]),
    ]


def kept(demo: Demo, e: dict[str, Any], track: int | None) -> bool:
    return track is None or demo.insats(e)[1] == track


def stage_groups(demo: Demo, track: int | None) -> list[tuple[str, str, list[str]]]:
    at: dict[str, list[str]] = defaultdict(list)
    for e in demo.enrolments:
        found = stage_on(e, TODAY)
        if kept(demo, e, track) and found and (found[0] in OPEN or found[1] >= START):
            at[found[0]].append(demo.gender(e["participant_ref"]))
    return by(at, list(STAGES), "enrolments")


def stages(demo: Demo, track: int | None) -> Rows:
    return counted(stage_groups(demo, track))


def exits(
    demo: Demo, track: int | None, programmes: tuple[str, ...]
) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in demo.enrolments:
        o = e["outcome"]
        if kept(demo, e, track) and o and START <= _d(o["exit_date"]) <= TODAY:
            programme = demo.insats(e)[0]
            if programme in programmes:
                found[programme].append(e)
    return found


def exit_tables(
    demo: Demo,
    found: dict[str, list[dict[str, Any]]],
    programmes: tuple[str, ...],
    tests: dict[str, Any],
    shares: tuple[str, ...],
) -> Rows:
    keys = [p for p in programmes if found[p]]
    rows: Rows = {}
    for measure, test in tests.items():
        picked = {
            k: [
                demo.gender(e["participant_ref"])
                for e in found[k]
                if test(e, e["outcome"])
            ]
            for k in keys
        }
        rows |= counted(by(picked, keys, measure))
    for measure in shares:
        for k in [*keys, "all"]:
            rows[k, f"share_{measure}"] = share(rows[k, measure], rows[k, "exits"])
    return rows


WORK = ("work_unsubsidised", "work_subsidised")


def outcomes(demo: Demo, track: int | None) -> Rows:
    kinds = ("jobbspar", "rekryteringsutbildning")
    tests = {
        "exits": lambda e, o: True,
        "hired_by_employer": lambda e, o: o["hired_by_employer"],
        "work_within_90_days": lambda e, o: o["status_after_90_days"] in WORK,
        "csn_studies": lambda e, o: o["exit_reason"] == "studies_csn",
        "dropped_out": lambda e, o: e["stage"] == "dropped_out",
    }
    return exit_tables(demo, exits(demo, track, kinds), kinds, tests, tuple(tests)[1:])


def exit_result(demo: Demo, track: int | None) -> Rows:
    programmes = ("jobbspar", "rekryteringsutbildning", "stockholmsjobb", "praktik")

    def work(e: Any, o: Any) -> bool:
        # Subsidised work (Stockholmsjobb and the like) is not work here.
        return bool(
            o["exit_reason"] == o["status_after_90_days"] == "work_unsubsidised"
        )

    def csn(e: Any, o: Any) -> bool:
        return bool(o["exit_reason"] == "studies_csn")

    tests = {
        "exits": lambda e, o: True,
        "work_lasting_a_month": work,
        "csn_studies": csn,
        "result": lambda e, o: work(e, o) or csn(e, o),
        "awaiting_follow_up": lambda e, o: (
            o["exit_reason"] == "work_unsubsidised"
            and o["status_after_90_days"] is None
        ),
    }
    return exit_tables(
        demo, exits(demo, track, programmes), programmes, tests, ("result",)
    )


def lock_in(demo: Demo, track: int | None) -> Rows:
    programmes = ["jobbspar", "rekryteringsutbildning", "stockholmsjobb", "praktik"]
    opened: dict[str, list[str]] = defaultdict(list)
    locked: dict[str, list[str]] = defaultdict(list)
    for e in demo.enrolments:
        began, now = started(e), stage_on(e, TODAY)
        if (
            not kept(demo, e, track)
            or began is None
            or now is None
            or now[0] not in OPEN
        ):
            continue
        programme, _, start, end = demo.insats(e)
        opened[programme].append(demo.gender(e["participant_ref"]))
        if (TODAY - began).days > (end - start).days:
            locked[programme].append(demo.gender(e["participant_ref"]))
    rows = counted(by(opened, programmes, "open_started")) | counted(
        by(locked, programmes, "locked_in")
    )
    for k in [*programmes, "all"]:
        rows[k, "share_locked_in"] = share(
            rows[k, "locked_in"], rows[k, "open_started"]
        )
    return rows


def active_plan(demo: Demo) -> Rows:
    everyone = {
        r: demo.gender(r)
        for r, p in demo.people.items()
        if _d(p["created_at"]) <= TODAY
    }
    active = {
        e["participant_ref"]
        for e in demo.enrolments
        if (s := stage_on(e, TODAY)) and s[0] in OPEN
    }
    active |= {
        d["participant_ref"]
        for s in demo.shortlists
        for d in s["decisions"]
        if d["decision"] in ("proposed", "selected")
        and TODAY - timedelta(days=29) <= _d(d["decided_at"]) <= TODAY
    }
    rows = counted(
        [("all", "participants", list(everyone.values()))], partitioned=False
    )
    rows |= counted(
        [("active", "participants", [g for r, g in everyone.items() if r in active])],
        partitioned=False,
    )
    rows["active", "share"] = share(
        rows["active", "participants"], rows["all", "participants"]
    )
    return rows


def chains(demo: Demo) -> tuple[Rows, Rows]:
    by_ref: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
    for e in demo.enrolments:
        first, o = moves(e)[0][0], e["outcome"]
        if first <= TODAY and not (o and _d(o["exit_date"]) < START):
            by_ref[e["participant_ref"]].append((first, e["id"], demo.insats(e)[0]))
    lengths: dict[str, list[str]] = defaultdict(list)
    steps: dict[str, list[str]] = defaultdict(list)
    patterns: dict[str, list[str]] = defaultdict(list)
    for ref, chain in by_ref.items():
        n, g = len(chain), demo.gender(ref)
        lengths[("1", "2", "3+")[min(n, 3) - 1]].append(g)
        steps[("1", "2", "3+")[min(n, 3) - 1]] += [g] * (n - 1)
        patterns[" > ".join(p for _, _, p in sorted(chain))].append(g)
    rows = counted(by(lengths, ["1", "2", "3+"], "participants")) | counted(
        by(steps, ["1", "2", "3+"], "step_changes")
    )
    assert len(patterns) <= 20  # no `other` row on demo data
    shown = sorted(patterns, key=lambda p: (-len(patterns[p]), p))
    return rows, counted(by(patterns, shown, "participants"))


def tracks_by_phase(demo: Demo) -> Rows:
    made = Counter(
        (t["kind"], t["phase"])
        for t in demo.tracks.values()
        if _d(t["created_at"]) <= TODAY
    )
    return {
        (f"{kind}/{phase}", "tracks"): [made[kind, phase]]
        for kind in ("jobbspar", "rekryteringsutbildning")
        for phase in ("planning", "recruitment", "delivery", "closing", "closed")
    }


def cohorts_by_status(demo: Demo) -> Rows:
    statuses = ["planned", "recruiting", "running", "completed", "cancelled"]
    meeting = {
        i: c
        for i, c in demo.cohorts.items()
        if _d(c["end_date"]) >= START and _d(c["start_date"]) <= TODAY
    }
    filled: dict[str, list[str]] = defaultdict(list)
    for e in demo.enrolments:
        c = meeting.get(e["cohort_id"])
        if c and (s := stage_on(e, TODAY)) and s[0] in HOLDING:
            filled[c["status"]].append(demo.gender(e["participant_ref"]))
    rows = counted(by(filled, statuses, "seats_filled"))
    for status in [*statuses, "all"]:
        chosen = [c for c in meeting.values() if status in ("all", c["status"])]
        rows[status, "cohorts"] = [len(chosen)]
        rows[status, "seats_offered"] = [sum(c["seats"] for c in chosen)]
    return rows


def placements(demo: Demo) -> Rows:
    active = {
        i: p
        for i, p in demo.placements.items()
        if _d(p["start_date"]) <= TODAY and _d(p["end_date"]) >= START
    }
    hosts = sorted(
        {(p["programme"], p["host_organisation_id"]) for p in active.values()}
    )
    holding: dict[str, list[str]] = defaultdict(list)
    keys = [f"{prog}/{host}/{demo.organisations[host]}" for prog, host in hosts]
    for e in demo.enrolments:
        p = active.get(e["placement_id"])
        if p and (s := stage_on(e, TODAY)) and s[0] in HOLDING:
            holding[
                f"{p['programme']}/{p['host_organisation_id']}/{demo.organisations[p['host_organisation_id']]}"
            ].append(demo.gender(e["participant_ref"]))
    rows = {
        (k.replace("all", "all/all/all"), m): v
        for (k, m), v in counted(by(holding, keys, "participants")).items()
    }
    for (prog, host), k in zip(hosts, keys, strict=True):
        chosen = [
            p
            for p in active.values()
            if (p["programme"], p["host_organisation_id"]) == (prog, host)
        ]
        rows[k, "placements"] = [len(chosen)]
        rows[k, "places"] = [sum(p["capacity"] for p in chosen)]
    rows["all/all/all", "placements"] = [len(active)]
    rows["all/all/all", "places"] = [sum(p["capacity"] for p in active.values())]
    return rows


def needs(demo: Demo) -> Rows:
    rows: Rows = {}
    for status in ("draft", "open", "filled", "closed"):
        chosen = [n for n in demo.needs if n["status"] == status]
        rows[status, "needs"] = [len(chosen)]
        rows[status, "positions"] = [sum(n["positions"] for n in chosen)]
    rows["all", "needs"] = [len(demo.needs)]
    rows["all", "positions"] = [sum(n["positions"] for n in demo.needs)]
    rows["open", "opened_in_period"] = [sum(n["status"] != "draft" for n in demo.needs)]
    rows["filled", "filled_in_period"] = [
        sum(n["status"] == "filled" for n in demo.needs)
    ]
    # Made and filled today: 0 days.
    for measure in ("median_days_to_fill", "p75_days_to_fill", "p90_days_to_fill"):
        rows["filled", measure] = [0]
    return rows


def lead_times(demo: Demo) -> Rows:
    registered = {r: _d(p["created_at"]) for r, p in demo.people.items()}
    firsts: dict[str, dict[str, date]] = {
        "first_shortlist": {},
        "first_proposal": {},
        "enrolment_start": {},
    }

    def earliest(name: str, ref: str, day: date) -> None:
        firsts[name][ref] = min(day, firsts[name].get(ref, day))

    for s in demo.shortlists:
        for r in s["results"]:
            earliest("first_shortlist", r["participant_ref"], _d(s["created_at"]))
        for d in s["decisions"]:
            if d["decision"] in ("proposed", "selected"):
                earliest("first_proposal", d["participant_ref"], _d(d["decided_at"]))
    for e in demo.enrolments:
        if (began := started(e)) is not None:
            earliest("enrolment_start", e["participant_ref"], began)
    rows = counted(
        [("all", "registered", [demo.gender(r) for r in registered])], partitioned=False
    )
    for name, found in firsts.items():
        days: dict[str, list[int]] = defaultdict(list)
        before = []
        for ref, day in found.items():
            if day < registered[ref]:
                before.append(demo.gender(ref))
            else:
                days[demo.gender(ref)].append((day - registered[ref]).days)
        reached = counted(
            [(name, "reached", [g for g, ds in days.items() for _ in ds])],
            partitioned=False,
        )
        rows |= reached
        pooled = sorted(d for ds in days.values() for d in ds)
        for measure, q in (("median_days", 0.5), ("p75_days", 0.75), ("p90_days", 0.9)):
            cells = [nearest(sorted(days[g]), q) for g in GENDERS] + [
                nearest(pooled, q)
            ]
            rows[name, measure] = [
                H if h == H else v
                for v, h in zip(cells, reached[name, "reached"], strict=True)
            ]
        rows |= counted([(name, "before_registration", before)], partitioned=False)
    return rows


def nearest(ordered: list[int], q: float) -> int | None:
    if not ordered:
        return None
    return ordered[max(-(-len(ordered) * q // 1), 1).__int__() - 1]


AGE_BANDS = ((24, "under_25"), (34, "25_34"), (44, "35_44"), (54, "45_54"))


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "unknown"
    return next(
        (band for top, band in AGE_BANDS if year - birth_year <= top), "55_plus"
    )


def fisher_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p of [[a, b], [c, d]]: every table with the same
    margins that is no likelier than this one."""
    row, other, column = a + b, c + d, a + c

    def likelihood(x: int) -> float:
        return (
            math.comb(row, x)
            * math.comb(other, column - x)
            / math.comb(row + other, column)
        )

    seen = likelihood(a)
    xs = range(max(0, column - other), min(row, column) + 1)
    return min(1.0, sum(p for x in xs if (p := likelihood(x)) <= seen * (1 + 1e-7)))


def fairness_dimension(
    placed: list[tuple[str, set[str], float]], groups: tuple[str, ...], name: str
) -> dict[str, Rows]:
    """steps_by_<name> and exposure_by_<name> from (group, steps reached,
    exposure weight) per shortlist result."""
    steps: Rows = {}
    for step in ("eligible", "top_10", "proposed", "selected"):
        reached = [g for g, at, _ in placed if step in at]
        found = counted(
            [
                *((g, "results", [g] * reached.count(g)) for g in (*groups, "unknown")),
                ("all", "results", reached),
            ],
            split=False,
        )
        steps |= {(f"{k}/{step}", m): v for (k, m), v in found.items()}

    def count(group: str, step: str) -> Any:
        return steps[f"{group}/{step}", "results"][0]

    for step in ("top_10", "proposed", "selected"):
        rates = {
            g: count(g, step) / count(g, "eligible")
            for g in groups
            if H not in (count(g, step), count(g, "eligible")) and count(g, "eligible")
        }
        best = max(rates.values(), default=None)
        top = next((g for g in groups if g in rates and rates[g] == best), None)
        for g in groups:
            key = f"{g}/{step}"
            if g not in rates or best is None:
                hidden = H in (count(g, step), count(g, "eligible"))
                for measure in ("rate", "impact_ratio", "below_four_fifths"):
                    steps[key, measure] = [H if hidden else None]
                steps[key, "fisher_p"] = [H if hidden else None]
                continue
            ratio = rates[g] / best if best else None
            steps[key, "rate"] = [round(rates[g], 4)]
            steps[key, "impact_ratio"] = [None if ratio is None else round(ratio, 4)]
            steps[key, "below_four_fifths"] = [
                None if ratio is None else float(ratio < 0.8)
            ]
            a, n = count(g, step), count(g, "eligible")
            assert top is not None
            b, m = count(top, step), count(top, "eligible")
            steps[key, "fisher_p"] = [
                None if g == top else round(fisher_p(a, n - a, b, m - b), 6)
            ]
    weight: defaultdict[str, float] = defaultdict(float)
    for g, _, w in placed:
        weight[g] += w
    exposure: Rows = {}
    everyone = count("all", "eligible")
    for g in (*groups, "unknown"):
        pool = count(g, "eligible")
        if H in (pool, everyone) or not everyone:
            cell = H if pool == H else None
            exposure[g, "exposure_share"] = exposure[g, "eligible_share"] = [cell]
            continue
        exposure[g, "exposure_share"] = [round(weight[g] / sum(weight.values()), 4)]
        exposure[g, "eligible_share"] = [round(pool / everyone, 4)]
    return {f"steps_by_{name}": steps, f"exposure_by_{name}": exposure}


def gini(values: list[int]) -> float:
    """Mean absolute difference over twice the mean."""
    n, total = len(values), sum(values)
    return sum(abs(x - y) for x in values for y in values) / (2 * n * total)


def fairness(demo: Demo) -> dict[str, Rows]:
    by_gender: list[tuple[str, set[str], float]] = []
    by_age: list[tuple[str, set[str], float]] = []
    top_places: Counter[str] = Counter()
    for s in demo.shortlists:
        proposed = {
            d["participant_ref"]
            for d in s["decisions"]
            if d["decision"] in ("proposed", "selected")
        }
        selected = {
            d["participant_ref"] for d in s["decisions"] if d["decision"] == "selected"
        }
        for r in s["results"]:
            ref = r["participant_ref"]
            at = {"eligible"}
            at |= {"top_10"} if r["rank"] <= 10 else set()
            at |= {"proposed"} if ref in proposed else set()
            at |= {"selected"} if ref in selected else set()
            top_places[ref] += r["rank"] <= 10
            w = 1 / math.log2(1 + r["rank"])
            g = demo.gender(ref)
            by_gender.append(("unknown" if g == "uppgift_saknas" else g, at, w))
            born = demo.people[ref]["birth_year"]
            by_age.append((age_band(born, _d(s["created_at"]).year), at, w))
    tables = fairness_dimension(by_gender, ("kvinna", "man", "annat"), "gender")
    bands = (*(b for _, b in AGE_BANDS), "55_plus")
    tables |= fairness_dimension(by_age, bands, "age_band")
    lists = demo.shortlists
    tables["shortlists"] = {
        ("all", "shortlists"): [len(lists)],
        ("all", "eligible_total"): [sum(s["eligible_count"] for s in lists)],
        ("all", "stored_results"): [len(by_gender)],
        ("all", "eligible_complete"): [
            float(all(s["eligible_count"] <= s["limit"] for s in lists))
        ],
    }
    ranked = [top_places[ref] for ref in top_places]
    pool = [
        top_places[ref]
        for ref, p in demo.people.items()
        if _d(p["created_at"]) <= TODAY or ref in top_places
    ]
    most = sorted(ranked, reverse=True)[: math.ceil(len(ranked) / 20)]
    # Nothing is hidden here on demo data.
    assert len(ranked) >= 5
    assert len(pool) >= 5
    tables["congestion"] = {
        ("ranked", "participants"): [len(ranked)],
        ("ranked", "top_10_places"): [sum(ranked)],
        ("ranked", "gini_top_10_appearances"): [round(gini(ranked), 4)],
        ("ranked", "top_5_percent_share"): [round(sum(most) / sum(ranked), 4)],
        ("pool", "participants"): [len(pool)],
        ("pool", "gini_top_10_appearances"): [round(gini(pool), 4)],
    }
    return tables


def locked_in(demo: Demo) -> list[dict[str, Any]]:
    """The lock-in list: open enrolments begun longer ago than planned."""
    found = []
    for e in demo.enrolments:
        began, now = started(e), stage_on(e, TODAY)
        if began is None or now is None or now[0] not in OPEN:
            continue
        programme, _, start, end = demo.insats(e)
        if (TODAY - began).days > (end - start).days:
            found.append(
                {
                    "participant_ref": e["participant_ref"],
                    "enrolment_id": e["id"],
                    "programme": programme,
                    "cohort_id": e["cohort_id"],
                    "placement_id": e["placement_id"],
                    "started_on": began.isoformat(),
                    "planned_days": (end - start).days,
                    "days_in_insats": (TODAY - began).days,
                }
            )
    return sorted(found, key=lambda x: x["enrolment_id"])


def csv_rows(text: str, name: str) -> Rows:
    """The CSV's rows of one table, in `table`'s shape (`..` → H)."""
    reader = csv.DictReader(io.StringIO(text))
    found: Rows = {}
    for line in reader:
        if line["table"] != name:
            continue
        keys = [
            v
            for k, v in line.items()
            if k not in ("table", "measure", "total", *GENDERS) and v
        ]
        cells = [line[g] for g in GENDERS] if any(line[g] for g in GENDERS) else []
        found["/".join(keys), line["measure"]] = [
            H if c == ".." else (None if c == "" else float(c))
            for c in [*cells, line["total"]]
        ]
    return found


def json_as_csv(body: dict[str, Any], name: str) -> Rows:
    """One table of a JSON answer keyed as the CSV is (key names sorted)."""
    found = next(t for t in body["tables"] if t["name"] == name)
    rows = table(body, name)
    return {
        ("/".join(v for _, v in sorted(row["key"].items()) if v), row["measure"]): rows[
            "/".join(row["key"].values()), row["measure"]
        ]
        for row in found["rows"]
    }


def read(
    demo: tuple[TestClient, Keys], name: str, **params: Any
) -> tuple[dict[str, Any], str]:
    client, keys = demo
    period = {"from": START.isoformat(), "to": TODAY.isoformat(), **params}
    body = client.get(f"/v1/stats/{name}", params=period, headers=keys.auth("auditor"))
    text = client.get(
        f"/v1/stats/{name}",
        params=period,
        headers={**keys.auth("auditor"), "Accept": "text/csv"},
    )
    assert body.status_code == text.status_code == 200, body.text
    return body.json(), text.text


def check(answer: tuple[dict[str, Any], str], name: str, expected: Rows) -> Rows:
    body, text = answer
    got = table(body, name)
    assert got == expected, name
    assert csv_rows(text, name) == json_as_csv(body, name), name
    return got


@pytest.fixture(name="records", scope="module")
def records_fixture(demo: tuple[TestClient, Keys]) -> Demo:
    return Demo(*demo)


def test_the_demo_has_history_of_every_kind(records: Demo) -> None:
    reasons = Counter(
        e["outcome"]["exit_reason"] for e in records.enrolments if e["outcome"]
    )
    assert set(reasons) >= {"work_unsubsidised", "work_subsidised", "studies_csn"}
    assert {e["stage"] for e in records.enrolments} >= {
        "hired",
        "not_hired",
        "dropped_out",
        "in_training",
        "in_praktik",
        "selected_by_employer",
    }
    assert {p["programme"] for p in records.placements.values()} == {
        "stockholmsjobb",
        "praktik",
    }
    assert {GENDER.get(p["statistics_gender"]) for p in records.people.values()} >= {
        "kvinna",
        "man",
        "annat",
        None,
    }
    assert {d["decision"] for s in records.shortlists for d in s["decisions"]} == {
        "proposed",
        "selected",
        "not_selected",
    }


@pytest.mark.parametrize("scope", ["all", "one track"])
def test_people_indicators_match_the_hand_count(
    demo: tuple[TestClient, Keys], records: Demo, scope: str
) -> None:
    track = min(records.tracks) if scope == "one track" else None
    params = {} if track is None else {"track_id": track}
    stage_rows = check(
        read(demo, "stages", **params), "enrolments_by_stage", stages(records, track)
    )
    outcome_rows = check(
        read(demo, "outcomes", **params),
        "outcomes_after_track",
        outcomes(records, track),
    )
    exit_rows = check(
        read(demo, "exit-result", **params), "exit_result", exit_result(records, track)
    )
    lock_rows = check(
        read(demo, "lock-in", **params), "lock_in", lock_in(records, track)
    )
    assert lock_rows["all", "locked_in"][4] not in (0, None)
    # Both kinds of cell occur, and suppression by subtraction: a row with one
    # primary (<5) cell hides a second, published-size one too.
    every_cell = [
        c
        for rows in (stage_rows, outcome_rows, exit_rows)
        for cs in rows.values()
        for c in cs
    ]
    assert H in every_cell
    assert any(isinstance(c, (int, float)) and c >= 5 for c in every_cell)


def test_suppression_by_subtraction_occurs_on_demo_data(records: Demo) -> None:
    """Some count of 5 or more is hidden by the complementary rule, so the
    comparisons above cover it: in the stages or the exits, of all or one track."""
    kinds = ("jobbspar", "rekryteringsutbildning")
    groups = []
    for track in (None, *records.tracks):
        groups.append(stage_groups(records, track))
        found = exits(records, track, kinds)
        keys = [k for k in kinds if found[k]]
        picked = {
            k: [records.gender(e["participant_ref"]) for e in found[k]] for k in keys
        }
        groups.append(by(picked, keys, "exits"))
    hidden_big = []
    for rows in groups:
        grid = [[*(Counter(gs)[g] for g in GENDERS), len(gs)] for _, _, gs in rows]
        flags = hide(grid, split=True, partitioned=True)
        hidden_big += [
            v
            for row, fs in zip(grid, flags, strict=True)
            for v, f in zip(row, fs, strict=True)
            if f and v >= 5
        ]
    assert hidden_big


def test_plans_chains_lead_times_and_fairness_match_the_hand_count(
    demo: tuple[TestClient, Keys], records: Demo
) -> None:
    check(read(demo, "active-plan"), "active_plan", active_plan(records))
    lengths, patterns = chains(records)
    answer = read(demo, "chains")
    check(answer, "chains", lengths)
    check(answer, "chain_patterns", patterns)
    check(read(demo, "lead-times"), "lead_times", lead_times(records))
    answer = read(demo, "shortlist-fairness")
    for name, expected in fairness(records).items():
        check(answer, name, expected)


def test_employer_side_indicators_match_the_hand_count(
    demo: tuple[TestClient, Keys], records: Demo
) -> None:
    answer = read(demo, "tracks")
    assert check(answer, "tracks_by_phase", tracks_by_phase(records))[
        "jobbspar/delivery", "tracks"
    ] == [1]
    check(answer, "cohorts_by_status", cohorts_by_status(records))
    check(read(demo, "placements"), "placements_by_host", placements(records))
    check(read(demo, "needs"), "needs", needs(records))


def test_the_lock_in_list_matches_the_hand_count(
    demo: tuple[TestClient, Keys], records: Demo
) -> None:
    """Admins get everyone locked in; a matcher only those of the units served."""
    client, keys = demo

    def listed(headers: dict[str, str]) -> list[dict[str, Any]]:
        period = {"from": START.isoformat(), "to": TODAY.isoformat()}
        answer = client.get(
            "/v1/stats/lock-in/participants", params=period, headers=headers
        )
        assert answer.status_code == 200, answer.text
        return sorted(answer.json()["items"], key=lambda x: x["enrolment_id"])

    def matcher(unit: str) -> dict[str, str]:
        body = {"name": unit, "role": "matcher", "units": [unit]}
        made = client.post("/v1/keys", json=body, headers=keys.auth("admin"))
        assert made.status_code == 201, made.text
        return {"Authorization": f"Bearer {made.json()['key']}"}

    expected = locked_in(records)
    assert expected
    assert listed(keys.auth("admin")) == expected
    unit = records.people[expected[0]["participant_ref"]]["owning_unit"]
    assert listed(matcher(unit)) == [
        x
        for x in expected
        if records.people[x["participant_ref"]]["owning_unit"] == unit
    ]
    assert listed(matcher("Ingen demo-enhet")) == []
