"""audit entries sealed into the hash chain after commit

Revision ID: e9a3c4d5f6b7
Revises: d7f2b8c3e5a1
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

revision: str = "e9a3c4d5f6b7"
down_revision: str | None = "d7f2b8c3e5a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
