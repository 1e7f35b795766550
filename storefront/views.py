"""What the customer pages show, formatted for one language from the data the domain core returns.

Plain functions with no database and no Reflex: a state queries once, then formats for every
language from the same rows, so a language switch needs no reload.
"""

from __future__ import annotations

from shop.catalog.cart import PricedCart
from shop.catalog.products import LOW_STOCK, GridItem, PricedProduct, localized_name, localized_text
from shop.catalog.wishlist import WishedProduct
from shop.common.formatting import format_day, format_moment, format_money
from shop.i18n import catalogue, translate
from shop.models import Order, PaymentMethod, StoreSettings
from shop.orders.history import OrderDetail, OrderSummary, address_lines


def stock_label(stock: int, lang: str) -> str:
    if stock <= 0:
        return translate(lang, "product.out_of_stock")
    if stock <= LOW_STOCK:
        return translate(lang, "product.low_stock", count=stock)
    return translate(lang, "product.in_stock")


def category_label(code: str, lang: str) -> str:
    # A category the merchant typed in the back-office has no translation: its code is its name.
    return catalogue(lang).get(f"category.{code}", code) if code else ""


def product_card(item: PricedProduct, lang: str) -> dict[str, str | int | bool]:
    product = item.product
    name, description = localized_text(product, lang)
    return {
        "id": product.id,
        "slug": product.slug,
        "sku": product.sku,
        "name": name,
        "description": description,
        "category": category_label(product.category, lang),
        "price": format_money(item.price_cents, product.currency, lang),
        "price_cents": item.price_cents,
        "in_stock": product.stock > 0,
        "stock_label": stock_label(product.stock, lang),
        "max_quantity": max(1, min(product.stock, 99)),
        "image": f"/{item.image_path}" if item.image_path else "",
        "image_alt": name,
    }


def grid_card(item: GridItem, price_cents: int, lang: str) -> dict[str, str | bool]:
    """Only what a card of the catalogue grid shows: the page's state stays small."""
    return {
        "slug": item.slug,
        "name": localized_name(item, lang),
        "category": category_label(item.category, lang),
        "price": format_money(price_cents, item.currency, lang),
        "in_stock": item.stock > 0,
        "stock_label": stock_label(item.stock, lang),
        "image": f"/{item.image_path}" if item.image_path else "",
    }


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
    return {
        "number": summary.number,
        "placed": format_day(summary.placed_at, lang),
        "channel": summary.channel,
        "status": summary.status,
        "total": format_money(summary.total_cents, summary.currency, lang),
        "items": int(summary.items),
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


def cart_view(priced: PricedCart, lang: str, country_name: str = "") -> dict:
    """The cart (or the checkout's summary) for one language: lines and totals, money formatted."""
    currency = priced.lines[0].product.currency if priced.lines else "EUR"

    def money(cents: int) -> str:
        return format_money(cents, currency, lang)

    lines = []
    for line in priced.lines:
        name, _ = localized_text(line.product, lang)
        lines.append({
            "product_id": line.product.id,
            "slug": line.product.slug,
            "name": name,
            "quantity": line.quantity,
            "unit_price": translate(lang, "cart.unit_price", price=money(line.unit_cents)),
            "total": money(line.total_cents),
            "price_changed": translate(lang, "cart.price_changed", old=money(line.previous_unit_cents))
            if line.price_changed else "",
            "short": translate(lang, "cart.short", count=max(line.available, 0)) if line.short else "",
            "max": max(1, min(line.available, 99)),
        })
    rule = priced.rule
    tax_note = ("checkout.reverse_charge" if rule.reverse_charge else "checkout.exempt" if rule.exempt else "")
    return {
        "lines": lines,
        "count": priced.count,
        "subtotal": money(priced.subtotal_cents),
        "shipping": money(priced.shipping_cents) if priced.shipping_cents else translate(lang, "cart.free"),
        # Net prices carry no VAT to show: "Prices without VAT" alone, not followed by "€0.00".
        "vat": "" if rule.net_prices else money(priced.vat_cents),
        "vat_label": translate(lang, "cart.net_prices" if rule.net_prices else "cart.vat_included"),
        "total": money(priced.total_cents),
        "tax_note": translate(lang, tax_note) if tax_note else "",
        "prices_for": translate(lang, "checkout.prices_for", country=country_name) if country_name else "",
    }


def confirmation(order: Order, settings: StoreSettings, lang: str) -> dict:
    """The confirmation page of a placed order."""
    def money(cents: int) -> str:
        return format_money(cents, order.currency, lang)

    if order.payment_method == PaymentMethod.BANK_TRANSFER.value:
        payment = translate(lang, "confirmation.bank", total=money(order.total_cents), bank=settings.bank_details,
                            number=order.number, days=settings.unpaid_order_days)
    elif order.payment_method == PaymentMethod.INVOICE.value:
        payment = translate(lang, "confirmation.invoice")
    else:  # card or cash, taken at the counter for an in-store order
        payment = translate(lang, "confirmation.paid_in_shop")
    return {
        "number": order.number,
        "title": translate(lang, "confirmation.number", number=order.number),
        "email_sent": translate(lang, "confirmation.email_sent", email=order.email),
        "payment": payment,
        "total": money(order.total_cents),
        "reverse_charge": translate(lang, "confirmation.reverse_charge") if order.reverse_charge else "",
        "has_account": order.customer_id is not None,
    }
