"""Merge or replace: how a batch row changes a record that already exists.

By default a row changes only the fields it carries (a three-column CSV row leaves
every other field of a full record as it was); `mode=replace` replaces the whole
record, as the row would create it. Either way the report names the fields that
changed, and a row that changes nothing is `unchanged`, with the record left
untouched (no new `updated_at`, no change event).
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from service.kit.batches.models import RowReport, RowStatus
from service.kit.stamps import Stamped

STAMPS = {"created_at", "updated_at", "created_by"}
# Follows from the concept ids a row sets; a row that moves a participant changed
# their home municipality, not a separate field of labels.
DERIVED = {"labels"}


class BatchMode(StrEnum):
    MERGE = "merge"
    REPLACE = "replace"


ModeQuery = Annotated[
    BatchMode,
    Query(
        description="`merge` (default): a row changes only the fields it carries; "
        "`replace`: a row replaces the whole stored record."
    ),
]


def changes_to(
    record: Stamped,
    public: type[BaseModel],
    change: Callable[[], None],
    row: int,
    ref: str,
) -> RowReport:
    """Apply `change` to a stored record and report what it changed; a change to
    nothing leaves the record exactly as it was."""
    updated_at = record.updated_at

    def fields() -> dict[str, Any]:
        shown = public.model_validate(record).model_dump(
            mode="json", exclude=STAMPS | DERIVED
        )
        return shown

    before = fields()
    change()
    after = fields()
    changed = sorted(name for name in after if after[name] != before.get(name))
    if not changed:
        record.updated_at = updated_at
        return RowReport(row=row, ref=ref, status=RowStatus.UNCHANGED)
    return RowReport(row=row, ref=ref, status=RowStatus.UPDATED, changed=changed)
