"""Shipping by country (shop/settings/shipping.py): each named country's flat price, the store's rate for the
others, free shipping from the threshold everywhere; the owner's changes, and the refusals."""

from __future__ import annotations

import pytest
import reflex as rx
from sqlmodel import Session, select

from shop.catalog import cart
from shop.common.validation import FormErrors
from shop.identity import sessions
from shop.merchants import accounts
from shop.models import AuditEvent, Order, ShippingRate
from shop.orders import checkout
from shop.settings import shipping
from shop.settings.store import get_store_settings
from tests.helpers import count_rows

PASSWORD = "a long enough password"
FORM = {"email": "guest@example.com", "name": "Lotte Peeters", "street_address": "Rue Neuve 12",
        "postal_code": "1000", "city": "Bruxelles", "country_code": "BE", "payment_method": "bank_transfer",
        "accept_terms": "on"}


@pytest.fixture
def belgium_rate(db, merchant):
    rate = shipping.set_shipping_rate(db, {"rate_country": "be", "rate_price": "8,90"}, merchant_user_id=merchant.id)
    db.commit()
    return rate


def _cart_with(db, product, quantity=1):
    owner = cart.owner_for(None, cart.new_guest_key())
    cart.add(db, owner, None, product.id, quantity)
    db.commit()
    return owner


def test_a_named_country_pays_its_own_price_and_the_others_the_stores_rate(db, belgium_rate):
    settings = get_store_settings(db)
    assert belgium_rate.country_code == "BE" and belgium_rate.price_cents == 890
    assert shipping.flat_rate_for(db, settings, "BE") == 890
    assert shipping.flat_rate_for(db, settings, "be") == 890
    assert shipping.flat_rate_for(db, settings, "FR") == 590 == settings.shipping_flat_cents
    assert shipping.flat_rate_for(db, settings, "") == 590


def test_the_cart_is_priced_for_its_destination_and_ships_free_from_the_threshold(db, belgium_rate, make_product):
    small = make_product("small", price_cents=1000, stock=20)
    owner = _cart_with(db, small)
    # Prices include the shop's VAT (20 %), and the buyer pays their country's (Belgium: 21 %), like the goods.
    assert cart.priced_cart(db, owner, None, destination="BE").shipping_cents == 897
    assert cart.priced_cart(db, owner, None, destination="FR").shipping_cents == 590
    assert cart.priced_cart(db, owner, None).shipping_cents == 590  # a visitor: the shop's own country
    cart.add(db, owner, None, small.id, 5)
    assert cart.priced_cart(db, owner, None, destination="BE").shipping_cents == 0  # 60 € and more, everywhere


def test_shipping_outside_the_eu_is_charged_net_like_the_goods(db, merchant, make_product):
    shipping.set_shipping_rate(db, {"rate_country": "CH", "rate_price": "24"}, merchant_user_id=merchant.id)
    owner = _cart_with(db, make_product("lamp", price_cents=1200, stock=3))
    priced = cart.priced_cart(db, owner, None, destination="CH")
    assert priced.shipping_cents == 2000  # 24.00 € with French VAT inside: 20.00 € net for an export


def test_an_order_stores_the_shipping_of_the_country_it_ships_to(db, belgium_rate, make_product):
    owner = _cart_with(db, make_product("mug", price_cents=2400, stock=5))
    to_belgium = cart.priced_cart(db, owner, None, destination="BE").shipping_cents
    assert to_belgium == 897  # 8.90 € with French VAT inside, charged with Belgium's 21 % (OSS)
    placed = checkout.place_order(db, customer=None, owner=owner, form=FORM, checkout_token=cart.new_guest_key(),
                                  lang="fr", settings=get_store_settings(db))
    db.commit()
    order = db.get(Order, placed.order.id)
    assert order.shipping_cents == to_belgium
    assert order.total_cents == order.subtotal_cents + order.shipping_cents


def test_two_owners_adding_the_same_country_at_once_leave_one_rate(engine, merchant):
    from tests.helpers import race

    results = race(engine, [lambda db, price=price: shipping.set_shipping_rate(
        db, {"rate_country": "NL", "rate_price": price}, merchant_user_id=merchant.id) for price in ("7", "8")])
    assert not [result for result in results if isinstance(result, Exception)]
    with Session(engine) as db:
        assert [rate.country_code for rate in shipping.shipping_rates(db)] == ["NL"]


