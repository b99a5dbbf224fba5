"""control periods carry the controller's side

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('control_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('controller_side', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('control_periods', schema=None) as batch_op:
        batch_op.drop_column('controller_side')
