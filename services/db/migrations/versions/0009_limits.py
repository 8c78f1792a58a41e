"""limits, quotas, sessions and fallback: fair queue rounds, daily token usage, login addresses, fallback models,
the model that answered a run

Revision ID: 0009_limits
Revises: 0008
Create Date: 2026-11-30 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_limits'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('token_usage',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('prompt_tokens', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('completion_tokens', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('runs', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'provider', 'day')
    )
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('fair_round', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('answered_by', sa.String(length=200), nullable=True))
        batch.drop_index('ix_runs_queue')
        batch.create_index('ix_runs_queue', ['status', 'provider', 'priority', 'fair_round', 'created_at'])
    op.add_column('auth_sessions', sa.Column('address', sa.String(length=64), server_default='', nullable=False))
    op.add_column('agents', sa.Column('fallback_models', sa.JSON(), server_default='[]', nullable=False))


def downgrade() -> None:
    op.drop_column('agents', 'fallback_models')
    op.drop_column('auth_sessions', 'address')
    with op.batch_alter_table('runs') as batch:
        batch.drop_index('ix_runs_queue')
        batch.create_index('ix_runs_queue', ['status', 'provider', 'priority', 'created_at'])
        batch.drop_column('answered_by')
        batch.drop_column('fair_round')
    op.drop_table('token_usage')
