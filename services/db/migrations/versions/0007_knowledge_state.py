"""knowledge state: the embedder the vectors are built with

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 08:00:00.000000

No backfill here: a deployment upgraded with vectors but no record has the embedder inferred from its
contents and memories at start-up (services.knowledge.index.Knowledge.open), which also covers databases
restored from older backups.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.db.types


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('knowledge_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('updated_at', services.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_knowledge_state'))
    )


def downgrade() -> None:
    op.drop_table('knowledge_state')
