"""Social sign-in: the provider buttons (/login, /signup), the callback page, and linked accounts on
/account/security. The work is in `shop.identity.social`; these handlers check their arguments and who asks.

The flow is bound to this browser by `ml_oauth`, a random cookie made when a flow starts: a callback
opened in another browser (a link sent to a victim) finds no flow of its own.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop import routes
from shop.common.formatting import format_moment
from shop.i18n import LANGUAGES
from shop.identity import signin, social
from shop.identity.hashing import new_token
from shop.identity.providers import LABELS, configured_providers
from shop.identity.social import CodeRefused, SocialError, SocialStatus
from shop.models import Customer
from storefront import toasts
from storefront.state.app import SECURE_COOKIES, language_var, messages
from storefront.state.identity import FormState, with_wait
from storefront.state.shop import SignedOut

MAX_PROVIDER_NAME = 20


def _provider_buttons() -> list[dict[str, str]]:
    return [{"name": provider.name, "label": provider.label} for provider in configured_providers()]


class SocialState(FormState):
    """The provider buttons and the message of a sign-in that failed (shown once, on the next page)."""

    oauth_browser: str = rx.Cookie("", name="ml_oauth", same_site="lax", secure=SECURE_COOKIES)
    # Read from the environment when the server starts: the providers this shop is registered with.
    providers: list[dict[str, str]] = _provider_buttons()
    error_key: str = ""
    _error_fresh: bool = False
    starting: str = ""  # the provider the browser is being sent to

    @language_var
    def error(self) -> str:
        return messages({"form": self.error_key}, self.language).get("form", "") if self.error_key else ""

    def _fail(self, key: str, then: str | None = None):
        """Show `key` on the page this tab goes to next (or on this one)."""
        self.error_key, self._error_fresh, self.starting = key, then is not None, ""
        return rx.redirect(then) if then else None

    def seen_error(self):
        """The buttons' block mounted: a message carried here by a redirect shows once, then goes."""
        self.starting = ""
        if self._error_fresh:
            self._error_fresh = False
        elif self.error_key:
            self.error_key = ""

    def _browser(self) -> str:
        if not social._is_browser_token(self.oauth_browser):
            self.oauth_browser = new_token()
        return self.oauth_browser

    async def _go_to_provider(self, provider: object, customer_id: int | None):
        browser, client_ip = self._browser(), self._client().ip_address
        try:
            found, flow = self._work(lambda db: social.start_flow(db, provider, browser_token=browser,
                                                                  customer_id=customer_id, client_ip=client_ip))
            url = await social.authorization_url(found, flow, lang=self.language)
        except SocialError as error:
            return self._fail(error.key)
        except Exception:
            self._unexpected("social sign-in start")
            return self._fail("social.error.provider")
        self.error_key, self.starting = "", found.label
        return rx.redirect(url)

    async def start(self, provider: str):
        """"Continue with Google" on /login or /signup."""
        if not isinstance(provider, str) or len(provider) > MAX_PROVIDER_NAME:
            return
        return await self._go_to_provider(provider, None)

    async def start_link(self, provider: str):
        """"Link Google" on /account/security: the flow belongs to the signed-in customer."""
        if not isinstance(provider, str) or len(provider) > MAX_PROVIDER_NAME:
            return
        token = self._session_token()
        customer_id = self._work(lambda db: getattr(signin.current_customer(db, token), "id", None))
        if customer_id is None:
            return self._login_redirect()
        return await self._go_to_provider(provider, customer_id)


