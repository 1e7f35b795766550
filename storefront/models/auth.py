"""Sign-in sessions, one-time codes and single-use tokens. Secrets are stored only as hashes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storefront.models.base import UTCDateTime, created_at_field, timestamp_field


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
    failed_attempts: int = Field(default=0)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = timestamp_field()
    voided_at: datetime | None = timestamp_field()


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
