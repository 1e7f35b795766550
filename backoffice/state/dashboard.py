"""Dashboard and email log of the back-office."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice import views
from backoffice.state.auth import AdminState
from shop.i18n import LANGUAGES
from shop.merchants import dashboard
from shop.models import MerchantUser


class DashboardState(AdminState):
    _figures_by_lang: dict[str, dict] = {}

    @rx.var
    def figures(self) -> dict:
        found = self._figures_by_lang.get(self.language, {})
        return {key: value for key, value in found.items() if key != "recent_orders"}

    @rx.var
    def recent_orders(self) -> list[dict]:
        return self._figures_by_lang.get(self.language, {}).get("recent_orders", [])

    def _load(self, db: Session, merchant: MerchantUser):
        figures = dashboard.dashboard_figures(db)
        self._figures_by_lang = {lang: views.dashboard(figures, lang) for lang in LANGUAGES}


class EmailLogState(AdminState):
    _emails_by_lang: dict[str, list[dict]] = {}

    @rx.var
    def emails(self) -> list[dict]:
        return self._emails_by_lang.get(self.language, [])

    def _load(self, db: Session, merchant: MerchantUser):
        rows = dashboard.recent_emails(db)
        self._emails_by_lang = {lang: [views.email_row(row, lang) for row in rows] for lang in LANGUAGES}
