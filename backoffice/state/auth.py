"""Merchant sign-in and the guard every back-office page runs on load."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from shop import routes
from shop.merchants import accounts
from shop.models import MerchantUser
from storefront.state.reset import reset_subtrees
from storefront.state.shop import SECURE_COOKIES, ShopState

ADMIN_COOKIE = "ml_admin"


class AdminState(ShopState):
    # A browser-session cookie: the merchant signs in again after closing the browser.
    admin_token: str = rx.Cookie("", name=ADMIN_COOKIE, same_site="strict", secure=SECURE_COOKIES)
    merchant_email: str = ""
    login_error: str = ""
    login_wait: str = ""  # with a throttled sign-in: how long to wait ("4 min")
    signing_in: bool = False
    uses_demo_password: bool = False

    def _current_merchant(self, db) -> MerchantUser | None:
        return accounts.current_merchant(db, self.admin_token)

    async def _forget_merchant(self) -> None:
        """Merchant sign-out or an ended session: nothing of the back-office stays in this tab."""
        self.admin_token = ""
        await reset_subtrees(self, [AdminState])

    async def require_merchant(self):
        """On load of every back-office page: no valid session, no page."""
        with rx.session() as db:
            user = self._current_merchant(db)
            email = user.email if user else ""
            demo = bool(user and user.uses_demo_password)
            db.commit()
        self._show(merchant_email=email, uses_demo_password=demo)
        if not email:
            if self.admin_token:
                await self._forget_merchant()
            here = self.router.url.path.rstrip("/") or routes.ADMIN
            return rx.redirect(f"{routes.ADMIN_LOGIN}?{urlencode({'next': here}, safe='/')}")

    def redirect_if_signed_in(self):
        with rx.session() as db:
            user = self._current_merchant(db)
        if user is not None:
            return rx.redirect(routes.ADMIN)
        self.login_error = ""

    def sign_in(self, form_data: dict):
        self.signing_in = True
        yield
        try:
            email = form_data.get("email") if isinstance(form_data, dict) else None
            password = form_data.get("password") if isinstance(form_data, dict) else None
            if not isinstance(email, str) or not email.strip() or not isinstance(password, str) or not password:
                self.login_error = "admin.login.required"
                return
            client, previous = self._client(), self.admin_token
            with rx.session() as db:
                result = accounts.sign_in(db, email, password, ip_address=client.ip_address,
                                           user_agent=client.user_agent, current_token=previous)
                db.commit()
            if result.token is None:
                self.login_error = "admin.login.throttled" if result.wait_text else "admin.login.error"
                self.login_wait = result.wait_text
                return
            self.admin_token = result.token
            self.merchant_email = result.email
            self.login_error = ""
            target = self.router.url.query_parameters.get("next", "")
            yield rx.redirect(target if routes.is_safe_admin_return_path(target) else routes.ADMIN)
        finally:
            self.signing_in = False

    async def sign_out(self):
        with rx.session() as db:
            accounts.sign_out(db, self.admin_token)
            db.commit()
        await self._forget_merchant()
        return rx.redirect(routes.ADMIN_LOGIN)
