"""Passkeys and social sign-in

- `passkey_credential`: a customer's passkeys (credential id, public key, signature counter, name, last use).
- `webauthn_challenge`: single-use passkey challenges, bound to the browser that asked and expiring.
- `social_identity`: provider accounts (provider + subject) linked to a customer.
- `oauth_flow`: a social sign-in between the redirect and its callback (state, nonce, PKCE verifier).

Revision ID: 0007
Revises: 0006
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('oauth_flow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_hash', AutoString(length=64), nullable=False),
    sa.Column('provider', AutoString(length=20), nullable=False),
    sa.Column('nonce', AutoString(length=100), nullable=False),
    sa.Column('code_verifier', AutoString(length=200), nullable=False),
    sa.Column('browser_token_hash', AutoString(length=64), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_oauth_flow_customer_id_customer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_flow'))
    )
    op.create_index(op.f('ix_oauth_flow_browser_token_hash'), 'oauth_flow', ['browser_token_hash'])
    op.create_index(op.f('ix_oauth_flow_customer_id'), 'oauth_flow', ['customer_id'])
    op.create_index(op.f('ix_oauth_flow_expires_at'), 'oauth_flow', ['expires_at'])
    op.create_index(op.f('ix_oauth_flow_state_hash'), 'oauth_flow', ['state_hash'], unique=True)

    op.create_table('passkey_credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('credential_id', AutoString(length=1400), nullable=False),
    sa.Column('public_key', AutoString(length=2800), nullable=False),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('transports', AutoString(length=200), nullable=False),
    sa.Column('name', AutoString(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_passkey_credential_customer_id_customer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passkey_credential'))
    )
    op.create_index(op.f('ix_passkey_credential_credential_id'), 'passkey_credential', ['credential_id'], unique=True)
    op.create_index(op.f('ix_passkey_credential_customer_id'), 'passkey_credential', ['customer_id'])

    op.create_table('social_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('provider', AutoString(length=20), nullable=False),
    sa.Column('subject', AutoString(length=255), nullable=False),
    sa.Column('email', AutoString(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_social_identity_customer_id_customer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_social_identity')),
    sa.UniqueConstraint('provider', 'subject', name='uq_social_identity_provider_subject')
    )
    op.create_index(op.f('ix_social_identity_customer_id'), 'social_identity', ['customer_id'])

    op.create_table('webauthn_challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', AutoString(length=20), nullable=False),
    sa.Column('challenge', AutoString(length=200), nullable=False),
    sa.Column('browser_token_hash', AutoString(length=64), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_webauthn_challenge_customer_id_customer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webauthn_challenge'))
    )
    op.create_index(op.f('ix_webauthn_challenge_browser_token_hash'), 'webauthn_challenge', ['browser_token_hash'])
    op.create_index(op.f('ix_webauthn_challenge_challenge'), 'webauthn_challenge', ['challenge'], unique=True)
    op.create_index(op.f('ix_webauthn_challenge_customer_id'), 'webauthn_challenge', ['customer_id'])
    op.create_index(op.f('ix_webauthn_challenge_expires_at'), 'webauthn_challenge', ['expires_at'])



def downgrade() -> None:
    op.drop_index(op.f('ix_webauthn_challenge_expires_at'), table_name='webauthn_challenge')
    op.drop_index(op.f('ix_webauthn_challenge_customer_id'), table_name='webauthn_challenge')
    op.drop_index(op.f('ix_webauthn_challenge_challenge'), table_name='webauthn_challenge')
    op.drop_index(op.f('ix_webauthn_challenge_browser_token_hash'), table_name='webauthn_challenge')
    op.drop_table('webauthn_challenge')
    op.drop_index(op.f('ix_social_identity_customer_id'), table_name='social_identity')
    op.drop_table('social_identity')
    op.drop_index(op.f('ix_passkey_credential_customer_id'), table_name='passkey_credential')
    op.drop_index(op.f('ix_passkey_credential_credential_id'), table_name='passkey_credential')
    op.drop_table('passkey_credential')
    op.drop_index(op.f('ix_oauth_flow_state_hash'), table_name='oauth_flow')
    op.drop_index(op.f('ix_oauth_flow_expires_at'), table_name='oauth_flow')
    op.drop_index(op.f('ix_oauth_flow_customer_id'), table_name='oauth_flow')
    op.drop_index(op.f('ix_oauth_flow_browser_token_hash'), table_name='oauth_flow')
    op.drop_table('oauth_flow')
