"""Areas (storefront/state/app.py): the back-office and the account pages are left out of page loads
elsewhere, and sent whole when one of their pages opens. These tests check the two things that make
leaving them out safe: only an area's own pages show its states, and each of those pages loads through a
handler of the area, which sends it when page loads left it out."""

import pytest
from reflex.state import State

import storefront.storefront  # noqa: F401  (imports every page module)
from backoffice.state.auth import AdminState
from storefront.state.account import AccountState
from storefront.state.app import AppState, is_area_root, is_under
from storefront.state.orders import OrdersState
from storefront.state.reset import subtree_classes
from storefront.state.shop import ShopState
from storefront.state.wishlist import WishlistState
from tests.helpers import run_coroutine, states_read

APP = storefront.storefront.app
# Every area's root state: the ones that declare the path their pages live under.
AREAS = [cls for cls in subtree_classes(AppState) if is_area_root(cls)]


def _areas_of(state_name: str) -> list[type[AppState]]:
    """The areas a state is in (an account page's area is inside the account's)."""
    return [area for area in AREAS if any(cls.get_full_name() == state_name for cls in subtree_classes(area))]


PAGES = sorted(APP._unevaluated_pages.items())


@pytest.mark.parametrize(("route", "page"), PAGES, ids=[route for route, _ in PAGES])
def test_only_an_areas_own_pages_show_its_states_and_they_load_through_the_area(route, page):
    shown_areas = {area for name in states_read(page.component()) for area in _areas_of(name)}
    path = "/" if route == "index" else route  # Reflex names the home page's route "index"
    for area in shown_areas:
        assert is_under(path, area.area_path), f"/{route} shows {area.__name__}'s states outside {area.area_path}"
        loaders = [handler.fn.__qualname__.split(".")[0] for handler in page.on_load or []]
        area_classes = {cls.__name__ for cls in subtree_classes(area)}
        assert any(name in area_classes for name in loaders), \
            f"/{route} shows {area.__name__}'s states but loads through {loaders}, outside the area"


def test_the_back_office_and_the_account_are_areas():
    from storefront.state.catalog import CatalogState

    assert {AdminState, AccountState, CatalogState} <= set(AREAS)


def test_the_catalogues_area_is_the_home_page_alone():
    """The catalogue's area path is "/": only the home page is under it, not every page."""
    assert is_under("/", "/") and is_under("", "/")  # "" (no page known) sends more, never less
    assert not any(is_under(path, "/") for path in ("/account", "/products/mug", "/cart", "//x"))


def test_the_check_above_sees_a_page_outside_the_area_that_shows_its_states():
    """The control: the admin dashboard's page shows back-office states, and it is on the admin path."""
    route, page = next((r, p) for r, p in PAGES if r == "admin")
    assert AdminState in {area for name in states_read(page.component()) for area in _areas_of(name)}
    assert not is_under("checkout", AdminState.area_path) and is_under(route, AdminState.area_path)


def test_a_page_load_outside_the_areas_leaves_them_out_but_a_compile_gets_every_state():
    root = State(_reflex_internal_init=True)
    loaded = root.dict()
    compiled = State(_reflex_internal_init=True).dict(initial=True)
    for area in AREAS:
        names = {cls.get_full_name() for cls in subtree_classes(area)}
        assert names.isdisjoint(loaded), f"{area.__name__} was serialised for a page outside it"
        assert names <= compiled.keys()
    assert AppState.get_full_name() in loaded  # the shell is always sent


def test_an_area_inside_another_is_left_out_until_its_own_page():
    """The account's area is in the browser (an account page was shown); the wishlist's is not yet."""
    root = State(_reflex_internal_init=True)
    account = root.get_substate(AccountState.get_full_name().split(".")[1:])
    wishlist = root.get_substate(WishlistState.get_full_name().split(".")[1:])
    account._area_in_browser = True
    loaded = root.dict()
    assert AccountState.get_full_name() in loaded
    assert WishlistState.get_full_name() not in loaded and wishlist._area_in_browser is False


def _made(state) -> set[type]:
    """The classes of the states made in a tab's tree."""
    return {type(state)}.union(*(_made(substate) for substate in state.substates.values()))


BACK_OFFICE = set(subtree_classes(AdminState))


IN_AREAS = {cls for area in AREAS for cls in subtree_classes(area)}


