"""What must hold after a load run, read from the database: no lost or doubled emails, no oversold
stock, no duplicate order numbers. Plain SQL that runs the same on SQLite and PostgreSQL.

`take_baseline` before a level; `run_checks` after it compares the rows the level added with what the
simulated customers did (codes requested, orders placed), as counted by the generator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

DELIVERED = ("captured", "sent")


@dataclass(frozen=True)
class Baseline:
    last_order_id: int
    last_email_id: int
    stock: dict[int, int]  # product id -> stock before the level


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"  {'PASS' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def take_baseline(connection: sa.Connection) -> Baseline:
    last_order = connection.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM shop_order")).scalar_one()
    last_email = connection.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM outbox_email")).scalar_one()
    stock = dict(connection.execute(sa.text("SELECT id, stock FROM product")).all())
    return Baseline(last_order, last_email, stock)


def undelivered_count(connection: sa.Connection, baseline: Baseline) -> int:
    """Emails of the level that the sender has not delivered (captured or sent) yet."""
    return connection.execute(sa.text(
        "SELECT COUNT(*) FROM outbox_email WHERE id > :last AND status NOT IN ('captured', 'sent')"),
        {"last": baseline.last_email_id}).scalar_one()


def check_order_numbers(connection: sa.Connection) -> Check:
    duplicates = connection.execute(sa.text(
        "SELECT number, COUNT(*) FROM shop_order GROUP BY number HAVING COUNT(*) > 1 ORDER BY number")).all()
    total = connection.execute(sa.text("SELECT COUNT(*) FROM shop_order")).scalar_one()
    detail = f"{total} orders, {len(duplicates)} numbers used twice or more"
    if duplicates:
        detail += " (" + ", ".join(f"{number} x{count}" for number, count in duplicates[:5]) + ")"
    return Check("no duplicate order numbers", not duplicates, detail)


def check_stock(connection: sa.Connection, baseline: Baseline) -> Check:
    """Every unit sold in the level left the stock exactly once, and no stock went below zero."""
    sold = dict(connection.execute(sa.text(
        "SELECT l.product_id, SUM(l.quantity) FROM order_line l JOIN shop_order o ON o.id = l.order_id "
        "WHERE o.id > :last AND l.product_id IS NOT NULL GROUP BY l.product_id"),
        {"last": baseline.last_order_id}).all())
    now = dict(connection.execute(sa.text("SELECT id, stock FROM product")).all())
    problems = []
    for product_id, stock in sorted(now.items()):
        before, units = baseline.stock.get(product_id, 0), int(sold.get(product_id, 0))
        if stock < 0:
            problems.append(f"product {product_id} at {stock}")
        elif units > before:
            problems.append(f"product {product_id}: {units} sold of {before}")
        elif before - units != stock:
            problems.append(f"product {product_id}: {before} - {units} sold != {stock} left")
    detail = f"{sum(int(units) for units in sold.values())} units sold over {len(sold)} products"
    if problems:
        detail += "; " + "; ".join(problems[:5])
    return Check("no oversold stock", not problems, detail)


def check_emails(connection: sa.Connection, baseline: Baseline, codes_requested: Counter) -> Check:
    """Exactly one sign-in code per code request and one confirmation per order, each delivered once."""
    rows = connection.execute(sa.text(
        "SELECT to_address, template, status, attempts FROM outbox_email WHERE id > :last"),
        {"last": baseline.last_email_id}).all()
    orders = Counter(email for (email,) in connection.execute(sa.text(
        "SELECT email FROM shop_order WHERE id > :last"), {"last": baseline.last_order_id}).all())
    codes = Counter(row.to_address for row in rows if row.template == "sign_in_code")
    confirmations = Counter(row.to_address for row in rows if row.template == "order_confirmation")
    lost = sum(max(0, want - codes[email]) for email, want in codes_requested.items())
    lost += sum(max(0, want - confirmations[email]) for email, want in orders.items())
    doubled = sum(max(0, got - codes_requested[email]) for email, got in codes.items())
    doubled += sum(max(0, got - orders[email]) for email, got in confirmations.items())
    undelivered = sum(1 for row in rows if row.status not in DELIVERED)
    redelivered = sum(1 for row in rows if row.status in DELIVERED and row.attempts != 1)
    ok = not (lost or doubled or undelivered or redelivered)
    detail = (f"{sum(codes.values())} sign-in codes for {sum(codes_requested.values())} requests, "
              f"{sum(confirmations.values())} confirmations for {sum(orders.values())} orders; "
              f"lost {lost}, doubled {doubled}, undelivered {undelivered}, delivered more than once {redelivered}")
    return Check("no lost or doubled emails", ok, detail)


def check_orders_seen(connection: sa.Connection, baseline: Baseline, placed_by_generator: int) -> Check:
    """The orders the customers were told were placed are the orders in the database, no more, no fewer."""
    stored = connection.execute(sa.text("SELECT COUNT(*) FROM shop_order WHERE id > :last"),
                                {"last": baseline.last_order_id}).scalar_one()
    return Check("orders placed = orders stored", stored == placed_by_generator,
                 f"{placed_by_generator} confirmed to customers, {stored} in the database")


def run_checks(connection: sa.Connection, baseline: Baseline, codes_requested: Counter,
               placed_by_generator: int) -> list[Check]:
    return [check_emails(connection, baseline, codes_requested), check_stock(connection, baseline),
            check_order_numbers(connection), check_orders_seen(connection, baseline, placed_by_generator)]
