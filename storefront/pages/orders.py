"""/account/orders and /account/orders/<number>, one page: every order, online and in-store, and one order live."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_dynamic, t_format
from storefront.state.orders import DETAIL, LIST, NOT_FOUND, OrdersState

STATUS_COLORS = {"received": "blue", "paid": "cyan", "processing": "amber", "shipped": "violet",
                 "delivered": "grass", "cancelled": "gray"}


def status_badge(status: rx.Var) -> rx.Component:
    return rx.badge(t_dynamic("status.", status), color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
                    size="2")


def order_card(order: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.text(t_format("orders.number", number=order["number"].to(str)), weight="bold"),
                    rx.text(order["placed"], " · ", t_dynamic("channel.", order["channel"]), size="2",
                            color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.vstack(
                    status_badge(order["status"]),
                    rx.text(order["total"], weight="bold"),
                    align="end",
                    spacing="1",
                ),
                align="center",
                gap="1rem",
                width="100%",
            ),
            width="100%",
        ),
        href="/account/orders/" + order["number"].to(str),
        # The order shows as soon as the server has it, then the address bar follows (the link still
        # opens in a new tab); from the overview, the orders page's code is fetched ahead too.
        on_click=OrdersState.open_order(order["number"].to(str)).prevent_default,
        custom_attrs={"prefetch": "render"},
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


def order_list() -> rx.Component:
    return rx.vstack(
        account_heading(t("page.orders")),
        rx.cond(
            OrdersState.claimable > 0,
            rx.callout(
                rx.hstack(
                    rx.text(t_format("orders.claimable", count=OrdersState.claimable.to(str))),
                    rx.button(t("orders.claim"), size="2", on_click=OrdersState.claim_guest_orders,
                              disabled=~rx.State.is_hydrated),
                    align="center", justify="between", wrap="wrap", spacing="3", width="100%",
                ),
                icon="package-plus", width="100%",
            ),
        ),
        rx.cond(
            OrdersState.orders.length() == 0,
            rx.vstack(rx.text(t("orders.none")), rx.link(rx.button(t("page.back_home")), href=routes.HOME)),
            rx.vstack(rx.foreach(OrdersState.orders, order_card), spacing="3", width="100%"),
        ),
        width="100%",
    )


def timeline_step(step: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.cond(step["done"], rx.icon("circle-check", size=20, color="var(--grass-9)"),
                    rx.icon("circle", size=20, color="var(--gray-8)")),
        ),
        rx.vstack(
            rx.text(t_dynamic("status.", step["status"]), weight=rx.cond(step["current"], "bold", "regular")),
            rx.cond(step["at"] != "", rx.text(step["at"], size="1", color_scheme="gray")),
            spacing="0",
        ),
        spacing="3",
        align="start",
    )


def order_line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.cond(
            line["slug"] != "", rx.link(line["name"], href="/products/" + line["slug"].to(str)),
            rx.text(line["name"]))),
        rx.table.cell(line["quantity"], text_align="right"),
        rx.table.cell(line["unit_price"], text_align="right"),
        rx.table.cell(line["total"], text_align="right"),
    )


def order_lines() -> rx.Component:
    return scrolling_table(
        [("orders.item", False), ("orders.quantity", True), ("orders.price", True), ("orders.line_total", True)],
        OrdersState.order["lines"].to(list[dict]), order_line_row,
    )


def totals() -> rx.Component:
    order = OrdersState.order
    row = lambda key, value, bold=False: rx.hstack(  # noqa: E731
        rx.text(t(key), weight="bold" if bold else "regular"), rx.spacer(),
        rx.text(value, weight="bold" if bold else "regular"), width="100%")
    return rx.vstack(
        row("orders.subtotal", order["subtotal"]),
        row("orders.shipping", order["shipping"]),
        row("orders.total", order["total"], bold=True),
        rx.text(t_format("orders.tax_included", tax=order["tax"].to(str)), size="1", color_scheme="gray"),
        width="100%",
        max_width="320px",
        margin_left="auto",
        spacing="2",
    )


def address_block(title_key: str, lines: rx.Var) -> rx.Component:
    return rx.cond(
        lines.to(list).length() > 0,
        rx.card(
            rx.text(t(title_key), weight="bold", size="2"),
            rx.foreach(lines.to(list[str]), lambda line: rx.text(line, size="2")),
        ),
    )


def tracking() -> rx.Component:
    order = OrdersState.order
    return rx.cond(
        order["tracking_number"] != "",
        rx.callout(
            rx.hstack(
                rx.text(t_format("orders.shipped_with", carrier=order["carrier"].to(str),
                                 number=order["tracking_number"].to(str))),
                rx.cond(order["tracking_url"] != "",
                        rx.link(t("orders.track"), href=order["tracking_url"].to(str), is_external=True)),
                wrap="wrap",
                spacing="2",
            ),
            icon="truck",
            color_scheme="violet",
            width="100%",
        ),
    )


def order_details() -> rx.Component:
    order = OrdersState.order
    return rx.vstack(
        rx.flex(
            account_heading(t_format("orders.number", number=order["number"].to(str))),
            rx.spacer(),
            rx.button(rx.icon("rotate-ccw", size=16), t("orders.again"), on_click=OrdersState.order_again,
                      variant="soft"),
            align="center",
            wrap="wrap",
            gap="1rem",
            width="100%",
        ),
        rx.hstack(
            rx.box(status_badge(order["status"]), role="status", aria_live="polite", id="order-status"),
            rx.text(order["placed"], " · ", t_dynamic("channel.", order["channel"]), color_scheme="gray", size="2"),
            align="center",
            wrap="wrap",
        ),
        tracking(),
        rx.grid(
            rx.vstack(order_lines(), totals(), width="100%", spacing="4"),
            rx.vstack(
                rx.card(
                    rx.text(t("orders.timeline"), weight="bold", size="2", margin_bottom="0.5rem"),
                    rx.vstack(rx.foreach(order["timeline"].to(list[dict]), timeline_step), spacing="3"),
                    width="100%",
                ),
                address_block("orders.shipping_address", order["shipping_address"]),
                address_block("orders.billing_address", order["billing_address"]),
                width="100%",
                spacing="3",
            ),
            columns=rx.breakpoints(initial="1", lg="3fr 2fr"),
            spacing="5",
            width="100%",
        ),
        rx.link(rx.hstack(rx.icon("arrow-left", size=16), t("orders.back"), align="center"),
                href=routes.ACCOUNT_ORDERS, size="2"),
        spacing="4",
        width="100%",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding_y="4rem")


def order_not_found() -> rx.Component:
    return rx.vstack(
        account_heading(t("orders.not_found")),
        rx.text(t("orders.not_found_body"), color_scheme="gray"),
        rx.link(rx.button(t("orders.back")), href=routes.ACCOUNT_ORDERS),
        spacing="4",
    )


@account_page(routes.ACCOUNT_ORDERS_PAGE, "page.orders", state=OrdersState,
              title=OrdersState.page_title)
def orders_page() -> rx.Component:
    # Until the server answers for this URL, the page keeps what it showed (the list, when opening an
    # order from it), but never one order's details under another order's number.
    return rx.match(
        OrdersState.view,
        (LIST, order_list()),
        (DETAIL, rx.cond((OrdersState.shown_number == rx.State.number) | (rx.State.number == ""),
                         order_details(), loading())),
        (NOT_FOUND, order_not_found()),
        loading(),
    )
