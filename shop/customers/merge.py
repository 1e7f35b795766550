"""Merging two records of the same person (Baqio): one stays, the other's orders, addresses, wishlist, notes,
price list and cart move to it, every differing detail is chosen explicitly, and the other record goes."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, delete, func, or_, select

from shop.catalog.cart import MAX_PER_LINE
from shop.common import audit
from shop.common.validation import FormErrors
from shop.customers.merchant_deletion import CustomerNotFound, customer_id_from, get_customer
from shop.customers.totals import refresh_customer_totals
from shop.models import (
    Address,
    CartItem,
    Customer,
    CustomerGroup,
    CustomerNote,
    CustomerPrice,
    OAuthFlow,
    OneTimeCode,
    Order,
    PasskeyCredential,
    Product,
    SignInSession,
    SingleUseToken,
    SocialIdentity,
    WebAuthnChallenge,
    WishlistItem,
    utcnow,
)

KEEP, TAKE = "kept", "other"  # a conflict's two answers: the kept record's value, or the other record's
# The details that can differ, in the order the page asks about them. Names, phone and company start on the
# kept record's value; a group, an own number and a VAT number change prices, VAT and accounting, so the
# owner picks one. A detail only the other record has is taken ("filled").
CONFLICT_FIELDS = ("name", "company", "phone", "group", "own_number", "vat_number")
DEFAULT_TO_KEPT = {"name", "company", "phone"}
MIN_QUERY, MAX_QUERY, MAX_MATCHES = 2, 254, 10


class MergeRefused(ValueError):
    """A merge that cannot be done; `key` is the message."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class RecordSummary:
    id: int
    customer_number: str
    own_number: str
    name: str
    email: str
    company: str
    phone: str
    group_name: str
    order_count: int


@dataclass(frozen=True)
class Conflict:
    field: str
    kept_value: str
    other_value: str
    default: str  # KEEP, or "" when the owner must choose


@dataclass(frozen=True)
class PriceClash:
    """Both records have their own price for this product: the kept record's wins."""

    product_name: str
    kept_cents: int
    other_cents: int
    currency: str = "EUR"


@dataclass
class MergePreview:
    kept: RecordSummary
    other: RecordSummary
    orders: int = 0
    addresses: int = 0
    wishlist: int = 0  # items that move (the ones already on the kept record's list are not doubled)
    notes: int = 0
    prices: int = 0  # own prices that move (products the kept record has no price for)
    price_clashes: list[PriceClash] = field(default_factory=list)
    cart_lines: int = 0  # lines that move
    cart_added: int = 0  # lines on both carts: the quantities are added up
    conflicts: list[Conflict] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # details empty on the kept record, taken from the other


def summary(db: Session, customer: Customer) -> RecordSummary:
    group = db.get(CustomerGroup, customer.group_id) if customer.group_id is not None else None
    orders = db.exec(select(func.count(Order.id)).where(Order.customer_id == customer.id)).one()
    return RecordSummary(id=customer.id, customer_number=customer.customer_number,
                         own_number=customer.own_number or "", name=customer.full_name, email=customer.email,
                         company=customer.company, phone=customer.phone, group_name=group.name if group else "",
                         order_count=orders)


def find_matches(db: Session, customer_id: object, query: object) -> list[RecordSummary]:
    """Other records whose email contains the text, or whose customer number or own number starts with it."""
    this = customer_id_from(customer_id)
    if not isinstance(query, str):
        return []
    text = " ".join(query.split())[:MAX_QUERY].lower()
    if len(text) < MIN_QUERY:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.exec(
        select(Customer).where(
            Customer.id != this,
            or_(func.lower(Customer.email).like(f"%{escaped}%", escape="\\"),
                func.lower(Customer.customer_number).like(f"{escaped}%", escape="\\"),
                func.lower(Customer.own_number).like(f"{escaped}%", escape="\\")),
        ).order_by(Customer.id).limit(MAX_MATCHES)
    ).all()
    return [summary(db, row) for row in rows]


def _pair(db: Session, kept_id: object, other_id: object) -> tuple[Customer, Customer]:
    kept_key, other_key = customer_id_from(kept_id), customer_id_from(other_id)
    if kept_key == other_key:
        raise MergeRefused("admin.merge.error.self")
    return get_customer(db, kept_key), get_customer(db, other_key)


def _values(db: Session, customer: Customer) -> dict[str, str]:
    """Each conflict field's value as the owner reads it."""
    group = db.get(CustomerGroup, customer.group_id) if customer.group_id is not None else None
    return {"name": customer.full_name, "company": customer.company, "phone": customer.phone,
            "group": group.name if group else "", "own_number": customer.own_number or "",
            "vat_number": customer.vat_number or ""}


