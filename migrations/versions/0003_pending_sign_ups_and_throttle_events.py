"""Pending sign-ups, throttle events, the demo-password flag

- `pending_sign_up`: a sign-up becomes a customer only when its code is entered in the browser that
  chose the password; verification codes point at their sign-up (`one_time_code.pending_sign_up_id`).
- `throttle_event`: the attempts that rate limits count (wrong passwords and codes, anonymous emails).
- `merchant_user.uses_demo_password`: the back-office warns while the published demo password works.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('pending_sign_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('newsletter_opt_in', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_sign_up'))
    )
    with op.batch_alter_table('pending_sign_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_sign_up_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_sign_up_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_sign_up_token_hash'), ['token_hash'], unique=True)

    op.create_table('throttle_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('client_net', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_event'))
    )
    with op.batch_alter_table('throttle_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_throttle_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_throttle_event_kind_client_created', ['kind', 'client_net', 'created_at'], unique=False)
        batch_op.create_index('ix_throttle_event_kind_email_created', ['kind', 'email', 'created_at'], unique=False)

    with op.batch_alter_table('merchant_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uses_demo_password', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('one_time_code', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_sign_up_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_one_time_code_pending_sign_up_id'), ['pending_sign_up_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_one_time_code_pending_sign_up_id_pending_sign_up'), 'pending_sign_up', ['pending_sign_up_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    with op.batch_alter_table('one_time_code', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_one_time_code_pending_sign_up_id_pending_sign_up'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_one_time_code_pending_sign_up_id'))
        batch_op.drop_column('pending_sign_up_id')

    with op.batch_alter_table('merchant_user', schema=None) as batch_op:
        batch_op.drop_column('uses_demo_password')

    with op.batch_alter_table('throttle_event', schema=None) as batch_op:
        batch_op.drop_index('ix_throttle_event_kind_email_created')
        batch_op.drop_index('ix_throttle_event_kind_client_created')
        batch_op.drop_index(batch_op.f('ix_throttle_event_created_at'))

    op.drop_table('throttle_event')
    with op.batch_alter_table('pending_sign_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_sign_up_token_hash'))
        batch_op.drop_index(batch_op.f('ix_pending_sign_up_expires_at'))
        batch_op.drop_index(batch_op.f('ix_pending_sign_up_email'))

    op.drop_table('pending_sign_up')
