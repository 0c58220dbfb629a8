"""Candidates as columns: one `Block` holds a run of candidates as arrays.

Levels, dates and codes are dense arrays; many-valued facts are sparse matrices
(CSR where a score reads whole rows, CSC where a target reads a few columns, such as
"who holds skill s" or "who can travel to municipality m"); dated facts (busy
periods, eligibility, prior employment, interests) are flat `Records`. Dates are
proleptic ordinals (`date.toordinal`). `birth_year` sits apart from everything a
score reads, for the statutory minimum-age rule only.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.concepts import Concepts
from matching.profiles import SCHEDULES, CandidateProfile, Extent

EARLIEST = int(np.iinfo(np.int32).min)
LATEST = int(np.iinfo(np.int32).max)
EXTENT_CODES = {None: 0, Extent.FULL_TIME: 1, Extent.PART_TIME: 2}
SCHEDULE_BITS = {name: 1 << i for i, name in enumerate(SCHEDULES)}

Array = npt.NDArray[Any]


def stable_hash(text: str) -> int:
    """A 63-bit hash of `text`, the same on every machine and run.

    63 bits so that it also fits the signed keys of `Records`.
    """
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest) >> 1


def day(value: date | None, missing: int) -> int:
    return missing if value is None else value.toordinal()


def schedule_bits(schedules: frozenset[str]) -> int:
    return sum(SCHEDULE_BITS[name] for name in schedules)


@dataclass(frozen=True, eq=False)
class Records:
    """Dated facts, one row each: candidate row, key, start, end and a value."""

    row: npt.NDArray[np.int32]
    key: npt.NDArray[np.int64]
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]
    value: npt.NDArray[np.int32]

    def any_per_row(self, hit: npt.NDArray[np.bool_], rows: int) -> Array:
        """For each candidate row, whether any of its records is a `hit`."""
        found = np.zeros(rows, dtype=bool)
        found[self.row[hit]] = True
        return found

    def sum_per_row(self, hit: npt.NDArray[np.bool_], rows: int) -> Array:
        """For each candidate row, the sum of `value` over its `hit` records."""
        return np.bincount(self.row[hit], weights=self.value[hit], minlength=rows)


@dataclass(frozen=True, eq=False)
class Block:
    """A run of candidates; `active` is cleared when a row is replaced or removed."""

    refs: tuple[str, ...]
    ref_hash: npt.NDArray[np.uint64]
    active: npt.NDArray[np.bool_]
    home: npt.NDArray[np.int32]
    home_region: npt.NDArray[np.int32]
    available_from: npt.NDArray[np.int32]
    extent: npt.NDArray[np.int8]
    schedules: npt.NDArray[np.int8]
    licences: npt.NDArray[np.int64]
    swedish: npt.NDArray[np.int8]
    education: npt.NDArray[np.int16]
    last_contact: npt.NDArray[np.int32]
    experience: sp.csr_matrix
    groups: sp.csc_matrix
    interests: sp.csr_matrix
    skills: sp.csc_matrix
    languages: sp.csc_matrix
    mobility_municipalities: sp.csc_matrix
    mobility_regions: sp.csc_matrix
    busy: Records
    eligibility: Records
    prior_employment: Records
    track_interests: Records
    cohort_interests: Records
    birth_year: npt.NDArray[np.int16]

    def __len__(self) -> int:
        return len(self.refs)


def build_block(profiles: Sequence[CandidateProfile], concepts: Concepts) -> Block:
    """Encode candidate profiles as one block, in the given order."""
    collector = _Collector(concepts)
    for row, profile in enumerate(profiles):
        collector.add(row, profile)
    return collector.block(len(profiles))


def concat_blocks(blocks: Sequence[Block]) -> Block:
    """One block of the active rows of `blocks`, in order."""
    actives = [b.active for b in blocks]
    offsets = np.cumsum([0] + [int(np.count_nonzero(a)) for a in actives])
    merged = {}
    for spec in fields(Block):
        parts = [getattr(b, spec.name) for b in blocks]
        merged[spec.name] = _concat(parts, actives, offsets)
    return Block(**merged)


def _concat(parts: list[Any], actives: list[Array], offsets: Array) -> Any:
    pairs = list(zip(parts, actives, strict=True))
    if isinstance(parts[0], tuple):
        return tuple(v for p, a in pairs for v, keep in zip(p, a, strict=True) if keep)
    if isinstance(parts[0], np.ndarray):
        return np.concatenate([p[a] for p, a in pairs])
    if isinstance(parts[0], Records):
        return _concat_records(parts, actives, offsets)
    return sp.vstack([p[np.flatnonzero(a)] for p, a in pairs], format=parts[0].format)


def _concat_records(
    parts: list[Records], actives: list[Array], offsets: Array
) -> Records:
    pieces: dict[str, list[Array]] = {spec.name: [] for spec in fields(Records)}
    for part, active, offset in zip(parts, actives, offsets, strict=False):
        renumber = offset + np.cumsum(active, dtype=np.int32) - 1
        kept = active[part.row]
        for name, values in pieces.items():
            values.append(getattr(part, name)[kept])
        pieces["row"][-1] = renumber[part.row[kept]].astype(np.int32)
    return Records(**{name: np.concatenate(p) for name, p in pieces.items()})


_DENSE = (
    "home",
    "available_from",
    "extent",
    "schedules",
    "licences",
    "swedish",
    "education",
    "last_contact",
    "birth_year",
)
# Matrix name -> (vocabulary that gives its width, stored as CSR rather than CSC).
_MATRICES = {
    "experience": ("occupations", True),
    "groups": ("groups", False),
    "interests": ("occupations", True),
    "skills": ("skills", False),
    "languages": ("languages", False),
    "mobility_municipalities": ("municipalities", False),
    "mobility_regions": ("regions", False),
}
_RECORDS = (
    "busy",
    "eligibility",
    "prior_employment",
    "track_interests",
    "cohort_interests",
)


class _Collector:
    """Gathers one block's columns row by row, then freezes them as arrays."""

    def __init__(self, concepts: Concepts) -> None:
        self.concepts = concepts
        self.refs: list[str] = []
        self.dense: dict[str, list[int]] = {name: [] for name in _DENSE}
        self.cells: dict[str, tuple[list[int], list[int], list[float]]] = {
            name: ([], [], []) for name in _MATRICES
        }
        self.records: dict[str, list[tuple[int, int, int, int, int]]] = {
            name: [] for name in _RECORDS
        }

    def add(self, row: int, p: CandidateProfile) -> None:
        self.refs.append(p.ref)
        self._add_dense(p)
        self._add_cells(row, p)
        self._add_records(row, p)

    def _add_dense(self, p: CandidateProfile) -> None:
        grants = self.concepts.licence_grants
        values = {
            "home": -1 if p.home_municipality is None else p.home_municipality,
            "available_from": day(p.available_from, EARLIEST),
            "extent": EXTENT_CODES[p.worktime_extent],
            "schedules": schedule_bits(p.schedules),
            "licences": reduce(or_, (int(grants[i]) for i in p.licences), 0),
            "swedish": p.swedish,
            "education": -1 if p.education is None else p.education,
            "last_contact": day(p.last_contact, EARLIEST),
            "birth_year": p.birth_year or 0,
        }
        for name, value in values.items():
            self.dense[name].append(value)

    def _add_cells(self, row: int, p: CandidateProfile) -> None:
        years: dict[int, float] = {}
        for item in p.experience:
            years[item.occupation] = years.get(item.occupation, 0.0) + item.years
        group_of = self.concepts.occupation_group
        levels: dict[int, int] = {}
        for lang in p.languages:
            levels[lang.language] = max(lang.level, levels.get(lang.language, 0))
        self._put("experience", row, years)
        self._put("groups", row, {int(g): 1.0 for g in group_of[list(years)] if g >= 0})
        self._put("interests", row, dict.fromkeys(p.interests, 1.0))
        self._put("skills", row, dict.fromkeys(p.skills, 1.0))
        self._put("languages", row, {k: float(v) for k, v in levels.items()})
        self._put(
            "mobility_municipalities",
            row,
            dict.fromkeys(p.mobility_municipalities, 1.0),
        )
        self._put("mobility_regions", row, dict.fromkeys(p.mobility_regions, 1.0))

    def _put(self, name: str, row: int, values: dict[int, float]) -> None:
        rows, cols, data = self.cells[name]
        rows.extend([row] * len(values))
        cols.extend(values)
        data.extend(values.values())

    def _add_records(self, row: int, p: CandidateProfile) -> None:
        add = self.records
        for period in p.busy:
            add["busy"].append(
                (row, 0, day(period.start, 0), day(period.end, LATEST), 0)
            )
        for e in p.eligibility:
            basis = stable_hash(e.basis.value)
            add["eligibility"].append(
                (row, basis, day(e.valid_from, 0), day(e.valid_until, LATEST), 0)
            )
        for job in p.prior_employment:
            employer = stable_hash(job.employer)
            add["prior_employment"].append(
                (row, employer, 0, day(job.ended_on, 0), job.months)
            )
        for track in p.track_interests:
            add["track_interests"].append((row, track, 0, 0, 1))
        for cohort in p.cohort_interests:
            add["cohort_interests"].append((row, cohort, 0, 0, 1))

    def block(self, n: int) -> Block:
        c, d = self.concepts, self.dense
        home = np.array(d["home"], dtype=np.int32)
        region = np.where(home >= 0, c.municipality_region[np.maximum(home, 0)], -1)
        matrices = {
            name: _matrix(self.cells[name], (n, len(getattr(c, vocabulary))), as_csr)
            for name, (vocabulary, as_csr) in _MATRICES.items()
        }
        return Block(
            refs=tuple(self.refs),
            ref_hash=np.array([stable_hash(r) for r in self.refs], dtype=np.uint64),
            active=np.ones(n, dtype=bool),
            home=home,
            home_region=region.astype(np.int32),
            available_from=np.array(d["available_from"], dtype=np.int32),
            extent=np.array(d["extent"], dtype=np.int8),
            schedules=np.array(d["schedules"], dtype=np.int8),
            licences=np.array(d["licences"], dtype=np.int64),
            swedish=np.array(d["swedish"], dtype=np.int8),
            education=np.array(d["education"], dtype=np.int16),
            last_contact=np.array(d["last_contact"], dtype=np.int32),
            birth_year=np.array(d["birth_year"], dtype=np.int16),
            **matrices,
            **{name: _records(rows) for name, rows in self.records.items()},
        )


def _matrix(
    cells: tuple[list[int], list[int], list[float]], shape: tuple[int, int], csr: bool
) -> sp.csr_matrix | sp.csc_matrix:
    rows, cols, data = cells
    coo = sp.coo_matrix((np.array(data, dtype=np.float64), (rows, cols)), shape=shape)
    return coo.tocsr() if csr else coo.tocsc()


def _records(rows: list[tuple[int, int, int, int, int]]) -> Records:
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)
    return Records(
        row=table[:, 0].astype(np.int32),
        key=table[:, 1],
        start=table[:, 2].astype(np.int32),
        end=table[:, 3].astype(np.int32),
        value=table[:, 4].astype(np.int32),
    )
