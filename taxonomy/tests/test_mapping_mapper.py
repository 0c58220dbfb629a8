"""The mapper over the real taxonomy snapshot: one test per normalisation case."""

import pytest

from taxonomy.mapping import ABSTAIN_BELOW, Mapper, MapResult
from taxonomy.tests.mapping_support import snapshot_mapper


@pytest.fixture(name="mapper", scope="module")
def mapper_fixture() -> Mapper:
    return snapshot_mapper()


def top(result: MapResult) -> tuple[str, str | None]:
    assert result.matches, "expected at least one match"
    best = result.matches[0]
    return best.preferred_label, best.ssyk_code_2012


def ssyk(mapper: Mapper, text: str) -> str | None:
    return top(mapper.map(text))[1]


class TestCaseAndDiacritics:
    @pytest.mark.parametrize(
        "text", ["UNDERSKÖTERSKA", "underskoterska", "Undersköterska"]
    )
    def test_case_and_missing_diacritics_give_the_same_answer(
        self, mapper: Mapper, text: str
    ) -> None:
        assert ssyk(mapper, text) in {"5321", "5323"}
        assert mapper.map(text).matches == mapper.map("undersköterska").matches

    def test_decomposed_unicode_is_the_same_text(self, mapper: Mapper) -> None:
        assert (
            mapper.map("Sjuksko\u0308terska").matches
            == mapper.map("Sjuksköterska").matches
        )


class TestInflection:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("snickaren", "7111"),  # -en
            ("köksbiträdet", "9412"),  # -et
            ("kockarna", "5120"),  # -arna
            ("kockar", "5120"),  # -ar
            ("poliser", "3360"),  # -er
            ("poliserna", "3360"),  # -erna
            ("undersköterskor", "5323"),  # -or
            ("undersköterskorna", "5323"),  # -orna
            ("röntgensköterskor", "2235"),  # -or on a compound
            ("sjuksköterskans", "2221"),  # -s genitive
            ("snickarna", "7111"),  # -arna on an -are noun
        ],
    )
    def test_inflected_forms_find_the_occupation(
        self, mapper: Mapper, text: str, code: str
    ) -> None:
        assert ssyk(mapper, text) == code

    def test_the_reason_names_the_inflection_rule(self, mapper: Mapper) -> None:
        assert (
            "snickaren->snickare (inflection)"
            in mapper.map("snickaren").matches[0].reason
        )


class TestCompounds:
    def test_compound_and_split_phrase_land_in_the_same_group(
        self, mapper: Mapper
    ) -> None:
        assert ssyk(mapper, "lastbilschaufför") == "8332"
        assert ssyk(mapper, "chaufför lastbil") == "8332"

    def test_a_compound_falls_back_to_its_head(self, mapper: Mapper) -> None:
        label, code = top(mapper.map("byggnadssnickare"))
        assert (label, code) == ("Träarbetare/Snickare", "7111")

    def test_a_longer_compound_fits_its_shorter_synonym(self, mapper: Mapper) -> None:
        assert top(mapper.map("distriktssjuksköterska"))[0] == "Distriktssköterska"


class TestLabelForms:
    def test_a_slash_label_and_each_of_its_parts_find_the_concept(
        self, mapper: Mapper
    ) -> None:
        for text in ("Taxiförare/Taxichaufför", "taxichaufför", "taxiförare"):
            assert top(mapper.map(text))[0] == "Taxiförare"

    def test_a_deprecated_label_leads_to_an_active_concept_of_its_group(
        self, mapper: Mapper
    ) -> None:
        best = mapper.map("Städare/Lokalvårdare").matches[0]
        assert (best.preferred_label, best.ssyk_code_2012) == ("Städare", "9111")
        assert best.reason.startswith("deprecated-same-group label")


class TestAbbreviationsVariantsEnglish:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("usk", "5323"),
            ("lastbilschaufför CE", "8332"),
            ("it-tekniker", "3511"),
            ("IT tekniker", "3511"),
            ("servitris", "5131"),
            ("städerska", "9111"),
            ("rörmokare", "7125"),
            ("nurse", "2221"),
            ("cleaner", "9111"),
            ("software developer", "2512"),
            ("midwife", "2222"),
            ("dental nurse", "5350"),
            ("teaching assistant", "5312"),
            ("caretaker", "5152"),
            ("sköterska", "2221"),
            ("vakt", "5413"),
            ("plockare", "4322"),
            ("butiksbiträde", "5222"),
            ("Undersköterska till särskilt boende", "5321"),
            ("Undersköterska till vård- och omsorgsboende", "5321"),
        ],
    )
    def test_hand_written_vocabulary_is_applied(
        self, mapper: Mapper, text: str, code: str
    ) -> None:
        assert ssyk(mapper, text) == code


