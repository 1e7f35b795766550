"""Prices, VAT, the cart and placing orders: every rule, with the refusals and the races."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from shop.catalog import cart, tax
from shop.catalog.pricing import prices_for
from shop.models import (
    Address,
    CartItem,
    CheckoutMode,
    CustomerGroup,
    CustomerPrice,
    GroupPrice,
    Order,
    OrderLine,
    Product,
    RegistrationMode,
    utcnow,
)
from shop.orders import checkout
from shop.settings.store import get_store_settings
from tests.helpers import race

FORM = {"email": "guest@example.com", "name": "Ana Lopez", "street_address": "12 rue de la Paix",
        "postal_code": "75002", "city": "Paris", "country_code": "FR", "payment_method": "bank_transfer",
        "accept_terms": "on"}


@pytest.fixture
def mug(make_product):
    return make_product("mug", price_cents=2400, stock=5)


def guest_cart(db, product, quantity=1, key=None):
    key = key or cart.new_guest_key()
    owner = cart.owner_for(None, key)
    cart.add(db, owner, None, product.id, quantity)
    db.commit()
    return key, owner


def place(db, owner, *, customer=None, form=None, token=None, lang="en"):
    placed = checkout.place_order(db, customer=customer, owner=owner, form=form or FORM,
                                  checkout_token=token or cart.new_guest_key(), lang=lang,
                                  settings=get_store_settings(db))
    db.commit()
    return placed


# --- prices -----------------------------------------------------------------------------------------------------


def test_price_priority_is_strict_and_a_customer_price_above_the_group_price_still_wins(db, make_customer,
                                                                                        make_product):
    plate, bowl, cup, jug = (make_product(slug, price_cents=3000) for slug in ("plate", "bowl", "cup", "jug"))
    group = CustomerGroup(name="Trade", price_adjustment_bp=-1000)
    db.add(group)
    db.flush()
    customer = make_customer(group_id=group.id)
    db.add_all([GroupPrice(group_id=group.id, product_id=plate.id, price_cents=2000),
                CustomerPrice(customer_id=customer.id, product_id=plate.id, price_cents=2800),  # above the group's
                GroupPrice(group_id=group.id, product_id=bowl.id, price_cents=2100)])
    db.commit()
    prices = prices_for(db, [plate, bowl, cup, jug], customer)
    assert prices[plate.id] == 2800  # own price list first, even when dearer
    assert prices[bowl.id] == 2100  # then the group's fixed price
    assert prices[cup.id] == 2700  # then the group's percentage
    assert prices_for(db, [cup], None)[cup.id] == 3000  # a visitor: the catalogue price

    settings = get_store_settings(db)
    settings.keep_customer_prices = False
    db.commit()
    assert prices_for(db, [plate], customer)[plate.id] == 2000  # the setting off: the group price


def test_a_surcharge_group_pays_more(db, make_customer, mug):
    group = CustomerGroup(name="Small orders", price_adjustment_bp=500)
    db.add(group)
    db.flush()
    assert prices_for(db, [mug], make_customer(group_id=group.id))[mug.id] == 2520


def test_vat_follows_the_destination_and_the_buyer():
    france = tax.tax_rule(shop_country="FR", destination="FR")
    assert (france.rate_bp, tax.unit_price(2400, france)) == (2000, 2400)
    germany = tax.tax_rule(shop_country="FR", destination="DE")
    assert (germany.rate_bp, tax.unit_price(2400, germany)) == (1900, 2380)  # 2000 net + 19 %
    export = tax.tax_rule(shop_country="FR", destination="US")
    assert (export.rate_bp, tax.unit_price(2400, export)) == (0, 2000)
    exempt = tax.tax_rule(shop_country="FR", destination="FR", exempt=True)
    assert exempt.exempt and tax.unit_price(2400, exempt) == 2000


def test_a_group_percentage_rounds_half_a_cent_up_like_every_other_amount():
    assert tax.adjusted(1250, -1500) == 1063  # 10.625 €: a float's round() made it 10.62
    assert tax.adjusted(2400, -1000) == 2160 and tax.adjusted(1000, 500) == 1050
    assert tax.adjusted(100, -20_000) == 0  # never below zero


def test_reverse_charge_only_for_a_valid_vat_number_of_another_eu_country():
    business = tax.tax_rule(shop_country="FR", destination="DE", vat_number="DE136695976")
    assert business.reverse_charge and business.rate_bp == 0 and tax.unit_price(2400, business) == 2000
    french_business = tax.tax_rule(shop_country="FR", destination="FR", vat_number="FR40303265045")
    assert not french_business.reverse_charge and french_business.rate_bp == 2000  # home country: VAT
    invalid = tax.tax_rule(shop_country="FR", destination="DE", vat_number="DE000000000")
    assert not invalid.reverse_charge and invalid.rate_bp == 1900
    # Delivered in France, a German business's purchase is a domestic sale: French VAT (the checkout checks a
    # VAT number against the delivery country, so every page prices it the same way).
    delivered_here = tax.tax_rule(shop_country="FR", destination="FR", vat_number="DE136695976")
    assert not delivered_here.reverse_charge and delivered_here.rate_bp == 2000
    assert not tax.tax_rule(shop_country="FR", destination="NL", vat_number="DE136695976").reverse_charge


def test_vat_is_rounded_once_per_line_in_whole_cents():
    assert tax.vat_in(2997, 2000) == 500  # 499.5 rounds half up
    assert tax.vat_in(999, 2000) == 167  # 166.5
    assert tax.vat_in(1000, 0) == 0


# --- the cart ---------------------------------------------------------------------------------------------------


def test_a_guest_cart_is_stored_under_the_hash_of_its_key(db, mug):
    key, _ = guest_cart(db, mug)
    stored = db.exec(select(CartItem)).one()
    assert len(key) >= 43 and stored.guest_cart_key != key and len(stored.guest_cart_key) == 64
    assert cart.count_items(db, cart.owner_for(None, key)) == 1
    assert cart.count_items(db, cart.owner_for(None, cart.new_guest_key())) == 0


def test_adding_caps_at_the_stock_and_at_99(db, make_product, mug):
    key, owner = guest_cart(db, mug, 3)
    assert cart.add(db, owner, None, mug.id, 4) == cart.Added(5, 5)  # 5 in stock
    plenty = make_product("plenty", stock=500)
    assert cart.add(db, owner, None, plenty.id, 99) == cart.Added(99, 104)
    assert cart.add(db, owner, None, plenty.id, 1).quantity == 99


def test_each_cart_counts_only_its_own_lines(db, make_customer, make_product, mug):
    """`add` reads the line, the line count and the item count of one owner: never another cart's."""
    vase = make_product("vase", stock=10)
    customer, other = make_customer(), make_customer("other@example.com")
    _, first_guest = guest_cart(db, mug, 2)
    _, second_guest = guest_cart(db, vase, 3)
    cart.add(db, cart.CartOwner(customer_id=other.id), other, mug.id, 4)
    assert cart.add(db, first_guest, None, mug.id, 1) == cart.Added(3, 3)
    assert cart.add(db, second_guest, None, mug.id, 1) == cart.Added(1, 4)
    assert cart.add(db, cart.CartOwner(customer_id=customer.id), customer, vase.id, 2) == cart.Added(2, 2)
    db.commit()
    stored = {(line.customer_id, line.product_id): line.quantity for line in db.exec(select(CartItem))}
    assert stored[(customer.id, vase.id)] == 2 and stored[(other.id, mug.id)] == 4
    assert cart.count_items(db, first_guest) == 3 and cart.count_items(db, second_guest) == 4


