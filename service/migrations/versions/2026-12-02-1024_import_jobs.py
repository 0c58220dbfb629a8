"""batch import jobs

Revision ID: f1b2c3d4e5a6
Revises: e9a3c4d5f6b7
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

revision: str = "f1b2c3d4e5a6"
down_revision: str | None = "e9a3c4d5f6b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
