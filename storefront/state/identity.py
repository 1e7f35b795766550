"""Sign-up, verification, sign-in (password, code, link), password reset and invitations.

Each handler reads the browser's form payload as untrusted, calls one service in one unit of work, and
turns the outcome into view vars: `_errors` maps a field name to a message key, and `errors` shows the
messages in the visitor's language. Handlers that check or hash a password run off the event loop.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.common.validation import FieldError, FormErrors, form_value, is_checked
from shop.identity import invitations, password_reset, signin, signup
from shop.identity.signin import SignInOutcome, SignInStatus
from shop.models import Customer
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.shop import ShopState


def with_wait(errors: dict[str, str], wait_text: str) -> dict[str, str]:
    """Errors for the page; a throttled one also carries the wait that fills its {wait}."""
    return {**errors, "wait": wait_text} if wait_text else errors


class FormState(ShopState):
    """Shared by the identity forms: field errors, a busy flag, and where to go after sign-in."""

    open_to_visitors: ClassVar[bool] = True  # how a visitor gets in, members-only shop or not

    _errors: dict[str, str] = {}
    busy: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _load(self, db: Session, customer: Customer | None):
        """Each visit starts with a clean form. The submit button waits for this on-load, so the reset
        can never undo a quick submit."""
        self._errors, self.busy = {}, False
        return self._open(db, customer)

    def _open(self, db: Session, customer: Customer | None):
        """What this page reads or resets on each visit."""
        return None

    def _return_path(self) -> str:
        target = self.rx_router_url.query_parameters.get("next", "")
        return target if routes.is_safe_return_path(target) else routes.ACCOUNT

    async def _signed_in(self, outcome: SignInOutcome, remember_me: bool = False):
        """Keep the token, fill the account page in advance (it renders at once), and go there.
        Whatever this tab held of a previous customer goes first."""
        target = self._return_path()
        if self._session_token() or self.signed_in:  # a tab that held nobody has nothing to forget
            await self._forget_customer()
        await self._remember_session(outcome.session_token, remember_me, first_name=outcome.first_name,
                               language=outcome.language)
        self._merge_guest_cart()
        account = await self.get_state(AccountState)
        account.email, account.can_order = outcome.email, outcome.can_order
        return rx.redirect(target)

    async def _signed_in_with_token(self, token: str):
        outcome = await self._work_off_loop(lambda db: signin.signed_in_outcome(db, token))
        return await self._signed_in(outcome)


class SignupState(FormState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.SIGNUP
    _area_in_browser: bool = False
    async def submit(self, form_data: dict):
        self.busy = True
        yield
        client, lang = self._client(), self.language
        try:
            outcome = await self._work_off_loop(lambda db: signup.sign_up(db, form_data, lang=lang, client=client))
        except FormErrors as error:
            self._errors, self.busy = error.errors, False
            return
        except Exception:
            self._unexpected("sign-up")
            self._errors, self.busy = {"form": "error.generic"}, False
            return
        self._errors, self.busy = {}, False
        self.pending_email = outcome.email
        self._pending_sign_up_token = outcome.pending_sign_up_token
        if outcome.session_token:
            yield await self._signed_in_with_token(outcome.session_token)
        else:
            yield rx.redirect(routes.VERIFY_EMAIL)


class VerifyEmailState(FormState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.VERIFY_EMAIL
    _area_in_browser: bool = False
    resent: bool = False

    def _open(self, db: Session, customer: Customer | None):
        self.resent = False

    async def submit(self, form_data: dict):
        pending, client = self._pending_sign_up_token, self._client()
        # Committed even when the code is refused: wrong tries are counted.
        outcome = await self._work_off_loop(lambda db: signup.verify_email(
            db, pending, form_value(form_data, "code"), client=client))
        if not outcome.ok:
            self._errors = with_wait({outcome.error_field: outcome.error_key}, outcome.wait_text)
            return
        self._errors = {}
        return await self._signed_in_with_token(outcome.session_token)

    def send_new_code(self):
        pending, client = self._pending_sign_up_token, self._client()
        self._work(lambda db: signup.send_new_verification_code(db, pending, client=client))
        self.resent = True


class LoginState(FormState):
    def _open(self, db: Session, customer: Customer | None):
        if customer is not None:
            return rx.redirect(self._return_path())

    async def submit(self, form_data: dict):
        # No "busy" round trip here: the answer comes within a bcrypt check, and a second click only
        # replaces the session the first one opened.
        remember = is_checked(form_value(form_data, "remember_me"))
        client = self._client()
        try:
            outcome = await self._work_off_loop(lambda db: signin.sign_in_with_password(
                db, form_value(form_data, "email"), form_value(form_data, "password"), remember_me=remember,
                client=client))
        except Exception:
            self._unexpected("sign-in")
            self._errors = {"form": "error.generic"}
            return
        if outcome.status == SignInStatus.OK:
            self._show(_errors={})  # the page is left at once: an unchanged form is not sent again
            return await self._signed_in(outcome, remember)
        if outcome.status == SignInStatus.UNVERIFIED:
            self.pending_email = outcome.email
            self._pending_sign_up_token = outcome.pending_sign_up_token
            return rx.redirect(routes.VERIFY_EMAIL)
        if outcome.status == SignInStatus.BLOCKED:
            self._errors = {"form": "error.blocked"}
        elif outcome.status == SignInStatus.THROTTLED:
            self._errors = with_wait({"form": "error.sign_in_throttled"}, outcome.wait_text)
        else:
            self._errors = {"form": "error.sign_in_invalid"}


class CodeLoginState(FormState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.LOGIN_CODE
    _area_in_browser: bool = False
    code_sent_to: str = ""

    def _open(self, db: Session, customer: Customer | None):
        self.code_sent_to = ""

    def request_code(self, form_data: dict):
        client, lang = self._client(), self.language
        try:
            email = self._work(lambda db: signin.request_sign_in_code(
                db, form_value(form_data, "email"), lang=lang, client=client))
        except FieldError as error:
            self._errors = {error.field: error.key}
            return
        self._errors, self.code_sent_to = {}, email

    def use_another_email(self):
        self._errors, self.code_sent_to = {}, ""

    async def submit_code(self, form_data: dict):
        email, client = self.code_sent_to, self._client()
        outcome = await self._work_off_loop(lambda db: signin.sign_in_with_code(
            db, email, form_value(form_data, "code"), client=client))
        if outcome.status == SignInStatus.OK:
            self._errors = {}
            return await self._signed_in(outcome)
        self._errors = {"form": "error.blocked"} if outcome.status == SignInStatus.BLOCKED else with_wait(
            {"code": outcome.error_key or "error.code_invalid"}, outcome.wait_text)


class TokenPageState(FormState):
    """A page whose link carries a token in its last path segment."""

    link_valid: bool = False
    checked: bool = False

    def _token(self) -> str:
        return self._last_path_segment()

    def _open(self, db: Session, customer: Customer | None):
        self.link_valid = self._link_is_valid(db, self._token())
        self.checked = True

    def _link_is_valid(self, db: Session, token: str) -> bool:
        """Only looks: opening the page consumes nothing. Each kind of link says how to check it."""
        return False

    async def _set_password_then_sign_in(self, service, form_data: dict):
        """Reset and invitation pages: the service sets the password from the link and opens a session."""
        self.busy = True
        yield
        token, client = self._token(), self._client()
        try:
            session_token = await self._work_off_loop(lambda db: service(db, token, form_data, client=client))
        except FormErrors as error:
            self._errors, self.busy = error.errors, False
            self.link_valid = "form" not in error.errors
            return
        self.busy = False
        yield await self._signed_in_with_token(session_token)


class LinkLoginState(TokenPageState):
    """The emailed link only shows a button: mail scanners open links, people click buttons."""
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.LOGIN_LINK.rsplit("/", 1)[0]
    _area_in_browser: bool = False

    def _link_is_valid(self, db: Session, token: str) -> bool:
        return signin.sign_in_link_is_valid(db, token)

    async def sign_in(self):
        token, client = self._token(), self._client()
        outcome = await self._work_off_loop(lambda db: signin.sign_in_with_link(db, token, client=client))
        if outcome.status == SignInStatus.OK:
            return await self._signed_in(outcome)
        self.link_valid = False
        self._errors = {"form": "error.blocked" if outcome.status == SignInStatus.BLOCKED else "error.link_invalid"}


class ForgotPasswordState(FormState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.FORGOT_PASSWORD
    _area_in_browser: bool = False
    sent_to: str = ""

    def _open(self, db: Session, customer: Customer | None):
        self.sent_to = ""

    def submit(self, form_data: dict):
        client, lang = self._client(), self.language
        try:
            email = self._work(lambda db: password_reset.request_password_reset(
                db, form_value(form_data, "email"), lang=lang, client=client))
        except FieldError as error:
            self._errors = {error.field: error.key}
            return
        self._errors, self.sent_to = {}, email


class ResetPasswordState(TokenPageState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.RESET_PASSWORD.rsplit("/", 1)[0]
    _area_in_browser: bool = False
    def _link_is_valid(self, db: Session, token: str) -> bool:
        return password_reset.reset_link_is_valid(db, token)

    async def submit(self, form_data: dict):
        async for update in self._set_password_then_sign_in(password_reset.reset_password, form_data):
            yield update


class InviteState(TokenPageState):
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.INVITE.rsplit("/", 1)[0]
    _area_in_browser: bool = False
    invited_name: str = ""

    def _link_is_valid(self, db: Session, token: str) -> bool:
        name = invitations.invitation_first_name(db, token)
        self.invited_name = name or ""
        return name is not None

    async def submit(self, form_data: dict):
        async for update in self._set_password_then_sign_in(invitations.accept_invitation, form_data):
            yield update
