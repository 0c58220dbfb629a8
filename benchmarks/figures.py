"""Percentiles as every benchmark reports them."""

import math
from collections.abc import Sequence


def percentile(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values: the smallest value that at
    least ``share`` of them do not exceed (so the p95 of two values is the larger)."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