def test_a_new_tab_makes_no_area_and_no_back_office_state_until_one_is_asked_for():
    root = State(_reflex_internal_init=True)
    assert ShopState in _made(root) and not (BACK_OFFICE | IN_AREAS) & _made(root)
    root._reset_client_storage()  # a page load outside them: nothing in it asks for them
    root.dict()
    assert not (BACK_OFFICE | IN_AREAS) & _made(root)
    account = root.get_substate(OrdersState._get_substate_path()).parent_state  # an account page's event
    assert isinstance(account, AccountState) and {AccountState, OrdersState} <= _made(root)
    assert WishlistState not in _made(root) and not BACK_OFFICE & _made(root)  # each area when asked

    from backoffice.state.customers import CustomerRegisterState
    register = root.get_substate(CustomerRegisterState._get_substate_path())  # what an event does
    assert isinstance(register, CustomerRegisterState)
    assert _made(root) >= BACK_OFFICE  # the whole back-office, made once
    assert register.parent_state is root.substates[AppState.get_name()].substates[AdminState.get_name()]


def test_a_handler_reaches_a_back_office_state_its_tab_never_made():
    root = State(_reflex_internal_init=True)
    shop_state = root.get_substate(WishlistState._get_substate_path())
    admin = run_coroutine(shop_state.get_state(AdminState))
    assert isinstance(admin, AdminState) and admin.parent_state is shop_state._get_root_state().substates[
        AppState.get_name()]


def test_the_compiled_defaults_hold_every_back_office_state():
    compiled = State(_reflex_internal_init=True).dict(initial=True)
    assert {cls.get_full_name() for cls in BACK_OFFICE} <= set(compiled)


def test_a_page_load_resets_every_var_the_browser_keeps_and_only_those():
    """AppState._reset_client_storage skips the subtrees that hold no browser-kept var: every one of them,
    found here from Reflex's own test of a var, is still reset."""
    root = State(_reflex_internal_init=True)
    root.get_substate(AdminState._get_substate_path())  # the back-office's cookie too
    states = [state for state in _all_states(root)]
    kept = [(state, name) for state in states for name in state.base_vars
            if type(state)._is_client_storage(type(state).get_fields()[name])]
    assert {name for _, name in kept} >= {"lang", "admin_token"}
    for state, name in kept:
        setattr(state, name, "x-" + name)
    others = [(state, name) for state in states for name, value in state.base_vars.items()
              if (state, name) not in kept and isinstance(getattr(state, name), str)]
    for state, name in others:
        setattr(state, name, "kept")
    root._reset_client_storage()
    assert all(getattr(state, name) == type(state).get_fields()[name].default_value() for state, name in kept)
    assert all(getattr(state, name) == "kept" for state, name in others)


def _all_states(state):
    yield state
    for substate in state.substates.values():
        yield from _all_states(substate)


def test_an_area_is_sent_with_the_inner_areas_of_its_page_only():
    from storefront.state.app import area_classes
    from storefront.state.overview import OverviewState

    overview_page = area_classes(AccountState, {AccountState})
    assert OverviewState in overview_page and not {WishlistState, OrdersState} & set(overview_page)
    assert WishlistState in area_classes(AccountState, {AccountState, WishlistState})


def test_an_area_is_sent_without_the_cards_that_load_themselves():
    """The passkeys card is in the account's subtree, but only /account/security shows it, and it loads
    itself when it mounts: the account's other pages must neither make nor send it."""
    from storefront.state.app import area_classes
    from storefront.state.passkeys import PasskeyManageState
    from storefront.state.security import SecurityState

    assert PasskeyManageState in subtree_classes(AccountState)
    for page_areas in ({AccountState}, {AccountState, SecurityState}):
        assert not set(CARDS_MADE_ON_FIRST_USE) & set(area_classes(AccountState, page_areas))


# States outside the areas that are made on first use too: cards that load themselves when they mount.
CARDS_MADE_ON_FIRST_USE = [cls for cls in subtree_classes(AppState)
                           if cls.__dict__.get("made_on_first_use") and cls is not AdminState and not is_area_root(cls)]


def test_the_cards_that_load_themselves_are_made_on_first_use():
    from storefront.state.passkeys import PasskeyManageState
    from storefront.state.social import LinkedAccountsState

    assert {PasskeyManageState, LinkedAccountsState} <= set(CARDS_MADE_ON_FIRST_USE)
    root = State(_reflex_internal_init=True)
    root.get_substate(OrdersState._get_substate_path())  # an account page's event
    assert not set(CARDS_MADE_ON_FIRST_USE) & _made(root)


@pytest.mark.parametrize("card", CARDS_MADE_ON_FIRST_USE, ids=lambda cls: cls.__name__)
def test_a_card_made_on_first_use_shows_the_same_at_its_defaults_in_both_languages(card):
    """A page load leaves it out, so the browser keeps its compiled copy (English) until the card loads:
    at its defaults, it must not differ by language."""
    from shop.i18n import LANGUAGES

    shown = []
    for lang in LANGUAGES:
        root = State(_reflex_internal_init=True)
        root.substates[AppState.get_name()].lang = lang  # the cookie the language follows
        state = root.get_substate(card._get_substate_path())
        shown.append({name: getattr(state, name) for name, var in card.computed_vars.items() if not var._backend})
    assert all(view == shown[0] for view in shown)
