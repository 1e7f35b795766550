"""/admin/staff (owners manage the back-office users), /admin/security (each user's own password and
two-factor sign-in) and /admin/invite/[token] (an invited user chooses a password)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.common.formatting import format_moment
from shop.common.validation import FormErrors, form_value
from shop.i18n import LANGUAGES
from shop.merchants import accounts, staff, two_factor
from shop.merchants.permissions import Permission, PermissionDenied, allows
from shop.models import MerchantUser
from shop.settings.store import get_store_settings
from storefront import toasts
from storefront.state.app import language_var, messages

Result = TypeVar("Result")
MAX_ID = 2**31 - 1


def _user_id(raw: object) -> int | None:
    """An id from the browser: an int, or digits in a string (a hidden input), within range."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.isdigit() and len(raw) <= 10:
        raw = int(raw)
    return raw if isinstance(raw, int) and 1 <= raw <= MAX_ID else None


def _member_row(member: staff.StaffMember, lang: str) -> dict:
    return {"id": member.id, "email": member.email, "name": member.name, "role": member.role,
            "read_only": member.read_only, "two_factor": member.two_factor, "is_active": member.is_active,
            "invited": member.invited, "is_you": member.is_you,
            "last_sign_in": format_moment(member.last_sign_in_at, lang) if member.last_sign_in_at else ""}


