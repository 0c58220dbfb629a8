"""Reading an employer's free-text need: occupation, driving licences, Swedish level.

"Vi söker undersköterskor till hemtjänsten, körkort B, SFI D" is split into clauses;
clauses naming a licence or a Swedish level become typed requirements, and what is
left is mapped to an occupation. Anything the text does not say stays unset, and
anything the client states explicitly wins over what is read from the text.
"""

import re
from dataclasses import dataclass

from service.requirements.models import RequirementItem, RequirementKind, SwedishLevel
from taxonomy import TaxonomyGraph, category_of

_CLAUSES = re.compile(r"[,;.\n]+")
_LICENCE = re.compile(
    r"\b(?:körkort(?:et)?|behörighet)\s*(?:klass\s*)?:?\s*"
    r"((?:AM|B96|[A-D]1?E?)(?:\s*(?:,|/|och|\+)\s*(?:AM|B96|[A-D]1?E?))*)\b"
    r"|\b(AM|B96|[A-D]1?E?)-körkort\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b(?:AM|B96|[A-D]1?E?)\b", re.IGNORECASE)
_SFI = re.compile(r"\bsfi\s*(?:kurs\s*)?([a-d])\b", re.IGNORECASE)
_SVA = re.compile(r"\b(?:sva|svenska som andraspråk)\s*(grund|[1-3])\b", re.IGNORECASE)

# Words left hanging once a licence or level is cut out ("truckförare med ...").
_DANGLING = frozenset({"med", "och", "samt", "krav", "på", "krav:", "kräver"})


@dataclass(frozen=True)
class Interpretation:
    occupation_text: str | None
    licence_codes: tuple[str, ...]
    swedish: SwedishLevel | None


def _swedish(text: str) -> SwedishLevel | None:
    levels = [SwedishLevel(f"sfi_{m.lower()}") for m in _SFI.findall(text)]
    levels += [SwedishLevel(f"sva_{m.lower()}") for m in _SVA.findall(text)]
    order = list(SwedishLevel)
    return max(levels, key=order.index) if levels else None


def _licences(text: str) -> tuple[str, ...]:
    codes = []
    for listed, prefixed in _LICENCE.findall(text):
        codes += [code.upper() for code in _CODE.findall(listed or prefixed)]
    return tuple(dict.fromkeys(codes))


def interpret(text: str) -> Interpretation:
    """Split a need's description into an occupation text and typed requirements."""
    rest = []
    for clause in _CLAUSES.split(text):
        for pattern in (_LICENCE, _SFI, _SVA):
            clause = pattern.sub(" ", clause)
        words = clause.split()
        while words and words[-1].lower() in _DANGLING:
            words.pop()
        if words:
            rest.append(" ".join(words))
    return Interpretation(
        occupation_text=", ".join(rest) or None,
        licence_codes=_licences(text),
        swedish=_swedish(text),
    )


def licence_requirements(
    graph: TaxonomyGraph, codes: tuple[str, ...], taxonomy_version: str
) -> list[RequirementItem]:
    """The driving-licence concepts for licence codes; unknown codes are skipped."""
    wanted = {category_of(code) for code in codes} - {None}
    return [
        RequirementItem(
            kind=RequirementKind.DRIVING_LICENCE,
            concept_id=concept.id,
            preferred_label=concept.preferred_label,
            taxonomy_version=taxonomy_version,
        )
        for concept in graph.search(type="driving-licence")
        if category_of(concept.preferred_label) in wanted
    ]
