"""Refusing employer texts that ask for a ground protected against discrimination.

Legal basis: diskrimineringslagen (2008:567) 1 kap. 4 § lists the protected grounds
(kön, könsöverskridande identitet eller uttryck, etnisk tillhörighet, religion eller
annan trosuppfattning, funktionsnedsättning, sexuell läggning, ålder) and 2 kap. 1 §
forbids an employer to discriminate against job seekers and trainees on them. A
requirement may ask for what the work needs (a Swedish level, a licence), never for
the ground itself or a proxy for it: "svenska som modersmål" asks for ethnicity, not
for language skill. An age limit is lawful only with a statutory basis, which the
requirement form carries in `minimum_age_basis`, never in free text. Health
("frisk och stark", "inga sjukdomar") is screened under funktionsnedsättning: asking
for it shuts out people with chronic illness or disability, and a medical check a
job really needs (AFS 2019:3) is arranged by the employer, not written into a need.

Every text is folded first (`fold`: Unicode compatibility forms, case, diacritics,
invisible characters, dashes and runs of whitespace), so "endast\u00a0 MÄN" and
"svenska som modersmal" read as what they say. Patterns are therefore written in
folded form: lower case, "a" for å and ä, "o" for ö.

What passes on purpose: naming a target group ("kvinnojour", "Kvinnor i bygg",
"arbete med äldre", "barn 10-12 år") and welcoming everyone ("män och kvinnor
välkomna"); only wording that limits, prefers or excludes is refused. An age range
right after the people served (children, pupils, patients) describes them, not the
applicant. The screen cannot weigh a genuine occupational requirement
(2 kap. 2 § 1): such a case is decided by people, outside free text.

The phrases are data: extend `PHRASES` when the Equality Ombudsman (DO) or case law
names new proxies; each entry names its ground and why it is refused.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.errors import FieldError, InvalidInput

LAW = "diskrimineringslagen (2008:567) 1 kap. 4 §"
RULE = "discriminatory"

KON = "kön"
IDENTITET = "könsöverskridande identitet eller uttryck"
ETNISK = "etnisk tillhörighet"
RELIGION = "religion eller annan trosuppfattning"
FUNKTION = "funktionsnedsättning"
LAGGNING = "sexuell läggning"
ALDER = "ålder"
GROUNDS = (KON, IDENTITET, ETNISK, RELIGION, FUNKTION, LAGGNING, ALDER)

# The one field whose whole point is an age: the statute behind minimum_age.
AGE_BASIS_FIELD = "minimum_age_basis"

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "þ": "th"})
_DIGIT_RANGE = re.compile(r"(\d)\s*-\s*(\d)")
_LOOSE_DASH = re.compile(r"(?<!\d)-|-(?!\d)")
_NOISE = re.compile(r"[^\w\s.,;:!?&/-]|_")
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,;:!?])")


def fold(text: str) -> str:
    """The text as the patterns read it: one spelling for what a reader sees as one."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_DASHES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _DIGIT_RANGE.sub(r"\1-\2", text.translate(_LETTERS))
    text = _NOISE.sub(" ", _LOOSE_DASH.sub(" ", text))
    return _SPACE_BEFORE_MARK.sub(r"\1", " ".join(text.split()))


@dataclass(frozen=True)
class Phrase:
    ground: str
    pattern: re.Pattern[str]
    why: str
    unless: re.Pattern[str] | None = None

    def found_in(self, folded: str) -> bool:
        for match in self.pattern.finditer(folded):
            before = folded[max(0, match.start() - 40) : match.start()]
            if self.unless is None or not self.unless.search(before):
                return True
        return False


def _phrase(
    ground: str, pattern: str, why: str, *, about_others: bool = False
) -> Phrase:
    return Phrase(ground, re.compile(pattern), why, _SERVED if about_others else None)


