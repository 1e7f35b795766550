"""Placing orders with 20 buyers at once on SQLite: `python -m bench.place_orders [ROUNDS]`.

A fresh database is migrated in a temporary folder. Each round fills BUYERS guest carts, then starts BUYERS
threads together (a barrier); each places its order with the checkout service in a transaction of its
own, as the checkout page's handler does: commit on success, rollback on any exception. Every other buyer
also wants one unit of a scarce product, restocked by SCARCE_PER_ROUND units a round, so they race for it:
the losers are told it is gone (OutOfStock) and nothing of theirs is written. One warm-up round opens the
connections; it is checked but not timed. Then the same number of orders is placed one at a time, for the
time of one placement without a queue.

Printed: unexpected errors, oversell (stock below zero, or stock taken != quantities ordered), distinct
order numbers, and p50/p95/max of the time from the start signal to the commit.
Targets (issue 11): no errors, no oversell, p95 under 500 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, create_engine, select  # noqa: E402

import shop.db  # noqa: E402,F401  (its connect hook turns on WAL and busy_timeout for every engine)
from bench.stats import p95  # noqa: E402
from shop.catalog import cart  # noqa: E402
from shop.migrate import upgrade_database  # noqa: E402
from shop.models import Order, OrderLine, Product  # noqa: E402
from shop.orders import checkout  # noqa: E402
from shop.settings.store import get_store_settings  # noqa: E402

BUYERS = 20
ROUNDS = 5
WARMUP_ROUNDS = 1
SCARCE_PER_ROUND = 3  # 10 buyers a round want it: 3 get it, 7 are told it is gone
PLENTY = 100_000
TARGET_P95_MS = 500

FORM = {"email": "buyer@example.com", "name": "Ana Lopez", "street_address": "12 rue de la Paix",
        "postal_code": "75002", "city": "Paris", "country_code": "FR", "payment_method": "bank_transfer",
        "accept_terms": "on"}


@dataclass
class Attempt:
    seconds: float
    number: str | None = None  # the order number, when placed
    error: Exception | None = None


def _add_products(engine) -> tuple[list[int], int]:
    with Session(engine) as db:
        get_store_settings(db)  # the settings row, made once here rather than by 20 racing buyers
        plenty = [Product(slug=f"bench-{name}", sku=f"BENCH-{name.upper()}", name=f"Bench {name}", price_cents=2400,
                          stock=PLENTY) for name in ("mug", "bowl", "plate")]
        scarce = Product(slug="bench-last-vase", sku="BENCH-VASE", name="Bench last vase", price_cents=8900, stock=0)
        db.add_all([*plenty, scarce])
        db.commit()
        return [product.id for product in plenty], scarce.id


def _fill_carts(engine, plenty: list[int], scarce: int) -> list[cart.CartOwner]:
    """BUYERS guest carts; restocks the scarce product first (cart.add refuses a sold-out product)."""
    owners = []
    with Session(engine) as db:
        db.exec(sa.update(Product).where(Product.id == scarce).values(stock=Product.stock + SCARCE_PER_ROUND))
        for index in range(BUYERS):
            owner = cart.owner_for(None, cart.new_guest_key())
            cart.add(db, owner, None, plenty[index % len(plenty)], 1 + index % 3)
            if index % 2 == 0:
                cart.add(db, owner, None, scarce, 1)
            owners.append(owner)
        db.commit()
    return owners


def _place_at_once(engine, owners: list[cart.CartOwner], round_number: int) -> list[Attempt]:
    attempts: list[Attempt | None] = [None] * len(owners)
    start = threading.Barrier(len(owners))

    def buy(index: int, owner: cart.CartOwner) -> None:
        form = {**FORM, "email": f"buyer{round_number}-{index}@example.com"}
        token = cart.new_guest_key()  # made when the checkout page opens, before the click
        with Session(engine) as db:
            start.wait()
            began = time.perf_counter()
            try:
                placed = checkout.place_order(db, customer=None, owner=owner, form=form, checkout_token=token,
                                              lang="en", settings=get_store_settings(db))
                number = placed.order.number  # read before the commit expires it
                db.commit()
                attempts[index] = Attempt(time.perf_counter() - began, number=number)
            except Exception as error:
                db.rollback()
                attempts[index] = Attempt(time.perf_counter() - began, error=error)

    threads = [threading.Thread(target=buy, args=(index, owner)) for index, owner in enumerate(owners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return attempts


def _stock_check(engine, products: list[int], stocked: dict[int, int]) -> tuple[bool, list[str]]:
    """No oversell: every stock is >= 0, and what left the stock is exactly what the orders hold."""
    ok, lines = True, []
    with Session(engine) as db:
        for product_id in products:
            product = db.get(Product, product_id)
            ordered = db.exec(select(sa.func.coalesce(sa.func.sum(OrderLine.quantity), 0))
                              .where(OrderLine.product_id == product_id)).one()
            taken = stocked[product_id] - product.stock
            ok = ok and product.stock >= 0 and taken == ordered
            lines.append(f"{product.name:<16} stock {stocked[product_id]:>6} -> {product.stock:>6}   "
                         f"taken {taken:>4}   ordered {ordered:>4}")
    return ok, lines


def _latency_line(name: str, attempts: list[Attempt]) -> str:
    if len(attempts) < 2:
        return f"  {name:<28} n={len(attempts)}"
    ms = [attempt.seconds * 1000 for attempt in attempts]
    return (f"  {name:<28} n={len(ms):<4} p50 {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   "
            f"max {max(ms):7.1f} ms")


def run(rounds: int = ROUNDS) -> None:
    print(f"Placing orders: {BUYERS} buyers at once, {rounds} rounds (+{WARMUP_ROUNDS} warm-up), SQLite in WAL mode; "
          f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{Path(workdir) / 'orders.db'}"
        upgrade_database(url)
        # One connection per buyer: the default pool (5 + 10 overflow) would make five buyers wait for a
        # connection, a limit of this harness rather than of the shop.
        engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=BUYERS)
        plenty, scarce = _add_products(engine)
        stocked = {product_id: PLENTY for product_id in plenty}
        stocked[scarce] = 0
        timed: list[Attempt] = []
        every: list[Attempt] = []
        for round_number in range(WARMUP_ROUNDS + rounds):
            owners = _fill_carts(engine, plenty, scarce)
            stocked[scarce] += SCARCE_PER_ROUND
            attempts = _place_at_once(engine, owners, round_number)
            every += attempts
            if round_number >= WARMUP_ROUNDS:
                timed += attempts
        # The same orders one at a time: what one placement costs when nobody waits for the write lock.
        owners = _fill_carts(engine, plenty, scarce)
        stocked[scarce] += SCARCE_PER_ROUND
        alone = [_place_at_once(engine, [owner], WARMUP_ROUNDS + rounds)[0] for owner in owners]
        every += alone
        stock_ok, stock_lines = _stock_check(engine, [*plenty, scarce], stocked)
        with Session(engine) as db:
            orders = db.exec(select(sa.func.count()).select_from(Order)).one()
            distinct = db.exec(select(sa.func.count(sa.distinct(Order.number)))).one()
        engine.dispose()

    placed = [attempt for attempt in every if attempt.number]
    out_of_stock = [attempt for attempt in every if isinstance(attempt.error, checkout.OutOfStock)]
    errors = Counter(f"{type(attempt.error).__name__}: {attempt.error}"[:160] for attempt in every
                     if attempt.error is not None and not isinstance(attempt.error, checkout.OutOfStock))
    print(f"  attempts {len(every)}: placed {len(placed)}, told the scarce item was gone {len(out_of_stock)}, "
          f"unexpected errors {sum(errors.values())}")
    for message, count in errors.most_common(5):
        print(f"    {count} x {message}")
    for line in stock_lines:
        print(f"    {line}")
    print(f"  oversell: {'none' if stock_ok else 'YES'}")
    numbers_ok = orders == distinct == len(placed)
    print(f"  orders in the database {orders}, distinct order numbers {distinct}, placed {len(placed)}: "
          f"{'match' if numbers_ok else 'MISMATCH'}")
    print("  time from the start signal to the commit (timed rounds):")
    print(_latency_line("every attempt", timed))
    print(_latency_line("placed", [attempt for attempt in timed if attempt.number]))
    print(_latency_line("told it was gone", [a for a in timed if isinstance(a.error, checkout.OutOfStock)]))
    print(_latency_line("one buyer at a time", alone))
    all_p95 = p95([attempt.seconds * 1000 for attempt in timed])
    met = not errors and stock_ok and numbers_ok and all_p95 < TARGET_P95_MS
    print(f"  target: no errors, no oversell, p95 < {TARGET_P95_MS} ms: {'met' if met else 'NOT MET'} "
          f"(p95 of every attempt {all_p95:.1f} ms)")


def main(argv: list[str]) -> int:
    run(int(argv[0]) if argv else ROUNDS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