def _differs(kept: Customer, other: Customer, name: str) -> bool:
    if name == "name":
        return bool(other.full_name) and bool(kept.full_name) and \
            (kept.first_name, kept.last_name) != (other.first_name, other.last_name)
    if name == "group":
        return kept.group_id is not None and other.group_id is not None and kept.group_id != other.group_id
    kept_value, other_value = getattr(kept, name) or "", getattr(other, name) or ""
    return bool(kept_value) and bool(other_value) and kept_value != other_value


def _empty_on_kept(kept: Customer, other: Customer, name: str) -> bool:
    if name == "name":
        return not kept.full_name and bool(other.full_name)
    if name == "group":
        return kept.group_id is None and other.group_id is not None
    return not (getattr(kept, name) or "") and bool(getattr(other, name) or "")


def _products_of(db: Session, table, customer_id: int) -> set[int]:
    return set(db.exec(select(table.product_id).where(table.customer_id == customer_id)).all())


def merge_preview(db: Session, kept_id: object, other_id: object) -> MergePreview:
    """What a merge would do, before anything is written. Raises CustomerNotFound or MergeRefused."""
    kept, other = _pair(db, kept_id, other_id)
    preview = MergePreview(kept=summary(db, kept), other=summary(db, other))

    def count(table) -> int:
        return db.exec(select(func.count(table.id)).where(table.customer_id == other.id)).one()

    preview.orders, preview.addresses, preview.notes = count(Order), count(Address), count(CustomerNote)
    kept_wishes, other_wishes = _products_of(db, WishlistItem, kept.id), _products_of(db, WishlistItem, other.id)
    preview.wishlist = len(other_wishes - kept_wishes)
    kept_cart, other_cart = _products_of(db, CartItem, kept.id), _products_of(db, CartItem, other.id)
    preview.cart_lines, preview.cart_added = len(other_cart - kept_cart), len(other_cart & kept_cart)

    kept_prices = {row.product_id: row.price_cents
                   for row in db.exec(select(CustomerPrice).where(CustomerPrice.customer_id == kept.id))}
    for row, product in db.exec(select(CustomerPrice, Product).join(Product, Product.id == CustomerPrice.product_id)
                                .where(CustomerPrice.customer_id == other.id).order_by(Product.name)):
        if row.product_id in kept_prices:
            preview.price_clashes.append(PriceClash(product.name, kept_prices[row.product_id], row.price_cents,
                                                    product.currency))
        else:
            preview.prices += 1

    kept_values, other_values = _values(db, kept), _values(db, other)
    for name in CONFLICT_FIELDS:
        if _differs(kept, other, name):
            preview.conflicts.append(Conflict(name, kept_values[name], other_values[name],
                                              KEEP if name in DEFAULT_TO_KEPT else ""))
        elif _empty_on_kept(kept, other, name):
            preview.filled.append(name)
    return preview


def _choices(preview: MergePreview, raw: object) -> dict[str, str]:
    """Every conflict answered with KEEP or TAKE; FormErrors names each one left open."""
    raw = raw if isinstance(raw, dict) else {}
    chosen, errors = {}, {}
    for conflict in preview.conflicts:
        value = raw.get(conflict.field)
        if value in (KEEP, TAKE):
            chosen[conflict.field] = value
        else:
            errors[conflict.field] = "admin.merge.error.choose"
    if errors:
        raise FormErrors(errors)
    return chosen


# --- the steps of a merge, each moving one kind of row (separate so a test can break one midway) ---

def _move_orders(db: Session, kept: Customer, other: Customer) -> None:
    db.exec(sa.update(Order).where(Order.customer_id == other.id).values(customer_id=kept.id, updated_at=utcnow()))


def _move_addresses(db: Session, kept: Customer, other: Customer) -> None:
    defaults = db.exec(select(Address).where(Address.customer_id == kept.id)).all()
    values: dict = {"customer_id": kept.id}
    if any(address.is_default_billing for address in defaults):
        values["is_default_billing"] = False
    if any(address.is_default_shipping for address in defaults):
        values["is_default_shipping"] = False
    db.exec(sa.update(Address).where(Address.customer_id == other.id).values(**values))


def _move_by_product(db: Session, table, kept: Customer, other: Customer) -> None:
    """Rows unique per (customer, product): the kept record's row wins, the other's duplicate goes."""
    both = _products_of(db, table, kept.id) & _products_of(db, table, other.id)
    if both:
        db.exec(delete(table).where(table.customer_id == other.id, table.product_id.in_(both)))
    db.exec(sa.update(table).where(table.customer_id == other.id).values(customer_id=kept.id))


