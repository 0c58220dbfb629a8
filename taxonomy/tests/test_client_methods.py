"""Each TaxonomyClient method against the fake JobTech API (no network)."""

import httpx
import pytest

from taxonomy.client import TaxonomyClient
from taxonomy.errors import TaxonomyRejected
from taxonomy.models import ConceptChange, Relation
from taxonomy.tests.fake_jobtech import FAKE_BASE_URL, FakeJobTech, blocking_client


@pytest.fixture(name="client")
def client_fixture(fake: FakeJobTech) -> TaxonomyClient:
    return blocking_client(fake)[0]


def test_versions_are_listed_oldest_first(client: TaxonomyClient) -> None:
    assert [v.version for v in client.versions()] == [1, 2]
    assert client.versions()[0].timestamp is not None


def test_concept_types_of_a_version(client: TaxonomyClient, fake: FakeJobTech) -> None:
    types = client.concept_types(version=1)

    assert "occupation-name" in types
    assert "ssyk-level-4" in types
    assert fake.seen[-1].params == {"version": "1"}


def test_concepts_hide_deprecated_unless_asked(client: TaxonomyClient) -> None:
    current = {c.id for c in client.concepts("occupation-name")}
    everything = client.concepts("occupation-name", include_deprecated=True)

    assert "HciA_Cu7_FXt" not in current
    deprecated = [c for c in everything if c.deprecated]
    assert [(c.id, c.replaced_by) for c in deprecated] == [
        ("HciA_Cu7_FXt", ("QQjZ_NAN_bDR",))
    ]


def test_concepts_carry_codes_and_alternative_labels(client: TaxonomyClient) -> None:
    groups = {c.id: c for c in client.concepts("ssyk-level-4")}
    names = {c.id: c for c in client.concepts("occupation-name")}

    assert groups["DJh5_yyF_hEM"].codes["ssyk_code_2012"] == "2512"
    assert names["fg7B_yov_smw"].alternative_labels == ("Programmerare",)
    assert names["fg7B_yov_smw"].codes == {"legacy_ams_taxonomy_id": "2419"}


def test_concepts_of_an_older_version(client: TaxonomyClient) -> None:
    version_1 = {c.id: c for c in client.concepts("occupation-name", version=1)}

    assert "QQjZ_NAN_bDR" not in version_1
    assert not version_1["HciA_Cu7_FXt"].deprecated


def test_iter_concepts_pages_until_a_short_page(
    client: TaxonomyClient, fake: FakeJobTech
) -> None:
    one_page = client.concepts("skill", limit=100)

    paged = list(client.iter_concepts("skill", page_size=3))

    assert paged == one_page
    assert len(paged) == 8
    offsets = [
        r.params["query"].split("offset: ")[1].split(",")[0] for r in fake.seen[1:]
    ]
    assert offsets == ["0", "3", "6"]


def test_iter_concepts_asks_once_more_after_an_exactly_full_page(
    client: TaxonomyClient, fake: FakeJobTech
) -> None:
    assert len(list(client.iter_concepts("skill", page_size=4))) == 8
    assert len(fake.seen) == 3


def test_concept_detail_shows_every_edge_touching_it(client: TaxonomyClient) -> None:
    detail = client.concept("17FS_XzU_AQ4")

    assert detail is not None
    assert detail.concept.preferred_label == "Skolvärd"
    assert set(detail.relations) == {
        Relation(
            source_id="17FS_XzU_AQ4", relation="broader", target_id="fkG3_Ele_ass"
        ),
        Relation(
            source_id="17FS_XzU_AQ4",
            relation="substitutes",
            target_id="Sbzf_iBA_MAS",
            substitutability_percentage=75,
        ),
        Relation(
            source_id="Sbzf_iBA_MAS",
            relation="substitutes",
            target_id="17FS_XzU_AQ4",
            substitutability_percentage=75,
        ),
        Relation(
            source_id="BY1K_mZ4_oKj",
            relation="substitutes",
            target_id="17FS_XzU_AQ4",
            substitutability_percentage=25,
        ),
    }


