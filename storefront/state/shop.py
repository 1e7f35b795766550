"""The customer shell: the signed-in customer, the header figures, and the one on-load handler of every page."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import cart
from shop.identity import signin
from shop.identity.sessions import Client
from shop.models import Customer, RegistrationMode, utcnow
from shop.settings.store import PageSettings, page_settings, visitor_may_see
from storefront.state.app import SECURE_COOKIES, AppState, Result

THIRTY_DAYS = 30 * 24 * 3600


class SignedOut(Exception):
    """The session behind this tab is gone (signed out, expired, blocked): the visitor signs in again."""


class ShopState(AppState):
    # Whether a visitor may open this state's page in a members-only shop (signing in, joining, the legal
    # texts). Said by the page's state, never read from the path: the browser writes that into every event.
    open_to_visitors: ClassVar[bool] = False

    # The sign-in token lives in one of two cookies: "remember me" keeps it 30 days,
    # otherwise it is a browser-session cookie (the server also ends it after 12 hours).
    remembered_token: str = rx.Cookie("", name="ml_session", max_age=THIRTY_DAYS, same_site="lax",
                                      secure=SECURE_COOKIES)
    browser_token: str = rx.Cookie("", name="ml_session_tmp", same_site="lax", secure=SECURE_COOKIES)
    # A guest's cart key (256 random bits): only this browser holds it, the database only its hash.
    guest_cart_key: str = rx.LocalStorage("", name="ml_cart")

    shop_name: str = "Maison Lumen"
    contact_email: str = "hello@maison-lumen.example"
    registration_mode: str = RegistrationMode.OPEN.value
    cart_count: int = 0
    # Lines of an earlier visit that a sign-in brought back into the cart: the cart and checkout say so.
    cart_merged_lines: int = 0
    wishlist_enabled: bool = True
    signed_in: bool = False
    customer_first_name: str = ""
    # The address waiting for its verification code, carried from sign-up to /verify-email in this tab,
    # and the sign-up's token: only this tab, which chose the password, can complete it with the code.
    pending_email: str = ""
    _pending_sign_up_token: str = ""

    @rx.var
    def registration_open(self) -> bool:
        return self.registration_mode == RegistrationMode.OPEN.value

    # --- who is asking ---

    def _session_token(self) -> str:
        token = self.remembered_token or self.browser_token
        return token if isinstance(token, str) else ""

    def _client(self) -> Client:
        client = super()._client()
        return Client(ip_address=client.ip_address, user_agent=client.user_agent,
                      current_token=self._session_token())

    def _current_customer(self, db: Session) -> Customer | None:
        """Re-read from the database on every call: a cached flag proves nothing."""
        return signin.current_customer(db, self._session_token())

    def _as_customer(self, work):
        """`work(db, customer)` for the customer of this tab's session, resolved in the same transaction;
        SignedOut when the session is gone."""
        token = self._session_token()

        def run(db: Session):
            customer = signin.current_customer(db, token)
            if customer is None:
                raise SignedOut
            return work(db, customer)

        return run

    def _for_customer(self, work, *, keep_refusals: bool = False) -> Result:
        """One unit of work for the signed-in customer: who is asking, the service call, one commit."""
        return self._work(self._as_customer(work), keep_refusals=keep_refusals)

    async def _for_customer_off_loop(self, work, *, keep_refusals: bool = False) -> Result:
        """The same in a worker thread, for work that checks a password."""
        return await self._work_off_loop(self._as_customer(work), keep_refusals=keep_refusals)

    async def set_language(self, lang: str):
        """The header's switch; a signed-in customer's choice is kept on their record (`_keep_language`).
        Defined here too: Reflex runs an inherited handler on the state that defines it."""
        await self._switch_language(lang)

    async def _remember_session(self, token: str, remember_me: bool, *, first_name: str = "",
                                language: str = "") -> None:
        self.remembered_token = token if remember_me else ""
        self.browser_token = "" if remember_me else token
        self.signed_in = True
        self.customer_first_name = first_name
        self._show(pending_email="")  # a sign-up waiting for its code is over
        self._pending_sign_up_token = ""
        if language:  # the language kept on their record
            await self._use_language(language)

    async def _forget_customer(self) -> None:
        """Sign-out, an expired session, a block or another sign-in: nothing of the customer stays in this
        tab's state, which the next person at a shared computer would otherwise be sent on reload."""
        self.remembered_token = ""
        self.browser_token = ""
        self._show(signed_in=False, customer_first_name="", pending_email="", cart_count=0, cart_merged_lines=0)
        self._pending_sign_up_token = ""
        await self._reset_subtrees(list(ShopState.get_substates()))

    def _guest_key(self) -> str:
        key = self.guest_cart_key
        return key if isinstance(key, str) and len(key) <= cart.MAX_GUEST_KEY else ""

    def _cart_owner(self, customer: Customer | None) -> cart.CartOwner:
        return cart.owner_for(customer, self._guest_key())

    def _merge_guest_cart(self) -> None:
        """After any sign-in: this browser's guest cart joins the customer's, and the browser forgets
        its key (a shared computer shows an empty cart after sign-out)."""
        key, token = self._guest_key(), self._session_token()
        if not key:
            return

        def merge(db: Session):
            customer = signin.current_customer(db, token)
            if customer is None:
                return 0, 0
            merged = cart.merge_guest_cart(db, key, customer)
            return merged, cart.count_items(db, cart.CartOwner(customer_id=customer.id))

        merged, count = self._work(merge)
        self.guest_cart_key = ""
        self._show(cart_merged_lines=merged, cart_count=count)

    def _path(self) -> str:
        return self.rx_router_url.path.rstrip("/") or "/"

    def _login_redirect(self):
        return rx.redirect(f"{routes.LOGIN}?{urlencode({'next': self._path()}, safe='/')}")

    def _keep_language(self, lang: str) -> None:
        if not self._session_token():
            return

        def keep(db: Session) -> None:
            customer = self._current_customer(db)
            if customer is not None and customer.language != lang:
                customer.language, customer.updated_at = lang, utcnow()
                db.add(customer)

        self._work(keep)

    # --- the page load ---

    async def _load_page(self):
        """The one on-load handler of every shop page, in one transaction: who is asking (resolved once),
        the header figures, the page's guard, and the page's own data (`_load`)."""
        token = self._session_token()
        cart_key = self._guest_key()

        def load(db: Session):
            settings = page_settings(db)
            customer = signin.current_customer(db, token)
            self._show(
                shop_name=settings.shop_name,
                contact_email=settings.contact_email,
                registration_mode=settings.registration_mode,
                wishlist_enabled=settings.wishlist_enabled,
                cart_count=cart.count_items(db, cart.owner_for(customer, cart_key)),
                signed_in=customer is not None,
                customer_first_name=customer.first_name if customer else "",
            )
            refusal = self._guard(settings, customer)
            return customer, refusal if refusal else self._load(db, customer)

        # One transaction, committed: it also keeps the session's "last seen", written when it resolved.
        customer, events = self._work(load)
        if customer is None and token:
            await self._forget_customer()  # expired, signed out elsewhere, or blocked
        return events

    def _guard(self, settings: PageSettings, customer: Customer | None):
        """A redirect when this visitor may not see the page; None to go on."""
        if not visitor_may_see(settings, signed_in=customer is not None, open_to_visitors=self.open_to_visitors):
            return self._login_redirect()
        return None

    def _load(self, db: Session, customer: Customer | None):
        """The page's own data, in the page load's transaction. Returns events to run next, if any."""
        return None