class TestTyposAndFiller:
    @pytest.mark.parametrize(
        ("text", "code"), [("sjukskoterka", "2221"), ("sektreterare", "4119")]
    )
    def test_typos_are_corrected(self, mapper: Mapper, text: str, code: str) -> None:
        result = mapper.map(text)
        assert top(result)[1] == code
        assert "(typo)" in result.matches[0].reason

    def test_filler_words_and_word_order_do_not_matter(self, mapper: Mapper) -> None:
        result = mapper.map("Vi söker en driven undersköterska till hemtjänsten")
        assert top(result) == (
            "Undersköterska, hemtjänst, äldreboende och habilitering",
            "5321",
        )
        assert not result.abstained
        assert ssyk(mapper, "grundskolan lärare") == ssyk(
            mapper, "lärare i grundskolan"
        )


class TestGroupLabels:
    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("Gymnasielärare", "Ämneslärare, gymnasieskolan"),
            ("Grundskollärare", "Lärare i grundskolan, årskurs 1-6"),
        ],
    )
    def test_a_group_label_leads_to_the_groups_most_named_occupation(
        self, mapper: Mapper, text: str, label: str
    ) -> None:
        top = mapper.map(text).matches[0]
        assert (top.preferred_label, top.matched_label) == (label, text)


class TestGenericTitles:
    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("elektriker", "Installationselektriker"),
            ("Elektrikerna", "Installationselektriker"),
            ("lastbilschaufför", "Distributionsförare"),
            ("byggarbetare", "Grovarbetare, bygg och anläggning"),
        ],
    )
    def test_a_bare_trade_word_means_the_trade(
        self, mapper: Mapper, text: str, label: str
    ) -> None:
        result = mapper.map(text)
        assert result.matches[0].preferred_label == label
        assert "generic-title" in result.matches[0].reason

    def test_a_compound_of_the_trade_word_keeps_its_own_concept(
        self, mapper: Mapper
    ) -> None:
        assert mapper.map("industrielektriker").matches[0].preferred_label == (
            "Industrielektriker"
        )


class TestAbstention:
    @pytest.mark.parametrize(
        "text", ["asdfgh", "bästa jobbet", "göteborg", "Stockholms län", ""]
    )
    def test_nonsense_and_place_names_abstain(self, mapper: Mapper, text: str) -> None:
        result = mapper.map(text)
        assert result.abstained
        assert all(m.confidence < ABSTAIN_BELOW for m in result.matches)

    @pytest.mark.parametrize(
        "text",
        [
            "vill tänka nytt",  # "tänka" is no "Tank- och bulkbilsförare"
            "person är du",  # a modifier of "Personskadereglerare"
            "kommer underlätta ditt",  # "ditt" is no "DIT"
            "är ledande inom",  # a modifier of "Ledande montör, el"
            "erbjuder hög tillgänglighet",
        ],
    )
    def test_ad_filler_that_names_no_title_abstains(
        self, mapper: Mapper, text: str
    ) -> None:
        assert mapper.map(text).abstained

    @pytest.mark.parametrize("text", ["ingenjör", "assistent", "lärare"])
    def test_a_bare_head_shared_by_many_groups_abstains(
        self, mapper: Mapper, text: str
    ) -> None:
        result = mapper.map(text)
        assert result.abstained
        groups = {m.ssyk_code_2012 for m in result.matches}
        assert len(groups) > 1

    def test_a_weak_match_says_why(self, mapper: Mapper) -> None:
        top = mapper.map("vill tänka nytt").matches[0]
        assert top.preferred_label == "Tank- och bulkbilsförare"
        assert "weak match" in top.reason
        assert "weak match" not in mapper.map("kock").matches[0].reason

    def test_a_clear_title_does_not_abstain(self, mapper: Mapper) -> None:
        result = mapper.map("diskare")
        assert not result.abstained
        assert result.matches[0].confidence >= ABSTAIN_BELOW


