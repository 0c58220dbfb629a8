"""Driving licences in free text: "B-körkort", "körkort B", "C/CE", "behörighet BE".

The taxonomy labels its driving-licence concepts with the category codes of
körkortslagen (``taxonomy.licences``); a text names them with a code next to a
licence word. Read from the folded words of the text:

- codes before a licence word: "B-körkort", "B- och C-körkort", "CE-kort";
- codes after one: "körkort B", "körkort: B, C och CE", "behörighet BE",
  "körkortsbehörighet C/CE", "körkort (minst B, D samt YKB)";
- a code pair written with a slash, one of them a heavy or trailer category:
  "C/CE", "B/BE";
- the licence words that name a category: "lastbilskörkort" (C), "busskörkort"
  (D), "mopedkörkort" (AM), "MC-körkort" (A), "körkort för lastbil";
- "körkort" alone means B (it is what an ad asking for "körkort" wants), with a
  lower confidence.

Other "kort" and "körkort" words are not driving licences: "truckkort" is a skill
(Truckvana), "Motorsågskörkort" another skill; they are single words here and never
a licence word.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from taxonomy.licences import category_of
from taxonomy.mapping.normalise import Token

LICENCE_WORDS = frozenset(
    {
        "korkort",
        "korkortet",
        "korkorts",
        "korkortsbehorighet",
        "korkortsbehorigheter",
        "korkortsbehorigheten",
        "korkortskrav",
        "korkortsklass",
        "korkortstyp",
    }
)
# Words that introduce codes but are no licence alone ("behörighet" of a teacher).
CODE_WORDS = frozenset({"behorighet", "behorigheten", "behorigheter"})
FILLER = frozenset(
    {"klass", "typ", "minst", "med", "for", "pa", "och", "eller", "samt", "kategori"}
)
FILLER |= CODE_WORDS
CONNECTORS = frozenset({"och", "eller", "samt"})
NAMED = {
    "lastbilskorkort": "C",
    "lastbilskort": "C",
    "busskorkort": "D",
    "mopedkorkort": "AM",
    "mckorkort": "A",
    "motorcykelkorkort": "A",
    "personbilskorkort": "B",
    "bilkorkort": "B",
}
VEHICLES = {"lastbil": "C", "personbil": "B", "buss": "D", "motorcykel": "A"}
VEHICLE_SIZES = frozenset({"tung", "tunga", "latt", "latta", "stor", "storre"})
HAVING = frozenset({"ha", "har", "inneha", "innehar"})
# Codes no other text writes in capitals, licences even with no licence word by.
DISTINCTIVE = frozenset({"B96", "C1E", "D1E", "D1"})
# Codes that are also everyday letters or CEFR levels.
AMBIGUOUS = frozenset({"A", "B", "C", "D", "A1", "A2", "C1"})
LOOKAHEAD = 8
CODE_CONFIDENCE = 0.95
NAMED_CONFIDENCE = 0.9
SLASH_CONFIDENCE = 0.85
BARE_CODE_CONFIDENCE = 0.8
BARE_CONFIDENCE = 0.7
DEFAULT_CATEGORY = "B"


@dataclass(frozen=True, slots=True)
class LicenceHit:
    """A category code, where the text names it and how it was read."""

    category: str
    start: int
    end: int
    confidence: float
    provenance: str


def _code(tokens: list[Token], j: int) -> str | None:
    """The category a word names, unless it heads another hyphened word
    ("A-kassa", "B-truckar")."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if (
        nxt is not None
        and nxt.after_hyphen
        and nxt.text not in LICENCE_WORDS
        and nxt.text not in CODE_WORDS
        and nxt.text != "kort"
    ):
        return None
    return category_of(tokens[j].text) if tokens[j].text != "utokad" else None


def find_licences(text: str, tokens: list[Token]) -> Iterator[LicenceHit]:
    """Yield every driving-licence category the text names, in order."""
    used: set[int] = set()
    hits = list(_worded(text, tokens, used))
    yield from hits
    if hits or any(text[t.start : t.end] in DISTINCTIVE for t in tokens):
        yield from _bare_codes(text, tokens, used)


def _worded(text: str, tokens: list[Token], used: set[int]) -> Iterator[LicenceHit]:
    """The categories named by or beside a licence word, and slashed code pairs."""
    for i, token in enumerate(tokens):
        word = token.text
        if word in NAMED:
            yield LicenceHit(
                NAMED[word], token.start, token.end, NAMED_CONFIDENCE, "licence word"
            )
            continue
        if (
            word == "korkort"
            and token.after_hyphen
            and i
            and tokens[i - 1].text == "mc"
        ):
            yield LicenceHit(
                "A", tokens[i - 1].start, token.end, NAMED_CONFIDENCE, "MC"
            )
            continue
        if word == "kort" and token.after_hyphen and i:
            code = _code(tokens, i - 1)
            if code is not None and i - 1 not in used:
                used.add(i - 1)
                yield LicenceHit(
                    code, tokens[i - 1].start, token.end, CODE_CONFIDENCE, "code"
                )
            continue
        if word not in LICENCE_WORDS and word not in CODE_WORDS:
            continue
        # A licence word with its codes before it takes no more after it:
        # "B-körkort, BE är ett plus" names BE apart.
        found = _codes_before(text, tokens, i) or _codes_after(text, tokens, i)
        found = [(j, c) for j, c in found if j not in used]
        if _extended(tokens, i):
            found = [(j, "B96" if c == "B" else c) for j, c in found]
        for j, category in found:
            used.add(j)
            # The code next to the licence word takes it into its span.
            start, end = tokens[j].start, tokens[j].end
            if abs(j - i) == 1:
                start, end = min(start, token.start), max(end, token.end)
            yield LicenceHit(category, start, end, CODE_CONFIDENCE, "code")
        if not found and not _negligible(tokens, i):
            vehicle = _vehicle(tokens, i)
            # A code word names a licence only with a vehicle ("behörighet för
            # buss"); alone it is a teacher's "behörighet".
            if vehicle is None and word in CODE_WORDS:
                continue
            category = vehicle or DEFAULT_CATEGORY
            confidence = NAMED_CONFIDENCE if vehicle else BARE_CONFIDENCE
            note = "licence for a vehicle" if vehicle else "körkort alone means B"
            yield LicenceHit(category, token.start, token.end, confidence, note)
    yield from _slash_pairs(text, tokens, used)


