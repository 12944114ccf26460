"""a plan says which of its call's neighbourhoods it is for

Revision ID: id13a0000001
Revises: e5b0d0000001
Create Date: 2026-12-08 03:30:00

Existing plans get a neighbourhood when it is clear: the only one of their call, or else the call's neighbourhood
that holds the lead's postcode area. The others stay empty (their pages and the audit log fall back to the call).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'id13a0000001'
down_revision = 'e5b0d0000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('neighbourhood_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposal_neighbourhood_id'), ['neighbourhood_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposal_neighbourhood_id_neighbourhood'), 'neighbourhood',
                                    ['neighbourhood_id'], ['id'], ondelete='SET NULL')

    # The call's neighbourhood that holds the lead's area; else the call's only neighbourhood.
    op.execute(sa.text(
        'UPDATE proposal SET neighbourhood_id = ('
        ' SELECT MIN(cn.neighbourhood_id) FROM proposal_call_neighbourhood cn'
        ' JOIN neighbourhood_area na ON na.neighbourhood_id = cn.neighbourhood_id'
        ' JOIN "user" u ON u.pc4 = na.pc4'
        ' WHERE cn.call_id = proposal.call_id AND u.id = proposal.lead_id)'
        ' WHERE neighbourhood_id IS NULL'))
    op.execute(sa.text(
        'UPDATE proposal SET neighbourhood_id = ('
        ' SELECT MIN(cn.neighbourhood_id) FROM proposal_call_neighbourhood cn WHERE cn.call_id = proposal.call_id)'
        ' WHERE neighbourhood_id IS NULL AND ('
        ' SELECT COUNT(*) FROM proposal_call_neighbourhood cn WHERE cn.call_id = proposal.call_id) = 1'))


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_neighbourhood_id_neighbourhood'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposal_neighbourhood_id'))
        batch_op.drop_column('neighbourhood_id')
