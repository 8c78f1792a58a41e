"""persisted queries: documents registered through Apollo's automatic persisted queries, by sha256, LRU-bounded

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 08:24:17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.db.types


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('persisted_queries',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_persisted_queries'))
    )
    op.create_index(op.f('ix_persisted_queries_last_used_at'), 'persisted_queries', ['last_used_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_persisted_queries_last_used_at'), table_name='persisted_queries')
    op.drop_table('persisted_queries')
