"""The owner's actions on a customer: delete (orders kept, anonymised, no email), merge (explicit conflicts,
one transaction), the customer's own price list, and the shop seen with their prices; and every refusal."""

from __future__ import annotations

import json
import uuid

import pytest
import reflex as rx
from sqlmodel import Session, select

from shop.catalog import customer_prices, pricing
from shop.common.validation import FieldError, FormErrors
from shop.customers import merchant_deletion, merge
from shop.customers.merchant_deletion import CustomerNotFound
from shop.identity import sessions
from shop.merchants import accounts
from shop.models import (
    Address,
    AuditEvent,
    CartItem,
    Customer,
    CustomerGroup,
    CustomerNote,
    CustomerPrice,
    GroupPrice,
    MerchantRole,
    MerchantUser,
    Order,
    SignInSession,
    WishlistItem,
)
from shop.testing import fixtures
from tests.helpers import count_rows

ADDRESS = {"name": "Ana Lopez", "street_address": "3 quai Saint-Antoine", "city": "Lyon", "postal_code": "69002",
           "country_code": "FR"}


@pytest.fixture
def products(make_product, store_settings):
    return [make_product("bowl", price_cents=2400, name="Stoneware bowl"),
            make_product("mug", price_cents=1800, name="Linen mug"),
            make_product("vase", price_cents=5000, name="Sage vase")]


@pytest.fixture
def owner(merchant):
    return merchant


def _order(db, customer, number, total=2400):
    order = Order(number=number, customer_id=customer.id, email=customer.email, total_cents=total,
                  billing_address_json=json.dumps(ADDRESS), shipping_address_json=json.dumps(ADDRESS))
    db.add(order)
    db.flush()
    return order


def _group(db, name, adjustment_bp=0, **values):
    group = CustomerGroup(name=name, price_adjustment_bp=adjustment_bp, **values)
    db.add(group)
    db.flush()
    return group


# --- delete ---


def test_the_confirmation_names_the_customer_and_the_orders_kept(db, make_customer, products):
    ana = make_customer("ana@example.com", first_name="Ana", last_name="Lopez")
    _order(db, ana, "ML-1")
    _order(db, ana, "ML-2")
    summary = merchant_deletion.deletion_summary(db, str(ana.id))
    assert (summary.name, summary.email, summary.customer_number, summary.orders_kept) == \
        ("Ana Lopez", "ana@example.com", ana.customer_number, 2)


def test_owner_deletion_keeps_orders_anonymised_and_sends_no_email(db, make_customer, products, owner, outbox):
    ana = make_customer("ana@example.com", first_name="Ana", last_name="Lopez")
    order = _order(db, ana, "ML-1")
    db.add_all([Address(customer_id=ana.id, **ADDRESS), WishlistItem(customer_id=ana.id, product_id=products[0].id),
                CartItem(customer_id=ana.id, product_id=products[0].id, quantity=1),
                CustomerPrice(customer_id=ana.id, product_id=products[0].id, price_cents=100),
                CustomerNote(customer_id=ana.id, body="Prefers delivery on Tuesdays")])
    sessions.start_session(db, customer_id=ana.id)
    db.commit()
    emails_before = len(outbox())

    deleted = merchant_deletion.delete_customer(db, ana.id, merchant_user_id=owner.id)
    db.commit()

    assert deleted.name == "Ana Lopez"
    assert db.get(Customer, ana.id) is None
    db.refresh(order)
    assert order.customer_id is None and order.email == f"deleted-customer-{ana.id}@invalid"
    assert json.loads(order.billing_address_json) == {"country_code": "FR"}
    for table in (Address, WishlistItem, CartItem, CustomerPrice, CustomerNote, SignInSession):
        assert count_rows(db, table, table.customer_id == ana.id) == 0
    assert len(outbox()) == emails_before  # the customer is told nothing
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.deleted_by_merchant")).one()
    assert (event.customer_id, event.merchant_user_id) == (ana.id, owner.id)
    assert "ana@example.com" not in event.detail and event.email == ""


@pytest.mark.parametrize("forged", [0, -1, "abc", "", None, True, 10**30, "1" * 40, [], {}])
def test_deleting_a_forged_id_is_refused(db, forged, owner):
    with pytest.raises(CustomerNotFound):
        merchant_deletion.delete_customer(db, forged, merchant_user_id=owner.id)


def test_deleting_an_unknown_customer_is_refused(db, owner):
    with pytest.raises(CustomerNotFound):
        merchant_deletion.delete_customer(db, 99999, merchant_user_id=owner.id)


