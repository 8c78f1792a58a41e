"""auth sessions (one row per login; refresh-token families and access tokens name it); run attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.db.types


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('auth_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('created_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', services.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_auth_sessions_user_id'), 'auth_sessions', ['user_id'], unique=False)
    op.add_column('runs', sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
    # Every existing refresh-token family becomes a session, so logins made before the upgrade go on.
    op.execute(
        "INSERT INTO auth_sessions (id, user_id, client, created_at, last_used_at) "
        "SELECT family_id, min(user_id), '', min(created_at), max(created_at) FROM refresh_tokens GROUP BY family_id"
    )


def downgrade() -> None:
    op.drop_column('runs', 'attempts')
    op.drop_index(op.f('ix_auth_sessions_user_id'), table_name='auth_sessions')
    op.drop_table('auth_sessions')
