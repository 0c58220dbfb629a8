"""The discrimination screen, phrase by phrase.

Two tables: wording an employer may not use (each with every ground it touches) and
ordinary wording from needs, tracks, cohorts and organisations that must pass. A
phrase that fails here is either a gap in `PHRASES` or a false alarm that would make
liaisons stop trusting the screen; both matter.
"""

import pytest

from service.errors import InvalidInput
from service.requirements.discrimination import (
    ALDER,
    ETNISK,
    FUNKTION,
    IDENTITET,
    KON,
    LAGGNING,
    LAW,
    RELIGION,
    discrimination_errors,
    fold,
    grounds_in,
    reject_discrimination,
)

REFUSED: list[tuple[str, set[str]]] = [
    # kön (the spellings first)
    ("Städare, endast  män", {KON}),
    ("Endast\u00a0män", {KON}),
    ("endast\tkvinnor", {KON}),
    ("ENDAST MÄN", {KON}),
    ("endast man", {KON}),
    ("Bara tjejer", {KON}),
    ("Enbart killar sökes", {KON}),
    ("Helst en kvinna", {KON}),
    ("Uteslutande manliga", {KON}),
    ("Män föredras", {KON}),
    ("män foredras", {KON}),
    ("Kvinnor ej aktuella", {KON}),
    ("Kvinnor inte välkomna", {KON}),
    ("Manliga sökande prioriteras", {KON}),
    ("Kvinnlig kandidat önskas", {KON}),
    ("Man sökes till lager", {KON}),
    ("Vi söker en kille till lagret", {KON}),
    ("Vi söker en manlig medarbetare", {KON}),
    ("Ej kvinnor", {KON}),
    ("Arbetet passar inte för kvinnor", {KON}),
    ("Ej lämpligt för kvinnor", {KON}),
    ("Passar bäst för män", {KON}),
    ("Ej gravid", {KON}),
    ("Ingen planerad föräldraledighet", {KON}),
    ("Inga planer på barn", {KON}),
    ("Vi söker tjejer", {KON}),
    ("only men", {KON}),
    ("We only hire men", {KON}),
    ("Only women", {KON}),
    ("Men only", {KON}),
    ("Female applicants preferred", {KON}),
    ("Male candidates wanted", {KON}),
    ("Must be male", {KON}),
    ("We are looking for a woman", {KON}),
    ("Preferably male", {KON}),
    ("No women", {KON}),
    ("Not suitable for women", {KON}),
    ("No pregnant applicants", {KON}),
    ("No maternity leave planned", {KON}),
    # könsöverskridande identitet eller uttryck
    ("Ej transpersoner", {IDENTITET}),
    ("Inga icke-binära", {IDENTITET}),
    ("Biologisk kvinna", {IDENTITET}),
    ("Du ska vara född man", {IDENTITET}),
    ("Biologiskt kön avgör", {IDENTITET}),
    ("No transgender people", {IDENTITET}),
    ("Biological females only", {IDENTITET, KON}),
    ("Born male", {IDENTITET}),
    ("No non-binary applicants", {IDENTITET}),
    # etnisk tillhörighet
    ("Undersköterska med svenska som modersmål", {ETNISK}),
    ("svenska som modersmal", {ETNISK}),
    ("Svensk som modersmål", {ETNISK}),
    ("Svenska som sitt modersmål", {ETNISK}),
    ("Svenska som förstaspråk", {ETNISK}),
    ("Modersmål: svenska", {ETNISK}),
    ("Svenskt modersmål", {ETNISK}),
    ("Svenska på modersmålsnivå", {ETNISK}),
    ("Svenskt ursprung", {ETNISK}),
    ("Svensk bakgrund", {ETNISK}),
    ("Nordisk härkomst", {ETNISK}),
    ("Infödd svensk", {ETNISK}),
    ("Svenskfödd", {ETNISK}),
    ("Född i Sverige", {ETNISK}),
    ("Född och uppvuxen i Sverige", {ETNISK}),
    ("Etniskt svensk", {ETNISK}),
    ("Helsvensk", {ETNISK}),
    ("Utan brytning", {ETNISK}),
    ("Ingen accent", {ETNISK}),
    ("Accentfri svenska", {ETNISK}),
    ("Utan utländsk bakgrund", {ETNISK}),
    ("Inga invandrare", {ETNISK}),
    ("Ljus hy", {ETNISK}),
    ("Svenskklingande namn", {ETNISK}),
    ("Native Swedish speaker", {ETNISK}),
    ("native speaker of Swedish", {ETNISK}),
    ("Swedish as your mother tongue", {ETNISK}),
    ("Mother tongue: Swedish", {ETNISK}),
    ("Native-level Swedish", {ETNISK}),
    ("Swedish background", {ETNISK}),
    ("Ethnically Swedish", {ETNISK}),
    ("Born in Sweden", {ETNISK}),
    ("Without an accent", {ETNISK}),
    ("No immigrants", {ETNISK}),
    ("White applicants", {ETNISK}),
    # religion eller annan trosuppfattning
    ("Ej slöja", {RELIGION}),
    ("Sökande får inte bära slöja", {RELIGION}),
    ("Ingen huvudduk", {RELIGION}),
    ("Inga religiösa symboler", {RELIGION}),
    ("Slöja ej tillåten", {RELIGION}),
    ("Kristen tro", {RELIGION}),
    ("Muslimsk bakgrund", {RELIGION}),
    ("Du ska vara kristen", {RELIGION}),
    ("Inga muslimer", {RELIGION}),
    ("Endast kristna", {RELIGION}),
    ("No headscarves", {RELIGION}),
    ("Hijab not allowed", {RELIGION}),
    ("Must be Christian", {RELIGION}),
    ("Christians only", {RELIGION}),
    ("No religious symbols", {RELIGION}),
    # funktionsnedsättning and health
    ("Utan funktionsnedsättning", {FUNKTION}),
    ("Inga funktionsnedsättningar", {FUNKTION}),
    ("Ej rullstolsburen", {FUNKTION}),
    ("Inga diagnoser", {FUNKTION}),
    ("Ingen ADHD", {FUNKTION}),
    ("Inga sjukskrivningar", {FUNKTION}),
    ("Frisk och stark", {FUNKTION}),
    ("frisk  och  stark", {FUNKTION}),
    ("Fullt frisk", {FUNKTION}),
    ("Du ska vara frisk", {FUNKTION}),
    ("Noggrann, frisk, körkort B", {FUNKTION}),
    ("Vid god hälsa", {FUNKTION}),
    ("Inga sjukdomar", {FUNKTION}),
    ("Inga kroniska sjukdomar", {FUNKTION}),
    ("Utan psykisk ohälsa", {FUNKTION}),
    ("No disabilities", {FUNKTION}),
    ("Able-bodied", {FUNKTION}),
    ("In good health", {FUNKTION}),
    ("Must be healthy", {FUNKTION}),
    ("No history of mental illness", {FUNKTION}),
    ("No wheelchair users", {FUNKTION}),
    # sexuell läggning
    ("Heterosexuell", {LAGGNING}),
    ("Ej homosexuella", {LAGGNING}),
    ("Inga HBTQ-personer", {LAGGNING}),
    ("Heterosexual", {LAGGNING}),
    ("No gays", {LAGGNING}),
    ("Must be straight", {LAGGNING}),
    # ålder
    ("Lagerarbetare, max 35 år", {ALDER}),
    ("Max. 35 år", {ALDER}),
    ("Högst 40 år", {ALDER}),
    ("Under 30 år", {ALDER}),
    ("Inte äldre än 45", {ALDER}),
    ("25\u201335 år", {ALDER}),
    ("25 - 35 år", {ALDER}),
    ("Mellan 20 och 30 år", {ALDER}),
    ("Vi söker personer 25-35 år", {ALDER}),
    ("Looking for young people aged 20-25", {ALDER}),
    ("Ålder: 25-35", {ALDER}),
    ("30 år eller yngre", {ALDER}),
    ("Född efter 1990", {ALDER}),
    ("Född på 80-talet", {ALDER}),
    ("Ung och pigg", {ALDER}),
    ("Ungdomlig", {ALDER}),
    ("Ungt och dynamiskt gäng", {ALDER}),
    ("Ung förmåga", {ALDER}),
    ("Vi söker dig som är ung", {ALDER}),
    ("Vi söker en yngre", {ALDER}),
    ("Ej pensionärer", {ALDER}),
    ("Under 30 years old", {ALDER}),
    ("Aged 25-35", {ALDER}),
    ("Between 20 and 30 years old", {ALDER}),
    ("No older than 40", {ALDER}),
    ("Maximum age 35", {ALDER}),
    ("Young and dynamic", {ALDER}),
    ("Digital native", {ALDER}),
    # several grounds at once: every one is reported
    (
        "Endast män, frisk och stark, max 35 år, svenska som modersmål",
        {KON, FUNKTION, ALDER, ETNISK},
    ),
    ("Only men under 30 years old, native Swedish speaker", {KON, ALDER, ETNISK}),
    ("Kvinnor ej aktuella. Ej slöja. Heterosexuell.", {KON, RELIGION, LAGGNING}),
    ("Ej transpersoner, inga funktionsnedsättningar", {IDENTITET, FUNKTION}),
    # disguised: invisible characters, dashes, full-width letters
    ("end\u00adast män", {KON}),
    ("svenska\u200b som modersmål", {ETNISK}),
    ("ｅｎｄａｓｔ ｍäｎ", {KON}),  # noqa: RUF001 (full-width letters on purpose)
    ("endast-män", {KON}),
    ("Svenska som\nmodersmål", {ETNISK}),
]