# An age range right after these words is about the people served, not the applicant.
# Not "personer"/"people": "vi söker personer 25-35 år" is about the applicant.
_SERVED = re.compile(
    r"\b(?:barn|barnen|elever|eleverna|ungdomar|unga|brukare|brukarna|patienter|"
    r"kunder|pensionarer|aldre|boende|klienter|deltagare|flickor|pojkar|children|"
    r"kids|pupils|students|youths?|young people|clients|patients|residents|"
    r"pensioners|elderly|seniors|participants)\b[^.;!?]{0,30}$"
)
# Swedish "man" is also the pronoun "one": "bara man har körkort" is no sex limit.
_MEN = (
    r"man\b(?! (?:har|hade|kan|ar|vill|ska|skall|far|maste|behover|klarar|gor|tar|"
    r"blir|kommer|inte|ej|vet|bor|hinner|orkar|talar|pratar|arbetar|jobbar|trivs|"
    r"gillar|tycker|soker|sjalv)\b)"
)
_OR = r"(?! (?:och|eller|and|or|&|/)\b)"
_SEX = f"(?:{_MEN}|kvinnor|kvinna|killar|kille|tjejer|tjej|herrar|damer)"
_SEX_EN = r"(?:men|women|males?|females?|guys|girls|ladies)"
# Ages from 15 up: a smaller number of years is a period, not an applicant's age.
_YEARS = r"(?:1[5-9]|[2-9]\d)"
_CLIENT_AGE = r"(?:alder(?:n|sgrans)?:? (?:mellan |under |max |runt |ca )?\d{2})"

_ONE_SEX = "limits the job to one sex"
_PREGNANCY = (
    "asks about pregnancy or parental leave, which is sex discrimination "
    "(and föräldraledighetslagen 1995:584 16 §)"
)
_IDENTITY = "excludes transgender or non-binary people"
_NATIVE = "asks for a mother tongue or origin, not for a level of Swedish"
_ORIGIN = "asks for a national or ethnic origin or skin colour"
_DRESS = "excludes religious dress"
_FAITH = "asks for or excludes a faith"
_DISABILITY = "excludes people with disabilities"
_HEALTH = "asks about health, which shuts out people with illness or disability"
_ORIENTATION = "asks for a sexual orientation"
_AGE = (
    "sets an age limit; give a statutory minimum as requirements.minimum_age with "
    "minimum_age_basis instead"
)
_YOUTH = "asks for a young applicant"

