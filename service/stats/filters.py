"""The period and filters every indicator takes."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from fastapi import Depends, Query

from service.errors import InvalidInput
from service.stats.models import InsatsProgramme, Period

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class StatsFilters:
    """A closed period of days and the optional filters.

    `municipality` and `owning_unit` select people (a participant's home
    municipality and owning unit) in people indicators, and organisations (their
    municipality) in employer-side ones; `programme`, `track_id` and
    `organisation_id` select insatser (a track's kind or a placement's programme,
    a cohort's track, a track's employers or a placement's host)."""

    start: date
    end: date
    municipality: str | None = None
    programme: InsatsProgramme | None = None
    track_id: int | None = None
    organisation_id: int | None = None
    owning_unit: str | None = None

    @property
    def period(self) -> Period:
        return Period(**{"from": self.start, "to": self.end})

    def echo(self) -> dict[str, str | int]:
        given = {
            "municipality": self.municipality,
            "programme": self.programme.value if self.programme else None,
            "track_id": self.track_id,
            "organisation_id": self.organisation_id,
            "owning_unit": self.owning_unit,
        }
        return {name: value for name, value in given.items() if value is not None}

    def covers(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def stats_filters(
    start: Annotated[
        date | None,
        Query(
            alias="from",
            description="First day of the period (default: a year before `to`).",
        ),
    ] = None,
    end: Annotated[
        date | None, Query(alias="to", description="Last day (default: today).")
    ] = None,
    municipality: Annotated[
        str | None, Query(max_length=32, description="A taxonomy municipality id.")
    ] = None,
    programme: InsatsProgramme | None = None,
    track_id: Annotated[int | None, Query(ge=1)] = None,
    organisation_id: Annotated[int | None, Query(ge=1)] = None,
    owning_unit: Annotated[str | None, Query(max_length=100)] = None,
) -> StatsFilters:
    end = end or date.today()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InvalidInput.one("from", "from_after_to", "must not be after to")
    return StatsFilters(
        start, end, municipality, programme, track_id, organisation_id, owning_unit
    )


StatsFiltersDep = Annotated[StatsFilters, Depends(stats_filters)]
