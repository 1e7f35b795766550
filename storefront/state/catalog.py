"""Catalogue pages: the product grid and the product page."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import cart, products, stock_alerts
from shop.common.validation import FieldError
from shop.i18n import LANGUAGES
from shop.identity import signin
from shop.models import Customer
from storefront import toasts, views
from storefront.state.app import language_var
from storefront.state.shop import ShopState

PAGE_SIZE = 12


def requested_page(raw: object) -> int:
    """`?page=N` as a page number; anything else is the first page."""
    return max(1, int(raw)) if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 4 else 1


class CatalogState(ShopState):
    # The catalogue is an area (AppState.dict) of the home page alone: other page loads leave it out.
    area_path: ClassVar[str] = routes.HOME
    _area_in_browser: bool = False
    # One page of the grid (rows and this visitor's prices), queried once: the cards are made in the
    # visitor's language, and again from the same rows on a switch (no reload).
    _card_rows: list[tuple[products.GridItem, int]] = []
    loaded: bool = False
    total: int = 0
    page: int = 1
    pages: int = 1
    category: str = ""  # the category shown, "" for all
    search: str = ""  # the words searched, "" for none
    category_codes: list[str] = []

    @language_var
    def cards(self) -> list[dict]:
        return [views.grid_card(item, price, self.language) for item, price in self._card_rows]

    @rx.var
    def filter_query(self) -> str:
        """The category and search of this page, for the page links to keep ("category=tea&")."""
        kept = {name: value for name, value in (("category", self.category), ("q", self.search)) if value}
        return urlencode(kept) + "&" if kept else ""

    def search_for(self, form_data: dict):
        """The search box once the page is live (before, the browser submits it as a plain GET form)."""
        words = products.clean_search(form_data.get("q") if isinstance(form_data, dict) else "")
        return rx.redirect("/?" + urlencode({"q": words}) + "#collection" if words else "/#collection")

    def _load(self, db: Session, customer: Customer | None):
        query = self.rx_router_url.query_parameters
        search = products.clean_search(query.get("q", ""))
        grid = products.grid_page(db, customer, category=query.get("category", ""), search=search,
                                  page=requested_page(query.get("page")), page_size=PAGE_SIZE)
        self.category_codes, self.category, self.search = grid.categories, grid.category, search
        self.total, self.pages, self.page = grid.total, grid.pages, grid.page
        self._card_rows = [(item, grid.prices[item.id]) for item in grid.items]
        self.loaded = True


class ProductState(ShopState):
    # An area (AppState.dict): page loads elsewhere leave the product pages out.
    area_path: ClassVar[str] = routes.PRODUCT.rsplit("/", 1)[0]
    _area_in_browser: bool = False
    _product_by_lang: dict[str, dict] = {}
    loaded: bool = False
    found: bool = False
    shown_slug: str = ""  # the product the data is for: another product's page never flashes it

    @language_var
    def product(self) -> dict:
        return self._product_by_lang.get(self.language, {})

    def _load(self, db: Session, customer: Customer | None):
        slug = self._last_path_segment()
        found = products.find_product(db, slug, customer)
        self.found = found is not None
        self._product_by_lang = {lang: views.product_card(found, lang) for lang in LANGUAGES} if found else {}
        self.loaded, self.shown_slug = True, slug
        return self._load_product(db, customer)

    def _load_product(self, db: Session, customer: Customer | None):
        """More of the product page, for a substate (the wishlist heart)."""
        return None


class ProductCartState(ProductState):
    """The product page's "Add to cart": a guest gets a cart key the first time. One round trip: the
    header's count and the toast come back with the event's only answer."""

    cart_error: str = ""

    def add_to_cart(self, form_data: dict):
        product_id = self.product.get("id")
        if not product_id:
            return
        token, key = self._session_token(), self._guest_key()
        quantity = form_data.get("quantity", "1") if isinstance(form_data, dict) else None

        def add(db: Session):
            customer = signin.current_customer(db, token)
            owner_key = key or (cart.new_guest_key() if customer is None else "")
            owner = cart.owner_for(customer, owner_key)
            return owner_key, cart.add(db, owner, customer, product_id, quantity).cart_count

        try:
            new_key, count = self._work(add)
        except cart.CartRefusal as refused:
            self.cart_error = self._t(refused.key)
            return
        if new_key and new_key != key:
            self.guest_cart_key = new_key
        self._show(cart_error="", cart_count=count)  # an unchanged error is not sent again
        return toasts.success(self._t("cart.added"), position="bottom-center")


class StockAlertState(ProductState):
    """"Email me when it is back" on a sold-out product's page."""

    alert_done: str = ""  # the confirmation, in words
    alert_error: str = ""
    alert_slug: str = ""  # the product both are about: another product's page never shows them

    def ask_stock_alert(self, form_data: dict):
        product_id, lang, client_ip = self.product.get("id"), self.language, self._client().ip_address
        self.alert_slug, self.alert_done = self.shown_slug, ""
        email = form_data.get("email") if isinstance(form_data, dict) else None
        try:
            address = self._work(lambda db: stock_alerts.ask(db, product_id, email, lang, client_ip))
        except FieldError as error:
            self.alert_error = self._t(error.key)
            return
        except LookupError:
            self.alert_error = self._t("cart.error.unknown_product")
            return
        self.alert_error, self.alert_done = "", self._t("product.notify_done", email=address)
