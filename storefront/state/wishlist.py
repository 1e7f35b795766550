"""The wishlist: the list page, and the heart on product pages."""

from __future__ import annotations

import reflex as rx

from shop.catalog import wishlist
from shop.i18n import LANGUAGES
from storefront.state.account import AccountState
from storefront.state.catalog import ProductState


class WishlistState(AccountState):
    _items_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False

    @rx.var
    def items(self) -> list[dict]:
        return self._items_by_lang.get(self.language, [])

    def _reload(self, db, customer_id: int) -> None:
        self._items_by_lang = {lang: wishlist.wishlist_items(db, customer_id, lang) for lang in LANGUAGES}
        self.loaded = True

    def load_wishlist(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return
            try:
                self._reload(db, customer.id)
            except wishlist.WishlistDisabled:
                self._items_by_lang = {}
                return rx.redirect("/account")

    def remove(self, product_id: int):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                wishlist.remove_from_wishlist(db, customer.id, product_id)
            except (LookupError, wishlist.WishlistDisabled):
                return
            db.commit()
            self._reload(db, customer.id)


class ProductWishlistState(ProductState):
    in_wishlist: bool = False

    def load_wishlist_flag(self):
        self.in_wishlist = False
        with rx.session() as db:
            customer = self._current_customer(db)
            product_id = self.product.get("id")
            if customer is None or not product_id:
                return
            try:
                self.in_wishlist = wishlist.is_in_wishlist(db, customer.id, product_id)
            except wishlist.WishlistDisabled:
                self.in_wishlist = False

    def toggle_wishlist(self):
        """Add or remove the product on this page; a visitor is asked to sign in first."""
        slug, product_id = self.product.get("slug"), self.product.get("id")
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                if self.in_wishlist:
                    wishlist.remove_from_wishlist(db, customer.id, product_id)
                else:
                    wishlist.add_to_wishlist(db, customer.id, slug)
            except (LookupError, wishlist.WishlistDisabled):
                return
            db.commit()
        self.in_wishlist = not self.in_wishlist
        key = "wishlist.added" if self.in_wishlist else "wishlist.removed"
        return rx.toast.success(self.tr.get(key, ""))