class SocialCallbackState(SocialState):
    """/login/social/<provider>/callback: the page load finishes the flow."""
    # An area (AppState.dict): page loads elsewhere leave it out.
    area_path: ClassVar[str] = routes.LOGIN_SOCIAL_CALLBACK.split("/[", 1)[0]
    _area_in_browser: bool = False

    code_email: str = ""
    code_provider: str = ""
    finished: bool = False
    _pending: dict = {}
    _linking: bool = False

    def _open(self, db: Session, customer: Customer | None):
        self.code_email, self.code_provider, self.finished, self._pending = "", "", False, {}

    def _provider_name(self) -> str:
        parts = self.rx_router_url.path.rstrip("/").split("/")
        return parts[-2] if len(parts) >= 2 else ""

    async def _load_page(self):
        events = await super()._load_page()
        if events:
            return events
        return await self._finish_flow()

    def _param(self, name: str) -> str:
        value = self.rx_router_url.query_parameters.get(name, "")
        return value if isinstance(value, str) else ""

    def _after_error(self) -> str:
        # A signed-in customer would be sent on from /login: their message waits on /account/security.
        return routes.ACCOUNT_SECURITY if self._linking or self.signed_in else routes.LOGIN

    async def _finish_flow(self):
        provider, browser, token = self._provider_name(), self.oauth_browser, self._session_token()
        state, code, refused = self._param("state"), self._param("code"), self._param("error")
        client, lang = self._client(), self.language
        self._linking = False
        try:
            flow = self._work(lambda db: social.claim_flow(db, provider, state, browser_token=browser))
            self._linking = flow.customer_id is not None
            if refused:  # the visitor cancelled at the provider (the flow is used up all the same)
                raise SocialError("social.error.cancelled")
            identity = await social.fetch_identity(flow, code)

            def finish(db: Session):
                current = signin.current_customer(db, token)
                return social.finish(db, identity, flow, current_customer_id=current.id if current else None,
                                     client=client, lang=lang)

            outcome = await self._work_off_loop(finish)
        except SocialError as error:
            self._log_refusal(provider, error)
            return self._fail(error.key, self._after_error())
        except Exception:
            self._unexpected("social sign-in callback")
            return self._fail("social.error.provider", self._after_error())
        return await self._outcome(outcome)

    def _log_refusal(self, provider: str, error: SocialError) -> None:
        ip, detail = self._client().ip_address, f"{provider}: {error.detail or error.key}"
        from shop.common import audit

        self._work(lambda db: audit.record(db, "customer.social_sign_in_refused", ip_address=ip, detail=detail))

    async def _outcome(self, outcome):
        self.error_key, self.finished, self.starting = "", True, ""
        if outcome.status == SocialStatus.LINKED:
            label = LABELS.get(self._provider_name(), "")
            return [toasts.success(self._t("social.linked", provider=label)), rx.redirect(routes.ACCOUNT_SECURITY)]
        if outcome.status == SocialStatus.CODE_SENT:
            self._pending = outcome.pending or {}
            self.code_email, self.code_provider = outcome.email, LABELS.get(self._provider_name(), "")
            return None
        return await self._signed_in_with_token(outcome.session_token)

    async def submit_code(self, form_data: dict):
        pending, client, lang = self._pending, self._client(), self.language
        code = form_data.get("code") if isinstance(form_data, dict) else None
        if not pending:
            return self._fail("social.error.state", routes.LOGIN)
        try:
            # Committed even when the code is refused: wrong tries are counted.
            outcome = await self._work_off_loop(lambda db: social.confirm_with_code(db, pending, code, client=client,
                                                                                    lang=lang))
        except SocialError as error:
            self._pending = {}
            return self._fail(error.key, routes.LOGIN)
        if isinstance(outcome, CodeRefused):
            self._errors = with_wait({"code": outcome.error_key}, outcome.wait_text)
            return None
        self._errors, self._pending = {}, {}
        return await self._signed_in_with_token(outcome.session_token)


class LinkedAccountsState(SocialState):
    """The "Linked accounts" card of /account/security (loaded when it mounts)."""

    # Made when the card mounts and loads itself: the sign-in pages never make or send it, and at its
    # defaults it shows the same in both languages, as the browser's compiled copy does.
    made_on_first_use: ClassVar[bool] = True

    _rows_by_lang: dict[str, list[dict]] = {}
    loaded: bool = False

    @language_var
    def identities(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    @staticmethod
    def _rows(db: Session, customer: Customer) -> dict[str, list[dict]]:
        listed = social.list_identities(db, customer.id)
        return {lang: [{"id": row.id, "provider": LABELS.get(row.provider, row.provider), "email": row.email,
                        "created_at": format_moment(row.created_at, lang),
                        "last_used_at": format_moment(row.last_used_at, lang) if row.last_used_at else ""}
                       for row in listed] for lang in LANGUAGES}

    def load_identities(self):
        try:
            self._rows_by_lang = self._for_customer(self._rows)
        except SignedOut:
            return self._login_redirect()
        self.loaded = True
        return self.seen_error()

    def unlink(self, identity_id: int):
        client = self._client()

        def unlink(db: Session, customer: Customer):
            social.unlink_identity(db, customer.id, identity_id, client=client)
            return self._rows(db, customer)

        try:
            self._rows_by_lang = self._for_customer(unlink)
        except SignedOut:
            return self._login_redirect()
        except SocialError as error:
            return toasts.error(self._t(error.key))
        self.error_key = ""
        return toasts.success(self._t("social.unlinked"))
