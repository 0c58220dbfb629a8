"""Reading the plain phrases of an ad or a person's own words that no taxonomy
concept covers: when work starts, schedules, full or part time (years of
experience are in `service.requirements.years`).

Each reader answers `Phrase`s (the value and where the text says it), so a draft
can show its evidence. The readers are deliberately narrow: a phrase is read only
with the words that make it unambiguous ("start i mars", not any "mars"; "lön
enligt överenskommelse" is no start date), and what is not read stays unset for
the person who confirms the draft.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from service.requirements.models import Schedule, WorktimeExtent

V = TypeVar("V", covariant=True)
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Phrase(Generic[V]):
    """A value read from `text[start:end]`."""

    value: V
    start: int
    end: int


MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR = r"(?:19|20)\d{2}"
# A hyphen, an en dash or an em dash, as people write ranges.
DASH = r"[-\u2013\u2014]"
_NEGATIONS = frozenset({"ej", "inte", "inga", "ingen", "utan", "icke"})

# "Start", "tillträde", "kan börja", "från och med", then a few filler words.
_START = re.compile(
    r"\b(?:(?:anställnings|tjänstgörings)?start(?:datum)?|tillträde(?:sdag)?"
    r"|tillträd(?:er|a)|börja[rs]?|från\s+och\s+med|fr\.?\s?o\.?\s?m\.?)"
    r"(?:\s*:|\s+(?:i|den|från|under|omkring|ca|cirka|runt|början|av|senast|är))*"
    r"\s*(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?:(?P<day>\d{{1,2}})(?::[ae])?\s+)?(?P<month>{MONTH})\b"
    rf"(?:\s+(?P<year>{YEAR}))?"
    # "Start: 15/9", day first as Swedes write it.
    r"|(?P<numeric_day>\d{1,2})/(?P<numeric_month>\d{1,2})\b(?!/)"
    r"|(?P<open>(?:enligt|efter)\s+(?:överenskommelse|ök)|enl\.?\s*ök|snarast"
    r"(?:\s+möjligt)?|omgående|omedelbart|direkt|så\s+snart\s+som\s+möjligt))",
    re.IGNORECASE,
)


def read_start(text: str, today: date) -> Phrase[date | None] | None:
    """When work starts, from its first statement; a value of None means as soon
    as possible or as agreed ("tillträde enligt överenskommelse", "snarast").

    A month without a day is its first day, the next one from today; the month
    we are in is today, since the text cannot mean a start a year ahead."""
    for match in _START.finditer(text):
        if match["open"]:
            return Phrase(None, match.start(), match.end())
        if match["iso"]:
            found = _date(*(int(part) for part in match["iso"].split("-")))
        else:
            found = _month_date(match, today)
        if found is not None:
            return Phrase(found, match.start(), match.end())
    return None


def _month_date(match: re.Match[str], today: date) -> date | None:
    day: int | None
    if match["numeric_month"]:
        month, day = int(match["numeric_month"]), int(match["numeric_day"])
        if not 1 <= month <= 12:
            return None
    else:
        month = MONTHS[match["month"].lower()]
        day = int(match["day"]) if match["day"] else None
    if day is None and not match["year"] and month == today.month:
        return today
    first = 1 if day is None else day
    if match["year"]:
        return _date(int(match["year"]), month, first)
    this_year = _date(today.year, month, first)
    if this_year is not None and this_year >= today:
        return this_year
    return _date(today.year + 1, month, first)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A schedule word, also as the first half of a shared compound ("dag-, kvälls- och
# helgtjänstgöring") and "dag" only when listed with another ("dag, kväll och helg").
_SCHEDULES: Mapping[Schedule, re.Pattern[str]] = {
    Schedule.DAY: re.compile(
        r"\b(?:dagtid|dagtjänst\w*|dagpass|dagskift|dagarbete|kontorstid|vardagar"
        r"|dag-|dag(?=\s*(?:,|/|och|samt)\s*(?:kväll|natt|helg)))",
        re.IGNORECASE,
    ),
    Schedule.EVENING: re.compile(r"\bkväll(?:s-|\w*)", re.IGNORECASE),
    Schedule.NIGHT: re.compile(r"\b(?:natt(?:-|\w*)|nätter\w*)", re.IGNORECASE),
    Schedule.WEEKEND: re.compile(
        r"\b(?:helg(?:-|\w*)|lördag\w*|söndag\w*)", re.IGNORECASE
    ),
    Schedule.SHIFT: re.compile(
        r"\b(?:skift\w*|treskift\w*|tvåskift\w*|[23]-skift\w*|roterande\s+schema)",
        re.IGNORECASE,
    ),
}


def read_schedules(text: str) -> list[Phrase[Schedule]]:
    """Every schedule the text names and does not negate ("inga helger"), each
    once, in order of appearance."""
    found: dict[Schedule, Phrase[Schedule]] = {}
    for schedule, pattern in _SCHEDULES.items():
        for match in pattern.finditer(text):
            if not negated(text, match.start()):
                found[schedule] = Phrase(schedule, match.start(), match.end())
                break
    return sorted(found.values(), key=lambda phrase: phrase.start)


_WORKTIME: Mapping[WorktimeExtent, re.Pattern[str]] = {
    # "75 % av heltid" is part time.
    WorktimeExtent.FULL_TIME: re.compile(
        r"(?<!av\s)\bheltid(?:s(?:tjänst|anställning|arbete))?\b", re.IGNORECASE
    ),
    WorktimeExtent.PART_TIME: re.compile(
        r"\bdeltid(?:s(?:tjänst|anställning|arbete))?\b", re.IGNORECASE
    ),
}
# A percentage only with the words that make it the extent of the job.
_SCOPE = re.compile(
    r"\b(?:(?:omfattning|tjänstgöringsgrad|sysselsättningsgrad|arbetstid)\s*:?\s*"
    r"(?P<before>\d{1,3})\s*(?:%|procent)"
    r"|(?:\w*anställning|tjänst(?:en)?(?:\s+är)?)\s+på\s+"
    r"(?P<on>\d{1,3})\s*(?:%|procent)(?!\s*[-\u2013])"
    r"|(?P<after>\d{1,3})\s*(?:%|procent)\s*(?:av\s+heltid|tjänst\w*|anställning))",
    re.IGNORECASE,
)


def read_scope(text: str) -> Phrase[int] | None:
    """The stated percentage of full time ("omfattning 75 %", "50 % tjänst")."""
    for match in _SCOPE.finditer(text):
        percent = int(match["before"] or match["on"] or match["after"])
        if 1 <= percent <= 100:
            return Phrase(percent, match.start(), match.end())
    return None


def read_worktime(text: str) -> Phrase[WorktimeExtent] | None:
    """Full or part time, from "heltid"/"deltid" or else a stated percentage; a
    text naming both ("heltid eller deltid") leaves it open."""
    if all(pattern.search(text) for pattern in _WORKTIME.values()):
        return None
    named = first_of(text, _WORKTIME)
    if named is not None:
        return named
    scope = read_scope(text)
    if scope is None:
        return None
    full = scope.value == 100
    extent = WorktimeExtent.FULL_TIME if full else WorktimeExtent.PART_TIME
    return Phrase(extent, scope.start, scope.end)


def first_of(text: str, patterns: Mapping[E, re.Pattern[str]]) -> Phrase[E] | None:
    """The value whose pattern the text says first, not negated."""
    found = [
        Phrase(value, match.start(), match.end())
        for value, pattern in patterns.items()
        for match in pattern.finditer(text)
        if not negated(text, match.start())
    ]
    return min(found, key=lambda phrase: phrase.start, default=None)


def negated(text: str, start: int) -> bool:
    """Whether one of the two words before `start` negates what follows."""
    before = re.findall(r"\w+", text[max(0, start - 24) : start].lower())
    return any(word in _NEGATIONS for word in before[-2:])