def test_the_header_count_leaves_out_a_product_taken_off_sale_as_the_cart_page_does(db, make_product, mug):
    vase = make_product("vase", stock=10)
    _, guest = guest_cart(db, mug, 2)
    cart.add(db, guest, None, vase.id, 1)
    assert cart.count_items(db, guest) == 3
    vase.is_active = False  # the merchant takes it off sale
    db.add(vase)
    db.flush()
    assert cart.count_items(db, guest) == cart.priced_cart(db, guest, None).count == 2
    assert cart.add(db, guest, None, mug.id, 1).cart_count == 3


def test_a_full_cart_takes_more_of_a_line_but_no_new_line(db, make_product, monkeypatch, mug):
    monkeypatch.setattr(cart, "MAX_LINES", 2)
    vase, plate = make_product("vase", stock=10), make_product("plate", stock=10)
    _, owner = guest_cart(db, mug, 1)
    cart.add(db, owner, None, vase.id, 1)
    with pytest.raises(cart.CartRefusal) as refused:
        cart.add(db, owner, None, plate.id, 1)
    assert refused.value.key == "cart.error.too_many_lines"
    assert cart.add(db, owner, None, vase.id, 2) == cart.Added(3, 4)


def test_a_new_line_keeps_the_price_the_buyer_saw(db, make_customer, mug):
    """The price a line was added at (to show a change later): the catalogue's for a guest, the
    customer's own list for a customer."""
    customer = make_customer()
    db.add(CustomerPrice(customer_id=customer.id, product_id=mug.id, price_cents=1900))
    db.commit()
    _, guest = guest_cart(db, mug, 1)
    cart.add(db, cart.CartOwner(customer_id=customer.id), customer, mug.id, 1)
    cart.add(db, cart.CartOwner(customer_id=customer.id), customer, mug.id, 1)  # more of it: the price stays
    db.commit()
    prices = {line.customer_id: (line.added_price_cents, line.quantity) for line in db.exec(select(CartItem))}
    assert prices == {None: (2400, 1), customer.id: (1900, 2)}


