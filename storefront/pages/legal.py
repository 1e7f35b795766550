"""/legal/<page>: one readable column of text."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.templates import loading, page_heading, shop_page
from storefront.state.app import t, t_dynamic
from storefront.state.legal import LegalState


@shop_page(routes.LEGAL, "page.legal", state=LegalState,
           title=rx.cond(LegalState.page != "", t_dynamic("legal.title.", LegalState.page),
                         t("legal.not_found")) + " · " + LegalState.shop_name)
def legal_page() -> rx.Component:
    return rx.cond(
        ~LegalState.loaded,
        loading(),
        rx.cond(
            LegalState.page != "",
            rx.el.article(
                rx.vstack(
                    page_heading(t_dynamic("legal.title.", LegalState.page)),
                    rx.foreach(LegalState.paragraphs, lambda paragraph: rx.text(paragraph, size="3",
                                                                                 line_height="1.7")),
                    spacing="4",
                    max_width="720px",
                ),
            ),
            rx.vstack(
                rx.heading(t("legal.not_found"), as_="h1", size="7"),
                rx.link(rx.button(t("page.back_home")), href=routes.HOME),
                spacing="4",
                padding_y="3rem",
            ),
        ),
    )
