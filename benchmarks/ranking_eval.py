"""Ranking quality on real ads and a synthetic pool whose true relevance is known.

    .venv/bin/python benchmarks/ranking_eval.py [--needs N] [--participants P]
        [--seed S] [--shared DIR]

Needs are real JobSearch ads (``DIR/eval/jobsearch_ads.jsonl``, default all 90):
each is a `Programme.NEED` target with the ad's occupation-name, its municipality
and, where the ad has them, its must and nice-to-have skills. The taxonomy is the
snapshot in ``DIR/taxonomy``; ``DIR`` is ``$JOBBMATCH_SHARED_DIR`` or ``../shared``.

Each participant is drawn for one need (its anchor) with a true occupation that
makes, for that need, grade 3 (the same occupation), 2 (the same SSYK-4 group or a
high substitute, >= 75), 1 (the same occupation field) or 0 (another field); the
grades for every other need follow from the same definition. What the ranking sees
is written as a person would type it: the title is a label of the true occupation
with typos, half of the skills (from the true group's taxonomy skills, plus noise)
are free-text labels; both are mapped with the taxonomy's `Mapper` as the service
maps free text (top match, nothing on abstention), so mapping errors count.
Participants live in the anchor's municipality, or nearby with mobility to it.

Every method ranks the same candidates per need: those the location rule lets
through (a need has no other hard rule: no start date, languages or licences), so
the figures measure order, not filtering. Methods: jobbmatch (`matching.rank`,
default need weights), random, exact occupation (mapped occupation equal to the
need's first) and rapidfuzz (``WRatio`` of the typed title against the ad's
occupation label and headline, the better of the two); ties in the baselines break
at random. NDCG@10 uses gain ``2**grade - 1``; P@10 counts grade >= 2. Needs whose
eligible candidates are all grade 0 are left out. The eligible set is checked
against jobbmatch's own count. Figures are given for all needs and for the needs
whose ad occupation is still active (the mapper knows active concepts only, so a
deprecated title maps to another, mostly in its group: grade 3 looks like grade 2).

Reading the figures: the grades know only occupations, while jobbmatch also weighs
years of experience, proximity and waiting time by design (a same-group person with
years can pass a same-occupation novice), which NDCG counts against it and P@10
does not. The typed titles are taxonomy labels with typos, which favours the
rapidfuzz baseline over titles people invent. Prints a table, JSON last.
"""

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from matching import (
    CandidateProfile,
    Concepts,
    Experience,
    Pool,
    Programme,
    Requirements,
    Target,
    rank,
)
from matching.qualities import row_indices
from service.candidates.concepts import build
from service.taxonomy.state import from_snapshot
from taxonomy import Mapper, MapType, TaxonomyGraph

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 1, 15)
K = 10
RELEVANT = 2
# Share of a need's anchored participants drawn at grade 0, 1, 2 and 3.
GRADE_SHARES = (0.35, 0.25, 0.25, 0.15)
HOME_SHARE = 0.8
TYPO_SHARE = 0.5
TEXT_SKILL_SHARE = 0.5
OCC_NAME: Final = "occupation-name"
METHODS = ("jobbmatch", "random", "exact_occupation", "rapidfuzz")
IntArray = npt.NDArray[np.int64]
Rng = np.random.Generator


@dataclass(frozen=True)
class Need:
    target: Target
    occupation: int
    texts: tuple[str, str]  # occupation label and headline, for rapidfuzz
    deprecated: bool


@dataclass(frozen=True)
class Participants:
    profiles: list[CandidateProfile]
    true: IntArray  # true occupation index
    mapped: IntArray  # mapped occupation index, -1 on abstention
    titles: list[str]


@dataclass(frozen=True)
class World:
    concepts: Concepts
    graph: TaxonomyGraph
    mapper: Mapper
    active: IntArray  # indices of active occupation-names

    def label(self, concept_id: str) -> str:
        return self.graph.concept(concept_id).preferred_label


def load_world(shared: Path) -> World:
    loaded = from_snapshot(shared / "taxonomy")
    graph, mapper = loaded.graph, loaded.mapper
    concepts = build(loaded).concepts
    found = (concepts.occupations.index(c.id) for c in graph.search(type=OCC_NAME))
    active = np.array(sorted(i for i in found if i is not None))
    return World(concepts, graph, mapper, active)


