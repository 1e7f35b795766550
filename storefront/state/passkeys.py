"""Passkeys: signing in with one on /login, and adding, listing and removing them on /account/security.

A ceremony is two events: the first asks the service for options and hands them to the page's script
(`assets/passkeys.js`, run with rx.call_script); the script's answer comes back to the second, which the
service checks. The challenge is bound to this tab by `_ceremony_token`, a random token that never leaves the
server (the database keeps its hash): an answer relayed from another browser finds no challenge.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from shop.common.formatting import format_moment
from shop.common.validation import form_value
from shop.i18n import LANGUAGES
from shop.identity import passkeys
from shop.identity.signin import SignInStatus
from shop.models import Customer
from storefront.state.account import AccountState
from storefront.state.app import language_var, messages
from storefront.state.identity import FormState, with_wait
from storefront.state.shop import SignedOut

SCRIPT = (Path(__file__).resolve().parents[2] / "assets" / "passkeys.js").read_text(encoding="utf-8")
SUPPORT_UNKNOWN, SUPPORTED, UNSUPPORTED = "", "yes", "no"


def ceremony_script(mode: str, options_json: str = "") -> str:
    """The page script called with its arguments as JSON literals (nothing of the visitor's is pasted in)."""
    return f"({SCRIPT})({json.dumps(mode)}, {json.dumps(options_json)})"


def browser_answer(result: object) -> tuple[str, str]:
    """(credential JSON, "") from the script's answer, or ("", message key) when there is none."""
    if isinstance(result, dict) and isinstance(result.get("credential"), str):
        return result["credential"], ""
    unsupported = isinstance(result, dict) and result.get("error") == "unsupported"
    return "", "passkeys.unsupported" if unsupported else "passkeys.cancelled"


class PasskeySignInState(FormState):
    """"Sign in with a passkey" on /login: discoverable credentials, no email typed."""

    support: str = SUPPORT_UNKNOWN
    _ceremony_token: str = ""

    def check_support(self):
        """On mount: a browser without WebAuthn sees a short explanation instead of the button."""
        self._errors, self.busy = {}, False
        return rx.call_script(ceremony_script("supported"), callback=PasskeySignInState.note_support)

    def note_support(self, supported: object):
        self.support = SUPPORTED if supported is True else UNSUPPORTED

    def start_sign_in(self):
        if self.busy:
            return None
        self._ceremony_token = browser = secrets.token_urlsafe(32)
        client = self._client()
        started = self._work(lambda db: passkeys.begin_authentication(db, browser_token=browser, client=client))
        if not started.ok:
            self._errors = with_wait({"passkey": started.error_key}, started.wait_text)
            return None
        self._errors, self.busy = {}, True
        return rx.call_script(ceremony_script("get", started.options_json),
                              callback=PasskeySignInState.finish_sign_in)

    async def finish_sign_in(self, result: object):
        browser, self._ceremony_token, self.busy = self._ceremony_token, "", False
        answer, problem = browser_answer(result)
        if problem:
            self._errors = {"passkey": problem}
            return None
        client = self._client()
        try:
            outcome = self._work(lambda db: passkeys.finish_authentication(db, browser_token=browser, answer=answer,
                                                                           client=client))
        except Exception:
            self._unexpected("passkey sign-in")
            self._errors = {"passkey": "error.generic"}
            return None
        if outcome.status == SignInStatus.OK:
            self._errors = {}
            return await self._signed_in(outcome)
        if outcome.status == SignInStatus.BLOCKED:
            self._errors = {"passkey": "error.blocked"}
        else:
            self._errors = with_wait({"passkey": outcome.error_key or passkeys.ERR_INVALID}, outcome.wait_text)
        return None


class PasskeyManageState(AccountState):
    """The passkeys card of /account/security."""

    # Made when the card mounts and loads itself (open_section): other account pages never make or send
    # it, and at its defaults it shows the same in both languages, as the browser's compiled copy does.
    made_on_first_use: ClassVar[bool] = True

    support: str = SUPPORT_UNKNOWN
    needs_password: bool = False
    busy: bool = False
    notice_key: str = ""  # "passkeys.added" or "passkeys.removed"
    form_key: int = 0
    _errors: dict[str, str] = {}
    _passkeys_by_lang: dict[str, list[dict]] = {}
    _ceremony_token: str = ""
    _pending_name: str = ""

    @language_var
    def passkey_errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def passkey_rows(self) -> list[dict]:
        """The customer's passkeys, dates in the visitor's language."""
        return self._passkeys_by_lang.get(self.language, [])

    @rx.var
    def at_limit(self) -> bool:
        return len(self.passkey_rows) >= passkeys.MAX_PASSKEYS

    @staticmethod
    def _listed(db: Session, customer: Customer) -> dict[str, list[dict]]:
        rows = passkeys.list_passkeys(db, customer.id)
        return {lang: [{"id": row["id"], "name": row["name"],
                        "created_at": format_moment(row["created_at"], lang),
                        "last_used_at": format_moment(row["last_used_at"], lang) if row["last_used_at"] else ""}
                       for row in rows]
                for lang in LANGUAGES}

    def _refresh(self, db: Session, customer: Customer) -> tuple[dict[str, list[dict]], bool]:
        return self._listed(db, customer), not passkeys.signed_in_recently(db, self._session_token())

    def open_section(self):
        """On mount: the list, whether adding will ask for the password, and whether this browser can add one."""
        self._errors, self.busy, self.notice_key = {}, False, ""
        try:
            self._passkeys_by_lang, self.needs_password = self._for_customer(self._refresh)
        except SignedOut:
            return None  # the page's own guard sends the visitor to /login
        return rx.call_script(ceremony_script("supported"), callback=PasskeyManageState.note_support)

    def note_support(self, supported: object):
        self.support = SUPPORTED if supported is True else UNSUPPORTED

    async def start_adding(self, form_data: dict):
        if self.busy:
            return None
        name = passkeys.clean_name(form_value(form_data, "passkey_name"))
        password = form_value(form_data, "passkey_password")
        password = password if isinstance(password, str) else ""
        self.notice_key = ""
        if name is None:
            self._errors = {"passkey_name": passkeys.ERR_NAME}
            return None
        self._ceremony_token = browser = secrets.token_urlsafe(32)
        token, client = self._session_token(), self._client()
        self.busy = True
        try:
            # Off the event loop: it may check the password (bcrypt).
            started = await self._for_customer_off_loop(lambda db, customer: passkeys.begin_registration(
                db, customer, session_token=token, browser_token=browser, password=password, client=client))
        except SignedOut:
            self.busy = False
            return self._login_redirect()
        if not started.ok:
            self.busy = False
            field = "passkey_password" if started.error_field == "password" else "form"
            self._errors = with_wait({field: started.error_key}, started.wait_text)
            if started.error_key == passkeys.ERR_PASSWORD_NEEDED:
                self.needs_password = True
            return None
        self._errors, self._pending_name = {}, name
        return rx.call_script(ceremony_script("create", started.options_json),
                              callback=PasskeyManageState.finish_adding)

    async def finish_adding(self, result: object):
        browser, name = self._ceremony_token, self._pending_name
        self._ceremony_token, self._pending_name, self.busy = "", "", False
        answer, problem = browser_answer(result)
        if problem:
            self._errors = {"form": problem}
            return None
        client = self._client()

        def add(db: Session, customer: Customer):
            added = passkeys.finish_registration(db, customer, browser_token=browser, answer=answer, name=name,
                                                 client=client)
            return added, self._refresh(db, customer)

        try:
            added, (listed, needs_password) = self._for_customer(add)
        except SignedOut:
            return self._login_redirect()
        self._passkeys_by_lang, self.needs_password = listed, needs_password
        if not added.ok:
            self._errors = {"form": added.error_key}
            return None
        self._errors, self.notice_key = {}, "passkeys.added"
        self.form_key += 1
        return None

    def remove(self, passkey_id: object):
        if not isinstance(passkey_id, int) or isinstance(passkey_id, bool):
            return None
        client = self._client()

        def remove(db: Session, customer: Customer):
            removed = passkeys.remove_passkey(db, customer.id, passkey_id, client=client)
            return removed, self._refresh(db, customer)

        try:
            removed, (listed, needs_password) = self._for_customer(remove)
        except SignedOut:
            return self._login_redirect()
        self._passkeys_by_lang, self.needs_password = listed, needs_password
        self._errors = {} if removed else {"form": "passkeys.error.not_found"}
        self.notice_key = "passkeys.removed" if removed else ""
        return None
