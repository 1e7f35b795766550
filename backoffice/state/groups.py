"""Customer groups in the back-office: the list with a "new group" form, one group's page (its details, fixed
prices and members), and the page that confirms deleting a group."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx
from babel.numbers import format_decimal
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.catalog.product_admin import money_input, valid_id
from shop.common.formatting import format_money
from shop.common.validation import FieldError, FormErrors
from shop.customers import groups
from shop.i18n import LANGUAGES, babel_locale, translate
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import CustomerGroup, MerchantUser
from storefront import toasts
from storefront.state.app import language_var, messages


def adjustment_label(basis_points: int, lang: str) -> str:
    """"10 % discount", "5 % surcharge", "No discount" in `lang`."""
    if not basis_points:
        return translate(lang, "admin.group.no_adjustment")
    percent = format_decimal(Decimal(abs(basis_points)) / 100, locale=babel_locale(lang))
    key = "admin.group.discount" if basis_points < 0 else "admin.group.surcharge"
    return translate(lang, key, percent=percent)


def group_row(summary: groups.GroupSummary, lang: str) -> dict:
    group = summary.group
    return {
        "id": group.id,
        "href": routes.with_id(routes.ADMIN_GROUP, group.id),
        "name": group.name,
        "description": group.description,
        "members": summary.members,
        "adjustment": adjustment_label(group.price_adjustment_bp, lang),
        "tax_exempt": translate(lang, "admin.catalog.yes" if group.tax_exempt else "admin.catalog.no"),
    }


def _id_from_path(path: str, from_end: int) -> int | None:
    parts = path.rstrip("/").split("/")
    return valid_id(parts[-from_end]) if len(parts) >= from_end else None


class GroupsState(AdminState):
    """/admin/groups: every group, and a form to create one."""

    _rows_by_lang: dict[str, list[dict]] = {}
    _errors: dict[str, str] = {}
    form_key: int = 0
    saving: bool = False

    @language_var
    def rows(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _load(self, db: Session, merchant: MerchantUser):
        summaries = groups.list_groups(db)
        self._rows_by_lang = {lang: [group_row(summary, lang) for summary in summaries] for lang in LANGUAGES}
        self._errors = {}

    def create_group(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        try:
            group_id = self._as_merchant(Permission.EDIT, lambda db, merchant: groups.save_group(
                db, None, form_data, merchant_user_id=merchant.id).id)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FormErrors as error:
            self._errors = error.errors
            return
        self._errors = {}
        self.form_key += 1
        return [toasts.success(self._t("admin.group.created")), rx.redirect(routes.with_id(routes.ADMIN_GROUP,
                                                                                              group_id))]


class GroupState(AdminState):
    """/admin/groups/[id]: the group's details, its fixed prices and its members."""

    found: bool = False
    group_id: int = 0
    values: dict[str, str | bool] = {}
    _errors: dict[str, str] = {}
    _price_errors: dict[str, str] = {}
    form_key: int = 0
    member_total: int = 0
    member_rows: list[dict] = []
    _prices_by_lang: dict[str, list[dict]] = {}
    products: list[dict] = []  # the fixed-price picker: id, label
    _adjustment_bp: int = 0

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def price_errors(self) -> dict[str, str]:
        return messages(self._price_errors, self.language)

    @language_var
    def prices(self) -> list[dict]:
        return self._prices_by_lang.get(self.language, [])

    @language_var
    def adjustment(self) -> str:
        return adjustment_label(self._adjustment_bp, self.language)

    @rx.var
    def delete_href(self) -> str:
        return routes.with_id(routes.ADMIN_GROUP_DELETE, self.group_id) if self.group_id else routes.ADMIN_GROUPS

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self._price_errors = {}, {}
        group_id = _id_from_path(self.rx_router_url.path, 1)
        try:
            group = groups.get_group(db, group_id)
        except LookupError:
            self.found, self.group_id = False, 0
            return
        self._fill(db, group)

    def _fill(self, db: Session, group: CustomerGroup) -> None:
        self.found, self.group_id = True, group.id
        self.values = {"name": group.name, "description": group.description,
                       "adjustment": groups.percent_input(group.price_adjustment_bp), "tax_exempt": group.tax_exempt}
        self._adjustment_bp = group.price_adjustment_bp
        self.form_key += 1
        self.member_total = groups.member_count(db, group.id)
        self.member_rows = [{"id": customer.id, "name": customer.full_name or customer.email, "email": customer.email,
                             "href": routes.with_id(routes.ADMIN_CUSTOMER, customer.id)}
                            for customer in groups.members(db, group.id)]
        rows = groups.group_prices(db, group.id)
        self._prices_by_lang = {lang: [{
            "product_id": product.id, "name": product.name, "sku": product.sku,
            "catalogue_price": format_money(product.price_cents, product.currency, lang),
            "price": format_money(row.price_cents, product.currency, lang),
            "price_input": money_input(row.price_cents),
        } for row, product in rows] for lang in LANGUAGES}
        self.products = [{"id": str(product_id), "label": f"{name} ({sku})"}
                         for product_id, name, sku in groups.product_choices(db)]

    def _reload(self, db: Session) -> None:
        self._fill(db, groups.get_group(db, self.group_id))

    def save_group(self, form_data: dict):
        if not isinstance(form_data, dict) or not self.group_id:
            return

        def save(db: Session, merchant: MerchantUser):
            group = groups.save_group(db, self.group_id, form_data, merchant_user_id=merchant.id)
            self._fill(db, group)

        try:
            self._as_merchant(Permission.EDIT, save)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            return toasts.error(self._t("admin.group.gone"))
        except FormErrors as error:
            self._errors = error.errors
            return
        self._errors = {}
        return toasts.success(self._t("admin.group.saved"))

    def set_price(self, form_data: dict):
        if not isinstance(form_data, dict) or not self.group_id:
            return
        product_id = valid_id(form_data.get("product"))

        def save(db: Session, merchant: MerchantUser):
            groups.set_group_price(db, self.group_id, product_id, form_data.get("price"),
                                   merchant_user_id=merchant.id)
            db.flush()
            self._reload(db)

        try:
            self._as_merchant(Permission.EDIT, save)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            return toasts.error(self._t("admin.group.gone"))
        except FieldError as error:
            self._price_errors = {error.field: error.key}
            return
        self._price_errors = {}
        return toasts.success(self._t("admin.group.price_saved"))

    def remove_price(self, product_id: int):
        checked = valid_id(product_id)
        if checked is None or not self.group_id:
            return

        def remove(db: Session, merchant: MerchantUser):
            groups.remove_group_price(db, self.group_id, checked, merchant_user_id=merchant.id)
            db.flush()
            self._reload(db)

        try:
            self._as_merchant(Permission.EDIT, remove)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            return
        return toasts.success(self._t("admin.group.price_removed"))


