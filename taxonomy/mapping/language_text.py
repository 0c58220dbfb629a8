"""Languages with a CEFR level, and the level of Swedish, in free text.

Languages: a word that is a language concept's label ("engelska", "arabiska"), its
definite form ("engelskan") or an adjective made of it ("engelsktalande"). Only
labels that read as a language name in running text are used (one word ending in
-ska, or a short list of others such as "dari", "urdu", "tigrinja"): the taxonomy
also has languages called "Ga", "Ewe" or "Maya", which a Swedish text uses as other
words.

A level is read from the words before the language in its clause ("flytande
svenska och engelska", "goda kunskaper i arabiska"), else from those right after it
("engelska, flytande", "svenska i tal och skrift"):

    modersmål                         -> c2
    flytande, mycket goda, obehindrat -> c1
    god(a), bra, behärskar, "i tal och skrift" -> b2
    grundläggande, viss, enklare      -> a2
    A1 ... C2 written out             -> that level

Swedish levels (``SwedishLevelCode``, the service's SFI and SvA levels): "SFI D",
"SFI kurs C", "sfi-nivå B", "klar med SFI" (D: the last course), "SAS grund",
"SvA 2", "svenska som andraspråk grundläggande", "Svenska 1", and the old upper
secondary courses "Svenska A" (level 1) and "Svenska B" (level 2).

Provenance: the level words and their CEFR levels are the jobbmatch team's reading
(2026) of how Swedish ads grade language skills; Svenska A/B follow Skolverket's
note that the 2011 courses Svenska 1 and 2 replaced them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from taxonomy.mapping.normalise import Token
from taxonomy.mapping.results import CefrLevel, SwedishLevelCode

OTHER_NAMES = frozenset(
    {
        "dari",
        "urdu",
        "hindi",
        "swahili",
        "pashto",
        "farsi",
        "tigrinja",
        "tagalog",
        "romani",
        "jiddisch",
        "mandarin",
        "punjabi",
        "tamil",
        "bengali",
        "meankieli",
        "oromo",
        "sorani",
        "kurmanji",
    }
)
OLD_FORMS = ("gammal", "medel", "judeo", "ottoman", "forn")
ADJECTIVE_ENDINGS = ("talande", "sprakig", "sprakiga", "kunnig", "kunniga")
LEVELS: dict[tuple[str, ...], CefrLevel] = {
    ("modersmal",): "c2",
    ("modersmalsniva",): "c2",
    ("perfekt",): "c2",
    ("flytande",): "c1",
    ("obehindrat",): "c1",
    ("mycket", "god"): "c1",
    ("mycket", "goda"): "c1",
    ("mycket", "gott"): "c1",
    ("mycket", "bra"): "c1",
    ("utmarkt",): "c1",
    ("utmarkta",): "c1",
    ("god",): "b2",
    ("goda",): "b2",
    ("gott",): "b2",
    ("bra",): "b2",
    ("beharskar",): "b2",
    ("beharska",): "b2",
    ("tal", "och", "skrift"): "b2",
    ("grundlaggande",): "a2",
    ("viss",): "a2",
    ("vissa",): "a2",
    ("enklare",): "a2",
    ("enkel",): "a2",
    **{(code,): code for code in ("a1", "a2", "b1", "b2", "c1", "c2")},
}
# Words that may stand between a level word and the language it grades.
BETWEEN = frozenset(
    {
        "kunskaper",
        "kunskap",
        "sprakkunskaper",
        "i",
        "pa",
        "av",
        "och",
        "samt",
        "eller",
        "att",
        "tala",
        "talar",
        "prata",
        "pratar",
        "skriva",
        "skriver",
        "kunna",
        "du",
        "har",
        "niva",
        "nivan",
    }
)
CONNECTORS = frozenset({"och", "samt", "eller"})
DETERMINERS = frozenset(
    {"min", "mitt", "mina", "din", "ditt", "dina", "sin", "sitt", "sina", "den"}
    | {"det", "de", "var", "vart", "vara", "er", "ert", "era", "hans", "hennes"}
)
# "det svenska språket" is the language itself.
LANGUAGE_NOUNS = frozenset({"spraket", "sprak", "spraken"})
# Words after a language that end its phrase: "jag talar min svenska och ...".
PHRASE_BREAKS = CONNECTORS | {"som", "pa", "i", "till", "med", "ar"}
REACH = 6
SFI_LETTERS = {"a": "sfi_a", "b": "sfi_b", "c": "sfi_c", "d": "sfi_d"}
SVA_LEVELS: dict[str, SwedishLevelCode] = {
    "grund": "sva_grund",
    "grundlaggande": "sva_grund",
    "grundniva": "sva_grund",
    "1": "sva_1",
    "2": "sva_2",
    "3": "sva_3",
    "a": "sva_1",
    "b": "sva_2",
}
SVENSKA_LEVELS: dict[str, SwedishLevelCode] = {
    "1": "sva_1",
    "2": "sva_2",
    "3": "sva_3",
    "a": "sva_1",
    "b": "sva_2",
    "grund": "sva_grund",
}
SFI_FILLER = frozenset({"kurs", "niva", "nivan", "kursen", "pa", "motsvarande"})
SFI_DONE = frozenset({"klar", "klart", "avslutad", "avslutat", "godkand", "godkant"})
SFI_DONE |= frozenset({"slutfort", "slutbetyg", "fardig", "genomfort"})


def is_language_word(word: str) -> bool:
    """A folded label word that names a language in running text."""
    if word.startswith(OLD_FORMS):
        return False
    return word in OTHER_NAMES or (len(word) >= 5 and word.endswith("ska"))


@dataclass(frozen=True, slots=True)
class LanguageHit:
    word: str
    index: int
    start: int
    end: int
    level: CefrLevel | None


@dataclass(frozen=True, slots=True)
class SwedishHit:
    level: SwedishLevelCode
    start: int
    end: int
    confidence: float


def language_of(word: str, names: dict[str, str]) -> str | None:
    """The language label word behind a text word ("engelskan" -> "engelska")."""
    if word in names:
        return word
    if word.endswith("n") and word[:-1] in names:
        return word[:-1]
    for ending in ADJECTIVE_ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and stem + "a" in names:
            return stem + "a"
    return None


def find_languages(
    text: str, tokens: list[Token], names: dict[str, str]
) -> Iterator[LanguageHit]:
    """Yield each language word with its level (``names``: folded word -> label)."""
    for i, token in enumerate(tokens):
        word = language_of(token.text, names)
        if word is None:
            continue
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if nxt in ("kyrkan", "kyrkans") or _attributive(text, tokens, i):
            continue
        level = _level_before(text, tokens, i, names) or _level_after(
            text, tokens, i, names
        )
        yield LanguageHit(word, i, token.start, token.end, level)


def _attributive(text: str, tokens: list[Token], i: int) -> bool:
    """ "min svenska legitimation", "den svenska arbetsmarknaden": after a
    determiner and before a word of the same phrase, the word is an adjective
    (but "det svenska språket" is the language)."""
    if not i or i + 1 >= len(tokens) or tokens[i - 1].text not in DETERMINERS:
        return False
    nxt = tokens[i + 1]
    gap = text[tokens[i].end : nxt.start]
    return gap.strip() == "" and nxt.text not in PHRASE_BREAKS | LANGUAGE_NOUNS


def _level_at(tokens: list[Token], j: int) -> tuple[CefrLevel, int] | None:
    for size in (3, 2, 1):
        key = tuple(t.text for t in tokens[j : j + size])
        if len(key) == size and key in LEVELS:
            return LEVELS[key], size
    return None


def _level_before(
    text: str, tokens: list[Token], i: int, names: dict[str, str]
) -> CefrLevel | None:
    for j in range(i - 1, max(-1, i - 1 - REACH), -1):
        if _breaks(text, tokens, j):
            return None
        for back in (2, 1, 0):
            start = j - back
            hit = _level_at(tokens, start) if start >= 0 else None
            if hit is not None and start + hit[1] - 1 == j:
                return hit[0]
        word = tokens[j].text
        if word not in BETWEEN and language_of(word, names) is None:
            return None
    return None


def _level_after(
    text: str, tokens: list[Token], i: int, names: dict[str, str]
) -> CefrLevel | None:
    for j in range(i + 1, min(len(tokens), i + 1 + REACH)):
        if _breaks(text, tokens, j - 1):
            return None
        hit = _level_at(tokens, j)
        if hit is not None:
            return hit[0]
        word = tokens[j].text
        if word in CONNECTORS or language_of(word, names) is not None:
            return None
        if word not in BETWEEN:
            return None
    return None


def _breaks(text: str, tokens: list[Token], j: int) -> bool:
    """A sentence or clause ends between word ``j`` and the next."""
    if j + 1 >= len(tokens) or j < 0:
        return True
    gap = text[tokens[j].end : tokens[j + 1].start]
    return any(c in gap for c in ".!?\n;:()")


def find_swedish(text: str, tokens: list[Token]) -> Iterator[SwedishHit]:
    """Yield every stated Swedish level, in order."""
    words = [t.text for t in tokens]
    for i, word in enumerate(words):
        if word == "sfi":
            yield from _sfi(text, tokens, i)
        elif word in ("sas", "sva"):
            hit = _graded(tokens, i, i + 1, SVA_LEVELS)
            if hit is not None:
                yield hit
        elif word == "svenska" and words[i + 1 : i + 3] == ["som", "andrasprak"]:
            hit = _graded(tokens, i, i + 3, SVA_LEVELS)
            if hit is not None:
                yield hit
        elif (
            word == "svenska"
            and i + 1 < len(tokens)
            and text[tokens[i].end : tokens[i + 1].start] == " "
        ):
            hit = _graded(tokens, i, i + 1, SVENSKA_LEVELS, confidence=0.85)
            if hit is not None:
                yield hit


def _sfi(text: str, tokens: list[Token], i: int) -> Iterator[SwedishHit]:
    for j in range(i + 1, min(len(tokens), i + 4)):
        word = tokens[j].text
        if word in SFI_LETTERS and not _hyphen_word(tokens, j, allowed=("niva",)):
            level: SwedishLevelCode = SFI_LETTERS[word]  # type: ignore[assignment]
            yield SwedishHit(level, tokens[i].start, tokens[j].end, 0.95)
            return
        if word not in SFI_FILLER:
            break
    # "D-nivå på SFI", "kurs D inom sfi"
    for j in range(i - 1, max(-1, i - 4), -1):
        word = tokens[j].text
        if word in SFI_LETTERS:
            level = SFI_LETTERS[word]  # type: ignore[assignment]
            yield SwedishHit(level, tokens[j].start, tokens[i].end, 0.9)
            return
        if word in SFI_DONE:
            yield SwedishHit("sfi_d", tokens[j].start, tokens[i].end, 0.85)
            return
        if word not in SFI_FILLER and word not in ("med", "inom", "i"):
            break


def _graded(
    tokens: list[Token],
    first: int,
    j: int,
    levels: dict[str, SwedishLevelCode],
    *,
    confidence: float = 0.95,
) -> SwedishHit | None:
    """The level word at ``j`` (or after "på"/"kurs"/"nivå") of a Swedish course."""
    for k in range(j, min(len(tokens), j + 3)):
        word = tokens[k].text
        if word in levels and not _hyphen_word(tokens, k, allowed=("niva",)):
            return SwedishHit(
                levels[word], tokens[first].start, tokens[k].end, confidence
            )
        if word not in ("pa", "kurs", "niva", "motsvarande"):
            return None
    return None


def _hyphen_word(tokens: list[Token], j: int, *, allowed: tuple[str, ...]) -> bool:
    """Word ``j`` starts a hyphened word ("B-körkort"), other than "D-nivå"."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is not None and nxt.after_hyphen and nxt.text not in allowed
