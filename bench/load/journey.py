"""The simulated people: customers who sign in with an emailed code, browse, buy and open their orders;
merchants who search the customer register; and the floor's bare counter tabs.

Each person is one browser tab (`protocol.Tab`) and one asyncio task. Every action is one event (a
handler, or a page's on-load after a navigation) timed from the sent frame to the delta that answers it.
A failed step ends that person's journey: it is counted as an error of that action.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench.load.protocol import Tab, var

CODE_IN_TEXT = re.compile(r"\b(\d{6})\b")
FLOOR_COUNTER = "reflex___state____state.floor___floor____counter_state"
# What the checkout form posts for a customer without a saved address; the page adds the country.
CHECKOUT_FORM = {"name": "Ana Lopez", "street_address": "12 rue de la Paix", "postal_code": "75002",
                 "city": "Paris", "payment_method": "bank_transfer", "accept_terms": "on"}
SEARCH_TERMS = ("lopez", "martin", "dubois", "garcia", "load-001", "load-02", "example.com", "chloé", "hugo",
                "C0004", "fontaine", "roux")


class JourneyError(Exception):
    """A step did not do what a person expects (a refusal, a missing answer)."""


@dataclass(frozen=True)
class Names:
    """Full state names of the shop, as the browser addresses them (`<state>.<handler>`)."""

    shop: str
    code_login: str
    product: str
    product_cart: str
    cart: str
    checkout: str
    orders: str
    ping: str
    admin: str
    admin_login: str
    register: str

    @classmethod
    def of_the_shop(cls) -> Names:
        from backoffice.state.auth import AdminLoginState, AdminState
        from backoffice.state.customers import CustomerRegisterState
        from bench.ping import PingState
        from storefront.state.cart import CartState
        from storefront.state.catalog import ProductCartState, ProductState
        from storefront.state.checkout import CheckoutState
        from storefront.state.identity import CodeLoginState
        from storefront.state.orders import OrdersState
        from storefront.state.shop import ShopState

        return cls(*(state.get_full_name() for state in (
            ShopState, CodeLoginState, ProductState, ProductCartState, CartState, CheckoutState, OrdersState,
            PingState, AdminState, AdminLoginState, CustomerRegisterState)))


@dataclass
class Recorder:
    """Timings and errors per action, for one level."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)
    order: list[str] = field(default_factory=list)  # actions in the order first seen, for the table

    def check(self, action: str, condition: bool, message: str) -> None:
        """An answer came but it was not the expected one: an error of that action, and the journey ends."""
        if not condition:
            self.errors[action] += 1
            self.examples.setdefault(action, message[:300])
            raise JourneyError(message)

    async def time(self, action: str, awaitable):
        if action not in self.order:
            self.order.append(action)
        started = time.perf_counter()
        try:
            result = await awaitable
        except BaseException as error:
            if isinstance(error, asyncio.CancelledError):
                raise
            self.errors[action] += 1
            self.examples.setdefault(action, f"{type(error).__name__}: {error}"[:300])
            raise JourneyError(action) from error
        self.samples[action].append(time.perf_counter() - started)
        return result


@dataclass
class Level:
    """What every person of one level shares."""

    url: str
    recorder: Recorder
    think_seconds: float
    timeout: float
    hashes: list[str] | None = None
    names: Names | None = None
    engine: sa.Engine | None = None
    products: list[str] = field(default_factory=list)
    scarce: str = ""
    scarce_share: float = 0.2
    orders_each: int = 2
    codes_requested: Counter = field(default_factory=Counter)
    placed: int = 0
    customers_left: int = 0

    async def think(self, rng: random.Random) -> None:
        if self.think_seconds > 0:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * self.think_seconds)

    def tab(self) -> Tab:
        return Tab(self.url, timeout=self.timeout, hashes=self.hashes)


def latest_code(engine: sa.Engine, email: str) -> str | None:
    """The code of the newest sign-in email to `email` in the outbox, as the customer reads it."""
    with engine.connect() as connection:
        body = connection.execute(sa.text(
            "SELECT text_body FROM outbox_email WHERE to_address = :email AND template = 'sign_in_code' "
            "ORDER BY id DESC LIMIT 1"), {"email": email}).scalar()
    found = CODE_IN_TEXT.search(body or "")
    return found.group(1) if found else None


