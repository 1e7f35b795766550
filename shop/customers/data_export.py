"""A copy of everything the shop keeps about a customer, as JSON (GDPR access and portability)."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime

from sqlmodel import Session, select

from shop.customers.profile import own_customer
from shop.models import (
    Address,
    CartItem,
    Customer,
    CustomerGroup,
    Order,
    OrderLine,
    Product,
    SignInSession,
    WishlistItem,
    utcnow,
)

FORMAT_VERSION = 1
ADDRESS_FIELDS = ("name", "company_name", "street_address", "city", "city_area", "postal_code", "sorting_code",
                  "country_area", "country_code", "phone", "is_default_billing", "is_default_shipping")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _address_json(raw_json: str) -> dict:
    try:
        data = json.loads(raw_json or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _profile(db: Session, customer: Customer) -> dict:
    # Deliberately listed field by field: the password hash and the merchant's notes never leave.
    group = db.get(CustomerGroup, customer.group_id) if customer.group_id else None
    return {
        "customer_number": customer.customer_number,
        "email": customer.email,
        "email_verified_at": _iso(customer.email_verified_at),
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "company": customer.company,
        "vat_number": customer.vat_number,
        "phone": customer.phone,
        "language": customer.language,
        "has_password": bool(customer.password_hash),
        "customer_group": group.name if group else None,
        "tax_exempt": customer.tax_exempt,
        "source": customer.source,
        "created_at": _iso(customer.created_at),
        "updated_at": _iso(customer.updated_at),
        "last_sign_in_at": _iso(customer.last_sign_in_at),
    }


def _orders(db: Session, customer_id: int) -> list[dict]:
    orders = db.exec(select(Order).where(Order.customer_id == customer_id).order_by(Order.placed_at, Order.id)).all()
    lines_by_order: dict[int, list[OrderLine]] = {}
    if orders:
        for line in db.exec(select(OrderLine).where(OrderLine.order_id.in_([o.id for o in orders]))
                            .order_by(OrderLine.id)):
            lines_by_order.setdefault(line.order_id, []).append(line)
    return [
        {
            "number": order.number,
            "placed_at": _iso(order.placed_at),
            "channel": order.channel,
            "status": order.status,
            "email": order.email,
            "currency": order.currency,
            "subtotal_cents": order.subtotal_cents,
            "shipping_cents": order.shipping_cents,
            "tax_cents": order.tax_cents,
            "total_cents": order.total_cents,
            "lines": [
                {"sku": line.sku, "name": line.name, "quantity": line.quantity,
                 "unit_price_cents": line.unit_price_cents, "line_total_cents": line.line_total_cents}
                for line in lines_by_order.get(order.id, [])
            ],
            "billing_address": _address_json(order.billing_address_json),
            "shipping_address": _address_json(order.shipping_address_json),
            "carrier": order.carrier,
            "tracking_number": order.tracking_number,
            "tracking_url": order.tracking_url,
        }
        for order in orders
    ]


def export_customer_data(db: Session, customer_id: int) -> dict:
    """Plain JSON values only; no password hash, token, code or session secret."""
    customer = own_customer(db, customer_id)
    addresses = db.exec(select(Address).where(Address.customer_id == customer.id).order_by(Address.id)).all()
    wishlist = db.exec(
        select(WishlistItem, Product).join(Product, Product.id == WishlistItem.product_id)
        .where(WishlistItem.customer_id == customer.id).order_by(WishlistItem.created_at, WishlistItem.id)
    ).all()
    cart = db.exec(
        select(CartItem, Product).join(Product, Product.id == CartItem.product_id)
        .where(CartItem.customer_id == customer.id).order_by(CartItem.id)
    ).all()
    signed_in = db.exec(
        select(SignInSession).where(SignInSession.customer_id == customer.id, SignInSession.expires_at > utcnow())
        .order_by(SignInSession.created_at)
    ).all()
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "profile": _profile(db, customer),
        "newsletter_opt_in": customer.newsletter_opt_in,
        "addresses": [
            {**{field: getattr(address, field) for field in ADDRESS_FIELDS},
             "created_at": _iso(address.created_at), "updated_at": _iso(address.updated_at)}
            for address in addresses
        ],
        "orders": _orders(db, customer.id),
        "wishlist": [
            {"sku": product.sku, "slug": product.slug, "name": product.name, "added_at": _iso(item.created_at)}
            for item, product in wishlist
        ],
        "cart": [
            {"sku": product.sku, "slug": product.slug, "name": product.name, "quantity": item.quantity}
            for item, product in cart
        ],
        "sessions": [
            {"user_agent": row.user_agent, "ip_address": row.ip_address, "created_at": _iso(row.created_at),
             "last_seen_at": _iso(row.last_seen_at), "expires_at": _iso(row.expires_at)}
            for row in signed_in
        ],
    }


def export_filename(customer: Customer, *, shop_name: str = "Maison Lumen", today: date | None = None) -> str:
    """`maison-lumen-data-C00012-2026-11-23.json`: safe in a Content-Disposition header."""
    folded = unicodedata.normalize("NFKD", shop_name).encode("ascii", "ignore").decode("ascii")
    shop = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "shop"
    number = re.sub(r"[^A-Za-z0-9]+", "", customer.customer_number or "") or "customer"
    return f"{shop}-data-{number}-{(today or utcnow().date()).isoformat()}.json"
