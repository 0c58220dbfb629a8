import pytest

from taxonomy.graph import TaxonomyGraph
from taxonomy.models import Concept
from taxonomy.tests.snapshot_support import SNAPSHOT_NAMES, graph
from taxonomy.validation import (
    ConceptProblem,
    ConceptRef,
    InvalidConcepts,
    ReplacementOption,
    validate_refs,
)

BARNSKOTARE = "rM7G_ge7_XhP"
BARNSKOTARE_GROUP = "Hi9c_iTe_gHH"
BARNTIMMELEDARE = "w2ze_Lcg_1S4"
MALMO = "oYPt_yRA_Smm"
OCCUPATION = ("occupation-name",)


@pytest.fixture(name="taxonomy", params=SNAPSHOT_NAMES, scope="module")
def taxonomy_fixture(request: pytest.FixtureRequest) -> TaxonomyGraph:
    return graph(request.param)


def _problems(taxonomy: TaxonomyGraph, *refs: ConceptRef) -> tuple[ConceptProblem, ...]:
    with pytest.raises(InvalidConcepts) as raised:
        validate_refs(taxonomy, refs)
    return raised.value.problems


def test_valid_refs_pass(taxonomy: TaxonomyGraph) -> None:
    validate_refs(
        taxonomy,
        [
            ConceptRef(
                field="occupation_id", concept_id=BARNSKOTARE, expected_types=OCCUPATION
            ),
            ConceptRef(field="anything", concept_id=MALMO),
        ],
    )


def test_unknown_id(taxonomy: TaxonomyGraph) -> None:
    [problem] = _problems(
        taxonomy, ConceptRef(field="occupation_id", concept_id="Nope_000_000")
    )

    assert (problem.field, problem.reason, problem.actual_type) == (
        "occupation_id",
        "unknown",
        None,
    )
    assert "Nope_000_000" in problem.message


def test_wrong_type(taxonomy: TaxonomyGraph) -> None:
    ref = ConceptRef(
        field="occupation_id",
        concept_id=MALMO,
        expected_types=("occupation-name", "ssyk-level-4"),
    )

    [problem] = _problems(taxonomy, ref)

    assert (problem.reason, problem.actual_type) == ("wrong_type", "municipality")
    assert (
        problem.message
        == "'Malmö' is a municipality, expected occupation-name or ssyk-level-4"
    )


def test_deprecated_comes_with_replacements(taxonomy: TaxonomyGraph) -> None:
    ref = ConceptRef(
        field="occupation_id", concept_id=BARNTIMMELEDARE, expected_types=OCCUPATION
    )

    [problem] = _problems(taxonomy, ref)

    assert (problem.reason, problem.actual_type) == ("deprecated", "occupation-name")
    assert problem.replacements == (
        ReplacementOption(
            id=BARNSKOTARE_GROUP,
            preferred_label="Barnskötare",
            type="ssyk-level-4",
            fallback=True,
        ),
    )


def test_deprecated_with_a_named_successor() -> None:
    old = Concept(
        id="old",
        type="skill",
        preferred_label="Gammal",
        deprecated=True,
        replaced_by=("new",),
    )
    new = Concept(id="new", type="skill", preferred_label="Ny")
    taxonomy = TaxonomyGraph.build([old, new], [], version_label="t")

    [problem] = _problems(taxonomy, ConceptRef(field="skills[0]", concept_id="old"))

    assert problem.replacements == (
        ReplacementOption(id="new", preferred_label="Ny", type="skill", fallback=False),
    )


def test_all_problems_are_reported_at_once_in_input_order(
    taxonomy: TaxonomyGraph,
) -> None:
    problems = _problems(
        taxonomy,
        ConceptRef(field="a", concept_id="Nope_000_000"),
        ConceptRef(field="b", concept_id=BARNSKOTARE, expected_types=OCCUPATION),
        ConceptRef(field="c", concept_id=MALMO, expected_types=OCCUPATION),
        ConceptRef(field="d", concept_id=BARNTIMMELEDARE),
    )

    assert [(p.field, p.reason) for p in problems] == [
        ("a", "unknown"),
        ("c", "wrong_type"),
        ("d", "deprecated"),
    ]


def test_the_error_names_the_fields(taxonomy: TaxonomyGraph) -> None:
    with pytest.raises(InvalidConcepts, match="in: a, b"):
        validate_refs(
            taxonomy,
            [
                ConceptRef(field="a", concept_id="Nope_000_000"),
                ConceptRef(field="b", concept_id="Nope_000_001"),
            ],
        )
