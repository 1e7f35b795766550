"""The owner's actions on one customer: delete, merge, the customer's own price list, and the shop seen with
their prices. Thin: read the customer id from the URL, check the merchant's role, call the core, show."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.catalog import customer_prices
from shop.common.formatting import format_money
from shop.common.validation import FieldError, FormErrors, form_value
from shop.customers import merchant_deletion, merge
from shop.customers.merchant_deletion import CustomerNotFound
from shop.merchants.permissions import Permission, PermissionDenied, allows
from shop.models import MerchantUser
from storefront import toasts
from storefront.state.app import language_var, messages


class CustomerActionState(AdminState):
    """What the four pages share: the customer of the URL, and the refusal of owner-only pages to staff."""

    _owner_only: ClassVar[bool] = True
    customer_id: int = 0
    customer_name: str = ""
    not_found: bool = False
    refused: bool = False  # staff opened an owner-only page: the page says so, the handlers refuse too
    _customer_id: int = 0  # the id the handlers act on (set by the page load, never by the browser)

    def _id_from_url(self) -> str:
        parts = self.rx_router_url.path.rstrip("/").split("/")
        return parts[-2] if len(parts) >= 2 else ""

    def _load(self, db: Session, merchant: MerchantUser):
        self._forget()
        self.refused = self._owner_only and not allows(merchant, Permission.OWNER)
        try:
            customer = merchant_deletion.get_customer(db, self._id_from_url())
        except CustomerNotFound:
            self.not_found, self.customer_id, self._customer_id, self.customer_name = True, 0, 0, ""
            return None
        self.not_found = False
        self.customer_id = self._customer_id = customer.id
        self.customer_name = customer.full_name or customer.email
        if not self.refused:
            return self._load_customer(db, merchant, customer.id)
        return None

    def _forget(self) -> None:
        """Nothing of the previous customer stays on screen (each page clears its own data)."""

    def _load_customer(self, db: Session, merchant: MerchantUser, customer_id: int):
        return None

    def _customer_url(self) -> str:
        return routes.with_id(routes.ADMIN_CUSTOMER, self._customer_id)

    def _gone(self):
        self.not_found = True
        return toasts.error(self._t("admin.actions.not_found"))


# --- delete ---


class CustomerDeleteState(CustomerActionState):
    _target: dict = {}
    deleting: bool = False

    @rx.var
    def target(self) -> dict[str, str]:
        found = self._target
        if not found:
            return {}
        return {"name": found["name"], "email": found["email"], "number": found["customer_number"],
                "orders": str(found["orders_kept"])}

    def _forget(self) -> None:
        self._target, self.deleting = {}, False

    def _load_customer(self, db: Session, merchant: MerchantUser, customer_id: int):
        summary = merchant_deletion.deletion_summary(db, customer_id)
        self._target = {"name": summary.name, "email": summary.email, "customer_number": summary.customer_number,
                        "orders_kept": summary.orders_kept}

    def delete_customer(self):
        customer_id = self._customer_id
        if not customer_id:
            return self._gone()
        self.deleting = True
        try:
            deleted = self._as_merchant(Permission.OWNER, lambda db, merchant: merchant_deletion.delete_customer(
                db, customer_id, merchant_user_id=merchant.id))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except CustomerNotFound:
            return self._gone()
        finally:
            self.deleting = False
        self._forget()
        self._customer_id = self.customer_id = 0
        return [toasts.success(self._t("admin.delete.done", name=deleted.name)), rx.redirect(routes.ADMIN_CUSTOMERS)]


# --- merge ---


def _record_view(record: merge.RecordSummary) -> dict[str, str]:
    return {"id": str(record.id), "number": record.customer_number, "own_number": record.own_number or "—",
            "name": record.name or "—", "email": record.email, "company": record.company or "—",
            "phone": record.phone or "—", "group": record.group_name or "—", "orders": str(record.order_count)}


class CustomerMergeState(CustomerActionState):
    matches: list[dict[str, str]] = []
    searched: bool = False
    keep_other: bool = False  # the switch: keep the other record instead of this page's one
    choices: dict[str, str] = {}
    merging: bool = False
    _other_id: int = 0
    _preview: dict = {}
    _errors: dict[str, str] = {}

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @rx.var
    def has_preview(self) -> bool:
        return bool(self._preview)

    @rx.var
    def kept_record(self) -> dict[str, str]:
        return self._preview.get("kept", {}) if self._preview else {}

    @rx.var
    def other_record(self) -> dict[str, str]:
        return self._preview.get("other", {}) if self._preview else {}

    @rx.var
    def moves(self) -> dict[str, str]:
        return self._preview.get("moves", {}) if self._preview else {}

    @rx.var
    def conflicts(self) -> list[dict[str, str]]:
        return self._preview.get("conflicts", []) if self._preview else []

    @rx.var
    def filled(self) -> list[str]:
        return self._preview.get("filled", []) if self._preview else []

    @language_var
    def price_clashes(self) -> list[dict[str, str]]:
        """Products both records have an own price for, formatted in the visitor's language."""
        lang = self.language
        return [{"product": clash["product"], "kept": format_money(clash["kept"], clash["currency"], lang),
                 "other": format_money(clash["other"], clash["currency"], lang)}
                for clash in (self._preview.get("clashes", []) if self._preview else [])]

    def _forget(self) -> None:
        self.matches, self.searched, self.keep_other, self.choices, self.merging = [], False, False, {}, False
        self._other_id, self._preview, self._errors = 0, {}, {}

    def _read_preview(self, db: Session) -> None:
        kept, other = (self._other_id, self._customer_id) if self.keep_other else (self._customer_id, self._other_id)
        found = merge.merge_preview(db, kept, other)
        self._preview = {
            "kept": _record_view(found.kept), "other": _record_view(found.other),
            "moves": {"orders": str(found.orders), "addresses": str(found.addresses), "wishlist": str(found.wishlist),
                      "notes": str(found.notes), "prices": str(found.prices), "cart_lines": str(found.cart_lines),
                      "cart_added": str(found.cart_added)},
            "clashes": [{"product": clash.product_name, "kept": clash.kept_cents, "other": clash.other_cents,
                         "currency": clash.currency} for clash in found.price_clashes],
            "conflicts": [{"field": c.field, "kept": c.kept_value, "other": c.other_value}
                          for c in found.conflicts],
            "filled": list(found.filled),
        }
        self.choices = {c.field: c.default for c in found.conflicts}
        self._errors = {}

    def search(self, form_data: dict):
        query = form_value(form_data, "query")
        if not isinstance(query, str) or len(query) > 300:
            query = ""
        customer_id = self._customer_id
        if not customer_id:
            return self._gone()
        try:
            found = self._as_merchant(Permission.OWNER, lambda db, merchant: merge.find_matches(db, customer_id, query))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except CustomerNotFound:
            return self._gone()
        self.matches = [_record_view(record) for record in found]
        self.searched = True
        return None

    def choose(self, other_id: str):
        """Pick the other record among the matches: the preview follows."""
        try:
            other = merchant_deletion.customer_id_from(other_id)
        except CustomerNotFound:
            return toasts.error(self._t("admin.actions.not_found"))
        if other not in {int(match["id"]) for match in self.matches}:
            return toasts.error(self._t("admin.actions.not_found"))
        return self._show_preview(other, keep_other=False)

    def set_keep_other(self, keep_other: bool):
        if not isinstance(keep_other, bool) or not self._other_id:
            return None
        return self._show_preview(self._other_id, keep_other=keep_other)

    def _show_preview(self, other_id: int, *, keep_other: bool):
        previous = self._other_id, self.keep_other
        self._other_id, self.keep_other = other_id, keep_other
        try:
            self._as_merchant(Permission.OWNER, lambda db, merchant: self._read_preview(db))
        except (NotSignedIn, PermissionDenied) as error:
            self._other_id, self.keep_other = previous
            return self._refusal(error)
        except merge.MergeRefused as refused:
            self._other_id, self.keep_other = previous
            return toasts.error(self._t(refused.key))
        except CustomerNotFound:
            self._other_id, self.keep_other, self._preview = 0, False, {}
            return toasts.error(self._t("admin.actions.not_found"))
        return None

    def set_choice(self, field: str, value: str):
        if field not in merge.CONFLICT_FIELDS or value not in (merge.KEEP, merge.TAKE) or field not in self.choices:
            return
        self.choices = {**self.choices, field: value}
        self._errors = {name: key for name, key in self._errors.items() if name != field}

    def cancel_preview(self):
        self._other_id, self._preview, self.keep_other, self.choices, self._errors = 0, {}, False, {}, {}

    def merge_records(self):
        if not self._preview or not self._other_id:
            return None
        kept, other = (self._other_id, self._customer_id) if self.keep_other else (self._customer_id, self._other_id)
        choices = dict(self.choices)
        self.merging = True
        try:
            self._as_merchant(Permission.OWNER, lambda db, merchant: merge.merge_customers(
                db, kept, other, choices, merchant_user_id=merchant.id))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FormErrors as error:
            # A record may have changed since the preview: show the differences as they are now, answers kept.
            self._show_preview(self._other_id, keep_other=self.keep_other)
            self.choices = {name: choices.get(name, default) for name, default in self.choices.items()}
            self._errors = error.errors
            return toasts.error(self._t("admin.merge.error.choose_all"))
        except merge.MergeRefused as refused:
            return toasts.error(self._t(refused.key))
        except CustomerNotFound:
            self._preview = {}
            return self._gone()
        finally:
            self.merging = False
        self._forget()
        return [toasts.success(self._t("admin.merge.done")), rx.redirect(routes.with_id(routes.ADMIN_CUSTOMER, kept))]


