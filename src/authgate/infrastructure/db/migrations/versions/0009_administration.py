"""administration: last sign-in, and indexes for paging and searching users and events

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from authgate.infrastructure.db.tables import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_sign_in_at", UTCDateTime(), nullable=True))
    op.create_index("ix_users_created_at_id", "users", ["created_at", "id"])
    op.create_index("ix_users_lower_name", "users", [sa.text("lower(name)")])
    op.create_index("ix_security_events_created_at_id", "security_events", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_security_events_created_at_id", "security_events")
    op.drop_index("ix_users_lower_name", "users")
    op.drop_index("ix_users_created_at_id", "users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_sign_in_at")
