"""Reading the catalogue: products for sale with their first image and the price this visitor pays."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, func, select

from shop.catalog.pricing import prices_for
from shop.i18n import normalize_language
from shop.models import Customer, Product, ProductImage

LOW_STOCK = 10


def localized_text(product: Product, lang: str) -> tuple[str, str]:
    """The product's name and description in `lang`, the shop's own text where none was written."""
    if normalize_language(lang) == "fr":
        return product.name_fr or product.name, product.description_fr or product.description
    return product.name, product.description


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


MAX_SEARCH = 100


def clean_search(raw: object) -> str:
    """What a visitor typed in the search box, trimmed; "" for anything else."""
    return " ".join(raw.split())[:MAX_SEARCH] if isinstance(raw, str) else ""


def _for_sale(category: str = "", search: str = ""):
    """The filter of the catalogue: active products, in a category, matching every word searched."""
    conditions = [Product.is_active]
    if category:
        conditions.append(Product.category == category)
    for word in search.split()[:5]:
        pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(*(func.lower(column).like(pattern, escape="\\") for column in
                                (Product.name, Product.name_fr, Product.description, Product.description_fr,
                                 Product.sku))))
    return conditions


def list_products(db: Session, customer: Customer | None = None, *, offset: int = 0, limit: int | None = None,
                  category: str = "", search: str = "") -> list[PricedProduct]:
    """Products for sale, by category, one page of them when `limit` is given."""
    query = select(Product).where(*_for_sale(category, search)).order_by(Product.category, Product.id).offset(offset)
    products = list(db.exec(query.limit(limit) if limit else query))
    return priced(db, products, customer)


def count_products(db: Session, *, category: str = "", search: str = "") -> int:
    return db.exec(select(func.count()).select_from(Product).where(*_for_sale(category, search))).one()


def categories(db: Session) -> list[str]:
    """The categories that have products for sale, in the catalogue's order."""
    return list(db.exec(select(Product.category).where(Product.is_active, Product.category != "")
                        .distinct().order_by(Product.category)))


def active_product(db: Session, slug: object) -> Product | None:
    """The product for sale under this slug, without its price (one query)."""
    if not isinstance(slug, str) or not (0 < len(slug) <= 120):
        return None
    return db.exec(select(Product).where(Product.slug == slug, Product.is_active)).first()


def find_product(db: Session, slug: object, customer: Customer | None = None) -> PricedProduct | None:
    product = active_product(db, slug)
    return priced(db, [product], customer)[0] if product is not None else None