class TestResultShape:
    def test_matches_are_best_first_within_limit_with_probabilities(
        self, mapper: Mapper
    ) -> None:
        result = mapper.map("kock", limit=4)
        assert len(result.matches) == 4
        scores = [m.score for m in result.matches]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= m.confidence <= 1.0 for m in result.matches)
        assert result.taxonomy_version == mapper.taxonomy_version

    def test_ssyk_level_4_type_returns_distinct_groups(self, mapper: Mapper) -> None:
        result = mapper.map("undersköterska", type="ssyk-level-4", limit=3)
        assert [m.type for m in result.matches] == ["ssyk-level-4"] * 3
        assert len({m.concept_id for m in result.matches}) == 3
        assert result.matches[0].ssyk_code_2012 in {"5321", "5323"}

    def test_occupations_and_groups_at_once_are_the_two_maps(
        self, mapper: Mapper
    ) -> None:
        text = "Undersköterska till hemtjänsten"
        occupations, groups = mapper.map_occupation_and_group(text, limit=3)
        assert occupations == mapper.map(text, limit=3)
        assert groups == mapper.map(text, type="ssyk-level-4", limit=3)

    def test_an_ssyk_answer_is_calibrated_as_a_group(self, mapper: Mapper) -> None:
        query, ranked = mapper.rank("Undersköterska till hemtjänsten", "ssyk-level-4")
        inputs = mapper.calibration_inputs(ranked, 0, query, "ssyk-level-4")
        expected = round(mapper.group_calibration.confidence(inputs), 4)
        result = mapper.map("Undersköterska till hemtjänsten", type="ssyk-level-4")
        assert result.matches[0].confidence == expected
        assert mapper.group_calibration != mapper.calibration

    def test_skill_type_returns_skills(self, mapper: Mapper) -> None:
        best = mapper.map("svetsning", type="skill").matches[0]
        assert best.type == "skill"
        assert "svets" in best.preferred_label.lower()


class TestLongTexts:
    def test_an_ad_maps_through_its_headline_and_context(self, mapper: Mapper) -> None:
        text = (
            "Säljare till vårt team i Malmö\n"
            "Du ringer upp våra kunder via telefon och säljer abonnemang. "
            "Telefonförsäljning är ditt område och du trivs i ett callcenter."
        )
        assert ssyk(mapper, text) == "5242"

    def test_a_definition_maps_through_its_first_words(self, mapper: Mapper) -> None:
        text = (
            "Svetsning avser att foga samman metalldelar genom att värma dem tills "
            "de smälter, med olika metoder och utrustning beroende på material."
        )
        best = mapper.map(text, type="skill").matches[0]
        assert "svets" in best.preferred_label.lower()


class TestAdTexts:
    """Headline + description: the headline names it, the description picks."""

    def test_the_description_picks_telephone_sales_among_sellers(
        self, mapper: Mapper
    ) -> None:
        text = (
            "Säljare \u2013 solpaneler till villaägare\n"  # an en dash, as ads write it
            "Du ringer upp villaägare och säljer solpaneler via telefon från vårt "
            "kontor. Fast lön och provision."
        )
        assert ssyk(mapper, text) == "5242"

    def test_a_workplace_in_the_headline_does_not_make_a_specialist(
        self, mapper: Mapper
    ) -> None:
        text = (
            "Sjuksköterska till kirurgavdelningen\n"
            "Vi söker en legitimerad sjuksköterska som vill arbeta med patienter "
            "före och efter operation. Du ansvarar för omvårdnad och läkemedel."
        )
        assert top(mapper.map(text)) == ("Sjuksköterska, grundutbildad", "2221")

    def test_a_slogan_after_a_bar_is_not_matched_as_a_title(
        self, mapper: Mapper
    ) -> None:
        text = (
            "Lagerarbetare | Perfekt extrajobb för dig som studerar!\n"
            "Du plockar och packar order på vårt lager och kör truck."
        )
        assert ssyk(mapper, text) == "4322"

    def test_the_title_after_söker_is_found_behind_the_employer_name(
        self, mapper: Mapper
    ) -> None:
        text = (
            "Kalles Bygg AB söker snickare\n"
            "Vi behöver förstärkning i vårt byggteam. Du bygger om kök och badrum "
            "hos våra kunder."
        )
        assert ssyk(mapper, text) == "7111"

    def test_a_headline_without_a_title_leaves_it_to_the_description(
        self, mapper: Mapper
    ) -> None:
        text = (
            "Bli en del av vårt team i Malmö!\n"
            "Vi söker nu en undersköterska till vårt äldreboende. Du arbetar med "
            "omvårdnad av äldre och har undersköterskeutbildning."
        )
        assert ssyk(mapper, text) in {"5321", "5323"}

    def test_the_reason_of_an_ad_match_names_headline_and_context(
        self, mapper: Mapper
    ) -> None:
        text = "Kock till vår restaurang\nDu lagar à la carte-rätter i vårt kök."
        best = mapper.map(text).matches[0]
        assert best.ssyk_code_2012 == "5120"
        assert "headline" in best.reason
        assert "group context" in best.reason
