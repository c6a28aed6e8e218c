"""reset links bound to the password they were issued under

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("one_time_tokens") as batch:
        batch.add_column(sa.Column("password_fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("one_time_tokens") as batch:
        batch.drop_column("password_fingerprint")
