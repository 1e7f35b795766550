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
