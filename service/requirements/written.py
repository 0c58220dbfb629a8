"""Concepts written the way people write them, mapped when a record is written.

Requirement items, languages, driving licences and places may be given by id or as
what people write: `{"text": "truckkort"}`, `{"text": "arabiska", "level": "b1"}`,
`"B"` or `"körkort CE"` for a licence, `"Östersund"` or `"Västra Götaland"` for a
place. Each text is mapped by the write-time mapper (through `TermResolver`, so a
batch maps each distinct text once) against the types its field takes; the text, the
mapper's confidence and the taxonomy version are stored beside the concept and its
label. A text the mapper is unsure of is never dropped: `raise_refused` turns every
such field into one 422 naming it (`requirements.must[1].text`), with the mapper's
best candidates as suggestions and without repeating what was written.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from service.errors import FieldError, InvalidInput
from service.requirements.models import (
    ANY_KIND,
    MAPPED_TYPES,
    LanguageIn,
    LanguageRequirement,
    RequirementItem,
    RequirementItemIn,
    RequirementKind,
    RequirementProfile,
    RequirementProfileIn,
    kind_of,
)
from service.requirements.terms import TermResolver
from service.taxonomy.concepts import (
    SUGGESTIONS,
    MappedText,
    Suggested,
    looks_like_concept_id,
)
from taxonomy import MapType

RULE = "unmapped"
# Licences, languages and places are looked up by code or name, the rest ranked.
_BY_NAME = frozenset({"driving-licence", "language", "municipality", "region"})
_UNSURE = "the mapper found no concept it is sure of; give concept_id or rephrase"
_NO_NAME = "no concept has this name or code; give concept_id"
DETAIL = (
    "A text names no concept the mapper is sure of; give its concept_id or "
    "rephrase it (see the suggestions). Nothing was written."
)


class WrittenConcepts:
    """Maps the texts and names of one write, remembering each it must refuse."""

    def __init__(self, resolver: TermResolver) -> None:
        self._resolver = resolver
        self._refused: list[tuple[str, list[Suggested], bool]] = []

    def profile(self, profile: RequirementProfileIn, prefix: str) -> RequirementProfile:
        """The profile as stored: every item and language with its concept."""
        return RequirementProfile.model_validate(
            {
                **profile.model_dump(exclude={"languages", "must", "merits"}),
                "languages": self.languages(profile.languages, f"{prefix}.languages"),
                "must": self._items(profile.must, f"{prefix}.must"),
                "merits": self._items(profile.merits, f"{prefix}.merits"),
            }
        )

    def languages(
        self, languages: Sequence[LanguageIn], field: str
    ) -> list[LanguageRequirement]:
        stored = []
        for index, language in enumerate(languages):
            if language.language_id is not None:
                stored.append(
                    LanguageRequirement(
                        language_id=language.language_id,
                        level=language.level,
                        preferred_label=self._resolver.label(language.language_id),
                        taxonomy_version=self._resolver.taxonomy_version,
                    )
                )
                continue
            assert language.text is not None
            mapped = self._mapped(
                language.text, ("language",), f"{field}[{index}].text"
            )
            if mapped is not None and mapped.concept_id is not None:
                stored.append(
                    LanguageRequirement(
                        language_id=mapped.concept_id,
                        level=language.level,
                        **_written(mapped),
                    )
                )
        return stored

    def ids(self, values: Iterable[str], field: str, type: MapType) -> list[str]:
        """A list of ids, licence codes or names, as ids; each listed once."""
        found = [
            self.id(value, f"{field}[{index}]", type)
            for index, value in enumerate(values)
        ]
        return list(dict.fromkeys(concept for concept in found if concept is not None))

    def id(self, value: str, field: str, type: MapType) -> str | None:
        """An id as given, or the concept a code or name means."""
        if looks_like_concept_id(value):
            return value
        mapped = self._mapped(value, (type,), field)
        return mapped.concept_id if mapped else None

    def raise_refused(self) -> None:
        """Refuse the write if any text was not mapped, naming every such field."""
        if not self._refused:
            return
        raise InvalidInput(
            DETAIL,
            [
                FieldError(
                    field=field, rule=RULE, message=_NO_NAME if by_name else _UNSURE
                )
                for field, _, by_name in self._refused
            ],
            unmapped=[
                {
                    "field": field,
                    "suggestions": [s.model_dump(mode="json") for s in suggestions],
                }
                for field, suggestions, _ in self._refused
            ],
        )

    def _items(
        self, items: Sequence[RequirementItemIn], field: str
    ) -> list[RequirementItem]:
        stored = [self._item(item, f"{field}[{i}]") for i, item in enumerate(items)]
        return [item for item in stored if item is not None]

    def _item(self, item: RequirementItemIn, field: str) -> RequirementItem | None:
        if item.concept_id is not None:
            # Checked against the taxonomy before, so the concept and its kind exist.
            concept = self._resolver.concept(item.concept_id)
            assert concept is not None
            return RequirementItem(
                kind=item.kind or _kind(concept.type),
                concept_id=item.concept_id,
                min_years=item.min_years,
                preferred_label=concept.preferred_label,
                taxonomy_version=self._resolver.taxonomy_version,
            )
        assert item.text is not None
        types = MAPPED_TYPES[item.kind] if item.kind else ANY_KIND
        mapped = self._mapped(item.text, types, f"{field}.text")
        if mapped is None or mapped.concept_id is None or mapped.type is None:
            return None
        return RequirementItem(
            kind=item.kind or _kind(mapped.type),
            concept_id=mapped.concept_id,
            min_years=item.min_years,
            **_written(mapped),
        )

    def _mapped(
        self, text: str, types: Sequence[MapType], field: str
    ) -> MappedText | None:
        """The first type the text maps to; None (and remembered) if none."""
        tried = []
        for type in types:
            mapped = self._resolver.map_text(text, type)
            if not mapped.abstained:
                return mapped
            tried.append(mapped)
        ranked = sorted(
            (s for mapped in tried for s in mapped.suggestions),
            key=lambda s: -s.confidence,
        )
        best: dict[str, Suggested] = {}
        for suggestion in ranked:
            best.setdefault(suggestion.concept_id, suggestion)
        self._refused.append(
            (
                field,
                list(best.values())[:SUGGESTIONS],
                all(t in _BY_NAME for t in types),
            )
        )
        return None


def stored_profile(
    resolver: TermResolver, profile: RequirementProfileIn, prefix: str
) -> RequirementProfile:
    """The profile as stored, or a 422 naming every text that was not mapped."""
    written = WrittenConcepts(resolver)
    stored = written.profile(profile, prefix)
    written.raise_refused()
    return stored


def _kind(concept_type: str) -> RequirementKind:
    kind = kind_of(concept_type)
    assert kind is not None, concept_type
    return kind


def _written(mapped: MappedText) -> dict[str, Any]:
    return {
        "preferred_label": mapped.preferred_label,
        "text": mapped.text,
        "confidence": mapped.confidence,
        "taxonomy_version": mapped.taxonomy_version,
    }
