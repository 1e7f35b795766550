"""/admin/staff (owners), /admin/security (everyone, for themselves) and the public /admin/invite/[token]."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading, signed_out_card
from backoffice.state.staff import InviteState, SecurityState, StaffState
from shop import routes
from storefront.components.forms import field_error, form_error, submit_button, text_field
from storefront.components.templates import page_title, register
from storefront.state.app import t, t_format

LABEL = {"font_weight": "500", "font_size": "14px"}


def role_options() -> list[rx.Component]:
    return [rx.el.option(t("admin.staff.role.staff"), value="staff"),
            rx.el.option(t("admin.staff.role.owner"), value="owner")]


# --- /admin/staff ---

def invite_form() -> rx.Component:
    errors = StaffState.invite_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("admin.staff.invite_title"), as_="h2", size="4"),
                rx.text(t("admin.staff.invite_intro"), size="2", color_scheme="gray"),
                rx.grid(
                    text_field("admin.staff.email", "email", errors, type="email"),
                    text_field("admin.staff.name", "name", errors, max_length=100, required=False),
                    rx.vstack(
                        rx.el.label(t("admin.staff.role"), html_for="field-role", **LABEL),
                        rx.el.select(*role_options(), id="field-role", name="role", default_value="staff",
                                     class_name="native-select"),
                        field_error(errors, "role"),
                        spacing="1",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.el.label(
                            rx.hstack(rx.checkbox(name="read_only", size="2", aria_label=t("admin.staff.read_only")),
                                      rx.text(t("admin.staff.read_only"), size="2"), spacing="2", align="center"),
                            cursor="pointer",
                        ),
                        rx.text(t("admin.staff.read_only_hint"), size="1", color_scheme="gray"),
                        spacing="1",
                        justify="end",
                        height="100%",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                submit_button(t("admin.staff.invite"), busy=StaffState.busy),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=StaffState.invite,
            reset_on_submit=False,
            key=StaffState.invite_form_key.to(str),
            width="100%",
        ),
        width="100%",
    )


def badge(text: rx.Var, color: str) -> rx.Component:
    return rx.badge(text, color_scheme=color, variant="soft", size="1")


def member_card(member: rx.Var) -> rx.Component:
    member_id = member["id"].to(str)
    role_id = "role-" + member_id
    return rx.card(
        rx.el.section(
            rx.vstack(
                rx.flex(
                    rx.vstack(
                        rx.text(rx.cond(member["name"].to(str) != "", member["name"].to(str),
                                        member["email"].to(str)), weight="bold", size="3", word_break="break-all"),
                        rx.cond(member["name"].to(str) != "",
                                rx.text(member["email"].to(str), size="2", color_scheme="gray",
                                        word_break="break-all")),
                        spacing="0",
                        min_width="0",
                    ),
                    rx.spacer(),
                    rx.flex(
                        badge(rx.cond(member["role"].to(str) == "owner", t("admin.staff.role.owner"),
                                      t("admin.staff.role.staff")), "iris"),
                        rx.cond(member["read_only"].to(bool), badge(t("admin.staff.read_only_badge"), "gray")),
                        rx.cond(member["two_factor"].to(bool), badge(t("admin.staff.two_factor_on"), "grass"),
                                badge(t("admin.staff.two_factor_off"), "amber")),
                        rx.cond(member["invited"].to(bool), badge(t("admin.staff.invited_badge"), "blue")),
                        rx.cond(member["is_active"].to(bool), rx.fragment(),
                                badge(t("admin.staff.inactive_badge"), "red")),
                        rx.cond(member["is_you"].to(bool), badge(t("admin.staff.you"), "gray")),
                        gap="0.35rem",
                        wrap="wrap",
                    ),
                    gap="0.5rem",
                    wrap="wrap",
                    width="100%",
                ),
                rx.text(
                    t("admin.staff.last_sign_in"), " ",
                    rx.cond(member["last_sign_in"].to(str) != "", member["last_sign_in"].to(str),
                            t("admin.staff.never")),
                    size="1", color_scheme="gray",
                ),
                rx.form(
                    rx.flex(
                        rx.el.input(type="hidden", name="user_id", value=member_id),
                        rx.vstack(
                            rx.el.label(t("admin.staff.role"), html_for=role_id, **LABEL),
                            rx.el.select(*role_options(), id=role_id, name="role",
                                         default_value=member["role"].to(str), class_name="native-select"),
                            spacing="1",
                            min_width="10rem",
                        ),
                        rx.el.label(
                            rx.hstack(rx.checkbox(name="read_only", default_checked=member["read_only"].to(bool),
                                                  size="2", aria_label=t("admin.staff.read_only")),
                                      rx.text(t("admin.staff.read_only"), size="2"), spacing="2", align="center"),
                            cursor="pointer",
                        ),
                        submit_button(t("admin.staff.save_access"), size="2", variant="soft"),
                        gap="0.75rem",
                        align="end",
                        wrap="wrap",
                    ),
                    on_submit=StaffState.change_access,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.flex(
                    rx.cond(
                        member["is_active"].to(bool),
                        rx.button(t("admin.staff.deactivate"), on_click=StaffState.set_active(member["id"], False),
                                  color_scheme="red", variant="soft", size="2", disabled=~rx.State.is_hydrated),
                        rx.button(t("admin.staff.reactivate"), on_click=StaffState.set_active(member["id"], True),
                                  variant="soft", size="2", disabled=~rx.State.is_hydrated),
                    ),
                    rx.cond(
                        member["invited"].to(bool) & member["is_active"].to(bool),
                        rx.button(t("admin.staff.resend"), on_click=StaffState.resend_invitation(member["id"]),
                                  variant="outline", size="2", disabled=~rx.State.is_hydrated),
                    ),
                    gap="0.5rem",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            aria_label=member["email"].to(str),
        ),
        # The access form's inputs are uncontrolled: a new key when the saved access changes re-mounts them
        # with the saved values (also when the list's order shifts under them).
        key=member_id + "-" + member["role"].to(str) + "-" + member["read_only"].to(str) + "-"
        + member["is_active"].to(str),
        width="100%",
    )


@admin_page(routes.ADMIN_STAFF, "admin.page.staff", state=StaffState)
def admin_staff() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.staff"),
        rx.cond(
            StaffState.is_owner,
            rx.vstack(
                rx.text(t("admin.staff.intro"), size="2", color_scheme="gray"),
                invite_form(),
                rx.heading(t("admin.staff.list_title"), as_="h2", size="4", margin_top="0.5rem"),
                rx.vstack(rx.foreach(StaffState.members, member_card), spacing="3", width="100%"),
                spacing="4",
                width="100%",
            ),
            rx.callout(t("admin.staff.owner_only"), icon="lock", color_scheme="amber", width="100%", role="status"),
        ),
        spacing="4",
        width="100%",
    )


# --- /admin/security ---

def code_input(input_id: str, label_key: str, error_name: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, **LABEL),
        rx.input(id=input_id, name="code", type="text", auto_complete="one-time-code", required=True, max_length=40,
                 size="3", width="100%", max_width="16rem", spell_check=False, aria_describedby=f"{error_name}-error"),
        field_error(SecurityState.errors, error_name),
        spacing="1",
        width="100%",
    )


def recovery_codes_shown() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("key-round")),
        rx.vstack(
            rx.text(t("admin.security.recovery_title"), weight="bold", size="2"),
            rx.text(t("admin.security.recovery_intro"), size="2"),
            rx.grid(rx.foreach(SecurityState.recovery_codes,
                               lambda code: rx.code(code, size="3", variant="ghost")),
                    columns="2", spacing="2", aria_label=t("admin.security.recovery_title")),
            spacing="2",
        ),
        color_scheme="amber",
        width="100%",
        role="status",
    )


def two_factor_on() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.icon("shield-check", color="var(--grass-11)"), rx.text(t("admin.security.is_on"), weight="medium"),
                  align="center"),
        rx.text(t_format("admin.security.codes_left", count=SecurityState.recovery_left.to(str)), size="2",
                color_scheme="gray"),
        rx.cond(
            SecurityState.required_by_shop,
            rx.text(t("admin.security.required_note"), size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.text(t("admin.security.disable_intro"), size="2"),
                    code_input("disable-code", "admin.security.current_code", "disable_code"),
                    submit_button(t("admin.security.disable"), color_scheme="red", variant="soft", size="2"),
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                on_submit=SecurityState.disable,
                reset_on_submit=True,
                key="disable-" + SecurityState.form_key.to(str),
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def setup_steps() -> rx.Component:
    return rx.vstack(
        rx.text(t("admin.security.step_scan"), size="2"),
        rx.box(rx.image(src=SecurityState.setup_qr, alt=t("admin.security.qr_alt"), width="220px", height="220px"),
               background="white", padding="0.5rem", border_radius="8px", border="1px solid var(--gray-a5)"),
        rx.text(t("admin.security.step_key"), size="2"),
        rx.code(SecurityState.setup_secret, size="3", word_break="break-all", id="totp-secret"),
        rx.form(
            rx.vstack(
                rx.text(t("admin.security.step_confirm"), size="2"),
                code_input("setup-code", "admin.security.app_code", "code"),
                rx.hstack(
                    submit_button(t("admin.security.turn_on"), size="2"),
                    rx.button(t("admin.security.cancel"), type="button", variant="ghost", size="2",
                              on_click=SecurityState.cancel_setup),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=SecurityState.confirm_setup,
            reset_on_submit=True,
            key="setup-" + SecurityState.form_key.to(str),
            width="100%",
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def two_factor_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("admin.security.two_factor_title"), as_="h2", size="4"),
            rx.text(t("admin.security.two_factor_intro"), size="2", color_scheme="gray"),
            rx.cond(
                SecurityState.required_by_shop & ~SecurityState.two_factor_on,
                rx.callout(t("admin.security.required_callout"), icon="shield-alert", color_scheme="amber",
                           width="100%", role="alert"),
            ),
            rx.cond(SecurityState.recovery_codes.length() > 0, recovery_codes_shown()),
            rx.cond(
                SecurityState.two_factor_on,
                two_factor_on(),
                rx.cond(
                    SecurityState.setup_secret != "",
                    setup_steps(),
                    rx.button(rx.icon("shield-plus", size=16), t("admin.security.start"),
                              on_click=SecurityState.start_setup, disabled=~rx.State.is_hydrated),
                ),
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        width="100%",
    )


def password_section() -> rx.Component:
    errors = SecurityState.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("admin.security.password_title"), as_="h2", size="4"),
                form_error(errors),
                text_field("admin.security.current_password", "current_password", errors, type="password",
                           auto_complete="current-password", max_length=128),
                text_field("admin.security.new_password", "password", errors, type="password",
                           auto_complete="new-password", max_length=128, hint_key="admin.security.password_hint"),
                text_field("admin.security.confirm_password", "password_confirm", errors, type="password",
                           auto_complete="new-password", max_length=128),
                submit_button(t("admin.security.change_password"), busy=SecurityState.busy),
                spacing="3",
                width="100%",
                max_width="28rem",
                align="start",
            ),
            on_submit=SecurityState.change_password,
            reset_on_submit=False,
            key="password-" + SecurityState.password_form_key.to(str),
            width="100%",
        ),
        width="100%",
    )


@admin_page(routes.ADMIN_SECURITY, "admin.page.security", state=SecurityState)
def admin_security() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.security"),
        two_factor_section(),
        password_section(),
        spacing="4",
        width="100%",
    )


# --- /admin/invite/[token] (public) ---

def invite_body() -> rx.Component:
    errors = InviteState.errors
    return rx.cond(
        InviteState.done,
        rx.vstack(
            rx.callout(t("admin.invite.done"), icon="circle_check", color_scheme="grass", width="100%", role="status"),
            rx.link(t("admin.invite.sign_in"), href=routes.ADMIN_LOGIN, size="3"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            ~InviteState.checked,
            rx.center(rx.spinner(size="3"), width="100%"),
            rx.cond(
                InviteState.link_valid,
                rx.form(
                    rx.vstack(
                        rx.text(t_format("admin.invite.intro", email=InviteState.invited_email), size="2"),
                        form_error(errors),
                        text_field("admin.invite.password", "password", errors, type="password",
                                   auto_complete="new-password", max_length=128,
                                   hint_key="admin.security.password_hint"),
                        text_field("admin.invite.password_confirm", "password_confirm", errors, type="password",
                                   auto_complete="new-password", max_length=128),
                        submit_button(t("admin.invite.submit"), busy=InviteState.busy, width="100%"),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=InviteState.accept,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.vstack(
                    rx.callout(rx.cond(errors.contains("form"), errors["form"].to(str),
                                       t("admin.invite.link_invalid")),
                               icon="triangle_alert", color_scheme="red", width="100%", role="alert"),
                    rx.link(t("admin.invite.sign_in"), href=routes.ADMIN_LOGIN, size="2"),
                    spacing="3",
                    width="100%",
                ),
            ),
        ),
    )


def admin_invite() -> rx.Component:
    return signed_out_card(InviteState, "admin.invite.title", invite_body())

register(routes.ADMIN_INVITE, admin_invite, page_title("admin.invite.title", InviteState.shop_name),
         [InviteState.load_page])
