"""Catalogue pages: the product grid and the product page."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from shop.catalog import products
from shop.i18n import LANGUAGES
from shop.models import Customer
from storefront import views
from storefront.state.shop import ShopState


class CatalogState(ShopState):
    # Cards are queried once and formatted for every language, so a language switch needs no reload.
    _cards_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False

    @rx.var
    def cards(self) -> list[dict]:
        return self._cards_by_lang.get(self.language, [])

    def _load(self, db: Session, customer: Customer | None):
        listed = products.list_products(db, customer)
        self._cards_by_lang = {lang: [views.product_card(item, lang) for item in listed] for lang in LANGUAGES}
        self.loaded = True


class ProductState(ShopState):
    _product_by_lang: dict[str, dict] = {}
    loaded: bool = False
    found: bool = False
    shown_slug: str = ""  # the product the data is for: another product's page never flashes it

    @rx.var
    def product(self) -> dict:
        return self._product_by_lang.get(self.language, {})

    def _load(self, db: Session, customer: Customer | None):
        slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        found = products.find_product(db, slug, customer)
        self.found = found is not None
        self._product_by_lang = {lang: views.product_card(found, lang) for lang in LANGUAGES} if found else {}
        self.loaded, self.shown_slug = True, slug
        return self._load_product(db, customer)

    def _load_product(self, db: Session, customer: Customer | None):
        """More of the product page, for a substate (the wishlist heart)."""
        return None
