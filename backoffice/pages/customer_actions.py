"""/admin/customers/[id]/delete, /merge, /prices and /preview: the owner's actions on one customer."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.customer_actions import (
    CustomerActionState,
    CustomerDeleteState,
    CustomerMergeState,
    CustomerPreviewState,
    CustomerPricesState,
)
from shop import routes
from storefront.components.forms import field_error, form_error, submit_button
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_dynamic, t_format


def customer_href(route: str) -> rx.Var:
    before, after = route.split("[id]")
    return rx.Var.create(f"{before}{CustomerActionState.customer_id}{after}")


def back_link() -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=16), rx.text(t("admin.actions.back")), spacing="1",
                             align="center"),
                   href=customer_href(routes.ADMIN_CUSTOMER), size="2")


def subtitle() -> rx.Component:
    return rx.text(CustomerActionState.customer_name, size="4", weight="medium", margin_top="-1rem")


def guard(*content: rx.Component) -> rx.Component:
    """The page for an existing customer and an allowed merchant; a clear message otherwise."""
    return rx.cond(
        CustomerActionState.not_found,
        rx.vstack(
            rx.callout(t("admin.actions.not_found"), icon="circle_alert", color_scheme="amber", role="alert",
                       width="100%"),
            rx.link(t("admin.actions.to_register"), href=routes.ADMIN_CUSTOMERS, size="2"),
            spacing="3", width="100%",
        ),
        rx.cond(
            CustomerActionState.refused,
            rx.vstack(
                rx.callout(t("admin.refused.owner"), icon="lock", color_scheme="amber", role="alert", width="100%"),
                rx.text(t("admin.actions.ask_owner"), size="2", color_scheme="gray"),
                back_link(),
                spacing="3", width="100%",
            ),
            rx.vstack(*content, spacing="4", width="100%"),
        ),
    )


def detail(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key), min_width="140px"), rx.data_list.value(value))


def live_button(label: rx.Var, **props) -> rx.Component:
    """A button that takes no click before the page is live (a click then would be lost)."""
    waiting = ~rx.State.is_hydrated
    return rx.button(label, disabled=waiting, aria_busy=rx.cond(waiting, "true", "false"), **props)


# --- delete ---


@admin_page(routes.ADMIN_CUSTOMER_DELETE, "admin.page.customer_delete", state=CustomerDeleteState)
def admin_customer_delete() -> rx.Component:
    target = CustomerDeleteState.target
    return rx.vstack(
        page_heading("admin.page.customer_delete"),
        guard(
            rx.card(
                rx.vstack(
                    rx.callout(t("admin.delete.warning"), icon="triangle_alert", color_scheme="red", width="100%"),
                    rx.data_list.root(
                        detail("admin.actions.name", target["name"]),
                        detail("admin.actions.email", target["email"]),
                        detail("admin.actions.number", target["number"]),
                        detail("admin.delete.orders_kept", target["orders"]),
                        orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
                    ),
                    rx.text(t("admin.delete.orders_note"), size="2"),
                    rx.text(t("admin.delete.no_email"), size="2", color_scheme="gray"),
                    rx.flex(
                        live_button(t_format("admin.delete.confirm", name=target["name"].to(str)), color_scheme="red",
                                    size="3", on_click=CustomerDeleteState.delete_customer,
                                    # a long name wraps instead of leaving the card on a phone
                                    white_space="normal", height="auto", min_height="40px", max_width="100%",
                                    padding_y="0.5rem"),
                        rx.link(t("admin.actions.cancel"), href=customer_href(routes.ADMIN_CUSTOMER), size="3"),
                        gap="1rem", align="center", wrap="wrap",
                    ),
                    spacing="4", width="100%",
                ),
                size="3", width="100%", max_width="720px",
            ),
            back_link(),
        ),
        spacing="4", width="100%",
    )


# --- merge ---


def match_card(match: rx.Var) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(match["name"], weight="bold"),
                rx.text(match["email"], size="2"),
                rx.text(t_format("admin.merge.match_line", number=match["number"].to(str),
                                 orders=match["orders"].to(str)), size="2", color_scheme="gray"),
                spacing="1", min_width="0",
            ),
            live_button(t_format("admin.merge.choose", number=match["number"].to(str)), variant="soft",
                        on_click=CustomerMergeState.choose(match["id"])),
            justify="between", align="center", gap="1rem", wrap="wrap",
        ),
        width="100%",
    )


def search_section() -> rx.Component:
    return rx.vstack(
        rx.text(t_format("admin.merge.intro", name=CustomerActionState.customer_name), size="2"),
        rx.form(
            rx.flex(
                rx.vstack(
                    rx.el.label(t("admin.merge.query"), html_for="field-query", font_weight="500", font_size="14px"),
                    rx.input(id="field-query", name="query", max_length=254, size="3", width="100%",
                             auto_complete="off"),
                    spacing="1", flex="1", min_width="220px",
                ),
                submit_button(t("admin.merge.search")),
                gap="0.75rem", align="end", wrap="wrap", width="100%",
            ),
            on_submit=CustomerMergeState.search,
            reset_on_submit=False,
            width="100%", max_width="640px",
        ),
        rx.cond(
            CustomerMergeState.searched & (CustomerMergeState.matches.length() == 0),
            rx.callout(t("admin.merge.no_match"), icon="info", width="100%"),
        ),
        rx.vstack(rx.foreach(CustomerMergeState.matches, match_card), spacing="2", width="100%", max_width="640px"),
        spacing="4", width="100%",
    )


def record_card(title_key: str, record: rx.Var, color: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.badge(t(title_key), color_scheme=color, size="2"),
            rx.text(record["name"], weight="bold", size="4"),
            rx.data_list.root(
                detail("admin.actions.email", record["email"]),
                detail("admin.actions.number", record["number"]),
                detail("admin.merge.field.own_number", record["own_number"]),
                detail("admin.merge.field.group", record["group"]),
                detail("admin.merge.field.company", record["company"]),
                detail("admin.merge.field.phone", record["phone"]),
                detail("admin.merge.orders", record["orders"]),
                orientation="vertical", size="1",
            ),
            spacing="2",
        ),
        width="100%",
    )


def move_line(key: str, count: rx.Var) -> rx.Component:
    return rx.el.li(t_format(key, count=count.to(str)))


def conflict_block(conflict: rx.Var) -> rx.Component:
    field = conflict["field"].to(str)
    heading_id = "conflict-" + field
    return rx.box(
        rx.text(t_dynamic("admin.merge.field.", field), id=heading_id, weight="bold", size="3"),
        rx.radio_group.root(
            rx.flex(
                rx.hstack(
                    rx.radio_group.item(value="kept", id="choice-" + field + "-kept"),
                    rx.el.label(t_format("admin.merge.keep_value", value=conflict["kept"].to(str)),
                                html_for="choice-" + field + "-kept", font_size="14px", cursor="pointer"),
                    align="center", spacing="2",
                ),
                rx.hstack(
                    rx.radio_group.item(value="other", id="choice-" + field + "-other"),
                    rx.el.label(t_format("admin.merge.take_value", value=conflict["other"].to(str)),
                                html_for="choice-" + field + "-other", font_size="14px", cursor="pointer"),
                    align="center", spacing="2",
                ),
                direction="column", gap="0.5rem", margin_top="0.5rem",
            ),
            value=CustomerMergeState.choices[field].to(str),
            on_change=lambda value: CustomerMergeState.set_choice(field, value),
            aria_labelledby=heading_id,
        ),
        rx.cond(
            CustomerMergeState.errors.contains(field),
            rx.text(CustomerMergeState.errors[field].to(str), color_scheme="red", size="2", role="alert"),
        ),
        padding="0.75rem 1rem", border="1px solid var(--gray-a5)", border_radius="8px", width="100%",
    )


def clash_row(clash: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(clash["product"]),
        rx.table.cell(clash["kept"], text_align="right"),
        rx.table.cell(clash["other"], text_align="right", text_decoration="line-through", color="var(--gray-10)"),
    )


def preview_section() -> rx.Component:
    kept, other = CustomerMergeState.kept_record, CustomerMergeState.other_record
    moves = CustomerMergeState.moves
    kept_number = kept["number"].to(str)
    return rx.vstack(
        rx.heading(t("admin.merge.preview_title"), as_="h2", size="5"),
        rx.el.label(
            rx.hstack(
                rx.switch(checked=CustomerMergeState.keep_other, on_change=CustomerMergeState.set_keep_other,
                          disabled=~rx.State.is_hydrated),
                rx.text(t("admin.merge.keep_other"), size="2"),
                spacing="2", align="center",
            ),
            cursor="pointer",
        ),
        rx.grid(
            record_card("admin.merge.stays", kept, "grass"),
            record_card("admin.merge.removed", other, "red"),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
        ),
        rx.box(
            rx.heading(t_format("admin.merge.moves_title", number=kept_number), as_="h3", size="3"),
            rx.el.ul(
                move_line("admin.merge.move.orders", moves["orders"]),
                move_line("admin.merge.move.addresses", moves["addresses"]),
                move_line("admin.merge.move.wishlist", moves["wishlist"]),
                move_line("admin.merge.move.notes", moves["notes"]),
                move_line("admin.merge.move.prices", moves["prices"]),
                move_line("admin.merge.move.cart_lines", moves["cart_lines"]),
                rx.cond(moves["cart_added"].to(str) != "0",
                        move_line("admin.merge.move.cart_added", moves["cart_added"])),
                padding_left="1.25rem", margin_top="0.5rem", font_size="14px", line_height="1.8",
            ),
            width="100%",
        ),
        rx.cond(
            CustomerMergeState.price_clashes.length() > 0,
            rx.vstack(
                rx.text(t_format("admin.merge.clash_intro", number=kept_number), size="2"),
                scrolling_table([("admin.prices.product", False), ("admin.merge.price_stays", True),
                                 ("admin.merge.price_dropped", True)],
                                CustomerMergeState.price_clashes, clash_row),
                spacing="2", width="100%",
            ),
        ),
        rx.cond(
            CustomerMergeState.filled.length() > 0,
            rx.text(t("admin.merge.filled"), " ",
                    rx.foreach(CustomerMergeState.filled,
                               lambda name: rx.badge(t_dynamic("admin.merge.field.", name), margin_right="0.25rem")),
                    size="2"),
        ),
        rx.cond(
            CustomerMergeState.conflicts.length() > 0,
            rx.vstack(
                rx.heading(t("admin.merge.conflicts_title"), as_="h3", size="3"),
                rx.text(t("admin.merge.conflicts_intro"), size="2", color_scheme="gray"),
                rx.foreach(CustomerMergeState.conflicts, conflict_block),
                spacing="3", width="100%",
            ),
        ),
        rx.callout(t("admin.merge.kept_note"), icon="info", width="100%"),
        form_error(CustomerMergeState.errors),
        rx.flex(
            live_button(t_format("admin.merge.confirm", number=kept_number), color_scheme="red", size="3",
                        on_click=CustomerMergeState.merge_records, loading=CustomerMergeState.merging),
            rx.button(t("admin.merge.other_record"), variant="soft", color_scheme="gray", size="3",
                      on_click=CustomerMergeState.cancel_preview, disabled=~rx.State.is_hydrated),
            rx.link(t("admin.actions.cancel"), href=customer_href(routes.ADMIN_CUSTOMER), size="3"),
            gap="1rem", align="center", wrap="wrap",
        ),
        spacing="4", width="100%",
    )


@admin_page(routes.ADMIN_CUSTOMER_MERGE, "admin.page.customer_merge", state=CustomerMergeState)
def admin_customer_merge() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.customer_merge"),
        guard(
            rx.cond(CustomerMergeState.has_preview, preview_section(), search_section()),
            back_link(),
        ),
        spacing="4", width="100%",
    )


# --- the customer's own price list ---


def price_card(row: rx.Var) -> rx.Component:
    product_id = row["id"].to(str)
    input_id = "own-price-" + product_id
    error_name = "price-" + product_id
    errors = CustomerPricesState.errors
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.text(row["name"], weight="bold"),
                rx.text(row["sku"], size="1", color_scheme="gray"),
                rx.text(t("admin.prices.catalogue"), t("admin.colon"), row["catalogue"], size="2"),
                rx.cond(row["group"].to(str) != "",
                        rx.text(t("admin.prices.group_price"), t("admin.colon"), row["group"], size="2")),
                spacing="1", min_width="180px", flex="1",
            ),
            rx.vstack(
                rx.el.label(t("admin.prices.own_price"), html_for=input_id, font_weight="500", font_size="14px"),
                rx.el.input(type="hidden", name="product", value=product_id),
                rx.input(id=input_id, name="price", default_value=row["own_input"].to(str), input_mode="decimal",
                         max_length=40, size="3", width="140px", auto_complete="off",
                         read_only=~AdminState.can_edit,
                         aria_invalid=rx.cond(errors.contains(error_name), "true", "false")),
                rx.cond(errors.contains(error_name),
                        rx.text(errors[error_name].to(str), color_scheme="red", size="2", role="alert")),
                spacing="1",
            ),
            rx.cond(
                AdminState.can_edit,
                rx.hstack(
                    submit_button(t("admin.prices.save"), size="2"),
                    live_button(t("admin.prices.remove"), type="button", variant="soft", color_scheme="red",
                                size="2", on_click=CustomerPricesState.remove_price(product_id)),
                    spacing="2",
                ),
            ),
            gap="1rem", align="end", wrap="wrap", width="100%",
        ),
        on_submit=CustomerPricesState.save_price,
        reset_on_submit=False,
        key=product_id + "-" + CustomerPricesState.form_key.to(str),
        aria_label=row["name"].to(str),
        padding="1rem", border="1px solid var(--gray-a5)", border_radius="8px", width="100%",
    )


def add_price_form() -> rx.Component:
    errors = CustomerPricesState.errors
    return rx.form(
        rx.vstack(
            rx.heading(t("admin.prices.add_title"), as_="h2", size="4"),
            rx.flex(
                rx.vstack(
                    rx.el.label(t("admin.prices.product"), html_for="field-product", font_weight="500",
                                font_size="14px"),
                    rx.el.select(
                        rx.el.option(t("admin.prices.choose_product"), value=""),
                        rx.foreach(CustomerPricesState.addable,
                                   lambda row: rx.el.option(row["name"].to(str) + " — " + row["catalogue"].to(str),
                                                            value=row["id"].to(str))),
                        id="field-product", name="product", class_name="native-select",
                    ),
                    field_error(errors, "product"),
                    spacing="1", flex="1", min_width="220px",
                ),
                rx.vstack(
                    rx.el.label(t("admin.prices.new_price"), html_for="field-new_price", font_weight="500",
                                font_size="14px"),
                    rx.input(id="field-new_price", name="new_price", input_mode="decimal", max_length=40, size="3",
                             width="140px", auto_complete="off",
                             aria_invalid=rx.cond(errors.contains("new_price"), "true", "false")),
                    field_error(errors, "new_price"),
                    spacing="1",
                ),
                gap="0.75rem", align="start", wrap="wrap", width="100%",
            ),
            rx.text(t("admin.prices.hint"), size="1", color_scheme="gray"),
            submit_button(t("admin.prices.add")),
            spacing="3", width="100%",
        ),
        on_submit=CustomerPricesState.add_price,
        reset_on_submit=False,
        key=CustomerPricesState.form_key.to(str),
        aria_label=t("admin.prices.add_title"),
        padding="1rem", border="1px solid var(--gray-a5)", border_radius="8px", width="100%",
        background="var(--gray-a2)",
    )


@admin_page(routes.ADMIN_CUSTOMER_PRICES, "admin.page.customer_prices", state=CustomerPricesState)
def admin_customer_prices() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.customer_prices"),
        guard(
            subtitle(),
            rx.text(rx.cond(CustomerPricesState.group_name != "",
                            t_format("admin.prices.group", group=CustomerPricesState.group_name),
                            t("admin.prices.no_group")), size="2", color_scheme="gray"),
            rx.cond(
                CustomerPricesState.keep_customer_prices,
                rx.callout(t("admin.prices.setting_on"), icon="info", width="100%"),
                rx.callout(t("admin.prices.setting_off"), icon="triangle_alert", color_scheme="amber", width="100%"),
            ),
            rx.cond(~AdminState.can_edit, rx.callout(t("admin.refused.read_only"), icon="lock", color_scheme="gray",
                                                     width="100%")),
            form_error(CustomerPricesState.errors),
            rx.cond(
                CustomerPricesState.rows.length() == 0,
                rx.text(t("admin.prices.empty"), size="2"),
                rx.vstack(rx.foreach(CustomerPricesState.rows, price_card), spacing="2", width="100%"),
            ),
            rx.cond(AdminState.can_edit, add_price_form()),
            back_link(),
        ),
        spacing="4", width="100%", max_width="900px",
    )


# --- the shop seen with this customer's prices ---


def preview_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(row["visitor"], text_align="right", color="var(--gray-11)"),
        rx.table.cell(row["customer"], text_align="right",
                      font_weight=rx.cond(row["differs"].to(str) != "", "bold", "normal")),
        rx.table.cell(row["source"]),
    )


@admin_page(routes.ADMIN_CUSTOMER_PREVIEW, "admin.page.customer_preview", state=CustomerPreviewState)
def admin_customer_preview() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.customer_preview"),
        guard(
            rx.callout(t_format("admin.preview.banner", name=CustomerActionState.customer_name), icon="eye",
                       color_scheme="amber", size="2", role="status", width="100%"),
            rx.text(
                rx.cond(CustomerPreviewState.group_name != "",
                        t_format("admin.prices.group", group=CustomerPreviewState.group_name),
                        t("admin.prices.no_group")),
                " · ",
                rx.cond(CustomerPreviewState.reverse_charge, t("admin.preview.reverse_charge"),
                        rx.cond(CustomerPreviewState.net_prices, t("admin.preview.exempt"),
                                t("admin.preview.vat_included"))),
                size="2", color_scheme="gray",
            ),
            scrolling_table([("admin.prices.product", False), ("admin.preview.visitor_price", True),
                             ("admin.preview.customer_price", True), ("admin.preview.source", False)],
                            CustomerPreviewState.rows, preview_row),
            back_link(),
        ),
        spacing="4", width="100%",
    )
