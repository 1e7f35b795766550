"""What a given customer pays for a product, in one place for the catalogue, the cart, the wishlist,
the checkout, the order and the back-office's preview.

Priority, strict: the customer's own price list (when the shop keeps it), then the group's fixed price,
then the group's percentage, then the catalogue price. A customer price above the group price still wins.
Then VAT (shop/catalog/tax.py) turns that price into what this buyer pays where they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlmodel import Session, select

from shop.catalog import tax
from shop.models import Address, Customer, CustomerGroup, CustomerPrice, GroupPrice, StoreSettings
from shop.settings.store import PageSettings, page_settings


class Priceable(Protocol):
    """A product as pricing reads it: a Product, or a row of the catalogue grid."""

    @property
    def id(self) -> int | None: ...

    @property
    def price_cents(self) -> int: ...


def base_prices(db: Session, products: Sequence[Priceable], customer: Customer | None, *,
                keep_customer_prices: bool = True) -> dict[int, int]:
    """Price in cents, VAT of the shop's country included, per product id, before the buyer's VAT rule."""
    prices = {product.id: product.price_cents for product in products}
    if customer is None or not prices:
        return prices
    ids = list(prices)
    if customer.group_id is not None:
        group = db.get(CustomerGroup, customer.group_id)
        if group is not None and group.price_adjustment_bp:
            for product_id, cents in prices.items():
                prices[product_id] = tax.adjusted(cents, group.price_adjustment_bp)
        group_rows = db.exec(
            select(GroupPrice).where(GroupPrice.group_id == customer.group_id, GroupPrice.product_id.in_(ids))
        )
        for row in group_rows:
            prices[row.product_id] = row.price_cents
    if keep_customer_prices:
        own_rows = db.exec(
            select(CustomerPrice).where(CustomerPrice.customer_id == customer.id, CustomerPrice.product_id.in_(ids))
        )
        for row in own_rows:
            prices[row.product_id] = row.price_cents
    return prices


def default_destination(db: Session, customer: Customer | None, settings: StoreSettings | PageSettings) -> str:
    """Where prices are shown for before an address is chosen: the customer's default shipping address."""
    if customer is not None:
        address = db.exec(select(Address).where(Address.customer_id == customer.id, Address.is_default_shipping)
                          .order_by(Address.id)).first()
        if address is not None and address.country_code:
            return address.country_code.upper()
    return settings.shop_country


def buyer_tax_rule(db: Session, customer: Customer | None, settings: StoreSettings | PageSettings, *,
                   destination: str | None = None, vat_number: str | None = None) -> tax.TaxRule:
    exempt = False
    if customer is not None:
        group = db.get(CustomerGroup, customer.group_id) if customer.group_id is not None else None
        exempt = customer.tax_exempt or bool(group and group.tax_exempt)
    return tax.tax_rule(
        shop_country=settings.shop_country,
        destination=destination or default_destination(db, customer, settings),
        exempt=exempt,
        vat_number=vat_number if vat_number is not None else (customer.vat_number if customer else ""),
    )


def prices_for(db: Session, products: Sequence[Priceable], customer: Customer | None, *,
               rule: tax.TaxRule | None = None, settings: StoreSettings | PageSettings | None = None) -> dict[int, int]:
    """What this customer (or a visitor) pays per unit, in cents, per product id."""
    settings = settings or page_settings(db)
    rule = rule or buyer_tax_rule(db, customer, settings)
    bases = base_prices(db, products, customer, keep_customer_prices=settings.keep_customer_prices)
    return {product_id: tax.unit_price(cents, rule) for product_id, cents in bases.items()}
