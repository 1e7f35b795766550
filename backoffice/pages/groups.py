"""/admin/groups: customer groups, /admin/groups/[id]: one group (details, fixed prices, members),
/admin/groups/[id]/delete: the confirmation that names the group and its member count."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.groups import GroupDeleteState, GroupsState, GroupState
from shop import routes
from storefront.components.forms import (
    checkbox_field,
    field_error,
    form_error,
    prefilled_fields,
    submit_button,
    text_field,
)
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_format


def textarea_field(label_key: str, name: str, errors: rx.Var, default_value: rx.Var, *, max_length: int,
                   id_prefix: str = "field") -> rx.Component:
    input_id = f"{id_prefix}-{name}"
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, font_weight="500", font_size="14px"),
        rx.text_area(id=input_id, name=name, default_value=default_value, max_length=max_length, rows="3",
                     width="100%", size="3", aria_describedby=f"{name}-error",
                     aria_invalid=rx.cond(errors.contains(name), "true", "false")),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def group_fields(errors: rx.Var, values: rx.Var | None = None) -> rx.Component:
    value = (lambda name: values[name].to(str)) if values is not None else (lambda name: "")  # noqa: E731
    return rx.vstack(
        form_error(errors),
        rx.grid(
            text_field("admin.group.name", "name", errors, max_length=80, default_value=value("name")),
            text_field("admin.group.adjustment", "adjustment", errors, max_length=12, required=False,
                       hint_key="admin.group.adjustment_hint", default_value=value("adjustment"),
                       input_mode="decimal"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        textarea_field("admin.group.description", "description", errors, value("description"), max_length=500),
        checkbox_field("admin.group.tax_exempt",
                       "tax_exempt", default_checked=values["tax_exempt"].to(bool) if values is not None else False),
        rx.text(t("admin.group.tax_exempt_hint"), size="1", color_scheme="gray"),
        spacing="3",
        width="100%",
    )


def group_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["name"], href=row["href"].to(str)), min_width="10rem"),
        rx.table.cell(row["members"], text_align="right"),
        rx.table.cell(row["adjustment"]),
        rx.table.cell(row["tax_exempt"]),
        rx.table.cell(rx.text(row["description"], size="2", color_scheme="gray"), min_width="14rem"),
    )


@admin_page(routes.ADMIN_GROUPS, "admin.page.groups", state=GroupsState)
def admin_groups() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.groups"),
        rx.text(t("admin.groups.intro"), color_scheme="gray", size="2"),
        rx.cond(
            GroupsState.rows.length() == 0,
            rx.callout(t("admin.groups.empty"), icon="info"),
            scrolling_table(
                [("admin.group.name", False), ("admin.group.members", True), ("admin.group.rule", False),
                 ("admin.group.tax_exempt_short", False), ("admin.group.description", False)],
                GroupsState.rows, group_row,
            ),
        ),
        rx.cond(
            AdminState.can_edit,
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("admin.groups.new"), as_="h2", size="5"),
                        group_fields(GroupsState.errors),
                        submit_button(t("admin.groups.create")),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=GroupsState.create_group,
                    key=GroupsState.form_key.to(str),
                    width="100%",
                ),
                width="100%",
                max_width="720px",
            ),
        ),
        spacing="4",
        width="100%",
    )


# --- one group ----------------------------------------------------------------------------------------------------


def price_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"], min_width="10rem"),
        rx.table.cell(row["sku"], white_space="nowrap"),
        rx.table.cell(row["catalogue_price"], text_align="right", white_space="nowrap"),
        rx.table.cell(row["price"], text_align="right", white_space="nowrap"),
        rx.table.cell(rx.cond(
            AdminState.can_edit,
            rx.button(t("admin.group.remove_price"), on_click=GroupState.remove_price(row["product_id"].to(int)),
                      variant="soft", color_scheme="red", size="1", type="button",
                      aria_label=t_format("admin.group.remove_price_of", name=row["name"].to(str))),
        )),
    )


def price_form() -> rx.Component:
    errors = GroupState.price_errors
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.el.label(t("admin.group.product"), html_for="price-product", font_weight="500", font_size="14px"),
                rx.el.select(
                    rx.el.option(t("admin.group.choose_product"), value=""),
                    rx.foreach(GroupState.products, lambda item: rx.el.option(item["label"], value=item["id"])),
                    id="price-product", name="product", class_name="native-select", required=True,
                ),
                field_error(errors, "product"),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(t("admin.group.fixed_price"), html_for="price-price", font_weight="500",
                            font_size="14px"),
                rx.input(id="price-price", name="price", input_mode="decimal", max_length=20, required=True,
                         placeholder="12.50", size="3", width="100%", aria_describedby="price-error"),
                field_error(errors, "price"),
                spacing="1",
                width=rx.breakpoints(initial="100%", sm="12rem"),
            ),
            submit_button(t("admin.group.set_price")),
            direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="stretch", sm="end"),
            spacing="3",
            width="100%",
        ),
        on_submit=GroupState.set_price,
        width="100%",
    )


def group_details() -> rx.Component:
    return rx.vstack(
        rx.heading(GroupState.values["name"].to(str), as_="h2", size="6"),
        rx.hstack(
            rx.badge(GroupState.adjustment, size="2"),
            rx.cond(GroupState.values["tax_exempt"].to(bool), rx.badge(t("admin.group.tax_exempt_short"), size="2",
                                                                       color_scheme="amber")),
            rx.badge(t_format("admin.group.member_count", count=GroupState.member_total.to(str)), size="2",
                     color_scheme="gray"),
            wrap="wrap",
        ),
        rx.card(
            rx.form(
                prefilled_fields(rx.vstack(
                    rx.heading(t("admin.group.details"), as_="h3", size="4"),
                    group_fields(GroupState.errors, GroupState.values),
                    rx.cond(AdminState.can_edit, submit_button(t("admin.group.save"))),
                    spacing="3",
                    width="100%",
                )),
                on_submit=GroupState.save_group,
                key=GroupState.form_key.to(str),
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading(t("admin.group.prices"), as_="h3", size="4"),
                rx.text(t("admin.group.prices_intro"), size="2", color_scheme="gray"),
                rx.cond(
                    GroupState.prices.length() == 0,
                    rx.text(t("admin.group.no_prices"), size="2"),
                    scrolling_table(
                        [("admin.group.product", False), ("admin.product.sku", False),
                         ("admin.group.catalogue_price", True), ("admin.group.fixed_price", True),
                         ("admin.catalog.actions", False)],
                        GroupState.prices, price_row,
                    ),
                ),
                rx.cond(AdminState.can_edit, price_form()),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading(t("admin.group.members"), as_="h3", size="4"),
                rx.text(t("admin.group.members_intro"), size="2", color_scheme="gray"),
                rx.cond(
                    GroupState.member_total == 0,
                    rx.text(t("admin.group.no_members"), size="2"),
                    rx.el.ul(
                        rx.foreach(GroupState.member_rows, lambda row: rx.el.li(
                            rx.link(row["name"], href=row["href"].to(str)),
                            rx.text(" · ", row["email"], as_="span", size="2", color_scheme="gray"),
                        )),
                        style={"paddingLeft": "1.25rem", "margin": "0", "overflowWrap": "anywhere"},
                    ),
                ),
                rx.cond(GroupState.member_total > 50,
                        rx.text(t("admin.group.members_first"), size="1", color_scheme="gray")),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.cond(
            AdminState.can_edit,
            rx.link(rx.button(rx.icon("trash-2", size=16), t("admin.group.delete"), variant="soft", color_scheme="red",
                              type="button"),
                    href=GroupState.delete_href),
        ),
        spacing="4",
        width="100%",
        max_width="900px",
    )


@admin_page(routes.ADMIN_GROUP, "admin.page.group", state=GroupState)
def admin_group() -> rx.Component:
    return rx.vstack(
        rx.link(t("admin.groups.back"), href=routes.ADMIN_GROUPS, size="2"),
        page_heading("admin.page.group"),
        rx.cond(
            GroupState.found,
            group_details(),
            rx.callout(t("admin.group.not_found"), icon="info", color_scheme="amber"),
        ),
        spacing="3",
        width="100%",
    )


@admin_page(routes.ADMIN_GROUP_DELETE, "admin.page.group_delete", state=GroupDeleteState)
def admin_group_delete() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.group_delete"),
        rx.cond(
            GroupDeleteState.found,
            rx.card(
                rx.vstack(
                    rx.text(t_format("admin.group.delete_question", name=GroupDeleteState.group_name), size="4",
                            weight="medium"),
                    rx.text(t_format("admin.group.delete_members", count=GroupDeleteState.member_total.to(str))),
                    rx.text(t("admin.group.delete_kept")),
                    rx.flex(
                        rx.cond(
                            AdminState.can_edit,
                            rx.button(t("admin.group.delete_confirm"), on_click=GroupDeleteState.delete_group,
                                      color_scheme="red", size="3", type="button",
                                      disabled=~rx.State.is_hydrated),
                        ),
                        rx.link(rx.button(t("admin.catalog.cancel"), variant="soft", color_scheme="gray", size="3",
                                          type="button"),
                                href=GroupDeleteState.group_href),
                        spacing="3",
                        wrap="wrap",
                    ),
                    spacing="3",
                ),
                max_width="640px",
                width="100%",
            ),
            rx.vstack(rx.callout(t("admin.group.not_found"), icon="info", color_scheme="amber"),
                      rx.link(t("admin.groups.back"), href=routes.ADMIN_GROUPS)),
        ),
        spacing="4",
        width="100%",
    )
