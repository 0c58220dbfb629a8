"""Swedish inflection and spelling variants of one folded word.

There is no Swedish lemmatiser among our dependencies, and a rule stemmer cuts
occupation words badly ("snickare" and "snickarna" get different stems). Instead we
*generate* the candidate base forms of a word (strip an inflection ending, then put
back a possible dictionary ending) and keep the first one that the taxonomy's own
vocabulary contains. So "undersköterskorna" -> "underskotersk" + "a", "snickarna" ->
"snick" + "are", "kockarna" -> "kock", "lärarens" -> "larar" + "e".
"""

from collections.abc import Iterator

# Longest first, so that "-orna" is tried before "-na" and "-a".
SUFFIXES = (
    "ornas",
    "arnas",
    "ernas",
    "orna",
    "arna",
    "erna",
    "ens",
    "ans",
    "ets",
    "nas",
    "ors",
    "ars",
    "ers",
    "en",
    "et",
    "na",
    "or",
    "ar",
    "er",
    "an",
    "ns",
    "s",
    "n",
    "a",
    "e",
    "t",
)
# Dictionary endings that an inflection ending may have replaced.
RESTORED_ENDINGS = ("", "a", "e", "are", "er", "ar", "or", "el")
MIN_BASE = 3


# "-are" is restored only where the plural ending swallowed it ("snickarna" ->
# "snickare"): after a bare "-ar" the word is a verb ("passar" is no "passare").
ARE_SUFFIXES = frozenset({"arna", "arnas"})
# A plural ending is put back only for a stripped singular one ("undersköterska" ->
# "undersköterskor" of a group label); one plural is no other ("visar" is no "visor").
PLURAL_ENDINGS = frozenset({"er", "ar", "or"})
PLURAL_SUFFIXES = frozenset({"er", "ar", "or", "ers", "ars", "ors"})


def base_forms(word: str, endings: tuple[str, ...] = RESTORED_ENDINGS) -> Iterator[str]:
    """Yield candidate dictionary forms of ``word`` (not itself), likeliest first."""
    seen = {word}
    for suffix in SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < MIN_BASE:
            continue
        base = word[: -len(suffix)]
        for ending in endings:
            if (ending == "are" and suffix not in ARE_SUFFIXES) or (
                ending in PLURAL_ENDINGS and suffix in PLURAL_SUFFIXES
            ):
                continue
            candidate = base + ending
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def edit_keys(word: str) -> set[str]:
    """Return ``word`` and every string one deletion away (SymSpell keys)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# An activity noun names the work of an agent noun: "blästring" -> "blästrare",
# "svetsning" -> "svetsare", "programmering" -> "programmerare".
ACTIVITY_SUFFIXES = ("ning", "ing")
AGENT_ENDING = "are"


def agent_nouns(word: str) -> Iterator[str]:
    """Yield candidate agent nouns of an activity noun ``word``, likeliest first."""
    for suffix in ACTIVITY_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_BASE:
            yield word[: -len(suffix)] + AGENT_ENDING


def agent_stem(word: str) -> str | None:
    """The work an agent noun is named for: "städare" -> "städ" (folded)."""
    stem = word.removesuffix(AGENT_ENDING)
    return stem if stem != word and len(stem) >= MIN_BASE else None