def _codes_before(text: str, tokens: list[Token], i: int) -> list[tuple[int, str]]:
    """ "B-körkort", "B- och C-körkort", "B, C och CE-körkort"."""
    found: list[tuple[int, str]] = []
    j = i - 1
    expect_code = True
    while j >= 0 and i - j <= LOOKAHEAD:
        gap = text[tokens[j].end : tokens[j + 1].start]
        if "\n" in gap or "." in gap:
            break
        code = _code(tokens, j)
        if expect_code and code is not None:
            found.append((j, code))
            expect_code = False
        elif not expect_code and (
            tokens[j].text in CONNECTORS or gap.strip() in (",", "/")
        ):
            if tokens[j].text in CONNECTORS:
                expect_code = True
            else:
                code = _code(tokens, j)
                if code is None:
                    break
                found.append((j, code))
        else:
            break
        j -= 1
    return sorted(found)


def _codes_after(text: str, tokens: list[Token], i: int) -> list[tuple[int, str]]:
    """ "körkort B", "körkort: B, C och CE", "behörighet BE", "körkort klass C/CE"."""
    found: list[tuple[int, str]] = []
    for j in range(i + 1, min(len(tokens), i + 1 + LOOKAHEAD)):
        gap = text[tokens[j - 1].end : tokens[j].start]
        if "\n" in gap or "." in gap:
            break
        word = tokens[j].text
        code = _code(tokens, j)
        if word == "utokad" and j + 1 < len(tokens) and tokens[j + 1].text == "b":
            continue
        if code is not None and j + 1 < len(tokens) and tokens[j + 1].after_hyphen:
            break  # "BE-körkort eller B-körkort": the code heads its own licence word
        if code is not None:
            if j and tokens[j - 1].text == "utokad":
                code = "B96"
            found.append((j, code))
        elif word in FILLER and word not in LICENCE_WORDS:
            continue
        else:
            break
    return found


def _extended(tokens: list[Token], i: int) -> bool:
    """ "B-körkort med utökad behörighet" is B96."""
    return [t.text for t in tokens[i + 1 : i + 3]] == ["med", "utokad"]


def _bare_codes(text: str, tokens: list[Token], used: set[int]) -> Iterator[LicenceHit]:
    """Codes without a licence word in a text that names a licence elsewhere:
    "C-körkort som krav, CE är meriterande", "Meriterande med BE", "Du får gärna
    ha C", or beside a code no other text writes: "Krav: B96 eller BE". Only as
    the text writes codes, in capitals; a one-letter code and one that is also a
    language level only after "ha": "plan B", "vitamin C", "engelska C1"."""
    for j, token in enumerate(tokens):
        code = _code(tokens, j)
        written = text[token.start : token.end]
        if j in used or code is None or written != code or token.after_hyphen:
            continue
        if code in AMBIGUOUS and (not j or tokens[j - 1].text not in HAVING):
            continue
        used.add(j)
        yield LicenceHit(
            code, token.start, token.end, BARE_CODE_CONFIDENCE, "code beside a licence"
        )


def _vehicle(tokens: list[Token], i: int) -> str | None:
    """ "körkort för lastbil" and "körkort för tung lastbil" name C."""
    nxt = [t.text for t in tokens[i + 1 : i + 4]]
    if nxt[:1] != ["for"]:
        return None
    named = nxt[2:3] if nxt[1:2] and nxt[1] in VEHICLE_SIZES else nxt[1:2]
    return VEHICLES.get(named[0]) if named else None


def _negligible(tokens: list[Token], i: int) -> bool:
    """A licence word that ends another word: "Truck-körkort", "Motorsågs-körkort"
    (a code before it was found already), or "körkorts-" of a word pair."""
    return tokens[i].text == "korkorts" or tokens[i].after_hyphen


def _slash_pairs(
    text: str, tokens: list[Token], used: set[int]
) -> Iterator[LicenceHit]:
    """ "C/CE", "B/BE": two codes with a slash, one a trailer or heavy category."""
    for i in range(len(tokens) - 1):
        if i in used or i + 1 in used:
            continue
        if text[tokens[i].end : tokens[i + 1].start] != "/":
            continue
        first, second = _code(tokens, i), _code(tokens, i + 1)
        if (
            first is None
            or second is None
            or not {first, second} - {"A", "B", "C", "D"}
        ):
            continue
        used.update((i, i + 1))
        for j, category in ((i, first), (i + 1, second)):
            yield LicenceHit(
                category, tokens[j].start, tokens[j].end, SLASH_CONFIDENCE, "code pair"
            )
