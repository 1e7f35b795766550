"""Orders (online and in-store), their lines and their status history."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, created_at_field, utcnow


class PaymentMethod(enum.StrEnum):
    BANK_TRANSFER = "bank_transfer"
    INVOICE = "invoice"  # allowed per customer (Customer.pay_on_invoice)


class OrderStatus(enum.StrEnum):
    RECEIVED = "received"
    PAID = "paid"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class OrderChannel(enum.StrEnum):
    ONLINE = "online"
    IN_STORE = "in_store"


class Order(SQLModel, table=True):
    __tablename__ = "shop_order"  # "order" is an SQL keyword
    __table_args__ = (sa.Index("uq_shop_order_checkout_token", "checkout_token", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, unique=True, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="SET NULL")
    email: str = Field(max_length=254, index=True)
    channel: str = Field(default=OrderChannel.ONLINE.value, max_length=10, index=True)
    status: str = Field(default=OrderStatus.RECEIVED.value, max_length=12, index=True)
    currency: str = Field(default="EUR", max_length=3)
    subtotal_cents: int = Field(default=0)
    shipping_cents: int = Field(default=0)
    tax_cents: int = Field(default=0)
    total_cents: int = Field(default=0)
    # Addresses are copied onto the order: later edits to the address book never rewrite history.
    billing_address_json: str = Field(default="{}", max_length=4000)
    shipping_address_json: str = Field(default="{}", max_length=4000)
    carrier: str = Field(default="", max_length=60)
    tracking_number: str = Field(default="", max_length=80)
    tracking_url: str = Field(default="", max_length=500)
    language: str = Field(default="en", max_length=8)
    payment_method: str = Field(default="bank_transfer", max_length=20)
    vat_number: str = Field(default="", max_length=40)
    tax_exempt: bool = Field(default=False)
    reverse_charge: bool = Field(default=False)  # EU business buyer: the buyer accounts for the VAT
    # The checkout's idempotency key: a double click, a second tab or a retried event finds this order.
    checkout_token: str | None = Field(default=None, max_length=64)
    placed_at: datetime = created_at_field(index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True, ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="product.id", index=True, ondelete="SET NULL")
    sku: str = Field(max_length=40)
    name: str = Field(max_length=200)
    unit_price_cents: int  # what the buyer pays per unit, VAT included when VAT is due
    quantity: int = Field(ge=1)
    line_total_cents: int
    vat_rate_bp: int = Field(default=0)  # basis points: 2000 is 20 %
    vat_cents: int = Field(default=0)  # the VAT inside line_total_cents, rounded per line


class OrderStatusEvent(SQLModel, table=True):
    """One step of an order's timeline."""

    __tablename__ = "order_status_event"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=12)
    note: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()


class OrderCounter(SQLModel, table=True):
    """The last order number handed out: incremented in the placing transaction, never `count + 1`."""

    __tablename__ = "order_counter"

    name: str = Field(primary_key=True, max_length=20)
    value: int
