"""The signed-in customer's area: the guard every account page runs, and sign-out."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.identity import signin
from shop.models import Customer
from shop.settings.store import PageSettings
from storefront.state.shop import ShopState


class AccountState(ShopState):
    email: str = ""
    can_order: bool = True
    # The account pages are an area (AppState.dict): other page loads leave them out.
    area_path: ClassVar[str] = routes.ACCOUNT
    _area_in_browser: bool = False

    def _guard(self, settings: PageSettings, customer: Customer | None):
        """Every account page needs a customer: a visitor goes to /login and comes back here afterwards."""
        return self._login_redirect() if customer is None else None

    def _load(self, db: Session, customer: Customer | None):
        self._show(email=customer.email, can_order=signin.can_order(db, customer))
        return self._load_account(db, customer)

    def _load_account(self, db: Session, customer: Customer):
        """The account page's own data, for a signed-in customer."""
        return None

    async def sign_out(self):
        token = self._session_token()
        self._work(lambda db: signin.sign_out(db, token))
        await self._forget_customer()
        return rx.redirect(routes.HOME)
