"""Every public event handler of every State, called over the event socket as a crafted browser can.

Handlers are found by introspection, so a new one is covered without anyone remembering it. Each is
called with no session, with a customer's session against another customer's ids, and (for the
back-office) with a customer's session; always with junk arguments: wrong types, 100 kB strings,
extra keys a payload must never be trusted with, negative numbers and markup. Every call must be a
refusal or a no-op: no row of the database changes (the attempt counters and the audit trail excepted),
no handler crashes, and no back-office data reaches a customer's tab.
"""

from __future__ import annotations

import hashlib
import inspect
import json

import pytest
import reflex as rx
from sqlalchemy import text
from sqlmodel import Session, select

import storefront.storefront  # noqa: F401  (registers every State of the app)
from backoffice.state.auth import AdminState
from bench.ping import PingState
from shop.identity import sessions
from shop.models import (
    Address,
    MerchantRole,
    MerchantUser,
    Order,
    PasskeyCredential,
    Product,
    SignInSession,
    WishlistItem,
)
from storefront.state.shop import ShopState
from tests.e2e.helpers import create_customer, create_merchant, session_token_for
from tests.support.reflex_socket import ReflexSocket

# Written by refused attempts on purpose: the throttle's counters and the audit trail; and passkey challenges,
# which any visitor may ask for ("Sign in with a passkey"): single-use, 5 minutes, worth nothing alone.
TABLES_THAT_MAY_GROW = {"audit_event", "throttle_event", "alembic_version", "webauthn_challenge"}
FORBIDDEN_KEYS = {"customer_id": 1, "role": "owner", "email_verified": True, "email_verified_at": "2020-01-01",
                  "group_id": 1, "is_blocked": False, "approved_buyer": True, "merchant_user_id": 1, "id": 1}
JUNK = [None, 0, -1, -(10**12), 10**30, True, 3.5, [], {}, ["a", 1], "x" * 100_000,
        "<script>alert(1)</script>", "'; DROP TABLE customer; --", "../../etc/passwd", "\x00", FORBIDDEN_KEYS,
        {**FORBIDDEN_KEYS, "email": "victim@@example.com", "password": "x" * 100_000, "code": "000000",
         "new_email": "<b>@example.com", "country_code": {"$ne": ""}}]


def _app_handlers() -> list[tuple[type[rx.State], str, list[str]]]:
    """(state class, handler name, parameter names) for every handler the shop itself defines."""
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        for name, handler in cls.event_handlers.items():
            fn = handler.fn
            if not fn.__module__.startswith(("storefront.", "backoffice.")):
                continue
            if fn.__qualname__.split(".")[0] != cls.__name__:
                continue  # inherited: tried once, where it is defined
            found.append((cls, name, list(inspect.signature(fn).parameters)[1:]))
    return sorted(found, key=lambda item: (item[0].get_full_name(), item[1]))


HANDLERS = _app_handlers()


def _is_back_office(cls: type[rx.State]) -> bool:
    return cls.__module__.startswith("backoffice.")


# The mail sender works in the background while the handlers are tried: a pending email may be sent (or
# retried) meanwhile. What no handler may do is write an email, or revive a failed one ("send again").
ROWS = {"outbox_email": "SELECT id, to_address, subject, template, status = 'failed' FROM outbox_email ORDER BY id"}


