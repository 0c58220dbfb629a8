"""The extraction harness: scoring on hand cases, the sets, the fixtures' gold ids."""

import json
from pathlib import Path
from typing import get_args

import pytest

from taxonomy.evaluation.extraction import (
    Tally,
    figures_of,
    run_extraction_evaluation,
    score_case,
)
from taxonomy.evaluation.extraction_report import render_extraction_report
from taxonomy.evaluation.extraction_sets import (
    CONCEPT_TYPES,
    FIXTURES,
    HOLDOUT_SETS,
    OWN_SETS,
    GoldItem,
    TextCase,
    load_text_cases,
)
from taxonomy.evaluation.extraction_systems import (
    ExtractorSystem,
    Found,
    LabelSearchBaseline,
)
from taxonomy.evaluation.sets import UnknownSet
from taxonomy.mapping.results import SwedishLevelCode
from taxonomy.snapshot import read_snapshot
from taxonomy.tests.mapping_support import snapshot_mapper
from taxonomy.tests.snapshot_support import require_shared_taxonomy

ALL = frozenset(CONCEPT_TYPES) | {"swedish"}


def _case(*gold: GoldItem) -> TextCase:
    return TextCase("demo", "1", "text", gold, ALL)


def test_precision_recall_and_requirements_on_a_hand_case() -> None:
    case = _case(
        GoldItem("skill", "a", "must"),
        GoldItem("skill", "b", "merit"),
        GoldItem("skill", "c", None),
        GoldItem("language", "en", "must"),
    )
    found = [
        Found("skill", "a", "must"),
        Found("skill", "b", "must"),
        Found("skill", "d", None),
        # The same concept read twice is one item, judged by its first mention.
        Found("skill", "a", "merit"),
    ]
    tally = score_case(case, found, "skill")
    assert tally == Tally(gold=3, found=3, correct=2, judged=2, agreed=1)
    figures = figures_of("demo", "s", "skill", tally)
    # P = 2/3, R = 2/3, F1 = 2PR/(P+R) = 2/3; must/merit right on 1 of 2.
    assert figures.precision == pytest.approx(2 / 3)
    assert figures.recall == pytest.approx(2 / 3)
    assert figures.f1 == pytest.approx(2 / 3)
    assert figures.requirement_accuracy == 0.5
    # Other categories are scored apart: the language was missed.
    assert score_case(case, found, "language") == Tally(1, 0, 0, 0, 0)


def test_f1_is_the_harmonic_mean_of_unequal_precision_and_recall() -> None:
    # 2 found, both right, of 4 gold: P = 1, R = 1/2, F1 = 2 * 0.5 / 1.5 = 2/3.
    figures = figures_of("demo", "s", "skill", Tally(4, 2, 2, 0, 0))
    assert (figures.precision, figures.recall) == (1.0, 0.5)
    assert figures.f1 == pytest.approx(2 / 3)
    assert figures.requirement_accuracy is None
    # Nothing found: precision undefined, F1 zero; nothing at all: no figures.
    missed = figures_of("demo", "s", "skill", Tally(3, 0, 0, 0, 0))
    assert (missed.precision, missed.recall, missed.f1) == (None, 0.0, 0.0)
    empty = figures_of("demo", "s", "skill", Tally())
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)


def test_a_deprecated_gold_matches_its_successor_and_unjudged_gold_is_skipped() -> None:
    case = _case(GoldItem("occupation", "old", None, judged=False))
    found = [Found("occupation", "new", "must")]
    assert score_case(case, found, "occupation", {"old": "new"}) == Tally(1, 1, 1, 0, 0)
    assert score_case(case, found, "occupation") == Tally(1, 1, 0, 0, 0)


def _fixture_rows() -> list[tuple[str, dict[str, object]]]:
    rows = []
    for name, file in (OWN_SETS | HOLDOUT_SETS).items():
        with (FIXTURES / file).open(encoding="utf-8") as lines:
            rows += [(name, json.loads(line)) for line in lines if line.strip()]
    return rows


def test_every_fixture_gold_id_is_an_active_concept_of_its_category() -> None:
    concepts = {c.id: c for c in read_snapshot(require_shared_taxonomy()).concepts}
    levels = set(get_args(SwedishLevelCode))
    rows = _fixture_rows()
    for name, row in rows:
        gold = row["gold"]
        assert isinstance(gold, list)
        for item in gold:
            where = f"{name} {row['id']} {item}"
            assert item["requirement"] in ("must", "merit", None), where
            if item["category"] == "swedish":
                assert item["concept_id"] in levels, where
                continue
            concept = concepts.get(item["concept_id"])
            assert concept is not None, where
            assert concept.type == CONCEPT_TYPES[item["category"]], where
            assert not concept.deprecated, where
    sizes = {name: sum(n == name for n, _ in rows) for name in OWN_SETS | HOLDOUT_SETS}
    assert sizes["own/ads"] >= 60
    assert sizes["own/participants"] >= 40
    assert sizes["holdout/ads"] >= 50
    assert sizes["holdout/participants"] >= 40
    assert len({str(row["id"]) for _, row in rows}) == len(rows)


