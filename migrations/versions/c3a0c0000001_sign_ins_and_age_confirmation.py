"""sign-ins per device (logging out ends them on the server) and the 16-or-older statement

Revision ID: c3a0c0000001
Revises: 671589152b21
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 'c3a0c0000001'
down_revision = '671589152b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', wijkhulp.database.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', wijkhulp.database.UTCDateTime(), nullable=False),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('ended_at', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_token_hash'))
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_confirmed_at', wijkhulp.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('age_confirmed_at')

    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_user_id'))

    op.drop_table('sign_in')
