"""The signed-in customer's area: the guard every account page runs, the overview and sign-out."""

from __future__ import annotations

import reflex as rx

from shop import routes
from shop.identity import signin
from storefront.state.shop import ShopState


class AccountState(ShopState):
    email: str = ""
    can_order: bool = True

    async def require_customer(self):
        """On load of every account page: a visitor goes to /login and comes back here afterwards."""
        with rx.session() as db:
            customer = self._current_customer(db)
            if customer is not None:
                self._show(email=customer.email, customer_first_name=customer.first_name,
                           can_order=signin.can_order(db, customer))
            db.commit()
        if customer is None:
            await self._forget_customer()
            return self._login_redirect()

    async def sign_out(self):
        with rx.session() as db:
            signin.sign_out(db, self._session_token())
            db.commit()
        await self._forget_customer()
        return rx.redirect(routes.HOME)
