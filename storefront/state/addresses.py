"""/account/addresses: the address book with a form that follows the chosen country."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from shop import routes
from shop.common.validation import FormErrors
from shop.customers import addresses
from shop.i18n import LANGUAGES
from shop.models import Customer
from storefront import toasts
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.shop import SignedOut

DEFAULT_COUNTRY = "FR"


class AddressesState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the address book out.
    area_path: ClassVar[str] = routes.ACCOUNT_ADDRESSES
    _area_in_browser: bool = False
    _book_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False
    form_open: bool = False
    editing_id: int = 0  # 0: a new address
    form_country: str = DEFAULT_COUNTRY
    form_values: dict[str, str] = {}
    _errors: dict[str, str] = {}
    # Changes whenever the form must start afresh (new, edit, other country), so inputs remount.
    form_key: str = "new-FR"

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def book(self) -> list[dict]:
        return self._book_by_lang.get(self.language, [])

    @language_var
    def form_spec(self) -> dict:
        """The chosen country's fields, in its order and with its labels (kept while the form is closed,
        so closing and opening it again sends nothing)."""
        return addresses.address_form(self.form_country, self.language)

    def _reload(self, db: Session, customer: Customer) -> None:
        saved = addresses.list_addresses(db, customer.id)
        self._book_by_lang = {lang: [addresses.address_dict(a, lang) for a in saved] for lang in LANGUAGES}
        self.loaded = True

    def _load_account(self, db: Session, customer: Customer):
        self.form_open, self._errors = False, {}
        self._reload(db, customer)

    def _change(self, change):
        """Run `change(db, customer)` and read the book again, in one transaction."""
        def run(db: Session, customer: Customer):
            change(db, customer)
            self._reload(db, customer)

        self._for_customer(run)

    def open_new(self):
        self.editing_id, self.form_values, self._errors = 0, {}, {}
        self.form_country = DEFAULT_COUNTRY
        self.form_key = f"new-{self.form_country}"
        self.form_open = True

    def open_edit(self, address_id: int):
        found = next((a for a in self.book if a["id"] == address_id), None) if isinstance(address_id, int) else None
        if found is None:
            return
        self.editing_id, self._errors = address_id, {}
        self.form_country = found["country_code"]
        self.form_values = {key: str(value) for key, value in found.items() if isinstance(value, str)}
        self.form_key = f"{address_id}-{self.form_country}"
        self.form_open = True

    def choose_country(self, country_code: str):
        if not isinstance(country_code, str) or country_code not in addresses.known_country_codes():
            return
        self.form_country = country_code
        self.form_key = f"{self.editing_id}-{country_code}"
        self._errors = {}

    def close_form(self):
        self.form_open, self._errors = False, {}

    def save(self, form_data: dict):
        payload = {**(form_data if isinstance(form_data, dict) else {}), "country_code": self.form_country}
        editing = self.editing_id

        def save(db: Session, customer: Customer) -> None:
            if editing:
                addresses.update_address(db, customer.id, editing, payload)
            else:
                addresses.create_address(db, customer.id, payload)

        try:
            self._change(save)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._errors = error.errors
            self.form_values = {k: v for k, v in payload.items() if isinstance(v, str) and len(v) <= 400}
            return
        except addresses.AddressNotFound:
            self._errors = {"form": "address.error.not_found"}
            return
        self.form_open, self._errors = False, {}
        return toasts.success(self._t("addresses.saved"))

    def delete(self, address_id: int):
        try:
            self._change(lambda db, customer: addresses.delete_address(db, customer.id, address_id))
        except SignedOut:
            return self._login_redirect()
        except addresses.AddressNotFound:
            return toasts.error(self._t("address.error.not_found"))
        if self.editing_id == address_id:
            self.form_open = False

    def make_default(self, address_id: int, kind: str):
        try:
            self._change(lambda db, customer: addresses.set_default(db, customer.id, address_id, kind))
        except SignedOut:
            return self._login_redirect()
        except (addresses.AddressNotFound, ValueError):
            return toasts.error(self._t("address.error.not_found"))
