"""/admin/settings: every store setting on one form; owners change them, staff only look."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop.common.validation import FormErrors
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser
from shop.settings import admin as settings_admin
from shop.settings.store import get_store_settings
from storefront import toasts
from storefront.state.app import language_var, messages


class SettingsState(AdminState):
    values: dict[str, str | bool] = {}
    _errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a load or a save, so the uncontrolled inputs take the saved values
    country: str = "FR"  # the country chosen in the form, for the VAT rate shown under it
    saving: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @rx.var
    def vat_rate(self) -> str:
        return settings_admin.vat_rate_text(self.country)

    def _fill(self, settings) -> None:
        self.values = settings_admin.settings_view(settings)
        self.country = settings.shop_country
        self.form_key += 1

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors = {}
        self.saving = False
        self._fill(get_store_settings(db))

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
