"""The customer's orders on one page: the list, or one order with its timeline, live status and order again.

`/account/orders` and `/account/orders/<number>` are one route (`[[number]]`), so opening an order from the
list, or going back, only swaps the page's content: the header, footer and account menu stay mounted.
"""

from __future__ import annotations

import asyncio
import time
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import cart
from shop.config import get_settings
from shop.i18n import LANGUAGES, translate
from shop.identity import signin
from shop.models import Customer
from shop.orders import history, live
from storefront import toasts, views
from storefront.state.account import AccountState
from storefront.state.app import language_var
from storefront.state.shop import SignedOut
from storefront.tabs import tab_is_open

WATCH_EVERY_SECONDS = 2.0  # SQLite: the poll
RECHECK_PUSHED_EVERY_SECONDS = 60.0  # PostgreSQL: pushed changes, and a re-read once a minute
WATCH_AT_MOST_SECONDS = 30 * 60
LIST, DETAIL, NOT_FOUND = "list", "detail", "not_found"


def _detail_in_every_language(db: Session, customer_id: int, number: str) -> dict[str, dict] | None:
    """Queried once, formatted for both languages (a language switch needs no reload); None unless it is theirs."""
    detail = history.order_detail(db, customer_id, number)
    return {lang: views.order_page(detail, lang) for lang in LANGUAGES} if detail else None


