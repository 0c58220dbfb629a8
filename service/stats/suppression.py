"""The suppression rule: no published figure may single out a person.

1. Primary: a count of people under `MIN_COUNT` (0 to 4) is suppressed.
2. Complementary: a total and its parts form a group (a row's genders and its
   total; when a table's rows partition a total row, each column's rows and that
   total). A group with exactly one suppressed member would give it away by
   subtraction (or, for a suppressed total, by addition), so the smallest
   published part is suppressed too (the total when no part is left). This is
   repeated over every group until no group has exactly one suppressed member.

Shares, rates and quantiles are published only where every count they are
computed from is (`tables.py`).
"""

from collections.abc import Sequence

MIN_COUNT = 5

Grid = Sequence[Sequence[int]]
Position = tuple[int, int]


def _groups(
    rows: int, columns: int, *, has_parts: bool, partitioned: bool
) -> list[tuple[list[Position], Position]]:
    """(parts, total) of every group: rows first, then columns."""
    groups: list[tuple[list[Position], Position]] = []
    if has_parts:
        total_column = columns - 1
        groups += [
            ([(r, c) for c in range(total_column)], (r, total_column))
            for r in range(rows)
        ]
    if partitioned and rows > 1:
        total_row = rows - 1
        groups += [
            ([(r, c) for r in range(total_row)], (total_row, c)) for c in range(columns)
        ]
    return groups


def suppressed(grid: Grid, *, has_parts: bool, partitioned: bool) -> list[list[bool]]:
    """Which cells of a grid of people counts to suppress.

    `has_parts`: each row's last cell is the total of the cells before it (the
    genders). `partitioned`: the grid's last row is the total of the rows above it.
    """
    hidden = [[value < MIN_COUNT for value in row] for row in grid]
    if not grid:
        return hidden
    groups = _groups(
        len(grid), len(grid[0]), has_parts=has_parts, partitioned=partitioned
    )
    changed = True
    while changed:
        changed = False
        for parts, total in groups:
            members = [*parts, total]
            if sum(hidden[r][c] for r, c in members) != 1:
                continue
            published = sorted(
                (grid[r][c], index, (r, c))
                for index, (r, c) in enumerate(parts)
                if not hidden[r][c]
            )
            r, c = published[0][2] if published else total
            hidden[r][c] = True
            changed = True
    return hidden
