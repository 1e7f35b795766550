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
    # Read once per visit. The order rows are formatted in the visitor's language, again from the same
    # rows on a switch; the addresses' lines (cached by the address book) are kept in both.
    _orders: list[history.OrderSummary] = []
    _lines_by_lang: dict[str, dict[str, list[str]]] = {}

    @language_var
    def recent_orders(self) -> list[dict]:
        return [views.order_row(summary, self.language) for summary in self._orders]

    @language_var
    def billing_lines(self) -> list[str]:
        return self._lines_by_lang.get(self.language, {}).get("billing", [])

    @language_var
    def shipping_lines(self) -> list[str]:
        return self._lines_by_lang.get(self.language, {}).get("shipping", [])

    def _load_account(self, db: Session, customer: Customer):
        self._orders = history.list_orders(db, customer.id, limit=RECENT_ORDERS)
        billing, shipping = addresses.default_addresses(db, customer.id)
        self._lines_by_lang = {
            lang: {
                "billing": addresses.address_lines(billing, lang) if billing else [],
                "shipping": addresses.address_lines(shipping, lang) if shipping else [],
            }
            for lang in LANGUAGES
        }
