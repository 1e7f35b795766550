"""What a customer keeps between visits: the wishlist and the cart."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storefront.models.base import UTCDateTime, created_at_field, utcnow


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
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