async def read_code(engine: sa.Engine, email: str, within: float = 20.0) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        code = await asyncio.to_thread(latest_code, engine, email)
        if code:
            return code
        await asyncio.sleep(0.2)
    raise JourneyError(f"no sign-in code for {email} in the outbox")


async def call_and_follow(tab: Tab, handler: str, payload: dict | None, done, succeeded) -> str | None:
    """A handler that ends with `rx.redirect` when it succeeds: its answer, then the redirect (both are in
    the time, since the browser navigates only then). None when it refused."""
    await tab.call(handler, payload, done)
    return await tab.redirected() if succeeded() else None


async def ping(level: Level, tab: Tab) -> None:
    name = level.names.ping
    await level.recorder.time("bare counter event (in the shop)", tab.call(
        f"{name}.increment", None, lambda d: var(d, name, "count") is not None))


async def customer(level: Level, email: str, seed: int) -> None:
    """Sign in with a code, browse, buy `orders_each` times, open the orders, leave."""
    rng, n, rec = random.Random(seed), level.names, level.recorder
    tab = level.tab()
    try:
        await rec.time("page: /login/code (connect + hydrate)", tab.open("/login/code"))
        await level.think(rng)
        level.codes_requested[email] += 1  # counted before the answer: a lost email shows even after a timeout
        action = "request a sign-in code"
        await rec.time(action, tab.call(
            f"{n.code_login}.request_code", {"form_data": {"email": email}},
            lambda d: var(d, n.code_login, "code_sent_to") or var(d, n.code_login, "errors")))
        rec.check(action, var(tab.snapshot, n.code_login, "code_sent_to") == email,
                  f"refused: {var(tab.snapshot, n.code_login, 'errors')}")
        code = await rec.time("read the code from the outbox (database)", read_code(level.engine, email))
        await level.think(rng)
        action = "sign in with the code"
        target = await rec.time(action, call_and_follow(
            tab, f"{n.code_login}.submit_code", {"form_data": {"code": code}},
            lambda d: var(d, n.shop, "signed_in") is True or bool(var(d, n.code_login, "errors")),
            lambda: var(tab.snapshot, n.shop, "signed_in") is True))
        rec.check(action, bool(target), f"refused: {var(tab.snapshot, n.code_login, 'errors')}")
        await rec.time("page: /account", tab.navigate(target))
        await ping(level, tab)
        for _ in range(level.orders_each):
            await level.think(rng)
            page = rng.choice(("/", "/?page=2", "/?category=tea", "/?q=mug"))
            await rec.time("page: catalogue", tab.navigate(page))
            await level.think(rng)
            scarce = bool(level.scarce) and rng.random() < level.scarce_share
            slug = level.scarce if scarce else rng.choice(level.products)
            action = "page: product"
            await rec.time(action, tab.navigate(f"/products/{slug}"))
            product_id = (var(tab.snapshot, n.product, "product") or {}).get("id")
            rec.check(action, bool(product_id), f"/products/{slug} showed no product")
            await level.think(rng)
            await rec.time("add to cart", tab.call(
                f"{n.product_cart}.add_to_cart", {"form_data": {"quantity": str(rng.randint(1, 2))}},
                lambda d: var(d, n.shop, "cart_count") is not None or bool(var(d, n.product_cart, "cart_error"))))
            if var(tab.snapshot, n.product_cart, "cart_error"):
                rec.outcomes["add to cart refused (sold out)"] += 1
                continue
            await level.think(rng)
            action = "page: /checkout"
            await rec.time(action, tab.navigate("/checkout"))
            rec.check(action, not var(tab.snapshot, n.checkout, "refusal"), "the checkout refused this customer")
            await level.think(rng)
            action = "place an order"
            confirmation = await rec.time(action, call_and_follow(
                tab, f"{n.checkout}.place_order", {"form_data": CHECKOUT_FORM},
                lambda d: var(d, n.shop, "cart_count") == 0 or var(d, n.checkout, "busy") is False,
                lambda: var(tab.snapshot, n.checkout, "busy") is not False))
            if var(tab.snapshot, n.checkout, "stock_message"):  # lost the race for the last items
                rec.outcomes["orders refused: out of stock (the scarce product)"] += 1
                await level.think(rng)
                await rec.time("page: /cart", tab.navigate("/cart"))
                await rec.time("remove a cart line", tab.call(
                    f"{n.cart}.remove", {"product_id": product_id}, lambda d: var(d, n.shop, "cart_count") == 0))
                continue
            rec.check(action, bool(confirmation), f"not placed: {var(tab.snapshot, n.checkout, 'errors')}")
            level.placed += 1
            rec.outcomes["orders placed"] += 1
            await rec.time("page: order confirmation", tab.navigate(confirmation))
            await ping(level, tab)
        await level.think(rng)
        await rec.time("page: /account/orders", tab.navigate("/account/orders"))
        numbers = [row.get("number") for row in var(tab.snapshot, n.orders, "orders") or []]
        if numbers:
            await level.think(rng)
            action = "page: an order"
            await rec.time(action, tab.navigate(f"/account/orders/{numbers[0]}"))
            rec.check(action, var(tab.snapshot, n.orders, "view") == "detail", f"order {numbers[0]} was not shown")
        await level.think(rng)
        await ping(level, tab)
        await rec.time("page: catalogue", tab.navigate("/"))  # leaves the order page (its watch stops)
        rec.outcomes["customers done"] += 1
    except JourneyError:
        rec.outcomes["customers stopped by an error"] += 1
    finally:
        level.customers_left -= 1
        await tab.close()


