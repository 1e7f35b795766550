"""Reading the catalogue: products for sale with their first image and the price this visitor pays."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from shop.catalog.pricing import prices_for
from shop.models import Customer, Product, ProductImage

LOW_STOCK = 10


@dataclass(frozen=True)
class PricedProduct:
    product: Product
    image: ProductImage | None
    price_cents: int  # what this customer (or a visitor) pays today


def first_images(db: Session, product_ids: list[int]) -> dict[int, ProductImage]:
    if not product_ids:
        return {}
    rows = db.exec(
        select(ProductImage).where(ProductImage.product_id.in_(product_ids)).order_by(ProductImage.position)
    )
    images: dict[int, ProductImage] = {}
    for image in rows:
        images.setdefault(image.product_id, image)
    return images


def priced(db: Session, products: list[Product], customer: Customer | None) -> list[PricedProduct]:
    """Each product with its first image and this customer's price: two queries for any number."""
    images = first_images(db, [product.id for product in products])
    prices = prices_for(db, products, customer)
    return [PricedProduct(product, images.get(product.id), prices[product.id]) for product in products]


def list_products(db: Session, customer: Customer | None = None, *, offset: int = 0,
                  limit: int | None = None) -> list[PricedProduct]:
    """Products for sale, by category, one page of them when `limit` is given."""
    query = select(Product).where(Product.is_active).order_by(Product.category, Product.id).offset(offset)
    products = list(db.exec(query.limit(limit) if limit else query))
    return priced(db, products, customer)


def count_products(db: Session) -> int:
    return db.exec(select(func.count()).select_from(Product).where(Product.is_active)).one()


def find_product(db: Session, slug: object, customer: Customer | None = None) -> PricedProduct | None:
    if not isinstance(slug, str) or not (0 < len(slug) <= 120):
        return None
    product = db.exec(select(Product).where(Product.slug == slug, Product.is_active)).first()
    return priced(db, [product], customer)[0] if product is not None else None
