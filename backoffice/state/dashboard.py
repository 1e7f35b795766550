"""Dashboard and email log of the back-office."""

from __future__ import annotations

import reflex as rx

from backoffice.state.auth import AdminState
from shop.i18n import LANGUAGES
from shop.merchants import dashboard


class DashboardState(AdminState):
    _figures_by_lang: dict[str, dict] = {}

    @rx.var
    def figures(self) -> dict:
        found = self._figures_by_lang.get(self.language, {})
        return {key: value for key, value in found.items() if key != "recent_orders"}

    @rx.var
    def recent_orders(self) -> list[dict]:
        return self._figures_by_lang.get(self.language, {}).get("recent_orders", [])

    def load_dashboard(self):
        with rx.session() as db:
            if self._current_merchant(db) is None:
                return
            self._figures_by_lang = {lang: dashboard.dashboard_figures(db, lang) for lang in LANGUAGES}


class EmailLogState(AdminState):
    _emails_by_lang: dict[str, list[dict]] = {}

    @rx.var
    def emails(self) -> list[dict]:
        return self._emails_by_lang.get(self.language, [])

    def load_emails(self):
        with rx.session() as db:
            if self._current_merchant(db) is None:
                return
            self._emails_by_lang = {lang: dashboard.recent_emails(db, lang) for lang in LANGUAGES}
