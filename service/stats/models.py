"""The shapes every indicator answers with: tables of suppressed cells."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from pydantic import Field as ValueField

from service.participants.facts import StatisticsGender


class Gender(StrEnum):
    """How the follow-up reports `statistics_gender` (SCB's wording)."""

    KVINNA = "kvinna"
    MAN = "man"
    ANNAT = "annat"
    UPPGIFT_SAKNAS = "uppgift_saknas"


GENDER_OF: dict[StatisticsGender | str | None, Gender] = {
    StatisticsGender.WOMAN: Gender.KVINNA,
    StatisticsGender.MAN: Gender.MAN,
    StatisticsGender.OTHER: Gender.ANNAT,
    StatisticsGender.NOT_STATED: Gender.UPPGIFT_SAKNAS,
    None: Gender.UPPGIFT_SAKNAS,
}


def gender_of(value: str | None) -> Gender:
    """The reported gender of a stored value; unknown values count as missing."""
    return GENDER_OF.get(value, Gender.UPPGIFT_SAKNAS)


class InsatsProgramme(StrEnum):
    """What an insats is: a track's kind or a placement's programme."""

    JOBBSPAR = "jobbspar"
    REKRYTERINGSUTBILDNING = "rekryteringsutbildning"
    STOCKHOLMSJOBB = "stockholmsjobb"
    PRAKTIK = "praktik"


class Cell(BaseModel):
    """One figure; `value` is null exactly when `suppressed` is true or there is
    nothing to compute (a share of nobody)."""

    model_config = ConfigDict(frozen=True)

    value: float | None
    suppressed: bool = False


class GenderCells(BaseModel):
    kvinna: Cell
    man: Cell
    annat: Cell
    uppgift_saknas: Cell


class StatsRow(BaseModel):
    """One measure of one group: `key` names the group (a stage, a phase, a host),
    `measure` what is counted or computed."""

    key: dict[str, str]
    measure: str
    total: Cell
    by_gender: GenderCells | None = ValueField(
        default=None, description="Absent for employer-side counts of records."
    )


class StatsTable(BaseModel):
    name: str
    description: str
    rows: list[StatsRow]


class Period(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = ValueField(alias="from", serialization_alias="from")
    to: date


class StatsReport(BaseModel):
    """An indicator: its period, the filters applied and its tables."""

    indicator: str
    period: Period
    filters: dict[str, str | int]
    notes: list[str] = []
    tables: list[StatsTable]


class LockInAlert(BaseModel):
    """A participant who has stayed in one insats longer than planned."""

    participant_ref: str
    enrolment_id: int
    programme: InsatsProgramme
    cohort_id: int | None
    placement_id: int | None
    started_on: date
    planned_days: int
    days_in_insats: int


class LockInList(BaseModel):
    as_of: date
    grace_days: int
    items: list[LockInAlert]