def _fingerprint(engine) -> dict[str, str]:
    """A hash of every row of every table, table by table."""
    prints = {}
    with engine.connect() as connection:
        tables = [row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        for table in tables:
            # customer_search*: the register's FTS5 index (some shadow tables have no rowid) mirrors the
            # customer and address tables, which are fingerprinted themselves.
            if table in TABLES_THAT_MAY_GROW or table.startswith(("sqlite_", "customer_search")):
                continue
            rows = connection.execute(text(ROWS.get(table, f'SELECT * FROM "{table}" ORDER BY rowid'))).all()
            prints[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prints


class Caller:
    """One tab on the event socket that calls a handler and waits until the server has processed it."""

    def __init__(self, shop_url: str, session_token: str = "", *, merchant_token: str = ""):
        client_vars = {f"{ShopState.get_full_name()}.browser_token_rx_state_": session_token} if session_token else {}
        if merchant_token:
            client_vars[f"{AdminState.get_full_name()}.admin_token_rx_state_"] = merchant_token
        self.socket = ReflexSocket(shop_url, client_vars=client_vars, path="/")
        self.crashes: list[str] = []
        self.seen: list[dict] = []
        self.calls = 0

    def call(self, cls: type[rx.State], handler: str, payload: dict, path: str = "/") -> None:
        self.calls += 1
        self.socket.send(f"{cls.get_full_name()}.{handler}", payload, path=path)
        # Events of one tab run in order: once the counter moves, the handler above has finished.
        self.socket.send(f"{PingState.get_full_name()}.increment")
        ping = PingState.get_full_name()
        while True:
            update = self.socket.next_update()
            self.seen.append(update)
            if "backend_error" in json.dumps(update.get("events", [])):
                self.crashes.append(f"{cls.__name__}.{handler}({json.dumps(payload)[:120]})")
            if "count_rx_state_" in update.get("delta", {}).get(ping, {}):
                return

    def close(self) -> None:
        self.socket.close()


def _payloads(params: list[str], real_ids: dict[str, object]) -> list[dict]:
    """No arguments (for handlers that take none: Reflex itself refuses a missing argument), then every
    junk value in every parameter, then another customer's ids."""
    payloads = [] if params else [{}]
    for junk in JUNK:
        payloads.append({param: junk for param in params})
    if params:
        ids = {key: value for key, value in real_ids.items() if not key.startswith("_")}
        payloads.append({param: ids.get(param, ids["id"]) for param in params})
        payloads.append({param: {**FORBIDDEN_KEYS, **ids} for param in params})
    return payloads


@pytest.fixture(scope="module")
def other_customer(shop_db):
    """Ana has an address, an order, a wishlist item and a session; the attacker is someone else."""
    ana = create_customer(shop_db, "victim")
    with Session(shop_db) as db:
        address = Address(customer_id=ana.id, name="Ana Lopez", street_address="1 rue de la Paix", city="PARIS",
                          postal_code="75002", country_code="FR")
        db.add(address)
        product = db.exec(select(Product)).first()
        db.add(WishlistItem(customer_id=ana.id, product_id=product.id))
        passkey = PasskeyCredential(customer_id=ana.id, credential_id="victim-key", public_key="pk", name="Phone")
        db.add(passkey)
        order = db.exec(select(Order).where(Order.customer_id.is_not(None))).first()
        order.customer_id = ana.id
        db.add(order)
        db.commit()
        session_token_for(shop_db, ana.id)
        session = db.exec(select(SignInSession).where(SignInSession.customer_id == ana.id)).first()
        ids = {"id": address.id, "address_id": address.id, "session_id": session.id, "product_id": product.id,
               "number": order.number, "order_number": order.number, "kind": "billing", "generation": 1,
               "country_code": "FR", "customer_id": ana.id, "passkey_id": passkey.id}
        # What the attacker never sends, so that seeing it anywhere in their tab is a leak (not an echo).
        private = [ana.email, "1 rue de la Paix", json.loads(order.shipping_address_json)["street_address"],
                   order.tracking_number or ana.customer_number]
        return {**ids, "_private": [value for value in private if value]}


@pytest.fixture(scope="module")
def attacker(shop_db):
    return create_customer(shop_db, "attacker")


def _try_everything(shop, shop_db, caller: Caller, handlers, real_ids: dict) -> dict:
    before = _fingerprint(shop_db)
    changed = {}
    for cls, name, params in handlers:
        for payload in _payloads(params, real_ids):
            caller.call(cls, name, payload)
        after = _fingerprint(shop_db)
        moved = [table for table in after if after[table] != before.get(table)]
        if moved:
            changed[f"{cls.__name__}.{name}"] = moved
            before = after
    return changed


def test_every_handler_refuses_a_visitor_without_a_session(shop, shop_db, other_customer, capsys):
    caller = Caller(shop["url"])
    changed = _try_everything(shop, shop_db, caller, HANDLERS, other_customer)
    caller.close()
    with capsys.disabled():
        print(f"\n[every handler] {len(HANDLERS)} handlers found; no session: {caller.calls} calls")
    assert changed == {}
    assert caller.crashes == [], "\n".join(caller.crashes)


def test_every_handler_keeps_a_customer_out_of_another_customers_data(shop, shop_db, other_customer, attacker,
                                                                      capsys):
    caller = Caller(shop["url"], session_token_for(shop_db, attacker.id))
    # Sign-out and account deletion end this very session (deletion refuses junk, but if it did not...):
    # they come last, after every other handler has been tried with the session.
    customer_side = [item for item in HANDLERS if not _is_back_office(item[0])]
    own = [item for item in customer_side if item[1] in ("sign_out", "delete")]
    handlers = [item for item in customer_side if item not in own] + own
    changed = _try_everything(shop, shop_db, caller, handlers, other_customer)
    caller.close()
    with capsys.disabled():
        print(f"[every handler] customer session against another customer's ids: {caller.calls} calls")
    # The attacker's own session may be touched (last seen); nothing of the other customer is.
    assert {handler: tables for handler, tables in changed.items() if tables != ["sign_in_session"]} == {}
    assert caller.crashes == [], "\n".join(caller.crashes)
    with Session(shop_db) as db:
        assert db.get(Address, other_customer["address_id"]) is not None
        assert db.get(SignInSession, other_customer["session_id"]) is not None
        assert db.get(PasskeyCredential, other_customer["passkey_id"]) is not None
        assert db.exec(select(WishlistItem).where(WishlistItem.customer_id == other_customer["customer_id"])).first()
    shown = json.dumps(caller.seen, ensure_ascii=False)
    assert [value for value in other_customer["_private"] if value in shown] == []


def test_no_back_office_handler_serves_a_customer(shop, shop_db, other_customer, attacker, capsys):
    caller = Caller(shop["url"], session_token_for(shop_db, attacker.id))
    back_office = [item for item in HANDLERS if _is_back_office(item[0])]
    changed = _try_everything(shop, shop_db, caller, back_office, other_customer)
    caller.close()
    with capsys.disabled():
        print(f"[every handler] customer session against {len(back_office)} back-office handlers: "
              f"{caller.calls} calls")
    assert changed == {}
    assert caller.crashes == [], "\n".join(caller.crashes)
    shown = json.dumps(caller.seen, ensure_ascii=False)
    # The dashboard's figures and the email log never reach the customer's tab.
    assert "merchant@maison-lumen.example" not in shown
    assert "recent_orders_rx_state_\": [{" not in shown and "emails_rx_state_\": [{" not in shown


def _merchant_row(shop_db, email: str) -> tuple:
    with Session(shop_db) as db:
        user = db.exec(select(MerchantUser).where(MerchantUser.email == email)).one()
        return (user.role, user.read_only, user.is_active, user.password_hash, user.email)


def test_read_only_staff_change_nothing_through_any_back_office_handler(shop, shop_db, other_customer, capsys):
    """Read-only staff may look at everything and change nothing, whatever they send; the only rows they
    may touch are their own session and their own two-factor set-up."""
    email = create_merchant(shop_db, MerchantRole.STAFF.value, read_only=True, tag="readonly")
    owner = "merchant@maison-lumen.example"
    owner_before = _merchant_row(shop_db, owner)
    with Session(shop_db) as db:
        user = db.exec(select(MerchantUser).where(MerchantUser.email == email)).one()
        token = sessions.start_session(db, merchant_user_id=user.id)
        db.commit()
    caller = Caller(shop["url"], merchant_token=token)
    back_office = [item for item in HANDLERS if _is_back_office(item[0])]
    last = [item for item in back_office if item[1] == "sign_out"]
    handlers = [item for item in back_office if item not in last] + last
    changed = _try_everything(shop, shop_db, caller, handlers, other_customer)
    caller.close()
    with capsys.disabled():
        print(f"[every handler] read-only staff against {len(back_office)} back-office handlers: "
              f"{caller.calls} calls")
    own_account = {"sign_in_session", "merchant_user", "merchant_recovery_code"}
    assert {handler: tables for handler, tables in changed.items() if not set(tables) <= own_account} == {}
    assert caller.crashes == [], "\n".join(caller.crashes)
    assert _merchant_row(shop_db, email)[:3] == (MerchantRole.STAFF.value, True, True)  # no promotion
    assert _merchant_row(shop_db, owner) == owner_before
