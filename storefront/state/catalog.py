"""Catalogue pages: the product grid and the product page."""

from __future__ import annotations

import reflex as rx

from shop.catalog import products
from shop.i18n import LANGUAGES
from storefront.state.shop import ShopState


class CatalogState(ShopState):
    # Cards are formatted once per language at load, so a language switch needs no reload.
    _cards_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False

    @rx.var
    def cards(self) -> list[dict]:
        return self._cards_by_lang.get(self.language, [])

    @rx.var
    def product_count_label(self) -> str:
        return self.tr.get("home.product_count", "{count}").format(count=len(self.cards))

    def load_catalogue(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if not self._may_browse(db, customer):
                self._cards_by_lang = {}
                return
            self._cards_by_lang = {lang: products.list_product_cards(db, lang, customer) for lang in LANGUAGES}
        self.loaded = True


class ProductState(ShopState):
    _product_by_lang: dict[str, dict] = {}
    loaded: bool = False
    found: bool = False
    shown_slug: str = ""  # the product the data is for: another product's page never flashes it

    @rx.var
    def product(self) -> dict:
        return self._product_by_lang.get(self.language, {})

    def load_product(self):
        slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        with rx.session() as db:
            customer = self._current_customer(db)
            if not self._may_browse(db, customer):
                self._product_by_lang, self.found, self.loaded = {}, False, False
                return
            by_lang = {lang: products.product_card(db, slug, lang, customer) for lang in LANGUAGES}
        self.found = all(by_lang.values())
        self._product_by_lang = by_lang if self.found else {}
        self.loaded, self.shown_slug = True, slug
