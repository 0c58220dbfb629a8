"""Refusing requirements that ask for a ground protected against discrimination.

Legal basis: diskrimineringslagen (2008:567) 1 kap. 4 § lists the protected grounds
(kön, könsöverskridande identitet eller uttryck, etnisk tillhörighet, religion eller
annan trosuppfattning, funktionsnedsättning, sexuell läggning, ålder) and 2 kap. 1 §
forbids an employer to discriminate against job seekers and trainees on them. A
requirement may ask for what the work needs (a Swedish level, a licence), never for
the ground itself or a proxy for it: "svenska som modersmål" asks for ethnicity, not
for language skill. An age limit is lawful only with a statutory basis, which the
requirement form carries in `minimum_age_basis`, never in free text.

The phrases are data: extend `PHRASES` when the Equality Ombudsman (DO) or case law
names new proxies; each entry names its ground and why it is refused.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.errors import FieldError, InvalidInput

LAW = "diskrimineringslagen (2008:567) 1 kap. 4 §"
RULE = "discriminatory"


@dataclass(frozen=True)
class Phrase:
    ground: str
    pattern: re.Pattern[str]
    why: str


def _phrase(ground: str, pattern: str, why: str) -> Phrase:
    return Phrase(ground, re.compile(pattern, re.IGNORECASE), why)


_NATIVE = "asks for a mother tongue or origin, not for a level of Swedish"
_AGE = (
    "sets an age limit; give a statutory minimum as requirements.minimum_age with "
    "minimum_age_basis instead"
)
PHRASES: tuple[Phrase, ...] = (
    _phrase("etnisk tillhörighet", r"\bsvenska som (?:sitt )?modersmål", _NATIVE),
    _phrase("etnisk tillhörighet", r"\bmodersmål(?:et)?:? (?:är )?svenska", _NATIVE),
    _phrase("etnisk tillhörighet", r"\bsvensk(?:t|a)? modersmål", _NATIVE),
    _phrase("etnisk tillhörighet", r"\binfödd svensk|\bsvenskfödd", _NATIVE),
    _phrase("etnisk tillhörighet", r"\bfödda? i sverige", _NATIVE),
    _phrase("etnisk tillhörighet", r"\betniskt? svensk", _NATIVE),
    _phrase(
        "etnisk tillhörighet",
        r"\b(?:svensk|nordisk) (?:bakgrund|härkomst|ursprung)",
        _NATIVE,
    ),
    _phrase("etnisk tillhörighet", r"\butan (?:utländsk )?brytning", _NATIVE),
    _phrase(
        "kön",
        r"\b(?:endast|bara|enbart|helst) "
        r"(?:män|kvinnor|killar|tjejer|manliga|kvinnliga)\b",
        "limits the job to one sex",
    ),
    _phrase(
        "kön",
        r"\b(?:manlig|kvinnlig) (?:sökande|kandidat|medarbetare)",
        "asks for one sex",
    ),
    _phrase(
        "religion eller annan trosuppfattning",
        r"\b(?:ej|inte|ingen|utan) (?:slöja|huvudduk|kippa|turban)",
        "excludes religious dress",
    ),
    _phrase(
        "religion eller annan trosuppfattning",
        r"\b(?:kristen|muslimsk|judisk) (?:tro|bakgrund)",
        "asks for a faith",
    ),
    _phrase(
        "funktionsnedsättning",
        r"\butan (?:någon |några )?funktionsnedsättning|\binga funktionsnedsättningar",
        "excludes people with disabilities",
    ),
    _phrase("funktionsnedsättning", r"\bfullt frisk", "asks about health"),
    _phrase("sexuell läggning", r"\bheterosexuell", "asks for a sexual orientation"),
    _phrase(
        "könsöverskridande identitet eller uttryck",
        r"\b(?:ej|inte|ingen) (?:transperson|trans\b)",
        "excludes transgender people",
    ),
    _phrase("ålder", r"\b(?:max|maximalt|högst|under|inte äldre än) \d{2} år\b", _AGE),
    _phrase("ålder", r"\b\d{2} ?(?:-|\u2013|till) ?\d{2} år\b", _AGE),
    _phrase("ålder", r"\bålder(?:n)?:? (?:mellan )?\d{2}", _AGE),
    _phrase(
        "ålder", r"\b(?:yngre|äldre) (?:än \d{2}|person|sökande|medarbetare)", _AGE
    ),
    _phrase("ålder", r"\bungdomlig|\bung och (?:pigg|dynamisk|energisk)", _AGE),
)


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def discrimination_errors(document: dict[str, Any]) -> list[FieldError]:
    """One error per text field and phrase that asks for a protected ground."""
    errors = []
    for field, text in _texts(document, ""):
        for phrase in PHRASES:
            found = phrase.pattern.search(text)
            if found:
                errors.append(
                    FieldError(
                        field=field,
                        rule=RULE,
                        message=f"'{found.group(0)}' {phrase.why}: the ground "
                        f"'{phrase.ground}' is protected by {LAW}",
                    )
                )
    return errors


def reject_discrimination(document: dict[str, Any]) -> None:
    errors = discrimination_errors(document)
    if errors:
        raise InvalidInput(
            "A requirement asks for a ground protected by " + LAW + "; ask for "
            "what the work needs instead. Nothing was written.",
            errors,
        )