@pytest.mark.parametrize("quantity", [0, -1, "abc", "1e3", None, True, 1.5, "9999", {"q": 1}])
def test_junk_quantities_are_refused(db, mug, quantity):
    owner = cart.owner_for(None, cart.new_guest_key())
    with pytest.raises(cart.CartRefusal):
        cart.add(db, owner, None, mug.id, quantity)


def test_sold_out_unknown_and_inactive_products_are_refused(db, make_product):
    owner = cart.owner_for(None, cart.new_guest_key())
    sold_out = make_product("gone", stock=0)
    hidden = make_product("hidden", is_active=False)
    for product_id in (sold_out.id, hidden.id, 99999, "1", None, 10**30, -1, True):
        with pytest.raises(cart.CartRefusal):
            cart.add(db, owner, None, product_id, 1)
        with pytest.raises(cart.CartRefusal):
            cart.set_quantity(db, owner, product_id, 0)


def test_signing_in_merges_the_guest_cart_summing_and_capping(db, make_customer, make_product, mug):
    customer = make_customer()
    vase = make_product("vase", stock=10)
    mine = cart.CartOwner(customer_id=customer.id)
    cart.add(db, mine, customer, mug.id, 4)
    cart.add(db, mine, customer, vase.id, 1)  # from an earlier visit, not in the guest cart
    key, guest = guest_cart(db, mug, 3)
    old_lines = cart.merge_guest_cart(db, key, customer)
    db.commit()
    assert old_lines == 1  # the vase: the customer is told
    lines = {line.product_id: line.quantity for line in db.exec(select(CartItem))}
    assert lines == {mug.id: 5, vase.id: 1}  # 4 + 3 capped at the stock of 5
    assert cart.count_items(db, guest) == 0


def test_a_price_change_since_adding_is_shown(db, mug):
    key, owner = guest_cart(db, mug)
    mug.price_cents = 2600
    db.add(mug)
    db.commit()
    line = cart.priced_cart(db, owner, None).lines[0]
    assert line.price_changed and (line.previous_unit_cents, line.unit_cents) == (2400, 2600)


