"""Customer groups in the back-office: their price rule (a percentage, fixed prices per product, tax
exemption), their members, and deleting a group without deleting its customers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, func, select, update

from shop.catalog.product_admin import get_product, parse_money, valid_id
from shop.common import audit
from shop.common.validation import FieldError, FormErrors, clean_text, form_value, is_checked
from shop.models import Customer, CustomerGroup, GroupPrice, Product

MIN_PERCENT, MAX_PERCENT = Decimal(-100), Decimal(1000)
PERCENT = re.compile(r"^([+-]?)(\d{1,4})(?:[.,](\d{1,2}))?%?$")
MEMBERS_SHOWN = 50


def parse_percent(raw: object, field: str = "adjustment") -> int:
    """"-10" (a 10 % discount), "5" (a 5 % surcharge), "7,5", "" (none) -> basis points (-1000, 500, 750, 0)."""
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise FieldError(field, "admin.catalog.error.percent")
    text = str(raw).strip().replace(" ", "").replace("\u2212", "-")
    if not text:
        return 0
    match = PERCENT.match(text) if len(text) <= 12 else None
    if match is None:
        raise FieldError(field, "admin.catalog.error.percent")
    sign, whole, fraction = match.groups()
    percent = Decimal(f"{sign or '+'}{whole}.{fraction or '0'}")
    if not MIN_PERCENT <= percent <= MAX_PERCENT:
        raise FieldError(field, "admin.catalog.error.percent_range")
    return int(percent * 100)


def percent_input(basis_points: int) -> str:
    """The value the percentage field starts with: "-10", "7.5", "" for none."""
    if not basis_points:
        return ""
    if basis_points % 100 == 0:
        return str(basis_points // 100)
    return f"{Decimal(basis_points) / 100:f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class GroupSummary:
    group: CustomerGroup
    members: int


def list_groups(db: Session) -> list[GroupSummary]:
    counts = dict(db.exec(select(Customer.group_id, func.count()).where(Customer.group_id.is_not(None))
                          .group_by(Customer.group_id)).all())
    groups = db.exec(select(CustomerGroup).order_by(func.lower(CustomerGroup.name), CustomerGroup.id))
    return [GroupSummary(group, counts.get(group.id, 0)) for group in groups]


def get_group(db: Session, group_id: object) -> CustomerGroup:
    """LookupError for an unknown or forged id."""
    checked = valid_id(group_id)
    group = db.get(CustomerGroup, checked) if checked is not None else None
    if group is None:
        raise LookupError("no such group")
    return group


def member_count(db: Session, group_id: int) -> int:
    return db.exec(select(func.count()).select_from(Customer).where(Customer.group_id == group_id)).one()


def members(db: Session, group_id: int, limit: int = MEMBERS_SHOWN) -> list[Customer]:
    return list(db.exec(select(Customer).where(Customer.group_id == group_id)
                        .order_by(Customer.last_name, Customer.first_name, Customer.id).limit(limit)))


def save_group(db: Session, group_id: int | None, form: object, *, merchant_user_id: int) -> CustomerGroup:
    """Create (`group_id` None) or update a group from a form (name, description, adjustment, tax_exempt)."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, clean in (("name", lambda raw: clean_text(raw, "name", max_length=80, required=True)),
                         ("description", lambda raw: clean_text(raw, "description", max_length=500)),
                         ("adjustment", parse_percent)):
        try:
            values[field] = clean(form_value(form, field))
        except FieldError as error:
            errors[error.field] = error.key
    group = get_group(db, group_id) if group_id is not None else None
    if "name" in values:
        taken = db.exec(select(CustomerGroup.id)
                        .where(func.lower(CustomerGroup.name) == str(values["name"]).lower())).first()
        if taken is not None and (group is None or taken != group.id):
            errors["name"] = "admin.catalog.error.group_name_taken"
    if errors:
        raise FormErrors(errors)
    created = group is None
    group = group or CustomerGroup(name=values["name"])
    old = (group.name, group.price_adjustment_bp, group.tax_exempt)
    group.name, group.description = values["name"], values["description"]
    group.price_adjustment_bp = values["adjustment"]
    group.tax_exempt = is_checked(form_value(form, "tax_exempt"))
    db.add(group)
    db.flush()
    if created or old != (group.name, group.price_adjustment_bp, group.tax_exempt):
        audit.record(db, "group_created" if created else "group_saved", merchant_user_id=merchant_user_id,
                     detail=f"group {group.id} {group.name!r} {group.price_adjustment_bp} bp"
                            f"{' tax exempt' if group.tax_exempt else ''}")
    return group


# --- fixed prices ------------------------------------------------------------------------------------------------


def group_prices(db: Session, group_id: int) -> list[tuple[GroupPrice, Product]]:
    return list(db.exec(select(GroupPrice, Product).join(Product, GroupPrice.product_id == Product.id)
                        .where(GroupPrice.group_id == group_id).order_by(Product.name, Product.id)).all())


def set_group_price(db: Session, group_id: object, product_id: object, price: object, *,
                    merchant_user_id: int) -> GroupPrice:
    """Add or change the group's fixed price for a product. LookupError for unknown ids, FieldError for bad money."""
    group = get_group(db, group_id)
    try:
        product = get_product(db, product_id)
    except LookupError:
        raise FieldError("product", "admin.catalog.error.product_choose") from None
    cents = parse_money(price, "price")
    row = db.exec(select(GroupPrice).where(GroupPrice.group_id == group.id,
                                           GroupPrice.product_id == product.id)).first()
    row = row or GroupPrice(group_id=group.id, product_id=product.id, price_cents=cents)
    row.price_cents = cents
    db.add(row)
    audit.record(db, "group_price_set", merchant_user_id=merchant_user_id,
                 detail=f"group {group.id} product {product.id} {cents} cents")
    return row


def remove_group_price(db: Session, group_id: object, product_id: object, *, merchant_user_id: int) -> bool:
    group = get_group(db, group_id)
    checked = valid_id(product_id)
    row = db.exec(select(GroupPrice).where(GroupPrice.group_id == group.id,
                                           GroupPrice.product_id == checked)).first() if checked else None
    if row is None:
        raise LookupError("no such group price")
    db.delete(row)
    audit.record(db, "group_price_removed", merchant_user_id=merchant_user_id,
                 detail=f"group {group.id} product {checked}")
    return True


def product_choices(db: Session) -> list[tuple[int, str, str]]:
    """(id, name, SKU) of every product, for the fixed-price picker."""
    return list(db.exec(select(Product.id, Product.name, Product.sku).order_by(Product.name, Product.id)).all())


# --- deleting ----------------------------------------------------------------------------------------------------


def delete_group(db: Session, group_id: object, *, merchant_user_id: int) -> tuple[str, int]:
    """Delete the group and its fixed prices; its customers are kept and leave the group.
    Returns (name, how many customers left it)."""
    group = get_group(db, group_id)
    count = member_count(db, group.id)
    # Explicit, not left to ON DELETE: SQLite applies foreign-key actions only with its pragma on.
    db.execute(update(Customer).where(Customer.group_id == group.id).values(group_id=None))
    for row in db.exec(select(GroupPrice).where(GroupPrice.group_id == group.id)):
        db.delete(row)
    name = group.name
    db.delete(group)
    audit.record(db, "group_deleted", merchant_user_id=merchant_user_id,
                 detail=f"group {group.id} {name!r}, {count} customer(s) left it")
    return name, count
