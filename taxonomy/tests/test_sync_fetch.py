"""fetch_version reads a whole taxonomy version into memory."""

import httpx
import pytest

from taxonomy.client import TaxonomyClient
from taxonomy.errors import MalformedPayload, TaxonomyUnreachable
from taxonomy.models import Relation
from taxonomy.sync import fetch_version
from taxonomy.tests.fake_jobtech import (
    FAKE_BASE_URL,
    FakeJobTech,
    blocking_client,
    run_fake_jobtech,
    unavailable,
    wrong_shape,
)
from taxonomy.tests.fake_jobtech_data import CONCEPTS, EDGES


def _stated_edges() -> set[Relation]:
    """The fake's edges as stored: ``related`` is listed from both ends."""
    stated = set()
    for edge in EDGES:
        stated.add(
            Relation(
                source_id=edge.source,
                relation=edge.relation,
                target_id=edge.target,
                substitutability_percentage=edge.percentage,
            )
        )
        if edge.relation == "related":
            stated.add(
                Relation(
                    source_id=edge.target, relation="related", target_id=edge.source
                )
            )
    return stated


def test_latest_version_has_every_concept_including_deprecated(
    fake: FakeJobTech,
) -> None:
    client, _ = blocking_client(fake)

    fetched = fetch_version(client, page_size=4)

    assert fetched.version == 2
    assert fetched.source == FAKE_BASE_URL
    assert sorted(c.id for c in fetched.concepts) == sorted(c.id for c in CONCEPTS)
    by_id = {c.id: c for c in fetched.concepts}
    assert by_id["HciA_Cu7_FXt"].deprecated
    assert by_id["HciA_Cu7_FXt"].replaced_by == ("QQjZ_NAN_bDR",)
    assert by_id["DJh5_yyF_hEM"].codes["ssyk_code_2012"] == "2512"
    assert by_id["bm2x_1mr_Qhx"].codes == {"lau_2_code_2015": "0580"}


def test_latest_version_has_every_edge_with_substitutability(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)

    fetched = fetch_version(client, page_size=4)

    assert set(fetched.relations) == _stated_edges()
    assert len(fetched.relations) == len(set(fetched.relations))
    assert (
        Relation(
            source_id="BY1K_mZ4_oKj",
            relation="substitutes",
            target_id="17FS_XzU_AQ4",
            substitutability_percentage=25,
        )
        in fetched.relations
    )


def test_an_older_version_has_its_own_content(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)

    fetched = fetch_version(client, version=1)

    ids = {c.id for c in fetched.concepts}
    assert fetched.version == 1
    assert "QQjZ_NAN_bDR" not in ids
    assert not any(c.deprecated for c in fetched.concepts)
    assert all(
        "fkS5_Kub_ern" not in (r.source_id, r.target_id) for r in fetched.relations
    )
    assert all(not r.path.endswith("/main/versions") for r in fake.seen)
    queries = [r.params["query"] for r in fake.seen if "query" in r.params]
    assert queries
    assert all("version: 1," in query for query in queries)


def test_progress_reports_each_type_and_concept(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)
    calls: list[tuple[str, int, int | None]] = []

    fetched = fetch_version(client, progress=lambda *call: calls.append(call))

    type_steps = [call for call in calls if call[0] == "types"]
    assert type_steps[-1] == ("types", 7, 7)
    assert len(calls) - len(type_steps) == len(fetched.concepts)
    assert ("skill", 8, None) in calls


def test_a_failure_mid_way_raises_and_returns_nothing(fake: FakeJobTech) -> None:
    client, waits = blocking_client(fake, max_retries=2)
    fake.fail_next(100, unavailable(), after=5)

    with pytest.raises(TaxonomyUnreachable, match="/graphql"):
        fetch_version(client)

    assert len(fake.seen) == 5 + 3
    assert waits == [0.5, 1.0]


def test_no_versions_listed_is_malformed() -> None:
    def no_versions(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[])

    http = httpx.Client(transport=httpx.MockTransport(no_versions))
    client = TaxonomyClient(http, base_url=FAKE_BASE_URL)

    with pytest.raises(MalformedPayload, match="no versions"):
        fetch_version(client)


def test_wrong_shape_during_fetch_is_malformed(fake: FakeJobTech) -> None:
    client, _ = blocking_client(fake)
    fake.fail_next(1, wrong_shape())

    with pytest.raises(MalformedPayload):
        fetch_version(client)


def test_fetch_over_real_loopback_http(fake: FakeJobTech) -> None:
    with run_fake_jobtech(fake.app) as base_url, httpx.Client(timeout=5) as http:
        fetched = fetch_version(TaxonomyClient(http, base_url=base_url))

    assert fetched.source == base_url
    assert len(fetched.concepts) == len(CONCEPTS)
    assert set(fetched.relations) == _stated_edges()
