"""mutual contact sharing: when each party of a match chose what to share

Revision ID: fl1300000011
Revises: wo130000001
Create Date: 2026-12-08 03:20:00

Existing matches start with nobody having chosen: their sharing flags came from each person's default, which
alone no longer reveals anything. Details show again once both parties choose in the conversation.
"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 'fl1300000011'
down_revision = 'wo130000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requester_contact_chosen_at', wijkhulp.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('helper_contact_chosen_at', wijkhulp.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('help_match', schema=None) as batch_op:
        batch_op.drop_column('helper_contact_chosen_at')
        batch_op.drop_column('requester_contact_chosen_at')
