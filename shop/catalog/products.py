"""Reading the catalogue: products for sale with their first image and the price this visitor pays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, or_
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


def localized_name(item: GridItem, lang: str) -> str:
    """The same rule for a grid row, which carries names only."""
    return (item.name_fr or item.name) if normalize_language(lang) == "fr" else item.name


@dataclass(frozen=True)
class PricedProduct:
    product: Product
    image_path: str | None  # the first image, under assets/ ("images/products/mug.svg")
    price_cents: int  # what this customer (or a visitor) pays today


# A product's first image, as a column of a query on products.
_FIRST_IMAGE = select(ProductImage.path).where(ProductImage.product_id == Product.id) \
    .order_by(ProductImage.position, ProductImage.id).limit(1).correlate(Product).scalar_subquery()


def first_image_paths(db: Session, product_ids: list[int]) -> dict[int, str]:
    if not product_ids:
        return {}
    rows = db.exec(select(Product.id, _FIRST_IMAGE).where(Product.id.in_(product_ids)))
    return {product_id: path for product_id, path in rows if path}


def priced(db: Session, products: list[Product], customer: Customer | None) -> list[PricedProduct]:
    """Each product with its first image and this customer's price: two queries for any number."""
    paths = first_image_paths(db, [product.id for product in products])
    prices = prices_for(db, products, customer)
    return [PricedProduct(product, paths.get(product.id), prices[product.id]) for product in products]


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


class GridItem(NamedTuple):
    """One card of the catalogue grid: only what it shows, read as a row (no ORM object to build)."""

    id: int
    slug: str
    name: str
    name_fr: str
    category: str
    price_cents: int  # the catalogue price (pricing.prices_for reads `id` and `price_cents`)
    currency: str
    stock: int
    image_path: str | None  # the first image


@dataclass(frozen=True)
class GridPage:
    """One page of the catalogue grid, with this visitor's prices."""

    categories: list[str]  # the categories that have products for sale, in the catalogue's order
    category: str  # the category shown ("" for all): one of `categories`
    total: int  # products matching the category and search
    page: int  # 1-based, within 1..pages
    pages: int
    items: list[GridItem]
    prices: dict[int, int]  # what this visitor pays, per product id


# Every catalogue page load runs these: built once, with bound parameters (building a statement costs more
# than SQLite takes to run it).
_COUNT_BY_CATEGORY = select(Product.category, func.count()).where(Product.is_active) \
    .group_by(Product.category).order_by(Product.category)


def _grid_rows(conditions):
    return select(Product.id, Product.slug, Product.name, Product.name_fr, Product.category, Product.price_cents,
                  Product.currency, Product.stock, _FIRST_IMAGE) \
        .where(*conditions).order_by(Product.category, Product.id) \
        .offset(bindparam("offset")).limit(bindparam("limit"))


_GRID_ALL = _grid_rows(_for_sale())
_GRID_IN_CATEGORY = _grid_rows([*_for_sale(), Product.category == bindparam("category")])


def grid_page(db: Session, customer: Customer | None = None, *, category: str = "", search: str = "",
              page: int = 1, page_size: int = 12) -> GridPage:
    """The page of the grid asked for: an unknown category means all, a page past the end the last one.
    Two queries when nothing is searched (the counts per category, the page's rows), then the prices."""
    connection = db.connection()
    counts = dict(connection.execute(_COUNT_BY_CATEGORY).all())
    codes = [code for code in counts if code]
    category = category if category in codes else ""
    params: dict[str, object] = {}
    if search:  # built for these words
        conditions = _for_sale(category, search)
        total = db.exec(select(func.count()).select_from(Product).where(*conditions)).one()
        statement = _grid_rows(conditions)
    elif category:
        total, statement, params["category"] = counts[category], _GRID_IN_CATEGORY, category
    else:
        total, statement = sum(counts.values()), _GRID_ALL
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    params.update(offset=(page - 1) * page_size, limit=page_size)
    items = [GridItem(*row) for row in connection.execute(statement, params)]
    return GridPage(codes, category, total, page, pages, items, prices_for(db, items, customer))


# Every product page load runs it: built once.
_ACTIVE_BY_SLUG = select(Product, _FIRST_IMAGE).where(Product.slug == bindparam("slug"), Product.is_active)


def active_product(db: Session, slug: object) -> tuple[Product, str | None] | None:
    """The product for sale under this slug and its first image, without its price (one query)."""
    if not isinstance(slug, str) or not (0 < len(slug) <= 120):
        return None
    row = db.exec(_ACTIVE_BY_SLUG, params={"slug": slug}).first()
    return (row[0], row[1]) if row is not None else None


def find_product(db: Session, slug: object, customer: Customer | None = None) -> PricedProduct | None:
    found = active_product(db, slug)
    if found is None:
        return None
    product, image_path = found
    return PricedProduct(product, image_path, prices_for(db, [product], customer)[product.id])
