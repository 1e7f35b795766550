"""/admin/customers: the customer register: search, filters, sortable columns, pages and bulk actions."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.customers import CustomerRegisterState as State
from shop import routes
from storefront.components.forms import submit_button
from storefront.components.tables import phone_hidden
from storefront.state.app import t, t_format

LABEL = {"font_weight": "500", "font_size": "14px"}


def _value(name: str) -> rx.Var:
    return State.values[name].to(str)


def labelled(label_key: str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.vstack(rx.el.label(t(label_key), html_for=field_id, **LABEL), control, spacing="1", width="100%")


def choice(label_key: str, name: str, options: list[tuple[str, str]], *extra: rx.Component) -> rx.Component:
    """A native select (a labelled form field a browser and a test can both work with)."""
    field_id = f"register-{name}"
    return labelled(label_key, rx.el.select(
        *[rx.el.option(t(key), value=value) for value, key in options], *extra,
        id=field_id, name=name, default_value=_value(name), class_name="native-select", width="100%",
    ), field_id)


def yes_no(label_key: str, name: str) -> rx.Component:
    return choice(label_key, name, [("", "admin.register.any"), ("yes", "admin.register.yes"),
                                    ("no", "admin.register.no")])


def field(label_key: str, name: str, *, type: str = "text", max_length: int = 20, **props) -> rx.Component:
    field_id = f"register-{name}"
    return labelled(label_key, rx.input(id=field_id, name=name, type=type, default_value=_value(name),
                                        max_length=max_length, width="100%", **props), field_id)


def filters() -> rx.Component:
    group_options = [
        rx.el.option(t("admin.register.any"), value=""),
        rx.el.option(t("admin.register.no_group"), value="none"),
        rx.foreach(State.groups, lambda group: rx.el.option(group["name"], value=group["id"])),
    ]
    return rx.box(
        rx.grid(
            labelled("admin.register.filter.group", rx.el.select(
                *group_options, id="register-group", name="group", default_value=_value("group"),
                class_name="native-select", width="100%"), "register-group"),
            labelled("admin.register.filter.country", rx.el.select(
                rx.el.option(t("admin.register.any"), value=""),
                rx.foreach(State.countries, lambda country: rx.el.option(country["name"], value=country["code"])),
                id="register-country", name="country", default_value=_value("country"), class_name="native-select",
                width="100%"), "register-country"),
            yes_no("admin.register.filter.newsletter", "newsletter"),
            yes_no("admin.register.filter.verified", "verified"),
            yes_no("admin.register.filter.blocked", "blocked"),
            yes_no("admin.register.filter.approved", "approved"),
            yes_no("admin.register.filter.exempt", "exempt"),
            yes_no("admin.register.filter.orders", "orders"),
            field("admin.register.filter.created_from", "created_from", type="date"),
            field("admin.register.filter.created_to", "created_to", type="date"),
            field("admin.register.filter.last_order_from", "last_order_from", type="date"),
            field("admin.register.filter.last_order_to", "last_order_to", type="date"),
            rx.vstack(
                field("admin.register.filter.spent_above", "spent_above", input_mode="decimal", max_length=12,
                      aria_invalid=rx.cond(State.spent_error, "true", "false"), aria_describedby="spent_above-error",
                      color_scheme=rx.cond(State.spent_error, "red", "gray")),
                rx.cond(State.spent_error, rx.text(t("admin.register.filter.spent_invalid"), id="spent_above-error",
                                                   color_scheme="red", size="1", role="alert")),
                spacing="1", width="100%",
            ),
            choice("admin.register.filter.size", "size", [("25", "admin.register.size_25"),
                                                          ("", "admin.register.size_50"),
                                                          ("100", "admin.register.size_100")]),
            columns=rx.breakpoints(initial="1", xs="2", md="4"),
            spacing="3",
            width="100%",
        ),
        # Phones see the filters after a tap on "Filters"; wider screens always.
        display=rx.breakpoints(initial=rx.cond(State.show_filters, "block", "none"), md="block"),
        width="100%",
    )


def search_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.flex(
                rx.box(field("admin.register.search", "q", type="search", max_length=100,
                             placeholder=t("admin.register.search_hint")), flex="1", min_width="200px"),
                rx.hstack(
                    submit_button(t("admin.register.apply"), size="2"),
                    rx.button(rx.icon("sliders-horizontal", size=16), t("admin.register.filters"), type="button",
                              variant="soft", size="2", on_click=State.toggle_filters,
                              aria_expanded=rx.cond(State.show_filters, "true", "false"),
                              display=rx.breakpoints(initial="inline-flex", md="none")),
                    rx.cond(State.filtered, rx.button(t("admin.register.clear"), type="button", variant="ghost",
                                                      size="2", on_click=State.clear_filters)),
                    spacing="2",
                    align="center",
                ),
                gap="0.75rem",
                align="end",
                wrap="wrap",
                width="100%",
            ),
            filters(),
            spacing="3",
            width="100%",
        ),
        on_submit=State.apply_filters,
        reset_on_submit=False,
        key=State.form_key,
        role="search",
        width="100%",
    )


def link_button(icon: str, key: str, href: rx.Var | str, variant: str = "soft") -> rx.Component:
    """A link that looks like a button (one interactive element, not a button inside a link)."""
    return rx.button(rx.link(rx.icon(icon, size=16), t(key), href=href, underline="none"), as_child=True,
                     variant=variant, size="2")


def sort_header(column: str, label_key: str, *, right: bool = False) -> rx.Component:
    active = State.sort_column == column
    return rx.table.column_header_cell(
        rx.button(
            t(label_key),
            rx.cond(active, rx.cond(State.sort_descending, rx.icon("arrow-down", size=14),
                                    rx.icon("arrow-up", size=14))),
            on_click=State.sort_by(column),
            variant="ghost",
            color_scheme="gray",
            high_contrast=True,
            size="1",
            title=t("admin.register.sort_by"),
        ),
        aria_sort=rx.cond(active, rx.cond(State.sort_descending, "descending", "ascending"), "none"),
        text_align="right" if right else "left",
        white_space="nowrap",
    )


def row_view(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.checkbox(
            checked=State.selected.contains(row["id"]),
            on_change=lambda checked: State.toggle_row(row["id"].to(int), checked),
            aria_label=t_format("admin.register.select_row", name=row["name"].to(str)),
        )),
        rx.table.cell(rx.link(row["number"], href=row["href"]), white_space="nowrap"),
        rx.table.row_header_cell(
            rx.vstack(
                rx.link(row["name"], href=row["href"], weight="medium", white_space="nowrap"),
                rx.cond(row["company"].to(str) != "", rx.text(row["company"], size="1", color_scheme="gray")),
                rx.cond(row["blocked"].to(bool), rx.badge(t("admin.register.blocked"), color_scheme="red")),
                spacing="0",
            ),
        ),
        rx.table.cell(rx.hstack(
            rx.text(row["email"], size="2", white_space="nowrap"),
            rx.cond(row["verified"].to(bool), rx.badge(t("admin.register.verified"), color_scheme="grass"),
                    rx.badge(t("admin.register.unverified"), color_scheme="gray", variant="outline")),
            spacing="2", align="center", wrap="wrap",
        )),
        rx.table.cell(row["group"]),
        rx.table.cell(rx.link(row["orders"], rx.el.span(" ", t_format("admin.register.orders_of",
                                                                        name=row["name"].to(str)),
                                                         class_name="visually-hidden"),
                              href=row["orders_href"]),
                      text_align="right"),
        rx.table.cell(row["spent"], text_align="right", white_space="nowrap"),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(row["last_order"], white_space="nowrap"),
    )


def register_table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell(rx.text(t("admin.register.col.select"), class_name="visually-hidden")),
                sort_header("customer_number", "admin.register.col.number"),
                sort_header("name", "admin.register.col.name"),
                sort_header("email", "admin.register.col.email"),
                rx.table.column_header_cell(rx.text(t("admin.register.col.group"), size="1", weight="medium")),
                sort_header("order_count", "admin.register.col.orders", right=True),
                sort_header("total_spent", "admin.register.col.spent", right=True),
                sort_header("created", "admin.register.col.created"),
                sort_header("last_order", "admin.register.col.last_order"),
            )),
            rx.table.body(rx.foreach(State.rows, row_view)),
            variant="surface",
            width="100%",
            class_name=phone_hidden(2, 4, 5, 8, 9),  # number, email, group, created, last order
        ),
        # On a phone the table scrolls inside its own frame; the page itself never scrolls sideways.
        overflow_x="auto",
        width="100%",
        tab_index=0,
        aria_label=t("admin.register.table_label"),
        role="region",
    )


def bulk_bar() -> rx.Component:
    return rx.flex(
        rx.el.label(
            rx.hstack(rx.checkbox(checked=State.all_selected, on_change=State.toggle_page, size="2"),
                      rx.text(t("admin.register.select_page"), size="2"), spacing="2", align="center"),
            cursor="pointer",
        ),
        rx.text(State.selected_text, size="2", color_scheme="gray", role="status"),
        rx.cond(
            State.selected.length() > 0,
            rx.flex(
                rx.cond(
                    AdminState.can_edit,
                    rx.form(
                        rx.hstack(
                            rx.el.label(t("admin.register.bulk.group"), html_for="register-assign-group", **LABEL),
                            rx.el.select(
                                # Nothing chosen at first: a click on "Assign" alone must not empty everyone's group.
                                rx.el.option(t("admin.register.bulk.choose"), value=""),
                                rx.el.option(t("admin.register.no_group"), value="none"),
                                rx.foreach(State.groups, lambda group: rx.el.option(group["name"], value=group["id"])),
                                id="register-assign-group", name="assign_group", class_name="native-select",
                            ),
                            submit_button(t("admin.register.bulk.assign"), busy=State.assigning, size="2"),
                            spacing="2", align="center", wrap="wrap",
                        ),
                        on_submit=State.assign_group,
                        reset_on_submit=False,
                    ),
                ),
                rx.cond(AdminState.is_owner, link_button("download", "admin.register.export_selection",
                                                         State.export_selection_href)),
                gap="0.75rem",
                align="center",
                wrap="wrap",
            ),
        ),
        gap="1rem",
        align="center",
        wrap="wrap",
        width="100%",
    )


def pagination() -> rx.Component:
    def step(key: str, href: rx.Var) -> rx.Component:
        return rx.cond(href != "", rx.link(t(key), href=href, size="2"),
                       rx.text(t(key), size="2", color_scheme="gray", aria_disabled="true"))

    return rx.el.nav(
        rx.hstack(step("admin.register.previous", State.previous_href), rx.text(State.page_text, size="2"),
                  step("admin.register.next", State.next_href), spacing="4", align="center"),
        aria_label=t("admin.register.pages"),
    )


def empty_state() -> rx.Component:
    return rx.callout(
        rx.cond(State.filtered, t("admin.register.empty_filtered"), t("admin.register.empty")),
        icon="users", width="100%",
    )


def page_actions() -> rx.Component:
    return rx.flex(
        rx.cond(AdminState.can_edit, link_button("user-plus", "admin.register.new", routes.ADMIN_CUSTOMER_NEW,
                                                 "solid")),
        rx.cond(AdminState.can_edit, link_button("upload", "admin.register.import", routes.ADMIN_CUSTOMERS_IMPORT)),
        # Exports are for owners (the export page checks again).
        rx.cond(AdminState.is_owner, link_button("download", "admin.register.export", State.export_href)),
        gap="0.5rem",
        wrap="wrap",
    )


@admin_page(routes.ADMIN_CUSTOMERS, "admin.page.customers", state=State)
def admin_customers() -> rx.Component:
    return rx.vstack(
        rx.flex(page_heading("admin.page.customers"), page_actions(), justify="between", align="start",
                wrap="wrap", gap="0.5rem", width="100%"),
        search_form(),
        rx.heading(State.count_text, as_="h2", size="4"),
        rx.cond(
            State.total == 0,
            empty_state(),
            rx.vstack(bulk_bar(), register_table(), rx.hstack(rx.spacer(), pagination(), width="100%"),
                      spacing="3", width="100%"),
        ),
        spacing="4",
        width="100%",
    )
