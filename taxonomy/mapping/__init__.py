"""Free Swedish text -> JobTech taxonomy concepts (occupations, skills, SSYK-4)."""

from typing import TYPE_CHECKING

from taxonomy.mapping.calibration import ABSTAIN_BELOW, Calibration
from taxonomy.mapping.results import (
    CefrLevel,
    Extraction,
    LanguageMention,
    MapResult,
    MapType,
    Match,
    Mention,
    Requirement,
    Suggestion,
    SwedishLevelCode,
    SwedishMention,
)

if TYPE_CHECKING:
    from taxonomy.mapping.mapper import Mapper


def __getattr__(name: str) -> object:
    # NumPy, SciPy and rapidfuzz load with the mapper, not with its result types.
    if name == "Mapper":
        from taxonomy.mapping.mapper import Mapper

        return Mapper
    raise AttributeError(f"module 'taxonomy.mapping' has no attribute {name!r}")


__all__ = [
    "ABSTAIN_BELOW",
    "Calibration",
    "CefrLevel",
    "Extraction",
    "LanguageMention",
    "MapResult",
    "MapType",
    "Mapper",
    "Match",
    "Mention",
    "Requirement",
    "Suggestion",
    "SwedishLevelCode",
    "SwedishMention",
]
