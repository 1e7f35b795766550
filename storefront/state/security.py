"""/account/security: change password, change email (confirmed by code or link), active sessions."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.common.formatting import format_moment
from shop.common.validation import FormErrors
from shop.i18n import LANGUAGES
from shop.identity import security
from shop.models import Customer
from storefront import toasts
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.shop import ShopState, SignedOut


class SecurityState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the security page out.
    area_path: ClassVar[str] = routes.ACCOUNT_SECURITY
    _area_in_browser: bool = False
    has_password: bool = True
    _password_errors: dict[str, str] = {}
    _email_errors: dict[str, str] = {}
    _confirm_errors: dict[str, str] = {}
    new_email_pending: str = ""
    code_sent: bool = False
    form_key: int = 0
    _sessions_by_lang: dict[str, list[dict]] = {}

    @language_var
    def password_errors(self) -> dict[str, str]:
        return messages(self._password_errors, self.language)

    @language_var
    def email_errors(self) -> dict[str, str]:
        return messages(self._email_errors, self.language)

    @language_var
    def confirm_errors(self) -> dict[str, str]:
        return messages(self._confirm_errors, self.language)

    @language_var
    def sessions(self) -> list[dict]:
        """The signed-in devices, their names and dates in the visitor's language."""
        return self._sessions_by_lang.get(self.language, [])

    def _load_account(self, db: Session, customer: Customer):
        self._password_errors, self._email_errors, self._confirm_errors = {}, {}, {}
        self._show_devices(self._devices(db, customer, self._session_token()))
        self.has_password = bool(customer.password_hash)

    @staticmethod
    def _devices(db: Session, customer: Customer, current_token: str) -> dict[str, list[dict]]:
        listed = security.list_sessions(db, customer.id, current_token)
        return {
            lang: [{**{key: value for key, value in row.items() if key != "user_agent"},
                    "device": security.device_label(row["user_agent"], lang),
                    "last_seen_at": format_moment(row["last_seen_at"], lang),
                    "created_at": format_moment(row["created_at"], lang)} for row in listed]
            for lang in LANGUAGES
        }

    def _show_devices(self, by_lang: dict[str, list[dict]]) -> None:
        self._sessions_by_lang = by_lang

    async def change_password(self, form_data: dict):
        token, client_ip = self._session_token(), self._client().ip_address

        def change(db: Session, customer: Customer) -> dict[str, list[dict]]:
            security.change_password(db, customer.id, form_data, current_token=token, client_ip=client_ip)
            return self._devices(db, customer, token)

        try:
            devices = await self._for_customer_off_loop(change, keep_refusals=True)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._password_errors = error.errors
            return
        self._password_errors = {}
        self._show_devices(devices)
        self.has_password, self.form_key = True, self.form_key + 1
        return toasts.success(self._t("security.password_changed"))

    async def request_email_change(self, form_data: dict):
        client_ip = self._client().ip_address
        try:
            new_email = await self._for_customer_off_loop(
                lambda db, customer: security.request_email_change(db, customer.id, form_data, client_ip=client_ip),
                keep_refusals=True)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._email_errors = error.errors
            return
        self._email_errors = {}
        self.new_email_pending, self._confirm_errors = new_email, {}

    def confirm_email_change(self, form_data: dict):
        new_email, client_ip = self.new_email_pending, self._client().ip_address
        code = form_data.get("code") if isinstance(form_data, dict) else None
        try:
            self._for_customer(lambda db, customer: security.confirm_email_change_with_code(
                db, customer.id, new_email, code, client_ip=client_ip), keep_refusals=True)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._confirm_errors = error.errors
            return
        self._confirm_errors = {}
        self.email, self.new_email_pending = new_email, ""
        self.form_key += 1
        return toasts.success(self._t("security.email_changed"))

    def cancel_email_change(self):
        self.new_email_pending, self._confirm_errors = "", {}

    def send_code(self):
        try:
            self._for_customer(lambda db, customer: security.send_confirmation_code(db, customer.id))
        except SignedOut:
            return self._login_redirect()
        self.code_sent = True

    def sign_out_other_sessions(self):
        token = self._session_token()

        def end_others(db: Session, customer: Customer) -> dict[str, list[dict]]:
            security.end_other_sessions(db, customer.id, token)
            return self._devices(db, customer, token)

        try:
            self._show_devices(self._for_customer(end_others))
        except SignedOut:
            return self._login_redirect()

    def end_session(self, session_id: int):
        token = self._session_token()

        def end_one(db: Session, customer: Customer) -> dict[str, list[dict]]:
            security.end_session(db, customer.id, session_id)
            return self._devices(db, customer, token)

        try:
            self._show_devices(self._for_customer(end_one))
        except SignedOut:
            return self._login_redirect()
        except LookupError:
            return  # not one of this customer's sessions: nothing happens


class ConfirmEmailState(ShopState):
    """The link in the email-change message: it changes the address only when the visitor clicks,
    in whichever browser the email was opened."""
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.ACCOUNT_CONFIRM_EMAIL.rsplit("/", 1)[0]
    _area_in_browser: bool = False

    link_valid: bool = False
    checked: bool = False
    done: bool = False

    def _token(self) -> str:
        return self._last_path_segment()

    def _load(self, db: Session, customer: Customer | None):
        self.link_valid = security.email_change_link_is_valid(db, self._token())
        self.checked, self.done = True, False

    def confirm(self):
        token = self._token()
        try:
            self._work(lambda db: security.confirm_email_change_with_link(db, token))
        except (FormErrors, LookupError):
            self.link_valid = False
            return
        self.done = True
        return rx.redirect(routes.ACCOUNT_SECURITY) if self.signed_in else None
