"""Reading the catalogue for the storefront, as display-ready cards in the visitor's language."""

from __future__ import annotations

from sqlmodel import Session, select

from shop.catalog.pricing import prices_for
from shop.common.formatting import format_money
from shop.i18n import normalize_language, translate
from shop.models import Customer, Product, ProductImage

LOW_STOCK = 10


def localized_text(product: Product, lang: str) -> tuple[str, str]:
    if normalize_language(lang) == "fr":
        return product.name_fr or product.name, product.description_fr or product.description
    return product.name, product.description


def _stock_label(stock: int, lang: str) -> str:
    if stock <= 0:
        return translate(lang, "product.out_of_stock")
    if stock <= LOW_STOCK:
        return translate(lang, "product.low_stock", count=stock)
    return translate(lang, "product.in_stock")


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


def _card(product: Product, image: ProductImage | None, price_cents: int, lang: str) -> dict[str, str | int | bool]:
    name, description = localized_text(product, lang)
    return {
        "id": product.id,
        "slug": product.slug,
        "sku": product.sku,
        "name": name,
        "description": description,
        "category": translate(lang, f"category.{product.category}") if product.category else "",
        "price": format_money(price_cents, product.currency, lang),
        "price_cents": price_cents,
        "in_stock": product.stock > 0,
        "stock_label": _stock_label(product.stock, lang),
        "image": f"/{image.path}" if image else "",
        "image_alt": name,
    }


def list_product_cards(db: Session, lang: str, customer: Customer | None = None) -> list[dict]:
    products = list(db.exec(select(Product).where(Product.is_active).order_by(Product.category, Product.id)))
    images = first_images(db, [p.id for p in products])
    prices = prices_for(db, products, customer)
    return [_card(p, images.get(p.id), prices[p.id], lang) for p in products]


def product_card(db: Session, slug: object, lang: str, customer: Customer | None = None) -> dict | None:
    if not isinstance(slug, str) or not (0 < len(slug) <= 120):
        return None
    product = db.exec(select(Product).where(Product.slug == slug, Product.is_active)).first()
    if product is None:
        return None
    image = first_images(db, [product.id]).get(product.id)
    return _card(product, image, prices_for(db, [product], customer)[product.id], lang)
