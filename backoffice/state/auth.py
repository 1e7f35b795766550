"""The back-office shell: the merchant's session, the one on-load handler of every back-office page, and sign-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.merchants import accounts, two_factor
from shop.merchants.permissions import Permission, PermissionDenied, allows, require
from shop.models import MerchantUser
from shop.settings.store import get_store_settings
from storefront import toasts
from storefront.state.app import SECURE_COOKIES, AppState, language_var

ADMIN_COOKIE = "ml_admin"
Result = TypeVar("Result")


class NotSignedIn(Exception):
    """The merchant session ended (signed out elsewhere, deactivated, expired)."""


class TwoFactorSetupRequired(NotSignedIn):
    """The shop requires two-factor sign-in and this merchant user has not set it up: only the security
    page is open to them until they do."""


def checked_merchant(db: Session, token: str, permission: Permission, *, gated: bool = True) -> MerchantUser:
    """The merchant of `token`, checked as every back-office handler checks them: signed in, two-factor
    sign-in set up when the shop requires it (`gated`: every page but the security page), and allowed
    `permission`. Raises NotSignedIn, TwoFactorSetupRequired or PermissionDenied."""
    merchant = accounts.current_merchant(db, token)
    if merchant is None:
        raise NotSignedIn()
    if gated and two_factor.setup_required(db, merchant):
        raise TwoFactorSetupRequired()
    return require(merchant, permission)


class AdminState(AppState):
    # A browser-session cookie: the merchant signs in again after closing the browser.
    admin_token: str = rx.Cookie("", name=ADMIN_COOKIE, same_site="strict", secure=SECURE_COOKIES)
    shop_name: str = "Maison Lumen"
    merchant_email: str = ""
    uses_demo_password: bool = False
    # What the pages offer; the server checks again in every handler (shop.merchants.permissions).
    can_edit: bool = False
    is_owner: bool = False
    # The back-office is an area (AppState.dict): storefront page loads leave it out.
    area_path: ClassVar[str] = routes.ADMIN
    _area_in_browser: bool = False
    # Made only for the tabs that use it (AppState.made_on_first_use): a shopper's tab never does.
    made_on_first_use: ClassVar[bool] = True

    def _token(self) -> str:
        return self.admin_token if isinstance(self.admin_token, str) else ""

    async def _forget_merchant(self) -> None:
        """Merchant sign-out or an ended session: nothing of the back-office stays in this tab."""
        self.admin_token = ""
        await self._reset_subtrees([AdminState])

    async def _load_page(self):
        """The one on-load handler of every back-office page: no valid session, no page."""
        token = self._token()

        here = self.rx_router_url.path.rstrip("/") or routes.ADMIN

        def load(db: Session):
            merchant = accounts.current_merchant(db, token)
            self._show(shop_name=get_store_settings(db).shop_name,
                       merchant_email=merchant.email if merchant else "",
                       uses_demo_password=bool(merchant and merchant.uses_demo_password),
                       can_edit=allows(merchant, Permission.EDIT), is_owner=allows(merchant, Permission.OWNER))
            if merchant is not None and self._gated() and two_factor.setup_required(db, merchant):
                return merchant, rx.redirect(routes.ADMIN_SECURITY)  # nothing of this page is loaded
            return merchant, self._load(db, merchant) if merchant else None

        merchant, events = self._work(load)
        if merchant is None:
            if token:
                await self._forget_merchant()
            return rx.redirect(f"{routes.ADMIN_LOGIN}?{urlencode({'next': here}, safe='/')}")
        return events

    def _gated(self) -> bool:
        """Closed to a user who must set up two-factor sign-in first (the security page says no)."""
        return True

    def _load(self, db: Session, merchant: MerchantUser):
        """The page's own data, for a signed-in merchant."""
        return None

    def _as_merchant(self, permission: Permission, work: Callable[[Session, MerchantUser], Result]) -> Result:
        """Run `work(db, merchant)` in one transaction, after reading the merchant session from the database
        and checking their role. Raises NotSignedIn or PermissionDenied (nothing is written then);
        handlers turn them into a message with `_refusal`."""
        token, gated = self._token(), self._gated()
        return self._work(lambda db: work(db, checked_merchant(db, token, permission, gated=gated)))

    def _refusal(self, error: Exception):
        """What the browser gets when `_as_merchant` refused: a toast, or the sign-in page."""
        if isinstance(error, PermissionDenied):
            key = "admin.refused.owner" if error.permission is Permission.OWNER else "admin.refused.read_only"
            return toasts.error(self._t(key))
        if isinstance(error, TwoFactorSetupRequired):
            return rx.redirect(routes.ADMIN_SECURITY)
        return rx.redirect(routes.ADMIN_LOGIN)

    async def sign_out(self):
        token = self._token()
        self._work(lambda db: accounts.sign_out(db, token))
        await self._forget_merchant()
        return rx.redirect(routes.ADMIN_LOGIN)


