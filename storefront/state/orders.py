"""The customer's orders on one page: the list, or one order with its timeline, live status and order again.

`/account/orders` and `/account/orders/<number>` are one route (`[[number]]`), so opening an order from the
list, or going back, only swaps the page's content: the header, footer and account menu stay mounted.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from shop import routes
from shop.catalog import cart
from shop.i18n import LANGUAGES, translate
from shop.identity import signin
from shop.orders import history
from storefront.state.account import AccountState

WATCH_EVERY_SECONDS = 2.0
WATCH_AT_MOST_SECONDS = 30 * 60
LIST, DETAIL, NOT_FOUND = "list", "detail", "not_found"


def _detail_in_every_language(db, customer_id: int, number: str) -> dict[str, dict] | None:
    """Formatted for both languages, so switching language needs no reload; None unless it is theirs."""
    found = {lang: history.order_detail(db, customer_id, number, lang) for lang in LANGUAGES}
    return found if all(found.values()) else None


class OrdersState(AccountState):
    _orders_by_lang: dict[str, list[dict]] = {}
    _detail_by_lang: dict[str, dict] = {}
    _number: str = ""
    _watch_generation: int = 0
    _watching: int = 0
    # What the page shows: "" while loading, then "list", "detail" or "not_found".
    view: str = ""
    # The order number the detail is for: the page never shows one order under another's URL.
    shown_number: str = ""

    @rx.var
    def orders(self) -> list[dict]:
        return self._orders_by_lang.get(self.language, [])

    @rx.var
    def order(self) -> dict:
        return self._detail_by_lang.get(self.language, {})

    @rx.var
    def page_title(self) -> str:
        """ "Order ML-1001 · Maison Lumen" on an order, "Orders · Maison Lumen" on the list."""
        if self.shown_number:
            heading = translate(self.language, "orders.number", number=self.shown_number)
        else:
            heading = translate(self.language, "page.orders")
        return f"{heading} · {self.shop_name}"

    def _requested_number(self) -> str:
        """The number in /account/orders/<number>, or "" on the list."""
        return self._path().removeprefix(routes.ACCOUNT_ORDERS).strip("/")

    def load_orders_page(self):
        """On load: the list, or the order if it is this customer's; an open order is then watched."""
        number = self._requested_number()
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return  # require_customer, which runs first, has sent the visitor to sign in
            if not number:
                orders = {lang: history.list_orders(db, customer.id, lang) for lang in LANGUAGES}
            else:
                detail = _detail_in_every_language(db, customer.id, number)
        self._watch_generation += 1  # stops the watch of the order shown before
        if not number:
            self._orders_by_lang = orders
            self._number, self.shown_number, self.view = "", "", LIST
            return
        self._show_detail(number, detail)
        if detail:
            return OrdersState.watch_order(self._watch_generation)

    def open_order(self, number: str):
        """A click on an order in a list: show the order first, then change the address bar.

        The page's on-load that the new address runs checks the order again and starts watching it.
        """
        if not isinstance(number, str) or not number:
            return
        with rx.session() as db:
            customer = self._current_customer(db)
            # This language only, to show it sooner; the on-load adds the other one.
            detail = history.order_detail(db, customer.id, number, self.language) if customer else None
        if customer is None:
            yield self._login_redirect()
            return
        self._show_detail(number, {self.language: detail} if detail else None)
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
        """Poll the order's version stamp; when the merchant changes it, refresh the page's data.

        Only the generation that the last page load started may run, once: a browser cannot start more.
        """
        async with self:
            if not isinstance(generation, int) or generation != self._watch_generation or \
                    self._watching == generation:
                return
            self._watching = generation
            version = self.order.get("version", "")
        deadline = time.monotonic() + WATCH_AT_MOST_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(WATCH_EVERY_SECONDS)
            async with self:
                if self._watch_generation != generation or not self._requested_number():
                    return
                token, number = self._session_token(), self._number
            latest, customer_id = await asyncio.to_thread(self._version_for, token, number)
            if latest is None:
                return  # signed out, or the order is no longer this customer's
            if latest != version:
                detail = await asyncio.to_thread(self._fresh_detail, customer_id, number)
                async with self:
                    if self._watch_generation != generation or detail is None:
                        return
                    self._detail_by_lang = detail
                    version = latest

    @staticmethod
    def _fresh_detail(customer_id: int, number: str) -> dict[str, dict] | None:
        with rx.session() as db:
            return _detail_in_every_language(db, customer_id, number)

    @staticmethod
    def _version_for(token: str, number: str) -> tuple[str | None, int | None]:
        with rx.session() as db:
            customer = signin.current_customer(db, token)
            if customer is None:
                return None, None
            return history.order_version(db, customer.id, number), customer.id

    def order_again(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            result = history.order_again(db, customer.id, self._number)
            db.commit()
            self.cart_count = cart.count_items(db, customer_id=customer.id)
        if result is None:
            return
        added, skipped = result
        message = translate(self.language, "orders.again_added", count=added)
        if skipped:
            message += " " + translate(self.language, "orders.again_skipped", count=skipped)
        return rx.toast.success(message) if added else rx.toast.warning(message)