# --- merge ---


@pytest.fixture
def pair(db, make_customer, products):
    """Two records of the same person, with something in each table that moves."""
    bowl, mug, vase = products
    kept = make_customer("ana@example.com", first_name="Ana", last_name="Lopez", phone="+33 6 12 34 56 78")
    other = make_customer("ana.lopez@work.example", first_name="Ana", last_name="Lopez-Garcia", company="Atelier AL",
                          own_number="ACC-77", notes="Old free-text note")
    _order(db, kept, "ML-1", 1000)
    _order(db, other, "ML-2", 2000)
    _order(db, other, "ML-3", 3000)
    db.add_all([
        Address(customer_id=kept.id, is_default_billing=True, is_default_shipping=True, **ADDRESS),
        Address(customer_id=other.id, is_default_billing=True, is_default_shipping=True,
                **{**ADDRESS, "city": "Paris", "postal_code": "75001"}),
        WishlistItem(customer_id=kept.id, product_id=bowl.id), WishlistItem(customer_id=other.id, product_id=bowl.id),
        WishlistItem(customer_id=other.id, product_id=mug.id),
        CustomerNote(customer_id=other.id, body="Met at the Lyon fair"),
        CustomerPrice(customer_id=kept.id, product_id=bowl.id, price_cents=2000),
        CustomerPrice(customer_id=other.id, product_id=bowl.id, price_cents=1500),
        CustomerPrice(customer_id=other.id, product_id=vase.id, price_cents=4000),
        CartItem(customer_id=kept.id, product_id=mug.id, quantity=1),
        CartItem(customer_id=other.id, product_id=mug.id, quantity=2),
        CartItem(customer_id=other.id, product_id=vase.id, quantity=1),
    ])
    sessions.start_session(db, customer_id=other.id)
    db.commit()
    return kept, other


def test_the_preview_shows_what_moves_and_which_price_wins(db, pair):
    kept, other = pair
    preview = merge.merge_preview(db, kept.id, other.id)
    assert (preview.kept.id, preview.other.id) == (kept.id, other.id)
    assert (preview.orders, preview.addresses, preview.wishlist, preview.notes) == (2, 1, 1, 1)
    assert (preview.prices, preview.cart_lines, preview.cart_added) == (1, 1, 1)
    assert [(c.product_name, c.kept_cents, c.other_cents) for c in preview.price_clashes] == \
        [("Stoneware bowl", 2000, 1500)]
    # The name differs (defaults to the kept one); company and own number are empty on the kept record.
    assert [(c.field, c.kept_value, c.other_value, c.default) for c in preview.conflicts] == \
        [("name", "Ana Lopez", "Ana Lopez-Garcia", merge.KEEP)]
    assert preview.filled == ["company", "own_number"]


def test_the_switch_keeps_the_other_record(db, pair):
    kept, other = pair
    preview = merge.merge_preview(db, other.id, kept.id)
    assert (preview.kept.id, preview.other.id, preview.orders) == (other.id, kept.id, 1)
    assert preview.filled == ["phone"]


def test_merge_moves_everything_and_deletes_the_other_record(db, pair, owner):
    kept, other = pair
    kept_id, other_id, other_number = kept.id, other.id, other.customer_number
    merge.merge_customers(db, kept_id, other_id, {"name": merge.KEEP}, merchant_user_id=owner.id)
    db.commit()

    assert db.get(Customer, other_id) is None
    db.refresh(kept)
    assert count_rows(db, Order, Order.customer_id == kept_id) == 3
    assert (kept.order_count, kept.total_spent_cents) == (3, 6000)  # totals refreshed
    assert count_rows(db, Address, Address.customer_id == kept_id) == 2
    defaults = db.exec(select(Address).where(Address.customer_id == kept_id, Address.is_default_billing)).all()
    assert [address.city for address in defaults] == ["Lyon"]  # one default: the kept record's
    assert count_rows(db, WishlistItem, WishlistItem.customer_id == kept_id) == 2
    notes = sorted(note.body for note in db.exec(select(CustomerNote).where(CustomerNote.customer_id == kept_id)))
    assert notes == ["Met at the Lyon fair", "Old free-text note"]
    prices = {row.product_id: row.price_cents
              for row in db.exec(select(CustomerPrice).where(CustomerPrice.customer_id == kept_id))}
    assert sorted(prices.values()) == [2000, 4000]  # the kept record's bowl price won
    cart = {row.product_id: row.quantity for row in db.exec(select(CartItem).where(CartItem.customer_id == kept_id))}
    assert sorted(cart.values()) == [1, 3]  # the mug's quantities added up
    assert count_rows(db, SignInSession, SignInSession.customer_id == other_id) == 0
    # Empty details were filled from the other record; the name stayed.
    assert (kept.full_name, kept.company, kept.own_number, kept.email) == \
        ("Ana Lopez", "Atelier AL", "ACC-77", "ana@example.com")
    # Both timelines say it.
    into = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.merged_into")).one()
    came = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.merged_from")).one()
    assert (into.customer_id, into.merchant_user_id) == (other_id, owner.id) and kept.customer_number in into.detail
    assert came.customer_id == kept_id and other_number in came.detail


