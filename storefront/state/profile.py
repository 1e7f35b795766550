"""/account/profile: the customer's details, and the download of everything we keep about them."""

from __future__ import annotations

import json

import reflex as rx

from shop.common.validation import FormErrors
from shop.customers import data_export, profile
from shop.i18n import normalize_language
from storefront.state.account import AccountState


class ProfileState(AccountState):
    values: dict[str, str | bool] = {}
    errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a load, so the uncontrolled inputs take the new values

    def load_profile(self):
        self.errors = {}
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return
            self.values = profile.profile_view(db, customer.id)
        self.form_key += 1

    def save(self, form_data: dict):
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            try:
                saved = profile.update_profile(db, customer.id, form_data)
            except FormErrors as error:
                db.rollback()
                self.errors = error.errors
                return
            language, first_name = saved.language, saved.first_name
            db.commit()
            self.values = profile.profile_view(db, customer.id)
        self.errors = {}
        self.customer_first_name = first_name
        if normalize_language(language) != self.language:
            self.lang = normalize_language(language)
        return rx.toast.success(self.tr.get("profile.saved", ""))

    def download_data(self):
        """One JSON file with the profile, addresses, orders and wishlist (GDPR, article 20)."""
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is None:
                return self._login_redirect()
            data = data_export.export_customer_data(db, customer.id)
            filename = data_export.export_filename(customer, shop_name=self.shop_name)
        return rx.download(data=json.dumps(data, ensure_ascii=False, indent=2), filename=filename,
                           mime_type="application/json")
