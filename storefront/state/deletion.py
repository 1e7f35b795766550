"""/account/delete: the customer deletes their account; orders stay for the shop's books, anonymised."""

from __future__ import annotations

import reflex as rx

from shop import routes
from shop.customers import deletion
from shop.identity import security
from storefront.state.account import AccountState
from storefront.state.identity import in_transaction_keeping_refusals, off_the_event_loop


class DeleteAccountState(AccountState):
    errors: dict[str, str] = {}
    has_password: bool = True
    code_sent: bool = False
    deleted: bool = False

    def open_page(self):
        self.errors, self.code_sent = {}, False
        with rx.session() as db:
            customer = self._current_customer(db)
            self.has_password = bool(customer and customer.password_hash)

    def send_code(self):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            security.send_confirmation_code(db, customer.id)
            db.commit()
        self.code_sent = True

    async def delete(self, form_data: dict):
        with rx.session() as db:
            customer = self._current_customer(db)
            customer_id = customer.id if customer else None
        if customer_id is None:
            return self._login_redirect()
        client_ip = self._client().ip_address
        _, errors = await off_the_event_loop(in_transaction_keeping_refusals(
            lambda db: deletion.delete_account(db, customer_id, form_data, client_ip=client_ip)))
        if errors:
            self.errors = errors
            return
        done = self.tr.get("delete.done", "")
        await self._forget_customer()
        return [rx.redirect(routes.HOME), rx.toast.success(done)]
