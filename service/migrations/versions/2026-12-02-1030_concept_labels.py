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
    # of each record fills it in. The server default stays: taking it off again on
    # SQLite means a batch rebuild of the table, which drops its triggers (the
    # candidate index's change feed and the audit guards).
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("labels", sa.JSON(), nullable=False, server_default="{}"),
        )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), for the same reason: no table rebuild.
    for table in TABLES:
        op.drop_column(table, "labels")