PHRASES: tuple[Phrase, ...] = (
    # kön
    _phrase(
        KON,
        r"\b(?:endast|bara|enbart|helst|uteslutande|only|exclusively|preferably) "
        r"(?:(?:hire|hires|hiring|employ|employs|anstaller|anstalls) )?"
        rf"(?:en |an |a )?(?:{_SEX}|manliga?|kvinnliga?|{_SEX_EN}|male|female)\b{_OR}",
        _ONE_SEX,
    ),
    _phrase(
        KON,
        rf"\b(?:{_SEX}|manliga?|kvinnliga?)(?: (?:sokande|kandidater|kandidat|"
        r"medarbetare|personal))? (?:foredras|prioriteras|onskas|sokes|soks|"
        r"efterfragas|undanbedes|(?:ej|inte|icke) (?:aktuella|aktuell|valkomna|"
        r"onskvarda|onskade))\b",
        _ONE_SEX,
    ),
    _phrase(
        KON,
        rf"\b{_SEX_EN}(?: (?:candidates?|applicants?|staff|workers?))? "
        r"(?:preferred|wanted|required|needed|only|not welcome)\b",
        _ONE_SEX,
    ),
    _phrase(
        KON,
        r"\b(?:must|should|has to|have to) be (?:a )?(?:man|woman|male|female)\b",
        _ONE_SEX,
    ),
    _phrase(KON, rf"\b(?:ej|inte|inga|icke|no) (?:{_SEX}|{_SEX_EN})\b{_OR}", _ONE_SEX),
    _phrase(
        KON,
        r"\b(?:soker en|looking for an?|seeking an?) (?:man|kvinna|kille|tjej|"
        rf"manlig|kvinnlig|woman|male|female|guy|girl)\b{_OR}|\b(?:soker|"
        rf"looking for|seeking) (?:killar|tjejer|kvinnor|{_SEX_EN})\b{_OR}",
        _ONE_SEX,
    ),
    _phrase(
        KON,
        r"\b(?:passar|lampar sig|lamplig\w*|suitable|suited) (?:inte |ej |bast |"
        rf"endast |bara |not |only |best )?(?:for )?(?:{_SEX}|{_SEX_EN})\b{_OR}",
        _ONE_SEX,
    ),
    _phrase(KON, r"\b(?:ej|inte|inga|no|not) (?:gravid\w*|pregnant)\b", _PREGNANCY),
    _phrase(
        KON,
        r"\b(?:ingen|inte|ej|no) (?:planerad |planned |upcoming )?(?:foraldraledighet|"
        r"maternity leave|parental leave|graviditet|pregnancy)\b|\b(?:inga|no) "
        r"(?:planer pa|plans (?:for|to have)) (?:barn|children|kids)\b",
        _PREGNANCY,
    ),
    # könsöverskridande identitet eller uttryck
    _phrase(
        IDENTITET,
        r"\b(?:ej|inte|inga|ingen|no|not) (?:transperson\w*|trans|transsexu\w*|"
        r"transgender\w*|icke ?binar\w*|non ?binary|intersex\w*)\b",
        _IDENTITY,
    ),
    _phrase(
        IDENTITET,
        r"\bbiologisk(?:t|a)? (?:man|kvinna|kvinnor|kon)\b|\bbiological "
        r"(?:males?|females?|men|man|women|woman|sex)\b",
        _IDENTITY,
    ),
    _phrase(
        IDENTITET,
        r"\bfodd (?:till |som )?(?:man|kvinna|pojke|flicka)\b|\bborn (?:a )?"
        r"(?:male|female|man|woman)\b|\b(?:endast |only )cis\w*|"
        r"\bcis(?:gender)? only\b",
        _IDENTITY,
    ),
    # etnisk tillhörighet
    _phrase(
        ETNISK,
        r"\bsvensk\w* som (?:sitt |ditt |ert |forsta |enda )?(?:modersmal|"
        r"forstasprak|forsta sprak)\b",
        _NATIVE,
    ),
    _phrase(
        ETNISK, r"\bmodersmal(?:et)?:? (?:ar |ska vara |bor vara )?svensk", _NATIVE
    ),
    _phrase(ETNISK, r"\bsvensk\w* modersmal|\bmodersmalsniva", _NATIVE),
    _phrase(
        ETNISK,
        r"\binfodda? svensk|\bsvensk ?fodda?\b|\bfodda? (?:och uppvux(?:en|na) )?"
        r"i sverige\b|\buppvux(?:en|na) i sverige\b",
        _ORIGIN,
    ),
    _phrase(
        ETNISK,
        r"\betnisk(?:t|a)? svensk|\b(?:helsvensk|ursvensk|akta svensk|genuint svensk)",
        _ORIGIN,
    ),
    _phrase(
        ETNISK,
        r"\b(?:svensk|nordisk|europeisk|vasterlandsk|skandinavisk)\w* (?:bakgrund|"
        r"harkomst|ursprung|harstamning|etnicitet)",
        _ORIGIN,
    ),
    _phrase(
        ETNISK,
        r"\b(?:utan|ingen|ej|inte) (?:utlandsk|invandrar)\w* ?(?:bakgrund|harkomst|"
        r"ursprung)|\b(?:utan|ingen|ej) (?:utlandsk )?(?:brytning|accent)\b|"
        r"\baccentfri\w*|\bbrytningsfri\w*",
        _NATIVE,
    ),
    _phrase(
        ETNISK,
        r"\b(?:ej|inga|inte|no) (?:invandrare|utlanningar|utlandska|nyanlanda|"
        r"immigrants|foreigners|refugees|flyktingar)\b",
        _ORIGIN,
    ),
    _phrase(
        ETNISK,
        r"\bmorkhyad\w*|\bljushyad\w*|\b(?:vit|ljus) hy\b|\bsvensk\w*klingande namn|"
        r"\bsvenskt (?:efter)?namn\b|\bwhite (?:only|candidates|applicants|people)\b|"
        r"\bcaucasian\b",
        _ORIGIN,
    ),
    _phrase(
        ETNISK,
        r"\bnative(?: level)?(?: swedish)? speakers?\b|\bnative swed|\bnative level\b|"
        r"\bswedish as (?:your |a |their )?(?:native|first|mother) (?:language|tongue)|"
        r"\b(?:native|mother) (?:language|tongue):? swedish|"
        r"\bswedish (?:native|mother) (?:language|tongue)|"
        r"\b(?:no|without an?|without) (?:foreign )?accent\b|"
        r"\baccent free\b",
        _NATIVE,
    ),
    _phrase(
        ETNISK,
        r"\bswedish (?:background|origin|descent|heritage|ethnicity)|\bethnic(?:ally)? "
        r"swed|\bborn (?:and raised )?in sweden\b|\bswedish born\b",
        _ORIGIN,
    ),
    # religion eller annan trosuppfattning
    _phrase(
        RELIGION,
        r"\b(?:ej|inte|ingen|inga|utan|no|without) (?:bara |wear |wearing )?"
        r"(?:sloja|slojor|huvudduk|huvuddukar|hijab|niqab|burka|burqa|kippa|kippah|turban|headscarf|"
        r"headscarves|veil|veils|yarmulke|religiosa (?:symboler|plagg|kladesplagg|"
        r"huvudbonader)|religious (?:symbols|dress|clothing|headwear|garments))\b",
        _DRESS,
    ),
    _phrase(
        RELIGION,
        r"\b(?:sloja|huvudduk|hijab|niqab|kippa|turban|headscarf|veil|kippah)s? "
        r"(?:ej|inte|not|is not|are not) (?:tillaten|tillatet|tillatna|accepteras|"
        r"allowed|permitted|accepted)\b",
        _DRESS,
    ),
    _phrase(
        RELIGION,
        r"\b(?:kristen|kristna|muslimsk|muslimska|judisk|judiska|hinduisk|buddistisk|"
        r"christian|muslim|jewish|hindu|buddhist) (?:tro|bakgrund|trosuppfattning|"
        r"faith|background|believers?)\b",
        _FAITH,
    ),
    _phrase(
        RELIGION,
        r"\b(?:ska|maste|bor) vara (?:kristen|troende|muslim|ateist|jude|religios|"
        r"medlem i svenska kyrkan)\b|\b(?:must|should) be (?:a )?(?:christian|muslim|"
        r"jew|jewish|atheist|religious|believer)\b",
        _FAITH,
    ),
    _phrase(
        RELIGION,
        r"\b(?:ej|inga|inte|no|endast|bara|enbart|only) (?:muslimer|kristna|judar|"
        r"ateister|troende|muslims|christians|jews|atheists|hindus|believers)\b|"
        r"\b(?:christians?|muslims?|jews|atheists) only\b",
        _FAITH,
    ),
    # funktionsnedsättning, and health as its proxy
    _phrase(
        FUNKTION,
        r"\b(?:utan|ingen|inga|ej|inte|no|not|without) (?:nagon |nagra |any )?"
        r"(?:funktionsnedsattning(?:ar)?|funktionsnedsatta?|funktionshinder|"
        r"handikapp(?:ad|ade)?|diagnos(?:er)?|npf|adhd|autism|aspergers?|dyslexi|"
        r"rullstol(?:sburen|sburna|sanvandare)?|disabilit(?:y|ies)|disabled|"
        r"handicap(?:ped)?|impairments?|diagnos[ie]s|wheelchair(?: users?)?)\b"
        r"(?! (?:kravs|behovs|required|needed)\b)",
        _DISABILITY,
    ),
    _phrase(
        FUNKTION,
        r"\b(?:inga|ingen|utan|ej|no) (?:sjukskrivning(?:ar)?|sjukfranvaro|"
        r"sjukdomshistorik|(?:history of )?sick (?:leave|days))\b|\bable bodied\b",
        _DISABILITY,
    ),
    _phrase(
        FUNKTION,
        r"\bfrisk och (?:stark|kry|pigg)\b|\b(?:stark|pigg|kry) och frisk\b|"
        r"\b(?:fullt|helt|fysiskt|psykiskt|100) frisk\w*|\b(?:ska|maste|bor|behover) "
        r"vara frisk\w*|\bfrisk\w* (?:sokande|kandidat\w*)\b|\bdu ar (?:fullt |"
        r"helt )?frisk\b|(?:^|[,;:.] )frisk(?=[,;.]|$)",
        _HEALTH,
    ),
    _phrase(
        FUNKTION,
        r"\bvid (?:god|gott|fullgod|fullgott) halsa\b|\b(?:ha|har) (?:en )?(?:god|gott|"
        r"bra) (?:halsa|halsotillstand)\b|\bgott halsotillstand\b|\b(?:inga|utan|ej|"
        r"ingen) (?:kroniska |allvarliga |psykiska )?(?:sjukdomar|sjukdom|allergier|"
        r"allergi)\b|\b(?:ingen|utan|ej) (?:psykisk )?ohalsa\b",
        _HEALTH,
    ),
    _phrase(
        FUNKTION,
        r"\b(?:in|of) (?:good|perfect|excellent|full|sound) health\b|\b(?:be|are|"
        r"being) (?:fully |completely |physically |mentally |perfectly )?healthy\b|"
        r"\bno (?:history of )?(?:chronic |mental |serious )?(?:illness(?:es)?|"
        r"diseases?|medical conditions?|health (?:problems|issues|conditions)|"
        r"allergies)\b|\bfit and healthy\b|\bhealthy and (?:strong|fit)\b|"
        r"\bfully fit\b",
        _HEALTH,
    ),
    # sexuell läggning
    _phrase(LAGGNING, r"\bheterosexu\w*", _ORIENTATION),
    _phrase(
        LAGGNING,
        r"\b(?:ej|inte|inga|ingen|no|not) (?:homosexu\w*|bisexu\w*|gay\w*|lesbi\w*|"
        r"hbtq\w*|hbt|lgbt\w*|queer\w*|bogar)\b|\b(?:must|should) be straight\b|"
        r"\bstraight (?:only|candidates|applicants|men|women)\b",
        _ORIENTATION,
    ),
    # ålder
    _phrase(
        ALDER,
        rf"\b(?:max\.?|maximalt|hogst|under) {_YEARS} ar\b(?! (?:har|hade|sedan|"
        r"tillbaka|i rad|av|erfarenhet|i yrket|i branschen|gammalt)\b)",
        _AGE,
    ),
    _phrase(ALDER, r"\b(?:inte|ej|ingen|icke) (?:aldre an|over) \d{2}\b", _AGE),
    _phrase(
        ALDER,
        r"\b(?:yngre|aldre) an \d{2}\b|\b\d{2} ?(?:-|till) ?\d{2} ar\b|\bmellan \d{2} "
        rf"(?:och|-) \d{{2}} ar\b|\b\d{{2}} ar eller yngre\b|\b{_CLIENT_AGE}",
        _AGE,
        about_others=True,
    ),
    _phrase(
        ALDER,
        r"\bfodd (?:pa|efter|fore|mellan|under) (?:(?:19|20)?\d0 ?talet|(?:19|20)\d{2})"
        r"|\bborn (?:after|before|in|in the) (?:19|20)\d{2}s?\b",
        _AGE,
    ),
    _phrase(
        ALDER,
        r"\b(?:under|below|max|maximum|at most|not over|up to) \d{2} (?:years?|yrs) "
        r"(?:old|of age)\b|\b(?:no|not) older than \d{2}\b|\b(?:max(?:imum)?|upper) "
        r"age (?:limit )?(?:of |is )?\d{2}\b",
        _AGE,
    ),
    _phrase(
        ALDER,
        r"\byounger than \d{2}\b|\bage(?:d| limit)?:? (?:between )?\d{2} ?(?:-|to|and) "
        r"?\d{2}\b|\b(?:aged|age) (?:under|below|over|max) \d{2}\b|\b(?:between )?"
        r"\d{2} ?(?:-|to|and) ?\d{2} years? (?:old|of age)\b",
        _AGE,
        about_others=True,
    ),
    _phrase(
        ALDER,
        r"\bungdomlig\w*|\bung(?:t|a)? och (?:pigg|dynamisk|energisk|hungrig|alert|"
        r"frisk)\w*|\b(?:ung|yngre) formaga\b|\b(?:som|du) ar (?:ung|yngre)\b|"
        r"\b(?:soker|onskar|vill ha|anstaller|helst|garna) (?:en |nagon |nagra )?"
        r"(?:ung|unga|yngre)\b(?! vuxna)|"
        r"\b(?:ej|inte|inga|no) (?:pensionarer|pensionar|pensioners|retirees)\b|"
        r"\bpensionarer (?:ej|inte) aktuella\b",
        _YOUTH,
    ),
    _phrase(
        ALDER,
        r"\byoung and (?:dynamic|energetic|hungry|fresh)\b|\byouthful\b|"
        r"\bdigital natives?\b|\b(?:looking for|seeking|hiring|want) young\b|"
        r"\b(?:young|younger) (?:candidates?|applicants?|"
        r"workers?|talents?)\b",
        _YOUTH,
    ),
)


