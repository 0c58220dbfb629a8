"""Mentions of occupations and skills in longer texts, with character spans.

Every label is indexed as the sequence of its words' dictionary forms (stop words
dropped), so "Lärare i grundskolan" is (larare, grundskola). The text is analysed
the same way (inflection, typos, variants, compounds) and scanned left to right for
the longest label sequence starting at each word; matches do not overlap within a
family. The head before a comma of an occupation label ("Kock" of "Kock, fartyg")
is indexed too when no label has that exact form; a skill head only when one skill
alone has it ("Python" of "Python, programmeringsspråk", but not "Svenska", which
heads many skills that are each not Swedish itself). A single word that needed a
typo correction is a mention only when it is long: running text is full of short
words one edit away from a label ("Perfekt" / "Prefekt"). A phrase that only
an occupation's keyword names is no occupation: the keywords name the place or the
subject of the work ("förskola", "vårdcentral"), not the person who does it.
A two-word skill label "Head, qualifier" is also found as the compound the text
writes ("Svarvning, CNC" as "CNC-svarvning"), only with the words side by side.
A credential ("Certifikat, heta arbeten", "Utbildningsbevis, fallskydd") is also
found by its subject alone, unless the subject is a trade ("Certifikat, dykledare").

Score: 1 for a word-for-word match, times 0.85 when a typo had to be corrected,
times the entry's kind factor (``rerank.KIND_FACTOR``) and 0.8 for a label head.
Confidence: the mapper's calibration applied to that score, with a zero margin
when the span fits several concepts. Negations ("ej", "inte") are not handled.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from taxonomy.mapping.calibration import Calibration, features
from taxonomy.mapping.index import OCCUPATION, SKILL, Catalogue, Entry
from taxonomy.mapping.inflection import agent_stem
from taxonomy.mapping.lexicon import Lexicon, Term
from taxonomy.mapping.normalise import comma_head, says_without, tokenize
from taxonomy.mapping.rerank import KIND_FACTOR
from taxonomy.mapping.results import Extraction, Mention
from taxonomy.mapping.vocabulary import STOPWORDS

MAX_LABEL_WORDS = 6
KEYWORD = "keyword"
TYPO_FACTOR = 0.85
HEAD_FACTOR = 0.8
MIN_HEAD_CHARS = 4
MIN_ACRONYM_CHARS = 3
# Acronyms a Swedish text means otherwise: APL is arbetsplatsförlagt lärande, not
# the programming language.
OTHER_ACRONYMS = frozenset({"APL"})
MIN_TYPO_WORD_CHARS = 8
# Skill heads that name a credential, not a skill: what the text names is the
# subject after the comma ("heta arbeten" of "Certifikat, heta arbeten").
CREDENTIAL_HEADS = frozenset({"certifikat", "utbildningsbevis", "kompetensbevis"})
# Endings of the agent nouns agent_stem does not know ("-montör", "-elektriker"):
# a credential named for a trade is not what the trade's name means in a text.
AGENT_ENDINGS = ("or", "iker")
# Words around a label head that may name its qualifier: "undersköterska (med
# erfarenhet) i hemtjänsten", "inom hemtjänsten söker vi undersköterska".
NEARBY_BEFORE, NEARBY_AFTER = 4, 8

Key = tuple[str, ...]


def _key(terms: Sequence[Term]) -> Key:
    # The last form is the singular when a plural label word has one.
    return tuple(t.forms[-1] for t in terms)


@dataclass(frozen=True, slots=True)
class Target:
    """An entry a phrase denotes; ``factor`` < 1 when only its head matched."""

    entry: Entry
    factor: float
    # Matches only words written together: "CNC-svarvning", "CNC svarvning".
    joined: bool = False
    # Matches only a word the text writes in capitals, as the label does: "CSS".
    capitals: bool = False


@dataclass(frozen=True, slots=True)
class Nearby:
    """The words around a mention: its whole word forms, and those with the
    parts of its compounds."""

    words: frozenset[str] = frozenset()
    with_parts: frozenset[str] = frozenset()


def best_target(targets: Sequence[Target], nearby: Nearby = Nearby()) -> Target:
    """The likeliest meaning of a phrase: own labels before heads; among heads,
    the label whose qualifier the words ``nearby`` name best ("undersköterska i
    hemtjänsten" is "Undersköterska, hemtjänst, ..."), even when only a former
    label names it ("arbetsledare för våra städare": "Arbetsledare, städ", now
    "Arbetsledare städ"); then the kind of label, then generality."""
    return min(
        targets,
        key=lambda t: (
            -t.factor,
            -_qualifier_named(t.entry, nearby),
            -KIND_FACTOR[t.entry.kind],
            -t.entry.prior,
        ),
    )


def _qualifier_named(entry: Entry, nearby: Nearby) -> int:
    """Two for each qualifier word the text has as a word, one for each it has
    only within a compound: "städare" names "städ" more than "personalansvar"
    names "kontorspersonal"."""
    score = 0
    for term in entry.terms[entry.head_terms :]:
        if not nearby.words.isdisjoint(term.forms):
            score += 2
        elif not nearby.with_parts.isdisjoint(term.parts or term.forms):
            score += 1
    return score


def _nearby(terms: Sequence[Term], first: int, end: int) -> Nearby:
    """The words around a mention, itself excluded, with the work of each agent
    noun among them ("arbetsledare för våra städare" names "städ")."""
    around = [
        *terms[max(0, first - NEARBY_BEFORE) : first],
        *terms[end : end + NEARBY_AFTER],
    ]
    words = {w for t in around for w in t.forms}
    words |= {s for w in words if (s := agent_stem(w)) is not None}
    return Nearby(frozenset(words), frozenset(words.union(*(t.parts for t in around))))


class PhraseIndex:
    """Label word sequences of one family -> the entries they denote."""

    def __init__(self, entries: Iterable[Entry], lexicon: Lexicon) -> None:
        self._targets: dict[Key, list[Target]] = defaultdict(list)
        heads: list[tuple[Key, Entry]] = []
        inverted: list[tuple[Key, Entry]] = []
        subjects: list[tuple[Key, Entry]] = []
        for entry in entries:
            if entry.terms and not _lost_words(entry):
                self._targets[_key(entry.terms)].append(Target(entry, 1.0))
                if entry.head_terms < len(entry.terms):
                    heads.append((_key(entry.terms[: entry.head_terms]), entry))
                if (
                    entry.family == SKILL
                    and entry.head_terms == 1 == len(entry.terms) - 1
                ):
                    inverted.append((_key(entry.terms[::-1]), entry))
                if _names_a_subject(entry):
                    subjects.append((_key(entry.terms[entry.head_terms :]), entry))
        full_labels = set(self._targets)
        # "Certifikat, heta arbeten" is written "heta arbeten", unless that is
        # another label or the subject of several credentials.
        subject_count = Counter(key for key, _ in subjects)
        for key, entry in subjects:
            if key not in full_labels and subject_count[key] == 1:
                self._targets[key].append(Target(entry, HEAD_FACTOR))
        # "Svarvning, CNC" is written "CNC-svarvning": the one-word qualifier
        # before its head, unless that order is another label's.
        for key, entry in inverted:
            if key not in full_labels:
                self._targets[key].append(Target(entry, 1.0, joined=True))
        concepts_by_head: dict[Key, set[str]] = defaultdict(set)
        for key, entry in heads:
            concepts_by_head[key].add(entry.concept_id)
        for key, entry in heads:
            if (
                not key
                or key in full_labels
                or (entry.family == SKILL and len(concepts_by_head[key]) > 1)
            ):
                continue
            if len("".join(key)) >= MIN_HEAD_CHARS:
                self._targets[key].append(Target(entry, HEAD_FACTOR))
            elif entry.family == SKILL and _acronym_head(entry):
                # "CSS" of "CSS, stilmall", "NPF" of "Neuropsykologisk ...".
                self._targets[key].append(Target(entry, HEAD_FACTOR, capitals=True))
        self.longest = min(
            MAX_LABEL_WORDS, max((len(k) for k in self._targets), default=0)
        )

    def find(
        self, terms: Sequence[Term], text: str
    ) -> list[tuple[int, int, list[Target]]]:
        """Return (first, end, targets) of the longest non-overlapping matches in
        ``text``, analysed as ``terms``."""
        found = []
        i = 0
        while i < len(terms):
            for size in range(min(self.longest, len(terms) - i), 0, -1):
                span = terms[i : i + size]
                targets = self._targets.get(_key(span))
                if targets:
                    targets = _as_written(targets, text, span)
                if targets:
                    found.append((i, i + size, targets))
                    i += size
                    break
            else:
                i += 1
        return found


class Extractor:
    """Finds occupation and skill mentions using the mapper's lexicon and entries."""

    def __init__(
        self, catalogue: Catalogue, lexicon: Lexicon, calibration: Calibration
    ) -> None:
        self._catalogue = catalogue
        self._lexicon = lexicon
        self._calibration = calibration
        self._indexes = {
            family: PhraseIndex(
                (e for e in catalogue.entries if e.family == family), lexicon
            )
            for family in (OCCUPATION, SKILL)
        }

    def extract(self, text: str, version: str) -> Extraction:
        """Return the first mention of each concept, in order of appearance."""
        terms = self._lexicon.analyse_tokens(tokenize(text))
        occupations, skills = (
            self._mentions(text, terms, family) for family in (OCCUPATION, SKILL)
        )
        return Extraction(
            taxonomy_version=version, occupations=occupations, skills=skills
        )

    def _mentions(self, text: str, terms: list[Term], family: str) -> list[Mention]:
        mentions: dict[str, Mention] = {}
        skill = family == SKILL
        for first, end, targets in self._indexes[family].find(terms, text):
            span = terms[first:end]
            if _short_typo(span):
                continue
            if not skill and all(t.entry.kind == KEYWORD for t in targets):
                continue
            typo = TYPO_FACTOR if any(t.rule == "typo" for t in span) else 1.0
            best = best_target(targets, _nearby(terms, first, end))
            concepts = {t.entry.concept_id for t in targets}
            score = typo * best.factor * KIND_FACTOR[best.entry.kind]
            margin_scores = [score, score] if len(concepts) > 1 else [score]
            confidence = self._calibration.confidence(
                features(margin_scores, 0, coverage=1.0, long_text=False, skill=skill)
            )
            info = self._catalogue.concepts[best.entry.concept_id]
            if info.id not in mentions:
                start, stop = span[0].start, span[-1].end
                mentions[info.id] = Mention(
                    concept_id=info.id,
                    type=info.type,
                    preferred_label=info.preferred_label,
                    span=(start, stop),
                    text=text[start:stop],
                    score=round(score, 4),
                    confidence=round(confidence, 4),
                )
        return list(mentions.values())


def _names_a_subject(entry: Entry) -> bool:
    """A credential skill whose words after the head name its subject, not a
    trade ("Utbildningsbevis, fallskydd", not "Certifikat, dykledare")."""
    if entry.family != SKILL or not entry.head_terms == 1 < len(entry.terms):
        return False
    if entry.terms[0].forms[-1] not in CREDENTIAL_HEADS:
        return False
    last = entry.terms[-1].forms[-1]
    return agent_stem(last) is None and not last.endswith(AGENT_ENDINGS)


def _acronym_head(entry: Entry) -> bool:
    head = comma_head(entry.label)
    return (
        len(head) >= MIN_ACRONYM_CHARS
        and head.isupper()
        and head.isalpha()
        and head not in OTHER_ACRONYMS
    )


def _as_written(targets: list[Target], text: str, span: Sequence[Term]) -> list[Target]:
    """The targets the text's own writing of ``span`` allows: a joined one only
    with the words side by side, an acronym only in capitals, and a label that
    says "utan" only where the text says it ("golvläggare med yrkesbevis" is no
    "Golvläggare, utan yrkesbevis")."""
    if not _written_together(span):
        targets = [t for t in targets if not t.joined]
    if not all(text[t.start : t.end].isupper() for t in span):
        targets = [t for t in targets if not t.capitals]
    if any(t.entry.absent for t in targets) and not says_without(
        text[span[0].start : span[-1].end]
    ):
        targets = [t for t in targets if not t.entry.absent]
    return targets


def _written_together(span: Sequence[Term]) -> bool:
    """No more than a hyphen or a space between the words."""
    return all(b.start - a.end <= 1 for a, b in pairwise(span))


def _short_typo(span: Sequence[Term]) -> bool:
    """A single short word found only by correcting a typo."""
    return (
        len(span) == 1
        and span[0].rule == "typo"
        and len(span[0].word) < MIN_TYPO_WORD_CHARS
    )


def _lost_words(entry: Entry) -> bool:
    """A one-word key of a label that lost a stop word: "Prekliniskt arbete" is no
    "prekliniskt", "Fast food" no "food"."""
    return len(entry.terms) == 1 and any(
        t.text in STOPWORDS for t in tokenize(entry.label)
    )
