"""/account/security: change password, change email (confirmed by code or link), active sessions."""

from __future__ import annotations

import reflex as rx

from shop import routes
from shop.common.formatting import format_moment
from shop.common.validation import FormErrors
from shop.i18n import LANGUAGES
from shop.identity import security
from storefront.state.account import AccountState
from storefront.state.identity import in_transaction, in_transaction_keeping_refusals, off_the_event_loop


class SecurityState(AccountState):
    has_password: bool = True
    password_errors: dict[str, str] = {}
    email_errors: dict[str, str] = {}
    confirm_errors: dict[str, str] = {}
    new_email_pending: str = ""
    code_sent: bool = False
    _sessions_by_lang: dict[str, list[dict]] = {}

    @rx.var
    def sessions(self) -> list[dict]:
        """The signed-in devices, their dates in the visitor's language."""
        return self._sessions_by_lang.get(self.language, [])
    form_key: int = 0

    def load_security(self):
        self.password_errors, self.email_errors, self.confirm_errors = {}, {}, {}
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return
            self.has_password = bool(customer.password_hash)
            listed = security.list_sessions(db, customer.id, self._session_token())
            self._sessions_by_lang = {
                lang: [{**{key: value for key, value in row.items() if key != "user_agent"},
                        "device": security.device_label(row["user_agent"], lang),
                        "last_seen_at": format_moment(row["last_seen_at"], lang),
                        "created_at": format_moment(row["created_at"], lang)} for row in listed]
                for lang in LANGUAGES
            }
            db.commit()

    def _customer_id(self) -> int | None:
        with rx.session() as db:
            customer = self._current_customer(db)
            return customer.id if customer else None

    async def change_password(self, form_data: dict):
        customer_id, token, client_ip = self._customer_id(), self._session_token(), self._client().ip_address
        if customer_id is None:
            return self._login_redirect()
        _, errors = await off_the_event_loop(in_transaction_keeping_refusals(
            lambda db: security.change_password(db, customer_id, form_data, current_token=token,
                                                        client_ip=client_ip)))
        self.password_errors = errors or {}
        if errors:
            return
        self.has_password, self.form_key = True, self.form_key + 1
        self.load_security()
        return rx.toast.success(self.tr.get("security.password_changed", ""))

    async def request_email_change(self, form_data: dict):
        customer_id, client_ip = self._customer_id(), self._client().ip_address
        if customer_id is None:
            return self._login_redirect()
        new_email, errors = await off_the_event_loop(in_transaction_keeping_refusals(
            lambda db: security.request_email_change(db, customer_id, form_data, client_ip=client_ip)))
        self.email_errors = errors or {}
        if not errors:
            self.new_email_pending, self.confirm_errors = new_email, {}

    def confirm_email_change(self, form_data: dict):
        customer_id, new_email = self._customer_id(), self.new_email_pending
        if customer_id is None:
            return self._login_redirect()
        code, client_ip = form_data.get("code") if isinstance(form_data, dict) else None, self._client().ip_address
        _, errors = in_transaction_keeping_refusals(lambda db: security.confirm_email_change_with_code(
            db, customer_id, new_email, code, client_ip=client_ip))()
        self.confirm_errors = errors or {}
        if errors:
            return
        self.email, self.new_email_pending = new_email, ""
        self.form_key += 1
        return rx.toast.success(self.tr.get("security.email_changed", ""))

    def cancel_email_change(self):
        self.new_email_pending, self.confirm_errors = "", {}

    def send_code(self):
        customer_id = self._customer_id()
        if customer_id is None:
            return self._login_redirect()
        in_transaction(lambda db: security.send_confirmation_code(db, customer_id))()
        self.code_sent = True

    def sign_out_other_sessions(self):
        customer_id, token = self._customer_id(), self._session_token()
        if customer_id is None:
            return self._login_redirect()
        in_transaction(lambda db: security.end_other_sessions(db, customer_id, token))()
        self.load_security()

    def end_session(self, session_id: int):
        customer_id = self._customer_id()
        if customer_id is None:
            return self._login_redirect()
        try:
            in_transaction(lambda db: security.end_session(db, customer_id, session_id))()
        except LookupError:
            return  # not one of this customer's sessions: nothing happens
        self.load_security()


class ConfirmEmailState(AccountState):
    """The link in the email-change message: it changes the address only when the visitor clicks."""

    link_valid: bool = False
    checked: bool = False
    done: bool = False

    def _token(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def open_page(self):
        with rx.session() as db:
            self.link_valid = security.email_change_link_is_valid(db, self._token())
        self.checked, self.done = True, False

    def confirm(self):
        token = self._token()
        try:
            in_transaction(lambda db: security.confirm_email_change_with_link(db, token))()
        except (FormErrors, LookupError):
            self.link_valid = False
            return
        self.done = True
        return rx.redirect(routes.ACCOUNT_SECURITY) if self.signed_in else None
