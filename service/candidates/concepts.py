"""One taxonomy version as `matching.Concepts`, built once per version and process.

`matching` never imports the taxonomy: this module reads the graph (occupations and
their SSYK-4, SSYK-3 and field, substitutability, SSYK-4 → skill relations,
municipalities and their län, languages, driving licences and what each implies)
and hands over ids and pairs. Deprecated concepts are indexed too, so a participant
recorded under an older version still has an index.
"""

import threading
import weakref
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool

from matching import Concepts, Occupation
from service.taxonomy.state import LoadedTaxonomy, TaxonomyDep
from taxonomy import TaxonomyGraph

OCCUPATION_TYPES = ("occupation-name", "ssyk-level-4")
SUN_LEVEL_TYPES = (
    "sun-education-level-1",
    "sun-education-level-2",
    "sun-education-level-3",
)
SUN_CODE = "sun_education_level_code_2020"


@dataclass(frozen=True, eq=False)
class Vocabularies:
    """A version's `Concepts`, its SUN levels as ordinals and its graph for labels."""

    concepts: Concepts
    education_levels: dict[str, int]
    graph: TaxonomyGraph

    def label(self, concept_id: str) -> str | None:
        concept = self.graph.get(concept_id)
        return None if concept is None else concept.preferred_label


def _ids(graph: TaxonomyGraph, concept_type: str) -> list[str]:
    return [c.id for c in graph.search(type=concept_type, include_deprecated=True)]


def _occupation(graph: TaxonomyGraph, concept_id: str) -> Occupation:
    chain = graph.broader_chain(concept_id)
    ssyk4 = graph.ssyk4_of(concept_id)
    ssyk3 = next((c.id for c in chain if c.type == "ssyk-level-3"), None)
    field = graph.field_of(concept_id)
    return Occupation(
        concept_id,
        None if ssyk4 is None else ssyk4.id,
        ssyk3,
        None if field is None else field.id,
    )


def _education_levels(graph: TaxonomyGraph) -> dict[str, int]:
    # A SUN 2020 level code's first digit is the level (3 gymnasial, 5 and 6
    # eftergymnasial …), whichever of the three SUN level types the concept has.
    levels = {}
    for concept_type in SUN_LEVEL_TYPES:
        for concept in graph.search(type=concept_type, include_deprecated=True):
            code = concept.codes.get(SUN_CODE, "")
            if code[:1].isdigit():
                levels[concept.id] = int(code[0])
    return levels


def build(loaded: LoadedTaxonomy) -> Vocabularies:
    """Index `loaded` for ranking (a second or so on the full taxonomy)."""
    graph = loaded.graph
    occupations = [
        _occupation(graph, concept_id)
        for concept_type in OCCUPATION_TYPES
        for concept_id in _ids(graph, concept_type)
    ]
    groups = _ids(graph, "ssyk-level-4")
    municipalities = []
    for concept_id in _ids(graph, "municipality"):
        region = graph.region_of(concept_id)
        municipalities.append((concept_id, None if region is None else region.id))
    licences = {
        concept_id: [c.id for c in graph.implied_licences(concept_id)]
        for concept_id in _ids(graph, "driving-licence")
    }
    concepts = Concepts.build(
        version=loaded.label,
        occupations=occupations,
        skills=_ids(graph, "skill"),
        group_skills=[
            (group, skill.id)
            for group in groups
            for skill in graph.skills_of_group(group)
        ],
        substitutes=[
            (occupation.id, similar.id, percent)
            for occupation in occupations
            for similar, percent in graph.substitutes(occupation.id)
        ],
        municipalities=municipalities,
        languages=_ids(graph, "language"),
        licences=licences,
    )
    return Vocabularies(concepts, _education_levels(graph), graph)


class VocabularyCache:
    """The vocabularies of the taxonomy last asked for, built once per loaded
    version (the holder loads each version once per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Weak keys: a version the holder has let go of drops out by itself.
        self._built: weakref.WeakKeyDictionary[LoadedTaxonomy, Vocabularies] = (
            weakref.WeakKeyDictionary()
        )

    def built(self, loaded: LoadedTaxonomy) -> Vocabularies | None:
        """The version's vocabularies if they are built already."""
        with self._lock:
            return self._built.get(loaded)

    def get(self, loaded: LoadedTaxonomy) -> Vocabularies:
        with self._lock:
            found = self._built.get(loaded)
            if found is None:
                found = self._built[loaded] = build(loaded)
            return found


VOCABULARIES = VocabularyCache()


async def vocabularies_of(taxonomy: TaxonomyDep) -> Vocabularies:
    # Building them takes a while, so not in the event loop.
    built = VOCABULARIES.built(taxonomy)
    if built is None:
        built = await run_in_threadpool(VOCABULARIES.get, taxonomy)
    return built


VocabulariesDep = Annotated[Vocabularies, Depends(vocabularies_of)]
