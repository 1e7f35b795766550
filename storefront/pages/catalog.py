"""The catalogue: the product grid on the home page and the product page."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components import plain
from storefront.components.forms import submit_button
from storefront.components.templates import shop_page
from storefront.state.app import t, t_dynamic, t_format
from storefront.state.catalog import CatalogState, ProductCartState, ProductState, StockAlertState
from storefront.state.shop import ShopState
from storefront.state.wishlist import ProductWishlistState

PLACEHOLDER_CARDS = 8


def stock_badge(in_stock: rx.Var, label: rx.Var) -> rx.Component:
    return rx.badge(label, color_scheme=rx.cond(in_stock, "grass", "gray"), variant="soft")


def product_card(card: rx.Var) -> rx.Component:
    """A card of the grid, as plain elements wearing Radix Themes' own classes (the stylesheet is Radix's, so
    it looks exactly like rx.card, rx.text and rx.heading). The home page renders its cards in one update
    when its data arrives; as Radix components each card was a dozen React components, and that update
    was the longest task of the page on a phone."""
    return plain.link(
        rx.el.div(
            rx.el.div(
                rx.el.img(src=card["image"], alt=card["name"], class_name="product-card-image"),
                class_name="rt-Inset rt-r-side-top rt-r-clip-border-box rt-r-pb-inset",
            ),
            rx.el.div(
                rx.el.p(card["category"], class_name="rt-Text rt-r-size-1 product-card-category",
                        data_accent_color="gray"),
                rx.el.h3(card["name"], class_name="rt-Heading rt-r-size-3 rt-r-weight-medium"),
                rx.el.div(
                    rx.el.p(card["price"], class_name="rt-Text rt-r-size-3 rt-r-weight-bold"),
                    rx.cond(~card["in_stock"].to(bool), stock_badge(card["in_stock"], card["stock_label"])),
                    class_name="rt-Flex rt-r-fd-row rt-r-ai-center rt-r-jc-space-between rt-r-gap-3 "
                               "product-card-footer",
                ),
                class_name="rt-Flex rt-r-fd-column rt-r-ai-start rt-r-gap-1",
            ),
            class_name="rt-reset rt-BaseCard rt-Card rt-r-size-1 rt-variant-surface product-card",
        ),
        href="/products/" + card["slug"].to(str),
        underline="none",
        high_contrast=True,
    )


def hero() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading(t("home.title"), as_="h1", size=rx.breakpoints(initial="7", md="9"),
                       font_family="Georgia, serif", weight="regular"),
            rx.text(t("home.subtitle"), size=rx.breakpoints(initial="3", md="5"), color_scheme="gray",
                    max_width="560px"),
            rx.link(rx.button(t("home.cta"), size="3"), href="#collection"),
            spacing="4",
            align="start",
        ),
        background="linear-gradient(120deg, #efe9df 0%, #e4ebe2 100%)",
        border_radius="16px",
        padding=rx.breakpoints(initial="2rem 1.5rem", md="4rem 3.5rem"),
    )


def page_link(key: str, page: rx.Var, icon: str) -> rx.Component:
    """A real link (`/?page=2`): it works before the page is live, and a QA script or a bookmark can open it."""
    return rx.link(rx.hstack(rx.icon(icon, size=16), rx.text(t(key), size="2"), align="center", spacing="1"),
                   href="/?" + CatalogState.filter_query + "page=" + page.to(str) + "#collection", underline="hover")


def pagination() -> rx.Component:
    return rx.el.nav(
        rx.hstack(
            rx.cond(CatalogState.page > 1, page_link("home.previous", CatalogState.page - 1, "chevron-left")),
            rx.text(t_format("home.page_of", page=CatalogState.page.to(str), pages=CatalogState.pages.to(str)),
                    size="2", color_scheme="gray"),
            rx.cond(CatalogState.page < CatalogState.pages,
                    page_link("home.next", CatalogState.page + 1, "chevron-right")),
            spacing="5",
            align="center",
            justify="center",
            width="100%",
        ),
        aria_label=t("home.pages"),
        width="100%",
    )


def category_chip(label: rx.Var, href: rx.Var | str, active: rx.Var) -> rx.Component:
    return rx.link(rx.badge(label, size="2", radius="full", variant=rx.cond(active, "solid", "surface"),
                            color_scheme=rx.cond(active, "grass", "gray"), padding="0.35rem 0.8rem",
                            high_contrast=active),  # white on the plain green is below 4.5:1
                   href=href, underline="none", aria_current=rx.cond(active, "page", "false"))


def filters() -> rx.Component:
    """Categories as plain links and a search box that submits natively: both work before the page is
    live, and a QA script or a bookmark can open any of them."""
    return rx.flex(
        rx.el.nav(
            rx.flex(
                category_chip(t("home.all_categories"), "/#collection", CatalogState.category == ""),
                rx.foreach(CatalogState.category_codes,
                           lambda code: category_chip(t_dynamic("category.", code),
                                                      "/?category=" + code + "#collection",
                                                      CatalogState.category == code)),
                wrap="wrap",
                gap="2",
            ),
            aria_label=t("home.categories"),
            # The chips come with the page's data: their row keeps its phone height from the start, so the
            # search box below does not jump when they arrive.
            min_height=rx.breakpoints(initial="4.5rem", md="auto"),
        ),
        rx.el.form(
            rx.flex(
                rx.el.label(t("home.search_label"), html_for="catalogue-search", class_name="visually-hidden"),
                rx.input(id="catalogue-search", name="q", type="search", default_value=CatalogState.search,
                         placeholder=t("home.search_placeholder"), max_length=100, size="2", width="100%"),
                rx.button(rx.icon("search", size=16), t("home.search"), type="submit", size="2", variant="soft"),
                gap="2",
                align="center",
            ),
            action="/#collection",
            method="get",
            on_submit=CatalogState.search_for,
            reset_on_submit=False,
            role="search",
            width=rx.breakpoints(initial="100%", md="320px"),
        ),
        justify="between",
        align=rx.breakpoints(initial="stretch", md="center"),
        direction=rx.breakpoints(initial="column", md="row"),
        gap="3",
        width="100%",
    )


@shop_page(routes.HOME, "home.products_heading", state=CatalogState)
def home() -> rx.Component:
    return rx.vstack(
        hero(),
        rx.hstack(
            rx.heading(t("home.products_heading"), as_="h2", size="6", id="collection"),
            rx.text(t_format("home.product_count", count=CatalogState.total.to(str)), color_scheme="gray", size="2"),
            justify="between",
            align="baseline",
            width="100%",
            padding_top="1rem",
        ),
        filters(),
        rx.cond(
            CatalogState.loaded & (CatalogState.cards.length() == 0),
            rx.cond(
                CatalogState.search != "",
                rx.callout(rx.text(t_format("home.no_match", search="“" + CatalogState.search + "”"), " ",
                                   rx.link(t("home.show_everything"), href="/#collection")), icon="search"),
                rx.callout(t("home.empty"), icon="info"),
            ),
        ),
        rx.grid(
            rx.cond(
                CatalogState.loaded,
                rx.foreach(CatalogState.cards, product_card),
                # Until the data comes, cards of the final size hold the place: nothing below moves.
                rx.fragment(*[rx.box(class_name="product-card-placeholder") for _ in range(PLACEHOLDER_CARDS)]),
            ),
            columns=rx.breakpoints(initial="2", sm="3", lg="4"),
            spacing=rx.breakpoints(initial="3", md="5"),
            width="100%",
        ),
        rx.cond(CatalogState.pages > 1, pagination()),
        spacing="5",
        width="100%",
    )


def product_details() -> rx.Component:
    product = ProductState.product
    return rx.grid(
        rx.box(
            rx.image(src=product["image"], alt=product["image_alt"], width="100%", aspect_ratio="1",
                     object_fit="cover", border_radius="12px"),
        ),
        rx.vstack(
            rx.text(product["category"], size="2", color_scheme="gray", text_transform="uppercase",
                    letter_spacing="0.06em"),
            rx.heading(product["name"], as_="h1", size=rx.breakpoints(initial="7", md="8"),
                       font_family="Georgia, serif", weight="regular"),
            rx.text(product["price"], size="6", weight="bold"),
            stock_badge(product["in_stock"], product["stock_label"]),
            rx.text(product["description"], size="3", line_height="1.7"),
            add_to_cart_form(),
            rx.cond(
                ShopState.wishlist_enabled,
                rx.button(
                    rx.icon("heart", size=16, fill=rx.cond(ProductWishlistState.in_wishlist, "currentColor", "none")),
                    rx.cond(ProductWishlistState.in_wishlist, t("wishlist.remove_button"), t("wishlist.add_button")),
                    on_click=ProductWishlistState.toggle_wishlist,
                    variant="outline",
                    size="3",
                ),
            ),
            rx.separator(),
            rx.data_list.root(
                rx.data_list.item(
                    rx.data_list.label(t("product.sku")),
                    rx.data_list.value(product["sku"]),
                ),
            ),
            rx.cond(  # a sold-out product promises no delivery: its alert card says when it is back
                product["in_stock"].to(bool),
                rx.hstack(rx.icon("truck", size=16), rx.text(t("product.delivery_note"), size="2", color_scheme="gray"),
                          align="center"),
            ),
            rx.link(rx.hstack(rx.icon("arrow-left", size=16), t("product.back"), align="center"),
                    href=routes.HOME, size="2"),
            spacing="4",
            align="start",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="8",
        width="100%",
    )


def stock_alert_form() -> rx.Component:
    """A sold-out product: "Email me when it is back" instead of "Add to cart"."""
    this_product = StockAlertState.alert_slug == ProductState.shown_slug
    return rx.card(
        rx.cond(
            (StockAlertState.alert_done != "") & this_product,
            rx.text(StockAlertState.alert_done, size="2", role="status"),
            rx.form(
                rx.vstack(
                    rx.text(t("product.notify_title"), weight="medium", size="3"),
                    rx.text(t("product.notify_intro"), size="2", color_scheme="gray"),
                    rx.el.label(t("product.notify_email"), html_for="stock-alert-email", font_weight="500",
                                font_size="14px"),
                    rx.input(id="stock-alert-email", name="email", type="email", required=True, max_length=254,
                             auto_complete="email", size="3", width="100%"),
                    rx.cond((StockAlertState.alert_error != "") & this_product,
                            rx.text(StockAlertState.alert_error, color_scheme="red", size="2", role="alert")),
                    submit_button(rx.hstack(rx.icon("bell", size=16), t("product.notify_me"), align="center")),
                    spacing="2",
                    width="100%",
                ),
                on_submit=StockAlertState.ask_stock_alert,
                reset_on_submit=False,
            ),
        ),
        width="100%",
    )


def add_to_cart_form() -> rx.Component:
    """Quantity and "Add to cart"; a sold-out product offers an alert instead."""
    product = ProductState.product
    return rx.cond(
        product["in_stock"].to(bool),
        rx.form(
            rx.vstack(
                rx.hstack(
                    rx.vstack(
                        rx.el.label(t("cart.quantity"), html_for="product-quantity", font_weight="500",
                                    font_size="14px"),
                        rx.input(id="product-quantity", name="quantity", type="number", default_value="1",
                                 min="1", max=product["max_quantity"].to(str), required=True, size="3",
                                 width="6rem", input_mode="numeric"),
                        spacing="1",
                    ),
                    submit_button(rx.hstack(rx.icon("shopping-bag", size=16), t("cart.add"), align="center")),
                    align="end",
                    spacing="3",
                ),
                rx.cond(ProductCartState.cart_error != "",
                        rx.text(ProductCartState.cart_error, color_scheme="red", size="2", role="alert")),
                spacing="2",
            ),
            on_submit=ProductCartState.add_to_cart,
            reset_on_submit=False,
        ),
        stock_alert_form(),
    )


def product_not_found() -> rx.Component:
    return rx.vstack(
        rx.heading(t("product.not_found_title"), as_="h1", size="7"),
        rx.text(t("product.not_found_body"), color_scheme="gray"),
        rx.link(rx.button(t("product.back")), href=routes.HOME),
        spacing="4",
        padding_y="3rem",
    )


@shop_page(routes.PRODUCT, "home.products_heading", state=ProductWishlistState,
           title=rx.cond(ProductState.found, ProductState.product["name"].to(str),
                         t("product.not_found_title")) + " · " + ProductState.shop_name)
def product_page() -> rx.Component:
    return rx.cond(
        ProductState.loaded & (ProductState.shown_slug == rx.State.slug),
        rx.cond(ProductState.found, product_details(), product_not_found()),
        rx.center(rx.spinner(size="3"), padding_y="6rem", aria_label=t("product.loading")),
    )