def test_sets_are_selected_by_prefix_and_an_unknown_set_is_an_error(
    tmp_path: Path,
) -> None:
    cases = load_text_cases(tmp_path, ["own"])
    assert {c.set for c in cases} == set(OWN_SETS)
    held_out = load_text_cases(tmp_path, ["holdout"])
    assert {c.set for c in held_out} == set(HOLDOUT_SETS)
    # No shared files in tmp_path: "all" is every fixture set, own and held out.
    everything = load_text_cases(tmp_path, ["all"])
    assert {c.set for c in everything} == set(OWN_SETS) | set(HOLDOUT_SETS)
    with pytest.raises(UnknownSet, match="nosuchset"):
        load_text_cases(tmp_path, ["nosuchset"])


def test_real_ads_give_must_and_merit_gold_and_the_ads_own_occupation(
    tmp_path: Path,
) -> None:
    ad = {
        "id": 7,
        "headline": "Bussförare",
        "description_text": "Du kör linjetrafik.",
        "occupation": {"concept_id": "occ"},
        "must_have": {"languages": [{"concept_id": "en"}], "skills": []},
        "nice_to_have": {
            "languages": [{"concept_id": "en"}, {"concept_id": "sv"}],
            "work_experiences": [{"concept_id": "occ"}],
        },
    }
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "jobsearch_ads.jsonl").write_text(json.dumps(ad) + "\n")
    (case,) = load_text_cases(tmp_path, ["jobsearch-ads"])
    assert case.text == "Bussförare\nDu kör linjetrafik."
    assert set(case.gold) == {
        GoldItem("language", "en", "must"),
        GoldItem("language", "sv", "merit"),
        GoldItem("occupation", "occ", "merit"),
    }
    assert case.categories == {"occupation", "skill", "language"}


def test_label_search_reads_whole_words_and_no_requirements() -> None:
    mapper = snapshot_mapper()
    found = LabelSearchBaseline(mapper).read("Vi kräver engelska och SFI D.")
    english = mapper.typed.languages["engelska"].id
    assert Found("language", english, None) in found
    assert Found("swedish", "sfi_d", None) in found
    # "engelskan" is not the whole word "engelska".
    assert not LabelSearchBaseline(mapper).read("engelskan")


def test_the_extractor_system_keeps_requirements_and_drops_negations() -> None:
    mapper = snapshot_mapper()
    licence = mapper.typed.licences["B"].id
    system = ExtractorSystem(mapper)
    assert Found("driving-licence", licence, "must") in system.read(
        "Vi kräver B-körkort."
    )
    # The extractor reports the licence as negated; the harness drops it.
    (mention,) = mapper.extract("Inget krav på körkort B.").driving_licences
    assert mention.negated
    assert not [
        f for f in system.read("Inget krav på körkort B.") if f.concept_id == licence
    ]


def test_the_report_marks_targets_and_ends_in_its_json(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    mapper = snapshot_mapper()
    licence = mapper.typed.licences["B"].id
    row = {
        "id": "x1",
        "text": "Du har B-körkort.",
        "gold": [
            {
                "category": "driving-licence",
                "concept_id": licence,
                "requirement": "must",
            }
        ],
    }
    (fixtures / "own_ads.jsonl").write_text(json.dumps(row) + "\n")
    report = run_extraction_evaluation(
        ["own/ads"], shared_dir=tmp_path, mapper=mapper, fixtures=fixtures
    )
    figures = {(f.system, f.category): f for f in report.figures}
    assert figures["extractor", "driving-licence"].f1 == 1.0
    assert figures["label-search", "driving-licence"].requirement_accuracy == 0.0
    checks = {(t.system, t.category): t for t in report.targets}
    assert checks["extractor", "driving-licence"].met
    assert not checks["label-search", "requirement"].met
    lines = render_extraction_report(report).splitlines()
    assert json.loads(lines[-1]) == report.to_dict()
    assert any("driving-licence  f1 100.0 >= 95: met" in line for line in lines)


def test_held_out_sets_are_scored_but_never_judged_on_the_targets(
    tmp_path: Path,
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    mapper = snapshot_mapper()
    licence = mapper.typed.licences["B"].id
    gold = [
        {"category": "driving-licence", "concept_id": licence, "requirement": "must"}
    ]
    for file in ("own_ads.jsonl", "holdout_ads.jsonl"):
        row = {"id": file, "text": "Du har B-körkort.", "gold": gold}
        (fixtures / file).write_text(json.dumps(row) + "\n")
    report = run_extraction_evaluation(
        ["own/ads", "holdout/ads"],
        shared_dir=tmp_path,
        mapper=mapper,
        fixtures=fixtures,
    )
    assert report.cases == {"own/ads": 1, "holdout/ads": 1}
    assert "holdout/ads" in {f.set for f in report.figures}
    assert {t.set for t in report.targets} == {"own/ads"}