class AdminLoginState(AdminState):
    _login_error: str = ""  # a message key
    login_wait: str = ""  # with a throttled sign-in: how long to wait ("4 min")
    signing_in: bool = False
    # The second step: the password was right, a code is due. The ticket stays on the server.
    _ticket: str = ""
    needs_code: bool = False
    code_form_key: int = 0

    @language_var
    def login_error(self) -> str:
        return self._t(self._login_error, wait=self.login_wait) if self._login_error else ""

    async def _load_page(self):
        """The sign-in page: a merchant who is signed in already goes to the dashboard."""
        token = self._token()

        def load(db: Session):
            self._show(shop_name=get_store_settings(db).shop_name)
            return accounts.current_merchant(db, token)

        if self._work(load) is not None:
            return rx.redirect(routes.ADMIN)
        self._login_error, self.login_wait, self.signing_in = "", "", False
        self._ticket, self.needs_code = "", False

    def _signed_in(self, result: accounts.SignInResult):
        self.admin_token, self.merchant_email = result.token, result.email
        self._login_error, self._ticket, self.needs_code = "", "", False
        target = self.rx_router_url.query_parameters.get("next", "")
        return rx.redirect(target if routes.is_safe_admin_return_path(target) else routes.ADMIN)

    async def sign_in(self, form_data: dict):
        self.signing_in = True
        yield
        try:
            email = form_data.get("email") if isinstance(form_data, dict) else None
            password = form_data.get("password") if isinstance(form_data, dict) else None
            if not isinstance(email, str) or not email.strip() or not isinstance(password, str) or not password:
                self._login_error = "admin.login.required"
                return
            client, previous = self._client(), self._token()
            result = await self._work_off_loop(lambda db: accounts.sign_in(
                db, email, password, ip_address=client.ip_address, user_agent=client.user_agent,
                current_token=previous))
            if result.needs_code:
                self._ticket, self.needs_code, self._login_error, self.login_wait = result.ticket, True, "", ""
                self.code_form_key += 1
                return
            if result.token is None:
                self._login_error = "admin.login.throttled" if result.wait_text else "admin.login.error"
                self.login_wait = result.wait_text
                return
            yield self._signed_in(result)
        finally:
            self.signing_in = False

    async def verify_code(self, form_data: dict):
        """The second step: a code from the authenticator app, or a recovery code."""
        if not self._ticket:
            self.needs_code = False
            return
        self.signing_in = True
        yield
        try:
            code = form_data.get("code") if isinstance(form_data, dict) else None
            if not isinstance(code, str) or not code.strip() or len(code) > 40:
                self._login_error = "admin.login.code_required"
                return
            client, previous, ticket = self._client(), self._token(), self._ticket
            result = await self._work_off_loop(lambda db: accounts.complete_sign_in(
                db, ticket, code, ip_address=client.ip_address, user_agent=client.user_agent,
                current_token=previous))
            if result.token is None:
                self._login_error, self.login_wait = result.error or "admin.login.code_wrong", result.wait_text
                if not result.ticket:  # expired: back to the password
                    self._ticket, self.needs_code = "", False
                self.code_form_key += 1
                return
            yield self._signed_in(result)
        finally:
            self.signing_in = False

    def restart_sign_in(self):
        self._ticket, self.needs_code, self._login_error, self.login_wait = "", False, "", ""
