"""Case, Unicode and diacritic folding, and tokenisation with character spans.

Everything the mapper compares is *folded*: NFKD-decomposed, stripped of combining
marks and case-folded, so "Undersköterska", "UNDERSKÖTERSKA" and "underskoterska"
become the same string. Folding loses the å/a distinction on purpose: people who
type without Swedish letters must land on the same concept, and the collisions it
creates (e.g. "får"/"far") are resolved by the rest of the label.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that NFKD does not decompose but that Nordic and German texts use.
_EXTRA_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})
# Letters and digits, and combining marks so that a decomposed "o" + U+0308 stays
# inside its word; a soft hyphen (U+00AD, a line-break hint that ads pasted from
# web pages carry: "buss\u00adchaufför") joins the parts of one word.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:\u00ad(?:[^\W_]|[\u0300-\u036f])+)*")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad"))
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus sign.
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the original text: its folded form and its span in the original."""

    text: str
    start: int
    end: int
    after_hyphen: bool = False


def fold(text: str) -> str:
    """Return ``text`` case-folded, without diacritics, with one kind of dash."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_EXTRA_FOLDS).translate(_DASHES).translate(_INVISIBLE)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words (letters and digits), keeping original offsets."""
    return [
        Token(
            _fold_word(m.group()),
            m.start(),
            m.end(),
            text[m.start() - 1 : m.start()] == "-",
        )
        for m in _WORD.finditer(text)
    ]


# Texts repeat their words, and every text of a batch repeats the common ones.
_fold_word = lru_cache(maxsize=100_000)(fold)


def split_alternatives(label: str) -> list[str]:
    """Split a slash label ("Taxiförare/Taxichaufför") into its alternatives.

    A part that is only a qualifier shared with its sibling is kept whole: in
    "Servitör, fartyg/Servitris, fartyg" both sides are full labels already.
    """
    parts = [p.strip() for p in label.split("/")]
    return [p for p in parts if len(p) > 1]


def comma_head(label: str) -> str:
    """Return what precedes the first comma ("Kock, fartyg" -> "Kock")."""
    return label.split(",", 1)[0].strip()


WITHOUT = "utan"


def says_without(text: str) -> bool:
    """Whether ``text`` has the word "utan" ("Golvläggare, utan yrkesbevis"), a
    stop word the label keys and queries leave out."""
    return WITHOUT in (t.text for t in tokenize(text))


def words_without(words: list[str]) -> frozenset[str]:
    """The folded words after "utan" ("yrkesbevis" of "golvlaggare utan
    yrkesbevis"); none when there is no "utan"."""
    if WITHOUT not in words:
        return frozenset()
    return frozenset(words[words.index(WITHOUT) + 1 :])
