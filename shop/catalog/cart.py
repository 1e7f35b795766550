"""The persisted cart.

A signed-in customer's cart is stored on the server under their id: the same on every device and after
signing out and in again. A guest's cart is stored under the hash of a random key (256 bits) that only
the visitor's own browser holds. Signing in merges the guest cart into the customer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, delete, func, insert, select, update

from shop.catalog import tax
from shop.catalog.pricing import base_prices, buyer_tax_rule, default_destination
from shop.identity.hashing import hash_token, new_token
from shop.models import CartItem, Customer, Product, StoreSettings, utcnow
from shop.settings.shipping import flat_rate_for
from shop.settings.store import get_store_settings

MAX_PER_LINE = 99
MAX_LINES = 100
MAX_GUEST_KEY = 64
MAX_ID = 2**63 - 1
GUEST_CART_LIFETIME = timedelta(days=30)


class CartRefusal(Exception):
    """A change the cart cannot take; `key` is the message's translation key."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class CartOwner:
    """Whose cart: a customer's (by id), or a guest's (by the hash of the browser's key)."""

    customer_id: int | None = None
    guest_key_hash: str | None = None

    @property
    def is_nobody(self) -> bool:
        return self.customer_id is None and self.guest_key_hash is None

    @property
    def by_customer(self) -> bool:
        return self.customer_id is not None

    @property
    def key(self) -> int | str | None:
        """The value of the owner's column: the customer id, or the guest key's hash."""
        return self.customer_id if self.by_customer else self.guest_key_hash

    def where(self):
        if self.by_customer:
            return CartItem.customer_id == self.customer_id
        return CartItem.guest_cart_key == self.guest_key_hash


def new_guest_key() -> str:
    return new_token()


def owner_for(customer: Customer | None, guest_key: object) -> CartOwner:
    if customer is not None:
        return CartOwner(customer_id=customer.id)
    if isinstance(guest_key, str) and 20 <= len(guest_key) <= MAX_GUEST_KEY:
        return CartOwner(guest_key_hash=hash_token(guest_key))
    return CartOwner()


def _rows(db: Session, owner: CartOwner) -> list[CartItem]:
    if owner.is_nobody:
        return []
    return list(db.exec(select(CartItem).where(owner.where()).order_by(CartItem.id)))


def _count_statement(owner_column):
    """The items of the cart's products on sale: the cart page leaves out one taken off sale, so the header does."""
    on_sale = aliased(Product)
    return select(func.coalesce(func.sum(CartItem.quantity), 0)) \
        .join(on_sale, on_sale.id == CartItem.product_id) \
        .where(owner_column == bindparam("owner"), on_sale.is_active)


# The header's count, on every page load: built once.
_COUNT_FOR_CUSTOMER = _count_statement(CartItem.customer_id)
_COUNT_FOR_GUEST = _count_statement(CartItem.guest_cart_key)


def count_items(db: Session, owner: CartOwner) -> int:
    if owner.is_nobody:
        return 0
    statement = _COUNT_FOR_CUSTOMER if owner.by_customer else _COUNT_FOR_GUEST
    return int(db.connection().execute(statement, {"owner": owner.key}).scalar_one())


