"""Command line: `python -m shop.cli migrate | seed | create-merchant EMAIL | invite EMAIL | send-mail`."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlmodel import func, select

from shop.db import get_engine, session_scope
from shop.migrate import upgrade_database


def _migrate(_args) -> int:
    upgrade_database()
    print("Database is up to date.")
    return 0


def _seed(args) -> int:
    from shop.demo.seed import (
        DEMO_MERCHANT_EMAIL,
        demo_password,
        published_password_refused,
        seed_demo_data,
    )
    from shop.models import Product

    with session_scope() as db:
        if args.if_empty and db.exec(select(func.count()).select_from(Product)).one() > 0:
            print("Database already holds data: demo data left as it is.")
            return 0
        added = seed_demo_data(db)
    print("Demo data: " + ", ".join(f"{count} {kind} added" for kind, count in added.items()))
    if added["merchants"]:
        print(f"Demo merchant: {DEMO_MERCHANT_EMAIL} / {demo_password()}")
    elif published_password_refused():
        print("STORE_ENV=prod: no demo merchant with the published password. Create yours with "
              "`python -m shop.cli create-merchant EMAIL`, or set DEMO_PASSWORD.")
    return 0


def _create_merchant(args) -> int:
    from shop.merchants.accounts import MerchantError, create_merchant

    # The password comes from stdin so that it never shows in the shell history or `ps`.
    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    try:
        with session_scope() as db:
            user = create_merchant(db, args.email, password, name=args.name)
            email = user.email
    except MerchantError as error:
        messages = {
            "invalid_email": "That is not a valid email address.",
            "password_length": "The password must have 8 to 128 characters.",
            "email_taken": "A merchant user with that email already exists.",
        }
        print(messages.get(str(error), str(error)), file=sys.stderr)
        return 1
    print(f"Merchant user {email} created.")
    return 0


def _invite(args) -> int:
    from shop.common.validation import FieldError
    from shop.identity.invitations import invite_by_email

    try:
        with session_scope() as db:
            customer = invite_by_email(db, args.email, first_name=args.first_name, last_name=args.last_name,
                                       language=args.language)
            number, email = customer.customer_number, customer.email
    except FieldError as error:
        print(f"{error.field}: {error.key}", file=sys.stderr)
        return 1
    print(f"Invitation sent to {email} (customer {number}); the link is valid for 30 days.")
    return 0


def _send_mail(_args) -> int:
    from shop.mail.sender import deliver_due_emails

    report = deliver_due_emails(get_engine())
    print(f"sent {report.sent}, captured {report.captured}, to retry {report.retried}, failed {report.failed}")
    return 0


def _purge_carts(args) -> int:
    from datetime import timedelta

    from shop.catalog.cart import purge_guest_carts

    with session_scope() as db:
        removed = purge_guest_carts(db, older_than=timedelta(days=args.days))
    print(f"deleted {removed} line(s) of guest carts untouched for {args.days} days")
    return 0


def _fixtures(args) -> int:
    """Test data for QA scripts; prints what was made as JSON (a customer's password included)."""
    import json

    from shop.testing import fixtures

    try:
        with session_scope() as db:
            if args.kind == "customer":
                customer = fixtures.create_customer(
                    db, email=args.email, password=args.password, verified=not args.unverified,
                    blocked=args.blocked, group=args.group, addresses=args.addresses, language=args.language,
                    first_name=args.first_name, last_name=args.last_name)
                made = {"id": customer.id, "customer_number": customer.customer_number, "email": customer.email,
                        "password": args.password}
            elif args.kind == "order":
                order = fixtures.create_order(db, fixtures.find_customer(db, args.customer), status=args.status,
                                              product_slug=args.product)
                made = {"number": order.number, "status": order.status, "email": order.email}
            else:
                made = {"added": fixtures.reset_to_demo(db)}
    except fixtures.FixtureRefused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    print(json.dumps(made))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shop.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    seed = commands.add_parser("seed", help="load the demo data (idempotent)")
    seed.add_argument("--if-empty", action="store_true", help="do nothing when products already exist")
    seed.set_defaults(run=_seed)
    merchant = commands.add_parser("create-merchant", help="create a merchant user; password read from stdin")
    merchant.add_argument("email")
    merchant.add_argument("--name", default="")
    merchant.set_defaults(run=_create_merchant)
    invite = commands.add_parser("invite", help="email a customer a 30-day link to set a password")
    invite.add_argument("email")
    invite.add_argument("--first-name", default="")
    invite.add_argument("--last-name", default="")
    invite.add_argument("--language", choices=["en", "fr"], default="en")
    invite.set_defaults(run=_invite)
    commands.add_parser("send-mail", help="deliver the emails that are due, once").set_defaults(run=_send_mail)
    purge = commands.add_parser("purge-carts", help="delete guests' carts left untouched (30 days by default)")
    purge.add_argument("--days", type=int, default=30)
    purge.set_defaults(run=_purge_carts)
    _add_fixture_commands(commands)
    args = parser.parse_args(argv)
    return args.run(args)


def _add_fixture_commands(commands) -> None:
    from shop.models import OrderStatus
    from shop.testing.fixtures import DEFAULT_PASSWORD

    fixture = commands.add_parser("fixtures", help="test data for QA: a customer, an order, the demo shop")
    kinds = fixture.add_subparsers(dest="kind", required=True)
    customer = kinds.add_parser("customer", help="a customer (verified, with a password, unless told otherwise)")
    customer.add_argument("--email", default=None, help="default: a unique qa-…@example.com")
    customer.add_argument("--password", default=DEFAULT_PASSWORD)
    customer.add_argument("--first-name", default="Ana")
    customer.add_argument("--last-name", default="Lopez")
    customer.add_argument("--verified", action="store_true", help="the default; say --unverified for the opposite")
    customer.add_argument("--unverified", action="store_true")
    customer.add_argument("--blocked", action="store_true")
    customer.add_argument("--group", default=None, help='a customer group by name, e.g. "Trade partners"')
    customer.add_argument("--addresses", type=int, default=0, help="how many addresses (the first is the default)")
    customer.add_argument("--language", choices=["en", "fr"], default="en")
    order = kinds.add_parser("order", help="an online order of a customer, in a given status")
    order.add_argument("--customer", required=True, help="the customer's email")
    order.add_argument("--status", choices=[status.value for status in OrderStatus], default="received")
    order.add_argument("--product", default=None, help="a product slug (default: the first for sale)")
    kinds.add_parser("reset", help="delete everything and load the demo data (refused with STORE_ENV=prod)")
    fixture.set_defaults(run=_fixtures)


if __name__ == "__main__":
    sys.exit(main())
