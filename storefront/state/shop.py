"""The root state of every page: the visitor's language, the translation table and the header figures."""

from __future__ import annotations

import reflex as rx

from storefront.i18n import LANGUAGES, catalogue, normalize_language
from storefront.services import cart
from storefront.services.store_settings import get_store_settings

ONE_YEAR = 365 * 24 * 3600


class ShopState(rx.State):
    lang: str = rx.Cookie("en", name="ml_lang", max_age=ONE_YEAR, same_site="lax")
    shop_name: str = "Maison Lumen"
    contact_email: str = "hello@maison-lumen.example"
    cart_count: int = 0
    # Opaque key of a guest's persisted cart (the cart issue writes it).
    guest_cart_key: str = rx.LocalStorage("", name="ml_cart")

    @rx.var
    def tr(self) -> dict[str, str]:
        """The whole catalogue of the current language: pages index it with t(key)."""
        return catalogue(self.lang)

    @rx.var
    def language(self) -> str:
        return normalize_language(self.lang)

    @rx.var
    def other_language(self) -> str:
        return "fr" if normalize_language(self.lang) == "en" else "en"

    def set_language(self, lang: str):
        if not isinstance(lang, str) or lang not in LANGUAGES:
            return
        self.lang = lang

    def load_shell(self):
        """Header and footer figures; runs on every page load."""
        with rx.session() as db:
            settings = get_store_settings(db)
            self.shop_name = settings.shop_name
            self.contact_email = settings.contact_email
            key = self.guest_cart_key if isinstance(self.guest_cart_key, str) and len(self.guest_cart_key) <= 64 else ""
            self.cart_count = cart.count_items(db, guest_cart_key=key or None)
            db.commit()


def t(key: str) -> rx.Var:
    """A translated string that follows the visitor's language."""
    return ShopState.tr[key]


def t_dynamic(prefix: str, code: rx.Var) -> rx.Var:
    """Translate a code known only in the browser, e.g. t_dynamic("status.", order["status"])."""
    return ShopState.tr[prefix + code.to(str)]


def t_format(key: str, **params: rx.Var | str) -> rx.Var:
    """A translated string with `{name}` placeholders filled in the browser."""
    text = ShopState.tr[key].to(str)
    for name, value in params.items():
        text = text.replace("{" + name + "}", value)
    return text
