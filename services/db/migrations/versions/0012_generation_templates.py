"""generation templates: saved Jinja2 prompt templates with declared variables and a default model

Revision ID: 0012_generation_templates
Revises: 0011_attachments
Create Date: 2026-11-30 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.db.types


revision: str = '0012_generation_templates'
# 0011 (message attachments) is being written in parallel; whoever merges second chains this after it.
down_revision: str | None = '0011_attachments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('generation_templates',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('variables', sa.JSON(), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=True),
    sa.Column('created_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_generation_templates_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generation_templates'))
    )
    with op.batch_alter_table('generation_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_generation_templates_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_generation_templates_owner_order', ['owner_id', 'created_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('generation_templates', schema=None) as batch_op:
        batch_op.drop_index('ix_generation_templates_owner_order')
        batch_op.drop_index(batch_op.f('ix_generation_templates_owner_id'))
    op.drop_table('generation_templates')
