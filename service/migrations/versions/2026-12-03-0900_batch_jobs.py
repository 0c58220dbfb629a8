"""batch imports run as jobs

A batch import of more rows than `JOBBMATCH_BATCH_JOB_THRESHOLD` is queued in
`batch_job` and run by any serve process (or `jobbmatch jobs run`) under a lease,
a part at a time, each part's report rows in `batch_job_part` until the end;
the idempotency record of such a batch names its job, which a retry is shown.

Revision ID: c5e7a9b1d3f2
Revises: a8c4e2f6b1d3
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5e7a9b1d3f2"
down_revision: str | None = "a8c4e2f6b1d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batch_job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("key_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("units", sa.JSON(), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("csv_header", sa.JSON(), nullable=True),
        sa.Column("seen", sa.JSON(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_job")),
    )
    with op.batch_alter_table("batch_job", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_batch_job_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_batch_job_key_id"), ["key_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_batch_job_finished_at"), ["finished_at"], unique=False
        )
    op.create_table(
        "batch_job_part",
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("first_row", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["batch_job.id"],
            name=op.f("fk_batch_job_part_job_id_batch_job"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "first_row", name=op.f("pk_batch_job_part")),
    )
    # A plain ADD COLUMN: a batch ALTER would rebuild the table on SQLite.
    op.add_column(
        "idempotency_record",
        sa.Column("job_id", sa.String(length=32), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_column("job_id")
    op.drop_table("batch_job_part")
    with op.batch_alter_table("batch_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_job_finished_at"))
        batch_op.drop_index(batch_op.f("ix_batch_job_key_id"))
        batch_op.drop_index(batch_op.f("ix_batch_job_status"))
    op.drop_table("batch_job")