def test_concept_detail_of_a_group_lists_its_narrower_occupations(
    client: TaxonomyClient,
) -> None:
    detail = client.concept("DJh5_yyF_hEM")

    assert detail is not None
    children = {r.source_id for r in detail.relations if r.target_id == "DJh5_yyF_hEM"}
    assert children == {"fg7B_yov_smw", "7wdX_4rv_33z", "71Ji_irM_rSJ"}


def test_unknown_concept_is_none(client: TaxonomyClient) -> None:
    assert client.concept("nope_nop_nop") is None


def test_replaced_by_changes_between_versions(
    client: TaxonomyClient, fake: FakeJobTech
) -> None:
    (change,) = client.replaced_by_changes(1, 2)

    assert change.version == 2
    assert change.concept.id == "HciA_Cu7_FXt"
    assert change.concept.replaced_by == ("QQjZ_NAN_bDR",)
    assert fake.seen[-1].params == {"after-version": "1", "to-version-inclusive": "2"}


def test_rest_and_graphql_give_the_same_deprecated_concept(
    client: TaxonomyClient,
) -> None:
    (change,) = client.replaced_by_changes(1, 2)
    from_graphql = client.concept("HciA_Cu7_FXt")

    assert from_graphql is not None
    assert change.concept == from_graphql.concept


def test_concept_changes_between_versions(client: TaxonomyClient) -> None:
    changes = client.concept_changes(1, 2)

    assert set(changes) == {
        ConceptChange(
            version=2,
            event_type="DEPRECATED",
            concept_id="HciA_Cu7_FXt",
            concept_type="occupation-name",
            preferred_label="Användbarhetsexpert",
            deprecated=True,
        ),
        ConceptChange(
            version=2,
            event_type="CREATED",
            concept_id="QQjZ_NAN_bDR",
            concept_type="occupation-name",
            preferred_label="Interaktionsdesigner",
        ),
        ConceptChange(
            version=2,
            event_type="CREATED",
            concept_id="fkS5_Kub_ern",
            concept_type="skill",
            preferred_label="Kubernetes",
        ),
    }


def test_autocomplete_filters_by_type_and_limit(
    client: TaxonomyClient, fake: FakeJobTech
) -> None:
    skills = client.autocomplete("java", type="skill")
    limited = client.autocomplete("java", limit=1)

    assert [c.preferred_label for c in skills] == [
        "Java, programmeringsspråk",
        "JavaScript, programmeringsspråk",
    ]
    assert len(limited) == 1
    assert fake.seen[-1].params == {"query-string": "java", "limit": "1"}


def test_graphql_passes_variables_and_returns_data(client: TaxonomyClient) -> None:
    data = client.graphql(
        "query Q($t: String) { concepts(type: $t) { id } }", {"t": "region"}
    )

    assert data == {"concepts": [{"id": "oLT3_Q9p_3nn"}]}


def test_graphql_errors_are_rejections(client: TaxonomyClient) -> None:
    with pytest.raises(TaxonomyRejected, match="Cannot query field 'colour'"):
        client.graphql("query { concepts { colour } }")


def test_graphql_errors_in_a_200_answer_are_rejections_too() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": None, "errors": [{"message": "boom"}]})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = TaxonomyClient(http, base_url=FAKE_BASE_URL)

    with pytest.raises(TaxonomyRejected, match="boom") as caught:
        client.graphql("query { versions { id } }")
    assert caught.value.status == 200


def test_every_request_says_who_calls_and_wants_json(
    client: TaxonomyClient, fake: FakeJobTech
) -> None:
    client.versions()

    headers = fake.seen[-1].headers
    assert headers["accept"] == "application/json"
    assert headers["user-agent"].startswith("jobbmatch/")
    assert "(+municipal labour-market matching)" in headers["user-agent"]
    assert "api-key" not in headers