# --- the customer's own price list ---


class CustomerPricesState(CustomerActionState):
    _owner_only: ClassVar[bool] = False  # staff who may edit keep price lists too (Permission.EDIT)
    group_name: str = ""
    keep_customer_prices: bool = True
    form_key: int = 0  # bumped after each save, so the uncontrolled inputs show the stored prices
    _rows: list[dict] = []
    _addable: list[dict] = []
    _errors: dict[str, str] = {}

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _price_view(self, row: dict) -> dict[str, str]:
        lang = self.language

        def money(cents):
            return format_money(cents, row["currency"], lang) if cents is not None else ""

        own = row["own"]
        return {"id": str(row["id"]), "name": row["name_fr"] if lang == "fr" else row["name"], "sku": row["sku"],
                "catalogue": money(row["catalogue"]),
                # The group's price only when the group changes it.
                "group": money(row["group"]) if row["group"] != row["catalogue"] else "", "own": money(own),
                "own_input": f"{own // 100}.{own % 100:02d}" if own is not None else ""}

    @language_var
    def rows(self) -> list[dict[str, str]]:
        return [self._price_view(row) for row in self._rows]

    @language_var
    def addable(self) -> list[dict[str, str]]:
        return [self._price_view(row) for row in self._addable]

    def _forget(self) -> None:
        self._rows, self._addable, self._errors, self.group_name = [], [], {}, ""

    def _load_customer(self, db: Session, merchant: MerchantUser, customer_id: int):
        found = customer_prices.price_list(db, customer_id)
        self.group_name, self.keep_customer_prices = found.group_name, found.keep_customer_prices

        def raw(row: customer_prices.PriceRow) -> dict:
            return {"id": row.product_id, "name": row.name, "name_fr": row.name_fr, "sku": row.sku,
                    "currency": row.currency, "catalogue": row.catalogue_cents, "group": row.group_cents,
                    "own": row.own_cents}

        self._rows, self._addable = [raw(row) for row in found.rows], [raw(row) for row in found.addable]
        self.form_key += 1

    def _save(self, product_id: object, price: object, field: str, done_key: str):
        customer_id = self._customer_id
        if not customer_id:
            return self._gone()

        def save(db: Session, merchant: MerchantUser):
            customer_prices.set_price(db, customer_id, product_id, price, merchant_user_id=merchant.id, field=field)
            self._load_customer(db, merchant, customer_id)

        try:
            self._as_merchant(Permission.EDIT, save)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FieldError as error:
            # A forged product id on a row's form has no field of its own: the form-wide message says it.
            where = error.field if error.field == field or field == "new_price" else "form"
            self._errors = {where: error.key}
            return None
        except CustomerNotFound:
            return self._gone()
        self._errors = {}
        return toasts.success(self._t(done_key))

    def save_price(self, form_data: dict):
        """One row's form: `product` (the id) and `price` ("" removes the own price)."""
        product_id = form_value(form_data, "product")
        return self._save(product_id, form_value(form_data, "price"), f"price-{product_id}"
                          if isinstance(product_id, str) and product_id.isdigit() and len(product_id) < 19
                          else "form", "admin.prices.saved")

    def remove_price(self, product_id: str):
        if not isinstance(product_id, str | int) or isinstance(product_id, bool):
            return None
        return self._save(product_id, "", "form", "admin.prices.removed")

    def add_price(self, form_data: dict):
        price = form_value(form_data, "new_price")
        if isinstance(price, str) and not price.strip():
            self._errors = {"new_price": "admin.prices.error.required"}
            return None
        return self._save(form_value(form_data, "product"), price, "new_price", "admin.prices.saved")