class OrdersState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the orders out.
    area_path: ClassVar[str] = routes.ACCOUNT_ORDERS
    _area_in_browser: bool = False
    _orders: list[history.OrderSummary] = []  # the list, formatted in the visitor's language when shown
    _detail_by_lang: dict[str, dict] = {}
    _number: str = ""
    _watch_generation: int = 0
    _watching: int = 0
    # What the page shows: "" while loading, then "list", "detail" or "not_found".
    view: str = ""
    # The order number the detail is for: the page never shows one order under another's URL.
    shown_number: str = ""
    # Orders placed as a guest with this customer's (proven) address, which they may add to the account.
    claimable: int = 0

    @language_var
    def orders(self) -> list[dict]:
        return [views.order_row(summary, self.language) for summary in self._orders]

    @language_var
    def order(self) -> dict:
        return self._detail_by_lang.get(self.language, {})

    @language_var
    def page_title(self) -> str:
        """ "Order ML-1001 · Maison Lumen" on an order, "Orders · Maison Lumen" on the list."""
        if self.shown_number:
            heading = translate(self.language, "orders.number", number=self.shown_number)
        else:
            heading = translate(self.language, "page.orders")
        return f"{heading} · {self.shop_name}"

    def _requested_number(self) -> str:
        """The number in /account/orders/<number>, or "" on the list."""
        return self._path().removeprefix(routes.ACCOUNT_ORDERS).strip("/")[:history.MAX_ORDER_NUMBER + 1]

    def _load_account(self, db: Session, customer: Customer):
        """The list, or the order if it is this customer's; an open order is then watched."""
        number = self._requested_number()
        self._watch_generation += 1  # stops the watch of the order shown before
        if not number:
            self.claimable = history.claimable_count(db, customer)
            self._orders = history.list_orders(db, customer.id)
            self._number, self.shown_number, self.view = "", "", LIST
            return None
        detail = _detail_in_every_language(db, customer.id, number)
        self._show_detail(number, detail)
        return OrdersState.watch_order(self._watch_generation) if detail else None

    def claim_guest_orders(self):
        """Add the guest orders of this customer's address to the account, and list them."""
        def claim(db: Session, customer: Customer):
            claimed = history.claim_guest_orders(db, customer)
            return claimed, history.list_orders(db, customer.id)

        try:
            claimed, self._orders = self._for_customer(claim)
        except SignedOut:
            return self._login_redirect()
        self.claimable = 0
        return toasts.success(self._t("orders.claimed", count=claimed))

    def open_order(self, number: str):
        """A click on an order in a list: show the order first, then change the address bar.

        The page's on-load that the new address runs checks the order again and starts watching it.
        """
        if not isinstance(number, str) or not 0 < len(number) <= history.MAX_ORDER_NUMBER:
            return  # no order has such a number: nothing to look up, nor to echo into the page title
        lang = self.language
        try:
            # This language only, to show it sooner; the on-load adds the other one.
            detail = self._for_customer(lambda db, customer: history.order_detail(db, customer.id, number))
        except SignedOut:
            yield self._login_redirect()
            return
        self._show_detail(number, {lang: views.order_page(detail, lang)} if detail else None)
        if detail:
            yield  # the order is on screen now; the address bar follows
            yield rx.redirect(f"{routes.ACCOUNT_ORDERS}/{number}")

    def _show_detail(self, number: str, detail: dict[str, dict] | None) -> None:
        # Another customer's order and a made-up number look the same: "not found".
        self._detail_by_lang = detail or {}
        self._number = number if detail else ""
        self.shown_number = number
        self.view = DETAIL if detail else NOT_FOUND

    @rx.event(background=True)
    async def watch_order(self, generation: int):
        """Follow the order: when the merchant changes it, refresh the page's data.

        On PostgreSQL the change is pushed (`shop.orders.live`: LISTEN/NOTIFY, whichever worker serves the
        tab), and the order is re-read only then, or once a minute (a sign-out, a lost notification).
        On SQLite the version stamp is polled every 2 seconds. Only the generation that the last page load
        started may run, once: a browser cannot start more. It stops when the tab closes (Reflex does not
        cancel a background task then) or after 30 minutes.
        """
        async with self:
            if not isinstance(generation, int) or generation != self._watch_generation or \
                    self._watching == generation:
                return
            self._watching = generation
            number = self._number
        db_url = get_settings().db_url
        if not live.push_enabled(db_url):
            await self._follow(generation, None, WATCH_EVERY_SECONDS)
            return
        async with live.order_changes(db_url).subscribe(number) as changes:
            await self._follow(generation, changes, RECHECK_PUSHED_EVERY_SECONDS)

    async def _follow(self, generation: int, changes: live.Subscription | None, every: float) -> None:
        """Re-read the order's stamp after each push (or every `every` seconds) until the page moves on."""
        async with self:
            version = self.order.get("version", "")
        first = changes is not None  # subscribed after the page loaded: a change in between is caught here
        deadline = time.monotonic() + WATCH_AT_MOST_SECONDS
        while time.monotonic() < deadline:
            if first:
                first = False
            elif changes is None:
                await asyncio.sleep(every)
            else:
                await changes.wait(every)
            async with self:
                if self._watch_generation != generation or not self._requested_number():
                    return
                token, number, tab = self._session_token(), self._number, self.rx_router_session.client_token
            if not tab_is_open(tab):
                return  # the tab closed: nobody is watching any more
            latest, customer_id = await OrdersState._work_off_loop(
                lambda db: OrdersState._version_for(db, token, number))  # noqa: B023
            if latest is None:
                return  # signed out, or the order is no longer this customer's
            if latest != version:
                detail = await OrdersState._work_off_loop(
                    lambda db: _detail_in_every_language(db, customer_id, number))  # noqa: B023
                async with self:
                    if self._watch_generation != generation or detail is None:
                        return
                    self._detail_by_lang = detail
                    version = latest

    @staticmethod
    def _version_for(db: Session, token: str, number: str) -> tuple[str | None, int | None]:
        customer = signin.current_customer(db, token)
        if customer is None:
            return None, None
        return history.order_version(db, customer.id, number), customer.id

    def order_again(self):
        number = self._number

        def order_again(db: Session, customer: Customer):
            added = history.order_again(db, customer.id, number)
            return added, cart.count_items(db, cart.CartOwner(customer_id=customer.id))

        try:
            result, self.cart_count = self._for_customer(order_again)
        except SignedOut:
            return self._login_redirect()
        if result is None:
            return
        added, skipped = result
        message = self._t("orders.again_added", count=added)
        if skipped:
            message += " " + self._t("orders.again_skipped", count=skipped)
        return toasts.success(message) if added else toasts.warning(message)