def _indices(vocab_index: Callable[[str], int | None], items: Any) -> tuple[int, ...]:
    found = (vocab_index(item["concept_id"]) for item in items)
    return tuple(dict.fromkeys(i for i in found if i is not None))


def _municipality(world: World, place: dict[str, str] | None) -> int | None:
    if not place:
        return None
    concept_id = place.get("municipality_concept_id")
    if concept_id is None:
        named = world.graph.search(type="municipality", q=place["municipality"])
        exact = [c.id for c in named if c.preferred_label == place["municipality"]]
        concept_id = exact[0] if exact else None
    return (
        None if concept_id is None else world.concepts.municipalities.index(concept_id)
    )


def load_needs(world: World, path: Path, n: int | None, rng: Rng) -> list[Need]:
    # Not splitlines(): the ad texts hold U+2028, which it would split on.
    ads = [json.loads(line) for line in path.read_text().split("\n") if line]
    if n is not None and n < len(ads):
        ads = [ads[i] for i in sorted(rng.choice(len(ads), n, replace=False))]
    needs = []
    skill = world.concepts.skills.index
    for ad in ads:
        occupation = world.concepts.occupations.index(ad["occupation"]["concept_id"])
        assert occupation is not None, ad["id"]
        requirements = Requirements(
            must_skills=_indices(skill, ad["must_have"]["skills"]),
            merit_skills=_indices(skill, ad["nice_to_have"]["skills"]),
        )
        target = Target(
            ref=ad["id"],
            programme=Programme.NEED,
            municipality=_municipality(world, ad.get("municipality")),
            occupation=occupation,
            requirements=requirements,
        )
        texts = (ad["occupation"]["label"], ad["headline"])
        deprecated = bool(ad["taxonomy_check"]["occupation_deprecated"])
        needs.append(Need(target, occupation, texts, deprecated))
    return needs


def grades(concepts: Concepts, need: int, occupations: IntArray) -> IntArray:
    """True relevance of each occupation for a need's occupation, 0 to 3."""
    group, field = concepts.occupation_group, concepts.occupation_field
    substitute = concepts.substitutes[need].toarray().ravel()[occupations]
    same_group = (group[occupations] == group[need]) & (group[need] >= 0)
    same_field = (field[occupations] == field[need]) & (field[need] >= 0)
    result = np.where(same_field, 1, 0)
    result[same_group | (substitute >= 0.75)] = 2
    result[occupations == need] = 3
    return result.astype(np.int64)


def by_grade(world: World, need: int) -> list[IntArray]:
    """Active occupation-names at grade 0, 1 and 2 for `need`, and `need` itself."""
    graded = grades(world.concepts, need, world.active)
    others = [world.active[(graded == g) & (world.active != need)] for g in range(3)]
    return [*others, np.array([need])]


def draw_occupation(options: list[IntArray], rng: Rng) -> int:
    """An occupation at a drawn grade (the next lower one if it has none)."""
    wanted = int(rng.choice(4, p=GRADE_SHARES))
    found = next(o for o in options[wanted::-1] if len(o))
    return int(rng.choice(found))


def typo(text: str, rng: Rng) -> str:
    """The text as typed in a hurry: maybe lower case, maybe one slip of a key."""
    if rng.random() < 0.5:
        text = text.lower()
    if rng.random() >= TYPO_SHARE or len(text) < 4:
        return text
    at = int(rng.integers(1, len(text) - 2))
    kind = int(rng.integers(4))
    if kind == 0:  # swap two letters
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == 1:  # drop one
        return text[:at] + text[at + 1 :]
    if kind == 2:  # double one
        return text[: at + 1] + text[at:]
    return text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


def _mapped(world: World, text: str, kind: MapType, cache: dict[str, int]) -> int:
    """The concept the service would store for a typed text (as map_free_text)."""
    key = f"{kind}:{text}"
    if key not in cache:
        result = world.mapper.map(text, type=kind, limit=1)
        vocab = world.concepts.skills if kind == "skill" else world.concepts.occupations
        best = None if result.abstained else vocab.index(result.matches[0].concept_id)
        cache[key] = -1 if best is None else best
    return cache[key]