def grounds_in(text: str, field: str = "") -> list[tuple[str, str]]:
    """The (ground, why) pairs a text asks for, in the law's order, each once."""
    folded = fold(text)
    found = {
        (phrase.ground, phrase.why)
        for phrase in PHRASES
        if not (phrase.ground == ALDER and field.endswith(AGE_BASIS_FIELD))
        and phrase.found_in(folded)
    }
    return sorted(found, key=lambda pair: (GROUNDS.index(pair[0]), pair[1]))


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _message(found: list[tuple[str, str]]) -> str:
    # Names the grounds and the reasons, never the words: the refused text may be
    # personal data or abuse, and a client knows what it sent.
    grounds = ", ".join(dict.fromkeys(f"'{ground}'" for ground, _ in found))
    reasons = "; ".join(dict.fromkeys(why for _, why in found))
    return f"asks for {grounds} ({reasons}), protected by {LAW}"


def _findings(document: dict[str, Any]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for field, text in _texts(document, ""):
        found = grounds_in(text, field)
        if found:
            yield field, found


def discrimination_errors(document: dict[str, Any]) -> list[FieldError]:
    """One error per text field that asks for protected grounds, naming them all."""
    return [
        FieldError(field=field, rule=RULE, message=_message(found))
        for field, found in _findings(document)
    ]


def reject_discrimination(document: dict[str, Any]) -> None:
    """Refuse a body whose texts ask for a protected ground, before anything is read.

    Call it with the body as the client sent it (`model_dump(mode="json",
    exclude_unset=True)`), so every text the employer wrote is screened the same way.
    """
    findings = list(_findings(document))
    if not findings:
        return
    named = {ground for _, found in findings for ground, _ in found}
    grounds = [ground for ground in GROUNDS if ground in named]
    raise InvalidInput(
        f"A text asks for a ground protected by {LAW} ({', '.join(grounds)}); ask "
        "for what the work needs instead. Nothing was written.",
        [
            FieldError(field=field, rule=RULE, message=_message(found))
            for field, found in findings
        ],
        grounds=grounds,
    )
