"""participant erasure tombstones and retention

An erased participant leaves a tombstone (`erased:<random>`) where their ref was, in
enrolments, shortlist decisions and shortlist snapshots, so enrolments must no
longer point at a participant row: the foreign key from enrolment.participant_ref
goes. `erased_participant` keeps, per tombstone, only what the indicators split and
filter by (docs/privacy.md says why each column is kept).

SQLite cannot drop a constraint in place: the enrolment table is copied, and the
copy loses its triggers (the change feed's of 7c4e2a91d5b3, and any added since)
and may lose the partial unique indexes' WHERE clauses; triggers of other tables
that read it block the copy's rename. All are read from sqlite_master first, the
triggers dropped, and everything recreated exactly after the copy. PostgreSQL drops the
constraint in place; its triggers stay.

Revision ID: c5e1a7b2d4f6
Revises: b3d9f0e1a2c4
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "c5e1a7b2d4f6"
down_revision: str | None = "b3d9f0e1a2c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_enrolment_participant_ref_participant"


@contextmanager
def _keeping_sqlite_schema(table: str) -> Iterator[None]:
    """Recreate the table's triggers and named indexes as they were, after a
    batch copy of it on SQLite; nothing to do on PostgreSQL."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    # Triggers of other tables that read this one (the cohort's and placement's
    # date triggers) would make SQLite refuse the rename of the copy: they go too.
    kept = bind.execute(
        sa.text(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
            "((type = 'index' AND tbl_name = :table) OR (type = 'trigger' AND "
            "(tbl_name = :table OR sql LIKE '%' || :table || '%'))) ORDER BY type"
        ),
        {"table": table},
    ).all()
    for kind, name, _ in kept:
        if kind == "trigger":
            op.execute(f'DROP TRIGGER "{name}"')
    yield
    for kind, name, sql in kept:
        if kind == "index":
            op.execute(f'DROP INDEX IF EXISTS "{name}"')
        op.execute(sql)


def upgrade() -> None:
    op.create_table(
        "erased_participant",
        sa.Column("tombstone", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owning_unit", sa.String(length=100), nullable=False),
        sa.Column("home_municipality_id", sa.String(length=32), nullable=False),
        sa.Column("statistics_gender", sa.String(length=16), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("tombstone", name=op.f("pk_erased_participant")),
    )
    with op.batch_alter_table("erased_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erased_participant_erased_at"), ["erased_at"], unique=False
        )
    with (
        _keeping_sqlite_schema("enrolment"),
        op.batch_alter_table("enrolment", schema=None) as batch_op,
    ):
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")


def downgrade() -> None:
    # Tombstoned enrolments name no participant: they cannot be kept under the
    # foreign key again, so going back drops them (and the decisions and seats they
    # held stay as counted).
    op.execute(
        "UPDATE shortlist_decision SET enrolment_id = NULL WHERE enrolment_id IN "
        "(SELECT id FROM enrolment WHERE participant_ref NOT IN "
        "(SELECT participant_ref FROM participant))"
    )
    op.execute(
        "DELETE FROM enrolment WHERE participant_ref NOT IN "
        "(SELECT participant_ref FROM participant)"
    )
    with (
        _keeping_sqlite_schema("enrolment"),
        op.batch_alter_table("enrolment", schema=None) as batch_op,
    ):
        batch_op.create_foreign_key(
            FOREIGN_KEY, "participant", ["participant_ref"], ["participant_ref"]
        )
    with op.batch_alter_table("erased_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erased_participant_erased_at"))
    op.drop_table("erased_participant")