PASSES: list[str] = [
    # requirements
    "Körkort B",
    "B-körkort krävs",
    "Truckkort A och B",
    "Svenska i tal och skrift",
    "Goda kunskaper i svenska",
    "Svenska på SFI D-nivå",
    "Svenska som andraspråk grund",
    "Flytande svenska och engelska",
    "Engelska i tal och skrift",
    "Fluent Swedish",
    "Good command of Swedish and English",
    "Swedish at B2 level",
    "Hygienutbildning",
    "Heta arbeten",
    "Minst 2 års erfarenhet",
    "Minst 20 år i yrket",
    "Stresstålig och noggrann",
    "Fysiskt krävande arbete, tunga lyft",
    "Arbetet innebär tunga lyft upp till 25 kg",
    "Arbete på höjd",
    "Nattarbete förekommer",
    "Kvälls- och helgarbete",
    "Max 40 timmar per vecka",
    "Högst 12 månader",
    "Under 12 månader",
    "Heltid 100 %",
    "Medicinsk kontroll enligt AFS 2019:3",
    "Läkarintyg krävs för dykarbete",
    "Utdrag ur belastningsregistret",
    "Inga förkunskaper krävs",
    "Inga diagnoser krävs för att delta",
    "Ingen erfarenhet krävs",
    "Bra att ha: körkort",
    "Du är noggrann, social och flexibel",
    "Du talar arabiska eller somaliska, meriterande",
    # the work and the people served
    "Arbete med äldre",
    "Äldreomsorg",
    "Äldreboendet Solgläntan",
    "Stöd till äldre personer i hemmet",
    "Brukare i åldern 65-90",
    "Hemtjänst för pensionärer äldre än 65",
    "Barnskötare",
    "Barnskötare på förskola, barn 1-5 år",
    "Fritidshem för barn 10-12 år",
    "Arbete med ungdomar 13-17 år",
    "Elever 16-20 år på gymnasiet",
    "Ungdomsmottagning",
    "Arbete med unga vuxna",
    "Personlig assistent till en kvinna med funktionsnedsättning",
    "LSS-boende för personer med funktionsnedsättning",
    "Daglig verksamhet för vuxna med autism",
    "Arbete i frisk luft",
    "Friskvårdsbidrag 3000 kr",
    "Vi erbjuder friskvårdstimme",
    "Lokalen är inte rullstolsanpassad",
    "Vi arbetar för god hälsa i befolkningen",
    "Promote good health among residents",
    "Healthy food for the pupils",
    "Transport av gods",
    "Translator Swedish-English",
    "Modersmålslärare i arabiska",
    "Studiehandledning på modersmål",
    "Fordonet är max 10 år gammalt",
    "Under 30 år har vi drivit äldreboende",
    "Företaget har funnits i 30 år",
    "Minst 18 år enligt alkohollagen",
    "Bara man har körkort B går det bra",
    "Kan man lyfta 20 kg klarar man jobbet",
    "Om man trivs med människor passar jobbet",
    # welcoming everyone, naming a target group
    "Män och kvinnor välkomna",
    "Vi välkomnar sökande oavsett kön, ålder eller bakgrund",
    "Vi välkomnar särskilt kvinnliga sökande",
    "Vi ser gärna sökande med olika bakgrund",
    "Sökande med utländsk bakgrund välkomnas",
    "Alla oavsett hudfärg, religion eller sexuell läggning",
    "HBTQ-certifierad arbetsplats",
    "Vi söker en man eller kvinna med körkort",
    "Passar både män och kvinnor",
    "Vi söker kvinnor och män",
    "Looking for women or men",
    "Söker man jobb hos oss, ring oss",
    "Trans- och icke-binära välkomna",
    "We welcome applicants regardless of gender or age",
    "All genders welcome",
    "Women and men are encouraged to apply",
    # names of organisations, tracks and cohorts
    "Kvinnojour",
    "Kvinnojouren Frida",
    "Tjejjouren Väst",
    "Mansjouren",
    "Män för jämställdhet",
    "Kvinnoklinik Södersjukhuset",
    "Kristna förskolan Arken",
    "Judiska församlingen i Stockholm",
    "Svenska kyrkan Farsta",
    "Islamiska kulturföreningen",
    "RFSL Stockholm",
    "Friskis & Svettis",
    "Frisktandvård AB",
    "Stark Bygg AB",
    "Anna Frisk",
    "Pensionärsföreningen PRO",
    "Seniorboende Ekbacken",
    "Ungdomsspår vår 2027",
    "Kvinnor i bygg 2027",
    "Jobbspår undersköterska vt 2027",
    "Grupp A, våren 2027",
    "Kohort 3",
    "Stockholmsjobb hösten 2026",
    "Arbetsmarknadsförvaltningen Järva",
    "Svenska Bostäder",
    "Nordiska museet",
    "Transportföretaget Norr",
    "Ålderdomshemmet Linden",
    "Svensk byggtjänst",
    "Vård och omsorg, Skärholmen",
]


