"""Back-office: merchant roles and two-factor sign-in, the customer register, notes and settings

- `merchant_user`: role (owner or staff), read-only flag, the encrypted TOTP secret, when it was set up,
  and the last accepted time step; `merchant_recovery_code`: ten single-use codes per user.
- `customer`: the shop's own number (unique when set), order count, total spent and last order (kept up
  to date with the orders, filled here from the orders already placed), and the import batch.
- `customer_note`: private, dated notes with their author.
- `store_settings`: require two-factor, notify on sign-ups, export format and CSV delimiter.
- `customer_search`: the register's full-text index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL).

Revision ID: 0005
Revises: 0004
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

from shop.customers import search_index


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the customer table keeps its expression index on lower(email).
    op.add_column('merchant_user', sa.Column('role', AutoString(length=10), nullable=False, server_default='owner'))
    op.add_column('merchant_user', sa.Column('read_only', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('merchant_user', sa.Column('totp_secret_encrypted', AutoString(length=300), nullable=False,
                                             server_default=''))
    op.add_column('merchant_user', sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('merchant_user', sa.Column('totp_last_step', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.create_table('merchant_recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('merchant_user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', AutoString(length=128), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['merchant_user_id'], ['merchant_user.id'],
                            name=op.f('fk_merchant_recovery_code_merchant_user_id_merchant_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merchant_recovery_code'))
    )
    op.create_index(op.f('ix_merchant_recovery_code_merchant_user_id'), 'merchant_recovery_code', ['merchant_user_id'])

    op.add_column('customer', sa.Column('own_number', AutoString(length=40), nullable=True))
    op.add_column('customer', sa.Column('order_count', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.add_column('customer', sa.Column('total_spent_cents', sa.Integer(), nullable=False, server_default=sa.text('0')))
    op.add_column('customer', sa.Column('last_order_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('customer', sa.Column('import_batch', AutoString(length=40), nullable=False, server_default=''))
    op.create_index(op.f('ix_customer_own_number'), 'customer', ['own_number'], unique=True)
    op.create_index(op.f('ix_customer_order_count'), 'customer', ['order_count'])
    op.create_index(op.f('ix_customer_total_spent_cents'), 'customer', ['total_spent_cents'])
    op.create_index(op.f('ix_customer_last_order_at'), 'customer', ['last_order_at'])
    op.create_index(op.f('ix_customer_import_batch'), 'customer', ['import_batch'])
    op.execute(sa.text("""
        UPDATE customer SET
            order_count = (SELECT count(*) FROM shop_order o
                           WHERE o.customer_id = customer.id AND o.status != 'cancelled'),
            total_spent_cents = (SELECT coalesce(sum(o.total_cents), 0) FROM shop_order o
                                 WHERE o.customer_id = customer.id AND o.status != 'cancelled'),
            last_order_at = (SELECT max(o.placed_at) FROM shop_order o
                             WHERE o.customer_id = customer.id AND o.status != 'cancelled')
    """))

    op.create_table('customer_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('merchant_user_id', sa.Integer(), nullable=True),
    sa.Column('author', AutoString(length=254), nullable=False),
    sa.Column('body', AutoString(length=5000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_customer_note_customer_id_customer'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merchant_user_id'], ['merchant_user.id'],
                            name=op.f('fk_customer_note_merchant_user_id_merchant_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_note'))
    )
    op.create_index(op.f('ix_customer_note_customer_id'), 'customer_note', ['customer_id'])
    op.create_index(op.f('ix_customer_note_created_at'), 'customer_note', ['created_at'])

    op.add_column('store_settings', sa.Column('require_two_factor', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('store_settings', sa.Column('notify_on_signup', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('store_settings', sa.Column('export_format', AutoString(length=8), nullable=False, server_default='csv'))
    op.add_column('store_settings', sa.Column('csv_delimiter', AutoString(length=1), nullable=False, server_default=';'))

    search_index.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for trigger in ('customer_search_insert', 'customer_search_update', 'customer_search_delete',
                        'customer_search_address_insert', 'customer_search_address_update',
                        'customer_search_address_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS customer_search')
    for name in ('csv_delimiter', 'export_format', 'notify_on_signup', 'require_two_factor'):
        op.drop_column('store_settings', name)
    op.drop_table('customer_note')
    for index in ('import_batch', 'last_order_at', 'total_spent_cents', 'order_count', 'own_number'):
        op.drop_index(op.f(f'ix_customer_{index}'), table_name='customer')
    for name in ('import_batch', 'last_order_at', 'total_spent_cents', 'order_count', 'own_number'):
        op.drop_column('customer', name)
    op.drop_table('merchant_recovery_code')
    for name in ('totp_last_step', 'totp_enabled_at', 'totp_secret_encrypted', 'read_only', 'role'):
        op.drop_column('merchant_user', name)
