"""Lengths of time as people write them ("i fyra år", "2 års erfarenhet", "sedan
2019", "2015-2018"), and which occupation of a clause each belongs to."""

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TypeVar

from service.requirements.phrases import DASH, MONTH, MONTHS, YEAR, Phrase

T = TypeVar("T")

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
    rf"\s+halvt)?(?:\s*(?:{DASH}|till)\s*{_NUMBER})?)"
    r"\s+(?:(?P<years>år(?:s|en)?)|(?P<months>månad(?:er|ers|s)?|mån))\b"
    r"(?!\s+gammal)",
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"\bsedan\s+(?:(?P<month>{MONTH})\s+)?(?P<year>{YEAR})\b", re.IGNORECASE
)
_BETWEEN = re.compile(
    rf"\b(?:mellan\s+)?(?P<first>{YEAR})\s*(?:{DASH}|och|till)\s*(?P<last>{YEAR})\b",
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


_CLAUSE_BREAK = re.compile(rf"[.;:!?\n]+(?:\s|$)|,(?!\d)|\s{DASH}\s")


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