async def merchant(level: Level, email: str, password: str, seed: int) -> None:
    """Sign in to the back-office, then search the register until the customers are done."""
    rng, n, rec = random.Random(seed), level.names, level.recorder
    tab = level.tab()
    try:
        await rec.time("merchant: page /admin/login", tab.open("/admin/login"))
        action = "merchant: sign in (bcrypt)"
        target = await rec.time(action, call_and_follow(
            tab, f"{n.admin_login}.sign_in", {"form_data": {"email": email, "password": password}},
            lambda d: var(d, n.admin_login, "signing_in") is False or bool(var(d, n.admin, "admin_token")),
            lambda: bool(var(tab.snapshot, n.admin, "admin_token"))))
        rec.check(action, bool(target), f"refused: {var(tab.snapshot, n.admin_login, 'login_error')}")
        await rec.time("merchant: page /admin (dashboard)", tab.navigate(target))
        while level.customers_left > 0:
            await level.think(rng)
            term = rng.choice(SEARCH_TERMS)
            action = "merchant: search the register (submit)"
            target = await rec.time(action, call_and_follow(
                tab, f"{n.register}.apply_filters", {"form_data": {"q": term}}, lambda d: True, lambda: True))
            action = "merchant: page /admin/customers?q="
            await rec.time(action, tab.navigate(target))
            shown = (var(tab.snapshot, n.register, "params") or {}).get("q")
            rec.check(action, shown == term, f"the register shows the query {shown!r}, not {term!r}")
        rec.outcomes["merchants done"] += 1
    except JourneyError:
        rec.outcomes["merchants stopped by an error"] += 1
    finally:
        await tab.close()


async def floor_tab(level: Level, events: int, seed: int) -> None:
    """The floor: a bare Reflex app's page, then counter events, paced like a customer."""
    rng, rec = random.Random(seed), level.recorder
    tab = level.tab()
    try:
        await rec.time("floor: page / (connect + hydrate)", tab.open("/"))
        for _ in range(events):
            await level.think(rng)
            await rec.time("floor: bare counter event", tab.call(
                f"{FLOOR_COUNTER}.increment", None, lambda d: var(d, FLOOR_COUNTER, "count") is not None))
        rec.outcomes["floor tabs done"] += 1
    except JourneyError:
        rec.outcomes["floor tabs stopped by an error"] += 1
    finally:
        await tab.close()