def test_old_guest_carts_are_purged(db, mug):
    guest_cart(db, mug)
    for row in db.exec(select(CartItem)):
        row.updated_at = utcnow() - timedelta(days=31)
        db.add(row)
    fresh_key, _ = guest_cart(db, mug)
    assert cart.purge_guest_carts(db) == 1
    assert cart.count_items(db, cart.owner_for(None, fresh_key)) == 1


def test_shipping_is_free_above_the_threshold(db, make_product):
    owner = cart.owner_for(None, cart.new_guest_key())
    small = make_product("small", price_cents=1000, stock=20)
    cart.add(db, owner, None, small.id, 1)
    assert cart.priced_cart(db, owner, None).shipping_cents == 590
    cart.add(db, owner, None, small.id, 5)
    assert cart.priced_cart(db, owner, None).shipping_cents == 0  # 60 € and more


# --- who may order ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode, registration, approved_only, approved, signed_in, expected", [
    ("guests", "open", False, True, False, None),
    ("account_required", "open", False, True, False, "checkout.sign_in_required"),
    ("registered_only", "disabled", False, True, False, "checkout.sign_in_required"),
    ("registered_only", "disabled", False, True, True, None),
    ("guests", "open", True, False, True, "checkout.not_approved"),
    ("guests", "open", True, True, True, None),
    ("guests", "open", False, False, True, None),  # the flag matters only with the setting on
    ("guests", "members_only", False, True, False, "checkout.sign_in_required"),
    ("guests", "members_only", False, True, True, None),
])
def test_checkout_modes_registration_modes_and_approved_buyers(db, make_customer, mode, registration,
                                                               approved_only, approved, signed_in, expected):
    settings = get_store_settings(db)
    settings.checkout_mode, settings.registration_mode = mode, registration
    settings.approved_buyers_only = approved_only
    customer = make_customer(approved_buyer=approved) if signed_in else None
    assert checkout.refusal(settings, customer) == expected


def test_sign_up_on_the_way_only_when_accounts_are_required_and_registration_is_open(db):
    settings = get_store_settings(db)
    settings.checkout_mode = CheckoutMode.ACCOUNT_REQUIRED.value
    assert checkout.may_sign_up_on_the_way(settings)
    settings.checkout_mode = CheckoutMode.REGISTERED_ONLY.value
    assert not checkout.may_sign_up_on_the_way(settings)
    settings.checkout_mode, settings.registration_mode = CheckoutMode.ACCOUNT_REQUIRED.value, RegistrationMode.DISABLED
    assert not checkout.may_sign_up_on_the_way(settings)


def test_pay_on_invoice_is_offered_per_customer(db, make_customer):
    assert checkout.payment_methods(None) == ["bank_transfer"]
    assert checkout.payment_methods(make_customer(pay_on_invoice=True)) == ["bank_transfer", "invoice"]
    _, owner = guest_cart(db, db.exec(select(Product)).first() or _product(db))
    with pytest.raises(Exception) as refused:
        place(db, owner, form={**FORM, "payment_method": "invoice"})
    assert refused.value.errors == {"payment_method": "checkout.error.payment_method"}


def _product(db):
    product = Product(slug="p", sku="P", name="P", price_cents=1000, stock=3)
    db.add(product)
    db.commit()
    return product


# --- placing ----------------------------------------------------------------------------------------------------


