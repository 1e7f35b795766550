"""The back-office shell: a side navigation on desktop, a menu on phones, and the admin page decorator."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from backoffice.state.auth import AdminState
from shop import routes
from storefront.components.layout import language_switch, live_marker
from storefront.components.templates import page_title, register
from storefront.state.app import t

NAV_ITEMS = [
    ("admin.nav.dashboard", routes.ADMIN, "layout-dashboard"),
    ("admin.nav.customers", routes.ADMIN_CUSTOMERS, "users"),
    ("admin.nav.groups", routes.ADMIN_GROUPS, "tags"),
    ("admin.nav.orders", routes.ADMIN_ORDERS, "receipt"),
    ("admin.nav.products", routes.ADMIN_PRODUCTS, "package"),
    ("admin.nav.emails", routes.ADMIN_EMAILS, "mail"),
    ("admin.nav.settings", routes.ADMIN_SETTINGS, "settings"),
    ("admin.nav.staff", routes.ADMIN_STAFF, "user-cog"),
    ("admin.nav.security", routes.ADMIN_SECURITY, "shield-check"),
]


def nav_link(key: str, href: str, icon: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=16), rx.text(t(key), size="2"), align="center", spacing="2"),
        href=href,
        color_scheme="gray",
        high_contrast=True,
        underline="none",
        padding="0.5rem 0.75rem",
        border_radius="6px",
        _hover={"background": "var(--gray-a3)"},
        width="100%",
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.text(AdminState.shop_name, size="5", weight="bold", font_family="Georgia, serif"),
        rx.text(t("admin.title"), size="1", color_scheme="gray", text_transform="uppercase"),
        rx.el.nav(rx.vstack(*[nav_link(*item) for item in NAV_ITEMS], spacing="1", width="100%"), width="100%"),
        rx.spacer(),
        rx.link(t("admin.nav.storefront"), href=routes.HOME, size="2"),
        language_switch(AdminState),
        rx.text(AdminState.merchant_email, size="1", color_scheme="gray"),
        rx.button(t("admin.sign_out"), on_click=AdminState.sign_out, variant="soft", color_scheme="gray", size="2"),
        spacing="3",
        padding="1.5rem 1rem",
        width="240px",
        min_height="100vh",
        border_right="1px solid var(--gray-a5)",
        background="var(--gray-1)",
        position="sticky",
        top="0",
        flex_shrink="0",
        display=rx.breakpoints(initial="none", sm="flex"),
    )


def mobile_bar() -> rx.Component:
    return rx.hstack(
        rx.text(AdminState.shop_name, size="4", weight="bold", font_family="Georgia, serif"),
        rx.spacer(),
        language_switch(AdminState),
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("menu", size=18), t("nav.menu"), variant="soft", size="2")),
            rx.menu.content(
                *[rx.menu.item(t(key), on_click=rx.redirect(href)) for key, href, _ in NAV_ITEMS],
                rx.menu.separator(),
                rx.menu.item(t("admin.nav.storefront"), on_click=rx.redirect(routes.HOME)),
                rx.menu.item(t("admin.sign_out"), on_click=AdminState.sign_out),
            ),
        ),
        padding="0.75rem 1rem",
        border_bottom="1px solid var(--gray-a5)",
        width="100%",
        display=rx.breakpoints(initial="flex", sm="none"),
    )


def demo_password_banner() -> rx.Component:
    return rx.cond(
        AdminState.uses_demo_password,
        rx.callout(t("admin.demo_password_warning"), icon="shield_alert", color_scheme="amber", role="alert",
                   margin_bottom="1rem", width="100%"),
    )


def admin_layout(*content: rx.Component) -> rx.Component:
    body = rx.box(demo_password_banner(), *content, padding=rx.breakpoints(initial="1rem", md="2rem"),
                  width="100%", max_width="1200px")
    return rx.cond(
        AdminState.merchant_email != "",
        # The page body is rendered once; only the navigation changes with the screen width.
        rx.flex(
            live_marker(),
            sidebar(),
            rx.box(mobile_bar(), rx.el.main(body, width="100%"), width="100%", min_width="0"),
            lang=AdminState.language,
            ),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )


def admin_page(route: str, title_key: str, state: type[AdminState] = AdminState):
    """A back-office page: only rendered once the merchant session has been checked in the database.
    Its one on-load handler is `state.load_page`."""

    def decorator(render: Callable[[], rx.Component]):
        def page() -> rx.Component:
            return admin_layout(render())

        page.__name__ = render.__name__
        register(route, page, page_title(title_key, AdminState.shop_name), [state.load_page])
        return page

    return decorator


def page_heading(title_key: str) -> rx.Component:
    return rx.heading(t(title_key), as_="h1", size="7", margin_bottom="1.5rem")


def signed_out_card(state: type[AdminState], title_key: str, *body: rx.Component) -> rx.Component:
    """A back-office page for someone not signed in (sign-in, a staff invitation): one card on a grey page."""
    return rx.center(
        live_marker(),
        rx.card(
            rx.vstack(
                rx.text(state.shop_name, size="5", weight="bold", font_family="Georgia, serif"),
                rx.heading(t(title_key), as_="h1", size="6"),
                *body,
                rx.hstack(rx.link(t("admin.nav.storefront"), href=routes.HOME, size="2"), rx.spacer(),
                          language_switch(state), width="100%", align="center"),
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        min_height="100vh",
        padding="1rem",
        background="var(--gray-2)",
        lang=state.language,
    )
