"""/login/social/<provider>/callback: where a provider sends the visitor back; its on-load finishes the sign-in."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.forms import auth_card
from storefront.components.social import social_code_form
from storefront.components.templates import shop_page
from storefront.state.app import t
from storefront.state.social import SocialCallbackState


@shop_page(routes.LOGIN_SOCIAL_CALLBACK, "page.social_callback", state=SocialCallbackState)
def social_callback_page() -> rx.Component:
    return auth_card(
        "page.social_callback",
        rx.cond(
            SocialCallbackState.code_email != "",
            social_code_form(),
            rx.hstack(rx.spinner(size="2"), rx.text(t("social.callback.working"), color_scheme="gray"),
                      align="center", role="status"),
        ),
    )