def test_a_guest_order_stores_lines_with_vat_takes_stock_clears_the_cart_and_emails(db, mug, outbox):
    _, owner = guest_cart(db, mug, 2)
    placed = place(db, owner, lang="fr")
    order = placed.order
    assert order.customer_id is None and order.email == "guest@example.com" and order.language == "fr"
    assert (order.subtotal_cents, order.shipping_cents, order.total_cents) == (4800, 590, 5390)
    line = db.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()
    assert (line.unit_price_cents, line.vat_rate_bp, line.vat_cents) == (2400, 2000, 800)
    assert order.tax_cents == 800 + 98  # the lines' VAT and the shipping's
    assert db.get(Product, mug.id).stock == 3
    assert cart.count_items(db, owner) == 0
    email = outbox("guest@example.com")[-1]
    assert order.number in email.subject and email.language == "fr" and "IBAN" in email.text_body
    assert checkout.order_from_access_token(db, placed.access_token).id == order.id


def test_a_reverse_charge_order_says_so(db, mug, outbox):
    _, owner = guest_cart(db, mug)
    order = place(db, owner, form={**FORM, "country_code": "DE", "postal_code": "10115", "city": "Berlin",
                                   "vat_number": "DE136695976"}).order
    assert order.reverse_charge and order.tax_cents == 0 and order.subtotal_cents == 2000
    assert "reverse charge" in outbox("guest@example.com")[-1].text_body


def test_the_same_checkout_token_places_one_order(db, mug):
    key, owner = guest_cart(db, mug)
    token = cart.new_guest_key()
    first = place(db, owner, token=token)
    again = place(db, owner, token=token)
    assert again.already_placed and again.order.id == first.order.id
    assert len(db.exec(select(Order)).all()) == 1


def test_a_short_line_is_named_and_nothing_is_written(db, mug, make_product):
    vase = make_product("vase", stock=2)
    _, owner = guest_cart(db, mug)
    cart.add(db, owner, None, vase.id, 2)
    db.commit()
    vase.stock = 1  # another buyer took one meanwhile
    db.add(vase)
    db.commit()
    with pytest.raises(checkout.OutOfStock) as short:
        place(db, owner)
    db.rollback()
    assert short.value.names == ["Vase"]
    assert db.exec(select(Order)).all() == [] and db.get(Product, mug.id).stock == 5
    assert cart.count_items(db, owner) == 3  # the cart is kept


def test_the_form_is_checked_and_the_terms_must_be_accepted(db, mug):
    _, owner = guest_cart(db, mug)
    with pytest.raises(Exception) as refused:
        place(db, owner, form={**FORM, "accept_terms": "", "email": "not an email", "postal_code": "ABC"})
    assert {"accept_terms", "email", "postal_code"} <= set(refused.value.errors)


def test_a_guest_using_an_address_that_has_an_account_never_attaches_to_it(db, make_customer, mug):
    make_customer("guest@example.com")
    _, owner = guest_cart(db, mug)
    assert place(db, owner).order.customer_id is None


def test_a_customer_order_can_save_the_address(db, make_customer, mug):
    customer = make_customer()
    owner = cart.CartOwner(customer_id=customer.id)
    cart.add(db, owner, customer, mug.id, 1)
    form = {**FORM, "email": "ignored@example.com", "save_address": "on"}
    order = place(db, owner, customer=customer, form=form).order
    assert order.customer_id == customer.id and order.email == customer.email
    saved = db.exec(select(Address).where(Address.customer_id == customer.id)).one()
    assert saved.city == "PARIS"  # as the French post writes it


def test_order_numbers_come_from_the_counter(db, mug):
    numbers = []
    for _ in range(3):
        _, owner = guest_cart(db, mug, 1)
        numbers.append(place(db, owner).order.number)
    assert numbers == ["ML-100001", "ML-100002", "ML-100003"]


def test_access_tokens_refuse_tampering_and_expire(db, mug):
    _, owner = guest_cart(db, mug)
    placed = place(db, owner)
    number, expires, signature = placed.access_token.split(".")
    assert checkout.order_from_access_token(db, f"ML-100002.{expires}.{signature}") is None
    assert checkout.order_from_access_token(db, f"{number}.{int(expires) + 1}.{signature}") is None
    assert checkout.order_from_access_token(db, placed.access_token, now=utcnow() + timedelta(days=8)) is None
    for junk in (None, "", "a.b", "x" * 500, 12):
        assert checkout.order_from_access_token(db, junk) is None


