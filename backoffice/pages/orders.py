"""/admin/orders (the filtered list), /admin/orders/<number> (one order: status, shipping) and
/admin/orders/new (an order taken in the shop)."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.dashboard import NO_WRAP, pager, status_badge
from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.orders import AdminOrdersState, AdminOrderState, NewOrderState
from shop import routes
from shop.models import OrderChannel, OrderStatus
from shop.orders.admin import IN_STORE_PAYMENTS
from storefront.components.forms import field_error, submit_button, text_field
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_dynamic


def label(key: str, html_for: str) -> rx.Component:
    return rx.el.label(t(key), html_for=html_for, font_weight="500", font_size="14px")


SELECT_STYLE = {"padding": "0.45rem 0.5rem", "border": "1px solid var(--gray-a7)", "border_radius": "6px",
                "background": "var(--color-background)", "font_size": "14px", "min_height": "36px", "width": "100%"}


def select_field(key: str, name: str, options: list[tuple[str, rx.Var]], value: rx.Var | str = "",
                 **props) -> rx.Component:
    field_id = f"field-{name}"
    return rx.vstack(
        label(key, field_id),
        rx.el.select(*[rx.el.option(text, value=code) for code, text in options], id=field_id, name=name,
                     default_value=value, style=SELECT_STYLE, **props),
        spacing="1",
        width="100%",
    )


def small_input(key: str, name: str, value: rx.Var, type_: str = "text") -> rx.Component:
    field_id = f"field-{name}"
    return rx.vstack(label(key, field_id),
                     rx.input(id=field_id, name=name, type=type_, default_value=value, max_length=100, width="100%"),
                     spacing="1", width="100%")


# --- the list --------------------------------------------------------------------------------------------------


def filters() -> rx.Component:
    state = AdminOrdersState
    return rx.form(
        rx.grid(
            small_input("admin.orders.search", "q", state.filter_search, "search"),
            select_field("admin.order.status", "status",
                         [("", t("admin.orders.any_status"))]
                         + [(status.value, t(f"status.{status.value}")) for status in OrderStatus],
                         state.filter_status),
            select_field("admin.order.channel", "channel",
                         [("", t("admin.orders.any_channel"))]
                         + [(channel.value, t(f"channel.{channel.value}")) for channel in OrderChannel],
                         state.filter_channel),
            small_input("admin.orders.placed_from", "from", state.filter_from, "date"),
            small_input("admin.orders.placed_to", "to", state.filter_to, "date"),
            rx.hstack(
                submit_button(t("admin.orders.filter"), size="2"),
                rx.cond(state.filtered, rx.link(t("admin.orders.clear_filters"), href=routes.ADMIN_ORDERS, size="2")),
                align="center", spacing="3", align_self="end",
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=state.apply_filters,
        key=state.form_key,
        width="100%",
    )


def list_row(order: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(order["number"], href=order["url"].to(str)), style=NO_WRAP),
        rx.table.cell(order["email"]),
        rx.table.cell(order["placed"], style=NO_WRAP),
        rx.table.cell(t_dynamic("channel.", order["channel"]), style=NO_WRAP),
        rx.table.cell(status_badge(order["status"])),
        rx.table.cell(order["total"], text_align="right", style=NO_WRAP),
    )


@admin_page(routes.ADMIN_ORDERS, "admin.page.orders", state=AdminOrdersState)
def admin_orders() -> rx.Component:
    state = AdminOrdersState
    return rx.vstack(
        rx.flex(
            page_heading("admin.page.orders"),
            rx.spacer(),
            rx.cond(AdminState.can_edit,
                    rx.link(rx.button(rx.icon("plus", size=16), t("admin.orders.new"), variant="soft"),
                            href=routes.ADMIN_ORDER_NEW)),
            wrap="wrap", gap="2", width="100%", align="start",
        ),
        rx.cond(
            state.filter_customer != "",
            rx.callout(
                rx.hstack(rx.text(t("admin.orders.of_customer"), " ", state.customer_name, weight="bold"),
                          rx.link(t("admin.orders.all_customers"), href=state.clear_customer_url),
                          spacing="3", wrap="wrap"),
                icon="user", width="100%",
            ),
        ),
        filters(),
        rx.text(t("admin.orders.found"), " ", state.total, size="2", color_scheme="gray", role="status"),
        rx.cond(
            state.loaded & (state.total == 0),
            rx.callout(t("admin.orders.none"), icon="info", width="100%"),
            scrolling_table(
                [("admin.order.number", False), ("admin.customer", False), ("admin.order.placed", False),
                 ("admin.order.channel", False), ("admin.order.status", False), ("admin.order.total", True)],
                state.orders, list_row, hide_on_phone=(2, 3, 4),
            ),
        ),
        pager(state.previous_url, state.next_url, state.page, state.pages),
        spacing="4",
        width="100%",
    )


# --- one order -------------------------------------------------------------------------------------------------


def line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(line["name"]),
        rx.table.cell(line["sku"], style=NO_WRAP),
        rx.table.cell(line["quantity"], text_align="right"),
        rx.table.cell(line["unit"], text_align="right", style=NO_WRAP),
        rx.table.cell(line["vat_rate"], text_align="right", style=NO_WRAP),
        rx.table.cell(line["total"], text_align="right", style=NO_WRAP),
    )


def total_line(key: str, value: rx.Var, strong: bool = False) -> rx.Component:
    return rx.hstack(rx.text(t(key), size="2"), rx.spacer(),
                     rx.text(value, size="2", weight="bold" if strong else "regular", style=NO_WRAP), width="100%")


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(t(title_key), as_="h2", size="4"), *children, spacing="2", width="100%"),
                   width="100%")


def address_block(title_key: str, lines: rx.Var) -> rx.Component:
    return section(title_key, rx.cond(lines.length() > 0,
                                      rx.vstack(rx.foreach(lines, lambda line: rx.text(line, size="2")), spacing="0"),
                                      rx.text(t("admin.orders.no_address"), size="2", color_scheme="gray")))


def status_form() -> rx.Component:
    state = AdminOrderState
    return rx.cond(
        state.next_statuses.length() > 0,
        rx.form(
            rx.vstack(
                label("admin.orders.new_status", "field-status"),
                rx.flex(
                    rx.el.select(rx.foreach(state.next_statuses,
                                            lambda code: rx.el.option(t_dynamic("status.", code), value=code)),
                                 id="field-status", name="status", style={**SELECT_STYLE, "width": "auto"}),
                    submit_button(t("admin.orders.change_status"), size="2", variant="soft"),
                    gap="2", wrap="wrap",
                ),
                rx.text(t("admin.orders.cancel_restocks"), size="1", color_scheme="gray"),
                spacing="1",
            ),
            on_submit=state.change_status,
            reset_on_submit=False,
        ),
    )


def ship_form() -> rx.Component:
    state = AdminOrderState
    errors = AdminOrderState.ship_errors
    return rx.cond(
        state.can_ship,
        section(
            "admin.orders.ship_title",
            rx.form(
                rx.vstack(
                    text_field("admin.orders.carrier", "carrier", errors, max_length=60),
                    text_field("admin.orders.tracking_number", "tracking_number", errors, max_length=80),
                    text_field("admin.orders.tracking_url", "tracking_url", errors, type="url", max_length=500,
                               hint_key="admin.orders.tracking_url_hint"),
                    submit_button(t("admin.orders.mark_shipped"), size="2"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=state.mark_shipped,
                width="100%",
                max_width="560px",
            ),
        ),
    )


def timeline_step(step: rx.Var) -> rx.Component:
    return rx.hstack(status_badge(step["status"]), rx.text(step["at"], size="2", color_scheme="gray"),
                     spacing="3", align="center")


@admin_page(routes.ADMIN_ORDER, "admin.page.order", state=AdminOrderState)
def admin_order() -> rx.Component:
    state = AdminOrderState
    order = state.order
    found = rx.vstack(
        rx.flex(
            rx.heading(order["number"], as_="h2", size="6", style=NO_WRAP),
            status_badge(order["status"]),
            rx.badge(t_dynamic("channel.", order["channel"]), variant="outline"),
            rx.text(order["placed"], size="2", color_scheme="gray"),
            spacing="3", wrap="wrap", align="center",
        ),
        rx.grid(
            section(
                "admin.customer",
                rx.cond(order["customer_url"] != "",
                        rx.link(order["customer_name"], " · ", order["customer_number"],
                                href=order["customer_url"].to(str)),
                        rx.text(t("admin.order.guest"), size="2")),
                rx.text(order["email"], size="2", overflow_wrap="anywhere"),
                rx.text(t("admin.orders.payment"), t("admin.colon"), order["payment"], size="2"),
                rx.cond(order["vat_number"] != "",
                        rx.text(t("admin.orders.vat_number"), t("admin.colon"), order["vat_number"], size="2")),
            ),
            address_block("admin.orders.billing_address", order["billing"].to(list[str])),
            address_block("admin.orders.shipping_address", order["shipping_address"].to(list[str])),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        scrolling_table(
            [("admin.orders.product", False), ("admin.orders.sku", False), ("admin.orders.quantity", True),
             ("admin.orders.unit_price", True), ("admin.orders.vat_rate", True), ("admin.order.total", True)],
            order["lines"].to(list[dict]), line_row,
        ),
        rx.box(
            total_line("admin.orders.subtotal", order["subtotal"]),
            total_line("admin.orders.shipping", order["shipping"]),
            total_line("admin.orders.vat_included", order["vat"]),
            total_line("admin.order.total", order["total"], strong=True),
            rx.cond(order["vat_note"] != "", rx.text(order["vat_note"], size="1", color_scheme="gray")),
            width="100%", max_width="360px", margin_left="auto",
        ),
        rx.cond(
            order["tracking_number"] != "",
            section("admin.orders.shipment",
                    rx.text(order["carrier"], " · ", order["tracking_number"], size="2"),
                    rx.cond(order["tracking_url"] != "",
                            rx.link(t("admin.orders.tracking_link"), href=order["tracking_url"].to(str),
                                    is_external=True, size="2"))),
        ),
        section("admin.orders.timeline",
                rx.vstack(rx.foreach(order["timeline"].to(list[dict]), timeline_step), spacing="2"),
                rx.cond(AdminState.can_edit, status_form())),
        rx.cond(AdminState.can_edit, ship_form()),
        spacing="4",
        width="100%",
    )
    return rx.vstack(
        rx.link(t("admin.orders.back"), href=routes.ADMIN_ORDERS, size="2"),
        page_heading("admin.page.order"),
        rx.match(state.found, ("no", rx.callout(t("admin.orders.not_found"), icon="info")), ("yes", found),
                 rx.spinner()),
        spacing="3",
        width="100%",
    )


# --- a new in-store order --------------------------------------------------------------------------------------


def new_line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(line["name"]),
        rx.table.cell(line["quantity"], text_align="right"),
        rx.table.cell(line["unit"], text_align="right", style=NO_WRAP),
        rx.table.cell(line["total"], text_align="right", style=NO_WRAP),
        rx.table.cell(rx.button(t("admin.orders.remove"), size="1", variant="ghost", color_scheme="red",
                                on_click=NewOrderState.remove_line(line["product_id"].to(int)),
                                aria_label=t("admin.orders.remove") + " " + line["name"].to(str))),
    )


def customer_picker() -> rx.Component:
    state = NewOrderState
    return section(
        "admin.customer",
        rx.cond(
            state.customer_label != "",
            rx.hstack(rx.text(state.customer_label, size="2", weight="bold", overflow_wrap="anywhere"),
                      rx.button(t("admin.orders.no_customer"), size="1", variant="soft", color_scheme="gray",
                                on_click=state.clear_customer),
                      wrap="wrap", align="center"),
            rx.vstack(
                rx.form(
                    rx.vstack(
                        label("admin.orders.find_customer", "field-customer_search"),
                        rx.flex(rx.input(id="field-customer_search", name="customer_search", max_length=100,
                                         type="search", flex="1", min_width="0"),
                                submit_button(t("admin.orders.search_button"), size="2", variant="soft"),
                                gap="2", width="100%"),
                        spacing="1", width="100%",
                    ),
                    on_submit=state.search_customers,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.cond(state.searched & (state.customer_matches.length() == 0),
                        rx.text(t("admin.orders.no_match"), size="2", color_scheme="gray")),
                rx.foreach(state.customer_matches, lambda match: rx.button(
                    match["label"], variant="outline", size="2", on_click=state.pick_customer(match["id"].to(int)),
                    white_space="normal", height="auto", padding_y="0.4rem", text_align="left")),
                rx.text(t("admin.orders.walk_in_hint"), size="1", color_scheme="gray"),
                spacing="2", width="100%",
            ),
        ),
        field_error(state.errors, "customer"),
    )


def line_adder() -> rx.Component:
    state = NewOrderState
    return section(
        "admin.orders.lines",
        rx.form(
            rx.flex(
                rx.vstack(
                    label("admin.orders.product", "field-product_id"),
                    rx.el.select(rx.foreach(state.products, lambda p: rx.el.option(p["label"], value=p["id"])),
                                 id="field-product_id", name="product_id", style=SELECT_STYLE),
                    spacing="1", flex="1", min_width="min(100%, 16rem)",
                ),
                rx.vstack(
                    label("admin.orders.quantity", "field-quantity"),
                    rx.input(id="field-quantity", name="quantity", type="number", min=1, max=999, default_value="1",
                             width="6rem"),
                    spacing="1",
                ),
                submit_button(t("admin.orders.add_line"), size="2", variant="soft", align_self="end"),
                gap="3", wrap="wrap", width="100%",
            ),
            on_submit=state.add_line,
            reset_on_submit=False,
            width="100%",
        ),
        field_error(state.errors, "lines"),
        rx.cond(state.lines.length() > 0,
                scrolling_table([("admin.orders.product", False), ("admin.orders.quantity", True),
                                 ("admin.orders.unit_price", True), ("admin.order.total", True),
                                 ("admin.orders.actions", False)], state.lines, new_line_row)),
        rx.hstack(rx.text(t("admin.order.total"), weight="bold"), rx.text(state.total, weight="bold"),
                  justify="end", width="100%"),
    )


@admin_page(routes.ADMIN_ORDER_NEW, "admin.page.order_new", state=NewOrderState)
def admin_new_order() -> rx.Component:
    state = NewOrderState
    return rx.vstack(
        rx.link(t("admin.orders.back"), href=routes.ADMIN_ORDERS, size="2"),
        page_heading("admin.page.order_new"),
        rx.text(t("admin.orders.new_intro"), size="2", color_scheme="gray"),
        customer_picker(),
        line_adder(),
        rx.form(
            rx.vstack(
                rx.cond(state.customer_label == "",
                        text_field("admin.orders.buyer_email", "email", state.errors, type="email",
                                   auto_complete="off")),
                select_field("admin.orders.payment", "payment_method",
                             [(method, t(f"admin.payment.{method}")) for method in IN_STORE_PAYMENTS], "card"),
                field_error(state.errors, "payment_method"),
                submit_button(t("admin.orders.place"), busy=state.placing),
                spacing="3", width="100%", max_width="420px",
            ),
            on_submit=state.place_order,
            reset_on_submit=False,
        ),
        spacing="4",
        width="100%",
    )
