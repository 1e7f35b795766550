"""Sign-in sessions, one-time codes and single-use tokens. Secrets are stored only as hashes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, created_at_field, timestamp_field


class SignInSession(SQLModel, table=True):
    """A signed-in browser, of a customer or of a merchant user (exactly one of the two)."""

    __tablename__ = "sign_in_session"
    __table_args__ = (
        sa.CheckConstraint(
            "(customer_id IS NULL) <> (merchant_user_id IS NULL)", name="session_has_one_subject"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    merchant_user_id: int | None = Field(
        default=None, foreign_key="merchant_user.id", index=True, ondelete="CASCADE"
    )
    remember_me: bool = Field(default=False)
    user_agent: str = Field(default="", max_length=300)
    ip_address: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class CodePurpose(enum.StrEnum):
    VERIFY_EMAIL = "verify_email"
    SIGN_IN = "sign_in"
    CHANGE_EMAIL = "change_email"
    CONFIRM_ACTION = "confirm_action"


class OneTimeCode(SQLModel, table=True):
    """A 6-digit code sent by email, kept only as an HMAC."""

    __tablename__ = "one_time_code"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    purpose: str = Field(max_length=20, index=True)
    code_hmac: str = Field(max_length=64)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    # A verification code belongs to one sign-up attempt: only the browser that chose the password can use it.
    pending_sign_up_id: int | None = Field(default=None, foreign_key="pending_sign_up.id", index=True,
                                           ondelete="CASCADE")
    failed_attempts: int = Field(default=0)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = timestamp_field()
    voided_at: datetime | None = timestamp_field()


class PendingSignUp(SQLModel, table=True):
    """A sign-up waiting for its emailed code. It becomes a customer only once the address is proven,
    and only in the browser that chose the password (which holds `token`, stored here as a hash)."""

    __tablename__ = "pending_sign_up"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    email: str = Field(max_length=254, index=True)
    password_hash: str = Field(max_length=200)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    language: str = Field(default="en", max_length=8)
    newsletter_opt_in: bool = Field(default=False)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class ThrottleEvent(SQLModel, table=True):
    """One counted attempt (a wrong password or code, an email sent to an anonymous visitor...).

    The rate limits count these rows, so they hold across workers and restarts. `client_net` is the
    client's IPv4 address or IPv6 /64 network.
    """

    __tablename__ = "throttle_event"
    __table_args__ = (
        sa.Index("ix_throttle_event_kind_email_created", "kind", "email", "created_at"),
        sa.Index("ix_throttle_event_kind_client_created", "kind", "client_net", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    email: str = Field(default="", max_length=254)
    client_net: str = Field(default="", max_length=64)
    detail: str = Field(default="", max_length=30)
    created_at: datetime = created_at_field(index=True)


class TokenKind(enum.StrEnum):
    PASSWORD_RESET = "password_reset"
    INVITATION = "invitation"
    SIGN_IN_LINK = "sign_in_link"
    EMAIL_CHANGE = "email_change"


class SingleUseToken(SQLModel, table=True):
    """A link token. `state_fingerprint` ties it to the password and email it was issued for."""

    __tablename__ = "single_use_token"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=254, index=True)
    state_fingerprint: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = timestamp_field()


class PasskeyCredential(SQLModel, table=True):
    """A customer's passkey (WebAuthn credential). Only public data: the credential id and public key
    (base64url), the signature counter (a clone shows as a counter that goes back) and a name."""

    __tablename__ = "passkey_credential"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    credential_id: str = Field(max_length=1400, unique=True, index=True)
    public_key: str = Field(max_length=2800)
    sign_count: int = Field(default=0)
    transports: str = Field(default="", max_length=200)
    name: str = Field(max_length=60)
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = timestamp_field()


class WebAuthnChallenge(SQLModel, table=True):
    """A passkey ceremony in progress: single-use, short-lived, bound to the browser that asked for it
    (`browser_token_hash`) and, for adding a passkey, to the customer."""

    __tablename__ = "webauthn_challenge"

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=20)  # "register" or "authenticate"
    challenge: str = Field(max_length=200, unique=True, index=True)
    browser_token_hash: str = Field(max_length=64, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    used_at: datetime | None = timestamp_field()


class SocialIdentity(SQLModel, table=True):
    """An account at an identity provider (Google, Microsoft...) linked to a customer."""

    __tablename__ = "social_identity"
    __table_args__ = (sa.UniqueConstraint("provider", "subject", name="uq_social_identity_provider_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    provider: str = Field(max_length=20)
    subject: str = Field(max_length=255)
    email: str = Field(default="", max_length=254)
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = timestamp_field()


class OAuthFlow(SQLModel, table=True):
    """A social sign-in in progress, from the redirect to the provider to its callback. `state_hash` finds
    it; it is single-use, short-lived and bound to the browser that started it. `customer_id` is set when a
    signed-in customer links a provider from their account."""

    __tablename__ = "oauth_flow"

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(max_length=64, unique=True, index=True)
    provider: str = Field(max_length=20)
    nonce: str = Field(max_length=100)
    code_verifier: str = Field(max_length=200)
    browser_token_hash: str = Field(max_length=64, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    used_at: datetime | None = timestamp_field()
