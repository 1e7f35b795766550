"""The customer's orders: the list, one order with its timeline, live status, and order again."""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from storefront.i18n import LANGUAGES, translate
from storefront.services import cart, customer_orders
from storefront.state.account import AccountState

WATCH_EVERY_SECONDS = 2.0
WATCH_AT_MOST_SECONDS = 30 * 60


class OrdersState(AccountState):
    _orders_by_lang: dict[str, list[dict]] = {}
    orders_loaded: bool = False

    @rx.var
    def orders(self) -> list[dict]:
        return self._orders_by_lang.get(self.language, [])

    def load_orders(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return
            self._orders_by_lang = {lang: customer_orders.list_orders(db, customer.id, lang) for lang in LANGUAGES}
        self.orders_loaded = True


class OrderDetailState(AccountState):
    _detail_by_lang: dict[str, dict] = {}
    _number: str = ""
    _watch_generation: int = 0
    _watching: int = 0
    loaded: bool = False
    found: bool = False
    # The order number the data above is for: the page shows nothing of another order meanwhile.
    shown_number: str = ""

    @rx.var
    def order(self) -> dict:
        return self._detail_by_lang.get(self.language, {})

    def _requested_number(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _load_detail(self, customer_id: int, number: str) -> dict[str, dict] | None:
        with rx.session() as db:
            found = {lang: customer_orders.order_detail(db, customer_id, number, lang) for lang in LANGUAGES}
        return found if all(found.values()) else None

    def load_order(self):
        """Load the order if it is this customer's, then keep watching it while the page is open."""
        number = self._requested_number()
        with rx.session() as db:
            customer = self._current_customer(db)
        self.loaded = True
        if customer is None:
            return
        detail = self._load_detail(customer.id, number)
        # Another customer's order and a made-up number look the same: "not found".
        self.found = detail is not None
        self._detail_by_lang = detail or {}
        self.shown_number = number
        self._number = number if detail else ""
        self._watch_generation += 1
        if detail:
            return OrderDetailState.watch_order(self._watch_generation)

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
                if self._watch_generation != generation or not self.router.url.path.startswith("/account/orders/"):
                    return
                token, number = self._session_token(), self._number
            latest, customer_id = await asyncio.to_thread(self._version_for, token, number)
            if latest is None:
                return  # signed out, or the order is no longer this customer's
            if latest != version:
                detail = await asyncio.to_thread(self._load_detail, customer_id, number)
                async with self:
                    if self._watch_generation != generation or detail is None:
                        return
                    self._detail_by_lang = detail
                    version = latest

    @staticmethod
    def _version_for(token: str, number: str) -> tuple[str | None, int | None]:
        from storefront.services import signin

        with rx.session() as db:
            customer = signin.current_customer(db, token)
            if customer is None:
                return None, None
            return customer_orders.order_version(db, customer.id, number), customer.id

    def order_again(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            result = customer_orders.order_again(db, customer.id, self._number)
            db.commit()
            self.cart_count = cart.count_items(db, customer_id=customer.id)
        if result is None:
            return
        added, skipped = result
        message = translate(self.language, "orders.again_added", count=added)
        if skipped:
            message += " " + translate(self.language, "orders.again_skipped", count=skipped)
        return rx.toast.success(message) if added else rx.toast.warning(message)
