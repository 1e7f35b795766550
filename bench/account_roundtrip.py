"""Saving an address and opening an order page, next to a bare counter event, in the same run.

Each is one round trip over the event socket, from the event sent to the delta that carries the
result. The ratio to the counter is what counts (target: at most 1.5 times).
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from bench.reflex_socket import ON_LOAD, ReflexSocket
from bench.stats import print_comparison, summary
from storefront.db import make_engine
from storefront.models import Product
from storefront.services import addresses, customers, orders, sessions
from storefront.state.addresses import AddressesState
from storefront.state.orders import OrderDetailState
from storefront.state.ping import PingState
from storefront.state.shop import ShopState

TARGET_RATIO = 1.5


def _customer_with_order_and_address(db_url: str) -> tuple[str, str, int]:
    engine = make_engine(db_url)
    with Session(engine) as db:
        customer = customers.create_customer(db, email=f"bench-{uuid.uuid4().hex[:8]}@example.com",
                                             first_name="Bench", verified=True)
        address = addresses.create_address(db, customer.id, {
            "name": "Bench Customer", "street_address": "12 rue Mercière", "postal_code": "69002",
            "city": "Lyon", "country_code": "FR"})
        product = db.exec(select(Product).where(Product.slug == "stoneware-mug-sage")).one()
        order = orders.create_order(db, email=customer.email, customer_id=customer.id, lines=[(product, 2, 2400)])
        token = sessions.start_session(db, customer_id=customer.id)
        db.commit()
        result = token, order.number, address.id
    engine.dispose()
    return result


def run(shop, browser=None, rounds: int = 60, warmup: int = 5) -> None:
    token, order_number, address_id = _customer_with_order_and_address(shop.db_url)
    client_vars = {f"{ShopState.get_full_name()}.browser_token_rx_state_": token}
    socket = ReflexSocket(shop.url, client_vars=client_vars, path="/account/addresses")
    addresses_state = AddressesState.get_full_name()
    socket.send(f"{addresses_state}.load_addresses")
    socket.wait_for(lambda delta: "book_rx_state_" in delta.get(addresses_state, {}))
    socket.send(f"{addresses_state}.open_edit", {"address_id": address_id})
    socket.wait_for(lambda delta: "form_open_rx_state_" in delta.get(addresses_state, {}))

    counter, saving, opening = [], [], []
    ping = PingState.get_full_name()
    order_state = OrderDetailState.get_full_name()
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

    baseline = summary("bare counter event", counter)
    print("Saving an address vs a bare counter event (same socket, same run):")
    print_comparison(summary("save an address", saving), baseline, TARGET_RATIO)
    print("Opening an order page (its on_load events) vs a bare counter event:")
    print_comparison(summary("open an order page", opening), baseline, TARGET_RATIO)