# --- concurrency (threads with their own connections on one SQLite file) ----------------------------------------



def _placer(owner, token, form=FORM):
    def job(session):
        return checkout.place_order(session, customer=None, owner=owner, form=form, checkout_token=token,
                                    lang="en", settings=get_store_settings(session)).order.number
    return job


def test_a_double_submit_gives_one_order(db, engine, mug):
    _, owner = guest_cart(db, mug)
    token = cart.new_guest_key()
    results = race(engine, [_placer(owner, token), _placer(owner, token)])
    assert results[0] == results[1] and isinstance(results[0], str)
    db.expire_all()
    assert len(db.exec(select(Order)).all()) == 1 and db.get(Product, mug.id).stock == 4


def test_two_buyers_for_the_last_item_give_one_order_and_stock_zero(db, engine, make_product):
    last = make_product("last-one", stock=1)
    owners = [guest_cart(db, last)[1] for _ in range(2)]
    results = race(engine, [_placer(owner, cart.new_guest_key()) for owner in owners])
    assert sorted(type(result).__name__ for result in results) == ["OutOfStock", "str"]
    db.expire_all()
    assert db.get(Product, last.id).stock == 0 and len(db.exec(select(Order)).all()) == 1


def test_orders_placed_at_once_get_distinct_numbers(db, engine, make_product):
    plenty = make_product("plenty", stock=100)
    owners = [guest_cart(db, plenty)[1] for _ in range(8)]
    results = race(engine, [_placer(owner, cart.new_guest_key()) for owner in owners])
    assert all(isinstance(result, str) for result in results), results
    assert len(set(results)) == 8
    db.expire_all()
    assert db.get(Product, plenty.id).stock == 92


def test_the_cli_purges_old_guest_carts(cli_db, capsys):
    from shop.cli import main

    assert main(["migrate"]) == 0
    assert main(["purge-carts", "--days", "30"]) == 0
    assert "deleted 0 line(s)" in capsys.readouterr().out


def test_new_customers_wait_for_approval_only_while_the_setting_is_on(db):
    from shop.customers import records

    assert records.create_customer(db, email="a@example.com").approved_buyer is True
    get_store_settings(db).approved_buyers_only = True
    assert records.create_customer(db, email="b@example.com").approved_buyer is False
    assert records.create_customer(db, email="c@example.com", approved_buyer=True).approved_buyer is True


def test_a_cancelled_order_puts_its_stock_back_once(db, mug):
    from shop.orders.orders import set_status

    _, owner = guest_cart(db, mug, 2)
    order = place(db, owner).order
    assert db.get(Product, mug.id).stock == 3
    set_status(db, order, "cancelled")
    set_status(db, order, "cancelled")  # twice: still only once back
    db.commit()
    db.expire_all()
    assert db.get(Product, mug.id).stock == 5


def test_unpaid_bank_transfers_expire_with_an_email(db, mug, outbox):
    from shop.orders.orders import expire_unpaid_orders

    _, owner = guest_cart(db, mug, 1)
    order = place(db, owner).order
    assert expire_unpaid_orders(db, now=utcnow() + timedelta(days=6)) == []
    assert expire_unpaid_orders(db, now=utcnow() + timedelta(days=8)) == [order.number]
    db.commit()
    db.expire_all()
    assert db.get(Order, order.id).status == "cancelled" and db.get(Product, mug.id).stock == 5
    assert "was cancelled" in outbox("guest@example.com")[-1].subject


