"""/cart: the lines with today's prices, quantities to change, and the way to the checkout."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import cart
from shop.customers import addresses
from shop.i18n import LANGUAGES
from shop.identity import signin
from shop.models import Customer
from storefront import views
from storefront.state.app import language_var
from storefront.state.shop import ShopState


class CartState(ShopState):
    # An area (AppState.dict): page loads elsewhere leave the cart page out.
    area_path: ClassVar[str] = routes.CART
    _area_in_browser: bool = False
    _view_by_lang: dict[str, dict] = {}
    loaded: bool = False
    error: str = ""

    @language_var
    def view(self) -> dict:
        return self._view_by_lang.get(self.language, {"lines": [], "count": 0})

    @rx.var
    def lines(self) -> list[dict]:
        return self.view.get("lines", [])

    def _read(self, db: Session, customer: Customer | None) -> None:
        priced = cart.priced_cart(db, self._cart_owner(customer), customer)
        # Shipping depends on the country: the cart says which one it is priced for.
        self._view_by_lang = {lang: views.cart_view(priced, lang, addresses.country_name(priced.destination, lang))
                              for lang in LANGUAGES}
        self._show(cart_count=priced.count, loaded=True)

    def _load(self, db: Session, customer: Customer | None):
        self.error = ""
        self._read(db, customer)

    def _change(self, change) -> None:
        """`change(db, customer, owner)` then the cart read again, in one transaction."""
        token, key = self._session_token(), self._guest_key()

        def run(db: Session):
            customer = signin.current_customer(db, token)
            change(db, customer, cart.owner_for(customer, key))
            self._read(db, customer)

        try:
            self._work(run)
            self.error = ""
        except cart.CartRefusal as refused:
            self.error = self._t(refused.key)

    def set_quantity(self, product_id: int, quantity: str):
        self._change(lambda db, customer, owner: cart.set_quantity(db, owner, product_id, quantity))

    def remove(self, product_id: int):
        self._change(lambda db, customer, owner: cart.set_quantity(db, owner, product_id, 0))

    def dismiss_merge_notice(self):
        self.cart_merged_lines = 0
