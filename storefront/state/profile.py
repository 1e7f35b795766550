"""/account/profile: the customer's details, and the download of everything we keep about them."""

from __future__ import annotations

import json
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.common.validation import FormErrors
from shop.customers import data_export, profile
from shop.models import Customer
from storefront import toasts
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.shop import SignedOut


class ProfileState(AccountState):
    # An area inside the account's (AppState.dict): other page loads leave the profile out.
    area_path: ClassVar[str] = routes.ACCOUNT_PROFILE
    _area_in_browser: bool = False
    values: dict[str, str | bool] = {}
    _errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a load, so the uncontrolled inputs take the new values

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _load_account(self, db: Session, customer: Customer):
        self._errors = {}
        self.values = profile.profile_view(db, customer.id)
        self.form_key += 1

    async def save(self, form_data: dict):
        def save_and_read(db: Session, customer: Customer):
            saved = profile.update_profile(db, customer.id, form_data)
            return saved.language, saved.first_name, profile.profile_view(db, customer.id)

        try:
            language, first_name, self.values = self._for_customer(save_and_read)
        except SignedOut:
            return self._login_redirect()
        except FormErrors as error:
            self._errors = error.errors
            return
        self._errors = {}
        self.customer_first_name = first_name
        await self._use_language(language)
        return toasts.success(self._t("profile.saved"))

    def download_data(self):
        """One JSON file with the profile, addresses, orders and wishlist (GDPR, article 20)."""
        shop_name = self.shop_name

        def export(db: Session, customer: Customer):
            return (data_export.export_customer_data(db, customer.id),
                    data_export.export_filename(customer, shop_name=shop_name))

        try:
            data, filename = self._for_customer(export)
        except SignedOut:
            return self._login_redirect()
        return rx.download(data=json.dumps(data, ensure_ascii=False, indent=2), filename=filename,
                           mime_type="application/json")
