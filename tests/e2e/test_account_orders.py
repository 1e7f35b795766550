"""The customer's orders in Chromium: list, detail, live status change, order again, and ownership."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from bench.ping import PingState
from shop.models import Order
from shop.orders import orders
from storefront.state.orders import OrdersState
from storefront.state.shop import ShopState
from tests.e2e.helpers import create_buyer_with_orders, create_customer, session_token_for, sign_in
from tests.e2e.pages import AccountOrdersPage
from tests.support.reflex_socket import ReflexSocket


@pytest.fixture
def buyer(shop_db):
    """A customer with one online order and one in-store order."""
    return create_buyer_with_orders(shop_db, in_store_status="delivered")


def _ship(shop_db, number: str, status: str, **tracking) -> None:
    with Session(shop_db) as db:  # the back-office button will call the same service
        orders.set_status(db, db.exec(select(Order).where(Order.number == number)).one(), status, **tracking)
        db.commit()


def test_order_list_shows_online_and_in_store_orders(page, buyer):
    sign_in(page, buyer["email"])
    listing = AccountOrdersPage(page).goto().expect_open()
    online = listing.order_link(buyer["online"])
    expect(online).to_contain_text("Online")
    expect(online).to_contain_text("Paid")
    expect(online).to_contain_text("€53.90")
    expect(listing.order_link(buyer["in_store"])).to_contain_text("In store")


def test_order_page_updates_live_when_the_merchant_ships(page, buyer, shop_db):
    sign_in(page, buyer["email"])
    order = AccountOrdersPage(page).open(buyer["online"]).expect_open(f"Order {buyer['online']}")
    expect(order.status("Paid")).to_be_visible()
    expect(order.text("12 rue Mercière").first).to_be_visible()
    _ship(shop_db, buyer["online"], "shipped", carrier="Colissimo", tracking_number="6A9876543210",
          tracking_url="https://www.laposte.fr/outils/suivre-vos-envois")
    # No reload: the open page hears about it.
    expect(order.status("Shipped")).to_be_visible()
    expect(order.text("Shipped with Colissimo, tracking number 6A9876543210.")).to_be_visible()
    expect(order.link("Track the parcel")).to_have_attribute("href", "https://www.laposte.fr/outils/suivre-vos-envois")


def test_order_again_fills_the_cart(page, buyer):
    sign_in(page, buyer["email"])
    order = AccountOrdersPage(page).open(buyer["online"])
    order.order_again()
    expect(order.text("Added to your cart: 1 product(s).")).to_be_visible()
    expect(order.header.get_by_role("link", name=re.compile("Cart"))).to_contain_text("2")


def test_another_customers_order_is_not_found(page, buyer, shop_db):
    sign_in(page, create_customer(shop_db, "other", first_name="Max").email)
    order = AccountOrdersPage(page).open(buyer["online"]).expect_open("Order not found")
    expect(order.text("12 rue Mercière")).to_have_count(0)


def test_opening_an_order_from_the_list_then_going_back(page, buyer, shop_db):
    sign_in(page, buyer["email"])
    listing = AccountOrdersPage(page).goto()
    listing.open_order(buyer["online"])
    expect(page).to_have_url(re.compile(f"/account/orders/{buyer['online']}$"))
    expect(page).to_have_title(f"Order {buyer['online']} · Maison Lumen")
    # Opened from the list, the page is watched as well as when its address is typed in.
    _ship(shop_db, buyer["online"], "processing")
    expect(listing.status("Processing")).to_be_visible()

    listing.back_to_list()
    expect(page).to_have_url(re.compile("/account/orders$"))
    page.go_back()
    listing.expect_open(f"Order {buyer['online']}")
    page.go_back()
    listing.expect_open()


def _handler_updates(shop, token: str, handler: str, payload: dict) -> list[dict]:
    """Call an OrdersState handler as a signed-in browser tab could, with any payload; return what came back.

    A counter event sent after it marks the end: one tab's events run in order."""
    socket = ReflexSocket(shop["url"], client_vars={f"{ShopState.get_full_name()}.browser_token_rx_state_": token},
                          path="/account/orders")
    ping = PingState.get_full_name()
    socket.send(f"{OrdersState.get_full_name()}.{handler}", payload)
    socket.send(f"{ping}.increment")
    updates = []
    while True:
        update = socket.next_update()
        if "count_rx_state_" in update.get("delta", {}).get(ping, {}):
            socket.close()
            return updates
        updates.append(update)


@pytest.mark.parametrize("owner", [True, False], ids=["owner", "another customer"])
def test_open_order_shows_only_the_customers_own_order(shop, shop_db, buyer, owner):
    customer_id = buyer["id"] if owner else create_customer(shop_db, "other", first_name="Max").id
    updates = _handler_updates(shop, session_token_for(shop_db, customer_id), "open_order",
                               {"number": buyer["online"]})
    changes = [u.get("delta", {}).get(OrdersState.get_full_name(), {}) for u in updates]
    views = [change["view_rx_state_"] for change in changes if "view_rx_state_" in change]
    shown = [change["order_rx_state_"] for change in changes if "order_rx_state_" in change]
    redirects = [e["payload"]["path"] for u in updates for e in u.get("events", []) if e["name"] == "_redirect"]
    if owner:
        assert views == ["detail"]
        assert redirects == [f"/account/orders/{buyer['online']}"]
        assert shown[-1]["number"] == buyer["online"]
    else:
        assert views == ["not_found"]
        assert redirects == []
        assert all(order == {} for order in shown)


def test_open_order_ignores_a_number_no_order_can_have(shop, shop_db, buyer):
    """Nothing is looked up, and the page title does not echo a megabyte back."""
    token = session_token_for(shop_db, buyer["id"])
    for number in ["ML-" + "9" * 30, ""]:
        updates = _handler_updates(shop, token, "open_order", {"number": number})
        changes = [u.get("delta", {}).get(OrdersState.get_full_name(), {}) for u in updates]
        assert not any("shown_number_rx_state_" in change or "view_rx_state_" in change for change in changes)
