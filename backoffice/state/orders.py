"""The orders screens: the filtered list, one order (status, shipping) and an order taken in the shop."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from backoffice import views
from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.common.validation import FormErrors
from shop.i18n import LANGUAGES, translate
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import Customer, MerchantUser
from shop.orders import admin as order_admin
from storefront import toasts
from storefront.state.app import language_var

MAX_FORM_VALUE = 600


def _translated(errors: dict[str, str]) -> dict[str, dict[str, str]]:
    return {lang: {name: translate(lang, key) for name, key in errors.items()} for lang in LANGUAGES}


class AdminOrdersState(AdminState):
    """/admin/orders: filters live in the URL, so a filtered list can be bookmarked and shared."""

    _rows_by_lang: dict[str, list[dict]] = {}
    filter_status: str = ""
    filter_channel: str = ""
    filter_search: str = ""
    filter_from: str = ""
    filter_to: str = ""
    form_key: str = ""  # changes with the URL: the filter form is rebuilt with its values (Clear, Back)
    filter_customer: str = ""  # the id, when the list is one customer's
    customer_name: str = ""
    total: int = 0
    page: int = 1
    pages: int = 1
    previous_url: str = ""
    next_url: str = ""
    loaded: bool = False

    @language_var
    def orders(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    @rx.var
    def filtered(self) -> bool:
        return bool(self.filter_status or self.filter_channel or self.filter_search or self.filter_from
                    or self.filter_to or self.filter_customer)

    @rx.var
    def clear_customer_url(self) -> str:
        """The same filters, for every customer."""
        query = {"status": self.filter_status, "channel": self.filter_channel, "q": self.filter_search,
                 "from": self.filter_from, "to": self.filter_to}
        return _url({key: value for key, value in query.items() if value})

    def _load(self, db: Session, merchant: MerchantUser):
        filters = order_admin.read_filters(dict(self.rx_router_url.query_parameters))
        found = order_admin.search_orders(db, filters)
        self._rows_by_lang = {lang: [views.order_row(o, lang) for o in found.orders] for lang in LANGUAGES}
        customer = found.customer
        self.customer_name = (customer.full_name or customer.email) if customer else (
            "#" + str(filters.customer_id) if filters.customer_id else "")
        query = filters.as_query()
        self._show(filter_status=filters.status, filter_channel=filters.channel, filter_search=filters.search,
                   filter_from=filters.placed_from, filter_to=filters.placed_to,
                   filter_customer=str(filters.customer_id or ""), form_key=urlencode(query) or "all",
                   total=found.total, page=found.page,
                   pages=found.pages, loaded=True,
                   previous_url=_url({**query, "page": str(found.page - 1)}) if found.page > 1 else "",
                   next_url=_url({**query, "page": str(found.page + 1)}) if found.page < found.pages else "")

    def apply_filters(self, form: dict):
        """The filter form: its values go into the URL, whose on-load runs the search."""
        form = form if isinstance(form, dict) else {}
        if self.filter_customer:
            form = {**form, "customer": self.filter_customer}
        filters = order_admin.read_filters({key: value for key, value in form.items()
                                            if isinstance(key, str) and key != "page"})
        return rx.redirect(_url(filters.as_query()))


def _url(query: dict[str, str]) -> str:
    return f"{routes.ADMIN_ORDERS}?{urlencode(query)}" if query else routes.ADMIN_ORDERS


class AdminOrderState(AdminState):
    """/admin/orders/<number>: the whole order, status changes and "Mark shipped"."""

    _detail_by_lang: dict[str, dict] = {}
    _ship_errors: dict[str, str] = {}  # field -> message key
    number: str = ""
    found: str = ""  # "" while loading, then "yes" or "no"
    status: str = ""
    next_statuses: list[str] = []
    can_ship: bool = False
    saving: bool = False

    @language_var
    def order(self) -> dict:
        return self._detail_by_lang.get(self.language, {})

    @language_var
    def ship_errors(self) -> dict[str, str]:
        return {name: translate(self.language, key) for name, key in self._ship_errors.items()}

    def _requested_number(self) -> str:
        return self.rx_router_url.path.removeprefix(routes.ADMIN_ORDERS).strip("/")[:order_admin.MAX_NUMBER + 1]

    def _load(self, db: Session, merchant: MerchantUser):
        self._ship_errors = {}
        self._fill(db, self._requested_number())

    def _fill(self, db: Session, number: str) -> None:
        detail = order_admin.order_for_merchant(db, number)
        if detail is None:
            self._detail_by_lang = {}
            self._show(number=number, found="no", status="", next_statuses=[], can_ship=False)
            return
        self._detail_by_lang = {lang: views.order_detail(detail, lang) for lang in LANGUAGES}
        status = detail.order.status
        self._show(number=detail.order.number, found="yes", status=status,
                   next_statuses=list(order_admin.allowed_next(status)), can_ship=order_admin.can_ship(status))

    def change_status(self, form: dict):
        status = form.get("status") if isinstance(form, dict) else None
        if not isinstance(status, str) or len(status) > 20:
            return
        number = self.number

        def change(db: Session, merchant: MerchantUser):
            try:
                order_admin.change_status(db, number, status, merchant_user_id=merchant.id)
            except order_admin.OrderRefused as refused:
                self._fill(db, number)  # as it is now: another merchant may have moved it meanwhile
                return refused.key
            self._fill(db, number)
            return None

        try:
            refused = self._as_merchant(Permission.EDIT, change)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        if refused:
            return toasts.error(self._t(refused))
        return toasts.success(self._t("admin.orders.status_changed"))

    def mark_shipped(self, form: dict):
        if not isinstance(form, dict) or any(not isinstance(v, str) or len(v) > MAX_FORM_VALUE
                                             for v in form.values()):
            return
        form = {key: form.get(key, "") for key in ("carrier", "tracking_number", "tracking_url")}
        number = self.number

        def ship(db: Session, merchant: MerchantUser):
            try:
                order_admin.mark_shipped(db, number, form, merchant_user_id=merchant.id)
            except order_admin.OrderRefused as refused:
                self._fill(db, number)  # as it is now: another merchant may have moved it meanwhile
                return refused.key
            self._fill(db, number)
            return None

        try:
            refused = self._as_merchant(Permission.EDIT, ship)
        except FormErrors as errors:
            self._ship_errors = errors.errors
            return
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        self._ship_errors = {}
        if refused:
            return toasts.error(self._t(refused))
        return toasts.success(self._t("admin.orders.shipped_done"))


class NewOrderState(AdminState):
    """/admin/orders/new: an order taken in the shop, for a customer or a walk-in buyer."""

    _customer_id: int | None = None
    _lines: list[dict] = []  # {"product_id", "quantity"}, as validated
    _errors: dict[str, str] = {}
    _products_by_lang: dict[str, list[dict]] = {}
    _lines_by_lang: dict[str, list[dict]] = {}
    _total_by_lang: dict[str, str] = {}
    customer_matches: list[dict] = []
    customer_label: str = ""
    searched: bool = False
    placing: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return {name: translate(self.language, key) for name, key in self._errors.items()}

    @language_var
    def products(self) -> list[dict]:
        return self._products_by_lang.get(self.language, [])

    @language_var
    def lines(self) -> list[dict]:
        return self._lines_by_lang.get(self.language, [])

    @language_var
    def total(self) -> str:
        return self._total_by_lang.get(self.language, "")

    def _load(self, db: Session, merchant: MerchantUser):
        self._customer_id, self._lines, self._errors = None, [], {}
        self.customer_matches, self.customer_label, self.searched = [], "", False
        self._refresh(db)

    def _refresh(self, db: Session) -> None:
        """Product choices and lines at the chosen customer's prices, in both languages."""
        from shop.common.formatting import format_money
        from shop.settings.store import get_store_settings

        currency = get_store_settings(db).currency
        customer = db.get(Customer, self._customer_id) if self._customer_id else None
        products = order_admin.products_for_sale(db)
        prices = {line.product.id: line.unit_cents
                  for line in order_admin.quote_in_store(db, customer, [(p.id, 1) for p in products])}
        by_id = {p.id: p for p in products}
        lines = [(by_id[line["product_id"]], line["quantity"]) for line in self._lines
                 if line["product_id"] in by_id and line["product_id"] in prices]
        products_by_lang, lines_by_lang, total_by_lang = {}, {}, {}
        for lang in LANGUAGES:
            def money(cents: int, lang: str = lang) -> str:
                return format_money(cents, currency, lang)

            products_by_lang[lang] = [
                {"id": str(p.id), "label": f"{p.name} · {p.sku} · {money(prices[p.id])} · "
                                           f"{translate(lang, 'admin.orders.in_stock', count=p.stock)}"}
                for p in products if p.id in prices]
            lines_by_lang[lang] = [
                {"product_id": p.id, "name": p.name, "quantity": quantity, "unit": money(prices[p.id]),
                 "total": money(prices[p.id] * quantity)} for p, quantity in lines]
            total_by_lang[lang] = money(sum(prices[p.id] * quantity for p, quantity in lines))
        self._products_by_lang, self._lines_by_lang, self._total_by_lang = (products_by_lang, lines_by_lang,
                                                                            total_by_lang)

    def _edit(self, work) -> object:
        try:
            return self._as_merchant(Permission.EDIT, work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)

    def search_customers(self, form: dict):
        query = form.get("customer_search") if isinstance(form, dict) else None
        if not isinstance(query, str) or len(query) > order_admin.MAX_SEARCH:
            return

        def search(db: Session, merchant: MerchantUser):
            found = order_admin.find_customers(db, query)
            self.customer_matches = [{"id": c.id, "label": f"{c.full_name or '-'} · {c.email} · {c.customer_number}"}
                                     for c in found]
            self.searched = True

        return self._edit(search)

    def pick_customer(self, customer_id: int):
        if type(customer_id) is not int or not (0 < customer_id < 2**31):
            return

        def pick(db: Session, merchant: MerchantUser):
            customer = db.get(Customer, customer_id)
            if customer is None or customer.is_blocked:
                return
            self._customer_id = customer.id
            self.customer_label = f"{customer.full_name or '-'} · {customer.email} · {customer.customer_number}"
            self.customer_matches, self.searched = [], False
            self._errors = {k: v for k, v in self._errors.items() if k not in ("customer", "email")}
            self._refresh(db)

        return self._edit(pick)

    def clear_customer(self):
        def clear(db: Session, merchant: MerchantUser):
            self._customer_id, self.customer_label = None, ""
            self._refresh(db)

        return self._edit(clear)

    def add_line(self, form: dict):
        form = form if isinstance(form, dict) else {}
        product_id, quantity = form.get("product_id"), form.get("quantity")
        if not isinstance(product_id, str) or not product_id.isdigit() or len(product_id) > 10 \
                or not isinstance(quantity, str) or not quantity.strip().isdigit() or len(quantity) > 4:
            self._errors = {**self._errors, "lines": "admin.orders.error.quantity"}
            return
        pid, qty = int(product_id), int(quantity.strip())
        if not (0 < qty <= order_admin.MAX_QUANTITY) or len(self._lines) >= order_admin.MAX_LINES:
            self._errors = {**self._errors, "lines": "admin.orders.error.quantity"}
            return

        def add(db: Session, merchant: MerchantUser):
            if pid not in {p.id for p in order_admin.products_for_sale(db)}:
                self._errors = {**self._errors, "lines": "admin.orders.error.product"}
                return
            merged = {line["product_id"]: line["quantity"] for line in self._lines}
            merged[pid] = min(merged.get(pid, 0) + qty, order_admin.MAX_QUANTITY)
            self._lines = [{"product_id": k, "quantity": v} for k, v in merged.items()]
            self._errors = {k: v for k, v in self._errors.items() if k != "lines"}
            self._refresh(db)

        return self._edit(add)

    def remove_line(self, product_id: int):
        if type(product_id) is not int:
            return

        def remove(db: Session, merchant: MerchantUser):
            self._lines = [line for line in self._lines if line["product_id"] != product_id]
            self._refresh(db)

        return self._edit(remove)

    def place_order(self, form: dict):
        form = form if isinstance(form, dict) else {}
        email, payment = form.get("email", ""), form.get("payment_method", "")
        if not isinstance(email, str) or not isinstance(payment, str) or len(email) > 300 or len(payment) > 20:
            return
        payload = {"customer_id": self._customer_id, "email": email, "payment_method": payment,
                   "lines": [dict(line) for line in self._lines]}

        def place(db: Session, merchant: MerchantUser):
            return order_admin.create_in_store_order(db, payload, merchant_user_id=merchant.id).number

        try:
            number = self._as_merchant(Permission.EDIT, place)
        except FormErrors as errors:
            self._errors = errors.errors
            return
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        self._errors, self._lines = {}, []
        return [toasts.success(self._t("admin.orders.created", number=number)),
                rx.redirect(routes.with_id(routes.ADMIN_ORDER, number))]