class TestRefused:
    @pytest.mark.parametrize(("text", "grounds"), REFUSED)
    def test_every_ground_the_text_asks_for_is_found(
        self, text: str, grounds: set[str]
    ) -> None:
        assert {ground for ground, _ in grounds_in(text)} == grounds

    def test_the_table_is_at_least_a_hundred_phrasings(self) -> None:
        assert len(REFUSED) >= 100


class TestPasses:
    @pytest.mark.parametrize("text", PASSES)
    def test_ordinary_wording_passes(self, text: str) -> None:
        assert grounds_in(text) == []

    def test_the_table_is_at_least_a_hundred_phrasings(self) -> None:
        assert len(PASSES) >= 100


class TestFold:
    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("endast\u00a0 MÄN", "endast man"),
            ("svenska\tsom\n\nmodersmål", "svenska som modersmal"),
            ("Ålder : 25 \u2013 35", "alder: 25-35"),
            ("Søren Æbelø", "soren aebelo"),
            ("end\u00adast\u200b", "endast"),
        ],
    )
    def test_one_spelling_for_what_reads_as_one(self, text: str, folded: str) -> None:
        assert fold(text) == folded


class TestDiscriminationErrors:
    def test_each_field_names_all_its_grounds_and_never_the_words(self) -> None:
        errors = discrimination_errors(
            {
                "name": "Endast män under 30 år",
                "steps": [{"provider": "Frisk och stark AB"}],
                "requirements": {"notes": "Körkort B"},
            }
        )
        assert [(error.field, error.rule) for error in errors] == [
            ("name", "discriminatory"),
            ("steps[0].provider", "discriminatory"),
        ]
        assert f"'{KON}', '{ALDER}'" in errors[0].message
        assert f"'{FUNKTION}'" in errors[1].message
        for error in errors:
            assert LAW in error.message
            assert "män" not in error.message
            assert "frisk" not in error.message.lower()

    def test_the_statutory_basis_of_an_age_limit_may_name_the_age(self) -> None:
        document = {"requirements": {"minimum_age_basis": "Under 18 år enligt lag"}}
        assert discrimination_errors(document) == []
        assert discrimination_errors({"requirements": {"notes": "Under 18 år"}})

    def test_the_refusal_lists_every_ground_in_the_law_s_order(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            reject_discrimination(
                {"name": "Max 35 år", "description": "Endast män. Ej slöja."}
            )
        assert refused.value.extensions == {"grounds": [KON, RELIGION, ALDER]}
        assert "Max 35" not in refused.value.detail
        assert "män" not in refused.value.detail