def test_a_payment_made_while_the_expiry_pass_runs_is_never_cancelled(db, engine, mug, outbox, monkeypatch):
    """Two transactions, as two workers or a merchant and the housekeeping: the one that moves the order first wins."""
    from sqlmodel import Session

    import shop.orders.orders as orders_module
    from shop.models import OrderStatusEvent
    from shop.orders.orders import StatusMoved, expire_unpaid_orders, set_status

    _, owner = guest_cart(db, mug, 2)
    order = place(db, owner).order
    db.commit()
    with Session(engine) as housekeeping, Session(engine) as merchant:
        seen_by_housekeeping = housekeeping.get(Order, order.id)  # read as "received"...
        set_status(merchant, merchant.get(Order, order.id), "paid")  # ...then paid, committed first
        merchant.commit()
        with pytest.raises(StatusMoved):
            set_status(housekeeping, seen_by_housekeeping, "cancelled")
        housekeeping.rollback()
        assert housekeeping.get(Order, order.id).status == "paid"  # read again, not the stale copy
    with Session(engine) as first, Session(engine) as second:  # two cancellations at once: one restock
        mine, theirs = first.get(Order, order.id), second.get(Order, order.id)
        set_status(first, mine, "cancelled")
        first.commit()
        with pytest.raises(StatusMoved):
            set_status(second, theirs, "cancelled")
    db.expire_all()
    assert db.get(Product, mug.id).stock == 5
    events = db.exec(select(OrderStatusEvent.status).where(OrderStatusEvent.order_id == order.id)).all()
    assert events == ["received", "paid", "cancelled"]
    # The pass skips an order another transaction moved, and emails only the ones it cancelled itself.
    _, owner = guest_cart(db, mug, 1)
    place(db, owner)
    db.commit()

    def moved_first(session, order, status, **values):
        raise StatusMoved(order.number)

    monkeypatch.setattr(orders_module, "set_status", moved_first)
    assert expire_unpaid_orders(db, now=utcnow() + timedelta(days=8)) == []
    assert not any("was cancelled" in email.subject for email in outbox("guest@example.com"))


def test_account_from_order_creates_an_account_for_a_new_address_only(db, make_customer, mug):
    from shop.models import Customer

    settings = get_store_settings(db)
    settings.account_from_order = True
    db.commit()
    _, owner = guest_cart(db, mug)
    order = place(db, owner, form={**FORM, "email": "new@example.com"}).order
    created = db.get(Customer, order.customer_id)
    assert (created.email, created.first_name, created.last_name, created.source) == (
        "new@example.com", "Ana", "Lopez", "checkout")
    assert created.password_hash is None and created.email_verified_at is None  # proven later, by code
    make_customer("taken@example.com")
    _, owner = guest_cart(db, mug)
    assert place(db, owner, form={**FORM, "email": "taken@example.com"}).order.customer_id is None


def test_the_buyer_may_choose_a_password_on_the_confirmation_page_once(db, mug, cheap_bcrypt):
    from shop.common.validation import FormErrors
    from shop.identity.passwords import verify_password

    get_store_settings(db).account_from_order = True
    _, owner = guest_cart(db, mug)
    placed = place(db, owner, form={**FORM, "email": "new@example.com"})
    weak = {"password": "password", "password_confirm": "password"}
    with pytest.raises(FormErrors):
        checkout.set_password_from_order(db, placed.access_token, weak)
    strong = {"password": "quiet harbour lanterns glow", "password_confirm": "quiet harbour lanterns glow"}
    with pytest.raises(LookupError):
        checkout.set_password_from_order(db, placed.access_token + "x", strong)  # a forged link
    customer = checkout.set_password_from_order(db, placed.access_token, strong)
    assert verify_password("quiet harbour lanterns glow", customer.password_hash)
    assert customer.email_verified_at is None  # still to be proven by a code at the first sign-in
    with pytest.raises(LookupError):
        checkout.set_password_from_order(db, placed.access_token, strong)  # once


