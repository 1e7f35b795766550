"""A customer's own price list (Baqio), kept by the merchant, and the catalogue as one customer sees it.

What a buyer pays is decided in one place, shop/catalog/pricing.py: this module only reads it and edits the
customer's rows. With the store setting `keep_customer_prices` off, own prices are kept but not applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from shop.catalog import pricing
from shop.common import audit
from shop.common.validation import FieldError
from shop.customers.merchant_deletion import get_customer
from shop.models import Customer, CustomerGroup, CustomerPrice, GroupPrice, Product
from shop.settings.store import get_store_settings

MAX_PRICE_CENTS = 99_999_999  # 999,999.99: a typo guard, far above anything the shop sells
MAX_INPUT = 40
MAX_PRODUCTS = 1000  # the preview and the "add a price" list; the demo shop has about twenty


def parse_price(raw: object, field: str = "price") -> int | None:
    """"12.50", "12,50", "12", "1 200,5" or "€ 12.50" -> cents; "" -> None (no own price).
    Raises FieldError: not a number, negative, too big."""
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw) > MAX_INPUT:
        raise FieldError(field, "admin.prices.error.not_a_number")
    text = "".join(raw.replace("€", "").split())  # spaces, also the narrow ones French uses for thousands
    if not text:
        return None
    negative = text.startswith("-")
    whole, _, fraction = text.removeprefix("-").replace(",", ".").partition(".")
    if not whole.isdigit() or not whole.isascii() or \
            (fraction and (not fraction.isdigit() or not fraction.isascii() or len(fraction) > 2)):
        raise FieldError(field, "admin.prices.error.not_a_number")
    if negative:
        raise FieldError(field, "admin.prices.error.negative")
    if len(whole) > 9:
        raise FieldError(field, "admin.prices.error.too_big")
    cents = int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
    if cents > MAX_PRICE_CENTS:
        raise FieldError(field, "admin.prices.error.too_big")
    return cents


def _product_id(raw: object) -> int | None:
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 18:
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 2**63:
        return None
    return raw


@dataclass(frozen=True)
class PriceRow:
    product_id: int
    name: str
    name_fr: str
    sku: str
    currency: str
    catalogue_cents: int
    group_cents: int | None  # what the customer's group pays (its price or its percentage); None without a group
    own_cents: int | None


@dataclass(frozen=True)
class PriceList:
    customer_id: int
    name: str
    group_name: str
    keep_customer_prices: bool
    rows: list[PriceRow]  # the products with an own price
    addable: list[PriceRow]  # the active products without one


def price_list(db: Session, customer_id: object) -> PriceList:
    customer = get_customer(db, customer_id)
    group = db.get(CustomerGroup, customer.group_id) if customer.group_id is not None else None
    own = {row.product_id: row.price_cents
           for row in db.exec(select(CustomerPrice).where(CustomerPrice.customer_id == customer.id))}
    priced = list(db.exec(select(Product).where(Product.id.in_(own)).order_by(Product.name))) if own else []
    others = list(db.exec(select(Product).where(Product.is_active, Product.id.not_in(own))
                          .order_by(Product.name).limit(MAX_PRODUCTS)))
    group_prices = pricing.base_prices(db, priced + others, customer, keep_customer_prices=False) if group else {}

    def row(product: Product) -> PriceRow:
        return PriceRow(product_id=product.id, name=product.name, name_fr=product.name_fr or product.name,
                        sku=product.sku, currency=product.currency, catalogue_cents=product.price_cents,
                        group_cents=group_prices.get(product.id), own_cents=own.get(product.id))

    return PriceList(customer_id=customer.id, name=customer.full_name or customer.email,
                     group_name=group.name if group else "",
                     keep_customer_prices=get_store_settings(db).keep_customer_prices,
                     rows=[row(product) for product in priced], addable=[row(product) for product in others])


def set_price(db: Session, customer_id: object, product_id: object, raw_price: object, *,
              merchant_user_id: int, field: str = "price") -> int | None:
    """Set (or with an empty value, remove) the customer's own price of a product; returns the cents kept.
    Raises CustomerNotFound, or FieldError on `field` (the price) or "product"."""
    customer = get_customer(db, customer_id)
    product_key = _product_id(product_id)
    product = db.get(Product, product_key) if product_key is not None else None
    if product is None:
        raise FieldError("product", "admin.prices.error.product")
    cents = parse_price(raw_price, field)
    row = db.exec(select(CustomerPrice).where(CustomerPrice.customer_id == customer.id,
                                              CustomerPrice.product_id == product.id)).first()
    if cents is None:
        if row is not None:
            db.delete(row)
            audit.record(db, "customer.price_removed", customer_id=customer.id, merchant_user_id=merchant_user_id,
                         detail=f"{product.sku}")
        return None
    if row is None:
        row = CustomerPrice(customer_id=customer.id, product_id=product.id, price_cents=cents)
    elif row.price_cents == cents:
        return cents
    row.price_cents = cents
    db.add(row)
    audit.record(db, "customer.price_set", customer_id=customer.id, merchant_user_id=merchant_user_id,
                 detail=f"{product.sku}: {cents} cents")
    return cents


def remove_price(db: Session, customer_id: object, product_id: object, *, merchant_user_id: int) -> None:
    set_price(db, customer_id, product_id, "", merchant_user_id=merchant_user_id)


# --- "see the shop as this customer" ---

SOURCE_OWN, SOURCE_GROUP, SOURCE_DISCOUNT, SOURCE_CATALOGUE = "own", "group", "group_discount", "catalogue"


@dataclass(frozen=True)
class PreviewRow:
    product_id: int
    name: str
    name_fr: str
    currency: str
    visitor_cents: int  # what a visitor pays
    customer_cents: int  # what this customer pays, from the pricing service
    source: str  # where the customer's price comes from: own, group, group_discount, catalogue


@dataclass(frozen=True)
class ShopPreview:
    customer_id: int
    name: str
    group_name: str
    net_prices: bool  # no VAT for this buyer (tax exempt, or reverse charge)
    reverse_charge: bool
    rows: list[PreviewRow]


def shop_preview(db: Session, customer_id: object) -> ShopPreview:
    """The active catalogue with what this customer pays, read-only. The caller records that it was opened."""
    customer: Customer = get_customer(db, customer_id)
    settings = get_store_settings(db)
    products = list(db.exec(select(Product).where(Product.is_active).order_by(Product.name).limit(MAX_PRODUCTS)))
    rule = pricing.buyer_tax_rule(db, customer, settings)
    theirs = pricing.prices_for(db, products, customer, rule=rule, settings=settings)
    visitors = pricing.prices_for(db, products, None, settings=settings)
    group = db.get(CustomerGroup, customer.group_id) if customer.group_id is not None else None
    ids = [product.id for product in products]
    own = set(db.exec(select(CustomerPrice.product_id).where(CustomerPrice.customer_id == customer.id,
                                                             CustomerPrice.product_id.in_(ids))).all()) \
        if settings.keep_customer_prices and ids else set()
    group_priced = set(db.exec(select(GroupPrice.product_id).where(GroupPrice.group_id == group.id,
                                                                   GroupPrice.product_id.in_(ids))).all()) \
        if group is not None and ids else set()

    def source(product_id: int) -> str:
        if product_id in own:
            return SOURCE_OWN
        if product_id in group_priced:
            return SOURCE_GROUP
        if group is not None and group.price_adjustment_bp:
            return SOURCE_DISCOUNT
        return SOURCE_CATALOGUE

    return ShopPreview(
        customer_id=customer.id, name=customer.full_name or customer.email, group_name=group.name if group else "",
        net_prices=rule.net_prices, reverse_charge=rule.reverse_charge,
        rows=[PreviewRow(product_id=product.id, name=product.name, name_fr=product.name_fr or product.name,
                         currency=product.currency, visitor_cents=visitors[product.id],
                         customer_cents=theirs[product.id], source=source(product.id)) for product in products],
    )


def record_preview_opened(db: Session, customer_id: int, *, merchant_user_id: int) -> None:
    audit.record(db, "customer.previewed", customer_id=customer_id, merchant_user_id=merchant_user_id,
                 detail="the shop seen with this customer's prices")
