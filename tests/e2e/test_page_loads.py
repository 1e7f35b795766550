"""What a page load sends (issue 16): the account pages and the back-office are areas that page loads
elsewhere leave out (storefront/state/app.py), and that are sent whole when one of their pages opens,
by a page load or by a move inside the tab. Over the event socket, as a browser tab talks to the shop."""

from backoffice.state.auth import AdminState
from storefront.state.account import AccountState
from storefront.state.app import AppState, area_classes, is_area_root, is_under
from storefront.state.catalog import CatalogState
from storefront.state.reset import subtree_classes
from storefront.state.shop import ShopState
from storefront.state.wishlist import WishlistState
from tests.e2e.helpers import create_customer, session_token_for
from tests.support.reflex_socket import ON_LOAD, ReflexSocket, compiled_state_hashes
from tests.support.shop_server import PROJECT_ROOT


def _area_names(area) -> set[str]:
    """The states of an area that have vars a page can show."""
    return {cls.get_full_name() for cls in subtree_classes(area)
            if cls.base_vars or any(not var._backend for var in cls.computed_vars.values())}


def _first_load(shop, token: str, path: str) -> ReflexSocket:
    """A browser opening `path`: it holds the compiled defaults and says so with their hashes."""
    return ReflexSocket(shop["url"], client_vars={f"{ShopState.get_full_name()}.browser_token_rx_state_": token},
                        path=path, state_hashes=compiled_state_hashes(PROJECT_ROOT))


def test_a_page_outside_the_areas_leaves_them_out_and_a_move_into_the_account_sends_it_whole(shop, shop_db):
    customer = create_customer(shop_db, "areas", first_name="Inès")
    tab = _first_load(shop, session_token_for(shop_db, customer.id), "/")
    areas = [cls for cls in subtree_classes(AppState) if is_area_root(cls) and not is_under("/", cls.area_path)]
    assert len(areas) >= 2  # all but the catalogue's, whose page this is
    for area in areas:
        assert _area_names(area).isdisjoint(tab.snapshot), area.__name__
    assert tab.snapshot[ShopState.get_full_name()]["signed_in_rx_state_"] is True  # the shell is sent

    # A click on "My account": the browser moves without a page load, and runs the page's on-load.
    sent: dict = {}

    def account_arrived(delta: dict) -> bool:
        for state, values in delta.items():
            sent.setdefault(state, {}).update(values)
        return sent.get(AccountState.get_full_name(), {}).get("email_rx_state_") == customer.email

    tab.send(ON_LOAD, path="/account")
    tab.wait_for(account_arrived)
    tab.close()
    # The account's own states; the account pages that are areas of their own wait for their pages.
    overview_states = _area_names(AccountState) & {cls.get_full_name() for cls in area_classes(AccountState,
                                                                                           {AccountState})}
    assert overview_states <= sent.keys(), sorted(overview_states - sent.keys())
    assert WishlistState.get_full_name() not in sent
    assert _area_names(AdminState).isdisjoint(sent)


def test_a_page_load_inside_the_account_sends_it(shop, shop_db):
    customer = create_customer(shop_db, "areas-direct", first_name="Inès")
    tab = _first_load(shop, session_token_for(shop_db, customer.id), "/account")
    account = AccountState.get_full_name()

    def account_shown(delta: dict) -> bool:
        for state, values in delta.items():
            tab.snapshot.setdefault(state, {}).update(values)
        return tab.snapshot.get(account, {}).get("email_rx_state_") == customer.email

    if not account_shown({}):  # the page's own on-load follows the page load by itself
        tab.wait_for(account_shown)
    tab.close()
    assert _area_names(AdminState).isdisjoint(tab.snapshot)
    assert _area_names(CatalogState).isdisjoint(tab.snapshot)  # the home page's alone


def test_a_move_from_one_account_page_to_another_sends_the_page_that_was_left_out(shop, shop_db):
    """The wishlist is an area inside the account's: the account overview's page load leaves it out, and the
    move to it sends it."""
    customer = create_customer(shop_db, "areas-inner", first_name="Inès")
    tab = _first_load(shop, session_token_for(shop_db, customer.id), "/account")
    assert WishlistState.get_full_name() not in tab.snapshot
    sent: dict = {}

    def wishlist_arrived(delta: dict) -> bool:
        for state, values in delta.items():
            sent.setdefault(state, {}).update(values)
        return "items_rx_state_" in sent.get(WishlistState.get_full_name(), {})

    tab.send(ON_LOAD, path="/account/wishlist")
    tab.wait_for(wishlist_arrived)
    tab.close()
    assert sent[WishlistState.get_full_name()]["items_rx_state_"] == []
