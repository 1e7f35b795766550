"""The root state of every page: language, translations, the signed-in customer and header figures."""

from __future__ import annotations

import logging
import uuid
from urllib.parse import urlencode

import reflex as rx

from shop import routes
from shop.catalog import cart
from shop.config import get_settings
from shop.i18n import LANGUAGES, catalogue, normalize_language
from shop.identity import signin
from shop.identity.sessions import Client
from shop.models import Customer, RegistrationMode, utcnow
from shop.settings.store import get_store_settings

log = logging.getLogger("storefront")
ONE_YEAR = 365 * 24 * 3600
THIRTY_DAYS = 30 * 24 * 3600
SECURE_COOKIES = get_settings().secure_cookies


class ShopState(rx.State):
    lang: str = rx.Cookie("en", name="ml_lang", max_age=ONE_YEAR, same_site="lax", secure=SECURE_COOKIES)
    # The sign-in token lives in one of two cookies: "remember me" keeps it 30 days,
    # otherwise it is a browser-session cookie (the server also ends it after 12 hours).
    remembered_token: str = rx.Cookie("", name="ml_session", max_age=THIRTY_DAYS, same_site="lax",
                                      secure=SECURE_COOKIES)
    browser_token: str = rx.Cookie("", name="ml_session_tmp", same_site="lax", secure=SECURE_COOKIES)
    # Opaque key of a guest's persisted cart (the cart issue writes it).
    guest_cart_key: str = rx.LocalStorage("", name="ml_cart")

    shop_name: str = "Maison Lumen"
    contact_email: str = "hello@maison-lumen.example"
    registration_mode: str = RegistrationMode.OPEN.value
    cart_count: int = 0
    wishlist_enabled: bool = True
    signed_in: bool = False
    customer_first_name: str = ""
    # The address waiting for its verification code, carried from sign-up to /verify-email in this tab,
    # and the sign-up's token: only this tab, which chose the password, can complete it with the code.
    pending_email: str = ""
    _pending_sign_up_token: str = ""

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

    @rx.var
    def registration_open(self) -> bool:
        return self.registration_mode == RegistrationMode.OPEN.value

    # --- helpers for every handler (underscore: the browser cannot call them) ---

    def _session_token(self) -> str:
        token = self.remembered_token or self.browser_token
        return token if isinstance(token, str) else ""

    def _client(self) -> Client:
        return Client(ip_address=(self.router.session.client_ip or "")[:64],
                      user_agent=(self.router.headers.user_agent or "")[:300],
                      current_token=self._session_token())

    def _current_customer(self, db) -> Customer | None:
        """Re-read from the database on every call: a cached flag proves nothing."""
        return signin.current_customer(db, self._session_token())

    def _remember_session(self, token: str, remember_me: bool, *, first_name: str = "", language: str = "") -> None:
        self.remembered_token = token if remember_me else ""
        self.browser_token = "" if remember_me else token
        self.signed_in = True
        self.customer_first_name = first_name
        # The language kept on the customer's record; assigned only on a change, because a new
        # value re-sends the whole translation table to the browser.
        if language and normalize_language(language) != self.language:
            self.lang = normalize_language(language)

    async def _forget_customer(self) -> None:
        """Sign-out, an expired session or a block: nothing of the customer stays in this tab's state,
        which the next person at a shared computer would otherwise be sent on reload."""
        from storefront.state.reset import reset_customer_states

        self.remembered_token = ""
        self.browser_token = ""
        self._show(signed_in=False, customer_first_name="", pending_email="", cart_count=0)
        self._pending_sign_up_token = ""
        await reset_customer_states(self)

    def _path(self) -> str:
        return self.router.url.path.rstrip("/") or "/"

    def _login_redirect(self):
        return rx.redirect(f"{routes.LOGIN}?{urlencode({'next': self._path()}, safe='/')}")

    def _may_browse(self, db, customer: Customer | None) -> bool:
        """A members-only shop shows its pages to signed-in customers only."""
        if customer is not None:
            return True
        return get_store_settings(db).registration_mode != RegistrationMode.MEMBERS_ONLY.value

    def _show(self, **values) -> None:
        """Set view vars, leaving equal ones untouched: Reflex re-sends every var that is assigned, and
        the browser then re-renders all that uses it (the header, on every page load)."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _unexpected(self, where: str) -> str:
        """Log an error a person cannot fix, with an id to find it again."""
        correlation_id = uuid.uuid4().hex[:12]
        log.exception("unexpected error in %s [%s]", where, correlation_id)
        return correlation_id

    # --- events ---

    def set_language(self, lang: str):
        if not isinstance(lang, str) or lang not in LANGUAGES:
            return
        self.lang = lang
        if not self._session_token():
            return
        with rx.session() as db:  # a signed-in customer's choice is kept on their record
            customer = self._current_customer(db)
            if customer is not None and customer.language != lang:
                customer.language, customer.updated_at = lang, utcnow()
                db.add(customer)
            db.commit()

    async def load_shell(self):
        """Header and footer figures and the signed-in customer; runs on every page load."""
        with rx.session() as db:
            settings = get_store_settings(db)
            customer = self._current_customer(db)
            key = self.guest_cart_key if isinstance(self.guest_cart_key, str) and len(self.guest_cart_key) <= 64 else ""
            self._show(
                shop_name=settings.shop_name,
                contact_email=settings.contact_email,
                registration_mode=settings.registration_mode,
                wishlist_enabled=settings.wishlist_enabled,
                cart_count=cart.count_items(db, customer_id=customer.id if customer else None,
                                            guest_cart_key=key or None),
                signed_in=customer is not None,
                customer_first_name=customer.first_name if customer else "",
            )
            members_only = settings.registration_mode == RegistrationMode.MEMBERS_ONLY.value
            db.commit()
        if customer is None and self._session_token():
            await self._forget_customer()  # expired, signed out elsewhere, or blocked
        if members_only and customer is None and not self._path().startswith(routes.PUBLIC_IN_MEMBERS_ONLY):
            return self._login_redirect()


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
