"""Back-office routes that no page module has filled yet; each is behind the merchant guard. Imported after
every back-office page module, it registers only the routes still free."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from shop import routes
from storefront.components.templates import REGISTERED_PAGES
from storefront.state.app import t

RESERVED_ADMIN_PAGES = [
    (routes.ADMIN_CUSTOMERS, "admin.page.customers"),
    (routes.ADMIN_CUSTOMER_NEW, "admin.page.new_customer"),
    (routes.ADMIN_CUSTOMER, "admin.page.customer"),
    (routes.ADMIN_GROUPS, "admin.page.groups"),
    (routes.ADMIN_ORDERS, "admin.page.orders"),
    (routes.ADMIN_ORDER, "admin.page.order"),
    (routes.ADMIN_PRODUCTS, "admin.page.products"),
    (routes.ADMIN_SETTINGS, "admin.page.settings"),
    (routes.ADMIN_CUSTOMER_DELETE, "admin.page.customer_delete"),
    (routes.ADMIN_CUSTOMER_MERGE, "admin.page.customer_merge"),
    (routes.ADMIN_CUSTOMER_PRICES, "admin.page.customer_prices"),
    (routes.ADMIN_CUSTOMER_PREVIEW, "admin.page.customer_preview"),
    (routes.ADMIN_CUSTOMERS_IMPORT, "admin.page.import"),
    (routes.ADMIN_GROUP, "admin.page.group"),
    (routes.ADMIN_GROUP_DELETE, "admin.page.group_delete"),
    (routes.ADMIN_ORDER_NEW, "admin.page.order_new"),
    (routes.ADMIN_PRODUCT, "admin.page.product"),
    (routes.ADMIN_STAFF, "admin.page.staff"),
    (routes.ADMIN_SECURITY, "admin.page.security"),
    (routes.ADMIN_EMAIL, "admin.page.email"),
]


def _coming(title_key: str):
    def render() -> rx.Component:
        return rx.vstack(page_heading(title_key), rx.callout(t("admin.page.coming"), icon="info"), width="100%")

    render.__name__ = "admin_" + title_key.replace(".", "_")
    return render


_taken = {spec.route for spec in REGISTERED_PAGES}
for _route, _title_key in RESERVED_ADMIN_PAGES:
    if _route not in _taken:
        admin_page(_route, _title_key)(_coming(_title_key))
