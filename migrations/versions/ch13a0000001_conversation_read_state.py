"""conversation read state: up to when each party has read a reaction's thread (the inbox's unread mark)

Revision ID: ch13a0000001
Revises: id13a0000001
Create Date: 2026-12-08 03:10:00

"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 'ch13a0000001'
down_revision = 'id13a0000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_read_at', wijkhulp.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('responder_read_at', wijkhulp.database.UTCDateTime(), nullable=True))
    # Conversations that existed before the inbox count as read: nobody gets a wall of old "unread" marks.
    op.execute("UPDATE response SET owner_read_at = last_message_at, responder_read_at = last_message_at")


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('responder_read_at')
        batch_op.drop_column('owner_read_at')
