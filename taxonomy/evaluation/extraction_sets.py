"""The whole-text sets of ``jobbmatch eval extraction`` as :class:`TextCase` rows.

- ``own/ads`` and ``own/participants``: ad passages and participants' own words
  written and labelled by the jobbmatch team (``fixtures/own_*.jsonl``: ``text``
  and ``gold`` items ``{category, concept_id, requirement}``). The gold is what a
  reader would code: "svenska" named as a language is the language Svenska, a
  stated course ("SFI D", "Svenska B") is the Swedish level; "truckkort" is the
  skill Truckvana, not a driving licence; "inget krav på körkort" is no item.
  The extractor is tuned on these, and the targets are judged on them.
- ``holdout/ads`` and ``holdout/participants``: new texts of the same kinds and
  trades beyond them (``fixtures/holdout_*.jsonl``, the same format and gold
  conventions), labelled before the extractor was run on them. They are never
  tuned on, so the gap to the own sets shows how far the tuning carries.
- ``jobsearch-ads``: the real ads of ``shared/eval/jobsearch_ads.jsonl``, headline
  and text; gold are the employer-set ``must_have`` (must) and ``nice_to_have``
  (merit) skills, languages and work experiences (occupations), plus the ad's own
  occupation (its requirement unjudged). The employer lists few items, so
  precision there is a lower bound.
- ``kingkong-training``: the ``kingkong-v31/training-skill-*`` module descriptions
  with the skills Arbetsförmedlingen mapped them to (requirements unjudged).

A set is scored only on the categories its gold covers (``TextCase.categories``).
"""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taxonomy.evaluation.sets import ADS_FILE, ADS_TEXT_EXCLUDED, UnknownSet
from taxonomy.mapping.results import MapType, Requirement

FIXTURES = Path(__file__).parent / "fixtures"
OWN_SETS = {"own/ads": "own_ads.jsonl", "own/participants": "own_participants.jsonl"}
HOLDOUT_SETS = {
    "holdout/ads": "holdout_ads.jsonl",
    "holdout/participants": "holdout_participants.jsonl",
}
CATEGORIES = ("occupation", "skill", "driving-licence", "language", "swedish")
# The taxonomy type of each category; Swedish levels are the service's codes.
CONCEPT_TYPES: dict[str, MapType] = {
    "occupation": "occupation-name",
    "skill": "skill",
    "driving-licence": "driving-licence",
    "language": "language",
}
KINGKONG_FILE = "kingkong_v31.jsonl"
KINGKONG_PREFIX = "kingkong-v31/training-skill-"
ADS_CATEGORIES = frozenset({"occupation", "skill", "language"})
ADS_GOLD: tuple[tuple[str, Requirement], ...] = (
    ("must_have", "must"),
    ("nice_to_have", "merit"),
)
ADS_KINDS = (
    ("skills", "skill"),
    ("languages", "language"),
    ("work_experiences", "occupation"),
)


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One thing the text asks for or tells; ``judged``: its requirement is gold."""

    category: str
    concept_id: str
    requirement: Requirement | None
    judged: bool = True


@dataclass(frozen=True, slots=True)
class TextCase:
    """One whole text with everything it mentions."""

    set: str
    key: str
    text: str
    gold: tuple[GoldItem, ...]
    categories: frozenset[str]


def load_text_cases(
    shared_dir: Path, set_names: Sequence[str], fixtures: Path = FIXTURES
) -> list[TextCase]:
    """The cases of the sets that ``set_names`` equal or prefix (``all``: every set)."""
    loaders = {
        **{
            name: _written(fixtures / file, name)
            for name, file in (OWN_SETS | HOLDOUT_SETS).items()
        },
        "jobsearch-ads": _ads(shared_dir / "eval" / ADS_FILE),
        "kingkong-training": _kingkong(shared_dir / "eval" / KINGKONG_FILE),
    }
    selected: list[str] = []
    for wanted in set_names:
        hits = [n for n in loaders if wanted == "all" or n.startswith(wanted)]
        if not hits:
            raise UnknownSet(
                f"no extraction set matches {wanted!r}; known: {sorted(loaders)}"
            )
        selected += [h for h in hits if h not in selected]
    return [case for name in loaders if name in selected for case in loaders[name]]


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _written(path: Path, name: str) -> list[TextCase]:
    return [
        TextCase(
            set=name,
            key=str(row.get("id", number)),
            text=row["text"],
            gold=tuple(
                GoldItem(g["category"], g["concept_id"], g.get("requirement"))
                for g in row["gold"]
            ),
            categories=frozenset(CATEGORIES),
        )
        for number, row in enumerate(_rows(path))
    ]


def _ads(path: Path) -> list[TextCase]:
    cases = []
    for row in _rows(path):
        if str(row["id"]) in ADS_TEXT_EXCLUDED:
            continue
        gold = {
            ("occupation", row["occupation"]["concept_id"]): GoldItem(
                "occupation", row["occupation"]["concept_id"], None, judged=False
            )
        }
        for field, requirement in ADS_GOLD:
            for kind, category in ADS_KINDS:
                for item in (row.get(field) or {}).get(kind) or ():
                    key = (category, item["concept_id"])
                    # must_have comes first: an item in both lists is a must.
                    if key not in gold or not gold[key].judged:
                        gold[key] = GoldItem(category, item["concept_id"], requirement)
        cases.append(
            TextCase(
                set="jobsearch-ads",
                key=str(row["id"]),
                text=f"{row['headline']}\n{row['description_text']}",
                gold=tuple(gold.values()),
                categories=ADS_CATEGORIES,
            )
        )
    return cases


def _kingkong(path: Path) -> list[TextCase]:
    return [
        TextCase(
            set="kingkong-training",
            key=str(row["case_id"]),
            text=row["query"],
            gold=tuple(
                GoldItem("skill", g, None, judged=False) for g in row["gold_ids"]
            ),
            categories=frozenset({"skill"}),
        )
        for row in _rows(path)
        if row["set"].startswith(KINGKONG_PREFIX)
    ]
