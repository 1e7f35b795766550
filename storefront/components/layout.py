"""The customer-facing shell: header with navigation and language switch, main area, footer."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components import plain
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


# The header and footer read the shell's vars (`ShopState`) only through the small components below: Reflex
# re-renders every component that reads a var of a state whenever any var of that state changes (a sign-in,
# a cart line, a cookie), and the header and footer as a whole hold a score of links.


@rx.memo
def shop_name() -> rx.Component:
    return rx.fragment(ShopState.shop_name)


@rx.memo
def cart_count_badge() -> rx.Component:
    return plain.badge(ShopState.cart_count)


def cart_link(word_shown: bool = True) -> rx.Component:
    return plain.link(
        plain.stack(
            rx.icon("shopping-bag", size=18),
            plain.text(t("nav.cart"), class_name="" if word_shown else "visually-hidden"),
            cart_count_badge(),
            align="center",
            gap="2",
        ),
        href=routes.CART,
        underline="none",
        high_contrast=True,
    )


@rx.memo
def account_links() -> rx.Component:
    return rx.cond(
        ShopState.signed_in,
        plain.link(
            plain.stack(rx.icon("circle-user", size=18), plain.text(t("nav.my_account")), align="center", gap="2"),
            href=routes.ACCOUNT, high_contrast=True,
        ),
        plain.stack(
            plain.link(t("nav.sign_in"), href=routes.LOGIN, high_contrast=True),
            # With registration disabled or members-only, accounts come from checkout or invitations.
            rx.cond(ShopState.registration_open,
                    plain.link(rx.button(t("nav.create_account"), size="2"), href=routes.SIGNUP, color="")),
            align="center",
            gap="4",
        ),
    )


@rx.memo
def account_menu_items() -> rx.Component:
    return rx.cond(
        ShopState.signed_in,
        rx.menu.item(t("nav.my_account"), on_click=rx.redirect(routes.ACCOUNT)),
        rx.fragment(
            rx.menu.item(t("nav.sign_in"), on_click=rx.redirect(routes.LOGIN)),
            rx.cond(ShopState.registration_open,
                    rx.menu.item(t("nav.create_account"), on_click=rx.redirect(routes.SIGNUP))),
        ),
    )


@rx.memo
def shop_header() -> rx.Component:
    brand = plain.link(plain.text(shop_name(), size="5 sm:6", weight="bold", class_name="serif brand-name"),
                       href=routes.HOME, underline="none", high_contrast=True)
    desktop = plain.stack(
        brand,
        plain.link(t("nav.catalogue"), href=routes.HOME, high_contrast=True),
        plain.spacer(),
        cart_link(),
        account_links(),
        language_switch(),
        align="center",
        gap="6",
        class_name="full-width",
    )
    mobile = plain.stack(
        brand,
        plain.spacer(),
        cart_link(word_shown=False),  # 375 px hold the brand, the bag and "Menu", not the word too
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("menu", size=18), t("nav.menu"), variant="soft", size="2")),
            rx.menu.content(
                rx.menu.item(t("nav.catalogue"), on_click=rx.redirect(routes.HOME)),
                account_menu_items(),
                rx.menu.separator(),
                rx.menu.item(
                    rx.cond(ShopState.language == "en", "Français", "English"),
                    on_click=ShopState.set_language(ShopState.other_language),
                ),
            ),
        ),
        align="center",
        gap="4",
        class_name="full-width",
    )
    return rx.el.header(
        rx.el.div(rx.el.div(desktop, class_name="only-wide"), rx.el.div(mobile, class_name="only-phone"),
                  class_name="rt-Box shell-width shop-header-bar"),
        class_name="shop-header",
    )


@rx.memo
def footer_account_link() -> rx.Component:
    return rx.cond(ShopState.signed_in, plain.link(t("nav.my_account"), href=routes.ACCOUNT, size="2"),
                   plain.link(t("nav.sign_in"), href=routes.LOGIN, size="2"))


@rx.memo
def footer_contact_link() -> rx.Component:
    return plain.link(t("footer.contact"), href="mailto:" + ShopState.contact_email, size="2")


@rx.memo
def shop_footer() -> rx.Component:
    def column(title_key: str, *links: rx.Component) -> rx.Component:
        return plain.stack(plain.text(t(title_key), weight="bold", size="2"), *links, direction="column",
                           align="start", gap="2")

    def footer_link(key: str, href: str | rx.Var, size: str = "2") -> rx.Component:
        return plain.link(t(key), href=href, size=size)

    return rx.el.footer(
        rx.el.div(
            plain.stack(
                plain.stack(
                    plain.text(shop_name(), size="5", weight="bold", class_name="serif"),
                    plain.text(t("footer.tagline"), size="2", color="gray", class_name="footer-tagline"),
                    direction="column",
                    align="start",
                    gap="2",
                ),
                column("footer.shop", footer_link("nav.catalogue", routes.HOME), footer_link("nav.cart", routes.CART)),
                column(
                    "footer.account",
                    footer_account_link(),
                    footer_link("footer.orders", routes.ACCOUNT_ORDERS),
                ),
                column(
                    "footer.help",
                    footer_link("footer.delivery", routes.legal_url("shipping-returns")),
                    footer_link("footer.returns", routes.legal_url("shipping-returns")),
                    footer_contact_link(),
                ),
                direction="column sm:row",
                justify="between",
                class_name="footer-columns",
            ),
            rx.el.span(class_name="rt-Separator rt-r-orientation-horizontal rt-r-size-4 footer-separator",
                       data_accent_color="gray"),
            plain.stack(
                plain.text("© 2026 ", shop_name(), ". ", t("footer.rights"), size="1", color="gray"),
                plain.stack(
                    footer_link("legal.title.terms", routes.legal_url("terms"), size="1"),
                    footer_link("legal.title.notice", routes.legal_url("notice"), size="1"),
                    footer_link("legal.title.privacy", routes.legal_url("privacy"), size="1"),
                    wrap="wrap",
                    class_name="footer-legal",
                ),
                direction="column sm:row",
                justify="between",
                class_name="footer-bottom",
            ),
            class_name="rt-Box shell-width shop-footer-inner",
        ),
        class_name="shop-footer",
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
        rx.el.main(*content, id="main", class_name="shell-width shop-main"),
        shop_footer(),
        lang=ShopState.language,
        min_height="100vh",
        display="flex",
        flex_direction="column",
    )
