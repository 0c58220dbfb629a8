"""Graph lookups, run on the mini fixture and on the full shared snapshot."""

import pytest

from taxonomy.graph import ConceptNotFound, Replacement, TaxonomyGraph
from taxonomy.models import Concept, Relation
from taxonomy.tests.snapshot_support import SNAPSHOT_NAMES, graph

BARNSKOTARE_GROUP = "Hi9c_iTe_gHH"
BARNSKOTARE = "rM7G_ge7_XhP"
DAGBARNVARDARE = "ujBX_nic_wuH"
ELEVASSISTENT = "Sbzf_iBA_MAS"
BARNTIMMELEDARE = "w2ze_Lcg_1S4"
PEDAGOGIK = "MVqp_eS8_kDZ"
ONE_GROUP_SKILL = "EwLN_fUp_2Yt"
TWO_GROUP_SKILL = "TsH1_ePz_fpf"
MALMO = "oYPt_yRA_Smm"


@pytest.fixture(name="taxonomy", params=SNAPSHOT_NAMES, scope="module")
def taxonomy_fixture(request: pytest.FixtureRequest) -> TaxonomyGraph:
    return graph(request.param)


def _labels(concepts: list[Concept]) -> list[str]:
    return [concept.preferred_label for concept in concepts]


class TestHierarchy:
    def test_barnskotare_group_is_ssyk_5311(self, taxonomy: TaxonomyGraph) -> None:
        group = taxonomy.concept(BARNSKOTARE_GROUP)

        assert (group.type, group.preferred_label) == ("ssyk-level-4", "Barnskötare")
        assert group.codes["ssyk_code_2012"] == "5311"

    def test_broader_chain_of_an_occupation_name(self, taxonomy: TaxonomyGraph) -> None:
        chain = taxonomy.broader_chain(BARNSKOTARE)

        assert [(c.type, c.preferred_label) for c in chain] == [
            ("ssyk-level-4", "Barnskötare"),
            ("occupation-field", "Pedagogik"),
            ("ssyk-level-3", "Barnskötare och elevassistenter m.fl."),
            ("ssyk-level-2", "Omsorgsyrken"),
            ("ssyk-level-1", "Service-, omsorgs- och försäljningsyrken"),
        ]

    def test_group_and_field_of_an_occupation_name(
        self, taxonomy: TaxonomyGraph
    ) -> None:
        group = taxonomy.ssyk4_of(DAGBARNVARDARE)
        field = taxonomy.field_of(DAGBARNVARDARE)

        assert group == taxonomy.concept(BARNSKOTARE_GROUP)
        assert field == taxonomy.concept(PEDAGOGIK)
        assert taxonomy.ssyk4_of(BARNSKOTARE_GROUP) == group
        assert taxonomy.ssyk4_of(PEDAGOGIK) is None

    def test_municipality_belongs_to_its_lan(self, taxonomy: TaxonomyGraph) -> None:
        region = taxonomy.region_of(MALMO)

        assert region is not None
        assert (region.type, region.preferred_label) == ("region", "Skåne län")

    def test_unknown_ids_raise(self, taxonomy: TaxonomyGraph) -> None:
        assert taxonomy.get("Nope_000_000") is None
        assert "Nope_000_000" not in taxonomy
        with pytest.raises(ConceptNotFound, match="Nope_000_000"):
            taxonomy.broader_chain("Nope_000_000")


class TestSubstitutes:
    def test_substitutes_come_with_percentages_highest_first(
        self, taxonomy: TaxonomyGraph
    ) -> None:
        pairs = [(c.id, pct) for c, pct in taxonomy.substitutes(BARNSKOTARE)]

        assert pairs[0] == (DAGBARNVARDARE, 75)
        assert (ELEVASSISTENT, 25) in pairs
        assert [pct for _, pct in pairs] == sorted((p for _, p in pairs), reverse=True)

    def test_substituted_by_is_the_inverse(self, taxonomy: TaxonomyGraph) -> None:
        inverse = {(c.id, pct) for c, pct in taxonomy.substituted_by(ELEVASSISTENT)}

        assert {(BARNSKOTARE, 25), (DAGBARNVARDARE, 25)} <= inverse


