"""/account/addresses: the address book with a form that follows the chosen country."""

from __future__ import annotations

import reflex as rx

from shop.common.validation import FormErrors
from shop.customers import addresses
from shop.i18n import LANGUAGES
from storefront.state.account import AccountState

DEFAULT_COUNTRY = "FR"


class AddressesState(AccountState):
    _book_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False
    form_open: bool = False
    editing_id: int = 0  # 0: a new address
    form_country: str = DEFAULT_COUNTRY
    form_values: dict[str, str] = {}
    errors: dict[str, str] = {}
    # Changes whenever the form must start afresh (new, edit, other country), so inputs remount.
    form_key: str = "new-FR"

    @rx.var
    def book(self) -> list[dict]:
        return self._book_by_lang.get(self.language, [])

    @rx.var
    def form_spec(self) -> dict:
        return addresses.address_form(self.form_country, self.language)

    @rx.var
    def country_options(self) -> list[list[str]]:
        return addresses.countries(self.language)

    def _reload(self, db, customer_id: int) -> None:
        saved = addresses.list_addresses(db, customer_id)
        self._book_by_lang = {lang: [addresses.address_dict(a, lang) for a in saved] for lang in LANGUAGES}
        self.loaded = True

    def load_addresses(self):
        self.form_open, self.errors = False, {}
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is not None:
                self._reload(db, customer.id)

    def open_new(self):
        self.editing_id, self.form_values, self.errors = 0, {}, {}
        self.form_country = DEFAULT_COUNTRY
        self.form_key = f"new-{self.form_country}"
        self.form_open = True

    def open_edit(self, address_id: int):
        found = next((a for a in self.book if a["id"] == address_id), None) if isinstance(address_id, int) else None
        if found is None:
            return
        self.editing_id, self.errors = address_id, {}
        self.form_country = found["country_code"]
        self.form_values = {key: str(value) for key, value in found.items() if isinstance(value, str)}
        self.form_key = f"{address_id}-{self.form_country}"
        self.form_open = True

    def choose_country(self, country_code: str):
        if not isinstance(country_code, str) or country_code not in addresses.known_country_codes():
            return
        self.form_country = country_code
        self.form_key = f"{self.editing_id}-{country_code}"
        self.errors = {}

    def close_form(self):
        self.form_open, self.errors = False, {}

    def save(self, form_data: dict):
        payload = {**(form_data if isinstance(form_data, dict) else {}), "country_code": self.form_country}
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                if self.editing_id:
                    addresses.update_address(db, customer.id, self.editing_id, payload)
                else:
                    addresses.create_address(db, customer.id, payload)
            except FormErrors as error:
                db.rollback()
                self.errors = error.errors
                self.form_values = {k: v for k, v in payload.items() if isinstance(v, str) and len(v) <= 400}
                return
            except addresses.AddressNotFound:
                db.rollback()
                self.errors = {"form": "address.error.not_found"}
                return
            db.commit()
            self._reload(db, customer.id)
        self.form_open, self.errors = False, {}
        return rx.toast.success(self.tr.get("addresses.saved", ""))

    def delete(self, address_id: int):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                addresses.delete_address(db, customer.id, address_id)
            except addresses.AddressNotFound:
                return rx.toast.error(self.tr.get("address.error.not_found", ""))
            db.commit()
            self._reload(db, customer.id)
        if self.editing_id == address_id:
            self.form_open = False

    def make_default(self, address_id: int, kind: str):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                addresses.set_default(db, customer.id, address_id, kind)
            except (addresses.AddressNotFound, ValueError):
                return rx.toast.error(self.tr.get("address.error.not_found", ""))
            db.commit()
            self._reload(db, customer.id)