def _quantity(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise CartRefusal("cart.error.quantity")
    if isinstance(raw, str):
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
            raise CartRefusal("cart.error.quantity")
        raw = int(raw)
    if not 0 <= raw <= 999:
        raise CartRefusal("cart.error.quantity")
    return raw


def _is_id(value: object) -> bool:
    """A row id the database can hold: junk from a forged event never reaches a query."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


@dataclass(frozen=True)
class Added:
    quantity: int  # the line's quantity now
    cart_count: int  # every item of the cart, for the header


def _add_statements(owner_column):
    """The read and the update of `add` for one kind of owner, built once: building SQL expressions costs
    more than running them. Parameters: `owner` (the id or the key's hash), `product`."""
    mine = owner_column == bindparam("owner")
    had = select(CartItem.quantity).where(mine, CartItem.product_id == Product.id).scalar_subquery()
    lines = select(func.count()).where(mine).scalar_subquery()
    count = _count_statement(owner_column).scalar_subquery()
    read = select(Product.stock, Product.is_active, Product.price_cents, had, lines, count) \
        .where(Product.id == bindparam("product"))
    write = update(CartItem).where(mine, CartItem.product_id == bindparam("product")) \
        .values(quantity=bindparam("quantity"), updated_at=bindparam("now"))
    return read, write


_ADD_FOR_CUSTOMER = _add_statements(CartItem.customer_id)
_ADD_FOR_GUEST = _add_statements(CartItem.guest_cart_key)
_NEW_LINE = insert(CartItem).values(
    customer_id=bindparam("customer"), guest_cart_key=bindparam("guest"), product_id=bindparam("product"),
    quantity=bindparam("quantity"), added_price_cents=bindparam("price"), updated_at=bindparam("now"))


def add(db: Session, owner: CartOwner, customer: Customer | None, product_id: object, quantity: object) -> Added:
    """Add to the line of this product (capped at the stock and at 99).

    This runs on every "Add to cart": one read and one write (an update or an insert), with statements
    built once and no ORM objects (four times cheaper). CartItem objects this session loaded before
    are not refreshed."""
    if owner.is_nobody:
        raise CartRefusal("cart.error.no_cart")
    quantity = _quantity(quantity)
    if quantity < 1:
        raise CartRefusal("cart.error.quantity")
    if not _is_id(product_id):
        raise CartRefusal("cart.error.unknown_product")
    read, write = _ADD_FOR_CUSTOMER if owner.by_customer else _ADD_FOR_GUEST
    key = {"owner": owner.key, "product": product_id}
    connection = db.connection()
    found = connection.execute(read, key).first()
    if found is None or not found.is_active:
        raise CartRefusal("cart.error.unknown_product")
    stock, _, price, had, lines, count = found
    if stock < 1:
        raise CartRefusal("cart.error.sold_out")
    kept = min((had or 0) + quantity, stock, MAX_PER_LINE)
    if had is not None:
        connection.execute(write, {**key, "quantity": kept, "now": utcnow()})
        return Added(kept, count - had + kept)
    if lines >= MAX_LINES:
        raise CartRefusal("cart.error.too_many_lines")
    if customer is not None:  # a guest pays the catalogue price; a customer their own
        keep_own = get_store_settings(db).keep_customer_prices
        price = base_prices(db, [db.get(Product, product_id)], customer, keep_customer_prices=keep_own)[product_id]
    connection.execute(_NEW_LINE, {"customer": owner.customer_id, "guest": owner.guest_key_hash, "product": product_id,
                                   "quantity": kept, "price": price, "now": utcnow()})
    return Added(kept, count + kept)


def set_quantity(db: Session, owner: CartOwner, product_id: object, quantity: object) -> int:
    """Set a line's quantity (0 removes it); returns the quantity kept."""
    quantity = _quantity(quantity)
    if not _is_id(product_id) or owner.is_nobody:
        raise CartRefusal("cart.error.unknown_product")
    line = db.exec(select(CartItem).where(owner.where(), CartItem.product_id == product_id)).first()
    if line is None:
        raise CartRefusal("cart.error.unknown_product")
    if quantity == 0:
        db.delete(line)
        return 0
    product = db.get(Product, product_id)
    line.quantity = max(1, min(quantity, product.stock if product else 0, MAX_PER_LINE))
    line.updated_at = utcnow()
    db.add(line)
    return line.quantity


def clear(db: Session, owner: CartOwner) -> None:
    if not owner.is_nobody:
        db.exec(delete(CartItem).where(owner.where()))


def merge_guest_cart(db: Session, guest_key: object, customer: Customer) -> int:
    """Move a guest's cart into the customer's: quantities summed, capped at the stock and at 99.
    Returns how many lines of the customer's earlier visits the cart now shows besides the guest's
    (the customer is told: nothing comes in silently)."""
    guest = owner_for(None, guest_key)
    mine = CartOwner(customer_id=customer.id)
    kept = {line.product_id: line for line in _rows(db, mine)}
    guest_lines = _rows(db, guest)
    if not guest_lines:
        return 0
    for line in guest_lines:
        product = db.get(Product, line.product_id)
        stock = product.stock if product else 0
        target = kept.get(line.product_id)
        if target is None:
            target = CartItem(customer_id=customer.id, product_id=line.product_id, quantity=0,
                              added_price_cents=line.added_price_cents)
        target.quantity = max(1, min(target.quantity + line.quantity, stock, MAX_PER_LINE))
        target.updated_at = utcnow()
        db.delete(line)
        db.flush()
        db.add(target)
    guest_products = {line.product_id for line in guest_lines}
    return sum(1 for product_id in kept if product_id not in guest_products)


def purge_guest_carts(db: Session, *, older_than: timedelta = GUEST_CART_LIFETIME) -> int:
    """Delete guests' cart lines untouched for `older_than`; returns how many."""
    result = db.exec(delete(CartItem).where(CartItem.customer_id.is_(None),
                                            CartItem.updated_at < utcnow() - older_than))
    return result.rowcount or 0


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int
    unit_cents: int  # today's price for this buyer
    previous_unit_cents: int  # the price when it was added, for the same buyer and destination
    total_cents: int
    vat_cents: int
    available: int  # the stock today

    @property
    def price_changed(self) -> bool:
        return self.previous_unit_cents != self.unit_cents

    @property
    def short(self) -> bool:
        return self.quantity > self.available


@dataclass(frozen=True)
class PricedCart:
    lines: list[CartLine]
    rule: tax.TaxRule
    subtotal_cents: int
    shipping_cents: int
    vat_cents: int  # the VAT inside the total (lines and shipping)
    total_cents: int
    destination: str = ""  # the country the prices and the shipping are for

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)


def shipping_for(settings: StoreSettings, subtotal_cents: int, rule: tax.TaxRule, flat_cents: int) -> int:
    """The destination's flat price (`shipping.flat_rate_for`) under the buyer's VAT rule; free from the
    store's threshold on."""
    free_from = settings.free_shipping_over_cents
    if not subtotal_cents or (free_from and subtotal_cents >= free_from):
        return 0
    return tax.unit_price(flat_cents, rule)


def priced_cart(db: Session, owner: CartOwner, customer: Customer | None, *, destination: str | None = None,
                vat_number: str | None = None) -> PricedCart:
    """The cart with today's prices for this buyer and this destination, rounded per line."""
    settings = get_store_settings(db)
    destination = destination or default_destination(db, customer, settings)
    rule = buyer_tax_rule(db, customer, settings, destination=destination, vat_number=vat_number)
    rows = _rows(db, owner)
    products = {product.id: product for product in db.exec(
        select(Product).where(Product.id.in_([row.product_id for row in rows])))} if rows else {}
    listed = list(products.values())
    # The buyer's prices before VAT once; the VAT rule then turns each into what they pay here.
    bases = base_prices(db, listed, customer, keep_customer_prices=settings.keep_customer_prices)
    prices = {product_id: tax.unit_price(cents, rule) for product_id, cents in bases.items()}
    lines = []
    for row in rows:
        product = products.get(row.product_id)
        if product is None or not product.is_active:
            continue
        unit = prices[product.id]
        total = unit * row.quantity
        added = row.added_price_cents
        previous = tax.unit_price(added, rule) if added and added != bases[product.id] else unit
        lines.append(CartLine(product, row.quantity, unit, previous, total,
                              tax.vat_in(total, rule.rate_bp), product.stock))
    subtotal = sum(line.total_cents for line in lines)
    shipping = shipping_for(settings, subtotal, rule, flat_rate_for(db, settings, destination))
    vat = sum(line.vat_cents for line in lines) + tax.vat_in(shipping, rule.rate_bp)
    return PricedCart(lines, rule, subtotal, shipping, vat, subtotal + shipping, destination)
