"""change events (outbox) and webhook subscriptions and deliveries

Revision ID: b3d9f0e1a2c4
Revises: 7c4e2a91d5b3
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

revision: str = "b3d9f0e1a2c4"
down_revision: str | None = "7c4e2a91d5b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
