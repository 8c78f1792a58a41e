"""tools: an agent's tools and tool choice; an assistant message's tool calls and a TOOL message's call id; a WAITING run's pause

Revision ID: 0009_tools
Revises: 0008
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_tools'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('agents') as batch:
        batch.add_column(sa.Column('tools', sa.JSON(), server_default='[]', nullable=False))
        batch.add_column(sa.Column('tool_choice', sa.String(length=232), server_default='auto', nullable=False))
    with op.batch_alter_table('messages') as batch:
        batch.add_column(sa.Column('tool_calls', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('tool_call_id', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('tool_name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('tool_error', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('waiting', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('waiting')
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('tool_error')
        batch.drop_column('tool_name')
        batch.drop_column('tool_call_id')
        batch.drop_column('tool_calls')
    with op.batch_alter_table('agents') as batch:
        batch.drop_column('tool_choice')
        batch.drop_column('tools')
