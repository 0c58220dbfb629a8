"""Snapshots and graphs for the snapshot, store, graph and validation tests.

"mini" is 31 concepts of the shared snapshot and every edge between them, written to a
temporary folder at test time (shared data is never copied into the repository);
"shared" is the full snapshot. Both are skipped when the shared snapshot is absent.
"""

import json
import os
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from taxonomy.graph import TaxonomyGraph
from taxonomy.snapshot import Snapshot, read_snapshot

SNAPSHOT_NAMES = ("mini", "shared")
# Barnskötare (5311) with its names, field and SSYK chain; a deprecated name; the
# home-care group; skills; Stockholm and its region; every driving licence.
MINI_IDS = frozenset(
    [
        "4HpY_e2U_TUH",
        "5L6k_p4w_8Wu",
        "6se7_AdD_nGw",
        "BKCx_hST_Pcm",
        "Eybh_j3s_SqF",
        "VTK8_WRx_GcM",
        "bcFd_Vkt_KXL",
        "bneY_V3g_Kog",
        "ftCQ_gFu_L4b",
        "hK1a_wsQ_4UG",
        "hK8X_cX9_5P4",
        "qZ2E_JSL_xAq",
        "swP6_psb_FCB",
        "xRum_Wtt_T1e",
        "zZu8_iZ9_wMH",
        "oYPt_yRA_Smm",
        "MVqp_eS8_kDZ",
        "6hqG_QEH_YwN",
        "Sbzf_iBA_MAS",
        "rM7G_ge7_XhP",
        "ujBX_nic_wuH",
        "w2ze_Lcg_1S4",
        "CaRE_1nn_cSU",
        "EwLN_fUp_2Yt",
        "TsH1_ePz_fpf",
        "sKux_n1g_FWp",
        "u1RN_Fih_rgS",
        "2U3x_Aub_tg1",
        "DvKy_gyT_dAv",
        "Hi9c_iTe_gHH",
        "XW9L_tA9_WaX",
    ]
)


def shared_taxonomy_dir() -> Path:
    """Return ``$JOBBMATCH_SHARED_DIR/taxonomy``; the root conftest sets the variable
    (by default to ``../shared`` beside the checkout)."""
    return Path(os.environ["JOBBMATCH_SHARED_DIR"]) / "taxonomy"


def require_shared_taxonomy() -> Path:
    """Return the shared snapshot's folder, or skip the test where it is absent."""
    folder = shared_taxonomy_dir()
    if not (folder / "concepts.jsonl").exists():
        pytest.skip(f"{folder} is absent")
    return folder


def snapshot(name: str) -> Snapshot:
    """Return the "mini" or "shared" snapshot, skipping when shared data is absent."""
    require_shared_taxonomy()
    return _read(name)


def graph(name: str) -> TaxonomyGraph:
    """Return the graph of the "mini" or "shared" snapshot (built once per run)."""
    snapshot(name)
    return _build(name)


@lru_cache(maxsize=2)
def _read(name: str) -> Snapshot:
    folder = mini_snapshot_dir() if name == "mini" else shared_taxonomy_dir()
    return read_snapshot(folder)


def _json_lines(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@lru_cache(maxsize=1)
def mini_snapshot_dir() -> Path:
    """Write the "mini" snapshot folder once per run and return it."""
    shared = require_shared_taxonomy()
    concepts = [
        {**row, "definition": None}
        for row in _json_lines(shared / "concepts.jsonl")
        if row["id"] in MINI_IDS
    ]
    relations = [
        row
        for row in _json_lines(shared / "relations.jsonl")
        if row["source_id"] in MINI_IDS and row["target_id"] in MINI_IDS
    ]
    types = {str(row["id"]): str(row["type"]) for row in concepts}
    sources = json.loads((shared / "manifest.json").read_text(encoding="utf-8"))[
        "sources"
    ]
    manifest = {
        "sources": sources,
        "concepts_by_type": Counter(types.values()),
        "deprecated_by_type": Counter(
            str(r["type"]) for r in concepts if r["deprecated"]
        ),
        "relations_by_kind": Counter(
            f"{types[str(r['source_id'])]} -{r['relation']}-> "
            f"{types[str(r['target_id'])]}"
            for r in relations
        ),
    }
    folder = Path(tempfile.mkdtemp(prefix="mini_snapshot_"))
    for name, rows in (("concepts.jsonl", concepts), ("relations.jsonl", relations)):
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@lru_cache(maxsize=2)
def _build(name: str) -> TaxonomyGraph:
    read = _read(name)
    return TaxonomyGraph.build(read.concepts, read.relations, version_label=read.label)