def test_chosen_values_of_the_other_record_win(db, make_customer, owner, store_settings):
    wholesale, retail = _group(db, "Wholesale"), _group(db, "Retail")
    kept = make_customer(first_name="Ana", last_name="Lopez", phone="0612", company="A", own_number="K-1",
                         group_id=wholesale.id)
    other = make_customer(first_name="Anna", last_name="Lopez", phone="0699", company="B", own_number="K-2",
                          group_id=retail.id)
    preview = merge.merge_preview(db, kept.id, other.id)
    assert [c.field for c in preview.conflicts] == ["name", "company", "phone", "group", "own_number"]
    assert {c.field: c.default for c in preview.conflicts} == \
        {"name": "kept", "company": "kept", "phone": "kept", "group": "", "own_number": ""}
    assert {c.field: (c.kept_value, c.other_value) for c in preview.conflicts}["group"] == ("Wholesale", "Retail")

    choices = {"name": "other", "company": "kept", "phone": "other", "group": "other", "own_number": "other"}
    merge.merge_customers(db, kept.id, other.id, choices, merchant_user_id=owner.id)
    db.commit()
    db.refresh(kept)
    assert (kept.first_name, kept.company, kept.phone, kept.group_id, kept.own_number) == \
        ("Anna", "A", "0699", retail.id, "K-2")


def test_every_conflict_must_be_answered(db, make_customer, owner, store_settings):
    wholesale, retail = _group(db, "Wholesale"), _group(db, "Retail")
    kept = make_customer(own_number="K-1", group_id=wholesale.id)
    other = make_customer(own_number="K-2", group_id=retail.id)
    for choices in ({}, {"group": "kept"}, {"group": "kept", "own_number": "maybe"}, "junk", None,
                    {"group": ["kept"], "own_number": "kept"}):
        with pytest.raises(FormErrors) as refused:
            merge.merge_customers(db, kept.id, other.id, choices, merchant_user_id=owner.id)
        assert set(refused.value.errors) <= {"group", "own_number"} and refused.value.errors
    assert db.get(Customer, other.id) is not None
    assert count_rows(db, AuditEvent) == 0


def test_a_vat_number_is_never_dropped_by_a_merge(db, make_customer, owner):
    """It decides the VAT a business pays: only the other record's is taken, two different ones are asked."""
    kept = make_customer()
    other = make_customer("other@example.com", vat_number="FR40303265045")
    preview = merge.merge_preview(db, kept.id, other.id)
    assert "vat_number" in preview.filled and preview.conflicts == []
    merge.merge_customers(db, kept.id, other.id, {}, merchant_user_id=owner.id)
    assert db.get(Customer, kept.id).vat_number == "FR40303265045"
    third = make_customer("third@example.com", vat_number="DE136695976")
    [conflict] = merge.merge_preview(db, kept.id, third.id).conflicts
    assert (conflict.field, conflict.kept_value, conflict.other_value, conflict.default) == (
        "vat_number", "FR40303265045", "DE136695976", "")
    merge.merge_customers(db, kept.id, third.id, {"vat_number": "other"}, merchant_user_id=owner.id)
    assert db.get(Customer, kept.id).vat_number == "DE136695976"


def test_merging_a_record_with_itself_or_an_unknown_one_is_refused(db, make_customer, owner):
    ana = make_customer()
    with pytest.raises(merge.MergeRefused) as itself:
        merge.merge_customers(db, ana.id, str(ana.id), {}, merchant_user_id=owner.id)
    assert itself.value.key == "admin.merge.error.self"
    for other in (99999, 0, -4, "x", None, 10**40, True):
        with pytest.raises(CustomerNotFound):
            merge.merge_customers(db, ana.id, other, {}, merchant_user_id=owner.id)
        with pytest.raises(CustomerNotFound):
            merge.merge_preview(db, other, ana.id)


