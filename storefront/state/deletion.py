"""/account/delete: the customer deletes their account; orders stay for the shop's books, anonymised."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.common.validation import FormErrors
from shop.customers import deletion
from shop.identity import security
from shop.models import Customer
from storefront import toasts
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.shop import SignedOut


class DeleteAccountState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the account deletion page out.
    area_path: ClassVar[str] = routes.ACCOUNT_DELETE
    _area_in_browser: bool = False
    _errors: dict[str, str] = {}
    has_password: bool = True
    code_sent: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _load_account(self, db: Session, customer: Customer):
        self._errors, self.code_sent = {}, False
        self.has_password = bool(customer.password_hash)

    def send_code(self):
        try:
            self._for_customer(lambda db, customer: security.send_confirmation_code(db, customer.id))
        except SignedOut:
            return self._login_redirect()
        self.code_sent = True

    async def delete(self, form_data: dict):
        client_ip = self._client().ip_address
        try:
            await self._for_customer_off_loop(
                lambda db, customer: deletion.delete_account(db, customer.id, form_data, client_ip=client_ip),
                keep_refusals=True)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._errors = error.errors
            return
        done = self._t("delete.done")
        await self._forget_customer()
        return [rx.redirect(routes.HOME), toasts.success(done)]
