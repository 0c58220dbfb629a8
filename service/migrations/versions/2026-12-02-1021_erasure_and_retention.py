"""participant erasure tombstones and retention

Revision ID: c5e1a7b2d4f6
Revises: b3d9f0e1a2c4
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

revision: str = "c5e1a7b2d4f6"
down_revision: str | None = "b3d9f0e1a2c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
