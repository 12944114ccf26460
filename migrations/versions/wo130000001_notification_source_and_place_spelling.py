"""notifications keep their text as a message key with parameters; Oud-Zuilen spelled officially

Revision ID: wo130000001
Revises: ch13a0000001
Create Date: 2026-12-08 03:20:00

A notification gets `message_source` (JSON: message key and parameters), so the page shows it in the reader's
language when it is shown. Existing rows keep NULL there and are shown with their stored text, as before.
The postcode area 3611 is renamed from GeoNames' "Oud Zuilen" to the municipality's "Oud-Zuilen".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'wo130000001'
down_revision = 'ch13a0000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification') as batch_op:
        batch_op.add_column(sa.Column('message_source', sa.JSON(), nullable=True))
    op.execute("UPDATE postcode_area SET place = 'Oud-Zuilen' WHERE place = 'Oud Zuilen'")


def downgrade():
    op.execute("UPDATE postcode_area SET place = 'Oud Zuilen' WHERE place = 'Oud-Zuilen' AND pc4 = '3611'")
    with op.batch_alter_table('notification') as batch_op:
        batch_op.drop_column('message_source')
