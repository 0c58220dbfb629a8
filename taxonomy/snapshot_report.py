"""What reading a snapshot found wrong, line by line, so an importer can decide.

Nothing is dropped silently: every line or edge the reader could not take as it is
becomes a `SnapshotIssue`. Only unparseable lines and duplicate concept ids make the
report fatal, because those are the two cases where the stored version would
differ from the file in a way nobody can see afterwards.
"""

from collections import Counter
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict

IssueKind = Literal[
    "malformed_line",
    "duplicate_concept",
    "duplicate_relation",
    "dangling_source",
    "dangling_target",
    "unknown_type",
    "unknown_relation",
    "unknown_field",
    "unbacked_parent",
    "count_mismatch",
]
FATAL_KINDS: frozenset[IssueKind] = frozenset({"malformed_line", "duplicate_concept"})


class SnapshotIssue(BaseModel):
    """One problem, located by file and 1-based line number when it has one."""

    model_config = ConfigDict(frozen=True)

    kind: IssueKind
    file: str
    line: int | None = None
    message: str

    @classmethod
    def at(cls, kind: IssueKind, file: str, line: int | None, message: str) -> Self:
        """Build an issue from positional parts, which keeps call sites short."""
        return cls(kind=kind, file=file, line=line, message=message)


class ValidationReport(BaseModel):
    """All problems of one snapshot: line by line first, then whole-file checks."""

    model_config = ConfigDict(frozen=True)

    issues: tuple[SnapshotIssue, ...] = ()

    @property
    def is_fatal(self) -> bool:
        """True when importing as-is would hide lost or ambiguous concepts."""
        return any(issue.kind in FATAL_KINDS for issue in self.issues)

    def of_kind(self, kind: IssueKind) -> list[SnapshotIssue]:
        """Return the issues of one kind."""
        return [issue for issue in self.issues if issue.kind == kind]

    def counts(self) -> dict[str, int]:
        """Return the number of issues per kind, for logs and CLI summaries."""
        return dict(Counter(issue.kind for issue in self.issues))
