"""/cart: the lines, their quantities and prices, the totals, and the way to the checkout."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.templates import loading, page_heading, shop_page
from storefront.state.app import t, t_format
from storefront.state.cart import CartState


def merge_notice(state) -> rx.Component:
    """Said once after a sign-in brought back lines of an earlier visit: nothing comes in silently."""
    return rx.cond(
        state.cart_merged_lines > 0,
        rx.callout(t_format("cart.merged", count=state.cart_merged_lines.to(str)), icon="info", width="100%",
                   role="status"),
    )


def quantity_select(line: rx.Var) -> rx.Component:
    """A quantity picker from 1 to what is left (at most 99): a phone shows its own wheel."""
    select_id = "quantity-" + line["product_id"].to(str)
    return rx.el.select(
        rx.foreach(rx.Var.range(1, line["max"].to(int) + 1),
                   lambda n: rx.el.option(n.to(str), value=n.to(str))),
        id=select_id,
        value=line["quantity"].to(str),
        aria_label=t_format("cart.quantity_of", name=line["name"].to(str)),
        on_change=lambda value: CartState.set_quantity(line["product_id"].to(int), value),
        disabled=~rx.State.is_hydrated,
        class_name="native-select quantity-select",
    )


def cart_line(line: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.link(line["name"], href="/products/" + line["slug"].to(str), weight="medium", size="3",
                        color_scheme="gray", high_contrast=True),
                rx.text(line["unit_price"], size="2", color_scheme="gray"),
                rx.cond(line["price_changed"] != "", rx.text(line["price_changed"], size="2", color_scheme="amber")),
                rx.cond(line["short"] != "", rx.text(line["short"], size="2", color_scheme="red", role="alert")),
                spacing="1",
                flex="1",
                min_width="0",
            ),
            rx.vstack(
                rx.text(line["total"], weight="bold", size="3"),
                rx.hstack(
                    quantity_select(line),
                    rx.button(rx.icon("trash-2", size=16), t("cart.remove"), variant="ghost", color_scheme="gray",
                              size="2", aria_label=t_format("cart.remove_named", name=line["name"].to(str)),
                              on_click=CartState.remove(line["product_id"].to(int)),
                              disabled=~rx.State.is_hydrated),
                    align="center",
                    spacing="3",
                ),
                align="end",
                spacing="2",
            ),
            justify="between",
            align="start",
            width="100%",
            spacing="4",
        ),
        padding_y="1rem",
        border_bottom="1px solid var(--gray-a5)",
        width="100%",
    )


def totals(view: rx.Var) -> rx.Component:
    def row(label: rx.Var, value: rx.Var, strong: bool = False) -> rx.Component:
        return rx.hstack(rx.text(label, size="3" if strong else "2", weight="bold" if strong else "regular"),
                         rx.text(value, size="3" if strong else "2", weight="bold" if strong else "regular"),
                         justify="between", width="100%")

    return rx.vstack(
        row(t("cart.subtotal"), view["subtotal"].to(str)),
        row(t("cart.shipping"), view["shipping"].to(str)),
        rx.separator(),
        row(t("cart.total"), view["total"].to(str), strong=True),
        rx.text(view["vat_label"].to(str) + " " + view["vat"].to(str), size="1", color_scheme="gray"),
        rx.cond(view["tax_note"].to(str) != "", rx.text(view["tax_note"].to(str), size="2", color_scheme="gray")),
        rx.cond(view["prices_for"].to(str) != "", rx.text(view["prices_for"].to(str), size="1", color_scheme="gray")),
        spacing="2",
        width="100%",
    )


def empty_cart() -> rx.Component:
    return rx.vstack(
        rx.icon("shopping-bag", size=40, color="var(--gray-9)"),
        rx.text(t("cart.empty"), size="4", weight="medium"),
        rx.text(t("cart.empty_hint"), size="2", color_scheme="gray", max_width="420px", text_align="center"),
        rx.link(rx.button(t("cart.continue"), size="3"), href=routes.HOME),
        align="center",
        spacing="3",
        padding_y="3rem",
        width="100%",
    )


@shop_page(routes.CART, "page.cart", state=CartState)
def cart_page() -> rx.Component:
    view = CartState.view
    return rx.vstack(
        page_heading(t("page.cart")),
        merge_notice(CartState),
        rx.cond(CartState.error != "", rx.callout(CartState.error, icon="triangle_alert", color_scheme="red",
                                                   role="alert", width="100%")),
        rx.cond(
            ~CartState.loaded,
            loading(),
            rx.cond(
                CartState.lines.length() == 0,
                empty_cart(),
                rx.grid(
                    rx.box(rx.foreach(CartState.lines, cart_line), width="100%"),
                    rx.card(
                        rx.vstack(
                            totals(view),
                            rx.link(rx.button(t("cart.checkout"), size="3", width="100%"), href=routes.CHECKOUT,
                                    width="100%"),
                            rx.link(t("cart.continue"), href=routes.HOME, size="2"),
                            spacing="4",
                            align="center",
                            width="100%",
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", md="3fr 2fr"),
                    spacing="6",
                    width="100%",
                    align_items="start",
                ),
            ),
        ),
        spacing="5",
        width="100%",
    )
