"""The customer register's indexes: sorting by name and filtering by country on 100,000 customers

Revision ID: 0006
Revises: 0005
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_customer_last_first_name', 'customer', ['last_name', 'first_name'])
    op.create_index('ix_address_country_customer', 'address', ['country_code', 'customer_id'])


def downgrade() -> None:
    op.drop_index('ix_address_country_customer', table_name='address')
    op.drop_index('ix_customer_last_first_name', table_name='customer')
