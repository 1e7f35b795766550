"""Shipping rates per destination country

- `shipping_rate`: the flat shipping price of one country; the others pay the store's flat rate.

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('shipping_rate',
    sa.Column('country_code', AutoString(length=2), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('country_code', name=op.f('pk_shipping_rate'))
    )


def downgrade() -> None:
    op.drop_table('shipping_rate')
