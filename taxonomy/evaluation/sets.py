"""The evaluation sets in ``shared/eval`` as one list of :class:`Case`.

Set names are those of ``shared/eval/BENCHMARKS.md`` (``kingkong-v31/p80-yv``,
``ontology-files/yrke`` ...) plus two views of the real job ads:
``jobsearch-ads/headline`` (the headline alone) and ``jobsearch-ads/headline+text``
(headline and description, without ad 22884504 whose text belongs to another ad).
A requested name selects every set it equals or prefixes (``kingkong-v31`` selects
all nine kingkong sets, ``all`` every set). MELO is not offered: its target is ESCO
and its queries are JobTech labels, so it does not measure this mapper.
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ADS_FILE = "jobsearch_ads.jsonl"
ADS_TEXT_EXCLUDED = frozenset({"22884504"})
JSONL_SETS = ("kingkong_v31.jsonl", "ontology_files.jsonl")
ADS_SETS = ("jobsearch-ads/headline", "jobsearch-ads/headline+text")


@dataclass(frozen=True, slots=True)
class Case:
    """One query with its gold answer."""

    set: str
    key: str
    query: str
    target_type: str
    gold_ids: frozenset[str]
    gold_ssyk4: frozenset[str]
    expect_abstain: bool

    @property
    def split(self) -> str:
        """``train`` or ``test``: a fixed half of the cases by a hash of the key."""
        # Keyed by the source file, so both views of one ad fall in the same half.
        source = self.set.split("/", 1)[0]
        digest = hashlib.sha256(f"{source}|{self.key}".encode()).digest()
        return "train" if digest[0] % 2 == 0 else "test"


class UnknownSet(ValueError):
    """A requested evaluation set name matches no set."""


def load_cases(shared_dir: Path, set_names: Sequence[str]) -> list[Case]:
    """Load the cases of the sets selected by ``set_names`` (see module doc)."""
    cases = list(_all_cases(shared_dir / "eval"))
    names = {case.set for case in cases}
    selected: set[str] = set()
    for wanted in set_names:
        hits = {
            n for n in names if wanted == "all" or n == wanted or n.startswith(wanted)
        }
        if not hits:
            raise UnknownSet(
                f"no evaluation set matches {wanted!r}; known: {sorted(names)}"
            )
        selected |= hits
    return [case for case in cases if case.set in selected]


def _all_cases(folder: Path) -> Iterator[Case]:
    for name in JSONL_SETS:
        path = folder / name
        if path.exists():
            for i, row in enumerate(_rows(path)):
                yield _jsonl_case(row, i)
    if (folder / ADS_FILE).exists():
        for row in _rows(folder / ADS_FILE):
            yield from _ad_cases(row)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _jsonl_case(row: dict[str, Any], number: int) -> Case:
    return Case(
        set=row["set"],
        key=str(row.get("case_id") or row.get("narval_term_uuid") or number),
        query=row["query"],
        target_type=row["target_type"],
        gold_ids=frozenset(row["gold_ids"]),
        gold_ssyk4=frozenset(row.get("gold_ssyk4") or ()),
        expect_abstain=bool(row["expect_abstain"]),
    )


def _ad_cases(row: dict[str, Any]) -> Iterator[Case]:
    ad_id = str(row["id"])
    texts = {ADS_SETS[0]: row["headline"]}
    if ad_id not in ADS_TEXT_EXCLUDED:
        texts[ADS_SETS[1]] = f"{row['headline']}\n{row['description_text']}"
    for set_name, text in texts.items():
        yield Case(
            set=set_name,
            key=ad_id,
            query=text,
            target_type="occupation-name",
            gold_ids=frozenset({row["occupation"]["concept_id"]}),
            gold_ssyk4=frozenset({row["occupation_group"]["legacy_ams_taxonomy_id"]}),
            expect_abstain=False,
        )