def test_a_merge_is_one_transaction(engine, db, pair, owner, monkeypatch):
    """A failure midway (after the orders and addresses moved) leaves both records as they were."""
    kept, other = pair
    kept_id, other_id = kept.id, other.id

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "_move_notes", broken)
    with Session(engine) as work, pytest.raises(RuntimeError):
        try:
            merge.merge_customers(work, kept_id, other_id, {"name": "kept"}, merchant_user_id=owner.id)
        except RuntimeError:
            work.rollback()
            raise
    with Session(engine) as fresh:
        assert fresh.get(Customer, other_id) is not None
        assert count_rows(fresh, Order, Order.customer_id == other_id) == 2
        assert count_rows(fresh, Address, Address.customer_id == other_id) == 1
        assert count_rows(fresh, WishlistItem, WishlistItem.customer_id == other_id) == 2
        assert count_rows(fresh, AuditEvent) == 0


def test_the_search_finds_other_records_by_email_or_number(db, make_customer):
    ana = make_customer("ana@example.com")
    other = make_customer("ana.lopez@work.example", own_number="ACC-77")
    make_customer("bob@example.com")
    assert [r.id for r in merge.find_matches(db, ana.id, "ana")] == [other.id]  # never the record itself
    assert [r.id for r in merge.find_matches(db, ana.id, other.customer_number.lower())] == [other.id]
    assert [r.id for r in merge.find_matches(db, ana.id, "acc-7")] == [other.id]
    assert merge.find_matches(db, ana.id, "%") == []  # a wildcard is a character, not "everything"
    assert merge.find_matches(db, ana.id, "a") == []  # too short
    assert merge.find_matches(db, ana.id, ["ana"]) == []
    assert merge.find_matches(db, ana.id, "x" * 100_000) == []


# --- the customer's own price list ---


@pytest.mark.parametrize("raw, cents", [("12.50", 1250), ("12,50", 1250), ("12", 1200), ("12.5", 1250),
                                        (" 1 200,00 ", 120000), ("€ 9,99", 999), ("0", 0), ("", None),
                                        ("   ", None), (None, None)])
def test_a_price_is_read_as_people_type_it(raw, cents):
    assert customer_prices.parse_price(raw) == cents


@pytest.mark.parametrize("raw, key", [("-3", "negative"), ("-3,50", "negative"), ("abc", "not_a_number"),
                                      ("12.345", "not_a_number"), ("1,200.00", "not_a_number"),
                                      ("1e5", "not_a_number"), ("١٢", "not_a_number"), (12, "not_a_number"),
                                      ("x" * 100, "not_a_number"), ("1000000", "too_big"),
                                      ("9999999999", "too_big")])
def test_a_wrong_price_is_refused_with_a_reason(raw, key):
    with pytest.raises(FieldError) as refused:
        customer_prices.parse_price(raw)
    assert refused.value.key == f"admin.prices.error.{key}"


