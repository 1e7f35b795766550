"""The shop's settings: a single row that the merchant edits."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, utcnow


class RegistrationMode(enum.StrEnum):
    OPEN = "open"
    DISABLED = "disabled"  # accounts only at checkout or by invitation
    MEMBERS_ONLY = "members_only"  # the whole shop asks visitors to sign in


class EmailVerification(enum.StrEnum):
    CODE = "code"
    NONE = "none"


class StoreSettings(SQLModel, table=True):
    __tablename__ = "store_settings"

    id: int | None = Field(default=1, primary_key=True)
    shop_name: str = Field(default="Maison Lumen", max_length=100)
    contact_email: str = Field(default="hello@maison-lumen.example", max_length=254)
    currency: str = Field(default="EUR", max_length=3)
    default_language: str = Field(default="en", max_length=8)
    registration_mode: str = Field(default=RegistrationMode.OPEN.value, max_length=20)
    email_verification: str = Field(default=EmailVerification.CODE.value, max_length=10)
    passwordless_sign_in: bool = Field(default=True)
    wishlist_enabled: bool = Field(default=True)
    approved_buyers_only: bool = Field(default=False)
    guest_checkout: bool = Field(default=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
