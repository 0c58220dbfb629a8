"""Reading the plain phrases of an ad or a person's own words that no taxonomy
concept covers: when work starts, schedules, full or part time, and years.

Each reader answers `Phrase`s (the value and where the text says it), so a draft
can show its evidence. The readers are deliberately narrow: a phrase is read only
with the words that make it unambiguous ("start i mars", not any "mars"; "lön
enligt överenskommelse" is no start date), and what is not read stays unset for
the person who confirms the draft.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from service.requirements.models import Schedule, WorktimeExtent

T = TypeVar("T")
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
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
# A hyphen, an en dash or an em dash, as people write ranges.
_DASH = r"[-\u2013\u2014]"
_NEGATIONS = frozenset({"ej", "inte", "inga", "ingen", "utan", "icke"})

# "Start", "tillträde", "kan börja", "från och med", then a few filler words.
_START = re.compile(
    r"\b(?:(?:anställnings|tjänstgörings)?start(?:datum)?|tillträde(?:sdag)?"
    r"|tillträd(?:er|a)|börja[rs]?|från\s+och\s+med|fr\.?\s?o\.?\s?m\.?)"
    r"(?:\s*:|\s+(?:i|den|från|under|omkring|ca|cirka|runt|början|av|senast|är))*"
    r"\s*(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?:(?P<day>\d{{1,2}})(?::[ae])?\s+)?(?P<month>{_MONTH})\b"
    rf"(?:\s+(?P<year>{_YEAR}))?"
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


_UNITS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
}
_TEENS = {
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "aderton": 18,
    "nitton": 19,
}
_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50}
NUMBER_WORDS = {
    **_UNITS,
    **_TEENS,
    **_TENS,
    **{ten + unit: t + u for ten, t in _TENS.items() for unit, u in _UNITS.items()},
}
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,2}}(?:[.,]\d)?|{_WORD})"
_DURATION = re.compile(
    rf"\b(?:(?P<half>ett\s+halvt)|(?P<number>{_NUMBER})(?P<and_half>\s+och\s+ett"
    rf"\s+halvt)?(?:\s*(?:{_DASH}|till)\s*{_NUMBER})?)"
    r"\s+(?:(?P<years>år(?:s|en)?)|(?P<months>månad(?:er|ers|s)?|mån))\b"
    r"(?!\s+gammal)",
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"\bsedan\s+(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})\b", re.IGNORECASE
)
_BETWEEN = re.compile(
    rf"\b(?:mellan\s+)?(?P<first>{_YEAR})\s*(?:{_DASH}|och|till)\s*(?P<last>{_YEAR})\b",
    re.IGNORECASE,
)
# "Du ska vara minst 18 år", "har fyllt 20 år": an age, not years of work.
_AGE_WORDS = frozenset({"vara", "fyllt", "fylla", "ålder", "åldern"})
MAX_YEARS = 50


def read_years(text: str, today: date) -> list[Phrase[float]]:
    """Every stated length of time in years ("fyra år", "2 års", "ett och ett
    halvt år", "sex månader", "sedan 2019", "2015-2018"), in order; of a range
    the lower end."""
    found = [*_durations(text), *_since(text, today), *_between(text)]
    found.sort(key=lambda phrase: phrase.start)
    kept: list[Phrase[float]] = []
    for phrase in found:
        if 0 <= phrase.value <= MAX_YEARS and (
            not kept or phrase.start >= kept[-1].end
        ):
            kept.append(phrase)
    return kept


def _durations(text: str) -> Iterator[Phrase[float]]:
    for match in _DURATION.finditer(text):
        before = re.findall(r"\w+", text[max(0, match.start() - 24) : match.start()])
        if any(word.lower() in _AGE_WORDS for word in before[-2:]):
            continue
        if match["half"]:
            amount = 0.5
        else:
            number = match["number"].lower().replace(",", ".")
            amount = float(NUMBER_WORDS.get(number) or number)
            amount += 0.5 if match["and_half"] else 0
        years = amount if match["years"] else amount / 12
        yield Phrase(round(years, 2), match.start(), match.end())


def _since(text: str, today: date) -> Iterator[Phrase[float]]:
    for match in _SINCE.finditer(text):
        month = MONTHS[match["month"].lower()] if match["month"] else None
        if month is None:
            years = float(today.year - int(match["year"]))
        else:
            months = (today.year - int(match["year"])) * 12 + today.month - month
            years = round(months / 12, 1)
        yield Phrase(years, match.start(), match.end())


def _between(text: str) -> Iterator[Phrase[float]]:
    for match in _BETWEEN.finditer(text):
        years = int(match["last"]) - int(match["first"])
        if years >= 0:
            yield Phrase(float(years), match.start(), match.end())


_CLAUSE_BREAK = re.compile(rf"[.;:!?\n]+(?:\s|$)|,(?!\d)|\s{_DASH}\s")


class Clauses:
    """A text's clauses, split at sentence ends and commas, found once."""

    def __init__(self, text: str) -> None:
        breaks = list(_CLAUSE_BREAK.finditer(text))
        self._starts = [0, *(match.end() for match in breaks)]
        self._ends = [*(match.start() for match in breaks), len(text)]

    def index(self, position: int) -> int:
        return bisect_right(self._starts, position) - 1

    def of(self, position: int) -> tuple[int, int]:
        """The span of the clause holding `position`."""
        index = self.index(position)
        return self._starts[index], self._ends[index]


def attach(
    text: str, anchors: Sequence[tuple[int, int]], phrases: Sequence[Phrase[T]]
) -> dict[int, Phrase[T]]:
    """Give each anchor (by index; anchors in order of appearance) the first
    phrase of its clause that follows it before the next anchor, or, for the first
    anchor of a clause, one that comes before it ("fyra år som undersköterska")."""
    clauses = Clauses(text)
    in_clause: dict[int, list[int]] = {}
    for index, (start, _) in enumerate(anchors):
        in_clause.setdefault(clauses.index(start), []).append(index)
    attached: dict[int, Phrase[T]] = {}
    for phrase in phrases:
        inside = in_clause.get(clauses.index(phrase.start), [])
        before = [index for index in inside if anchors[index][0] <= phrase.start]
        if inside:
            attached.setdefault(before[-1] if before else inside[0], phrase)
    return attached
