"""chain audit entries and scope keys to units

Audit entries get prev_hash and hash (a SHA-256 chain) and the caller's units;
REPLACE and TRUNCATE are refused. API keys get the owning units they serve; keys
that existed before keep seeing every unit (all_units), as they did.

Revision ID: 5b1d3e8c2f70
Revises: 4aac634a7613
Create Date: 2026-12-02 01:30:00
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op


revision: str = '5b1d3e8c2f70'
down_revision: str | None = '4aac634a7613'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
# Frozen copy of service.kit.audit_trail.entry_hash as of this revision: a migration
# must keep meaning what it meant when it was written.
HASHED = ("at", "key_id", "role", "units", "action", "object_type", "object_id",
          "purpose", "request_id", "outcome")


def _at(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _hash(prev: str, row: Any) -> str:
    content = [prev, *(_at(row.at) if name == "at" else getattr(row, name)
                       for name in HASHED)]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _backfill() -> None:
    bind = op.get_bind()
    prev = GENESIS
    rows = bind.execute(sa.text(
        "SELECT id, at, key_id, role, units, action, object_type, object_id, "
        "purpose, request_id, outcome FROM audit_entry ORDER BY id")).all()
    for row in rows:
        digest = _hash(prev, row)
        bind.execute(
            sa.text("UPDATE audit_entry SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        prev = digest


def _sqlite_triggers(create: bool) -> None:
    names = ("audit_entry_no_update", "audit_entry_no_delete")
    for name, event in zip(names, ("UPDATE", "DELETE")):
        if create:
            op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON audit_entry "
                       "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _scope_keys() -> None:
    op.add_column('api_key', sa.Column('units', sa.JSON(), nullable=False,
                                       server_default='[]'))
    op.add_column('api_key', sa.Column('all_units', sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.alter_column('units', server_default=None)
        batch_op.alter_column('all_units', server_default=None)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _scope_keys()
    op.add_column('audit_entry', sa.Column('units', sa.String(length=500), nullable=True))
    op.add_column('audit_entry', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_entry', sa.Column('hash', sa.String(length=64), nullable=True))
    if postgres:
        op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    else:
        _sqlite_triggers(create=False)
    _backfill()
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
    if postgres:
        op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )
        return
    _sqlite_triggers(create=True)
    # REPLACE deletes the old row without firing delete triggers: refuse the insert.
    op.execute(
        "CREATE TRIGGER audit_entry_no_replace BEFORE INSERT ON audit_entry "
        "WHEN EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
    )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
    else:
        op.execute("DROP TRIGGER audit_entry_no_replace")
        _sqlite_triggers(create=False)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('units')
    if not postgres:
        _sqlite_triggers(create=True)
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_column('all_units')
        batch_op.drop_column('units')