def _skills(
    world: World, occupation: int, rng: Rng, cache: dict[str, int]
) -> list[int]:
    k = world.concepts
    group = int(k.occupation_group[occupation])
    own = row_indices(k.group_skills, group)
    picks = list(rng.choice(own, min(len(own), int(rng.integers(2, 7))), replace=False))
    if rng.random() < 0.5:
        picks.append(int(rng.integers(len(k.skills))))
    skills = []
    for s in picks:
        if rng.random() < TEXT_SKILL_SHARE:
            s = _mapped(world, typo(world.label(k.skills.ids[s]), rng), "skill", cache)
        if s >= 0:
            skills.append(int(s))
    return skills


def _place(world: World, need: Target, rng: Rng) -> dict[str, Any]:
    """Home in the need's municipality, or elsewhere in its län with mobility."""
    k, home = world.concepts, need.municipality
    if home is None:
        return {"home_municipality": int(rng.integers(len(k.municipalities)))}
    if rng.random() < HOME_SHARE:
        return {"home_municipality": home}
    region = int(k.municipality_region[home])
    nearby = np.flatnonzero(k.municipality_region == region)
    place: dict[str, Any] = {"home_municipality": int(rng.choice(nearby))}
    if rng.random() < 0.5:
        place["mobility_regions"] = (region,)
    else:
        place["mobility_municipalities"] = (home,)
    return place


def make_participants(
    world: World, needs: Sequence[Need], n: int, rng: Rng
) -> Participants:
    cache: dict[str, int] = {}
    options = {o: by_grade(world, o) for o in {need.occupation for need in needs}}
    profiles, true, mapped, titles = [], [], [], []
    for i in range(n):
        need = needs[int(rng.integers(len(needs)))]
        occupation = draw_occupation(options[need.occupation], rng)
        concept = world.graph.concept(world.concepts.occupations.ids[occupation])
        labels = [concept.preferred_label, *concept.alternative_labels]
        label = labels[0] if rng.random() < 0.6 else str(rng.choice(labels))
        title = typo(label, rng)
        job = _mapped(world, title, OCC_NAME, cache)
        contact = int(rng.integers(0, 365))
        profiles.append(
            CandidateProfile(
                ref=f"p{i:06d}",
                **_place(world, need.target, rng),
                experience=()
                if job < 0
                else (Experience(job, float(rng.integers(1, 20)) / 2),),
                skills=tuple(_skills(world, occupation, rng, cache)),
                last_contact=None
                if rng.random() < 0.3
                else TODAY - timedelta(days=contact),
            )
        )
        true.append(occupation)
        mapped.append(job)
        titles.append(title)
    return Participants(profiles, np.array(true), np.array(mapped), titles)


def eligible(world: World, people: Participants, target: Target) -> IntArray:
    """Rows the location rule lets through (the need's only hard rule)."""
    m = target.municipality
    if m is None:
        return np.arange(len(people.profiles))
    region = int(world.concepts.municipality_region[m])
    return np.array(
        [
            i
            for i, p in enumerate(people.profiles)
            if p.home_municipality == m
            or m in p.mobility_municipalities
            or region in p.mobility_regions
        ]
    )


def ndcg(ranked: IntArray, pool: IntArray) -> float:
    discounts = 1 / np.log2(np.arange(2, K + 2))
    ideal = np.sort(pool)[::-1][:K]
    best = float(((2.0**ideal - 1) * discounts[: len(ideal)]).sum())
    got = float(((2.0 ** ranked[:K] - 1) * discounts[: len(ranked[:K])]).sum())
    return got / best


def orderings(
    world: World, people: Participants, need: Need, rows: IntArray, rng: Rng, pool: Pool
) -> dict[str, IntArray]:
    """Each method's top K rows (indices into the participants)."""
    shortlist = rank(
        pool, need.target, today=TODAY, limit=K, seed=int(rng.integers(2**31))
    )
    assert shortlist.eligible_count == len(rows), need.target.ref
    lottery = rng.random(len(rows))
    exact = (people.mapped[rows] == need.occupation).astype(float)
    titles = [people.titles[i] for i in rows]
    fuzzy = process.cdist(
        list(need.texts), titles, scorer=fuzz.WRatio, processor=utils.default_process
    ).max(axis=0)
    by = {
        m: rows[np.lexsort((lottery, -s))][:K]
        for m, s in (("exact_occupation", exact), ("rapidfuzz", fuzzy))
    }
    return {
        "jobbmatch": np.array([int(r.ref[1:]) for r in shortlist.results]),
        "random": rows[np.argsort(lottery)][:K],
        **by,
    }


