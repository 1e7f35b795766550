"""The /account overview: the latest orders and the default addresses."""

from __future__ import annotations

from sqlmodel import Session

from shop.customers import addresses
from shop.i18n import LANGUAGES
from shop.models import Customer
from shop.orders import history
from storefront import views
from storefront.state.account import AccountState
from storefront.state.app import language_var

RECENT_ORDERS = 3


class OverviewState(AccountState):
    _by_lang: dict[str, dict] = {}

    @language_var
    def recent_orders(self) -> list[dict]:
        return self._by_lang.get(self.language, {}).get("orders", [])

    @language_var
    def billing_lines(self) -> list[str]:
        return self._by_lang.get(self.language, {}).get("billing", [])

    @language_var
    def shipping_lines(self) -> list[str]:
        return self._by_lang.get(self.language, {}).get("shipping", [])

    def _load_account(self, db: Session, customer: Customer):
        orders = history.list_orders(db, customer.id, limit=RECENT_ORDERS)
        billing, shipping = addresses.default_addresses(db, customer.id)
        self._by_lang = {
            lang: {
                "orders": [views.order_row(summary, lang) for summary in orders],
                "billing": addresses.address_lines(billing, lang) if billing else [],
                "shipping": addresses.address_lines(shipping, lang) if shipping else [],
            }
            for lang in LANGUAGES
        }
