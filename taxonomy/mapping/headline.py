"""The headline of a longer text, and the phrases of a headline.

An ad headline packs the occupation together with filler: "Sjuksköterska till
infektionsavdelningen", "Säljare | Perfekt efter studenten!", "Causey Westling
söker Tax Manager", "Hotellmedarbetare/Kock 100% - Gysinge Herrgård". Matched as
one query, the workplace and the slogan dilute the title or pull in the wrong
label. So a headline is also cut into *units*: at punctuation that separates
phrases (| ! ? : ; , ( ) + & / and a spaced dash) and before the words that
introduce a workplace, an employer or the verb of "X söker Y" (till, hos, på,
vid, söker, sökes; English to, at, for, with). Each unit is matched on its own,
except a phrase that follows a workplace word (till, hos, på, vid, to, at):
"Yrkesgymnasiet Göteborg" or "hemtjänsten" qualify the title in the whole
headline but are no title of their own. "inom" and "i" are kept, since they
usually name a field ("ST-läkare inom allmänmedicin", "Lärare i matematik").
"""

import re

from taxonomy.mapping.normalise import tokenize

HEADLINE_MAX_WORDS = 20
_SENTENCE = re.compile(r"[^.!?\n]*[.!?\n]")
_WORKPLACE = frozenset({"till", "hos", "på", "pa", "vid", "to", "at"})
_BOUNDARY = re.compile(
    r"([|!?:;,()+&\[\]/]|\s[-\u2013\u2014]+\s"
    r"|\b(?:till|hos|på|vid|söker|soker|sökes|sokes|to|at|for|with)\b)",
    re.IGNORECASE,
)


def split_headline(text: str) -> tuple[str, str]:
    """Return (headline, rest).

    The headline is the first line when short, else the first sentence, cut after
    ``HEADLINE_MAX_WORDS`` words: texts name their subject first ("Svetsning avser
    ...", "Undersköterska till ...").
    """
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    if rest and len(tokenize(first)) <= HEADLINE_MAX_WORDS:
        return first, rest
    sentence = _SENTENCE.match(stripped)
    end = sentence.end() if sentence else len(stripped)
    words = tokenize(stripped[:end])
    if len(words) > HEADLINE_MAX_WORDS:
        end = words[HEADLINE_MAX_WORDS - 1].end
    return stripped[:end], stripped[end:]


def headline_units(headline: str) -> list[str]:
    """The whole headline, then each of its phrases when it has more than one."""
    # With a capturing group, split() alternates phrase, boundary, phrase, ...
    parts = _BOUNDARY.split(headline)
    phrases = [
        phrase.strip()
        for boundary, phrase in zip(["", *parts[1::2]], parts[::2], strict=True)
        if tokenize(phrase) and boundary.lower() not in _WORKPLACE
    ]
    return [headline, *phrases] if phrases != [headline.strip()] else [headline]
