"""requirements and participant concepts written as text

Revision ID: d7f2b8c3e5a1
Revises: c5e1a7b2d4f6
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

revision: str = "d7f2b8c3e5a1"
down_revision: str | None = "c5e1a7b2d4f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
