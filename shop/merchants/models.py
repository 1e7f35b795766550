"""Back-office users and the audit trail."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from shop.common.columns import created_at_field, timestamp_field


class MerchantRole(enum.StrEnum):
    OWNER = "owner"  # everything, including export, deletion, merges, settings and staff
    STAFF = "staff"  # day-to-day work on customers, orders and products


class MerchantUser(SQLModel, table=True):
    __tablename__ = "merchant_user"
    __table_args__ = (sa.Index("uq_merchant_user_email_lower", sa.text("lower(email)"), unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    password_hash: str = Field(max_length=200)  # empty until an invited staff member sets one
    name: str = Field(default="", max_length=100)
    role: str = Field(default=MerchantRole.OWNER.value, max_length=10)
    read_only: bool = Field(default=False)  # staff who may look but not change anything
    is_active: bool = Field(default=True)
    # Two-factor sign-in (TOTP): the secret is encrypted with a key derived from SECRET_KEY; the last
    # accepted time step is kept so the same code is never accepted twice.
    totp_secret_encrypted: str = Field(default="", max_length=300)
    totp_enabled_at: datetime | None = timestamp_field()
    totp_last_step: int = Field(default=0)
    # Signed in with the password published in the README: the back-office shows a warning until it changes.
    uses_demo_password: bool = Field(default=False)
    created_at: datetime = created_at_field()
    last_sign_in_at: datetime | None = timestamp_field()


class MerchantRecoveryCode(SQLModel, table=True):
    """One of ten single-use codes that replace the authenticator app once."""

    __tablename__ = "merchant_recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    merchant_user_id: int = Field(foreign_key="merchant_user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=128)
    used_at: datetime | None = timestamp_field()


class AuditEvent(SQLModel, table=True):
    """Who did what and when. Never holds a code, a token or a password."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, index=True)
    customer_id: int | None = Field(default=None, index=True)  # no FK: the trail outlives the customer
    merchant_user_id: int | None = Field(default=None, index=True)
    email: str = Field(default="", max_length=254, index=True)  # the address an attempt was about
    ip_address: str = Field(default="", max_length=64, index=True)
    detail: str = Field(default="", max_length=1000)
    created_at: datetime = created_at_field(index=True)