def test_own_prices_are_set_changed_and_removed(db, make_customer, products, owner, store_settings):
    bowl, mug, _ = products
    group = _group(db, "Trade", -1000)
    ana = make_customer(group_id=group.id)
    assert customer_prices.set_price(db, ana.id, str(bowl.id), "19,90", merchant_user_id=owner.id) == 1990
    assert customer_prices.set_price(db, ana.id, bowl.id, "18.00", merchant_user_id=owner.id) == 1800
    listing = customer_prices.price_list(db, ana.id)
    assert [(row.name, row.catalogue_cents, row.group_cents, row.own_cents) for row in listing.rows] == \
        [("Stoneware bowl", 2400, 2160, 1800)]
    assert mug.id in {row.product_id for row in listing.addable} and bowl.id not in \
        {row.product_id for row in listing.addable}
    assert listing.group_name == "Trade" and listing.keep_customer_prices
    customer_prices.set_price(db, ana.id, bowl.id, "", merchant_user_id=owner.id)
    assert count_rows(db, CustomerPrice) == 0
    kinds = [event.kind for event in db.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert kinds == ["customer.price_set", "customer.price_set", "customer.price_removed"]


def test_a_price_for_a_forged_product_or_customer_is_refused(db, make_customer, products, owner):
    ana = make_customer()
    for product_id in (0, -1, "abc", None, 99999, True, [1]):
        with pytest.raises(FieldError) as refused:
            customer_prices.set_price(db, ana.id, product_id, "12", merchant_user_id=owner.id)
        assert refused.value.field == "product"
    with pytest.raises(CustomerNotFound):
        customer_prices.set_price(db, 99999, products[0].id, "12", merchant_user_id=owner.id)
    with pytest.raises(FieldError):
        customer_prices.set_price(db, ana.id, products[0].id, "-1", merchant_user_id=owner.id)
    assert count_rows(db, CustomerPrice) == 0


# --- the shop seen as the customer ---


def test_the_preview_shows_what_the_pricing_service_charges_this_customer(db, make_customer, products,
                                                                          store_settings):
    bowl, mug, vase = products
    group = _group(db, "Trade", -1000)
    db.add(GroupPrice(group_id=group.id, product_id=mug.id, price_cents=1500))
    ana = make_customer(group_id=group.id)
    db.add(CustomerPrice(customer_id=ana.id, product_id=bowl.id, price_cents=1990))
    db.commit()
    preview = customer_prices.shop_preview(db, ana.id)
    expected = pricing.prices_for(db, products, ana)
    assert {row.product_id: row.customer_cents for row in preview.rows} == expected
    assert {row.product_id: row.source for row in preview.rows} == \
        {bowl.id: "own", mug.id: "group", vase.id: "group_discount"}
    assert {row.product_id: row.visitor_cents for row in preview.rows} == {bowl.id: 2400, mug.id: 1800, vase.id: 5000}
    assert expected[vase.id] == 4500


def test_the_preview_follows_tax_exemption_and_the_own_price_setting(db, make_customer, products, store_settings):
    bowl = products[0]
    ana = make_customer(tax_exempt=True)
    db.add(CustomerPrice(customer_id=ana.id, product_id=bowl.id, price_cents=1200))
    store_settings.keep_customer_prices = False
    db.add(store_settings)
    db.commit()
    preview = customer_prices.shop_preview(db, ana.id)
    assert preview.net_prices
    row = next(row for row in preview.rows if row.product_id == bowl.id)
    assert row.source == "catalogue" and row.customer_cents == pricing.prices_for(db, [bowl], ana)[bowl.id] == 2000


def test_opening_the_preview_is_recorded_in_the_customer_timeline(db, make_customer, owner):
    ana = make_customer()
    customer_prices.record_preview_opened(db, ana.id, merchant_user_id=owner.id)
    event = db.exec(select(AuditEvent)).one()
    assert (event.kind, event.customer_id, event.merchant_user_id) == ("customer.previewed", ana.id, owner.id)


# --- the states: the server refuses staff, whatever the page shows ---


@pytest.fixture
def state_for(engine, db, monkeypatch):
    """A back-office state signed in as a merchant of the given role, on a customer's page."""
    import storefront.state.app as app_state
    import storefront.storefront  # noqa: F401  (registers every state)

    monkeypatch.setattr(app_state, "get_engine", lambda: engine)

    def make(state_class, role: str, customer_id: int, *, read_only: bool = False):
        user = accounts.create_merchant(db, f"{role}-{uuid.uuid4().hex[:8]}@example.com", "a long enough password")
        user.role, user.read_only = role, read_only
        db.add(user)
        db.flush()
        token = sessions.start_session(db, merchant_user_id=user.id)
        db.commit()
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_class.get_full_name().split(".")[1:])
        state.admin_token = token
        state._customer_id = customer_id
        return state

    return make


def _refused(result) -> bool:
    return "Only a shop owner can do this." in str(result) or "read-only" in str(result)


def test_staff_cannot_delete_merge_or_preview(db, state_for, make_customer, pair):
    from backoffice.state.customer_actions import CustomerDeleteState, CustomerMergeState

    kept, other = pair
    delete = state_for(CustomerDeleteState, MerchantRole.STAFF.value, kept.id)
    assert _refused(delete.delete_customer())
    merging = state_for(CustomerMergeState, MerchantRole.STAFF.value, kept.id)
    assert _refused(merging.search({"query": "ana"}))
    merging._other_id, merging._preview = other.id, {"kept": {}}
    assert _refused(merging.merge_records())
    db.expire_all()
    assert db.get(Customer, kept.id) is not None and db.get(Customer, other.id) is not None