# --- the shop seen with this customer's prices ---

SOURCE_KEYS = {"own": "admin.preview.source.own", "group": "admin.preview.source.group",
               "group_discount": "admin.preview.source.group_discount",
               "catalogue": "admin.preview.source.catalogue"}


class CustomerPreviewState(CustomerActionState):
    group_name: str = ""
    net_prices: bool = False
    reverse_charge: bool = False
    _rows: list[dict] = []

    @language_var
    def rows(self) -> list[dict[str, str]]:
        lang = self.language
        return [{"name": row["name_fr"] if lang == "fr" else row["name"],
                 "visitor": format_money(row["visitor"], row["currency"], lang),
                 "customer": format_money(row["customer"], row["currency"], lang),
                 "source": self._t(SOURCE_KEYS[row["source"]]),
                 "differs": "yes" if row["visitor"] != row["customer"] else ""} for row in self._rows]

    def _forget(self) -> None:
        self._rows, self.group_name, self.net_prices, self.reverse_charge = [], "", False, False

    def _load_customer(self, db: Session, merchant: MerchantUser, customer_id: int):
        found = customer_prices.shop_preview(db, customer_id)
        customer_prices.record_preview_opened(db, customer_id, merchant_user_id=merchant.id)
        self.group_name, self.net_prices, self.reverse_charge = found.group_name, found.net_prices, found.reverse_charge
        self._rows = [{"name": row.name, "name_fr": row.name_fr, "currency": row.currency,
                       "visitor": row.visitor_cents, "customer": row.customer_cents, "source": row.source}
                      for row in found.rows]