class GroupDeleteState(AdminState):
    """/admin/groups/[id]/delete: names the group and how many customers it has, then deletes it."""

    found: bool = False
    group_id: int = 0
    group_name: str = ""
    member_total: int = 0
    deleting: bool = False

    @rx.var
    def group_href(self) -> str:
        return routes.with_id(routes.ADMIN_GROUP, self.group_id) if self.group_id else routes.ADMIN_GROUPS

    def _load(self, db: Session, merchant: MerchantUser):
        try:
            group = groups.get_group(db, _id_from_path(self.rx_router_url.path, 2))
        except LookupError:
            self.found, self.group_id, self.group_name, self.member_total = False, 0, "", 0
            return
        self.found, self.group_id, self.group_name = True, group.id, group.name
        self.member_total = groups.member_count(db, group.id)

    def delete_group(self):
        if not self.group_id:
            return
        group_id = self.group_id
        try:
            name, _ = self._as_merchant(Permission.EDIT, lambda db, merchant: groups.delete_group(
                db, group_id, merchant_user_id=merchant.id))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            self.found = False
            return rx.redirect(routes.ADMIN_GROUPS)
        self.found, self.group_id = False, 0
        return [rx.redirect(routes.ADMIN_GROUPS), toasts.success(self._t("admin.group.deleted", name=name))]
