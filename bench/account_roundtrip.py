"""Saving an address and opening an order page, next to a bare event, in the same run.

Measured twice: over the raw event socket (server and protocol only, against a counter event), and
in Chromium as a person sees it (click to screen, against a handler that only opens a form).
The ratio of the p95s to the bare event's is what counts (issue 10: at most 1.5 times).
"""

from __future__ import annotations

import uuid

from playwright.sync_api import expect
from sqlmodel import Session, select

from bench.in_page_timer import timed_click
from bench.ping import PingState
from bench.stats import print_comparison, summary
from shop.customers import addresses, records
from shop.db import make_engine
from shop.identity import sessions
from shop.identity.passwords import hash_password
from shop.models import Product
from shop.orders import orders
from storefront.state.addresses import AddressesState
from storefront.state.orders import OrdersState
from storefront.state.shop import ShopState
from tests.support.reflex_socket import ON_LOAD, ReflexSocket

TARGET_RATIO = 1.5


PASSWORD = "green tea and linen towels"


def _customer_with_order_and_address(db_url: str) -> tuple[str, str, int, str]:
    engine = make_engine(db_url)
    with Session(engine) as db:
        customer = records.create_customer(db, email=f"bench-{uuid.uuid4().hex[:8]}@example.com",
                                             first_name="Bench", password_hash=hash_password(PASSWORD),
                                             verified=True)
        address = addresses.create_address(db, customer.id, {
            "name": "Bench Customer", "street_address": "12 rue Mercière", "postal_code": "69002",
            "city": "Lyon", "country_code": "FR"})
        product = db.exec(select(Product).where(Product.slug == "stoneware-mug-sage")).one()
        order = orders.create_order(db, email=customer.email, customer_id=customer.id, lines=[(product, 2, 2400)])
        token = sessions.start_session(db, customer_id=customer.id)
        db.commit()
        result = token, order.number, address.id, customer.email
    engine.dispose()
    return result


def run(shop, browser=None, rounds: int = 60, warmup: int = 5) -> None:
    run_over_socket(shop, rounds, warmup)
    if browser is not None:
        print()
        run_in_browser(shop, browser, rounds=40, warmup=5)


def run_over_socket(shop, rounds: int, warmup: int) -> None:
    token, order_number, address_id, _ = _customer_with_order_and_address(shop.db_url)
    client_vars = {f"{ShopState.get_full_name()}.browser_token_rx_state_": token}
    socket = ReflexSocket(shop.url, client_vars=client_vars, path="/account/addresses")  # loads the book
    addresses_state = AddressesState.get_full_name()
    socket.send(f"{addresses_state}.open_edit", {"address_id": address_id})
    socket.wait_for(lambda delta: "form_open_rx_state_" in delta.get(addresses_state, {}))

    counter, saving, opening = [], [], []
    ping = PingState.get_full_name()
    order_state = OrdersState.get_full_name()
    order_path = f"/account/orders/{order_number}"
    for index in range(warmup + rounds):
        bare = socket.timed(f"{ping}.increment", None, lambda d: "count_rx_state_" in d.get(ping, {}))
        street = f"{12 + index % 2} rue Mercière"  # a real change every time, so the book is re-sent
        form = {"name": "Bench Customer", "street_address": street, "postal_code": "69002", "city": "Lyon"}
        save = socket.timed(f"{addresses_state}.save", {"form_data": form},
                            lambda d: "book_rx_state_" in d.get(addresses_state, {}))
        socket.send(f"{addresses_state}.open_edit", {"address_id": address_id})
        socket.wait_for(lambda d: "form_open_rx_state_" in d.get(addresses_state, {}))
        seen = {"order": False}

        def order_page_loaded(delta, seen=seen):
            seen["order"] = seen["order"] or "order_rx_state_" in delta.get(order_state, {})
            return seen["order"] and delta.get("reflex___state____state", {}).get("is_hydrated_rx_state_") is True

        open_order = socket.timed(ON_LOAD, None, order_page_loaded, path=order_path)
        if index >= warmup:
            counter.append(bare)
            saving.append(save)
            opening.append(open_order)
    socket.close()

    _report("Over the event socket", summary("bare counter event", counter), saving, opening)


def run_in_browser(shop, browser, rounds: int, warmup: int) -> None:
    _, order_number, _, email = _customer_with_order_and_address(shop.db_url)
    context = browser.new_context(base_url=shop.url)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Bench")

    bare, saving, opening = [], [], []
    for index in range(warmup + rounds):
        page.goto("/account/addresses")
        expect(page.get_by_role("heading", level=1)).to_have_text("Addresses")
        page.wait_for_load_state("networkidle")
        # The bare event: "Add an address" only flips view vars on the server (no database).
        opened = timed_click(page, page.get_by_role("button", name="Add an address"), trigger="Add an address",
                             selector="h2", expected="New address")
        page.get_by_role("button", name="Cancel").click()
        page.get_by_role("button", name="Edit").first.click()
        street = f"{20 + index} rue Mercière"
        page.get_by_label("Street address").fill(street)
        saved = timed_click(page, page.get_by_role("button", name="Save the address"), trigger="Save the address",
                            selector=".rt-Card", expected=street)
        page.goto("/account/orders")
        expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
        page.wait_for_load_state("networkidle")
        link = page.get_by_role("link", name=f"Order {order_number}")
        shown = timed_click(page, link, trigger=f"Order {order_number}", selector="h1",
                            expected=f"Order {order_number}")
        if index >= warmup:
            bare.append(opened)
            saving.append(saved)
            opening.append(shown)
    context.close()

    _report("In Chromium, click to screen", summary("bare event (open the address form)", bare), saving, opening)


def _report(where: str, baseline, saving: list[float], opening: list[float]) -> None:
    print(f"{where} -- saving an address vs a bare event:")
    print_comparison(summary("save an address", saving), baseline, TARGET_RATIO, judged_on="p95")
    print(f"{where} -- opening an order page vs a bare event:")
    print_comparison(summary("open an order page", opening), baseline, TARGET_RATIO, judged_on="p95")
