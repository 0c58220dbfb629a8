"""Whether a text asks for what it mentions: must, merit, or neither.

Swedish ads say what is required with a few cue phrases ("krav", "vi kräver", "du
har", "B-körkort krävs") and what is a plus with others ("meriterande", "gärna",
"det är ett plus"); a negation ("inget krav på körkort", "ej nödvändigt") takes the
requirement away. A mention's requirement is read, first success wins, from

1. a negation in its clause (commas, colons and brackets end a clause; a "men"
   between the two ends its reach), or before it a phrase of what one is still
   working toward ("håller på att ta"): no requirement, unless the clause or a
   "men ..." clause right after it has a merit cue ("inget krav men
   meriterande", "inget krav på truckkort, men det är ett plus"): merit;
2. a cue right after it in its clause ("Truckkort är meriterande", "B-körkort
   krävs") or in a "vilket ..." clause right after ("körvana med släp, vilket är
   meriterande"), when no other mention stands between them, or when nothing
   before the mention in its clause says otherwise ("B-körkort och truckkort är
   ett plus", "du talar svenska, somaliska eller arabiska är meriterande");
3. a clause of "likaså" or "liksom" with no cue of its own asks as the cue
   before it in its sentence ("Tyska är ett krav, engelska likaså");
4. the last cue before it in its sentence ("Vi söker dig som har ...", "gärna ..."),
   but a must that only says what the reader has ("du har", "du kan") after a
   merit cue of its own clause is that merit ("meriterande om du kan Excel", "vi
   ser gärna att du pratar amhariska, oromo eller tigrinja");
5. the heading of its section: a line that ends with a colon or is a cue of at
   most three words ("Kvalifikationer", "Meriterande:") governs the lines below
   it until a blank line or the next heading;
6. otherwise nothing: a participant's "jag har B-körkort" asks for nothing.

Provenance: the cue lists are the jobbmatch team's (2026), from the phrasing of
Swedish job ads; nothing was copied from another product.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from taxonomy.mapping.normalise import Token, tokenize
from taxonomy.mapping.results import Requirement

CueKind = Literal["must", "merit", "negation"]

# Folded phrases. "Prefix" cues govern what follows them, "postfix" cues what
# precedes them in the clause; some do both ("krävs", "meriterande").
MUST_PREFIX = (
    "krav",
    "kravet",
    "kraven",
    "krav pa",
    "kravs",
    "kraver",
    "vi kraver",
    "maste",
    "du har",
    "har du",
    "du ar",
    "du kan",
    "kan du",
    "du talar",
    "du pratar",
    "du forstar",
    "ska kunna",
    "du ska kunna",
    "minst",
    "ett krav",
    "du behover",
    "du beharskar",
    "du innehar",
    "innehar",
    "som har",
    "som kan",
    "vi soker",
    "soker vi",
    "du kommunicerar",
    "ska ha",
    "skall ha",
    "behover ha",
    "forutsatter",
    "forutsattning",
    "kvalifikationer",
    "kravprofil",
    "obligatorisk",
    "erfordras",
    "fordras",
    "nodvandigt",
    "nodvandig",
)
# Musts that only say what the reader has or does: inside a clause that a merit cue
# opened they describe the plus ("meriterande om du kan Excel", "vi ser gärna att
# du har SFI D").
SOFT_MUST = (
    "du har",
    "har du",
    "du ar",
    "du kan",
    "kan du",
    "du talar",
    "du pratar",
    "du forstar",
    "ska kunna",
    "du ska kunna",
    "minst",
    "du kommunicerar",
    "som har",
    "som kan",
)
MUST_POSTFIX = (
    "kravs",
    "ar ett krav",
    "ar krav",
    "ar ett maste",
    "ett maste",
    "ett krav",
    "sokes",
    "racker",
    "ar nodvandigt",
    "ar obligatoriskt",
    "ar en forutsattning",
    "erfordras",
    "fordras",
)
MERIT_PREFIX = (
    "meriterande",
    "merit",
    "meriterar",
    "garna",
    "ett plus",
    "plus i kanten",
    "en fordel",
    "fordel",
    "onskvart",
    "onskemal",
    "onskar",
    "bonus",
    "uppskattas",
)
MERIT_POSTFIX = (
    "ar bra att ha",
    "bra att ha",
    "ar meriterande",
    "meriterande",
    "meriterar",
    "ar ett plus",
    "ett plus",
    "ar en fordel",
    "en fordel",
    "ar onskvart",
    "onskvart",
    "uppskattas",
    "ar en bonus",
    "plus i kanten",
)
NEGATIONS = (
    "inget",
    "ingen",
    "inga",
    "inte",
    "ej",
    "icke",
)
# What someone is still working toward is not what they have: these negate only
# the mentions after them ("Jag har AM-körkort och håller på att ta B-körkort").
PENDING = (
    "haller pa att ta",
    "haller pa att skaffa",
    "planerar att ta",
    "pluggar till",
)
# A "men" ends what a negation before it negates.
BUT = "men"
# A clause these open says something of the one before it.
RELATIVES = frozenset({"vilket", "vilka"})
# A clause with one of these and no cue of its own asks as the one before it.
LIKEWISE = frozenset({"likasa", "liksom", "likadant"})
# "inte bara" (not only) negates nothing.
NOT_NEGATIONS = ("inte bara", "ej bara")
SENTENCE_END = re.compile(r"[.!?\n]")
CLAUSE_END = re.compile(r"[.!?\n,;:()]")
HEADING_WORDS = 3


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    kind: CueKind
    prefix: bool
    postfix: bool
    soft: bool = False


def _phrases() -> dict[tuple[str, ...], tuple[CueKind, bool, bool]]:
    table: dict[tuple[str, ...], tuple[CueKind, bool, bool]] = {}
    for kind, prefixes, postfixes in (
        ("must", MUST_PREFIX, MUST_POSTFIX),
        ("merit", MERIT_PREFIX, MERIT_POSTFIX),
    ):
        for phrase in {*prefixes, *postfixes}:
            table[tuple(phrase.split())] = (
                kind,  # type: ignore[assignment]
                phrase in prefixes,
                phrase in postfixes,
            )
    for phrase in NEGATIONS:
        table[(phrase,)] = ("negation", True, True)
    for phrase in PENDING:
        table[tuple(phrase.split())] = ("negation", True, False)
    return table


PHRASES = _phrases()
LONGEST = max(len(k) for k in PHRASES)


class CueReader:
    """The cues, sentences, clauses and section headings of one text."""

    def __init__(self, text: str) -> None:
        self._text = text
        tokens = tokenize(text)
        words = [t.text for t in tokens]
        cues: list[Cue] = []
        i = 0
        while i < len(tokens):
            for size in range(min(LONGEST, len(tokens) - i), 0, -1):
                key = tuple(words[i : i + size])
                hit = PHRASES.get(key)
                if (
                    hit is not None
                    and " ".join(words[i : i + 2]) not in NOT_NEGATIONS
                    and not _broken(text, tokens[i : i + size])
                ):
                    kind, prefix, postfix = hit
                    end = tokens[i + size - 1].end
                    soft = " ".join(key) in SOFT_MUST
                    cues.append(Cue(tokens[i].start, end, kind, prefix, postfix, soft))
                    i += size
                    break
            else:
                i += 1
        self._cues = cues
        self._buts = [t.start for t in tokens if t.text == BUT]
        self._relatives = [t.start for t in tokens if t.text in RELATIVES]
        self._likewise = [t.start for t in tokens if t.text in LIKEWISE]
        self._sentence_ends = [m.start() for m in SENTENCE_END.finditer(text)]
        self._clause_ends = [m.start() for m in CLAUSE_END.finditer(text)]
        self._sections = self._read_sections()

    def requirement(
        self, span: tuple[int, int], others: list[tuple[int, int]]
    ) -> tuple[Requirement | None, bool]:
        """(requirement, negated) for the mention at ``span``; see the module doc."""
        start, end = span
        c_start, c_end = _bounds(self._clause_ends, start, len(self._text))
        s_start, _ = _bounds(self._sentence_ends, start, len(self._text))
        clause = [c for c in self._cues if c.start >= c_start and c.end <= c_end]
        has_merit = any(c.kind == "merit" for c in clause)
        if any(self._negates(c, span) for c in clause):
            # "inget krav men meriterande" still asks for it, as a plus, and so
            # does "inget krav att du har truckkort, men det är ett plus".
            plus = has_merit or self._merit_after_but(c_end)
            return ("merit", False) if plus else (None, True)
        earlier = [
            c
            for c in self._cues
            if s_start <= c.start and c.end <= start and c.kind != "negation"
        ]
        if not clause and any(c_start <= w < c_end for w in self._likewise):
            # "Tyska är ett krav, engelska likaså": as the clause before says.
            return (_kind(earlier[-1]), False) if earlier else (None, False)
        before = [c for c in earlier if c.prefix]
        after = [
            c for c in clause if c.start >= end and c.postfix and c.kind != "negation"
        ] or self._relative_clause_cues(c_end)
        if after:
            cue = after[0]
            between = any(end <= o[0] and o[1] <= cue.start for o in others)
            if not between or not any(c.start >= c_start for c in before):
                return _kind(cue), False
        if before:
            last = before[-1]
            if last.soft and self._merit_opened(last):
                return "merit", False
            return _kind(last), False
        return self._section(start), False

    def _merit_opened(self, cue: Cue) -> bool:
        """Whether a merit cue opened the clause of ``cue``: "vi ser gärna att du
        pratar amhariska, oromo eller tigrinja"."""
        c_start, _ = _bounds(self._clause_ends, cue.start, len(self._text))
        return any(
            c.kind == "merit" and c_start <= c.start and c.end <= cue.start
            for c in self._cues
        )

    def _negates(self, cue: Cue, span: tuple[int, int]) -> bool:
        """A negation of the clause, unless a "men" parts it from the mention:
        "jag har inte B-körkort men AM-körkort", "C-körkort men inte CE"."""
        if cue.kind != "negation" or not (cue.postfix or cue.end <= span[0]):
            return False
        low, high = sorted((cue.start, span[0]))
        return not any(low <= b < high for b in self._buts)

    def _merit_after_but(self, clause_end: int) -> bool:
        """Whether the next clause is "men ..." with a merit cue."""
        return any(
            c.kind == "merit" for c in self._next_clause_cues(clause_end, self._buts)
        )

    def _relative_clause_cues(self, clause_end: int) -> list[Cue]:
        """The postfix cues of a "vilket ..." clause right after this one, which
        say what this one is: "körvana med släp, vilket är meriterande"."""
        return [
            c
            for c in self._next_clause_cues(clause_end, self._relatives)
            if c.postfix and c.kind != "negation"
        ]

    def _next_clause_cues(self, clause_end: int, openers: list[int]) -> list[Cue]:
        """The cues of the clause after ``clause_end`` if one of ``openers``
        (word starts) opens it, else none."""
        rest = self._text[clause_end + 1 :]
        opener = clause_end + 1 + len(rest) - len(rest.lstrip())
        if clause_end >= len(self._text) or opener not in openers:
            return []
        _, end = _bounds(self._clause_ends, opener, len(self._text))
        return [c for c in self._cues if opener <= c.start and c.end <= end]

    def _read_sections(self) -> list[tuple[int, int, Requirement]]:
        """(start, end, requirement) of the lines below each cue heading."""
        sections: list[tuple[int, int, Requirement]] = []
        offset = 0
        current: tuple[int, Requirement] | None = None
        for line in self._text.splitlines(keepends=True):
            stripped = line.strip()
            kind = self._heading(offset, stripped, line)
            if current is not None and (not stripped or kind is not None):
                sections.append((current[0], offset, current[1]))
                current = None
            if kind is not None:
                current = (offset + len(line), kind)
            offset += len(line)
        if current is not None:
            sections.append((current[0], offset, current[1]))
        return sections

    def _heading(self, offset: int, stripped: str, line: str) -> Requirement | None:
        words = stripped.split()
        if not words or not (stripped.endswith(":") or len(words) <= HEADING_WORDS):
            return None
        end = offset + len(line)
        cues = [
            c
            for c in self._cues
            if offset <= c.start and c.end <= end and c.kind != "negation"
        ]
        return _kind(cues[-1]) if cues else None

    def _section(self, position: int) -> Requirement | None:
        for start, end, kind in self._sections:
            if start <= position < end:
                return kind
        return None


def _broken(text: str, tokens: list[Token]) -> bool:
    """Whether a clause ends inside these words: "ett år. Meriterande" is no
    "är meriterande"."""
    return any(CLAUSE_END.search(text[a.end : b.start]) for a, b in pairwise(tokens))


def _kind(cue: Cue) -> Requirement:
    return "merit" if cue.kind == "merit" else "must"


def _bounds(ends: list[int], position: int, length: int) -> tuple[int, int]:
    """The start and end of the sentence or clause around ``position``."""
    i = bisect_right(ends, position)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else length
    return start, end
