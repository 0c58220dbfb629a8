"""Free Swedish text -> JobTech taxonomy concepts (occupations, skills, SSYK-4)."""

from taxonomy.mapping.calibration import ABSTAIN_BELOW, Calibration
from taxonomy.mapping.mapper import Mapper
from taxonomy.mapping.results import (
    Extraction,
    MapResult,
    MapType,
    Match,
    Mention,
    Suggestion,
)

__all__ = [
    "ABSTAIN_BELOW",
    "Calibration",
    "Extraction",
    "MapResult",
    "MapType",
    "Mapper",
    "Match",
    "Mention",
    "Suggestion",
]
