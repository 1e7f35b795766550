"""The wishlist: the list page, and the heart on product pages."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import wishlist
from shop.i18n import LANGUAGES
from shop.models import Customer
from storefront import toasts, views
from storefront.state.account import AccountState
from storefront.state.app import language_var
from storefront.state.catalog import ProductState
from storefront.state.shop import SignedOut


class WishlistState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the wishlist out.
    area_path: ClassVar[str] = routes.ACCOUNT_WISHLIST
    _area_in_browser: bool = False
    _items_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False

    @language_var
    def items(self) -> list[dict]:
        return self._items_by_lang.get(self.language, [])

    @staticmethod
    def _read(db: Session, customer: Customer) -> dict[str, list[dict]]:
        wished = wishlist.wishlist_items(db, customer.id)
        return {lang: [views.wishlist_row(item, lang) for item in wished] for lang in LANGUAGES}

    def _load_account(self, db: Session, customer: Customer):
        try:
            self._items_by_lang, self.loaded = self._read(db, customer), True
        except wishlist.WishlistDisabled:
            self._items_by_lang = {}
            return rx.redirect(routes.ACCOUNT)

    def remove(self, product_id: int):
        def remove_and_read(db: Session, customer: Customer) -> dict[str, list[dict]]:
            wishlist.remove_from_wishlist(db, customer.id, product_id)
            return self._read(db, customer)

        try:
            self._items_by_lang = self._for_customer(remove_and_read)
        except SignedOut:
            return self._login_redirect()
        except (LookupError, wishlist.WishlistDisabled):
            return


WISH_QUERY = "?wish=1"


class ProductWishlistState(ProductState):
    in_wishlist: bool = False

    def _load_product(self, db: Session, customer: Customer | None):
        product_id = self.product.get("id")
        self.in_wishlist = False
        if customer is None or not product_id:
            return
        try:
            if self.rx_router_url.query_parameters.get("wish") == "1":  # back from sign-in with a wish
                wishlist.add_to_wishlist(db, customer.id, self.product.get("slug"))
                self.in_wishlist = True
                return toasts.success(self._t("wishlist.added"))
            self.in_wishlist = wishlist.is_in_wishlist(db, customer.id, product_id)
        except (LookupError, wishlist.WishlistDisabled):
            self.in_wishlist = False

    def toggle_wishlist(self):
        """Add or remove the product on this page; a visitor is asked to sign in first."""
        slug, product_id, saved = self.product.get("slug"), self.product.get("id"), self.in_wishlist

        def toggle(db: Session, customer: Customer) -> None:
            if saved:
                wishlist.remove_from_wishlist(db, customer.id, product_id)
            else:
                wishlist.add_to_wishlist(db, customer.id, slug)

        try:
            self._for_customer(toggle)
        except SignedOut:
            # Sign in, then back here with the wish: the product page saves it (the click is not lost).
            return rx.redirect(f"{routes.LOGIN}?{urlencode({'next': self._path() + WISH_QUERY}, safe='/')}")
        except (LookupError, wishlist.WishlistDisabled):
            return
        self.in_wishlist = not saved
        return toasts.success(self._t("wishlist.added" if self.in_wishlist else "wishlist.removed"))
