"""sign-in methods, roles, TOTP and recovery codes

Users may have no password, have a role and may be disabled; sessions remember when
and how they began; security events name their actor and outlive their person.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from authgate.infrastructure.db.tables import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(255), nullable=True)
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="user"))
        batch.add_column(sa.Column("disabled_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET role = 'admin' WHERE is_admin")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("is_admin")
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("authenticated_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("methods", sa.JSON(), nullable=False, server_default='["password"]')
        )
    op.execute("UPDATE sessions SET authenticated_at = created_at")
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("authenticated_at", existing_type=UTCDateTime(), nullable=False)
    with op.batch_alter_table("security_events") as batch:
        batch.drop_constraint("fk_security_events_user_id_users", type_="foreignkey")
        batch.add_column(sa.Column("actor_id", sa.Uuid(), nullable=True))
    _create_mfa_tables()


def _create_mfa_tables() -> None:
    op.create_table(
        "totp_credentials",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("sealed_secret", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("last_used_step", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name="pk_totp_credentials"),
        _owner("totp_credentials"),
    )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_recovery_codes"),
        sa.UniqueConstraint("code_hash", name="uq_recovery_codes_code_hash"),
        _owner("recovery_codes"),
    )
    op.create_index("ix_recovery_codes_user_id", "recovery_codes", ["user_id"])
    op.create_table(
        "mfa_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_mfa_challenges"),
        sa.UniqueConstraint("token_hash", name="uq_mfa_challenges_token_hash"),
        _owner("mfa_challenges"),
    )
    op.create_index("ix_mfa_challenges_expires_at", "mfa_challenges", ["expires_at"])


def _owner(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=f"fk_{table}_user_id_users", ondelete="CASCADE"
    )


def downgrade() -> None:
    for table in ("mfa_challenges", "recovery_codes", "totp_credentials"):
        op.drop_table(table)
    with op.batch_alter_table("security_events") as batch:
        batch.drop_column("actor_id")
    op.execute("DELETE FROM security_events WHERE user_id NOT IN (SELECT id FROM users)")
    with op.batch_alter_table("security_events") as batch:
        batch.create_foreign_key(
            "fk_security_events_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE"
        )
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("methods")
        batch.drop_column("authenticated_at")
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE users SET is_admin = (role = 'admin')")
    op.execute("DELETE FROM users WHERE password_hash IS NULL")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("role")
        batch.alter_column("password_hash", existing_type=sa.String(255), nullable=False)
