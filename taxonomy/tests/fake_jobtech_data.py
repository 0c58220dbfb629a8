"""A small two-version taxonomy for the fake JobTech server, written by hand.

Ids written like ``fkG2_Sys_ana`` are invented; the others are real JobTech ids quoted
in ``shared/taxonomy/API.md`` (Systemutvecklare, Skolvärd ...), used with made-up
details. Version 2 creates Interaktionsdesigner and Kubernetes and deprecates
Användbarhetsexpert, replaced by Interaktionsdesigner (JobTech's own example).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FakeConcept:
    id: str
    type: str
    label: str
    since: int = 1
    deprecated_in: int | None = None
    replaced_by: tuple[str, ...] = ()
    definition: str | None = None
    alternative_labels: tuple[str, ...] = ()
    # GraphQL field names; REST spells them kebab-case under ``taxonomy/``.
    codes: dict[str, str] = field(default_factory=dict)

    def exists_in(self, version: int) -> bool:
        return self.since <= version

    def deprecated_at(self, version: int) -> bool:
        return self.deprecated_in is not None and self.deprecated_in <= version


@dataclass(frozen=True)
class FakeEdge:
    source: str
    relation: str  # broader (child -> parent), related, substitutes
    target: str
    percentage: int | None = None


VERSIONS = {1: "2024-02-21T16:16:00.195Z", 2: "2024-05-22T09:30:00.000Z"}
LATEST = max(VERSIONS)


def _group(id: str, code: str, label: str) -> FakeConcept:
    codes = {"ssyk_code_2012": code, "deprecated_legacy_id": code}
    return FakeConcept(id, "ssyk-level-4", label, codes=codes)


OCCUPATION = "occupation-name"


CONCEPTS = (
    FakeConcept("apaJ_2ja_LuF", "occupation-field", "Data/IT"),
    FakeConcept("fkF2_Ped_ago", "occupation-field", "Pedagogik"),
    FakeConcept("fkF3_Hot_ell", "occupation-field", "Hotell, restaurang, storhushåll"),
    _group("DJh5_yyF_hEM", "2512", "Mjukvaru- och systemutvecklare m.fl."),
    _group("fkG2_Sys_ana", "2511", "Systemanalytiker och IT-arkitekter m.fl."),
    _group("fkG3_Ele_ass", "5312", "Elevassistenter m.fl."),
    _group("fkG4_Fri_led", "3423", "Fritidsledare m.fl."),
    _group("fkG5_Bar_ten", "5132", "Bartendrar"),
    FakeConcept(
        "fg7B_yov_smw",
        OCCUPATION,
        "Systemutvecklare/Programmerare",
        alternative_labels=("Programmerare",),
        codes={"deprecated_legacy_id": "2419"},
        definition="Utvecklar och underhåller programvara.",
    ),
    FakeConcept("7wdX_4rv_33z", OCCUPATION, "Backend-utvecklare"),
    FakeConcept("71Ji_irM_rSJ", OCCUPATION, "Fullstack-utvecklare"),
    FakeConcept(
        "HciA_Cu7_FXt",
        OCCUPATION,
        "Användbarhetsexpert",
        deprecated_in=2,
        replaced_by=("QQjZ_NAN_bDR",),
        definition="Granskar hur lätta system är att använda.",
    ),
    FakeConcept("QQjZ_NAN_bDR", OCCUPATION, "Interaktionsdesigner", since=2),
    FakeConcept("Sbzf_iBA_MAS", OCCUPATION, "Elevassistent"),
    FakeConcept("17FS_XzU_AQ4", OCCUPATION, "Skolvärd"),
    FakeConcept("BY1K_mZ4_oKj", OCCUPATION, "Fritidskonsulent"),
    FakeConcept("fkO9_Bar_ten", OCCUPATION, "Bartender"),
    FakeConcept("fkH1_Pro_gra", "skill-headline", "Programmering"),
    FakeConcept("fkH2_Ped_arb", "skill-headline", "Pedagogiskt arbete"),
    FakeConcept("fkS1_Pyt_hon", "skill", "Python, programmeringsspråk"),
    FakeConcept("fkS2_Jav_aaa", "skill", "Java, programmeringsspråk"),
    FakeConcept("fkS3_Jav_scr", "skill", "JavaScript, programmeringsspråk"),
    FakeConcept("fkS4_SQL_aaa", "skill", "SQL, frågespråk"),
    FakeConcept("fkS5_Kub_ern", "skill", "Kubernetes", since=2),
    FakeConcept("fkS6_Spe_ped", "skill", "Specialpedagogik"),
    FakeConcept("fkS7_Anv_tes", "skill", "Användbarhetstester"),
    FakeConcept("fkS8_Dri_nka", "skill", "Drinkblandning"),
    FakeConcept(
        "oLT3_Q9p_3nn",
        "region",
        "Östergötlands län",
        codes={"national_nuts_level_3_code_2019": "05"},
    ),
    FakeConcept(
        "bm2x_1mr_Qhx", "municipality", "Linköping", codes={"lau_2_code_2015": "0580"}
    ),
)


def _broader(pairs: dict[str, str]) -> list[FakeEdge]:
    return [FakeEdge(child, "broader", parent) for child, parent in pairs.items()]


EDGES = (
    *_broader(
        {
            "DJh5_yyF_hEM": "apaJ_2ja_LuF",
            "fkG2_Sys_ana": "apaJ_2ja_LuF",
            "fkG3_Ele_ass": "fkF2_Ped_ago",
            "fkG4_Fri_led": "fkF2_Ped_ago",
            "fkG5_Bar_ten": "fkF3_Hot_ell",
            "fg7B_yov_smw": "DJh5_yyF_hEM",
            "7wdX_4rv_33z": "DJh5_yyF_hEM",
            "71Ji_irM_rSJ": "DJh5_yyF_hEM",
            "HciA_Cu7_FXt": "fkG2_Sys_ana",
            "QQjZ_NAN_bDR": "fkG2_Sys_ana",
            "Sbzf_iBA_MAS": "fkG3_Ele_ass",
            "17FS_XzU_AQ4": "fkG3_Ele_ass",
            "BY1K_mZ4_oKj": "fkG4_Fri_led",
            "fkO9_Bar_ten": "fkG5_Bar_ten",
            "fkS1_Pyt_hon": "fkH1_Pro_gra",
            "fkS2_Jav_aaa": "fkH1_Pro_gra",
            "fkS3_Jav_scr": "fkH1_Pro_gra",
            "fkS4_SQL_aaa": "fkH1_Pro_gra",
            "fkS5_Kub_ern": "fkH1_Pro_gra",
            "fkS6_Spe_ped": "fkH2_Ped_arb",
            "bm2x_1mr_Qhx": "oLT3_Q9p_3nn",
        }
    ),
    *(
        FakeEdge("DJh5_yyF_hEM", "related", skill)
        for skill in ("fkS1_Pyt_hon", "fkS2_Jav_aaa", "fkS3_Jav_scr", "fkS4_SQL_aaa")
    ),
    FakeEdge("DJh5_yyF_hEM", "related", "fkS5_Kub_ern"),
    FakeEdge("fkG2_Sys_ana", "related", "fkS7_Anv_tes"),
    FakeEdge("fkG3_Ele_ass", "related", "fkS6_Spe_ped"),
    FakeEdge("fkG5_Bar_ten", "related", "fkS8_Dri_nka"),
    FakeEdge("17FS_XzU_AQ4", "substitutes", "Sbzf_iBA_MAS", 75),
    FakeEdge("Sbzf_iBA_MAS", "substitutes", "17FS_XzU_AQ4", 75),
    FakeEdge("BY1K_mZ4_oKj", "substitutes", "17FS_XzU_AQ4", 25),
    FakeEdge("71Ji_irM_rSJ", "substitutes", "7wdX_4rv_33z", 75),
)


class FakeTaxonomy:
    """Queries over :data:`CONCEPTS` and :data:`EDGES` as of one version."""

    def __init__(
        self,
        concepts: tuple[FakeConcept, ...] = CONCEPTS,
        edges: tuple[FakeEdge, ...] = EDGES,
    ) -> None:
        self.concepts = concepts
        self.edges = edges
        self.by_id = {concept.id: concept for concept in concepts}

    def visible(self, version: int, include_deprecated: bool) -> list[FakeConcept]:
        return [
            c
            for c in self.concepts
            if c.exists_in(version)
            and (include_deprecated or not c.deprecated_at(version))
        ]

    def types(self, version: int) -> list[str]:
        return sorted({c.type for c in self.concepts if c.exists_in(version)})

    def neighbours(
        self, concept: FakeConcept, relation: str, version: int
    ) -> Iterator[tuple[FakeConcept, int | None]]:
        """The concepts ``relation`` leads to, as GraphQL names relations."""
        if relation == "replaced_by":
            if concept.deprecated_at(version):
                yield from ((self.by_id[i], None) for i in concept.replaced_by)
            return
        stored = "substitutes" if relation.startswith("substitut") else relation
        stored = "broader" if relation == "narrower" else stored
        incoming = relation in ("narrower", "substituted_by")
        for source, target, percentage in self._pairs(stored, relation == "related"):
            here, there = (target, source) if incoming else (source, target)
            if here == concept.id and self.by_id[there].exists_in(version):
                yield self.by_id[there], percentage

    def _pairs(
        self, relation: str, symmetric: bool
    ) -> Iterator[tuple[str, str, int | None]]:
        for edge in self.edges:
            if edge.relation == relation:
                yield edge.source, edge.target, edge.percentage
                if symmetric:
                    yield edge.target, edge.source, edge.percentage
