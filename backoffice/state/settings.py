"""/admin/settings: every store setting on one form; owners change them, staff only look."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop.common.formatting import format_money
from shop.common.validation import FormErrors
from shop.customers.addresses import country_name
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser
from shop.settings import admin as settings_admin
from shop.settings import shipping
from shop.settings.store import get_store_settings
from storefront import toasts
from storefront.state.app import language_var, messages


class SettingsState(AdminState):
    values: dict[str, str | bool] = {}
    _errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a load or a save, so the uncontrolled inputs take the saved values
    country: str = "FR"  # the country chosen in the form, for the VAT rate shown under it
    saving: bool = False
    # Shipping by country: (code, cents) per country with a price of its own, and its small form's errors.
    _rates: list[tuple[str, int]] = []
    _rate_errors: dict[str, str] = {}
    rate_form_key: int = 0
    rate_saving: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def shipping_rates(self) -> list[dict[str, str]]:
        """Each country with a price of its own, named in the merchant's language, by name."""
        rows = [{"code": code, "country": country_name(code, self.language),
                 "price": format_money(cents, "EUR", self.language)} for code, cents in self._rates]
        return sorted(rows, key=lambda row: row["country"])

    @language_var
    def rate_errors(self) -> dict[str, str]:
        return messages(self._rate_errors, self.language)

    @rx.var
    def vat_rate(self) -> str:
        return settings_admin.vat_rate_text(self.country)

    def _fill(self, settings) -> None:
        self.values = settings_admin.settings_view(settings)
        self.country = settings.shop_country
        self.form_key += 1

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self._rate_errors = {}, {}
        self.saving = False
        self._fill(get_store_settings(db))
        self._rates = [(rate.country_code, rate.price_cents) for rate in shipping.shipping_rates(db)]

    def save_shipping_rate(self, form_data: dict):
        """Add or change one country's shipping price; saved at once, owners only."""
        if self.rate_saving:
            return
        self.rate_saving = True
        yield  # the button shows it is busy: a second click sends nothing

        def save(db: Session, merchant: MerchantUser):
            rate = shipping.set_shipping_rate(db, form_data, merchant_user_id=merchant.id)
            return rate.country_code, rate.price_cents, shipping.shipping_rates(db)

        try:
            code, cents, rates = self._as_merchant(Permission.OWNER, save)
        except (NotSignedIn, PermissionDenied) as error:
            yield self._refusal(error)
            return
        except FormErrors as error:
            self._rate_errors = error.errors
            return
        finally:
            self.rate_saving = False
        self._rate_errors = {}
        self._rates = [(rate.country_code, rate.price_cents) for rate in rates]
        self.rate_form_key += 1  # an empty form for the next country
        yield toasts.success(self._t("admin.settings.rates.saved", country=country_name(code, self.language),
                                     price=format_money(cents, "EUR", self.language)))

    def remove_shipping_rate(self, country_code: str):
        def remove(db: Session, merchant: MerchantUser):
            removed = shipping.remove_shipping_rate(db, country_code, merchant_user_id=merchant.id)
            return removed, shipping.shipping_rates(db)

        try:
            removed, rates = self._as_merchant(Permission.OWNER, remove)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        self._rates = [(rate.country_code, rate.price_cents) for rate in rates]
        if removed:
            return toasts.success(self._t("admin.settings.rates.removed",
                                          country=country_name(country_code, self.language)))
        return None

    def choose_country(self, country: str):
        """The country select changed: show the VAT rate it brings (nothing is saved)."""
        if isinstance(country, str) and country in settings_admin.SHOP_COUNTRIES:
            self.country = country

    def save(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        self.saving = True
        try:
            settings, changed = self._as_merchant(Permission.OWNER, lambda db, merchant: settings_admin.update_settings(
                db, form_data, merchant_user_id=merchant.id))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FormErrors as error:
            self._errors = error.errors
            return toasts.error(self._t("admin.settings.fix_errors"))
        finally:
            self.saving = False
        self._errors = {}
        self.shop_name = settings.shop_name
        self._fill(settings)
        return toasts.success(self._t("admin.settings.saved" if changed else "admin.settings.unchanged"))
