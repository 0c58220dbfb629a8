"""Word analysis against the taxonomy's own vocabulary.

Each word of a text becomes a :class:`Term`: its *features* are the dictionary form
of the word followed by the parts of a compound ("lastbilschauffor" -> "lastbilsforare",
"lastbil", "forare"; see ``vocabulary.VARIANTS``), and its *rule* says how that form
was found. The steps, first success wins:

1. a hand-written rewrite (abbreviation, gendered/colloquial variant, English word);
2. the word itself is a taxonomy word;
3. an inflected form of a taxonomy word (``inflection.base_forms``);
4. a word of the taxonomy's definitions ("telefon", "säljer"): a real word, so
   never taken for a typo of a label word (rule ``prose``);
5. a compound of taxonomy words, possibly with a linking -s ("byggnad|s|snickare");
6. a taxonomy word one or two edits away (a typo), found through deletion keys.

Words that pass none of these stay as they are (rule ``unknown``); the character
n-gram retrieval still sees them.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from taxonomy.mapping import vocabulary
from taxonomy.mapping.inflection import agent_nouns, base_forms, edit_keys
from taxonomy.mapping.normalise import Token, tokenize

MIN_PART = 3
MIN_HEAD = 4
# A known word splits at an unknown modifier only before a long head
# ("distrikts|sköterska").
KNOWN_HEAD = 7
HEAD_ENDINGS = ("", "a", "e", "are")
# Three-letter compound parts must be common words, not abbreviations or noise.
MIN_SHORT_COUNT = 3
PLURAL_SUFFIXES = ("orna", "arna", "erna", "or", "ar", "er", "na", "n")
MIN_TYPO_WORD = 5
LONG_WORD = 8
MIN_HEAD_COMPOUNDS = 3
JOINABLE_RULES = frozenset({"exact", "inflection", "typo"})
# A shorter first part is an abbreviation: "ST-läkare" joined and corrected would
# become "slaktare".
MIN_TYPO_JOIN_PREFIX = 3
MAX_PHRASE = 3


class Analysis(NamedTuple):
    """How one word was understood: its dictionary forms and its compound parts."""

    forms: tuple[str, ...]
    parts: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class Term:
    """One analysed word (or word of a rewritten phrase) of a text, with its span.

    ``forms`` are the word's dictionary forms (the word itself, or the lemma, plus a
    singular for a plural); ``parts`` are the modifier and head of a compound.
    """

    word: str
    forms: tuple[str, ...]
    parts: tuple[str, ...]
    rule: str
    start: int
    end: int

    @property
    def features(self) -> tuple[str, ...]:
        """All features, forms first."""
        return self.forms + self.parts


def _rewrites() -> dict[str, tuple[str, str]]:
    table = {k: (v, "english") for k, v in vocabulary.ENGLISH.items()}
    table.update({k: (v, "variant") for k, v in vocabulary.VARIANTS.items()})
    table.update({k: (v, "abbreviation") for k, v in vocabulary.ABBREVIATIONS.items()})
    return table


def _compound_heads(counts: Counter[str]) -> Counter[str]:
    """Heads that occur only inside compounds ("biträde" in "Köksbiträde").

    A suffix counts when what precedes it is itself a label word (with or without
    a linking -s) in at least ``MIN_HEAD_COMPOUNDS`` different label words.
    """
    heads: Counter[str] = Counter()
    for word in counts:
        for cut in range(MIN_PART, len(word) - MIN_HEAD + 1):
            modifier, head = word[:cut], word[cut:]
            # "forsknings|sjuksköterska": the -s links, it does not start the head.
            if head[0] == "s" and head[1:] in counts:
                continue
            if modifier in counts or (
                modifier.endswith("s") and modifier[:-1] in counts
            ):
                heads[head] += 1
    # A stop word stays one ("arbete" heads "Socialarbete"), else a typo would be
    # corrected into a word that then means nothing.
    return Counter(
        {
            h: n
            for h, n in heads.items()
            if n >= MIN_HEAD_COMPOUNDS
            and h not in counts
            and h not in vocabulary.STOPWORDS
        }
    )


class Lexicon:
    """The taxonomy vocabulary plus the rules that map free words onto it."""

    def __init__(
        self, label_words: Iterable[str], prose_words: Iterable[str] = ()
    ) -> None:
        counts = Counter(w for w in label_words if w not in vocabulary.STOPWORDS)
        counts.update(_compound_heads(counts))
        self._counts = counts
        # Definition words are only recognised, never compound parts or typo
        # targets: prose has many short function-like words ("mal", "sa").
        self._prose = frozenset(prose_words) - vocabulary.STOPWORDS
        self._rewrites = _rewrites()
        # Only these words can start a phrase rewrite; other words skip the lookups.
        self._phrase_starts = frozenset(
            k.split()[0] for k in self._rewrites if " " in k
        )
        self._head_variants = {
            k: v
            for k, v in vocabulary.VARIANTS.items()
            if " " not in k + v and "-" not in v
        }
        self._typo_keys: dict[str, list[str]] = {}
        for word in counts:
            if len(word) >= MIN_TYPO_WORD:
                for key in edit_keys(word):
                    self._typo_keys.setdefault(key, []).append(word)
        self.word = lru_cache(maxsize=100_000)(self._analyse_word)
        self._lemma_of = lru_cache(maxsize=100_000)(self._lemma)

    def known(self, word: str) -> bool:
        """Return whether ``word`` occurs in a taxonomy label."""
        return word in self._counts

    def agent_noun(self, word: str) -> str | None:
        """The taxonomy's agent noun of an activity ("blastring" -> "blastrare")."""
        return next((a for a in agent_nouns(word) if a in self._counts), None)

    def analyse(self, text: str) -> list[Term]:
        """Analyse ``text`` into terms; stop words are dropped."""
        return self.analyse_tokens(tokenize(text))

    def analyse_tokens(self, tokens: list[Token]) -> list[Term]:
        """Analyse already tokenised words, rewriting phrases first."""
        terms: list[Term] = []
        tokens = self._join_hyphenated(tokens)
        i = 0
        while i < len(tokens):
            size, rewrite = self._phrase_at(tokens, i)
            first, last = tokens[i], tokens[i + size - 1]
            if rewrite is None and _hyphen_bound(tokens, i):
                # "AV-tekniker", "MIG-svetsning", "A-kassa": a stop word tied to
                # the next word by a hyphen is an abbreviation, part of the name.
                word = first.text
                terms.append(Term(word, (word,), (), "exact", first.start, first.end))
            elif rewrite is None:
                forms, parts, rule = self.word(first.text)
                if forms:
                    terms.append(
                        Term(first.text, forms, parts, rule, first.start, first.end)
                    )
            else:
                value, rule = rewrite
                for word in value.replace("-", " ").split():
                    forms, parts, _ = self.word(word)
                    if forms:
                        terms.append(
                            Term(word, forms, parts, rule, first.start, last.end)
                        )
            i += size
        return terms

    def _join_hyphenated(self, tokens: list[Token]) -> list[Token]:
        """Join "el-ingenjör" into one word when the joined word is known."""
        joined: list[Token] = []
        for token in tokens:
            previous = joined[-1] if joined else None
            if previous is not None and token.after_hyphen:
                word = previous.text + token.text
                forms, _, rule = self.word(word)
                if rule in JOINABLE_RULES and (
                    rule != "typo" or _keeps_prefix(previous.text, forms)
                ):
                    joined[-1] = Token(
                        word, previous.start, token.end, previous.after_hyphen
                    )
                    continue
            joined.append(token)
        return joined

    def _phrase_at(
        self, tokens: list[Token], i: int
    ) -> tuple[int, tuple[str, str] | None]:
        if tokens[i].text in vocabulary.STOPWORDS:
            return 1, None
        longest = MAX_PHRASE if tokens[i].text in self._phrase_starts else 1
        for size in range(min(longest, len(tokens) - i), 0, -1):
            words = [t.text for t in tokens[i : i + size]]
            for variant in (words, [*words[:-1], self._lemma_of(words[-1])]):
                hit = self._rewrites.get(" ".join(variant))
                if hit is not None:
                    return size, hit
        return 1, None

    def _lemma(self, word: str) -> str:
        if word in self._counts or word in self._rewrites:
            return word
        for base in base_forms(word):
            # A rare three-letter word is likelier an abbreviation than the stem:
            # "lärarna" is "lärare", not "LAR".
            if self._common(base, MIN_PART) or base in self._rewrites:
                return base
        return word

    def _analyse_word(self, word: str) -> Analysis:
        if word in vocabulary.STOPWORDS or not word:
            return Analysis((), (), "stopword")
        if word in self._counts:
            return self._known(word, "exact")
        lemma = self._lemma_of(word)
        if lemma in self._rewrites and lemma not in self._counts:
            value, rule = self._rewrites[lemma]
            if value == lemma:
                return Analysis((lemma,), (), rule)
            # A rewrite may keep its own word ("lokalvårdare" -> "städare
            # lokalvårdare"): that word is taken as it stands, not rewritten
            # again without end.
            analyses = [
                Analysis((w,), (), rule) if w == lemma else self.word(w)
                for w in value.replace("-", " ").split()
            ]
            forms = tuple(f for a in analyses for f in a.forms)
            return Analysis(forms, tuple(p for a in analyses for p in a.parts), rule)
        if lemma != word:
            return self._known(lemma, "inflection")
        prose = self._prose_lemma(word)
        if prose is not None:
            return Analysis((prose,), self._parts(prose), "prose")
        # One edit away from a known word is likelier a typo than a new compound
        # ("köksmästere"); two edits away is less likely than a compound.
        corrected = self._typo(word, 1)
        if corrected is not None:
            return self.word(corrected)._replace(rule="typo")
        parts = self._parts(word)
        if parts:
            return Analysis((word,), parts, "compound")
        corrected = self._typo(word, 1 if len(word) < LONG_WORD else 2)
        if corrected is not None:
            return self.word(corrected)._replace(rule="typo")
        parts = self._head_only(word)
        if parts:
            return Analysis((word,), parts, "compound-head")
        return Analysis((word,), (), "unknown")

    def _prose_lemma(self, word: str) -> str | None:
        # Prose holds inflected forms too ("telefonen"): its base form comes first.
        base = next((b for b in base_forms(word) if b in self._prose), None)
        return base or (word if word in self._prose else None)

    def _known(self, word: str, rule: str) -> Analysis:
        # Group labels are plural ("Ingenjörer"): a plural also yields its singular.
        forms = tuple(dict.fromkeys((word, self._singular(word))))
        return Analysis(
            forms, self._parts(word) or self._head_only(word, KNOWN_HEAD), rule
        )

    def _singular(self, word: str) -> str:
        # A stem of three letters is too short to tell: "lager" is no plural of "laga".
        for suffix in PLURAL_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) > MIN_PART:
                for ending in ("", "a", "e"):
                    base = word[: -len(suffix)] + ending
                    if base in self._counts:
                        return base
        return word

    def _parts(self, word: str, *, nested: bool = True) -> tuple[str, ...]:
        """Split a compound into known words, modifiers first; longest head wins.

        Two words when they do; else a modifier that is itself a compound of two
        ("säkerhets|skydds|chef"). A head with a one-word variant is replaced by it
        ("taxi|chaufför" -> "förare").
        """
        heads = [
            (cut, head)
            for cut in range(MIN_PART, len(word) - MIN_PART + 1)
            if (head := self._known_form(word[cut:], inflected=True)) is not None
        ]
        for cut, head in heads:
            modifier = self._known_form(word[:cut], inflected=False)
            if modifier is not None:
                return modifier, self._head_variants.get(head, head)
        for cut, head in heads if nested else ():
            piece = word[:cut]
            stem = piece[:-1] if piece.endswith("s") else piece
            modifiers = self._parts(stem, nested=False)
            if modifiers:
                return *modifiers, self._head_variants.get(head, head)
        return ()

    def _head_only(self, word: str, min_head: int = MIN_HEAD) -> tuple[str, ...]:
        """Split at the longest known head even if the modifier is not a word.

        "distrikts|sköterska" and "distrikts|sjuksköterska" then share "distrikt".
        """
        for cut in range(MIN_PART, len(word) - min_head + 1):
            head = self._known_form(word[cut:], inflected=True)
            # A function word is no modifier: "för|lossning" is not "lossning".
            if word[:cut] in vocabulary.STOPWORDS:
                continue
            if head is not None and len(head) >= min_head:
                modifier = word[:cut]
                stem = modifier[:-1] if modifier.endswith("s") else modifier
                return stem, self._head_variants.get(head, head)
        return ()

    def _known_form(self, piece: str, *, inflected: bool) -> str | None:
        if len(piece) < MIN_PART:
            return None
        if inflected:
            # Only endings a head can lose keep it recognisable ("tens" is not "tenor").
            lemma = piece if piece in self._counts else self._head_lemma(piece)
            return self._singular(lemma) if self._common(lemma, MIN_HEAD) else None
        # A modifier is reported without its linking -s, in its dictionary form when
        # the vocabulary has it: "byggnad|s", "arbet|s" (arbete), "skol" (skola).
        stem = piece[:-1] if piece.endswith("s") and len(piece) > MIN_PART else piece
        for candidate in (stem, stem + "e", stem + "a"):
            if self._common(candidate, MIN_PART):
                return candidate
        return stem if self._common(piece, MIN_PART) else None

    def _head_lemma(self, piece: str) -> str:
        for base in base_forms(piece, HEAD_ENDINGS):
            if base in self._counts:
                return base
        return piece

    def _common(self, word: str, short: int) -> bool:
        """Known, and frequent enough when at most ``short`` letters long (noise)."""
        count = self._counts.get(word, 0)
        return count >= MIN_SHORT_COUNT or (count > 0 and len(word) > short)

    def _typo(self, word: str, limit: int) -> str | None:
        if len(word) < MIN_TYPO_WORD:
            return None
        best: tuple[int, int, str] | None = None
        for key in edit_keys(word):
            for candidate in self._typo_keys.get(key, ()):
                distance = OSA.distance(word, candidate)
                if distance > limit:
                    continue
                rank = (distance, -self._counts[candidate], candidate)
                if best is None or rank < best:
                    best = rank
        return None if best is None else best[2]


def _hyphen_bound(tokens: list[Token], i: int) -> bool:
    """A stop word written with a hyphen to its neighbour."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return tokens[i].text in vocabulary.STOPWORDS and (
        tokens[i].after_hyphen or (nxt is not None and nxt.after_hyphen)
    )


def _keeps_prefix(prefix: str, forms: tuple[str, ...]) -> bool:
    """Whether a typo correction of a hyphenated join leaves the part before the
    hyphen as written: that part is the writer's own ("MAG-svetsning" corrected
    would become "Bågsvetsning"), and a short one is an abbreviation."""
    return len(prefix) >= MIN_TYPO_JOIN_PREFIX and all(
        form.startswith(prefix) for form in forms
    )
