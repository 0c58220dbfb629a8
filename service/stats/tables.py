"""Building tables: people counts go through the suppression rule together;
shares and quantiles are derived only from what it published."""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from service.stats.models import Cell, Gender, GenderCells, StatsRow, StatsTable
from service.stats.suppression import suppressed

GENDERS = tuple(Gender)
NOTHING = Cell(value=None)
HIDDEN = Cell(value=None, suppressed=True)


@dataclass(frozen=True)
class Count:
    """People (rows of enrolments, results, decisions) of one group, by gender."""

    key: dict[str, str]
    measure: str
    by_gender: Mapping[Gender, int]

    @property
    def total(self) -> int:
        return sum(self.by_gender.values())


def tally(key: dict[str, str], measure: str, genders: Iterable[Gender]) -> Count:
    """Count one row per gender given (one per person or enrolment)."""
    return Count(key, measure, Counter(genders))


def _cells(row: StatsRow) -> dict[str, Cell]:
    cells = {"total": row.total}
    if row.by_gender is not None:
        cells |= {g.value: getattr(row.by_gender, g.value) for g in GENDERS}
    return cells


def _gender_cells(values: Mapping[str, Cell]) -> GenderCells:
    return GenderCells(**{g.value: values[g.value] for g in GENDERS})


@dataclass
class TableBuilder:
    """One table; `split` is false for callers who get no split by gender."""

    name: str
    description: str
    split: bool = True
    rows: list[StatsRow] = field(default_factory=list)

    def counts(
        self, counts: Sequence[Count], *, partitioned: bool = False
    ) -> list[StatsRow]:
        """Suppressed people counts, as one group (the last one is the total of
        the others when `partitioned`)."""
        grid = [
            [*(c.by_gender.get(g, 0) for g in GENDERS), c.total]
            if self.split
            else [c.total]
            for c in counts
        ]
        hidden = suppressed(grid, has_parts=self.split, partitioned=partitioned)
        made = []
        for count, values, flags in zip(counts, grid, hidden, strict=True):
            cells = [
                HIDDEN if flag else Cell(value=value)
                for value, flag in zip(values, flags, strict=True)
            ]
            made.append(
                StatsRow(
                    key=count.key,
                    measure=count.measure,
                    total=cells[-1],
                    by_gender=_gender_cells(
                        {g.value: cell for g, cell in zip(GENDERS, cells, strict=False)}
                    )
                    if self.split
                    else None,
                )
            )
        self.rows += made
        return made

    def records(self, key: dict[str, str], measure: str, value: float | None) -> None:
        """A figure about records, not people (tracks, seats, needs): never
        suppressed, never split."""
        self.rows.append(
            StatsRow(
                key=key,
                measure=measure,
                total=NOTHING if value is None else Cell(value=value),
            )
        )

    def share(
        self, key: dict[str, str], measure: str, part: StatsRow, whole: StatsRow
    ) -> StatsRow:
        """part / whole where both are published and the whole is not zero."""
        parts, wholes = _cells(part), _cells(whole)

        def ratio(name: str) -> Cell:
            p, w = parts[name], wholes[name]
            if p.suppressed or w.suppressed:
                return HIDDEN
            if p.value is None or not w.value:
                return NOTHING
            return Cell(value=round(p.value / w.value, 4))

        row = StatsRow(
            key=key,
            measure=measure,
            total=ratio("total"),
            by_gender=_gender_cells({g.value: ratio(g.value) for g in GENDERS})
            if self.split
            else None,
        )
        self.rows.append(row)
        return row

    def quantiles(
        self,
        key: dict[str, str],
        values: Mapping[Gender, Sequence[float]],
        counted: StatsRow,
        quantiles: Sequence[tuple[str, float]] = (
            ("median_days", 0.5),
            ("p75_days", 0.75),
            ("p90_days", 0.9),
        ),
    ) -> None:
        """Quantiles of each gender's values (and of all), where their count is
        published (`counted` is that count's row)."""
        shown = _cells(counted)
        pooled = sorted(v for vs in values.values() for v in vs)
        for measure, q in quantiles:

            def cell(name: str, data: Sequence[float], q: float = q) -> Cell:
                if shown[name].suppressed:
                    return HIDDEN
                return Cell(value=nearest_rank(data, q))

            self.rows.append(
                StatsRow(
                    key=key,
                    measure=measure,
                    total=cell("total", pooled),
                    by_gender=_gender_cells(
                        {
                            g.value: cell(g.value, sorted(values.get(g, ())))
                            for g in GENDERS
                        }
                    )
                    if self.split
                    else None,
                )
            )

    def table(self) -> StatsTable:
        return StatsTable(name=self.name, description=self.description, rows=self.rows)


def nearest_rank(ordered: Sequence[float], q: float) -> float | None:
    """The nearest-rank quantile of sorted values: the smallest value with at
    least a share q of the values at or below it (None for no values)."""
    if not ordered:
        return None
    return ordered[max(math.ceil(q * len(ordered)), 1) - 1]
