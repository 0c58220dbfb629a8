"""Short texts: ad headlines matched phrase by phrase, activities as agents."""

import pytest

from taxonomy.mapping import ABSTAIN_BELOW, Mapper
from taxonomy.mapping.inflection import agent_nouns
from taxonomy.tests.mapping_support import snapshot_mapper


@pytest.fixture(name="mapper", scope="module")
def mapper_fixture() -> Mapper:
    return snapshot_mapper()


def best(mapper: Mapper, text: str) -> tuple[str, str | None]:
    result = mapper.map(text)
    assert result.matches, "expected at least one match"
    return result.matches[0].preferred_label, result.matches[0].ssyk_code_2012


class TestHeadlinePhrases:
    def test_a_workplace_after_till_does_not_make_a_specialist(
        self, mapper: Mapper
    ) -> None:
        assert best(mapper, "Sjuksköterska till kirurgavdelningen") == (
            "Sjuksköterska, grundutbildad",
            "2221",
        )

    def test_a_slogan_after_a_bar_is_not_matched_as_a_title(
        self, mapper: Mapper
    ) -> None:
        text = "Lagerarbetare | Perfekt extrajobb för dig som studerar!"
        assert best(mapper, text)[1] == "4322"

    def test_the_title_after_söker_is_found_behind_the_employer_name(
        self, mapper: Mapper
    ) -> None:
        assert best(mapper, "Kalles Bygg AB söker snickare")[1] == "7111"

    def test_a_specialist_named_in_the_title_is_kept(self, mapper: Mapper) -> None:
        assert best(mapper, "Barnsjuksköterska till barnakuten") == (
            "Barnsjuksköterska",
            "2232",
        )

    def test_nonsense_split_into_phrases_still_abstains(self, mapper: Mapper) -> None:
        result = mapper.map("asdfgh | bästa jobbet")
        assert result.abstained
        assert all(m.confidence < ABSTAIN_BELOW for m in result.matches)


class TestActivityNouns:
    def test_agent_nouns_are_derived_from_ning_and_ing(self) -> None:
        assert list(agent_nouns("svetsning")) == ["svetsare", "svetsnare"]
        assert list(agent_nouns("blastring")) == ["blastrare"]
        assert list(agent_nouns("kock")) == []

    def test_only_an_agent_noun_the_taxonomy_knows_is_used(
        self, mapper: Mapper
    ) -> None:
        assert mapper.lexicon.agent_noun("blastring") == "blastrare"
        assert mapper.lexicon.agent_noun("undervisning") is None

    @pytest.mark.parametrize(
        ("text", "code"),
        [("Svetsning", "7212"), ("Städning till kontor", "9111")],
    )
    def test_an_activity_finds_the_occupation_doing_it(
        self, mapper: Mapper, text: str, code: str
    ) -> None:
        result = mapper.map(text)
        assert best(mapper, text)[1] == code
        assert not result.abstained
        assert "(agent)" in result.matches[0].reason

    def test_a_field_after_the_title_is_not_read_as_an_agent(
        self, mapper: Mapper
    ) -> None:
        labels = [m.preferred_label for m in mapper.map("Lärare i matematik").matches]
        assert all("lärare" in label for label in labels[:3]), labels

    def test_skills_are_still_matched_as_activities(self, mapper: Mapper) -> None:
        result = mapper.map("svetsning", type="skill")
        assert result.matches[0].type == "skill"