def _move_wishlist(db: Session, kept: Customer, other: Customer) -> None:
    _move_by_product(db, WishlistItem, kept, other)


def _move_notes(db: Session, kept: Customer, other: Customer) -> None:
    db.exec(sa.update(CustomerNote).where(CustomerNote.customer_id == other.id).values(customer_id=kept.id))
    if other.notes.strip():  # the free-text note of older records becomes a dated note
        db.add(CustomerNote(customer_id=kept.id, body=other.notes.strip()[:5000], author=other.customer_number))


def _move_prices(db: Session, kept: Customer, other: Customer) -> None:
    _move_by_product(db, CustomerPrice, kept, other)


def _move_cart(db: Session, kept: Customer, other: Customer) -> None:
    kept_lines = {line.product_id: line for line in db.exec(select(CartItem).where(CartItem.customer_id == kept.id))}
    for line in db.exec(select(CartItem).where(CartItem.customer_id == other.id)).all():
        if line.product_id in kept_lines:
            mine = kept_lines[line.product_id]
            mine.quantity = min(mine.quantity + line.quantity, MAX_PER_LINE)
            db.add(mine)
            db.delete(line)
    db.flush()
    db.exec(sa.update(CartItem).where(CartItem.customer_id == other.id).values(customer_id=kept.id))


def _move_passkeys(db: Session, kept: Customer, other: Customer) -> None:
    # Both records are one person: their passkeys now sign in to the kept record (the 10-passkey cap limits
    # adding only, so none is lost).
    db.exec(sa.update(PasskeyCredential).where(PasskeyCredential.customer_id == other.id).values(customer_id=kept.id))


def _move_social_identities(db: Session, kept: Customer, other: Customer) -> None:
    """Linked provider accounts (unique per provider and subject, so they never clash) sign in to the kept
    record; the other record's social sign-ins in progress end."""
    db.exec(sa.update(SocialIdentity).where(SocialIdentity.customer_id == other.id).values(customer_id=kept.id))
    db.exec(delete(OAuthFlow).where(OAuthFlow.customer_id == other.id))


MOVES = ("_move_orders", "_move_addresses", "_move_wishlist", "_move_notes", "_move_prices", "_move_cart",
         "_move_passkeys", "_move_social_identities")


def _apply(kept: Customer, other: dict, name: str) -> None:
    """Give the kept record the other record's value of one detail."""
    if name == "name":
        kept.first_name, kept.last_name = other["first_name"], other["last_name"]
    elif name == "group":
        kept.group_id = other["group_id"]
    else:
        setattr(kept, name, other[name])


def merge_customers(db: Session, kept_id: object, other_id: object, choices: object, *,
                    merchant_user_id: int) -> MergePreview:
    """Move everything of `other_id` to `kept_id` and delete `other_id`, in the caller's one transaction.

    Raises CustomerNotFound, MergeRefused, or FormErrors (a conflict left unanswered) before writing anything.
    The kept record's email, password and settings stay; the other record's sign-in sessions end.
    """
    preview = merge_preview(db, kept_id, other_id)
    chosen = _choices(preview, choices)
    kept, other = get_customer(db, preview.kept.id), get_customer(db, preview.other.id)
    taken = [name for name, value in chosen.items() if value == TAKE] + preview.filled
    # Copied before the other record goes (its own number is unique, so it must be gone before it moves).
    source = {name: getattr(other, name)
              for name in ("first_name", "last_name", "company", "phone", "group_id", "own_number", "vat_number")}
    for step in MOVES:
        globals()[step](db, kept, other)  # looked up at call time, so a test can break one step
    for table in (SignInSession, SingleUseToken, OneTimeCode, WebAuthnChallenge):
        db.exec(delete(table).where(table.customer_id == other.id))
    db.flush()

    audit.record(db, "customer.merged_into", customer_id=other.id, merchant_user_id=merchant_user_id,
                 detail=f"merged into {kept.customer_number}")
    audit.record(db, "customer.merged_from", customer_id=kept.id, merchant_user_id=merchant_user_id,
                 detail=f"merged {other.customer_number} into this record; took: {', '.join(taken) or 'nothing'}")
    db.delete(other)
    db.flush()

    for name in taken:
        _apply(kept, source, name)
    kept.updated_at = utcnow()
    db.add(kept)
    db.flush()
    refresh_customer_totals(db, kept.id)
    return preview


__all__ = ["CONFLICT_FIELDS", "KEEP", "TAKE", "CustomerNotFound", "MergePreview", "MergeRefused",
           "RecordSummary", "find_matches", "merge_customers", "merge_preview"]