class TestSkills:
    def test_skills_of_a_group_and_groups_of_a_skill(
        self, taxonomy: TaxonomyGraph
    ) -> None:
        skills = taxonomy.skills_of_group(BARNSKOTARE_GROUP)

        assert {ONE_GROUP_SKILL, TWO_GROUP_SKILL} <= {s.id for s in skills}
        assert _labels(skills) == sorted(_labels(skills), key=str.casefold)
        assert [g.id for g in taxonomy.groups_of_skill(ONE_GROUP_SKILL)] == [
            BARNSKOTARE_GROUP
        ]
        assert len(taxonomy.groups_of_skill(TWO_GROUP_SKILL)) == 2

    def test_rarer_skills_weigh_more(self, taxonomy: TaxonomyGraph) -> None:
        rare = taxonomy.skill_weight(ONE_GROUP_SKILL)
        common = taxonomy.skill_weight(TWO_GROUP_SKILL)

        assert 0 <= common < rare <= 1


class TestLicences:
    @pytest.mark.parametrize(
        ("label", "implied"),
        [
            ("CE", ["AM", "B", "Utökad B", "BE", "C1", "C1E", "C"]),
            ("BE", ["AM", "B", "Utökad B"]),
            ("A", ["AM", "A1", "A2"]),
            ("D1", ["AM", "B"]),
            ("AM", []),
        ],
    )
    def test_implied_licences(
        self, taxonomy: TaxonomyGraph, label: str, implied: list[str]
    ) -> None:
        [licence] = [
            c
            for c in taxonomy.search(type="driving-licence")
            if c.preferred_label == label
        ]

        assert _labels(taxonomy.implied_licences(licence.id)) == implied

    def test_other_concepts_imply_no_licence(self, taxonomy: TaxonomyGraph) -> None:
        assert taxonomy.implied_licences(BARNSKOTARE) == []


class TestReplacements:
    def test_deprecated_name_without_successor_falls_back_to_its_group(
        self, taxonomy: TaxonomyGraph
    ) -> None:
        group = taxonomy.concept(BARNSKOTARE_GROUP)

        assert taxonomy.concept(BARNTIMMELEDARE).deprecated
        assert taxonomy.replacements(BARNTIMMELEDARE) == [
            Replacement(concept=group, fallback=True)
        ]

    def test_active_concepts_need_no_replacement(self, taxonomy: TaxonomyGraph) -> None:
        assert taxonomy.replacements(BARNSKOTARE) == []


class TestSearch:
    def test_ignores_case_and_diacritics(self, taxonomy: TaxonomyGraph) -> None:
        found = taxonomy.search(type="occupation-name", q="BARNSKOTARE")

        assert BARNSKOTARE in {c.id for c in found}
        assert all(c.type == "occupation-name" for c in found)

    def test_deprecated_only_on_request(self, taxonomy: TaxonomyGraph) -> None:
        assert taxonomy.search(q="barntimmeledare") == []
        assert [
            c.id for c in taxonomy.search(q="Barntimme", include_deprecated=True)
        ] == [BARNTIMMELEDARE]

    def test_order_is_by_label_then_id(self, taxonomy: TaxonomyGraph) -> None:
        found = taxonomy.search(q="barn", include_deprecated=True)
        keys = [(c.preferred_label.casefold(), c.id) for c in found]

        assert len(found) >= 5
        assert keys == sorted(keys)


def test_counts_match_what_was_built(taxonomy: TaxonomyGraph) -> None:
    counts = taxonomy.counts()

    assert counts.concepts_by_type["ssyk-level-4"] >= 2
    assert counts.deprecated_by_type["occupation-name"] >= 1
    assert counts.relations_by_kind["municipality -broader-> region"] >= 1


def test_edges_to_missing_concepts_are_left_out() -> None:
    name = Concept(id="a", type="occupation-name", preferred_label="A")
    dangling = Relation(source_id="a", relation="broader", target_id="missing")

    built = TaxonomyGraph.build([name], [dangling], version_label="t")

    assert built.broader_chain("a") == []
    assert built.counts().relations_by_kind == {}
