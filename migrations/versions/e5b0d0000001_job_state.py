"""job runner: one row per periodic job (next run, lease, last result)

Revision ID: e5b0d0000001
Revises: re12a0000001
Create Date: 2026-12-08 03:40:00

"""
from alembic import op
import sqlalchemy as sa
import wijkhulp.database


# revision identifiers, used by Alembic.
revision = 'e5b0d0000001'
down_revision = 're12a0000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_state',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('next_run_at', wijkhulp.database.UTCDateTime(), nullable=False),
    sa.Column('locked_until', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.Column('locked_by', sa.String(length=120), nullable=True),
    sa.Column('last_started_at', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.Column('last_finished_at', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.Column('last_success_at', wijkhulp.database.UTCDateTime(), nullable=True),
    sa.Column('last_result', sa.Text(), nullable=True),
    sa.Column('last_ok', sa.Boolean(), nullable=True),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_state'))
    )


def downgrade():
    op.drop_table('job_state')
