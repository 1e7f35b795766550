"""The product page's "Add to cart" and the checkout's "Order", over the event socket, next to a bare event.

`python -m bench.add_to_cart [ROUNDS]` starts a production build with a fresh database (or `python -m
bench.run checkout` runs it with the other checkout benchmark). One guest tab (tests/support/reflex_socket.py)
loads /products/stoneware-mug-sage, then each round, interleaved so the machine's noise falls on all alike:
the bare counter event (bench/ping.py), "Add to cart" (ProductCartState.add_to_cart, until the header's
cart count comes back: its one answer), opening /checkout (which makes the order's checkout token), and
"Order" (CheckoutState.place_order, until the cart count is 0: the order is placed and the redirect to the
confirmation is sent).
Each time runs from the sent event to the last delta of its handler; the browser's rendering is not in it.
Target (issue 11): add to cart at most 1.5 times the bare event. Placing an order is printed for reference.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.ping import PingState  # noqa: E402
from bench.stats import print_comparison, summary  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.models import Product  # noqa: E402
from storefront.state.catalog import ProductCartState, ProductState  # noqa: E402
from storefront.state.checkout import CheckoutState  # noqa: E402
from storefront.state.shop import ShopState  # noqa: E402
from tests.support.reflex_socket import ON_LOAD, STATE, ReflexSocket  # noqa: E402

TARGET_RATIO = 1.5
SLUG = "stoneware-mug-sage"
PRODUCT_PATH = f"/products/{SLUG}"
CHECKOUT_PATH = "/checkout"
# What the checkout form posts; the state adds the country chosen on the page (France by default).
FORM = {"email": "socket-buyer@example.com", "name": "Ana Lopez", "street_address": "12 rue de la Paix",
        "postal_code": "75002", "city": "Paris", "payment_method": "bank_transfer", "accept_terms": "on"}


def _restock(db_url: str) -> None:
    """Every round places an order of one mug: the seeded 36 would run out."""
    engine = make_engine(db_url)
    with Session(engine) as db:
        db.exec(sa.update(Product).where(Product.slug == SLUG).values(stock=100_000))
        db.commit()
    engine.dispose()


def _hydrated(delta: dict) -> bool:
    return delta.get(STATE, {}).get("is_hydrated_rx_state_") is True


def run(shop, browser=None, rounds: int = 60, warmup: int = 5) -> None:
    _restock(shop.db_url)
    print(f"Add to cart and placing an order over the event socket, {rounds} rounds (+{warmup} warm-up); "
          f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    socket = ReflexSocket(shop.url, client_vars={}, path=PRODUCT_PATH)  # a guest on the product page
    if not socket.snapshot.get(ProductState.get_full_name(), {}).get("product_rx_state_", {}).get("id"):
        raise RuntimeError(f"{PRODUCT_PATH} did not load its product")

    ping, shop_state = PingState.get_full_name(), ShopState.get_full_name()
    cart_state, checkout_state = ProductCartState.get_full_name(), CheckoutState.get_full_name()

    def added(delta: dict) -> bool:
        values = delta.get(cart_state, {})
        if values.get("cart_error_rx_state_"):
            raise RuntimeError(f"add to cart refused: {values['cart_error_rx_state_']}")
        return "cart_count_rx_state_" in delta.get(shop_state, {})

    def placed(delta: dict) -> bool:
        values = delta.get(checkout_state, {})
        if values.get("busy_rx_state_") is False:  # busy stays on after a success (the page moves on)
            raise RuntimeError(f"the order was refused: {values}")
        return delta.get(shop_state, {}).get("cart_count_rx_state_") == 0

    bare, adding, placing = [], [], []
    for index in range(warmup + rounds):
        counted = socket.timed(f"{ping}.increment", None, lambda d: "count_rx_state_" in d.get(ping, {}))
        add = socket.timed(f"{cart_state}.add_to_cart", {"form_data": {"quantity": "1"}}, added)
        socket.send(ON_LOAD, None, path=CHECKOUT_PATH)  # a new checkout token for this order
        socket.wait_for(_hydrated)
        place = socket.timed(f"{checkout_state}.place_order", {"form_data": FORM}, placed, path=CHECKOUT_PATH)
        if index >= warmup:
            bare.append(counted)
            adding.append(add)
            placing.append(place)
    socket.close()

    baseline = summary("bare counter event", bare)
    print("Add to cart vs a bare event:")
    print_comparison(summary("add to cart (product page)", adding), baseline, TARGET_RATIO)
    order = summary("place an order (checkout, guest)", placing)
    print("Placing an order vs a bare event (for reference, no target):")
    print(f"  {order['name']:<44} n={order['n']:<4} median {order['median_ms']:8.1f} ms   "
          f"p95 {order['p95_ms']:8.1f} ms")
    print(f"  ratio (median) {order['median_ms'] / baseline['median_ms']:.2f}   "
          f"ratio (p95) {order['p95_ms'] / baseline['p95_ms']:.2f}")


def main(argv: list[str]) -> int:
    from tests.support.shop_server import running_shop

    with tempfile.TemporaryDirectory() as workdir, running_shop(Path(workdir)) as shop:
        run(shop, rounds=int(argv[0]) if argv else 60)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
