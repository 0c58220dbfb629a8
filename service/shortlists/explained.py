"""Ranking results as people read them: indices turned back into Swedish labels.

`matching` explains with indices; which vocabulary an index belongs to follows from
the requirement (what was asked) and the source (what of the participant met it):
occupations, skills, places, Swedish levels, or cohort and track ids.
"""

from matching import (
    SWEDISH_LEVELS,
    Component,
    Concepts,
    Evidence,
    Failure,
    Missing,
    Ranked,
    TargetMatch,
    Vocabulary,
)
from service.candidates.concepts import Vocabularies
from service.shortlists.models import (
    ComponentOut,
    EvidenceOut,
    Label,
    MissingOut,
    ResultOut,
    RuleFailure,
)

_OCCUPATION_REQUIREMENTS = {"occupation", "occupation_experience"}
_OCCUPATION_SOURCES = {"experience", "interest"}
_SKILL_SOURCES = {"skills", "track"}


def _vocabulary(concepts: Concepts, name: str) -> Vocabulary | None:
    return {
        "occupations": concepts.occupations,
        "skills": concepts.skills,
        "municipalities": concepts.municipalities,
        "regions": concepts.regions,
    }.get(name)


class Labeller:
    """Turns one version's indices into labels."""

    def __init__(self, vocabularies: Vocabularies) -> None:
        self._v = vocabularies

    def _label(self, vocabulary: str, index: int) -> Label:
        if vocabulary == "levels":
            level = (
                SWEDISH_LEVELS[index - 1] if 0 < index <= len(SWEDISH_LEVELS) else None
            )
            return Label(concept_id=level, label=level)
        if vocabulary == "ids":
            return Label(concept_id=str(index), label=None)
        found = _vocabulary(self._v.concepts, vocabulary)
        if found is None or not 0 <= index < len(found):
            return Label(concept_id=None, label=None)
        concept_id = found.ids[index]
        return Label(concept_id=concept_id, label=self._v.label(concept_id))

    @staticmethod
    def _required_in(requirement: str, source: str) -> str:
        if requirement in _OCCUPATION_REQUIREMENTS:
            return "occupations"
        if requirement == "swedish":
            return "levels"
        if requirement == "place":
            return source
        if requirement == "interest":
            return "ids"
        return "skills"

    @staticmethod
    def _matched_in(source: str) -> str:
        if source in _OCCUPATION_SOURCES:
            return "occupations"
        if source in _SKILL_SOURCES:
            return "skills"
        if source in ("cohorts", "tracks"):
            return "ids"
        return source

    def evidence(self, item: Evidence) -> EvidenceOut:
        return EvidenceOut(
            requirement=item.requirement,
            required=self._label(
                self._required_in(item.requirement, item.source), item.required
            ),
            matched=self._label(self._matched_in(item.source), item.matched),
            relation=item.relation,
            source=item.source,
        )

    def missing(self, item: Missing) -> MissingOut:
        vocabulary = self._required_in(item.requirement, "")
        return MissingOut(
            requirement=item.requirement,
            required=self._label(vocabulary, item.index),
            taught=item.taught,
        )

    def component(self, item: Component) -> ComponentOut:
        return ComponentOut(
            name=item.name,
            value=item.value,
            weight=item.weight,
            contribution=item.contribution,
            evidence=[self.evidence(e) for e in item.evidence],
            baseline=item.baseline,
        )

    def result(self, ranked: Ranked) -> ResultOut:
        return ResultOut(
            rank=ranked.rank,
            participant_ref=ranked.ref,
            score=ranked.score,
            components=[self.component(c) for c in ranked.components],
            missing=[self.missing(m) for m in ranked.missing],
        )

    def parts(self, match: TargetMatch) -> tuple[list[ComponentOut], list[MissingOut]]:
        return (
            [self.component(c) for c in match.components],
            [self.missing(m) for m in match.missing],
        )


def failures(found: tuple[Failure, ...]) -> list[RuleFailure]:
    return [
        RuleFailure(code=f.code, reason_sv=f.reason_sv, reason_en=f.reason_en)
        for f in found
    ]
