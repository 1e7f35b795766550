"""Dashboard and email log of the back-office."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice import views
from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.common import audit
from shop.i18n import LANGUAGES
from shop.mail import outbox
from shop.merchants import dashboard
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser
from storefront import toasts
from storefront.state.app import language_var


class DashboardState(AdminState):
    _figures_by_lang: dict[str, dict] = {}
    _series_by_lang: dict[str, dict] = {}

    @language_var
    def figures(self) -> dict:
        found = self._figures_by_lang.get(self.language, {})
        return {key: value for key, value in found.items() if key not in ("recent_orders", "by_status")}

    @language_var
    def recent_orders(self) -> list[dict]:
        return self._figures_by_lang.get(self.language, {}).get("recent_orders", [])

    @language_var
    def orders_by_status(self) -> list[dict]:
        return self._figures_by_lang.get(self.language, {}).get("by_status", [])

    @language_var
    def series_points(self) -> list[dict]:
        return self._series_by_lang.get(self.language, {}).get("points", [])

    @language_var
    def series_summary(self) -> str:
        return self._series_by_lang.get(self.language, {}).get("summary", "")

    def _load(self, db: Session, merchant: MerchantUser):
        figures = dashboard.dashboard_figures(db)
        days = dashboard.daily_series(db)
        self._figures_by_lang = {lang: views.dashboard(figures, lang) for lang in LANGUAGES}
        self._series_by_lang = {lang: views.series(days, lang) for lang in LANGUAGES}


class EmailLogState(AdminState):
    _emails_by_lang: dict[str, list[dict]] = {}
    page: int = 1
    pages: int = 1
    total: int = 0

    @language_var
    def emails(self) -> list[dict]:
        return self._emails_by_lang.get(self.language, [])

    @rx.var
    def previous_url(self) -> str:
        return f"{routes.ADMIN_EMAILS}?page={self.page - 1}" if self.page > 1 else ""

    @rx.var
    def next_url(self) -> str:
        return f"{routes.ADMIN_EMAILS}?page={self.page + 1}" if self.page < self.pages else ""

    def _load(self, db: Session, merchant: MerchantUser):
        raw = self.rx_router_url.query_parameters.get("page", "")
        wanted = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) <= 6 else 1
        found = dashboard.email_log(db, wanted)
        self._emails_by_lang = {lang: [views.email_row(row, lang) for row in found.emails] for lang in LANGUAGES}
        self._show(page=found.page, pages=found.pages, total=found.total)


class EmailState(AdminState):
    """/admin/emails/<id>: one email's text, codes and links masked; a failed one can be sent again."""

    _email_by_lang: dict[str, dict] = {}
    _email_id: int = 0
    found: str = ""  # "" while loading, then "yes" or "no"
    status: str = ""

    @language_var
    def email(self) -> dict:
        return self._email_by_lang.get(self.language, {})

    def _requested_id(self) -> int:
        raw = self.rx_router_url.path.removeprefix(routes.ADMIN_EMAILS).strip("/")
        return int(raw) if raw.isdigit() and len(raw) <= 12 else 0

    def _load(self, db: Session, merchant: MerchantUser):
        self._fill(db, self._requested_id())

    def _fill(self, db: Session, email_id: int) -> None:
        row = dashboard.email_for_merchant(db, email_id)
        self._email_id = row.id if row else 0
        self._email_by_lang = {lang: views.email_detail(row, lang) for lang in LANGUAGES} if row else {}
        self._show(found="yes" if row else "no", status=row.status if row else "")

    def send_again(self):
        email_id = self._email_id

        def resend(db: Session, merchant: MerchantUser):
            row = outbox.send_again(db, email_id) if email_id else None
            if row is not None:
                audit.record(db, "email.send_again", merchant_user_id=merchant.id, email=row.to_address,
                             detail=f"email #{row.id} ({row.template})")
            self._fill(db, email_id)
            return row is not None

        try:
            queued = self._as_merchant(Permission.EDIT, resend)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        if not queued:
            return toasts.error(self._t("admin.emails.not_failed"))
        return toasts.success(self._t("admin.emails.queued_again"))
