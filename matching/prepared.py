"""A target turned into the numbers that rules and components compare against.

Computed once per target and request, then read by every block: dates as ordinals,
the licence bit mask, and the occupation similarity of every occupation in the
taxonomy to the target's (see `occupation_similarity`).
"""

import calendar
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching.columns import LATEST, schedule_bits, stable_hash
from matching.concepts import HIGH_SUBSTITUTE, Concepts, FloatArray
from matching.profiles import Target

SAME_OCCUPATION = 1.0
SAME_GROUP = 0.8
SAME_SSYK3 = 0.5
SAME_FIELD = 0.2
STOCKHOLMSJOBB_WINDOW_MONTHS = 60


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day if it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _is_group(concepts: Concepts, occupation: int) -> bool:
    group = int(concepts.occupation_group[occupation])
    return bool(
        group >= 0
        and concepts.occupations.ids[occupation] == concepts.groups.ids[group]
    )


def occupation_similarity(concepts: Concepts, target: int) -> FloatArray:
    """How well each occupation stands in for `target`, from 0 to 1.

    The best that applies: the same occupation 1.0, the same SSYK-4 group 0.8 (1.0
    when the target is the group itself), a high or low taxonomy substitute 0.75 or
    0.4, the same SSYK-3 group 0.5, the same occupation field 0.2.
    """
    group = concepts.occupation_group
    sim = np.zeros(len(concepts.occupations))
    for codes, score in (
        (concepts.occupation_field, SAME_FIELD),
        (concepts.occupation_ssyk3, SAME_SSYK3),
    ):
        if codes[target] >= 0:
            sim[codes == codes[target]] = score
    subs = concepts.substitutes
    span = slice(subs.indptr[target], subs.indptr[target + 1])
    similar = subs.indices[span]
    sim[similar] = np.maximum(sim[similar], subs.data[span])
    if group[target] >= 0:
        in_group = _is_group(concepts, target)
        sim[group == group[target]] = SAME_OCCUPATION if in_group else SAME_GROUP
    sim[target] = SAME_OCCUPATION
    return sim


def occupation_relation(concepts: Concepts, target: int, other: int) -> str:
    """Name the relation that gives `other` its similarity to `target`."""
    same = {
        name: bool(codes[target] >= 0 and codes[target] == codes[other])
        for name, codes in (
            ("group", concepts.occupation_group),
            ("ssyk3", concepts.occupation_ssyk3),
            ("field", concepts.occupation_field),
        )
    }
    substitute = float(concepts.substitutes[target, other])
    high = substitute >= HIGH_SUBSTITUTE
    exact = other == target or (same["group"] and _is_group(concepts, target))
    options = [
        (SAME_OCCUPATION, "same_occupation", exact),
        (SAME_GROUP, "same_ssyk4", same["group"]),
        (substitute, "substitute_high" if high else "substitute_low", substitute > 0),
        (SAME_SSYK3, "same_ssyk3", same["ssyk3"]),
        (SAME_FIELD, "same_field", same["field"]),
    ]
    held = [(score, name) for score, name, holds in options if holds]
    return max(held, default=(0.0, "none"))[1]


@dataclass(frozen=True, eq=False)
class Prepared:
    """The target as ordinals, masks and vectors, for one request."""

    target: Target
    concepts: Concepts
    today: int
    at: int
    start: int | None
    end: int
    deadline: int | None
    region: int
    licence_mask: int
    schedules: int
    window_start: int
    employer: int | None
    similarity: FloatArray | None


def prepare(target: Target, concepts: Concepts, today: date) -> Prepared:
    """Turn `target` into `Prepared`; `today` dates waiting time and eligibility."""
    start = target.start
    deadline = target.latest_start or start
    at = start or today
    region = target.region
    if region is None and target.municipality is not None:
        region = int(concepts.municipality_region[target.municipality])
    return Prepared(
        target=target,
        concepts=concepts,
        today=today.toordinal(),
        at=at.toordinal(),
        start=None if start is None else start.toordinal(),
        end=LATEST if target.end is None else target.end.toordinal(),
        deadline=None if deadline is None else deadline.toordinal(),
        region=-1 if region is None else region,
        licence_mask=sum(1 << i for i in set(target.requirements.licences)),
        schedules=schedule_bits(target.schedules),
        window_start=add_months(at, -STOCKHOLMSJOBB_WINDOW_MONTHS).toordinal(),
        employer=None if target.employer is None else stable_hash(target.employer),
        similarity=None
        if target.occupation is None
        else occupation_similarity(concepts, target.occupation),
    )
