# ruff: noqa: E501  (each literal is one verbatim snapshot line; wrapping would hide it)
"""A deliberately broken snapshot, hand-written for the reader's tests.

Each line exercises one problem (duplicate id, unknown type, truncated line, dangling
edge, unknown relation ...). It is written to a temporary folder at test time so the
repository holds no snapshot-format files; the tests refer to its line numbers.
"""

import tempfile
from functools import lru_cache
from pathlib import Path

CONCEPT_LINES = (
    '{"id": "Hi9c_iTe_gHH", "type": "ssyk-level-4", "preferred_label": "Barnskötare", "alternative_labels": [], "former_labels": [], "definition": null, "ssyk_code_2012": "5311", "legacy_ams_taxonomy_id": "5311", "deprecated": false, "deprecated_basis": null, "replaced_by": [], "last_seen": "jj-2026-01", "sources": ["jj-2026-01"]}\n'
    '{"id": "rM7G_ge7_XhP", "type": "occupation-name", "preferred_label": "Barnskötare", "alternative_labels": [], "former_labels": [], "definition": null, "legacy_ams_taxonomy_id": 5716, "deprecated": false, "deprecated_basis": null, "replaced_by": [], "ssyk_level_4_id": "Hi9c_iTe_gHH", "ssyk_code_2012": "5311", "last_seen": "jj-2026-01", "sources": ["jj-2026-01"]}\n'
    '{"id": "rM7G_ge7_XhP", "type": "occupation-name", "preferred_label": "Barnskötare (dubblett)", "alternative_labels": [], "former_labels": [], "definition": null, "deprecated": false, "replaced_by": []}\n'
    '{"id": "ujBX_nic_wuH", "type": "occupation-name", "preferred_label": "Dagbarnvårdare", "alternative_labels": [], "former_labels": [], "definition": null, "deprecated": false, "replaced_by": [], "ssyk_level_4_id": "Hi9c_iTe_gHH", "colour": "blue"}\n'
    '{"id": "6hqG_QEH_YwN", "type": "occupation-name", "preferred_label": "Förskoleassistent", "alternative_labels": [], "former_labels": [], "definition": null, "deprecated": false, "replaced_by": [], "ssyk_level_4_id": "XW9L_tA9_WaX"}\n'
    '{"id": "zzzz_zzz_zz1", "type": "gadget", "preferred_label": "Okänd sorts begrepp", "alternative_labels": [], "former_labels": [], "definition": null, "deprecated": false, "replaced_by": []}\n'
    '{"id": "truncated_line", "type": "skill", "preferred_label": "Halv\n'
    '["not", "an", "object"]\n'
    '{"type": "skill", "preferred_label": "Saknar id", "deprecated": false}\n'
    "\n"
    '{"id": "EwLN_fUp_2Yt", "type": "skill", "preferred_label": "Allergianpassad miljö, dagbarnvårdare", "alternative_labels": [], "former_labels": [], "definition": null, "deprecated": false, "replaced_by": []}\n'
)
RELATION_LINES = (
    '{"source_id": "rM7G_ge7_XhP", "relation": "broader", "target_id": "Hi9c_iTe_gHH", "snapshot": "jj-2026-01"}\n'
    '{"source_id": "ujBX_nic_wuH", "relation": "broader", "target_id": "Hi9c_iTe_gHH", "snapshot": "jj-2026-01"}\n'
    '{"source_id": "Hi9c_iTe_gHH", "relation": "broader", "target_id": "DvKy_gyT_dAv", "snapshot": "jj-2026-01"}\n'
    '{"source_id": "Gone_000_xyz", "relation": "substitutes", "target_id": "rM7G_ge7_XhP", "snapshot": "nq-2025-12", "substitutability_percentage": 25}\n'
    '{"source_id": "rM7G_ge7_XhP", "relation": "broader", "target_id": "Hi9c_iTe_gHH", "snapshot": "nq-2025-12"}\n'
    '{"source_id": "Hi9c_iTe_gHH", "relation": "teleports_to", "target_id": "EwLN_fUp_2Yt", "snapshot": "hani-2025-10"}\n'
    '{"source_id": "Hi9c_iTe_gHH", "relation": "related"}\n'
)
MANIFEST = '{\n  "note": "deliberately broken snapshot for the reader\'s tests; each line tests one problem",\n  "sources": {"test-2026-01": {"repo": "example/fixture", "commit": "0000000000000000000000000000000000000000"}},\n  "concepts_by_type": {"occupation-name": 3, "ssyk-level-4": 1, "skill": 2, "gadget": 1}\n}\n'


@lru_cache(maxsize=1)
def broken_snapshot_dir() -> Path:
    """Write the broken snapshot folder once per run and return it."""
    folder = Path(tempfile.mkdtemp(prefix="broken_snapshot_"))
    (folder / "concepts.jsonl").write_text("".join(CONCEPT_LINES), encoding="utf-8")
    (folder / "relations.jsonl").write_text("".join(RELATION_LINES), encoding="utf-8")
    (folder / "manifest.json").write_text(MANIFEST, encoding="utf-8")
    return folder
