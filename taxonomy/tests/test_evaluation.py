"""The evaluation harness on small hand-written sets in a temporary folder."""

import json
from pathlib import Path

import pytest

from taxonomy.evaluation import UnknownSet, load_cases, render_report, run_evaluation
from taxonomy.tests.mapping_support import snapshot_mapper

KOCK = "Kock à la carte"


def _case(
    set_name: str, query: str, gold: list[str], ssyk: list[str]
) -> dict[str, object]:
    return {
        "set": set_name,
        "case_id": f"{set_name}:{query}",
        "query": query,
        "target_type": "occupation-name",
        "gold_ids": gold,
        "gold_ssyk4": ssyk,
        "expect_abstain": not gold,
    }


@pytest.fixture(name="shared")
def shared_fixture(tmp_path: Path) -> Path:
    mapper = snapshot_mapper()
    kock = next(
        c.id for c in mapper.catalogue.concepts.values() if c.preferred_label == KOCK
    )
    rows = [
        _case("demo/titles", "kock a la carte", [kock], ["5120"]),
        _case("demo/titles", "kockar à la carte", [kock], ["5120"]),
        _case("demo/places", "göteborg", [], []),
    ]
    ad = {
        "id": 1,
        "headline": "Kock till vår restaurang",
        "description_text": "Du lagar à la carte-rätter i vårt kök.",
        "occupation": {"concept_id": kock},
        "occupation_group": {"legacy_ams_taxonomy_id": "5120"},
    }
    folder = tmp_path / "eval"
    folder.mkdir()
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    (folder / "kingkong_v31.jsonl").write_text(lines + "\n", encoding="utf-8")
    (folder / "jobsearch_ads.jsonl").write_text(json.dumps(ad) + "\n", encoding="utf-8")
    return tmp_path


def test_a_prefix_selects_every_set_under_it(shared: Path) -> None:
    assert {c.set for c in load_cases(shared, ["demo"])} == {
        "demo/titles",
        "demo/places",
    }
    ads = load_cases(shared, ["jobsearch-ads"])
    assert {c.set for c in ads} == {
        "jobsearch-ads/headline",
        "jobsearch-ads/headline+text",
    }
    assert len(load_cases(shared, ["all"])) == 5


def test_an_unknown_set_is_an_error(shared: Path) -> None:
    with pytest.raises(UnknownSet, match="nosuchset"):
        load_cases(shared, ["nosuchset"])


def test_the_report_has_every_set_system_and_total(shared: Path) -> None:
    report = run_evaluation(["all"], shared_dir=shared, mapper=snapshot_mapper())
    keys = {(f.set, f.system) for f in report.figures}
    sets = {"demo/titles", "demo/places", "jobsearch-ads/headline"}
    for name in [*sets, "jobsearch-ads/headline+text", "total"]:
        for system in ("mapper", "wratio", "char-tfidf"):
            assert (name, system) in keys
    figures = {(f.set, f.system): f for f in report.figures}
    titles = figures["demo/titles", "mapper"]
    assert (titles.answerable, titles.top1, titles.ssyk_top1) == (2, 1.0, 1.0)
    places = figures["demo/places", "mapper"]
    assert (places.answerable, places.abstention_rate, places.abstain_recall) == (
        0,
        1.0,
        1.0,
    )
    assert figures["demo/places", "wratio"].abstain_recall == 0.0


def test_the_last_rendered_line_is_the_report_as_json(shared: Path) -> None:
    report = run_evaluation(["demo"], shared_dir=shared, mapper=snapshot_mapper())
    lines = render_report(report).splitlines()
    assert json.loads(lines[-1]) == report.to_dict()
    assert any(line.startswith("demo/titles") for line in lines)


def test_ssyk_answers_have_their_own_calibration_error(shared: Path) -> None:
    report = run_evaluation(["demo"], shared_dir=shared, mapper=snapshot_mapper())
    figures = {(f.set, f.system): f for f in report.figures}
    # Both "kock" titles fall in one half or the other: measured, or None when the
    # held-out half has no case with a gold group.
    titles = figures["demo/titles", "mapper"]
    test_half = [c for c in load_cases(shared, ["demo/titles"]) if c.split == "test"]
    assert (titles.ssyk_ece_test is None) == (not test_half)
    # A place has no gold group, so there is nothing to judge.
    assert figures["demo/places", "mapper"].ssyk_ece_test is None


def test_progress_hears_of_every_case_of_every_system(shared: Path) -> None:
    heard: list[tuple[str, int, int | None]] = []
    run_evaluation(
        ["demo"],
        shared_dir=shared,
        mapper=snapshot_mapper(),
        progress=lambda *call: heard.append(call),
    )
    systems = ("mapper", "wratio", "char-tfidf")
    assert heard == [(s, done, 3) for s in systems for done in (1, 2, 3)]
