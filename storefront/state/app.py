"""The neutral root of both UIs: the visitor's language, translations, and the helpers every handler uses.

`ShopState` (the customer shell) and `AdminState` (the back-office shell) extend it.

Translations ship with the pages, not with the state: `t("nav.cart")` compiles to
`lang === "fr" ? "Panier" : "Cart"` in the page's JavaScript, so a page load sends no catalogue and a
language switch sends one short string. What the server words or formats (a refused form's messages, a
price, a date) lives in `language_var`s: computed vars made in the visitor's language that do not make
the root's language a dependency of their state (see `LanguageView`).

Areas: subtrees of states that only their own pages show (the back-office; the account, and each account
page inside it; the product pages, cart, checkout, confirmation and legal pages). A page load elsewhere
does not serialise them (see `AppState.dict`): computing their vars was most of the cost of every page
load, for pages that never show them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import reflex as rx
from reflex.model import get_engine
from reflex.state import _override_base_method
from reflex_base.vars.base import ComputedVar
from sqlmodel import Session

from shop.common.validation import FormErrors
from shop.config import get_settings
from shop.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, normalize_language, translate
from shop.identity.sessions import Client
from storefront.state.reset import reset_subtrees, subtree_classes

log = logging.getLogger("storefront")
ONE_YEAR = 365 * 24 * 3600
SECURE_COOKIES = get_settings().secure_cookies
Result = TypeVar("Result")

# Values a refusal carries next to its message keys, filled into the message: a throttle's wait
# ("4 min"), the state a postal code is not in.
MESSAGE_PARAMS = ("wait", "area")


def messages(errors: dict[str, str], lang: str) -> dict[str, str]:
    """Field name -> message in `lang`, from field name -> message key (plus MESSAGE_PARAMS values)."""
    params = {name: errors[name] for name in MESSAGE_PARAMS if name in errors}
    return {field: translate(lang, key, **params) for field, key in errors.items() if field not in MESSAGE_PARAMS}


def _page_loader(owner: str):
    async def load_page(self):
        """The one on-load handler of this page: see `_load_page`."""
        await self._send_area_if_held_back()
        return await self._load_page()

    load_page.__qualname__ = f"{owner}.load_page"
    return load_page


class SubstatesOnDemand(dict):
    """A state's substates, where the back-office and the areas are only made when first asked for.

    Reflex's in-memory manager makes every state of the tree for each tab: 66 states, of which a page
    shows a dozen. 1,000 tabs of /login held 85 MiB; 66 without the back-office's 27 states, 50 with
    the areas and the self-loading cards made on demand too. Reflex finds a substate through `name in substates` and
    `substates[name]`: both work for one not made yet, while iterating (serialising, resetting, cleaning)
    sees only those made, the others being at their defaults. Only the back-office holds a browser-kept
    var (the merchant's cookie): restoring it makes the back-office in a merchant's tab only.
    """

    __slots__ = ("_parent", "_on_demand")

    def __init__(self, parent: rx.State, on_demand: dict[str, type[rx.State]]):
        super().__init__()
        self._parent, self._on_demand = parent, on_demand

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self._on_demand

    def __missing__(self, name: str) -> rx.State:
        made = self[name] = self._on_demand[name](parent_state=self._parent, _reflex_internal_init=True)
        return made

    def make_all(self) -> None:
        for name in self._on_demand:
            self[name]  # noqa: B018  (made by __missing__)


class AppState(rx.State):
    lang: str = rx.Cookie(DEFAULT_LANGUAGE, name="ml_lang", max_age=ONE_YEAR, same_site="lax",
                          secure=SECURE_COOKIES)

    # Set on a state whose subtree only some tabs use (the back-office): made on first use (SubstatesOnDemand),
    # as every area's root is. Its own, not inherited: its substates are made with it.
    made_on_first_use: ClassVar[bool] = False

    def __init__(self, *args: Any, init_substates: bool = True, **kwargs: Any):
        super().__init__(*args, init_substates=False, **kwargs)
        if not init_substates:  # Redis loads each state by itself, when an event needs it
            return
        made_now, on_demand = substates_by_making(type(self))
        if on_demand:
            object.__setattr__(self, "substates", SubstatesOnDemand(self, on_demand))
        for name, cls in made_now:
            self.substates[name] = cls(parent_state=self, _reflex_internal_init=True)

    def __init_subclass__(cls, **kwargs):
        # Reflex runs an inherited event handler on the class that defines it, so each state gets a
        # `load_page` of its own: a page's on-load then loads that page's state, not its parent's.
        if "load_page" not in cls.__dict__:
            cls.load_page = _page_loader(cls.__name__)
        super().__init_subclass__(**kwargs)
        if language_view_names(cls):
            LANGUAGE_VIEW_STATES.append(cls)

    async def _load_page(self):
        """What a page of this state loads, in one unit of work (the shells override it)."""
        return None

    # --- areas: states only their own pages show ---

    # Set on an area's root state (AdminState, AccountState, ProductState...): the path under which its
    # pages live. The root also declares `_area_in_browser: bool = False`, which its substates share.
    area_path: ClassVar[str] = ""

    def _is_area_root(self) -> bool:
        return is_area_root(type(self))

    @_override_base_method  # Reflex's own mark for a State method that overrides a base one, not an event
    def dict(self, include_computed: bool = True, initial: bool = False, **kwargs) -> dict[str, Any]:
        """The state for a page load (Reflex calls it on the root, which recurses into substates).

        An area the browser has never been sent is left out of a page load outside the area: the
        browser keeps the defaults compiled into it, and the area is sent whole when one of its pages
        loads (here, on a page load inside it; `_send_area_if_held_back`, on a move inside the tab). A
        compile (`initial`) always gets every state.
        """
        if initial and isinstance(self.substates, SubstatesOnDemand):
            self.substates.make_all()  # the compiled defaults hold every state
        if not initial and self._is_area_root() and not self._area_in_browser:
            if not self._on_area_page():
                return {}
            self._area_in_browser = True
        return super().dict(include_computed=include_computed, initial=initial, **kwargs)

    @_override_base_method
    def _reset_client_storage(self) -> None:
        """Reflex's reset of the vars kept in the browser (cookies, local storage) on each page load, made
        only in the subtrees that hold one: Reflex's own looked at every var of every state."""
        fields = self.get_fields()
        for name in client_storage_names(type(self)):
            setattr(self, name, fields[name].default_value())
        for substate in self.substates.values():
            if holds_client_storage(type(substate)):
                substate._reset_client_storage()

    def _last_path_segment(self) -> str:
        """The page path's last segment: a product's slug, a link's token, an id. Reflex's own router var:
        `self.router` assembles every router field."""
        return self.rx_router_url.path.rstrip("/").rsplit("/", 1)[-1]

    def _on_area_page(self) -> bool:
        # The path's own router var: `self.router` assembles every router field, a dozen times a page load.
        return is_under(self.rx_router_url.path, self.area_path)

    def _area_roots(self) -> list[AppState]:
        """The areas this state is in, innermost first (an account page's area is inside the account's)."""
        roots, state = [], self
        while isinstance(state, AppState):
            if state._is_area_root():
                roots.append(state)
            state = state.parent_state
        return roots

    async def _send_area_if_held_back(self) -> None:
        """A page of an area opened by a move inside the tab, or by a page load that did not make the area
        yet (SubstatesOnDemand): if it was left out, every var of it goes out with this event (of the
        outermost area left out, with the inner ones this page is in; other inner areas wait for theirs)."""
        areas = self._area_roots()
        held_back = [root for root in areas if not root._area_in_browser]
        if not held_back:
            return
        for root in held_back:
            root._area_in_browser = True
        for cls in area_classes(type(held_back[-1]), {type(root) for root in areas}):
            state = await self.get_state(cls)
            state.dirty_vars.update(name for name, var in state.computed_vars.items() if not var._backend)
            # The browser holds the area's compiled defaults: a var still at its default needs no sending.
            fields = state.get_fields()
            state.dirty_vars.update(name for name in state.base_vars
                                    if getattr(state, name) != fields[name].default_value())
            state._mark_dirty()

    async def _reset_subtrees(self, roots: list[type[rx.State]]) -> None:
        """Every var of these states back to its default (`reset_subtrees`), except what each area root
        knows of the browser: a reset sends the defaults out, it does not take back what the browser holds."""
        in_browser = {cls: (await self.get_state(cls))._area_in_browser
                      for root in roots for cls in subtree_classes(root) if is_area_root(cls)}
        await reset_subtrees(self, roots)
        for cls, held in in_browser.items():
            (await self.get_state(cls))._area_in_browser = held

    @rx.var
    def language(self) -> str:
        return normalize_language(self.lang)

    @rx.var
    def other_language(self) -> str:
        """The language the switch offers (two languages: the one not shown)."""
        return next(lang for lang in LANGUAGES if lang != self.language)

    def _client(self) -> Client:
        """Who is asking, as far as the server can tell (the session token comes from the subclasses)."""
        return Client(ip_address=(self.rx_router_session.client_ip or "")[:64],
                      user_agent=(self.rx_router_headers.user_agent or "")[:300])

    def _show(self, **values) -> None:
        """Set view vars, leaving equal ones untouched: Reflex re-sends every var that is assigned, and
        the browser then re-renders all that uses it (the header, on every page load)."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _unexpected(self, where: str) -> str:
        """Log an error a person cannot fix, with an id to find it again."""
        correlation_id = uuid.uuid4().hex[:12]
        log.exception("unexpected error in %s [%s]", where, correlation_id)
        return correlation_id

    def _t(self, key: str, **params: object) -> str:
        """A message in the visitor's language, for a toast or a server-made text."""
        return translate(self.language, key, **params)

    # --- one unit of work per user action ---

    @staticmethod
    def _work(work: Callable[[Session], Result], *, keep_refusals: bool = False) -> Result:
        """Run `work(db)` in one transaction, committed when it returns.

        A refused form (FormErrors) is rolled back, unless `keep_refusals`: wrong passwords and codes
        must stay counted, so those refusals commit their attempt counters and are raised again.
        """
        # Rows the work returns stay readable after the commit: the state formats them afterwards.
        with Session(get_engine(), expire_on_commit=False) as db:
            try:
                result = work(db)
            except FormErrors:
                db.commit() if keep_refusals else db.rollback()
                raise
            db.commit()
            return result

    @classmethod
    async def _work_off_loop(cls, work: Callable[[Session], Result], *, keep_refusals: bool = False) -> Result:
        """The same, in a worker thread: for work that checks or hashes a password (bcrypt takes a
        quarter of a second, and Reflex runs handlers on the event loop that serves every visitor)."""
        return await asyncio.to_thread(cls._work, work, keep_refusals=keep_refusals)

    # --- events ---

    async def set_language(self, lang: str):
        await self._switch_language(lang)

    async def _switch_language(self, lang: object) -> None:
        """The header's switch (each shell's `set_language`): the tab follows, and the shell keeps it."""
        if not isinstance(lang, str) or lang not in LANGUAGES:
            return
        await self._use_language(lang)
        self._keep_language(lang)

    async def _use_language(self, lang: str) -> None:
        """The one way to change the tab's language (the switch, a sign-in, a profile's saved language):
        the views the browser holds follow it."""
        wanted = normalize_language(lang)
        if wanted == self.lang:
            return  # assigned anyway, `lang` would go out again and every translated text re-render (a sign-in)
        changed = wanted != self.language
        self.lang = wanted
        if changed:
            await self._send_language_views()

    async def _send_language_views(self) -> None:
        """After a language switch, every language view the browser holds goes out again, in the new
        language (each one remakes itself when read: `LanguageView.__get__`). Views of areas the browser
        has not been sent stay behind: they go out whole when one of their pages opens."""
        for cls in LANGUAGE_VIEW_STATES:
            state = await self.get_state(cls)
            if not all(root._area_in_browser for root in state._area_roots()):
                continue
            names = language_view_names(cls)
            state.dirty_vars.update(names)
            state._mark_dirty_computed_vars(names)
            state._mark_dirty()

    def _keep_language(self, lang: str) -> None:
        """Subclasses keep the choice on the signed-in person's record."""


ROOT_LANGUAGE_VARS = frozenset({"lang", "language"})


class LanguageView(ComputedVar):
    """A computed var in the visitor's language: a view made for each language and picked by it, a refused
    form's messages.

    Reflex would make it depend on `AppState.language`, and a dependency on a var of the root costs every
    state that holds one on every event: each page load's cookie reset marks them all dirty again, and
    with Redis every event loads all of them (40 states). So it depends on its own state's vars only,
    and it remembers the language it was made in: read in another language, it is made again. A language
    switch sends them out again (`AppState._send_language_views`).
    """

    def _deps(self, objclass, obj=None):
        # Reflex files an inherited var under the reading state's name and finds its owner later.
        return {state: names - ROOT_LANGUAGE_VARS for state, names in super()._deps(objclass, obj).items()}

    def __get__(self, instance, owner=None):
        if instance is not None:
            holder = self._owner_instance(instance)
            language, made_in = holder.language, holder.__dict__.get(self._language_attr)
            if made_in != language:
                self.mark_dirty(holder)
                if made_in is not None:  # vars made from this one were made in the old language too
                    holder._mark_dirty_computed_vars((self._name,))
                    holder._mark_ancestors_dirty()
                holder.__dict__[self._language_attr] = language
        return super().__get__(instance, owner)

    @property
    def _language_attr(self) -> str:
        return f"__language_{self._js_expr}"


def language_var(fget: Callable[[Any], Result]) -> LanguageView:
    """`@language_var` instead of `@rx.var` for a computed var that reads the visitor's language."""
    return LanguageView(fget)


def language_view_names(cls: type[rx.State]) -> tuple[str, ...]:
    return tuple(name for name, var in cls.computed_vars.items() if isinstance(var, LanguageView))


# The states holding language views: filled as they are defined (AppState.__init_subclass__).
LANGUAGE_VIEW_STATES: list[type[rx.State]] = []


@functools.cache
def client_storage_names(cls: type[rx.State]) -> tuple[str, ...]:
    """The vars of this state (not its substates) that the browser keeps."""
    fields = cls.get_fields()
    return tuple(name for name in cls.base_vars if cls._is_client_storage(fields[name]))


@functools.cache
def holds_client_storage(cls: type[rx.State]) -> bool:
    """Whether this state or one of its substates has a var that the browser keeps."""
    return bool(client_storage_names(cls)) or any(holds_client_storage(sub) for sub in cls.get_substates())


def area_classes(root: type[rx.State], pages_areas: set[type[rx.State]]) -> list[type[rx.State]]:
    """The states of an area, without the areas inside it that the page is not in, and without the cards
    that load themselves when they mount (made on first use: sending one would make it on every page)."""
    found, todo = [], [root]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(sub for sub in cls.get_substates() if sub in pages_areas or not is_made_on_first_use(sub))
    return found


StateClass = type[rx.State]


@functools.cache
def substates_by_making(cls: StateClass) -> tuple[tuple[tuple[str, StateClass], ...], dict[str, StateClass]]:
    """A state class's substates: those made with it (name, class), and those made on first use, by name.
    Once per class: every new tab asks it for each of its states."""
    substates = cls.get_substates()
    return (tuple((sub.get_name(), sub) for sub in substates if not is_made_on_first_use(sub)),
            {sub.get_name(): sub for sub in substates if is_made_on_first_use(sub)})


def is_made_on_first_use(cls: type[rx.State]) -> bool:
    """The back-office, and every area: its pages load through a handler of the area, which makes it."""
    return bool(cls.__dict__.get("made_on_first_use")) or is_area_root(cls)


def is_area_root(cls: type[rx.State]) -> bool:
    """Whether this state class roots an area: it declares the path its pages live under."""
    return bool(cls.__dict__.get("area_path"))


def is_under(path: str, area_path: str) -> bool:
    """Whether a page's path is the area's path or below it."""
    path = "/" + path.strip("/")
    return path == area_path or path.startswith(area_path + "/")


def by_language(value_in: Callable[[str], object]) -> rx.Var:
    """A value made for each language when the page is built, and picked in the browser by the visitor's
    language: it ships with the page's code and never travels with the state."""
    value = rx.Var.create(value_in(DEFAULT_LANGUAGE))
    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE:
            value = rx.cond(AppState.lang == lang, value_in(lang), value)
    return value


def t(key: str) -> rx.Var:
    """A message in the visitor's language, compiled into the page (every language's text inline)."""
    return by_language(lambda lang: CATALOGUES[lang][key]).to(str)


def t_format(key: str, **params: rx.Var | str) -> rx.Var:
    """A message with `{name}` placeholders filled in the browser."""
    text = t(key)
    for name, value in params.items():
        text = text.replace("{" + name + "}", value)
    return text


def t_dynamic(prefix: str, code: rx.Var) -> rx.Var:
    """A message whose key ends with a code known only in the browser, e.g. t_dynamic("status.", status):
    every key with that prefix is compiled in, and the code picks one (or shows itself if unknown)."""
    keys = sorted(key for key in CATALOGUES[DEFAULT_LANGUAGE] if key.startswith(prefix))
    return rx.match(code.to(str), *[(key.removeprefix(prefix), t(key)) for key in keys], code.to(str)).to(str)
