"""Checkout: order numbers from a counter, VAT per order line, the checkout's settings

- `order_counter`: the last order number handed out, seeded from the orders already placed.
- `shop_order`: language, payment method, VAT number, exempt and reverse-charge flags, and the
  checkout token that makes placing an order idempotent.
- `order_line`: the VAT rate and the VAT amount of each line (rounded per line).
- `cart_item.added_price_cents`: the price when the line was added, to show a change.
- `customer.pay_on_invoice`; `store_settings`: checkout mode, account from order, shipping, bank details,
  the merchant's legal texts.
- `stock_alert`: "email me when it is back" requests.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('order_counter',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_order_counter'))
    )
    # Plain ADD COLUMN (no table rebuild): the customer table keeps its expression index on lower(email).
    op.add_column('cart_item', sa.Column('added_price_cents', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.add_column('customer', sa.Column('pay_on_invoice', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('order_line', sa.Column('vat_rate_bp', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.add_column('order_line', sa.Column('vat_cents', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.add_column('shop_order', sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default='en'))
    op.add_column('shop_order', sa.Column('payment_method', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='bank_transfer'))
    op.add_column('shop_order', sa.Column('vat_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default=''))
    op.add_column('shop_order', sa.Column('tax_exempt', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('shop_order', sa.Column('reverse_charge', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('shop_order', sa.Column('checkout_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('store_settings', sa.Column('checkout_mode', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='guests'))
    op.add_column('store_settings', sa.Column('account_from_order', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('store_settings', sa.Column('keep_customer_prices', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('store_settings', sa.Column('shop_country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False, server_default='FR'))
    op.add_column('store_settings', sa.Column('shipping_flat_cents', sa.Integer(), nullable=False, server_default=sa.text('590')))
    op.add_column('store_settings', sa.Column('free_shipping_over_cents', sa.Integer(), nullable=False, server_default=sa.text('6000')))
    op.add_column('store_settings', sa.Column('bank_details', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default='IBAN FR76 3000 6000 0112 3456 7890 189 · BIC AGRIFRPP'))
    op.add_column('store_settings', sa.Column('unpaid_order_days', sa.Integer(), nullable=False, server_default=sa.text('7')))
    for name in ('terms_text', 'legal_notice_text', 'privacy_text', 'shipping_returns_text'):
        op.add_column('store_settings', sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=50000),
                                                  nullable=False, server_default=''))
    op.create_index('uq_shop_order_checkout_token', 'shop_order', ['checkout_token'], unique=True)
    op.create_table('stock_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_alert_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_alert')),
    sa.UniqueConstraint('email', 'product_id', name=op.f('uq_stock_alert_email_product_id'))
    )
    op.create_index(op.f('ix_stock_alert_product_id'), 'stock_alert', ['product_id'], unique=False)
    op.create_index(op.f('ix_stock_alert_notified_at'), 'stock_alert', ['notified_at'], unique=False)

    # Order numbers go on from the highest one placed so far ("ML-100001" is number 100001).
    numbers = [int(number.rsplit('-', 1)[-1]) for (number,) in op.get_bind().execute(sa.text(
        'SELECT number FROM shop_order')) if number.rsplit('-', 1)[-1].isdigit()]
    op.execute(sa.text("INSERT INTO order_counter (name, value) VALUES ('order', :value)").bindparams(
        value=max(numbers, default=100000)))


def downgrade() -> None:
    op.drop_table('stock_alert')
    with op.batch_alter_table('store_settings', schema=None) as batch_op:
        for name in ('terms_text', 'legal_notice_text', 'privacy_text', 'shipping_returns_text'):
            batch_op.drop_column(name)
    with op.batch_alter_table('store_settings', schema=None) as batch_op:
        batch_op.drop_column('unpaid_order_days')
        batch_op.drop_column('bank_details')
        batch_op.drop_column('free_shipping_over_cents')
        batch_op.drop_column('shipping_flat_cents')
        batch_op.drop_column('shop_country')
        batch_op.drop_column('keep_customer_prices')
        batch_op.drop_column('account_from_order')
        batch_op.drop_column('checkout_mode')

    op.drop_index('uq_shop_order_checkout_token', table_name='shop_order')
    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.drop_column('checkout_token')
        batch_op.drop_column('reverse_charge')
        batch_op.drop_column('tax_exempt')
        batch_op.drop_column('vat_number')
        batch_op.drop_column('payment_method')
        batch_op.drop_column('language')

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_column('vat_cents')
        batch_op.drop_column('vat_rate_bp')

    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_column('pay_on_invoice')

    with op.batch_alter_table('cart_item', schema=None) as batch_op:
        batch_op.drop_column('added_price_cents')

    op.drop_table('order_counter')
