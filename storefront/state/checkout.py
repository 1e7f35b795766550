"""/checkout and its confirmation: who may order, the form prefilled from the account, the summary
priced for the chosen country, and placing the order once."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.catalog import cart
from shop.common.validation import FieldError, FormErrors
from shop.customers import addresses
from shop.customers.profile import MAX_VAT_INPUT, clean_vat_number
from shop.i18n import LANGUAGES
from shop.identity import signin
from shop.identity.hashing import new_token
from shop.models import Customer, PaymentMethod
from shop.orders import checkout
from shop.settings.store import get_store_settings
from storefront import views
from storefront.state.app import language_var, messages
from storefront.state.shop import ShopState


class CheckoutState(ShopState):
    # An area (AppState.dict): page loads elsewhere leave the checkout out.
    area_path: ClassVar[str] = routes.CHECKOUT
    _area_in_browser: bool = False
    _summary_by_lang: dict[str, dict] = {}
    _errors: dict[str, str] = {}
    _checkout_token: str = ""  # made on each visit: a double click or a retried event places one order
    loaded: bool = False
    refusal: str = ""  # why this visitor cannot order, in words
    needs_sign_in: bool = False
    may_sign_up: bool = False
    email: str = ""  # the signed-in customer's, shown instead of the field
    saved_addresses: list[dict] = []
    form_country: str = "FR"
    _country_chosen: bool = False  # the visitor picked a country in this tab: it stays for the next visit
    form_values: dict[str, str] = {}
    form_key: str = "checkout-FR"
    vat_number: str = ""
    payment_methods: list[str] = [PaymentMethod.BANK_TRANSFER.value]
    busy: bool = False
    stock_message: str = ""  # another buyer took the last items: which lines are short

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def summary(self) -> dict:
        return self._summary_by_lang.get(self.language, {"lines": [], "count": 0})

    @language_var
    def form_spec(self) -> dict:
        return addresses.address_form(self.form_country, self.language)

    def _vat_number_for_prices(self) -> str:
        """The VAT number in the form as the order will read it: checked for the delivery country, "" when
        it is empty or not valid there (the order would then be charged VAT, so the summary shows it)."""
        try:
            return clean_vat_number(self.vat_number, self.form_country)
        except FieldError:
            return ""

    def _price(self, db: Session, customer: Customer | None) -> None:
        priced = cart.priced_cart(db, self._cart_owner(customer), customer, destination=self.form_country,
                                  vat_number=self._vat_number_for_prices())
        self._summary_by_lang = {lang: views.cart_view(priced, lang, addresses.country_name(self.form_country, lang))
                                 for lang in LANGUAGES}
        self._show(cart_count=priced.count)

    def _load(self, db: Session, customer: Customer | None):
        settings = get_store_settings(db)
        why = checkout.refusal(settings, customer)
        self._errors, self.busy, self.stock_message, self._checkout_token = {}, False, "", new_token()
        self.needs_sign_in = why == "checkout.sign_in_required"
        self.may_sign_up = checkout.may_sign_up_on_the_way(settings)
        if self.needs_sign_in:
            self.refusal = self._t("checkout.sign_in_required_or_join" if self.may_sign_up else why)
        else:
            self.refusal = self._t(why, email=settings.contact_email) if why else ""
        self.email = customer.email if customer else ""
        self.vat_number = customer.vat_number if customer else ""
        self.payment_methods = checkout.payment_methods(customer)
        saved = addresses.list_addresses(db, customer.id) if customer else []
        self.saved_addresses = [addresses.address_dict(address, self.language) for address in saved]
        default = next((a for a in self.saved_addresses if a["is_default_shipping"]), None)
        self._prefill(default, settings.shop_country)
        self._price(db, customer)
        self.loaded = True

    def _prefill(self, address: dict | None, default_country: str = "") -> None:
        if address is None:
            self.form_values = {"name": ""}
            self.form_country = self.form_country if self._country_chosen else (default_country or self.form_country)
        else:
            self.form_values = {key: str(value) for key, value in address.items() if isinstance(value, str)}
            self.form_country = address["country_code"]
        self.form_key = f"checkout-{self.form_country}-{address['id'] if address else 0}"

    def _reprice(self) -> None:
        token = self._session_token()
        self._work(lambda db: self._price(db, signin.current_customer(db, token)))

    def choose_country(self, country_code: str):
        if not isinstance(country_code, str) or country_code not in addresses.known_country_codes():
            return
        self.form_country, self._country_chosen = country_code, True
        self.form_key = f"checkout-{country_code}-new"
        self._errors = {}
        self._reprice()

    def set_vat_number(self, value: str):
        """The VAT number field, when it loses focus: the summary follows it (reverse charge or VAT)."""
        if not isinstance(value, str) or len(value) > MAX_VAT_INPUT or value == self.vat_number:
            return
        self.vat_number = value
        self._reprice()

    def use_address(self, address_id: str):
        found = next((a for a in self.saved_addresses if str(a["id"]) == address_id), None)
        if found is None:
            return
        self._prefill(found)
        self._errors = {}
        self._reprice()

    async def place_order(self, form_data: dict):
        if self.busy:
            return
        self.busy, self._errors, self.stock_message = True, {}, ""
        yield
        form = {**(form_data if isinstance(form_data, dict) else {}), "country_code": self.form_country}
        token, key, lang, checkout_token = self._session_token(), self._guest_key(), self.language, self._checkout_token

        def place(db: Session) -> checkout.PlacedOrder:
            settings = get_store_settings(db)
            customer = signin.current_customer(db, token)
            return checkout.place_order(db, customer=customer, owner=cart.owner_for(customer, key), form=form,
                                        checkout_token=checkout_token, lang=lang, settings=settings)

        try:
            placed = self._work(place)
        except FormErrors as invalid:
            self._errors, self.busy = invalid.errors, False
            self.form_values = {k: v for k, v in form.items() if isinstance(v, str) and len(v) <= 400}
            self.form_key = f"{self.form_key}-again"
            return
        except checkout.CheckoutRefused as refused:
            self.busy = False
            self.needs_sign_in = refused.key == "checkout.sign_in_required"
            self.refusal = self._t(refused.key, email=self.contact_email)
            return
        except checkout.OutOfStock as short:
            self.stock_message, self.busy = self._t("checkout.out_of_stock", names=", ".join(short.names)), False
            self._reprice()
            return
        self.cart_count, self.cart_merged_lines = 0, 0
        yield rx.redirect(routes.with_token(routes.ORDER_CONFIRMATION, placed.access_token))


class ConfirmationState(ShopState):
    """The page a placed order lands on, also reached from the confirmation email (guests too)."""

    # An area (AppState.dict): page loads elsewhere leave the confirmation out.
    area_path: ClassVar[str] = routes.ORDER_CONFIRMATION.rsplit("/", 1)[0]
    _area_in_browser: bool = False

    _order_by_lang: dict[str, dict] = {}
    _errors: dict[str, str] = {}
    loaded: bool = False
    found: bool = False
    may_set_password: bool = False  # the order created an account that has no password yet
    password_saved: bool = False
    busy: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def order(self) -> dict:
        return self._order_by_lang.get(self.language, {})

    def _load(self, db: Session, customer: Customer | None):
        token = self._last_path_segment()
        order = checkout.order_from_access_token(db, token)
        settings = get_store_settings(db)
        self.found = order is not None
        self._order_by_lang = {lang: views.confirmation(order, settings, lang) for lang in LANGUAGES} if order else {}
        self.may_set_password = order is not None and checkout.account_made_by(db, order) is not None
        self.password_saved, self.busy, self._errors = False, False, {}
        self.loaded = True

    async def set_password(self, form_data: dict):
        """Choose a password for the account this order created (optional)."""
        if self.busy or not self.may_set_password:
            return
        self.busy = True
        yield
        token = self._last_path_segment()
        try:
            await self._work_off_loop(lambda db: checkout.set_password_from_order(db, token, form_data))
        except FormErrors as invalid:
            self._errors, self.busy = invalid.errors, False
            return
        except LookupError:
            self.may_set_password, self.busy = False, False
            return
        self.may_set_password, self.password_saved, self.busy, self._errors = False, True, False, {}
