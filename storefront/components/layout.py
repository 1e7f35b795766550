"""The customer-facing shell: header with navigation and language switch, main area, footer."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.theme import CREAM, PAGE_MAX_WIDTH
from storefront.state.app import AppState, t
from storefront.state.shop import ShopState


def language_switch(state: type[AppState] = ShopState) -> rx.Component:
    """One button naming the other language, in that language (the usual shop pattern). `state` keeps
    the choice (the shop stores a signed-in customer's)."""
    return rx.button(
        rx.icon("globe", size=16),
        rx.cond(state.language == "en", "Français", "English"),
        on_click=state.set_language(state.other_language),
        lang=state.other_language,
        variant="ghost",
        color_scheme="gray",
        size="2",
    )


def cart_link(word_shown: bool = True) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("shopping-bag", size=18),
            rx.text(t("nav.cart")) if word_shown else rx.text(t("nav.cart"), class_name="visually-hidden"),
            rx.badge(ShopState.cart_count, variant="solid", radius="full"),
            spacing="2",
            align="center",
        ),
        href=routes.CART,
        color_scheme="gray",
        high_contrast=True,
        underline="none",
    )


def account_links() -> rx.Component:
    return rx.cond(
        ShopState.signed_in,
        rx.link(
            rx.hstack(rx.icon("circle-user", size=18), rx.text(t("nav.my_account")), spacing="2", align="center"),
            href=routes.ACCOUNT, color_scheme="gray", high_contrast=True,
        ),
        rx.hstack(
            rx.link(t("nav.sign_in"), href=routes.LOGIN, color_scheme="gray", high_contrast=True),
            # With registration disabled or members-only, accounts come from checkout or invitations.
            rx.cond(ShopState.registration_open,
                    rx.link(rx.button(t("nav.create_account"), size="2"), href=routes.SIGNUP)),
            spacing="4",
            align="center",
        ),
    )


@rx.memo
def shop_header() -> rx.Component:
    brand = rx.link(
        rx.text(ShopState.shop_name, size=rx.breakpoints(initial="5", sm="6"), weight="bold",
                font_family="Georgia, serif", white_space="nowrap"),
        href=routes.HOME,
        color_scheme="gray",
        high_contrast=True,
        underline="none",
    )
    desktop = rx.hstack(
        brand,
        rx.link(t("nav.catalogue"), href=routes.HOME, color_scheme="gray", high_contrast=True),
        rx.spacer(),
        cart_link(),
        account_links(),
        language_switch(),
        spacing="6",
        align="center",
        width="100%",
    )
    mobile = rx.hstack(
        brand,
        rx.spacer(),
        cart_link(word_shown=False),  # 375 px hold the brand, the bag and "Menu", not the word too
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("menu", size=18), t("nav.menu"), variant="soft", size="2")),
            rx.menu.content(
                rx.menu.item(t("nav.catalogue"), on_click=rx.redirect(routes.HOME)),
                rx.cond(
                    ShopState.signed_in,
                    rx.menu.item(t("nav.my_account"), on_click=rx.redirect(routes.ACCOUNT)),
                    rx.fragment(
                        rx.menu.item(t("nav.sign_in"), on_click=rx.redirect(routes.LOGIN)),
                        rx.cond(ShopState.registration_open,
                                rx.menu.item(t("nav.create_account"), on_click=rx.redirect(routes.SIGNUP))),
                    ),
                ),
                rx.menu.separator(),
                rx.menu.item(
                    rx.cond(ShopState.language == "en", "Français", "English"),
                    on_click=ShopState.set_language(ShopState.other_language),
                ),
            ),
        ),
        spacing="4",
        align="center",
        width="100%",
    )
    return rx.el.header(
        rx.box(
            rx.tablet_and_desktop(desktop),
            rx.mobile_only(mobile),
            max_width=PAGE_MAX_WIDTH,
            margin_x="auto",
            padding_x=["1rem", "1rem", "2rem"],
            padding_y="1rem",
        ),
        border_bottom="1px solid var(--gray-a5)",
        background="white",
        position="sticky",
        top="0",
        z_index="10",
    )


@rx.memo
def shop_footer() -> rx.Component:
    def column(title_key: str, *links: rx.Component) -> rx.Component:
        return rx.vstack(rx.text(t(title_key), weight="bold", size="2"), *links, spacing="2")

    def footer_link(key: str, href: str) -> rx.Component:
        return rx.link(t(key), href=href, size="2", color_scheme="gray")

    return rx.el.footer(
        rx.box(
            rx.flex(
                rx.vstack(
                    rx.text(ShopState.shop_name, size="5", weight="bold", font_family="Georgia, serif"),
                    rx.text(t("footer.tagline"), size="2", color_scheme="gray", max_width="320px"),
                    spacing="2",
                ),
                column("footer.shop", footer_link("nav.catalogue", routes.HOME), footer_link("nav.cart", routes.CART)),
                column(
                    "footer.account",
                    rx.cond(ShopState.signed_in, footer_link("nav.my_account", routes.ACCOUNT),
                            footer_link("nav.sign_in", routes.LOGIN)),
                    footer_link("footer.orders", routes.ACCOUNT_ORDERS),
                ),
                column(
                    "footer.help",
                    footer_link("footer.delivery", routes.legal_url("shipping-returns")),
                    footer_link("footer.returns", routes.legal_url("shipping-returns")),
                    rx.link(t("footer.contact"), href="mailto:" + ShopState.contact_email, size="2",
                            color_scheme="gray"),
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                justify="between",
                gap="2rem",
                width="100%",
            ),
            rx.separator(margin_y="1.5rem"),
            rx.flex(
                rx.text("© 2026 ", ShopState.shop_name, ". ", t("footer.rights"), size="1", color_scheme="gray"),
                rx.flex(
                    rx.link(t("legal.title.terms"), href=routes.legal_url("terms"), size="1", color_scheme="gray"),
                    rx.link(t("legal.title.notice"), href=routes.legal_url("notice"), size="1", color_scheme="gray"),
                    rx.link(t("legal.title.privacy"), href=routes.legal_url("privacy"), size="1",
                            color_scheme="gray"),
                    gap="1rem",
                    wrap="wrap",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                justify="between",
                gap="0.75rem",
                width="100%",
            ),
            max_width=PAGE_MAX_WIDTH,
            margin_x="auto",
            padding_x=["1rem", "1rem", "2rem"],
            padding_y="2.5rem",
        ),
        background=CREAM,
        margin_top="4rem",
    )


@rx.memo
def live_marker() -> rx.Component:
    """An empty element that says `data-live="false"` until the page is hydrated and its on-load work is
    done: styles.css keeps buttons from taking a click before then (a click there would be lost, or
    reload the page). It is its own small component, so the flag re-renders nothing else."""
    return rx.el.span(id="page-live", hidden=True, custom_attrs={"data-live": rx.cond(rx.State.is_hydrated, "true",
                                                                                           "false")})


def shop_layout(*content: rx.Component) -> rx.Component:
    return rx.box(
        live_marker(),
        rx.link(t("nav.skip"), href="#main", class_name="skip-link"),
        shop_header(),
        rx.el.main(
            *content,
            id="main",
            max_width=PAGE_MAX_WIDTH,
            margin_x="auto",
            padding_x=["1rem", "1rem", "2rem"],
            padding_top="2rem",
            min_height="60vh",
            width="100%",
        ),
        shop_footer(),
        lang=ShopState.language,
        min_height="100vh",
        display="flex",
        flex_direction="column",
    )
