"""What drafts of needs and participants share: the request, the evidence of each
field, and the languages as a text states them.

A draft is read from a text and answered, never stored: the person who pasted the
text checks every field against its evidence, completes what only they know, and
writes the record with the ordinary create call.
"""

from collections.abc import Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel, Field

from service.requirements.models import LanguageLevel
from service.requirements.phrases import Phrase
from service.taxonomy.schemas import ExtractRequest
from taxonomy import LanguageMention, Mention, SwedishMention, fold

M = TypeVar("M", bound=Mention)


class DraftRequest(ExtractRequest):
    """The text to read: an employer's ad or a participant's own words. It is
    neither stored nor logged."""


class Evidence(BaseModel):
    """Where the text says what a field of the draft holds."""

    field: str = Field(
        description="The draft's field, named as problem documents name fields "
        "(`requirements.must[0]`, `experience[1].years`)."
    )
    span: tuple[int, int] = Field(description="Start and end offsets in the text.")
    text: str = Field(description="What the text says there.")
    preferred_label: str | None = Field(
        default=None, description="The concept's label, for a concept field."
    )
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="The mapper's, for a concept field."
    )


class DraftLanguage(BaseModel):
    """A language the text names; `level` is null when the text states none, and
    must be chosen before the record is written."""

    language_id: str
    preferred_label: str
    level: LanguageLevel | None


def mention_evidence(field: str, mention: Mention | SwedishMention) -> Evidence:
    return Evidence(
        field=field,
        span=mention.span,
        text=mention.text,
        preferred_label=getattr(mention, "preferred_label", None),
        confidence=mention.confidence,
    )


def phrase_evidence(field: str, text: str, phrase: Phrase[object]) -> Evidence:
    return Evidence(
        field=field,
        span=(phrase.start, phrase.end),
        text=text[phrase.start : phrase.end],
    )


def take(
    target: BaseModel,
    prefix: str,
    text: str,
    read: Mapping[str, Phrase[object] | Sequence[Phrase[object]] | None],
) -> list[Evidence]:
    """Set each field of `target` the text states, by name, and say where; a list
    of phrases is a list field. `prefix` names `target` within the draft."""
    evidence = []
    for name, found in read.items():
        if isinstance(found, Phrase):
            setattr(target, name, found.value)
            evidence.append(phrase_evidence(f"{prefix}{name}", text, found))
        elif found:
            setattr(target, name, [phrase.value for phrase in found])
            evidence += [
                phrase_evidence(f"{prefix}{name}[{index}]", text, phrase)
                for index, phrase in enumerate(found)
            ]
    return evidence


def stated(mentions: Sequence[M]) -> list[M]:
    """The mentions the text does not negate ("inget krav på körkort")."""
    return [mention for mention in mentions if not mention.negated]


def languages(
    mentions: Sequence[LanguageMention], field: str, swedish_level: bool
) -> tuple[list[DraftLanguage], list[Evidence]]:
    """The languages stated, with their evidence. Swedish named without a CEFR
    level beside a stated SFI or SvA level is that level, not another language."""
    drafted: list[DraftLanguage] = []
    evidence: list[Evidence] = []
    for mention in stated(mentions):
        if swedish_level and mention.level is None and _is_swedish(mention):
            continue
        evidence.append(mention_evidence(f"{field}[{len(drafted)}]", mention))
        drafted.append(
            DraftLanguage(
                language_id=mention.concept_id,
                preferred_label=mention.preferred_label,
                level=mention.level,
            )
        )
    return drafted, evidence


def _is_swedish(mention: LanguageMention) -> bool:
    return fold(mention.preferred_label) == "svenska"
