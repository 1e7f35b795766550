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


class CheckoutMode(enum.StrEnum):
    GUESTS = "guests"  # anyone may order; a guest order creates no account unless `account_from_order`
    ACCOUNT_REQUIRED = "account_required"  # an account is needed; a visitor may create one on the way
    REGISTERED_ONLY = "registered_only"  # existing accounts only (with registration disabled: members only)


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


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
    guest_checkout: bool = Field(default=True)  # superseded by checkout_mode (kept for old rows)
    checkout_mode: str = Field(default=CheckoutMode.GUESTS.value, max_length=20)
    account_from_order: bool = Field(default=False)  # a guest order creates an account (StoreFront)
    keep_customer_prices: bool = Field(default=True)  # a customer's own price list wins (Baqio)
    shop_country: str = Field(default="FR", max_length=2)
    shipping_flat_cents: int = Field(default=590, ge=0)
    free_shipping_over_cents: int = Field(default=6_000, ge=0)  # 0: never free
    bank_details: str = Field(default="IBAN FR76 3000 6000 0112 3456 7890 189 · BIC AGRIFRPP", max_length=500)
    unpaid_order_days: int = Field(default=7, ge=1)  # unpaid bank transfers expire after this
    # The merchant's own legal texts (plain text, paragraphs separated by blank lines); empty: the
    # shop's standard text in the visitor's language is shown.
    terms_text: str = Field(default="", max_length=50_000)
    legal_notice_text: str = Field(default="", max_length=50_000)
    privacy_text: str = Field(default="", max_length=50_000)
    shipping_returns_text: str = Field(default="", max_length=50_000)
    require_two_factor: bool = Field(default=False)  # every merchant user must set up TOTP
    notify_on_signup: bool = Field(default=False)  # email the shop's contact address on each new account
    export_format: str = Field(default=ExportFormat.CSV.value, max_length=8)  # the default (Abicart)
    csv_delimiter: str = Field(default=";", max_length=1)  # ";" for French Excel, "," elsewhere
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ShippingRate(SQLModel, table=True):
    """The flat shipping price of one destination country; countries without one pay the store's flat rate
    (`StoreSettings.shipping_flat_cents`). Free shipping from `free_shipping_over_cents` holds for all."""

    __tablename__ = "shipping_rate"

    country_code: str = Field(primary_key=True, max_length=2)
    price_cents: int = Field(ge=0)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
