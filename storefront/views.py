"""What the customer pages show, formatted for one language from the data the domain core returns.

Plain functions with no database and no Reflex: a state queries once, then formats for every
language from the same rows, so a language switch needs no reload.
"""

from __future__ import annotations

from shop.catalog.products import LOW_STOCK, PricedProduct
from shop.catalog.wishlist import WishedProduct
from shop.common.formatting import format_day, format_moment, format_money
from shop.i18n import normalize_language, translate
from shop.models import Product
from shop.orders.history import OrderDetail, OrderSummary, address_lines


def localized_text(product: Product, lang: str) -> tuple[str, str]:
    """The product's name and description in `lang`, the shop's own text where none was written."""
    if normalize_language(lang) == "fr":
        return product.name_fr or product.name, product.description_fr or product.description
    return product.name, product.description


def stock_label(stock: int, lang: str) -> str:
    if stock <= 0:
        return translate(lang, "product.out_of_stock")
    if stock <= LOW_STOCK:
        return translate(lang, "product.low_stock", count=stock)
    return translate(lang, "product.in_stock")


def product_card(item: PricedProduct, lang: str) -> dict[str, str | int | bool]:
    product, image = item.product, item.image
    name, description = localized_text(product, lang)
    return {
        "id": product.id,
        "slug": product.slug,
        "sku": product.sku,
        "name": name,
        "description": description,
        "category": translate(lang, f"category.{product.category}") if product.category else "",
        "price": format_money(item.price_cents, product.currency, lang),
        "price_cents": item.price_cents,
        "in_stock": product.stock > 0,
        "stock_label": stock_label(product.stock, lang),
        "image": f"/{image.path}" if image else "",
        "image_alt": name,
    }


def grid_card(item: PricedProduct, lang: str) -> dict[str, str | bool]:
    """Only what a card of the catalogue grid shows: the page's state stays small."""
    card = product_card(item, lang)
    return {key: card[key] for key in ("slug", "name", "category", "price", "in_stock", "stock_label", "image")}


def wishlist_row(wished: WishedProduct, lang: str) -> dict:
    product = wished.product.product
    card = product_card(wished.product, lang)
    return {
        "product_id": product.id,
        "slug": product.slug,
        "name": card["name"],
        "image": card["image"],
        "image_alt": card["name"],
        "price": card["price"],
        "price_cents": wished.product.price_cents,
        "available": bool(product.is_active),
        "in_stock": bool(product.is_active and product.stock > 0),
        "added_at": format_day(wished.item.created_at, lang),
    }


def order_row(summary: OrderSummary, lang: str) -> dict:
    order = summary.order
    return {
        "number": order.number,
        "placed": format_day(order.placed_at, lang),
        "channel": order.channel,
        "status": order.status,
        "total": format_money(order.total_cents, order.currency, lang),
        "items": summary.items,
    }


def order_page(detail: OrderDetail, lang: str) -> dict:
    order = detail.order

    def money(cents: int) -> str:
        return format_money(cents, order.currency, lang)

    return {
        "number": order.number,
        "placed": format_moment(order.placed_at, lang),
        "channel": order.channel,
        "status": order.status,
        "version": detail.version,
        "lines": [
            {
                "name": localized_text(product, lang)[0] if product else line.name,
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": money(line.unit_price_cents),
                "total": money(line.line_total_cents),
                "slug": product.slug if product and product.is_active else "",
            }
            for line, product in detail.lines
        ],
        "subtotal": money(order.subtotal_cents),
        "shipping": money(order.shipping_cents),
        "tax": money(order.tax_cents),
        "total": money(order.total_cents),
        "billing_address": address_lines(order.billing_address_json),
        "shipping_address": address_lines(order.shipping_address_json),
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "tracking_url": order.tracking_url if order.tracking_url.startswith("https://") else "",
        "timeline": [
            {"status": step.status, "done": step.reached_at is not None, "current": step.current,
             "at": format_moment(step.reached_at, lang) if step.reached_at else ""}
            for step in detail.timeline
        ],
    }
