"""concept labels beside the plain concept ids of participants and tracks

Revision ID: a8c4e2f6b1d3
Revises: f1b2c3d4e5a6
Create Date: 2026-12-02 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a8c4e2f6b1d3"
down_revision: str | None = "f1b2c3d4e5a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("participant", "track")


def upgrade() -> None:
    # Rows written before labels were stored get an empty mapping; the next write
    # of each record fills it in.
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("labels", sa.JSON(), nullable=False, server_default="{}"),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("labels", server_default=None)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("labels")
