"""/admin: the dashboard, and /admin/emails: the outbox log with each email's (masked) text."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.dashboard import DashboardState, EmailLogState, EmailState
from shop import routes
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_dynamic, t_format

NO_WRAP = {"white_space": "nowrap"}


def figure(label_key: str, value: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(t(label_key), size="2", color_scheme="gray"),
                  # Long amounts ("12 345,60 €") wrap instead of being cut off on a phone.
                  rx.text(value, size=rx.breakpoints(initial="5", md="7"), weight="bold", overflow_wrap="anywhere"),
                  spacing="1", min_width="0"),
        min_width="0",
    )


def status_badge(status: rx.Var) -> rx.Component:
    colors = {"received": "blue", "paid": "cyan", "processing": "amber", "shipped": "violet",
              "delivered": "grass", "cancelled": "gray"}
    return rx.badge(t_dynamic("status.", status), color_scheme=rx.match(status, *colors.items(), "gray"))


def order_row(order: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(order["number"], href=order["url"].to(str)), style=NO_WRAP),
        rx.table.cell(order["email"]),
        rx.table.cell(order["placed"], style=NO_WRAP),
        rx.table.cell(t_dynamic("channel.", order["channel"]), style=NO_WRAP),
        rx.table.cell(status_badge(order["status"])),
        rx.table.cell(order["total"], text_align="right", style=NO_WRAP),
    )


def status_count(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(status_badge(item["status"]), rx.text(item["count"], weight="bold"), spacing="2", align="center"),
        href=item["url"].to(str), underline="none",
    )


def activity_chart() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("admin.dashboard.activity"), as_="h2", size="4"),
            rx.text(DashboardState.series_summary, size="2", color_scheme="gray", id="activity-summary"),
            rx.box(
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                    rx.recharts.x_axis(data_key="day", min_tick_gap=24),
                    rx.recharts.y_axis(allow_decimals=False, width=32),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(),
                    rx.recharts.bar(data_key="sign_ups", name=t("admin.dashboard.sign_ups"), fill="var(--accent-9)"),
                    rx.recharts.bar(data_key="orders", name=t("admin.dashboard.orders_per_day"),
                                    fill="var(--amber-9)"),
                    data=DashboardState.series_points,
                    width="100%",
                    height=260,
                ),
                width="100%",
                aria_describedby="activity-summary",
                role="img",
                aria_label=t("admin.dashboard.activity"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@admin_page(routes.ADMIN, "admin.dashboard.title", state=DashboardState)
def admin_dashboard() -> rx.Component:
    figures = DashboardState.figures
    return rx.vstack(
        page_heading("admin.dashboard.title"),
        rx.grid(
            figure("admin.dashboard.customers", figures["customers"]),
            figure("admin.dashboard.new_this_week", figures["new_this_week"]),
            figure("admin.dashboard.verified", figures["verified"]),
            figure("admin.dashboard.orders", figures["orders"]),
            figure("admin.dashboard.open_orders", figures["open_orders"]),
            figure("admin.dashboard.revenue", figures["revenue"]),
            figure("admin.dashboard.products", figures["products"]),
            figure("admin.dashboard.pending_emails", figures["pending_emails"]),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="4",
            width="100%",
        ),
        rx.heading(t("admin.dashboard.by_status"), as_="h2", size="4", margin_top="0.5rem"),
        rx.flex(rx.foreach(DashboardState.orders_by_status, status_count), wrap="wrap", spacing="4"),
        activity_chart(),
        rx.heading(t("admin.dashboard.recent_orders"), as_="h2", size="5", margin_top="1rem"),
        rx.cond(
            DashboardState.recent_orders.length() > 0,
            scrolling_table(
                [("admin.order.number", False), ("admin.customer", False), ("admin.order.placed", False),
                 ("admin.order.channel", False), ("admin.order.status", False), ("admin.order.total", True)],
                DashboardState.recent_orders, order_row, hide_on_phone=(2, 3, 4),
            ),
            rx.callout(t("admin.dashboard.no_orders"), icon="info"),
        ),
        spacing="4",
        width="100%",
    )


def email_card(email: rx.Var) -> rx.Component:
    """One email as a card: on a phone the subject gets the whole width, never one word per line."""
    return rx.link(
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.text(email["subject"], weight="bold", size="2"),
                    rx.text(email["to"], size="2", color_scheme="gray", overflow_wrap="anywhere"),
                    spacing="1", min_width="0", flex="1",
                ),
                rx.vstack(
                    rx.badge(t_dynamic("mail_status.", email["status"]), variant="soft",
                             color_scheme=rx.cond(email["status"] == "failed", "red", "gray")),
                    rx.text(email["created"], size="1", color_scheme="gray", style=NO_WRAP),
                    rx.text(t("admin.emails.attempts"), t("admin.colon"), email["attempts"], size="1",
                            color_scheme="gray"),
                    align=rx.breakpoints(initial="start", sm="end"), spacing="1",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                gap="2",
                width="100%",
            ),
            width="100%",
        ),
        href=email["url"].to(str),
        underline="none",
        color="inherit",
        width="100%",
    )


def pager(previous_url: rx.Var, next_url: rx.Var, page: rx.Var, pages: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(previous_url != "", rx.link(t("admin.pager.previous"), href=previous_url)),
        rx.text(t_format("admin.pager.page", page=page.to(str), pages=pages.to(str)), size="2", color_scheme="gray"),
        rx.cond(next_url != "", rx.link(t("admin.pager.next"), href=next_url)),
        spacing="4",
        align="center",
    )


@admin_page(routes.ADMIN_EMAILS, "admin.emails.title", state=EmailLogState)
def admin_emails() -> rx.Component:
    return rx.vstack(
        page_heading("admin.emails.title"),
        rx.text(t("admin.emails.intro"), color_scheme="gray", size="2"),
        rx.cond(
            EmailLogState.emails.length() == 0,
            rx.callout(t("admin.emails.empty"), icon="info"),
            rx.vstack(rx.foreach(EmailLogState.emails, email_card), spacing="2", width="100%"),
        ),
        pager(EmailLogState.previous_url, EmailLogState.next_url, EmailLogState.page, EmailLogState.pages),
        spacing="4",
        width="100%",
    )


def detail_row(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key)), rx.data_list.value(value))


@admin_page(routes.ADMIN_EMAIL, "admin.page.email", state=EmailState)
def admin_email() -> rx.Component:
    email = EmailState.email
    return rx.vstack(
        rx.link(t("admin.emails.back"), href=routes.ADMIN_EMAILS, size="2"),
        page_heading("admin.page.email"),
        rx.match(
            EmailState.found,
            ("no", rx.callout(t("admin.emails.not_found"), icon="info")),
            ("yes", rx.vstack(
                rx.data_list.root(
                    detail_row("admin.emails.subject", email["subject"]),
                    detail_row("admin.emails.to", email["to"]),
                    detail_row("admin.emails.status",
                               rx.badge(t_dynamic("mail_status.", email["status"]), variant="soft")),
                    detail_row("admin.emails.attempts", email["attempts"]),
                    detail_row("admin.emails.created", email["created"]),
                    rx.cond(email["sent"] != "", detail_row("admin.emails.sent", email["sent"])),
                    rx.cond(email["last_error"] != "", detail_row("admin.emails.last_error", email["last_error"])),
                    orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
                ),
                rx.cond(
                    EmailState.status == "failed",
                    rx.cond(AdminState.can_edit,
                            rx.button(t("admin.emails.send_again"), on_click=EmailState.send_again,
                                      disabled=~rx.State.is_hydrated)),
                ),
                rx.callout(t("admin.emails.masked_note"), icon="eye_off", size="1", color_scheme="gray"),
                # The text version, as text: never the HTML body.
                rx.el.pre(email["body"], white_space="pre-wrap", overflow_wrap="anywhere",
                          font_family="inherit", font_size="14px", padding="1rem", width="100%",
                          border="1px solid var(--gray-a5)", border_radius="8px", background="var(--gray-2)",
                          margin="0"),
                spacing="4",
                width="100%",
            )),
            rx.spinner(),
        ),
        spacing="3",
        width="100%",
    )