def test_a_customer_claims_the_guest_orders_of_a_proven_address_only(db, make_customer, mug):
    from shop.orders import history

    for _ in range(2):
        _, owner = guest_cart(db, mug)
        place(db, owner, form={**FORM, "email": "Lou@Example.com"})
    unproven = make_customer("lou@example.com", verified=False)
    assert history.claimable_count(db, unproven) == 0 and history.claim_guest_orders(db, unproven) == 0
    unproven.email_verified_at = utcnow()
    db.add(unproven)
    settings = get_store_settings(db)
    settings.email_verification = "none"
    assert history.claimable_count(db, unproven) == 0  # no proof of the address in such a shop
    settings.email_verification = "code"
    assert history.claimable_count(db, unproven) == 2
    assert history.claim_guest_orders(db, unproven) == 2
    db.commit()
    assert {order.customer_id for order in db.exec(select(Order))} == {unproven.id}
    other = make_customer("someone@example.com")
    assert history.claim_guest_orders(db, other) == 0


def test_a_stock_alert_sends_one_email_when_the_product_returns(db, make_product, outbox):
    from shop.catalog import stock_alerts
    from shop.common.validation import FieldError

    gone = make_product("gone", stock=0, name="Gone vase", name_fr="Vase parti")
    assert stock_alerts.ask(db, gone.id, "Lou@Example.com", "fr") == "lou@example.com"
    stock_alerts.ask(db, gone.id, "lou@example.com", "fr")  # twice is once
    with pytest.raises(FieldError):
        stock_alerts.ask(db, gone.id, "not an email", "en")
    with pytest.raises(LookupError):
        stock_alerts.ask(db, make_product("here", stock=3).id, "lou@example.com", "en")  # not sold out
    for junk in (None, "1", 10**30, True):
        with pytest.raises(LookupError):
            stock_alerts.ask(db, junk, "lou@example.com", "en")
    assert stock_alerts.notify_returned(db) == 0  # still sold out
    gone.stock = 4
    db.add(gone)
    assert stock_alerts.notify_returned(db) == 1
    assert stock_alerts.notify_returned(db) == 0  # once
    db.commit()
    email = outbox("lou@example.com")[-1]
    assert email.subject == "Vase parti est de retour chez Maison Lumen" and "/products/gone" in email.text_body


def test_one_client_cannot_fill_the_stock_alerts_with_strangers_addresses(db, make_product):
    from sqlmodel import select

    from shop.catalog import stock_alerts
    from shop.identity.throttle import STOCK_ALERTS_PER_CLIENT_PER_HOUR
    from shop.models import StockAlert

    gone = make_product("gone", stock=0)
    for n in range(STOCK_ALERTS_PER_CLIENT_PER_HOUR + 5):
        # The same answer every time: past the cap the request is dropped, silently.
        assert stock_alerts.ask(db, gone.id, f"stranger{n}@example.com", "en", "203.0.113.7") == \
            f"stranger{n}@example.com"
    assert len(db.exec(select(StockAlert)).all()) == STOCK_ALERTS_PER_CLIENT_PER_HOUR
    stock_alerts.ask(db, gone.id, "someone@example.com", "en", "198.51.100.9")  # another client is not held
    assert len(db.exec(select(StockAlert)).all()) == STOCK_ALERTS_PER_CLIENT_PER_HOUR + 1


def test_legal_pages_use_the_merchants_text_or_the_standard_one(db):
    from shop.legal.pages import PAGES, legal_text

    for page in PAGES:
        english, french = legal_text(db, page, "en"), legal_text(db, page, "fr")
        assert len(english) >= 2 and len(french) == len(english)
        assert not any("{" in paragraph for paragraph in english + french)  # every placeholder filled
    assert "Maison Lumen" in legal_text(db, "terms", "en")[0]
    settings = get_store_settings(db)
    settings.terms_text = "Our own terms.\n\nSecond paragraph."
    assert legal_text(db, "terms", "fr") == ["Our own terms.", "Second paragraph."]
    assert legal_text(db, "../etc", "en") is None
