"""Checking the audit trail's hash chain end to end (`jobbmatch audit verify`)."""

from dataclasses import dataclass

from sqlalchemy import Engine, select

from service.kit.audit_trail import GENESIS, HASHED_FIELDS, AuditEntry, entry_hash

BATCH = 10_000


@dataclass(frozen=True)
class ChainReport:
    """How many entries were checked, and the first one whose link is broken."""

    checked: int
    broken_at: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(engine: Engine) -> ChainReport:
    """Walk every entry in id order; stop at the first that does not chain on."""
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    columns = [table.c.id, table.c.prev_hash, table.c.hash]
    columns += [table.c[name] for name in HASHED_FIELDS]
    expected, checked = GENESIS, 0
    query = select(*columns).order_by(table.c.id)
    with (
        engine.connect() as connection,
        connection.execution_options(yield_per=BATCH).execute(query) as rows,
    ):
        for row in rows:
            values = row._mapping
            if values["prev_hash"] != expected:
                return ChainReport(checked, row.id, "does not follow the entry before")
            expected = entry_hash(expected, values)
            if values["hash"] != expected:
                return ChainReport(checked, row.id, "content does not match its hash")
            checked += 1
    return ChainReport(checked)
