"""A customer's wishlist: products saved for later, shown at the price this customer pays today."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shop.catalog.products import PricedProduct, priced
from shop.customers.profile import own_customer
from shop.models import Product, WishlistItem
from shop.settings.store import get_store_settings

MAX_SLUG = 120
MAX_ID = 10**15


class WishlistDisabled(Exception):
    """The merchant switched the wishlist off in the settings."""


def _require_enabled(db: Session) -> None:
    if not get_store_settings(db).wishlist_enabled:
        raise WishlistDisabled()


def _product_id(raw: object) -> int | None:
    """A browser may send the id as a number or a string of digits; anything else is no id."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 15:
        raw = int(raw)
    if isinstance(raw, int) and 0 < raw < MAX_ID:
        return raw
    return None


def add_to_wishlist(db: Session, customer_id: int, product_slug: object) -> None:
    """Save a product; saving it twice changes nothing. LookupError for an unknown or withdrawn product."""
    _require_enabled(db)
    customer = own_customer(db, customer_id)
    if not isinstance(product_slug, str) or not (0 < len(product_slug) <= MAX_SLUG):
        raise LookupError("product not found")
    product = db.exec(select(Product).where(Product.slug == product_slug, Product.is_active)).first()
    if product is None:
        raise LookupError("product not found")
    if is_in_wishlist(db, customer.id, product.id):
        return
    try:
        with db.begin_nested():  # two clicks at once: the unique constraint keeps one row
            db.add(WishlistItem(customer_id=customer.id, product_id=product.id))
    except IntegrityError:
        pass


def remove_from_wishlist(db: Session, customer_id: int, product_id: object) -> None:
    """LookupError unless the product is on this customer's own wishlist."""
    _require_enabled(db)
    customer = own_customer(db, customer_id)
    wanted = _product_id(product_id)
    if wanted is None:
        raise LookupError("wishlist item not found")
    item = db.exec(select(WishlistItem).where(WishlistItem.customer_id == customer.id,
                                              WishlistItem.product_id == wanted)).first()
    if item is None:
        raise LookupError("wishlist item not found")
    db.delete(item)
    db.flush()


def is_in_wishlist(db: Session, customer_id: int, product_id: object) -> bool:
    _require_enabled(db)
    wanted = _product_id(product_id)
    if wanted is None or not isinstance(customer_id, int):
        return False
    return db.exec(select(WishlistItem.id).where(WishlistItem.customer_id == customer_id,
                                                 WishlistItem.product_id == wanted)).first() is not None


@dataclass(frozen=True)
class WishedProduct:
    item: WishlistItem
    product: PricedProduct


def wishlist_items(db: Session, customer_id: int) -> list[WishedProduct]:
    """Newest first. A product the shop withdrew stays listed as unavailable, so it can be removed."""
    _require_enabled(db)
    customer = own_customer(db, customer_id)
    rows = db.exec(
        select(WishlistItem, Product)
        .join(Product, Product.id == WishlistItem.product_id)
        .where(WishlistItem.customer_id == customer.id)
        .order_by(WishlistItem.created_at.desc(), WishlistItem.id.desc())
    ).all()
    products = priced(db, [product for _, product in rows], customer)
    return [WishedProduct(item, product) for (item, _), product in zip(rows, products, strict=True)]
