"""The JobTech taxonomy as jobbmatch uses it: fetched, stored, indexed and mapped.

What the service needs, by the path a taxonomy version takes:

- fetch: `TaxonomyClient` (and `AsyncTaxonomyClient`) over an injected httpx client,
  `fetch_version` for a whole version; every failure is a `TaxonomyError`;
- read a snapshot folder: `read_snapshot`, with its `ValidationReport`;
- store: the `store` module (versioned tables, functions over a `Connection`:
  `store.import_version`, `store.current_version`, ...) and `diff_versions`;
- index: `TaxonomyGraph` (lookups, relations, search) and `validate_refs`, which
  raises `InvalidConcepts` for references the graph cannot accept;
- map free Swedish text to concepts: `Mapper` and its results.

The evaluation tooling (harness, baselines, report, calibration fit) is a separate
subpackage, `taxonomy.evaluation`, that the running service never imports.
"""

from typing import TYPE_CHECKING

from taxonomy import store
from taxonomy.client import AsyncTaxonomyClient, TaxonomyClient
from taxonomy.errors import (
    MalformedPayload,
    TaxonomyError,
    TaxonomyRejected,
    TaxonomyUnreachable,
)
from taxonomy.graph import ConceptNotFound, TaxonomyGraph
from taxonomy.licences import category_of
from taxonomy.mapping.normalise import fold
from taxonomy.mapping.results import (
    CefrLevel,
    Extraction,
    LanguageMention,
    MapResult,
    MapType,
    Match,
    Mention,
    Requirement,
    Suggestion,
    SwedishLevelCode,
    SwedishMention,
)
from taxonomy.models import (
    Concept,
    ConceptChange,
    ConceptDetail,
    Relation,
    ReplacedByChange,
    TaxonomyVersion,
)
from taxonomy.snapshot import Snapshot, SnapshotUnreadable, read_snapshot
from taxonomy.snapshot_report import ValidationReport
from taxonomy.store import NAMING_CONVENTION
from taxonomy.store_diff import VersionDiff, diff_versions
from taxonomy.sync import fetch_version
from taxonomy.validation import (
    ConceptProblem,
    ConceptRef,
    InvalidConcepts,
    validate_refs,
)

if TYPE_CHECKING:
    from taxonomy.mapping import Mapper


def __getattr__(name: str) -> object:
    # The mapper pulls in NumPy, SciPy and rapidfuzz (about a second): it is imported
    # on first use, so commands that never map text (`jobbmatch keys`) start at once.
    if name == "Mapper":
        from taxonomy.mapping.mapper import Mapper

        return Mapper
    raise AttributeError(f"module 'taxonomy' has no attribute {name!r}")


__all__ = [
    "NAMING_CONVENTION",
    "AsyncTaxonomyClient",
    "CefrLevel",
    "Concept",
    "ConceptChange",
    "ConceptDetail",
    "ConceptNotFound",
    "ConceptProblem",
    "ConceptRef",
    "Extraction",
    "InvalidConcepts",
    "LanguageMention",
    "MalformedPayload",
    "MapResult",
    "MapType",
    "Mapper",
    "Match",
    "Mention",
    "Relation",
    "ReplacedByChange",
    "Requirement",
    "Snapshot",
    "SnapshotUnreadable",
    "Suggestion",
    "SwedishLevelCode",
    "SwedishMention",
    "TaxonomyClient",
    "TaxonomyError",
    "TaxonomyGraph",
    "TaxonomyRejected",
    "TaxonomyUnreachable",
    "TaxonomyVersion",
    "ValidationReport",
    "VersionDiff",
    "category_of",
    "diff_versions",
    "fetch_version",
    "fold",
    "read_snapshot",
    "store",
    "validate_refs",
]
