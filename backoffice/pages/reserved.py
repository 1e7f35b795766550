"""Back-office routes that the back-office issue fills; each is already behind the merchant guard."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from shop import routes
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
]


def _coming(title_key: str):
    def render() -> rx.Component:
        return rx.vstack(page_heading(title_key), rx.callout(t("admin.page.coming"), icon="info"), width="100%")

    render.__name__ = "admin_" + title_key.replace(".", "_")
    return render


for _route, _title_key in RESERVED_ADMIN_PAGES:
    admin_page(_route, _title_key)(_coming(_title_key))
