"""The customer's orders in Chromium: list, detail, live status change, order again, and ownership."""

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from bench.ping import PingState
from shop.customers import records
from shop.identity import sessions
from shop.identity.passwords import hash_password
from shop.models import Order, Product
from shop.orders import orders
from storefront.state.orders import OrdersState
from storefront.state.shop import ShopState
from tests.e2e.helpers import PASSWORD, sign_in
from tests.support.reflex_socket import ReflexSocket


@pytest.fixture
def buyer(shop_db):
    """A customer with one online order and one in-store order."""
    email = f"buyer-{uuid.uuid4().hex[:10]}@example.com"
    with Session(shop_db) as db:
        customer = records.create_customer(db, email=email, first_name="Léa", last_name="Roux",
                                             password_hash=hash_password(PASSWORD), verified=True)
        mug = db.exec(select(Product).where(Product.slug == "stoneware-mug-sage")).one()
        bowl = db.exec(select(Product).where(Product.slug == "breakfast-bowl-oat")).one()
        address = {"name": "Léa Roux", "street_address": "12 rue Mercière", "postal_code": "69002",
                   "city": "LYON", "country_code": "FR"}
        online = orders.create_order(db, email=email, customer_id=customer.id, lines=[(mug, 2, 2400)],
                                     shipping_cents=590, billing_address=address, shipping_address=address)
        orders.set_status(db, online, "paid")
        in_store = orders.create_order(db, email=email, customer_id=customer.id, channel="in_store",
                                       lines=[(bowl, 1, 1900)])
        orders.set_status(db, in_store, "delivered")
        db.commit()
        return {"email": email, "online": online.number, "in_store": in_store.number, "id": customer.id}


def test_order_list_shows_online_and_in_store_orders(page, buyer):
    sign_in(page, buyer["email"])
    page.goto("/account/orders")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
    online = page.get_by_role("link", name=re.compile(f"Order {buyer['online']}"))
    expect(online).to_contain_text("Online")
    expect(online).to_contain_text("Paid")
    expect(online).to_contain_text("€53.90")
    expect(page.get_by_role("link", name=re.compile(f"Order {buyer['in_store']}"))).to_contain_text("In store")


def test_order_page_updates_live_when_the_merchant_ships(page, buyer, shop_db):
    sign_in(page, buyer["email"])
    page.goto(f"/account/orders/{buyer['online']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {buyer['online']}")
    expect(page.get_by_role("status").filter(has_text="Paid")).to_be_visible()
    expect(page.get_by_text("12 rue Mercière").first).to_be_visible()
    with Session(shop_db) as db:  # the back-office button will call the same service
        order = db.exec(select(Order).where(Order.number == buyer["online"])).one()
        orders.set_status(db, order, "shipped", carrier="Colissimo", tracking_number="6A9876543210",
                          tracking_url="https://www.laposte.fr/outils/suivre-vos-envois")
        db.commit()
    # No reload: the open page hears about it.
    expect(page.get_by_role("status").filter(has_text="Shipped")).to_be_visible()
    expect(page.get_by_text("Shipped with Colissimo, tracking number 6A9876543210.")).to_be_visible()
    expect(page.get_by_role("link", name="Track the parcel")).to_have_attribute(
        "href", "https://www.laposte.fr/outils/suivre-vos-envois")


def test_order_again_fills_the_cart(page, buyer):
    sign_in(page, buyer["email"])
    page.goto(f"/account/orders/{buyer['online']}")
    page.get_by_role("button", name="Order again").click()
    expect(page.get_by_text("Added to your cart: 1 product(s).")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name=re.compile("Cart"))).to_contain_text("2")


def test_another_customers_order_is_not_found(page, buyer, shop_db):
    other = f"other-{uuid.uuid4().hex[:10]}@example.com"
    with Session(shop_db) as db:
        records.create_customer(db, email=other, first_name="Max", password_hash=hash_password(PASSWORD),
                                  verified=True)
        db.commit()
    sign_in(page, other)
    page.goto(f"/account/orders/{buyer['online']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Order not found")
    expect(page.get_by_text("12 rue Mercière")).to_have_count(0)


def test_opening_an_order_from_the_list_then_going_back(page, buyer, shop_db):
    sign_in(page, buyer["email"])
    page.goto("/account/orders")
    page.get_by_role("link", name=re.compile(f"Order {buyer['online']}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {buyer['online']}")
    expect(page).to_have_url(re.compile(f"/account/orders/{buyer['online']}$"))
    expect(page).to_have_title(f"Order {buyer['online']} · Maison Lumen")
    # Opened from the list, the page is watched as well as when its address is typed in.
    with Session(shop_db) as db:
        order = db.exec(select(Order).where(Order.number == buyer["online"])).one()
        orders.set_status(db, order, "processing")
        db.commit()
    expect(page.get_by_role("status").filter(has_text="Processing")).to_be_visible()

    page.get_by_role("link", name="All my orders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
    expect(page).to_have_url(re.compile("/account/orders$"))
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {buyer['online']}")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")


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


def _session_for(shop_db, email: str) -> str:
    with Session(shop_db) as db:
        customer = records.find_by_email(db, email)
        token = sessions.start_session(db, customer_id=customer.id)
        db.commit()
    return token


@pytest.mark.parametrize("owner", [True, False], ids=["owner", "another customer"])
def test_open_order_shows_only_the_customers_own_order(shop, shop_db, buyer, owner):
    email = buyer["email"]
    if not owner:
        email = f"other-{uuid.uuid4().hex[:10]}@example.com"
        with Session(shop_db) as db:
            records.create_customer(db, email=email, first_name="Max", password_hash=hash_password(PASSWORD),
                                      verified=True)
            db.commit()
    updates = _handler_updates(shop, _session_for(shop_db, email), "open_order", {"number": buyer["online"]})
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
