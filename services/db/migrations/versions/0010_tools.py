"""tools: an agent's tools and tool choice; an assistant message's tool calls and a TOOL message's call id; a WAITING run's pause; MCP servers

Revision ID: 0010_tools
Revises: 0009_limits
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.db.types


revision: str = '0010_tools'
down_revision: str | None = '0009_limits'
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
    op.create_table('mcp_servers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('transport', sa.String(length=16), nullable=False),
    sa.Column('command', sa.Text(), nullable=True),
    sa.Column('args', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('env', sa.JSON(), server_default='{}', nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('headers', sa.JSON(), server_default='{}', nullable=False),
    sa.Column('created_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mcp_servers')),
    sa.UniqueConstraint('name', name=op.f('uq_mcp_servers_name'))
    )


def downgrade() -> None:
    op.drop_table('mcp_servers')
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
