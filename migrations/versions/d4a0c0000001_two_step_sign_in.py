"""two-step sign-in: TOTP credentials and recovery codes

Revision ID: d4a0c0000001
Revises: c3a0c0000001
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 'd4a0c0000001'
down_revision = 'c3a0c0000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('totp_credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('enabled_at', wijkhulp.database.UTCDateTime(), nullable=False),
    sa.Column('last_step', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_totp_credential_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_totp_credential')),
    sa.UniqueConstraint('user_id', name=op.f('uq_totp_credential_user_id'))
    )
    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', wijkhulp.database.UTCDateTime(), nullable=False),
    sa.Column('used_at', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_recovery_code_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code'))
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))
    op.drop_table('recovery_code')
    op.drop_table('totp_credential')