def evaluate(
    world: World, needs: Sequence[Need], people: Participants, rng: Rng
) -> list[dict[str, Any]]:
    pool = Pool(world.concepts, people.profiles)
    scored = []
    for need in needs:
        rows = eligible(world, people, need.target)
        truth = grades(world.concepts, need.occupation, people.true)
        if not len(rows) or truth[rows].max() == 0:
            continue
        tops = orderings(world, people, need, rows, rng, pool)
        scored.append(
            {
                "deprecated": need.deprecated,
                "ndcg": {m: ndcg(truth[top], truth[rows]) for m, top in tops.items()},
                "p": {
                    m: float((truth[top] >= RELEVANT).sum() / K)
                    for m, top in tops.items()
                },
                "ceiling": min(K, int((truth[rows] >= RELEVANT).sum())) / K,
            }
        )
    return scored


def _mean(rows: Sequence[dict[str, Any]], key: str, method: str) -> float:
    values = [r[key][method] for r in rows]
    return round(sum(values) / len(values), 4) if values else math.nan


def title_mapping(world: World, people: Participants) -> dict[str, float]:
    """How the typed titles mapped: to the true occupation, its group, nothing."""
    group = world.concepts.occupation_group
    known = people.mapped >= 0
    same_group = known & (group[np.maximum(people.mapped, 0)] == group[people.true])
    n = len(people.true)
    return {
        "exact": round(float((people.mapped == people.true).sum() / n), 4),
        "same_ssyk4": round(float(same_group.sum() / n), 4),
        "abstained": round(float((~known).sum() / n), 4),
    }


def report(scored: list[dict[str, Any]], summary: dict[str, Any]) -> list[str]:
    active = [r for r in scored if not r["deprecated"]]
    lines = [
        f"{summary['needs']} needs scored ({len(active)} with an active occupation),"
        f" {summary['participants']} participants; typed titles mapped:"
        f" {summary['title_mapping']}",
        f"{'method':<18} {'NDCG@10':>8} {'P@10':>6}   active occupations:"
        f" {'NDCG@10':>8} {'P@10':>6}",
    ]
    for m in METHODS:
        lines.append(
            f"{m:<18} {_mean(scored, 'ndcg', m):8.4f} {_mean(scored, 'p', m):6.4f}"
            f"   {'':<19} {_mean(active, 'ndcg', m):8.4f} {_mean(active, 'p', m):6.4f}"
        )
    ceiling = sum(r["ceiling"] for r in scored) / len(scored)
    lines.append(f"{'(best possible)':<18} {1:8.4f} {ceiling:6.4f}")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    default_shared = os.environ.get("JOBBMATCH_SHARED_DIR", str(REPO / ".." / "shared"))
    parser.add_argument("--needs", type=int, default=None, help="default: every ad")
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--shared", type=Path, default=Path(default_shared))
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    world = load_world(args.shared)
    needs = load_needs(
        world, args.shared / "eval" / "jobsearch_ads.jsonl", args.needs, rng
    )
    people = make_participants(world, needs, args.participants, rng)
    scored = evaluate(world, needs, people, rng)
    active = [r for r in scored if not r["deprecated"]]
    summary: dict[str, Any] = {
        "needs": len(scored),
        "participants": args.participants,
        "seed": args.seed,
        "title_mapping": title_mapping(world, people),
        "ndcg_at_10": {m: _mean(scored, "ndcg", m) for m in METHODS},
        "precision_at_10": {m: _mean(scored, "p", m) for m in METHODS},
        "active_occupation_needs": len(active),
        "ndcg_at_10_active": {m: _mean(active, "ndcg", m) for m in METHODS},
        "precision_at_10_active": {m: _mean(active, "p", m) for m in METHODS},
    }
    for line in report(scored, summary):
        sys.stdout.write(line + "\n")
    sys.stdout.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