class StaffState(AdminState):
    _rows_by_lang: dict[str, list[dict]] = {}
    _invite_errors: dict[str, str] = {}
    invite_form_key: int = 0
    busy: bool = False

    @language_var
    def members(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    @language_var
    def invite_errors(self) -> dict[str, str]:
        return messages(self._invite_errors, self.language)

    def _read_rows(self, db: Session, merchant: MerchantUser) -> None:
        rows = staff.list_staff(db, viewer_id=merchant.id)
        self._rows_by_lang = {lang: [_member_row(row, lang) for row in rows] for lang in LANGUAGES}

    def _load(self, db: Session, merchant: MerchantUser):
        self._invite_errors, self.busy = {}, False
        self._rows_by_lang = {}
        if allows(merchant, Permission.OWNER):  # staff see a note, not the list
            self._read_rows(db, merchant)

    def _owner_action(self, action: Callable[[Session, MerchantUser], object], done_key: str):
        """Run one owner-only change and re-read the list in the same transaction."""
        def work(db: Session, merchant: MerchantUser):
            action(db, merchant)
            self._read_rows(db, merchant)

        try:
            self._as_merchant(Permission.OWNER, work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FormErrors as error:
            key = error.errors.get("form") or next(iter(error.errors.values()))
            return toasts.error(self._t(key))
        return toasts.success(self._t(done_key))

    def invite(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        lang = self.language
        self.busy = True
        try:
            def work(db: Session, merchant: MerchantUser):
                staff.invite_staff(db, form_data, inviter=merchant, lang=lang)
                self._read_rows(db, merchant)

            self._as_merchant(Permission.OWNER, work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FormErrors as error:
            self._invite_errors = error.errors
            return
        finally:
            self.busy = False
        self._invite_errors = {}
        self.invite_form_key += 1
        return toasts.success(self._t("admin.staff.invited"))

    def change_access(self, form_data: dict):
        user_id = _user_id(form_value(form_data, "user_id"))
        if user_id is None:
            return
        return self._owner_action(lambda db, merchant: staff.change_access(db, user_id, form_data, by=merchant),
                                  "admin.staff.access_saved")

    def set_active(self, user_id: int, active: bool):
        user_id = _user_id(user_id)
        if user_id is None or not isinstance(active, bool):
            return
        return self._owner_action(lambda db, merchant: staff.set_active(db, user_id, active, by=merchant),
                                  "admin.staff.reactivated" if active else "admin.staff.deactivated")

    def resend_invitation(self, user_id: int):
        user_id = _user_id(user_id)
        if user_id is None:
            return
        lang = self.language
        return self._owner_action(
            lambda db, merchant: staff.resend_invitation(db, user_id, inviter=merchant, lang=lang),
            "admin.staff.invited")


class SecurityState(AdminState):
    two_factor_on: bool = False
    required_by_shop: bool = False
    recovery_left: int = 0
    # During setup: the new secret and its QR code (the user's own, shown to them to copy into an app).
    setup_secret: str = ""
    setup_qr: str = ""
    # Shown once, right after setup; gone at the next page load.
    recovery_codes: list[str] = []
    _errors: dict[str, str] = {}
    form_key: int = 0  # the two-factor forms
    password_form_key: int = 0
    busy: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _gated(self) -> bool:
        return False  # the one page open to a user who must set up two-factor sign-in

    def _fill(self, db: Session, merchant: MerchantUser) -> None:
        self.two_factor_on = two_factor.is_enabled(merchant)
        self.required_by_shop = get_store_settings(db).require_two_factor
        self.recovery_left = two_factor.recovery_codes_left(db, merchant) if self.two_factor_on else 0
        pending = two_factor.pending_setup(db, merchant)
        self.setup_secret = pending.secret if pending else ""
        self.setup_qr = pending.qr_data_uri if pending else ""
        self.form_key += 1

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self.busy, self.recovery_codes = {}, False, []
        self.password_form_key += 1
        self._fill(db, merchant)

    def _for_self(self, work: Callable[[Session, MerchantUser], Result]) -> Result:
        """Every user acts on their own account only: the merchant is read from the session, never an id."""
        return self._as_merchant(Permission.VIEW, work)

    def start_setup(self):
        def work(db: Session, merchant: MerchantUser):
            two_factor.begin_setup(db, merchant)
            self._fill(db, merchant)

        try:
            self._for_self(work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except two_factor.TwoFactorError as error:
            return toasts.error(self._t(error.key))
        self._errors, self.recovery_codes = {}, []

    def cancel_setup(self):
        def work(db: Session, merchant: MerchantUser):
            two_factor.cancel_setup(db, merchant)
            self._fill(db, merchant)

        try:
            self._for_self(work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        self._errors = {}

    def _with_code(self, form_data: dict, action) -> two_factor.TwoFactorError | None:
        """Run a code-checking action; a refusal is returned, not raised, so its count is committed."""
        code = form_value(form_data, "code")
        ip_address = self._client().ip_address

        def work(db: Session, merchant: MerchantUser):
            try:
                result = action(db, merchant, code, ip_address)
            except two_factor.TwoFactorError as refused:
                return refused
            self._fill(db, merchant)
            return result

        return self._for_self(work)

    def confirm_setup(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        try:
            outcome = self._with_code(form_data, lambda db, merchant, code, ip: two_factor.confirm_setup(
                db, merchant, code, ip_address=ip))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        if isinstance(outcome, two_factor.TwoFactorError):
            self._errors = {"code": outcome.key, "wait": outcome.wait}
            self.form_key += 1
            return
        self._errors, self.recovery_codes = {}, list(outcome)
        return toasts.success(self._t("admin.security.enabled"))

    def disable(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        try:
            outcome = self._with_code(form_data, lambda db, merchant, code, ip: two_factor.disable(
                db, merchant, code, ip_address=ip))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        if isinstance(outcome, two_factor.TwoFactorError):
            self._errors = {"disable_code": outcome.key, "wait": outcome.wait}
            self.form_key += 1
            return
        self._errors, self.recovery_codes = {}, []
        return toasts.success(self._t("admin.security.disabled"))

    async def change_password(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        self.busy = True
        yield
        token, ip_address = self._token(), self._client().ip_address

        def work(db: Session):
            merchant = accounts.current_merchant(db, token)
            if merchant is None:
                raise NotSignedIn()
            try:
                accounts.change_password(db, merchant, form_data, keep_token=token, ip_address=ip_address)
            except FormErrors as refused:
                return refused.errors  # committed: a wrong current password stays counted
            return None

        try:
            errors = await self._work_off_loop(work)
        except NotSignedIn as error:
            self.busy = False
            yield self._refusal(error)
            return
        self.busy = False
        if errors:
            self._errors = errors
            return
        self._errors = {}
        self.uses_demo_password = False
        self.password_form_key += 1
        yield toasts.success(self._t("admin.security.password_changed"))


class InviteState(AdminState):
    """The public page of an invitation link: no merchant session needed."""

    link_valid: bool = False
    checked: bool = False
    invited_email: str = ""
    done: bool = False
    busy: bool = False
    _errors: dict[str, str] = {}

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _link_token(self) -> str:
        return self._last_path_segment()

    async def _load_page(self):
        token = self._link_token()

        def load(db: Session):
            self._show(shop_name=get_store_settings(db).shop_name)
            return staff.find_invited(db, token)  # only looks: opening the page uses nothing

        user = self._work(load)
        self.link_valid, self.checked, self.done, self.busy = user is not None, True, False, False
        self.invited_email = user.email if user else ""
        self._errors = {}

    async def accept(self, form_data: dict):
        if not isinstance(form_data, dict) or not self.link_valid:
            return
        self.busy = True
        yield
        token, ip_address = self._link_token(), self._client().ip_address
        try:
            await self._work_off_loop(lambda db: staff.accept_invitation(db, token, form_data, ip_address=ip_address))
        except FormErrors as error:
            self._errors, self.busy = error.errors, False
            self.link_valid = "form" not in error.errors
            return
        self._errors, self.busy, self.done, self.link_valid = {}, False, True, False

    def go_to_sign_in(self):
        return rx.redirect(routes.ADMIN_LOGIN)
