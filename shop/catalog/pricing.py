"""What a given customer pays for a product: own price list, then group price, then group percentage."""

from __future__ import annotations

from sqlmodel import Session, select

from shop.models import Customer, CustomerGroup, CustomerPrice, GroupPrice, Product


def prices_for(db: Session, products: list[Product], customer: Customer | None) -> dict[int, int]:
    """Price in cents per product id for this customer (catalogue price for visitors)."""
    prices = {product.id: product.price_cents for product in products}
    if customer is None or not prices:
        return prices
    ids = list(prices)
    if customer.group_id is not None:
        group = db.get(CustomerGroup, customer.group_id)
        if group is not None and group.price_adjustment_bp:
            for product_id, cents in prices.items():
                prices[product_id] = max(0, round(cents * (10_000 + group.price_adjustment_bp) / 10_000))
        group_rows = db.exec(
            select(GroupPrice).where(GroupPrice.group_id == customer.group_id, GroupPrice.product_id.in_(ids))
        )
        for row in group_rows:
            prices[row.product_id] = row.price_cents
    own_rows = db.exec(
        select(CustomerPrice).where(CustomerPrice.customer_id == customer.id, CustomerPrice.product_id.in_(ids))
    )
    for row in own_rows:
        prices[row.product_id] = row.price_cents
    return prices
