"""retention: when a closed listing was purged, when an inactive account was warned

Revision ID: re12a0000001
Revises: d4a0c0000001
Create Date: 2026-12-08 03:15:00

"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 're12a0000001'
down_revision = 'd4a0c0000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', wijkhulp.database.UTCDateTime(), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inactivity_warned_at', wijkhulp.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('inactivity_warned_at')
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
