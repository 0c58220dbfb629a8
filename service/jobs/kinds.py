"""What a job needs to know of one kind of batch import, given by its resource.

The participants and needs resources each declare one `BatchKind`; the app hands
them to the runner (`service.main`), so this package never imports a resource that
imports it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session

from service.kit.batches.csv_rows import Column
from service.kit.batches.merging import BatchMode
from service.kit.batches.models import BatchReport, RowReport
from service.kit.caller import Caller
from service.kit.changes import Changes
from service.taxonomy.state import LoadedTaxonomy


class ImportRows(Protocol):
    """A resource's batch import over rows numbered from `first`, with the refs
    earlier rows of the same batch carried (`seen`, updated in place)."""

    def __call__(
        self,
        session: Session,
        taxonomy: LoadedTaxonomy,
        caller: Caller,
        rows: list[Any],
        mode: BatchMode = BatchMode.MERGE,
        *,
        first: int = 1,
        seen: dict[str, int] | None = None,
    ) -> BatchReport: ...


@dataclass(frozen=True)
class BatchKind:
    operation: str
    columns: Mapping[str, Column]
    changes: Changes[Any]
    # The report of a row refused before it is looked at, or None: such rows are
    # queued as their report, so nothing they hold is stored.
    screen: Callable[[int, Any], RowReport | None]
    import_rows: ImportRows
