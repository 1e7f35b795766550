"""Language views (storefront/state/app.py: `language_var`): made in the visitor's language, remade when the
language changes, and never a dependency of the root's language (which cost every state on every event)."""

import re
from pathlib import Path

from reflex.istate.manager.redis import StateManagerRedis
from reflex.state import State
from sqlmodel import Session

import storefront.storefront  # noqa: F401  (imports every page module, so every state exists)
from storefront.state.app import LANGUAGE_VIEW_STATES, AppState, language_view_names
from storefront.state.cart import CartState
from storefront.state.shop import ShopState
from storefront.state.wishlist import WishlistState
from tests.helpers import run_coroutine

VIEWS = {
    "en": {"count": 1, "lines": [{"name": "Stoneware mug"}]},
    "fr": {"count": 1, "lines": [{"name": "Tasse en grès"}]},
}


def _tree():
    root = State(_reflex_internal_init=True)
    app = root.get_substate(AppState.get_full_name().split(".")[1:])
    cart = root.get_substate(CartState.get_full_name().split(".")[1:])
    wishlist = root.get_substate(WishlistState.get_full_name().split(".")[1:])
    return app, cart, wishlist


def test_no_state_depends_on_the_roots_language():
    """A computed var of a substate that reads the language through `@rx.var` would put its state back here."""
    assert AppState._potentially_dirty_states <= {AppState.get_full_name()}  # other_language reads language
    assert sum(len(language_view_names(cls)) for cls in LANGUAGE_VIEW_STATES) >= 80  # the views are still there


def test_an_event_of_the_cart_loads_the_cart_and_its_parents_only_with_redis():
    """Reflex's Redis manager loads, for an event, the state, its parents and the states whose vars depend on
    theirs: before language views, 45 states for any shop event."""
    required = StateManagerRedis._get_required_state_classes(object.__new__(StateManagerRedis), CartState)
    ancestors = {CartState, ShopState, AppState, State}
    assert ancestors <= required and len(required - ancestors) <= 2, sorted(cls.__name__ for cls in required)


def test_a_view_is_made_in_the_visitors_language():
    app, cart, _ = _tree()
    cart._view_by_lang = VIEWS
    assert cart.lines == VIEWS["en"]["lines"]
    app.lang = "fr"
    fresh_app, fresh_cart, _ = _tree()
    fresh_app.lang = "fr"
    fresh_cart._view_by_lang = VIEWS
    assert fresh_cart.lines == VIEWS["fr"]["lines"]


def test_a_view_read_after_the_language_changed_is_made_again_with_what_is_made_from_it():
    """The cookie can change under a tab's cached views (another tab switched): a page load applies it."""
    app, cart, _ = _tree()
    cart._view_by_lang = VIEWS
    assert cart.view["lines"][0]["name"] == "Stoneware mug" and cart.lines[0]["name"] == "Stoneware mug"
    app.lang = "fr"
    assert cart.view["lines"][0]["name"] == "Tasse en grès"
    assert cart.lines[0]["name"] == "Tasse en grès"  # `lines` is an ordinary var made from the view


def test_a_language_switch_sends_the_views_the_browser_holds_again_and_leaves_held_back_areas_alone():
    app, cart, wishlist = _tree()
    cart._view_by_lang = VIEWS
    cart._area_in_browser = True  # the cart page was shown; the wishlist's never was
    assert cart.lines[0]["name"] == "Stoneware mug"
    cart._clean()
    wishlist._clean()

    run_coroutine(app.set_language("fr"))

    assert app.lang == "fr"
    assert {"view", "lines"} <= cart.dirty_vars
    delta = cart.get_delta()[cart.get_full_name()]
    assert delta["lines_rx_state_"][0]["name"] == "Tasse en grès"
    assert not set(language_view_names(WishlistState)) & wishlist.dirty_vars


def test_an_unknown_language_changes_nothing():
    app, cart, _ = _tree()
    cart._area_in_browser = True
    cart._clean()
    for junk in ("de", "", None, 42, ["fr"], "fr" * 1000):
        run_coroutine(app.set_language(junk))
    assert app.lang == "en" and not cart.dirty_vars


def test_every_change_of_the_tabs_language_goes_through_use_language():
    """A view follows a language set by `AppState._use_language` only: the switch, a sign-in in the
    customer's language and a saved profile all go through it."""
    root = Path(__file__).resolve().parents[1]
    assigned = [f"{path.relative_to(root)}:{number}"
                for folder in ("storefront/state", "backoffice/state") for path in sorted((root / folder).glob("*.py"))
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\.lang\s*=[^=]", line)]
    assert assigned == ["storefront/state/app.py:" + str(_line_of("self.lang = wanted"))]


def _line_of(text: str) -> int:
    source = (Path(__file__).resolve().parents[1] / "storefront/state/app.py").read_text(encoding="utf-8")
    return next(number for number, line in enumerate(source.splitlines(), 1) if text in line)


def test_a_sign_in_in_the_tabs_own_language_sends_nothing_of_the_language():
    """Assigned again, `lang` would go out with the sign-in and the browser re-render every translated text."""
    app, cart, _ = _tree()
    shop = cart.parent_state
    cart._view_by_lang = VIEWS
    cart._area_in_browser = True
    app.lang = "en"
    app._clean()
    cart._clean()
    run_coroutine(shop._remember_session("t" * 43, False, first_name="Ana", language="en"))
    delta = app.get_delta()
    assert app.get_full_name() not in delta and "lines" not in cart.dirty_vars
    assert delta[shop.get_full_name()]["signed_in_rx_state_"] is True


def test_a_sign_in_in_the_customers_own_language_sends_the_views_again():
    app, cart, _ = _tree()
    shop = cart.parent_state
    cart._view_by_lang = VIEWS
    cart._area_in_browser = True
    assert cart.lines[0]["name"] == "Stoneware mug"
    cart._clean()
    run_coroutine(shop._remember_session("t" * 43, False, first_name="Ana", language="fr"))
    assert app.lang == "fr" and "lines" in cart.dirty_vars
    assert cart.get_delta()[cart.get_full_name()]["lines_rx_state_"][0]["name"] == "Tasse en grès"


def test_the_shops_switch_runs_on_the_shop_so_a_customers_choice_is_kept(engine, make_customer, monkeypatch):
    """Reflex runs an inherited handler on the state that defines it: the shop defines its own."""
    import storefront.state.app as app_module
    from shop.identity import sessions
    from shop.models import Customer

    assert ShopState.set_language.state_full_name == ShopState.get_full_name()
    monkeypatch.setattr(app_module, "get_engine", lambda: engine)
    customer = make_customer("switcher@example.com")
    with Session(engine) as db:
        token = sessions.start_session(db, customer_id=customer.id)
        db.commit()
    _, cart, _ = _tree()
    shop = cart.parent_state
    shop.browser_token = token
    run_coroutine(shop.set_language("fr"))
    with Session(engine) as db:
        assert db.get(Customer, customer.id).language == "fr"


def test_a_sign_out_empties_the_areas_but_remembers_which_ones_the_browser_holds():
    """A reset sends the defaults out; it does not take back what the browser holds, so a language switch
    after it still sends the page's views."""
    _, cart, wishlist = _tree()
    shop = cart.parent_state
    cart._area_in_browser = True
    cart._view_by_lang = VIEWS
    run_coroutine(shop._forget_customer())
    assert cart._view_by_lang == {} and cart._area_in_browser is True and wishlist._area_in_browser is False