def test_saving_a_country_again_changes_its_price_and_removing_it_brings_the_stores_rate_back(db, merchant,
                                                                                              belgium_rate):
    shipping.set_shipping_rate(db, {"rate_country": "BE", "rate_price": "7.50"}, merchant_user_id=merchant.id)
    db.commit()
    assert [(rate.country_code, rate.price_cents) for rate in shipping.shipping_rates(db)] == [("BE", 750)]
    assert shipping.remove_shipping_rate(db, "BE", merchant_user_id=merchant.id) is True
    db.commit()
    assert shipping.shipping_rates(db) == []
    assert shipping.flat_rate_for(db, get_store_settings(db), "BE") == 590
    assert shipping.remove_shipping_rate(db, "BE", merchant_user_id=merchant.id) is False
    kinds = [event.kind for event in db.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert kinds.count("settings.shipping_rate_set") == 2 and kinds.count("settings.shipping_rate_removed") == 1


@pytest.mark.parametrize(("form", "errors"), [
    ({"rate_country": "XX", "rate_price": "5"}, {"rate_country"}),
    ({"rate_country": "", "rate_price": "5"}, {"rate_country"}),
    ({"rate_country": "FRA", "rate_price": "5"}, {"rate_country"}),
    ({"rate_country": ["BE"], "rate_price": "5"}, {"rate_country"}),
    ({"rate_country": "B" * 10_000_000, "rate_price": "5"}, {"rate_country"}),
    ({"rate_country": "BE", "rate_price": "-5"}, {"rate_price"}),
    ({"rate_country": "BE", "rate_price": "cinq"}, {"rate_price"}),
    ({"rate_country": "BE", "rate_price": "1000000000"}, {"rate_price"}),
    ({"rate_country": "BE", "rate_price": 5}, {"rate_price"}),
    ({"rate_country": "BE"}, {"rate_price"}),
    ({}, {"rate_country", "rate_price"}),
    ("not a form", {"rate_country", "rate_price"}),
])
def test_a_wrong_country_or_price_is_refused_next_to_its_field_and_nothing_is_written(db, merchant, form, errors):
    with pytest.raises(FormErrors) as refused:
        shipping.set_shipping_rate(db, form, merchant_user_id=merchant.id)
    assert set(refused.value.errors) == errors
    db.rollback()
    assert count_rows(db, ShippingRate) == 0


@pytest.mark.parametrize("junk", [None, 42, "", "B", "XX", "BEL", ["BE"], "B" * 100_000])
def test_removing_junk_removes_nothing(db, merchant, belgium_rate, junk):
    assert shipping.remove_shipping_rate(db, junk, merchant_user_id=merchant.id) is False
    assert count_rows(db, ShippingRate) == 1


# --- the back-office's handlers ----------------------------------------------------------------------------------


@pytest.fixture
def settings_state(engine, monkeypatch):
    """The settings page's State, run against the test database."""
    import storefront.state.app as app_module
    from backoffice.state.settings import SettingsState

    monkeypatch.setattr(app_module, "get_engine", lambda: engine)
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(SettingsState.get_full_name().split(".")[1:])


def _signed_in(db, state, email: str, role: str = "owner", *, read_only: bool = False) -> None:
    user = accounts.create_merchant(db, email, PASSWORD)
    user.role, user.read_only = role, read_only
    db.add(user)
    db.commit()
    state.admin_token = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()


def test_an_owner_adds_changes_and_removes_a_rate_from_the_settings_page(db, settings_state):
    _signed_in(db, settings_state, "owner@example.com")
    list(settings_state.save_shipping_rate({"rate_country": "DE", "rate_price": "9.90"}))
    assert settings_state.rate_errors == {}
    assert settings_state.shipping_rates == [{"code": "DE", "country": "Germany", "price": "€9.90"}]
    settings_state.lang = "fr"
    assert settings_state.shipping_rates == [{"code": "DE", "country": "Allemagne", "price": "9,90\u00a0€"}]
    settings_state.remove_shipping_rate("DE")
    assert settings_state.shipping_rates == [] and count_rows(db, ShippingRate) == 0


def test_the_page_shows_a_refused_field_in_the_merchants_language(db, settings_state):
    _signed_in(db, settings_state, "owner@example.com")
    list(settings_state.save_shipping_rate({"rate_country": "XX", "rate_price": "abc"}))
    assert set(settings_state.rate_errors) == {"rate_country", "rate_price"}
    assert settings_state.rate_errors["rate_country"] == "Choose a country from the list."


@pytest.mark.parametrize("read_only", [False, True])
def test_staff_may_not_change_shipping_rates(db, settings_state, merchant, read_only):
    shipping.set_shipping_rate(db, {"rate_country": "BE", "rate_price": "8.90"}, merchant_user_id=merchant.id)
    db.commit()
    _signed_in(db, settings_state, "clerk@example.com", role="staff", read_only=read_only)
    list(settings_state.save_shipping_rate({"rate_country": "BE", "rate_price": "0"}))
    settings_state.remove_shipping_rate("BE")
    db.expire_all()
    assert [(rate.country_code, rate.price_cents) for rate in shipping.shipping_rates(db)] == [("BE", 890)]


def test_nobody_signed_in_changes_nothing(db, settings_state):
    list(settings_state.save_shipping_rate({"rate_country": "BE", "rate_price": "1"}))
    settings_state.remove_shipping_rate("BE")
    assert count_rows(db, ShippingRate) == 0
