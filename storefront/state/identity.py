"""Sign-up, verification, sign-in (password, code, link), password reset and invitations.

Each handler reads the browser's form payload as untrusted, calls one service in one transaction,
and turns the outcome into view vars: `errors` maps a field name to a message key.
"""

from __future__ import annotations

import reflex as rx

from storefront import routes
from storefront.services import invitations, password_reset, signin, signup
from storefront.services.signin import SignInStatus
from storefront.services.validation import FieldError, FormErrors, form_value, is_checked
from storefront.state.shop import ShopState


class FormState(ShopState):
    """Shared by the identity forms: field errors, a busy flag, and where to go after sign-in."""

    errors: dict[str, str] = {}
    busy: bool = False

    def _return_path(self) -> str:
        target = self.router.url.query_parameters.get("next", "")
        return target if routes.is_safe_return_path(target) else routes.ACCOUNT

    def _signed_in(self, token: str, remember_me: bool = False):
        with rx.session() as db:
            customer = signin.current_customer(db, token)
            self._remember_session(token, remember_me, customer)
        return rx.redirect(self._return_path())

    def clear_errors(self):
        self.errors = {}


class SignupState(FormState):
    def submit(self, form_data: dict):
        self.busy = True
        yield
        try:
            with rx.session() as db:
                outcome = signup.sign_up(db, form_data, lang=self.language, ip_address=self._client().ip_address,
                                         user_agent=self._client().user_agent)
                db.commit()
        except FormErrors as error:
            self.errors = error.errors
            return
        except Exception:
            self._unexpected("sign-up")
            self.errors = {"form": "error.generic"}
            return
        finally:
            self.busy = False
        self.errors = {}
        self.pending_email = outcome.email
        if outcome.session_token:
            yield self._signed_in(outcome.session_token)
        else:
            yield rx.redirect(routes.VERIFY_EMAIL)


class VerifyEmailState(FormState):
    resent: bool = False

    def open_page(self):
        self.errors, self.resent = {}, False

    def submit(self, form_data: dict):
        email = form_value(form_data, "email") or self.pending_email
        with rx.session() as db:
            outcome = signup.verify_email(db, email, form_value(form_data, "code"),
                                          ip_address=self._client().ip_address, user_agent=self._client().user_agent)
            db.commit()  # wrong tries are counted even when the code is refused
        if not outcome.ok:
            self.errors = {outcome.error_field: outcome.error_key}
            return
        self.errors, self.pending_email = {}, ""
        return self._signed_in(outcome.session_token)

    def send_new_code(self, form_data: dict):
        email = form_value(form_data, "email") or self.pending_email
        with rx.session() as db:
            signup.send_new_verification_code(db, email)
            db.commit()
        self.resent = True


class LoginState(FormState):
    def open_page(self):
        self.errors = {}
        if self.signed_in:
            return rx.redirect(self._return_path())

    def submit(self, form_data: dict):
        self.busy = True
        yield
        try:
            remember = is_checked(form_value(form_data, "remember_me"))
            with rx.session() as db:
                outcome = signin.sign_in_with_password(db, form_value(form_data, "email"),
                                                       form_value(form_data, "password"), remember_me=remember,
                                                       client=self._client())
                db.commit()
        except Exception:
            self._unexpected("sign-in")
            self.errors = {"form": "error.generic"}
            return
        finally:
            self.busy = False
        if outcome.status == SignInStatus.OK:
            self.errors = {}
            yield self._signed_in(outcome.session_token, remember)
        elif outcome.status == SignInStatus.UNVERIFIED:
            self.pending_email = outcome.email
            yield rx.redirect(routes.VERIFY_EMAIL)
        elif outcome.status == SignInStatus.BLOCKED:
            self.errors = {"form": "error.blocked"}
        else:
            self.errors = {"form": "error.sign_in_invalid"}


class CodeLoginState(FormState):
    code_sent_to: str = ""

    def open_page(self):
        self.errors, self.code_sent_to = {}, ""

    def request_code(self, form_data: dict):
        try:
            with rx.session() as db:
                email = signin.request_sign_in_code(db, form_value(form_data, "email"))
                db.commit()
        except FieldError as error:
            self.errors = {error.field: error.key}
            return
        self.errors, self.code_sent_to = {}, email

    def use_another_email(self):
        self.errors, self.code_sent_to = {}, ""

    def submit_code(self, form_data: dict):
        with rx.session() as db:
            outcome = signin.sign_in_with_code(db, self.code_sent_to, form_value(form_data, "code"),
                                               client=self._client())
            db.commit()
        if outcome.status == SignInStatus.OK:
            self.errors = {}
            return self._signed_in(outcome.session_token)
        self.errors = {"form": "error.blocked"} if outcome.status == SignInStatus.BLOCKED else {
            "code": outcome.error_key or "error.code_invalid"}


class TokenPageState(FormState):
    """A page whose link carries a token in its last path segment."""

    link_valid: bool = False
    checked: bool = False

    def _token(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]


class LinkLoginState(TokenPageState):
    """The emailed link only shows a button: mail scanners open links, people click buttons."""

    def open_page(self):
        self.errors = {}
        with rx.session() as db:
            self.link_valid = signin.sign_in_link_is_valid(db, self._token())
        self.checked = True

    def sign_in(self):
        with rx.session() as db:
            outcome = signin.sign_in_with_link(db, self._token(), client=self._client())
            db.commit()
        if outcome.status == SignInStatus.OK:
            return self._signed_in(outcome.session_token)
        self.link_valid = False
        self.errors = {"form": "error.blocked" if outcome.status == SignInStatus.BLOCKED else "error.link_invalid"}


class ForgotPasswordState(FormState):
    sent_to: str = ""

    def open_page(self):
        self.errors, self.sent_to = {}, ""

    def submit(self, form_data: dict):
        try:
            with rx.session() as db:
                email = password_reset.request_password_reset(db, form_value(form_data, "email"),
                                                              ip_address=self._client().ip_address)
                db.commit()
        except FieldError as error:
            self.errors = {error.field: error.key}
            return
        self.errors, self.sent_to = {}, email


class ResetPasswordState(TokenPageState):
    def open_page(self):
        self.errors = {}
        with rx.session() as db:
            self.link_valid = password_reset.reset_link_is_valid(db, self._token())
        self.checked = True

    def submit(self, form_data: dict):
        self.busy = True
        yield
        try:
            with rx.session() as db:
                outcome = password_reset.reset_password(db, self._token(), form_data, client=self._client())
                db.commit()
        except FormErrors as error:
            self.errors = error.errors
            self.link_valid = "form" not in error.errors
            return
        finally:
            self.busy = False
        yield self._signed_in(outcome.session_token)


class InviteState(TokenPageState):
    invited_name: str = ""

    def open_page(self):
        self.errors = {}
        with rx.session() as db:
            name = invitations.invitation_first_name(db, self._token())
        self.link_valid = name is not None
        self.invited_name = name or ""
        self.checked = True

    def submit(self, form_data: dict):
        self.busy = True
        yield
        try:
            with rx.session() as db:
                token = invitations.accept_invitation(db, self._token(), form_data, client=self._client())
                db.commit()
        except FormErrors as error:
            self.errors = error.errors
            self.link_valid = "form" not in error.errors
            return
        finally:
            self.busy = False
        yield self._signed_in(token)
