"""/admin/customers/[id]: the customer card (profile form, flags, actions, notes, orders, timeline),
and /admin/customers/new."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.dashboard import status_badge
from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.customer_card import CustomerCardState, NewCustomerState
from shop import routes
from storefront.components.address_form import AddressFormBinding, address_form
from storefront.components.forms import field_error, form_error, prefilled_fields, submit_button, text_field
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_format

WRAP = {"overflow_wrap": "anywhere", "word_break": "break-word"}


def select_field(label_key: str, name: str, errors: rx.Var, options: list[rx.Component], default_value: rx.Var,
                 hint_key: str | None = None) -> rx.Component:
    input_id = f"field-{name}"
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, font_weight="500", font_size="14px"),
        rx.el.select(*options, id=input_id, name=name, default_value=default_value, class_name="native-select",
                     aria_describedby=f"{name}-error"),
        rx.text(t(hint_key), size="1", color_scheme="gray") if hint_key else rx.fragment(),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def language_select(errors: rx.Var, default_value: rx.Var | str) -> rx.Component:
    return select_field("admin.card.language", "language", errors,
                        [rx.el.option("English", value="en"), rx.el.option("Français", value="fr")], default_value)


def group_select(errors: rx.Var, groups: rx.Var, default_value: rx.Var | str) -> rx.Component:
    return select_field(
        "admin.card.group", "group_id", errors,
        [rx.el.option(t("admin.card.no_group"), value=""),
         rx.foreach(groups, lambda group: rx.el.option(group["name"], value=group["id"]))],
        default_value, hint_key="admin.card.group_hint")


def checkbox(label_key: str, name: str, checked: rx.Var | bool) -> rx.Component:
    return rx.el.label(
        rx.hstack(rx.checkbox(name=name, default_checked=checked, size="2", aria_label=t(label_key)),
                  rx.text(t(label_key), size="2"), spacing="2", align="center"),
        cursor="pointer",
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(t(title_key), as_="h2", size="4"), *children, spacing="3", width="100%"),
        width="100%",
    )


def fact(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key)), rx.data_list.value(value, style=WRAP))


# --- the card ---

def profile_form() -> rx.Component:
    state = CustomerCardState
    errors, values = state.errors, state.values
    value = lambda name: values[name].to(str)  # noqa: E731
    return rx.form(
        prefilled_fields(rx.vstack(
            form_error(errors),
            rx.grid(
                text_field("admin.card.own_number", "own_number", errors, max_length=40, required=False,
                           hint_key="admin.card.own_number_hint", default_value=value("own_number")),
                rx.vstack(
                    text_field("admin.card.email", "email", errors, type="email", max_length=254,
                               hint_key="admin.card.email_hint", default_value=value("email")),
                    rx.cond(state.verified,
                            rx.badge(rx.icon("badge_check", size=14), t("admin.card.email_verified"),
                                     color_scheme="grass"),
                            rx.badge(t("admin.card.email_unverified"), color_scheme="amber")),
                    spacing="1", width="100%",
                ),
                text_field("admin.card.first_name", "first_name", errors, max_length=100, required=False,
                           default_value=value("first_name")),
                text_field("admin.card.last_name", "last_name", errors, max_length=100, required=False,
                           default_value=value("last_name")),
                text_field("admin.card.company", "company", errors, max_length=150, required=False,
                           default_value=value("company")),
                text_field("admin.card.vat_number", "vat_number", errors, max_length=40, required=False,
                           default_value=value("vat_number")),
                text_field("admin.card.phone", "phone", errors, type="tel", max_length=32, required=False,
                           default_value=value("phone")),
                language_select(errors, value("language")),
                group_select(errors, state.groups, value("group_id")),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                checkbox("admin.card.newsletter", "newsletter", values["newsletter"].to(bool)),
                checkbox("admin.card.tax_exempt", "tax_exempt", values["tax_exempt"].to(bool)),
                checkbox("admin.card.pay_on_invoice", "pay_on_invoice", values["pay_on_invoice"].to(bool)),
                spacing="2",
            ),
            rx.cond(
                AdminState.can_edit,
                submit_button(rx.hstack(rx.icon("save", size=16), t("admin.card.save"), align="center",
                                        spacing="2")),
                rx.callout(t("admin.card.read_only"), icon="lock", color_scheme="gray", width="100%"),
            ),
            spacing="4",
            width="100%",
        )),
        on_submit=state.save,
        reset_on_submit=False,
        key=state.form_key.to(str),
        width="100%",
    )


def facts() -> rx.Component:
    values, view = CustomerCardState.values, CustomerCardState.view
    return rx.data_list.root(
        fact("admin.card.id", values["id"].to(str)),
        fact("admin.card.customer_number", values["customer_number"].to(str)),
        fact("admin.card.created", view["created"]),
        fact("admin.card.modified", view["modified"]),
        fact("admin.card.source", view["source"]),
        orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        size="2",
    )


def address_card(address: rx.Var) -> rx.Component:
    state = CustomerCardState
    address_id = address["id"].to(int)
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.cond(address["billing"].to(bool), rx.badge(t("admin.card.default_billing"), variant="soft")),
                rx.cond(address["shipping"].to(bool), rx.badge(t("admin.card.default_shipping"), variant="soft")),
                wrap="wrap",
                spacing="2",
            ),
            rx.box(rx.foreach(address["lines"].to(list[str]), lambda line: rx.text(line, size="2", style=WRAP))),
            rx.cond(
                AdminState.can_edit,
                rx.flex(
                    rx.button(t("admin.card.edit_address_button"), size="1", variant="soft",
                              on_click=state.open_address(address_id), disabled=~rx.State.is_hydrated),
                    rx.cond(~address["shipping"].to(bool),
                            rx.button(t("admin.card.use_for_shipping"), size="1", variant="outline",
                                      on_click=state.set_default_address(address_id, "shipping"),
                                      disabled=~rx.State.is_hydrated)),
                    rx.cond(~address["billing"].to(bool),
                            rx.button(t("admin.card.use_for_billing"), size="1", variant="outline",
                                      on_click=state.set_default_address(address_id, "billing"),
                                      disabled=~rx.State.is_hydrated)),
                    rx.button(t("admin.card.delete_address"), size="1", variant="ghost", color_scheme="red",
                              on_click=state.delete_address(address_id), disabled=~rx.State.is_hydrated),
                    wrap="wrap",
                    gap="0.5rem",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="0.75rem",
        border="1px solid var(--gray-a5)",
        border_radius="8px",
        width="100%",
        min_width="0",
        # Found by what it says: a group named by its lines.
        role="group",
        aria_label=address["lines"].to(list[str]).join(", "),
    )


def address_editor() -> rx.Component:
    state = CustomerCardState
    return address_form(AddressFormBinding(
        form_values=state.address_values, form_spec=state.address_spec, errors=state.address_errors,
        country=state.address_country, key=state.address_key,
        heading=rx.cond(state.address_editing_id == 0, t("admin.card.new_address"), t("admin.card.edit_address")),
        on_country=state.choose_address_country, on_submit=state.save_address, on_cancel=state.close_address_form,
    ), size="2")


def addresses() -> rx.Component:
    state = CustomerCardState
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(t("admin.card.addresses"), as_="h2", size="4"),
                rx.spacer(),
                rx.cond(AdminState.can_edit & ~state.address_form_open,
                        rx.button(rx.icon("plus", size=16), t("admin.card.add_address"), size="2", variant="soft",
                                  on_click=state.open_new_address, disabled=~rx.State.is_hydrated)),
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.cond(AdminState.can_edit & state.address_form_open, address_editor()),
            rx.cond(
                state.addresses.length() == 0,
                rx.cond(~state.address_form_open,
                        rx.text(t("admin.card.no_addresses"), size="2", color_scheme="gray")),
                rx.grid(rx.foreach(state.addresses, address_card), columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3", width="100%"),
            ),
            rx.cond(AdminState.can_edit & (state.addresses.length() > 0),
                    rx.text(t("admin.card.addresses_hint"), size="1", color_scheme="gray")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def order_row(order: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(order["number"], href=order["href"])),
        rx.table.cell(order["date"]),
        rx.table.cell(status_badge(order["status"])),
        rx.table.cell(order["total"], text_align="right"),
    )


def orders() -> rx.Component:
    return section(
        "admin.card.orders",
        rx.cond(
            CustomerCardState.orders.length() == 0,
            rx.text(t("admin.card.no_orders"), size="2", color_scheme="gray"),
            scrolling_table([("admin.card.order_number", False), ("admin.card.order_date", False),
                             ("admin.card.order_status", False), ("admin.card.order_total", True)],
                            CustomerCardState.orders, order_row, hide_on_phone=(2,)),
        ),
    )


def action_button(label_key: str, icon: str, on_click, **props) -> rx.Component:
    return rx.button(rx.icon(icon, size=16), t(label_key), on_click=on_click, variant="soft", width="100%",
                     justify="start", disabled=~rx.State.is_hydrated, **props)


def account_panel() -> rx.Component:
    state = CustomerCardState
    return section(
        "admin.card.account",
        rx.flex(
            rx.cond(state.blocked, rx.badge(t("admin.card.blocked"), color_scheme="red"),
                    rx.badge(t("admin.card.active"), color_scheme="grass")),
            rx.cond(state.approved, rx.badge(t("admin.card.approved"), color_scheme="grass"),
                    rx.badge(t("admin.card.not_approved"), color_scheme="amber")),
            rx.cond(state.has_password, rx.badge(t("admin.card.has_password"), color_scheme="gray"),
                    rx.badge(t("admin.card.no_password"), color_scheme="gray")),
            wrap="wrap",
            gap="2",
        ),
        rx.cond(state.blocked, rx.callout(t("admin.card.blocked_notice"), icon="ban", color_scheme="red",
                                          width="100%")),
        rx.cond(
            AdminState.can_edit,
            rx.vstack(
                rx.cond(state.blocked,
                        action_button("admin.card.unblock", "lock_open", state.set_blocked(False)),
                        action_button("admin.card.block", "ban", state.set_blocked(True), color_scheme="red")),
                rx.cond(state.approved,
                        action_button("admin.card.withdraw_approval", "user_x", state.set_approved(False)),
                        action_button("admin.card.approve", "user_check", state.set_approved(True))),
                rx.cond(~state.blocked, rx.fragment(
                    action_button("admin.card.invite", "mail_plus", state.open_invitation),
                    action_button("admin.card.reset", "key_round", state.send_password_reset),
                )),
                rx.link(rx.hstack(rx.icon("tags", size=16), t("admin.card.prices"), align="center", spacing="2"),
                        href=state.links["prices"], size="2"),
                spacing="2",
                width="100%",
            ),
        ),
        rx.cond(
            AdminState.is_owner,
            rx.vstack(
                rx.separator(size="4"),
                rx.link(rx.hstack(rx.icon("eye", size=16), t("admin.card.preview"), align="center", spacing="2"),
                        href=state.links["preview"], size="2"),
                rx.link(rx.hstack(rx.icon("merge", size=16), t("admin.card.merge"), align="center", spacing="2"),
                        href=state.links["merge"], size="2"),
                rx.link(rx.hstack(rx.icon("trash_2", size=16), t("admin.card.delete"), align="center", spacing="2"),
                        href=state.links["delete"], size="2", color_scheme="red"),
                spacing="2",
                width="100%",
            ),
        ),
    )


def invitation_dialog() -> rx.Component:
    state = CustomerCardState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("admin.card.invite_title")),
            rx.dialog.description(t_format("admin.card.invite_intro", email=state.values["email"].to(str)),
                                  size="2", style=WRAP),
            rx.form(
                rx.vstack(
                    rx.el.label(t("admin.card.invite_message"), html_for="field-message", font_weight="500",
                                font_size="14px"),
                    rx.text_area(id="field-message", name="message", default_value=state.invite_message,
                                 rows="8", max_length=5000, width="100%", aria_describedby="message-error"),
                    field_error(state.invite_errors, "message"),
                    rx.hstack(
                        rx.button(t("admin.card.cancel"), type="button", variant="soft", color_scheme="gray",
                                  on_click=state.close_invitation),
                        submit_button(rx.hstack(rx.icon("send", size=16), t("admin.card.invite_send"),
                                                align="center", spacing="2"), size="2"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=state.send_invitation,
                reset_on_submit=False,
                key=state.invite_key.to(str),
                margin_top="1rem",
                width="100%",
            ),
            max_width="560px",
        ),
        open=state.invite_open,
        on_open_change=state.invitation_open_changed,
    )


def notes_panel() -> rx.Component:
    state = CustomerCardState
    return rx.cond(
        AdminState.can_edit,
        section(
            "admin.card.notes",
            rx.form(
                rx.vstack(
                    rx.el.label(t("admin.card.note_label"), html_for="field-note", font_weight="500",
                                font_size="14px"),
                    rx.text_area(id="field-note", name="body", rows="3", max_length=5000, width="100%",
                                 aria_describedby="body-error"),
                    rx.text(t("admin.card.note_hint"), size="1", color_scheme="gray"),
                    field_error(state.note_errors, "body"),
                    submit_button(rx.hstack(rx.icon("notebook_pen", size=16), t("admin.card.add_note"),
                                            align="center", spacing="2"), size="2"),
                    spacing="2",
                    width="100%",
                ),
                on_submit=state.add_note,
                reset_on_submit=False,
                key=state.note_key.to(str),
                width="100%",
            ),
        ),
    )


def timeline_entry(entry: rx.Var) -> rx.Component:
    icon = rx.match(entry["kind"], ("order", rx.icon("receipt", size=16)), ("email", rx.icon("mail", size=16)),
                    ("note", rx.icon("sticky_note", size=16)), rx.icon("user", size=16))
    return rx.el.li(
        rx.hstack(
            rx.box(icon, color="var(--gray-11)", padding_top="2px"),
            rx.vstack(
                rx.text(entry["text"], size="2", weight="medium", style=WRAP),
                rx.cond(entry["body"] != "", rx.text(entry["body"], size="2", white_space="pre-wrap", style=WRAP,
                                                      background="var(--amber-a2)", padding="0.5rem",
                                                      border_radius="6px", width="100%")),
                rx.text(entry["when"], size="1", color_scheme="gray"),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            spacing="2",
            align="start",
            width="100%",
        ),
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-a4)",
        list_style="none",
    )


def timeline() -> rx.Component:
    return section(
        "admin.card.timeline",
        rx.cond(
            CustomerCardState.timeline.length() == 0,
            rx.text(t("admin.card.timeline_empty"), size="2", color_scheme="gray"),
            rx.el.ul(rx.foreach(CustomerCardState.timeline, timeline_entry), padding="0", margin="0", width="100%",
                     aria_label=t("admin.card.timeline")),
        ),
    )


def back_link() -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow_left", size=16), t("admin.card.all_customers"), align="center",
                             spacing="1"), href=routes.ADMIN_CUSTOMERS, size="2")


@admin_page(routes.ADMIN_CUSTOMER, "admin.page.customer", state=CustomerCardState)
def admin_customer_card() -> rx.Component:
    state = CustomerCardState
    return rx.vstack(
        back_link(),
        rx.box(page_heading("admin.page.customer"), margin_bottom="-1rem"),
        rx.cond(
            state.found,
            rx.vstack(
                rx.hstack(
                    rx.text(state.values["full_name"].to(str), size="5", weight="bold", style=WRAP),
                    rx.badge(state.values["customer_number"].to(str), variant="outline"),
                    rx.cond(state.blocked, rx.badge(t("admin.card.blocked"), color_scheme="red")),
                    wrap="wrap",
                    align="center",
                    spacing="2",
                ),
                rx.grid(
                    rx.vstack(
                        section("admin.card.profile", facts(), rx.separator(size="4"), profile_form()),
                        addresses(),
                        orders(),
                        spacing="4",
                        width="100%",
                        min_width="0",
                    ),
                    rx.vstack(account_panel(), notes_panel(), timeline(), spacing="4", width="100%", min_width="0"),
                    columns=rx.breakpoints(initial="1", md="minmax(0, 3fr) minmax(0, 2fr)"),
                    spacing="4",
                    width="100%",
                ),
                invitation_dialog(),
                spacing="4",
                width="100%",
            ),
            rx.callout(t("admin.card.not_found"), icon="search_x", color_scheme="gray", width="100%"),
        ),
        spacing="4",
        width="100%",
    )


# --- /admin/customers/new ---

@admin_page(routes.ADMIN_CUSTOMER_NEW, "admin.page.new_customer", state=NewCustomerState)
def admin_new_customer() -> rx.Component:
    state = NewCustomerState
    errors = state.errors
    return rx.vstack(
        back_link(),
        page_heading("admin.page.new_customer"),
        rx.text(t("admin.new.intro"), size="2", color_scheme="gray"),
        rx.cond(
            AdminState.can_edit,
            rx.card(
                rx.form(
                    rx.vstack(
                        form_error(errors),
                        rx.grid(
                            text_field("admin.card.email", "email", errors, type="email", max_length=254),
                            text_field("admin.card.own_number", "own_number", errors, max_length=40, required=False,
                                       hint_key="admin.card.own_number_hint"),
                            text_field("admin.card.first_name", "first_name", errors, max_length=100,
                                       required=False),
                            text_field("admin.card.last_name", "last_name", errors, max_length=100,
                                       required=False),
                            text_field("admin.card.company", "company", errors, max_length=150, required=False),
                            text_field("admin.card.phone", "phone", errors, type="tel", max_length=32,
                                       required=False),
                            language_select(errors, state.language),
                            group_select(errors, state.groups, ""),
                            columns=rx.breakpoints(initial="1", sm="2"),
                            spacing="4",
                            width="100%",
                        ),
                        checkbox("admin.card.newsletter", "newsletter", False),
                        rx.el.label(
                            rx.hstack(
                                rx.checkbox(name="send_invitation", checked=state.send_invitation,
                                            on_change=state.set_invitation, size="2",
                                            aria_label=t("admin.new.send_invitation")),
                                rx.text(t("admin.new.send_invitation"), size="2"),
                                spacing="2",
                                align="center",
                            ),
                            cursor="pointer",
                        ),
                        rx.cond(state.send_invitation,
                                rx.text(t("admin.new.invitation_hint"), size="2", color_scheme="gray"),
                                rx.callout(t("admin.new.no_invitation_note"), icon="info", width="100%")),
                        submit_button(rx.hstack(rx.icon("user_plus", size=16), t("admin.new.create"),
                                                align="center", spacing="2")),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=state.create,
                    reset_on_submit=False,
                    key=state.form_key.to(str),
                    width="100%",
                ),
                width="100%",
                max_width="760px",
            ),
            rx.callout(t("admin.card.read_only"), icon="lock", color_scheme="gray", width="100%"),
        ),
        spacing="4",
        width="100%",
    )
