"""Products, their images, the prices that depend on who buys, and what customers keep between visits
(the wishlist and the cart)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, created_at_field, timestamp_field, utcnow


class Product(SQLModel, table=True):
    __tablename__ = "product"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    sku: str = Field(max_length=40, unique=True, index=True)
    category: str = Field(default="", max_length=40, index=True)
    name: str = Field(max_length=200, index=True)
    name_fr: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000)
    description_fr: str = Field(default="", max_length=5000)
    price_cents: int = Field(ge=0)
    currency: str = Field(default="EUR", max_length=3)
    stock: int = Field(default=0)
    is_active: bool = Field(default=True, index=True)
    created_at: datetime = created_at_field()


class ProductImage(SQLModel, table=True):
    __tablename__ = "product_image"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=300)  # relative to assets/
    alt: str = Field(default="", max_length=200)
    position: int = Field(default=0)


class GroupPrice(SQLModel, table=True):
    """The price of a product for a customer group (overrides the group's percentage)."""

    __tablename__ = "group_price"
    __table_args__ = (sa.UniqueConstraint("group_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="customer_group.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    price_cents: int = Field(ge=0)


class CustomerPrice(SQLModel, table=True):
    """A customer's own price list (Baqio): it wins over every group price."""

    __tablename__ = "customer_price"
    __table_args__ = (sa.UniqueConstraint("customer_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    price_cents: int = Field(ge=0)


class WishlistItem(SQLModel, table=True):
    __tablename__ = "wishlist_item"
    __table_args__ = (sa.UniqueConstraint("customer_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    created_at: datetime = created_at_field()


class CartItem(SQLModel, table=True):
    """A line of a persisted cart: a signed-in customer's, or a guest's keyed by a browser token hash."""

    __tablename__ = "cart_item"
    __table_args__ = (
        sa.UniqueConstraint("customer_id", "product_id"),
        sa.UniqueConstraint("guest_cart_key", "product_id"),
        sa.CheckConstraint(
            "(customer_id IS NOT NULL) OR (guest_cart_key IS NOT NULL)", name="cart_item_has_owner"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True, ondelete="CASCADE")
    guest_cart_key: str | None = Field(default=None, max_length=64, index=True)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    quantity: int = Field(ge=1)
    added_price_cents: int = Field(default=0)  # the buyer's price (before VAT rules) when added
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class StockAlert(SQLModel, table=True):
    """"Email me when it is back": one email, once, when a sold-out product returns."""

    __tablename__ = "stock_alert"
    __table_args__ = (sa.UniqueConstraint("email", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    language: str = Field(default="en", max_length=8)
    created_at: datetime = created_at_field()
    notified_at: datetime | None = timestamp_field(index=True)
