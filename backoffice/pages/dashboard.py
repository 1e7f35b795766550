"""/admin: the dashboard, and /admin/emails: the outbox log."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.dashboard import DashboardState, EmailLogState
from shop import routes
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_dynamic


def figure(label_key: str, value: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(t(label_key), size="2", color_scheme="gray"), rx.text(value, size="7", weight="bold"),
                  spacing="1"),
    )


def status_badge(status: rx.Var) -> rx.Component:
    colors = {"received": "blue", "paid": "cyan", "processing": "amber", "shipped": "violet",
              "delivered": "grass", "cancelled": "gray"}
    return rx.badge(t_dynamic("status.", status), color_scheme=rx.match(status, *colors.items(), "gray"))


def order_row(order: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(order["number"]),
        rx.table.cell(order["email"]),
        rx.table.cell(order["placed"]),
        rx.table.cell(t_dynamic("channel.", order["channel"])),
        rx.table.cell(status_badge(order["status"])),
        rx.table.cell(order["total"], text_align="right"),
    )


@admin_page(routes.ADMIN, "admin.dashboard.title", state=DashboardState)
def admin_dashboard() -> rx.Component:
    figures = DashboardState.figures
    return rx.vstack(
        page_heading("admin.dashboard.title"),
        rx.grid(
            figure("admin.dashboard.customers", figures["customers"]),
            figure("admin.dashboard.orders", figures["orders"]),
            figure("admin.dashboard.open_orders", figures["open_orders"]),
            figure("admin.dashboard.revenue", figures["revenue"]),
            figure("admin.dashboard.products", figures["products"]),
            figure("admin.dashboard.pending_emails", figures["pending_emails"]),
            columns=rx.breakpoints(initial="2", md="3"),
            spacing="4",
            width="100%",
        ),
        rx.heading(t("admin.dashboard.recent_orders"), as_="h2", size="5", margin_top="1rem"),
        scrolling_table(
            [("admin.order.number", False), ("admin.customer", False), ("admin.order.placed", False),
             ("admin.order.channel", False), ("admin.order.status", False), ("admin.order.total", True)],
            DashboardState.recent_orders, order_row,
        ),
        spacing="4",
        width="100%",
    )


def email_row(email: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(email["created"]),
        rx.table.cell(email["to"]),
        rx.table.row_header_cell(email["subject"]),
        rx.table.cell(rx.badge(t_dynamic("mail_status.", email["status"]), variant="soft")),
        rx.table.cell(email["attempts"], text_align="right"),
    )


@admin_page(routes.ADMIN_EMAILS, "admin.emails.title", state=EmailLogState)
def admin_emails() -> rx.Component:
    return rx.vstack(
        page_heading("admin.emails.title"),
        rx.text(t("admin.emails.intro"), color_scheme="gray", size="2"),
        rx.cond(
            EmailLogState.emails.length() == 0,
            rx.callout(t("admin.emails.empty"), icon="info"),
            scrolling_table(
                [("admin.emails.created", False), ("admin.emails.to", False), ("admin.emails.subject", False),
                 ("admin.emails.status", False), ("admin.emails.attempts", True)],
                EmailLogState.emails, email_row,
            ),
        ),
        spacing="4",
        width="100%",
    )