def test_read_only_staff_cannot_change_prices_but_staff_can(db, state_for, make_customer, products):
    from backoffice.state.customer_actions import CustomerPricesState

    ana = make_customer()
    viewer = state_for(CustomerPricesState, MerchantRole.STAFF.value, ana.id, read_only=True)
    assert _refused(viewer.save_price({"product": str(products[0].id), "price": "10"}))
    assert count_rows(db, CustomerPrice) == 0
    editor = state_for(CustomerPricesState, MerchantRole.STAFF.value, ana.id)
    editor.add_price({"product": str(products[0].id), "new_price": "10,00"})
    assert editor.errors == {}
    db.expire_all()
    assert db.exec(select(CustomerPrice.price_cents)).all() == [1000]
    editor.add_price({"product": str(products[1].id), "new_price": "-2"})
    assert editor.errors == {"new_price": "A price cannot be negative."}


def test_the_owner_deletes_through_the_state_and_lands_on_the_register(db, state_for, make_customer):
    from backoffice.state.customer_actions import CustomerDeleteState

    ana_id = make_customer(first_name="Ana", last_name="Lopez").id
    state = state_for(CustomerDeleteState, MerchantRole.OWNER.value, ana_id)
    result = state.delete_customer()
    assert "/admin/customers" in str(result) and "Ana Lopez was deleted" in str(result)
    db.expire_all()
    assert db.get(Customer, ana_id) is None


def test_the_merge_state_asks_for_every_open_conflict(db, state_for, make_customer, store_settings):
    from backoffice.state.customer_actions import CustomerMergeState

    kept = make_customer(own_number="K-1", first_name="Ana")
    other = make_customer(own_number="K-2", first_name="Anna")
    state = state_for(CustomerMergeState, MerchantRole.OWNER.value, kept.id)
    state.search({"query": other.customer_number})
    assert [match["id"] for match in state.matches] == [str(other.id)]
    state.choose(str(other.id))
    assert state.choices == {"name": "kept", "own_number": ""}
    state.set_choice("own_number", "sideways")  # not an answer
    state.set_choice("email", "other")  # not a conflict
    assert state.choices == {"name": "kept", "own_number": ""}
    state.merge_records()
    assert set(state.errors) == {"own_number"}
    state.set_choice("own_number", "other")
    kept_id, other_id = kept.id, other.id
    state.merge_records()
    db.expire_all()
    assert db.get(Customer, other_id) is None and db.get(Customer, kept_id).own_number == "K-2"


def test_a_fixture_group_customer_sees_group_prices(db, products, store_settings):
    """The QA fixture's group customers get the same preview as the pricing service (regression guard)."""
    _group(db, "Trade partners", -1500)
    customer = fixtures.create_customer(db, group="Trade")
    db.commit()
    preview = customer_prices.shop_preview(db, customer.id)
    assert all(row.customer_cents == round(row.visitor_cents * 0.85) for row in preview.rows)


def test_staff_opening_the_preview_sees_a_refusal_and_nothing_is_recorded(db, state_for, make_customer, products,
                                                                           monkeypatch):
    from backoffice.state.customer_actions import CustomerActionState, CustomerPreviewState

    ana = make_customer(first_name="Ana", last_name="Lopez")
    monkeypatch.setattr(CustomerActionState, "_id_from_url", lambda self: str(ana.id))
    staff_view = state_for(CustomerPreviewState, MerchantRole.STAFF.value, ana.id)
    staff = db.exec(select(MerchantUser).where(MerchantUser.role == "staff")).one()
    staff_view._load(db, staff)
    assert staff_view.refused and staff_view.rows == []
    assert count_rows(db, AuditEvent, AuditEvent.kind == "customer.previewed") == 0

    owner_view = state_for(CustomerPreviewState, MerchantRole.OWNER.value, ana.id)
    owner = db.exec(select(MerchantUser).where(MerchantUser.role == "owner")).one()
    owner_view._load(db, owner)
    assert not owner_view.refused and owner_view.customer_name == "Ana Lopez"
    assert [row["name"] for row in owner_view.rows] == ["Linen mug", "Sage vase", "Stoneware bowl"]
    assert count_rows(db, AuditEvent, AuditEvent.kind == "customer.previewed", AuditEvent.customer_id == ana.id) == 1


def test_a_page_for_an_unknown_customer_says_so(db, state_for, owner, monkeypatch):
    from backoffice.state.customer_actions import CustomerActionState, CustomerDeleteState

    for forged in ("99999", "abc", "-1", "1" * 40):
        monkeypatch.setattr(CustomerActionState, "_id_from_url", lambda self, forged=forged: forged)
        state = state_for(CustomerDeleteState, MerchantRole.OWNER.value, 0)
        state._load(db, owner)
        assert state.not_found and state.target == {}
