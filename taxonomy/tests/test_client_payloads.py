"""REST and GraphQL answers read into the same models, and bad shapes are refused."""

import pytest

from taxonomy import payloads
from taxonomy.errors import MalformedPayload
from taxonomy.models import Concept, Relation

REST_GROUP = {
    "taxonomy/id": "DJh5_yyF_hEM",
    "taxonomy/type": "ssyk-level-4",
    "taxonomy/preferred-label": "Mjukvaru- och systemutvecklare m.fl.",
    "taxonomy/definition": "Analyserar, designar och utvecklar IT-system.",
    "taxonomy/ssyk-code-2012": "2512",
}
GRAPHQL_GROUP = {
    "id": "DJh5_yyF_hEM",
    "type": "ssyk-level-4",
    "preferred_label": "Mjukvaru- och systemutvecklare m.fl.",
    "definition": "Analyserar, designar och utvecklar IT-system.",
    "deprecated": False,
    "ssyk_code_2012": "2512",
    "isco_code_08": None,
    "alternative_labels": [],
    "replaced_by": [],
}


def test_rest_and_graphql_spellings_give_equal_concepts() -> None:
    rest = payloads.parse_rest_concepts([REST_GROUP], "/specific/concepts/ssyk")
    graphql = payloads.parse_graphql_concepts(
        {"data": {"concepts": [GRAPHQL_GROUP]}}, "/graphql"
    )

    assert rest == graphql
    assert rest[0].codes == {"ssyk_code_2012": "2512"}


def test_deprecated_concept_keeps_successor_ids_in_both_dialects() -> None:
    rest = {
        "taxonomy/id": "HciA_Cu7_FXt",
        "taxonomy/type": "occupation-name",
        "taxonomy/preferred-label": "Användbarhetsexpert",
        "taxonomy/deprecated": True,
        "taxonomy/replaced-by": [
            {
                "taxonomy/id": "QQjZ_NAN_bDR",
                "taxonomy/type": "occupation-name",
                "taxonomy/preferred-label": "Interaktionsdesigner",
            }
        ],
    }
    graphql = {
        "id": "HciA_Cu7_FXt",
        "type": "occupation-name",
        "preferred_label": "Användbarhetsexpert",
        "deprecated": True,
        "replaced_by": [{"id": "QQjZ_NAN_bDR"}],
    }

    expected = Concept(
        id="HciA_Cu7_FXt",
        type="occupation-name",
        preferred_label="Användbarhetsexpert",
        deprecated=True,
        replaced_by=("QQjZ_NAN_bDR",),
    )
    assert payloads.parse_rest_concepts([rest], "/x") == [expected]
    assert payloads.parse_graphql_concepts({"data": {"concepts": [graphql]}}, "/x") == [
        expected
    ]


def test_legacy_id_becomes_the_code_job_ads_use() -> None:
    concept = payloads.parse_graphql_concepts(
        {"data": {"concepts": [{**GRAPHQL_GROUP, "deprecated_legacy_id": "2512"}]}},
        "/graphql",
    )[0]

    assert concept.codes == {"ssyk_code_2012": "2512", "legacy_ams_taxonomy_id": "2512"}


def test_incoming_edges_are_turned_around_into_stored_directions() -> None:
    skolvard = {
        "id": "17FS_XzU_AQ4",
        "type": "occupation-name",
        "preferred_label": "Skolvärd",
        "narrower": [{"id": "child_aaa_bbb"}],
        "substitutes": [{"id": "Sbzf_iBA_MAS", "substitutability_percentage": 75}],
        "substituted_by": [{"id": "BY1K_mZ4_oKj", "substitutability_percentage": 25}],
    }

    (detail,) = payloads.parse_graphql_details({"data": {"concepts": [skolvard]}}, "/g")

    assert detail.relations == (
        Relation(
            source_id="child_aaa_bbb", relation="broader", target_id="17FS_XzU_AQ4"
        ),
        Relation(
            source_id="17FS_XzU_AQ4",
            relation="substitutes",
            target_id="Sbzf_iBA_MAS",
            substitutability_percentage=75,
        ),
        Relation(
            source_id="BY1K_mZ4_oKj",
            relation="substitutes",
            target_id="17FS_XzU_AQ4",
            substitutability_percentage=25,
        ),
    )


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"versions": []}, "(top level)"),
        ([{"taxonomy/version": "one"}], "0.version"),
        ([{"taxonomy/timestamp": "2024-01-01T00:00:00Z"}], "0.version"),
    ],
)
def test_wrong_shapes_name_the_endpoint_and_the_misfit(
    document: object, where: str
) -> None:
    with pytest.raises(MalformedPayload) as caught:
        payloads.parse_versions(document, "/main/versions")

    assert caught.value.endpoint == "/main/versions"
    assert where in str(caught.value)


def test_graphql_answer_without_data_is_malformed() -> None:
    with pytest.raises(MalformedPayload, match="'data'"):
        payloads.parse_graphql_concepts({"concepts": []}, "/graphql")


def test_concept_missing_its_label_is_malformed() -> None:
    with pytest.raises(MalformedPayload, match=r"concepts\.0\.preferred_label"):
        payloads.parse_graphql_concepts(
            {"data": {"concepts": [{"id": "a", "type": "skill"}]}}, "/graphql"
        )
