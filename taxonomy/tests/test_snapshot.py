import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from taxonomy.snapshot import Snapshot, SnapshotUnreadable, read_snapshot
from taxonomy.tests.broken_snapshot import broken_snapshot_dir
from taxonomy.tests.snapshot_support import (
    mini_snapshot_dir,
    shared_taxonomy_dir,
    snapshot,
)


def _issue_lines(read: Snapshot, kind: str) -> list[tuple[str, int | None]]:
    return [
        (issue.file, issue.line) for issue in read.report.issues if issue.kind == kind
    ]


class TestSharedSnapshot:
    @pytest.fixture(name="shared")
    def shared_fixture(self) -> Snapshot:
        return snapshot("shared")

    @pytest.fixture(name="manifest")
    def manifest_fixture(self) -> dict[str, Any]:
        text = (shared_taxonomy_dir() / "manifest.json").read_text(encoding="utf-8")
        loaded: dict[str, Any] = json.loads(text)
        return loaded

    def test_counts_equal_the_manifest(
        self, shared: Snapshot, manifest: dict[str, Any]
    ) -> None:
        by_type = Counter(concept.type for concept in shared.concepts)
        deprecated = Counter(c.type for c in shared.concepts if c.deprecated)

        assert by_type == manifest["concepts_by_type"]
        assert deprecated == manifest["deprecated_by_type"]
        assert len(shared.relations) == sum(manifest["relations_by_kind"].values())

    def test_reads_without_issues(self, shared: Snapshot) -> None:
        assert shared.report.issues == ()
        assert not shared.report.is_fatal

    def test_label_is_the_newest_source_and_source_pins_commits(
        self, shared: Snapshot, manifest: dict[str, Any]
    ) -> None:
        sources = manifest["sources"]

        assert shared.label == next(iter(sources)) == "jj-2026-01"
        assert all(src["commit"][:12] in shared.source for src in sources.values())

    def test_codes_and_provenance_are_kept(self, shared: Snapshot) -> None:
        concepts = {concept.id: concept for concept in shared.concepts}

        assert concepts["Hi9c_iTe_gHH"].codes == {
            "ssyk_code_2012": "5311",
            "legacy_ams_taxonomy_id": "5311",
        }
        assert concepts["w2ze_Lcg_1S4"].deprecated
        assert (
            shared.provenance["w2ze_Lcg_1S4"].deprecated_basis
            == "absent_from_jj-2026-01"
        )
        assert shared.provenance["rM7G_ge7_XhP"].last_seen == "jj-2026-01"


class TestMiniSnapshot:
    def test_fixture_is_consistent_with_its_manifest(self) -> None:
        mini = snapshot("mini")

        assert mini.report.issues == ()
        assert (len(mini.concepts), len(mini.relations)) == (31, 22)


class TestBrokenSnapshot:
    @pytest.fixture(name="broken")
    def broken_fixture(self) -> Snapshot:
        return read_snapshot(broken_snapshot_dir())

    def test_unparseable_lines_are_reported_with_line_and_reason(
        self, broken: Snapshot
    ) -> None:
        malformed = broken.report.of_kind("malformed_line")

        assert [(i.file, i.line) for i in malformed] == [
            ("concepts.jsonl", 7),
            ("concepts.jsonl", 8),
            ("concepts.jsonl", 9),
            ("relations.jsonl", 7),
        ]
        assert malformed[0].message.startswith("not JSON")
        assert malformed[1].message == "not a JSON object"
        assert malformed[3].message == "target_id: Field required"

    def test_duplicate_id_keeps_the_first_and_is_fatal(self, broken: Snapshot) -> None:
        kept = [c for c in broken.concepts if c.id == "rM7G_ge7_XhP"]

        assert _issue_lines(broken, "duplicate_concept") == [("concepts.jsonl", 3)]
        assert [c.preferred_label for c in kept] == ["Barnskötare"]
        assert broken.report.is_fatal

    def test_dangling_edges_are_reported_and_kept(self, broken: Snapshot) -> None:
        ends = {(r.source_id, r.target_id) for r in broken.relations}

        assert _issue_lines(broken, "dangling_target") == [("relations.jsonl", 3)]
        assert _issue_lines(broken, "dangling_source") == [("relations.jsonl", 4)]
        assert {
            ("Hi9c_iTe_gHH", "DvKy_gyT_dAv"),
            ("Gone_000_xyz", "rM7G_ge7_XhP"),
        } <= ends

    def test_duplicate_edge_unknown_kind_and_unknown_type(
        self, broken: Snapshot
    ) -> None:
        assert _issue_lines(broken, "duplicate_relation") == [("relations.jsonl", 5)]
        assert _issue_lines(broken, "unknown_relation") == [("relations.jsonl", 6)]
        assert _issue_lines(broken, "unknown_type") == [("concepts.jsonl", 6)]
        assert "gadget" in {c.type for c in broken.concepts}

    def test_unknown_field_parent_mismatch_and_count_mismatch(
        self, broken: Snapshot
    ) -> None:
        [unknown] = broken.report.of_kind("unknown_field")
        [unbacked] = broken.report.of_kind("unbacked_parent")
        [mismatch] = broken.report.of_kind("count_mismatch")

        assert (unknown.line, "'colour'" in unknown.message) == (4, True)
        assert (unbacked.line, "XW9L_tA9_WaX" in unbacked.message) == (5, True)
        assert mismatch.message == "concepts_by_type['skill']: manifest says 2, read 1"

    def test_numeric_codes_are_read_as_text(self, broken: Snapshot) -> None:
        [name] = [c for c in broken.concepts if c.id == "rM7G_ge7_XhP"]

        assert name.codes["legacy_ams_taxonomy_id"] == "5716"

    def test_report_counts_every_kind(self, broken: Snapshot) -> None:
        assert broken.report.counts() == {
            "duplicate_concept": 1,
            "malformed_line": 4,
            "unknown_field": 1,
            "duplicate_relation": 1,
            "unknown_type": 1,
            "dangling_target": 1,
            "dangling_source": 1,
            "unknown_relation": 1,
            "unbacked_parent": 1,
            "count_mismatch": 1,
        }


class TestUnreadableFolder:
    @pytest.mark.parametrize(
        "missing", ["concepts.jsonl", "relations.jsonl", "manifest.json"]
    )
    def test_a_missing_file_raises(self, tmp_path: Path, missing: str) -> None:
        shutil.copytree(mini_snapshot_dir(), tmp_path, dirs_exist_ok=True)
        (tmp_path / missing).unlink()

        with pytest.raises(SnapshotUnreadable, match=missing):
            read_snapshot(tmp_path)

    @pytest.mark.parametrize(
        "manifest",
        ['{"sources": {}}', '{"sources": ["jj"]}', '{"sources": {"jj": 1}}', "[]"],
    )
    def test_a_manifest_without_sources_raises(
        self, tmp_path: Path, manifest: str
    ) -> None:
        shutil.copytree(mini_snapshot_dir(), tmp_path, dirs_exist_ok=True)
        (tmp_path / "manifest.json").write_text(manifest)

        with pytest.raises(SnapshotUnreadable, match="source"):
            read_snapshot(tmp_path)
