"""The customer register (/admin/customers): the query lives in the URL, the page shows what it finds, and a
selection can be moved to a group. Searching is for every merchant user; assigning needs EDIT."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import reflex as rx
from babel import Locale
from babel.numbers import format_decimal
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.common.formatting import format_day, format_money
from shop.customers import register
from shop.customers.register import BulkActionRefused, RegisterPage, RegisterQuery
from shop.i18n import LANGUAGES, babel_locale
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser
from shop.settings.store import get_store_settings
from storefront import toasts
from storefront.state.app import language_var

# The filter form's fields, as named in the URL (shop.customers.register reads and checks their values).
FILTER_FIELDS = ("q", "group", "country", "newsletter", "verified", "blocked", "approved", "exempt", "orders",
                 "created_from", "created_to", "last_order_from", "last_order_to", "spent_above", "size")
# A first click on a column sorts the way a merchant looks at it: names A to Z, money and dates biggest first.
ASCENDING_FIRST = ("name", "email", "customer_number")


def register_url(route: str, query: RegisterQuery) -> str:
    params = register.query_to_params(query)
    return f"{route}?{urlencode(params)}" if params else route


def _row(row: register.RegisterRow, currency: str, lang: str) -> dict:
    name = f"{row.first_name} {row.last_name}".strip() or row.email
    return {
        "id": row.id,
        "number": row.customer_number,
        "own_number": row.own_number,
        "name": name,
        "company": row.company,
        "email": row.email,
        "verified": row.verified,
        "blocked": row.blocked,
        "group": row.group_name,
        "orders": row.order_count,
        "orders_href": f"{routes.ADMIN_ORDERS}?{urlencode({'customer': row.id})}",
        "href": routes.with_id(routes.ADMIN_CUSTOMER, row.id),
        "spent": format_money(row.total_spent_cents, currency, lang),
        "created": format_day(row.created_at, lang),
        "last_order": format_day(row.last_order_at, lang) if row.last_order_at else "—",
    }


class CustomerRegisterState(AdminState):
    _rows_by_lang: dict[str, list[dict]] = {}
    _params: dict[str, str] = {}  # the query as run, in URL form
    _page_ids: list[int] = []
    _countries: list[str] = []
    # What the page shows; the query again, for the filter form's values and the sort buttons.
    params: dict[str, str] = {}
    form_key: str = ""  # changes with the URL: the filter form is rebuilt with the new values
    total: int = 0
    page: int = 1
    pages: int = 1
    groups: list[dict[str, str]] = []
    selected: list[int] = []
    show_filters: bool = False
    spent_error: bool = False  # the "total spent" filter is not an amount
    assigning: bool = False

    # --- view ---

    @rx.var
    def values(self) -> dict[str, str]:
        """The filter form's values: every field, empty when the query leaves it out."""
        return {name: self.params.get(name, "") for name in FILTER_FIELDS}

    @language_var
    def rows(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    @language_var
    def count_text(self) -> str:
        number = format_decimal(self.total, locale=babel_locale(self.language))
        return self._t("admin.register.count_one" if self.total == 1 else "admin.register.count_many", count=number)

    @language_var
    def page_text(self) -> str:
        return self._t("admin.register.page_of", page=self.page, pages=self.pages)

    @language_var
    def selected_text(self) -> str:
        return self._t("admin.register.selected", count=len(self.selected)) if self.selected else ""

    @language_var
    def countries(self) -> list[dict[str, str]]:
        names = Locale.parse(babel_locale(self.language)).territories
        return sorted(({"code": code, "name": names.get(code, code)} for code in self._countries),
                      key=lambda country: country["name"])

    @rx.var
    def all_selected(self) -> bool:
        return bool(self._page_ids) and set(self._page_ids) <= set(self.selected)

    @rx.var
    def filtered(self) -> bool:
        return any(name in self.params for name in FILTER_FIELDS if name != "size")

    @rx.var
    def sort_column(self) -> str:
        return register.query_from_params(self.params).sort

    @rx.var
    def sort_descending(self) -> bool:
        return register.query_from_params(self.params).descending

    @rx.var
    def export_href(self) -> str:
        query = replace(register.query_from_params(self.params), page=1, ids=())
        return register_url(routes.ADMIN_CUSTOMERS_IMPORT, query)

    @rx.var
    def export_selection_href(self) -> str:
        query = replace(register.query_from_params(self.params), page=1, ids=tuple(self.selected))
        return register_url(routes.ADMIN_CUSTOMERS_IMPORT, query)

    @rx.var
    def previous_href(self) -> str:
        query = register.query_from_params(self.params)
        return register_url(routes.ADMIN_CUSTOMERS, replace(query, page=self.page - 1)) if self.page > 1 else ""

    @rx.var
    def next_href(self) -> str:
        query = register.query_from_params(self.params)
        last = self.page >= self.pages
        return "" if last else register_url(routes.ADMIN_CUSTOMERS, replace(query, page=self.page + 1))

    # --- loading ---

    def _query_in_url(self) -> RegisterQuery:
        return register.query_from_params(dict(self.rx_router_url.query_parameters))

    def _fill(self, db: Session, query: RegisterQuery) -> None:
        found: RegisterPage = register.search_customers(db, query)
        currency = get_store_settings(db).currency
        self._rows_by_lang = {lang: [_row(row, currency, lang) for row in found.rows] for lang in LANGUAGES}
        self._params = register.query_to_params(found.query)
        self._page_ids = [row.id for row in found.rows]
        self._countries = register.country_choices(db)
        self.selected = [customer_id for customer_id in self.selected if customer_id in self._page_ids]
        self._show(params=self._params, form_key=urlencode(self._params), total=found.total, page=found.page,
                   pages=found.pages,
                   groups=[{"id": str(group_id), "name": name} for group_id, name in register.group_choices(db)])

    def _load(self, db: Session, merchant: MerchantUser):
        self.selected = []
        self.spent_error = False
        self.assigning = False
        self._fill(db, self._query_in_url())

    # --- the query in the URL: every change is a new URL, so back and forward and bookmarks work ---

    def _go(self, query: RegisterQuery):
        return rx.redirect(register_url(routes.ADMIN_CUSTOMERS, query))

    def apply_filters(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        current = register.query_from_params(self._params)
        asked = {name: form[name][:200] for name in FILTER_FIELDS if isinstance(form.get(name), str)}
        if asked.get("spent_above", "").strip() and register.query_from_params(asked).spent_above_cents is None:
            self.spent_error = True  # shown next to the field; the URL keeps the last valid query
            return None
        self.spent_error = False
        asked.update({name: value for name, value in register.query_to_params(current).items()
                      if name in ("sort", "dir")})
        self.show_filters = False
        return self._go(register.query_from_params(asked))

    def clear_filters(self):
        current = register.query_from_params(self._params)
        return self._go(RegisterQuery(sort=current.sort, descending=current.descending,
                                      page_size=current.page_size))

    def sort_by(self, column: str):
        if not isinstance(column, str) or column not in register.SORTABLE:
            return None
        current = register.query_from_params(self._params)
        descending = not current.descending if current.sort == column else column not in ASCENDING_FIRST
        return self._go(replace(current, sort=column, descending=descending, page=1, ids=()))

    def toggle_filters(self):
        self.show_filters = not self.show_filters

    # --- the selection ---

    def toggle_row(self, customer_id: int, checked: bool):
        if isinstance(customer_id, bool) or not isinstance(customer_id, int) or not isinstance(checked, bool):
            return
        if customer_id not in self._page_ids:  # only rows on this page can be picked
            return
        chosen = [value for value in self.selected if value != customer_id]
        self.selected = [*chosen, customer_id] if checked else chosen

    def toggle_page(self, checked: bool):
        if not isinstance(checked, bool):
            return
        self.selected = list(self._page_ids) if checked else []

    async def assign_group(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        raw = form.get("assign_group")
        if not isinstance(raw, str) or not (raw == "none" or (raw.isdigit() and len(raw) < 11)):
            yield toasts.error(self._t("admin.register.bulk.pick_group"))
            return
        group_id = 0 if raw == "none" else int(raw)
        ids = [customer_id for customer_id in self.selected if customer_id in self._page_ids]
        query = register.query_from_params(self._params)
        self.assigning = True
        yield
        try:
            def work(db: Session, merchant: MerchantUser) -> int:
                changed = register.assign_group(db, ids, group_id, merchant=merchant)
                db.flush()
                self._fill(db, query)
                return changed

            changed = self._as_merchant(Permission.EDIT, work)
        except (NotSignedIn, PermissionDenied) as error:
            yield self._refusal(error)
            return
        except BulkActionRefused as refused:
            yield toasts.error(self._t(refused.key))
            return
        finally:
            self.assigning = False
        self.selected = []
        yield toasts.success(self._t("admin.register.bulk.done", count=changed))
