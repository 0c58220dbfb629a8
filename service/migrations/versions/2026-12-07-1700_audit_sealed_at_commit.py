"""audit entries chained by the commit itself on PostgreSQL

A transaction's entries are staged in `audit_staged`; a deferred constraint trigger,
which runs inside COMMIT, takes the chain's advisory lock, chains them onto the last
entry into `audit_entry` and deletes them. The lock is so held for the work of the
server alone: before, it was held over three round trips to the client, each
waiting, under load, for the client's turn to run. SQLite gets the table only, so
both databases have the same tables; it never stages.

Revision ID: f1a2b3c4d5e6
Revises: c5e7a9b1d3f2
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1a2b3c4d5e6"
down_revision: str | None = "c5e7a9b1d3f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STORED = (
    "key_id, role, units, action, object_type, object_id, purpose, request_id, outcome"
)
# The same chain as service.kit.audit_trail.entry_hash: SHA-256 over the JSON array
# `[prev_hash, *content]`, `content` being the array without its `[` (a hash is
# hex, so quoting it is its JSON). Each statement of PL/pgSQL reads what was
# committed when it began, so the head read after taking the lock is the last
# entry appended. The first row's trigger moves every staged row of the
# transaction (no other transaction's are visible); the later ones find none.
_SEAL = f"""
CREATE FUNCTION audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_staged) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7340001);
    WITH RECURSIVE
    given AS (
        SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM audit_staged AS s
    ),
    chained(n, prev_hash, hash) AS (
        SELECT CAST(0 AS bigint), CAST(NULL AS text), coalesce(
            (SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), repeat('0', 64)
        )
        UNION ALL
        SELECT g.n, c.hash, encode(
            sha256(convert_to('["' || c.hash || '",' || g.content, 'UTF8')), 'hex'
        )
        FROM chained AS c JOIN given AS g ON g.n = c.n + 1
    )
    INSERT INTO audit_entry (at, {_STORED}, prev_hash, hash)
    SELECT g.at, {", ".join(f"g.{name.strip()}" for name in _STORED.split(","))},
        c.prev_hash, c.hash
    FROM given AS g JOIN chained AS c USING (n)
    ORDER BY g.n;
    DELETE FROM audit_staged;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "audit_staged",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("units", sa.String(length=500), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=True),
        sa.Column("object_id", sa.String(length=128), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_staged")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_SEAL)
    op.execute(
        "CREATE CONSTRAINT TRIGGER audit_staged_seal AFTER INSERT ON audit_staged "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_staged_seal ON audit_staged")
        op.execute("DROP FUNCTION audit_seal()")
    op.drop_table("audit_staged")
