"""The shop's back-office users, as owners manage them: the list, invitations by email, roles, read-only
access, deactivation (which ends every session at once). The shop always keeps one active owner.

An invitation link is signed, not stored: it names the user and its expiry, and its signature covers the
user's password hash. The invited user has a random placeholder instead of a hash until they choose a
password, so the link dies when it is used, and when a new invitation replaces the placeholder.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from shop import routes
from shop.common import audit
from shop.common.validation import MAX_NAME, FieldError, FormErrors, clean_text, form_value, is_checked
from shop.config import get_settings
from shop.i18n import translate
from shop.identity import sessions
from shop.identity.hashing import keyed_hash, same
from shop.identity.password_policy import read_new_password
from shop.identity.passwords import SCHEME, hash_password
from shop.mail.outbox import queue_email, render_email
from shop.merchants import two_factor
from shop.merchants.accounts import MerchantError, normalize_email
from shop.models import MerchantRole, MerchantUser
from shop.settings.store import get_store_settings

INVITATION_SECONDS = 7 * 24 * 3600
INVITED_PREFIX = "invited$"  # never a valid hash: nobody signs in with it
ROLES = tuple(role.value for role in MerchantRole)


@dataclass(frozen=True)
class StaffMember:
    id: int
    email: str
    name: str
    role: str
    read_only: bool
    two_factor: bool
    is_active: bool
    invited: bool  # no password chosen yet
    last_sign_in_at: datetime | None
    is_you: bool


def is_invited(user: MerchantUser) -> bool:
    return not (user.password_hash or "").startswith(SCHEME)


def list_staff(db: Session, *, viewer_id: int) -> list[StaffMember]:
    users = db.exec(select(MerchantUser).order_by(MerchantUser.is_active.desc(), MerchantUser.role,
                                                  func.lower(MerchantUser.email)))
    return [StaffMember(id=user.id, email=user.email, name=user.name, role=user.role, read_only=user.read_only,
                        two_factor=two_factor.is_enabled(user), is_active=user.is_active, invited=is_invited(user),
                        last_sign_in_at=user.last_sign_in_at, is_you=user.id == viewer_id)
            for user in users]


def _owners_who_can_sign_in(db: Session) -> int:
    """Active owners with a password: an invited owner who never chose one cannot sign in (and their
    invitation expires), so they do not keep the shop manageable."""
    return db.exec(select(func.count()).select_from(MerchantUser).where(
        MerchantUser.role == MerchantRole.OWNER.value, MerchantUser.is_active,
        MerchantUser.password_hash.startswith(SCHEME, autoescape=True))).one()


def _is_last_active_owner(db: Session, user: MerchantUser) -> bool:
    return (user.role == MerchantRole.OWNER.value and user.is_active and not is_invited(user)
            and _owners_who_can_sign_in(db) <= 1)


def _target(db: Session, user_id: object) -> MerchantUser:
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not (1 <= user_id < 2**31):
        raise FormErrors({"form": "admin.staff.not_found"})
    user = db.get(MerchantUser, user_id)
    if user is None:
        raise FormErrors({"form": "admin.staff.not_found"})
    return user


def _read_role(form: object) -> tuple[str, bool]:
    role = form_value(form, "role")
    if role not in ROLES:
        raise FormErrors({"role": "admin.staff.role_invalid"})
    # Read-only applies to staff; an owner may do everything.
    return role, role == MerchantRole.STAFF.value and is_checked(form_value(form, "read_only"))


# --- invitations ---

def _signature(user: MerchantUser, expires: int) -> str:
    return keyed_hash("merchant-invitation", str(user.id), str(expires), user.email, user.password_hash or "")


def invitation_token(user: MerchantUser, now: float | None = None) -> str:
    expires = int((time.time() if now is None else now) + INVITATION_SECONDS)
    return f"{user.id}.{expires}.{_signature(user, expires)}"


def find_invited(db: Session, token: object, now: float | None = None) -> MerchantUser | None:
    """The invited user while the link is unused, unexpired and the user active; otherwise None."""
    if not isinstance(token, str) or not (20 <= len(token) <= 120) or token.count(".") != 2:
        return None
    user_id, expires, signature = token.split(".")
    if not (user_id.isdigit() and expires.isdigit()) or len(user_id) > 12 or len(expires) > 12:
        return None
    if int(expires) <= (time.time() if now is None else now):
        return None
    user = db.get(MerchantUser, int(user_id))
    if user is None or not user.is_active or not is_invited(user):
        return None
    return user if same(signature, _signature(user, int(expires))) else None


def _send_invitation(db: Session, user: MerchantUser, *, lang: str, inviter: MerchantUser) -> None:
    shop = get_store_settings(db).shop_name
    user.password_hash = INVITED_PREFIX + secrets.token_urlsafe(24)  # a new link voids the previous one
    db.add(user)
    db.flush()
    token = invitation_token(user)
    params = {"shop": shop, "inviter": inviter.name or inviter.email}
    rendered = render_email(
        lang, shop_name=shop, name=user.name,
        subject=translate(lang, "admin.staff.email.subject", **params),
        paragraphs=[translate(lang, "admin.staff.email.body", **params),
                    translate(lang, "admin.staff.email.outro", **params)],
        action_label=translate(lang, "admin.staff.email.action", **params),
        action_url=get_settings().store_base_url + routes.with_token(routes.ADMIN_INVITE, token),
    )
    queue_email(db, to=user.email, template="staff_invitation", lang=lang, email=rendered)


def invite_staff(db: Session, form: object, *, inviter: MerchantUser, lang: str) -> MerchantUser:
    """Create the user (no password yet) and email them a link to choose one."""
    errors: dict[str, str] = {}
    email = name = ""
    try:
        email = normalize_email(form_value(form, "email"))
    except MerchantError:
        errors["email"] = "error.email_invalid"
    try:
        name = clean_text(form_value(form, "name"), "name", max_length=MAX_NAME)
    except FieldError as error:
        errors["name"] = error.key
    try:
        role, read_only = _read_role(form)
    except FormErrors as error:
        errors.update(error.errors)
    if email and db.exec(select(MerchantUser).where(func.lower(MerchantUser.email) == email)).first():
        errors["email"] = "admin.staff.email_taken"
    if errors:
        raise FormErrors(errors)
    user = MerchantUser(email=email, name=name, role=role, read_only=read_only, password_hash="")
    db.add(user)
    db.flush()
    _send_invitation(db, user, lang=lang, inviter=inviter)
    audit.record(db, "merchant.staff_invited", merchant_user_id=inviter.id, email=email,
                 detail=f"user={user.id} role={role} read_only={read_only}")
    return user


def resend_invitation(db: Session, user_id: object, *, inviter: MerchantUser, lang: str) -> MerchantUser:
    user = _target(db, user_id)
    if not is_invited(user) or not user.is_active:
        raise FormErrors({"form": "admin.staff.not_invited"})
    _send_invitation(db, user, lang=lang, inviter=inviter)
    audit.record(db, "merchant.staff_reinvited", merchant_user_id=inviter.id, email=user.email,
                 detail=f"user={user.id}")
    return user


def accept_invitation(db: Session, token: object, form: object, *, ip_address: str = "") -> str:
    """Set the invited user's password (the link then stops working); returns their email to sign in with."""
    user = find_invited(db, token)
    if user is None:
        raise FormErrors({"form": "admin.invite.link_invalid"})
    password = read_new_password(form, related=[user.email, user.name])
    user.password_hash = hash_password(password)
    db.add(user)
    sessions.end_all_sessions(db, merchant_user_id=user.id)
    audit.record(db, "merchant.invitation_used", merchant_user_id=user.id, email=user.email, ip_address=ip_address)
    return user.email


# --- roles and access ---

def change_access(db: Session, user_id: object, form: object, *, by: MerchantUser) -> MerchantUser:
    """A new role and read-only flag; the last active owner stays an owner."""
    user = _target(db, user_id)
    role, read_only = _read_role(form)
    if role != MerchantRole.OWNER.value and _is_last_active_owner(db, user):
        raise FormErrors({"form": "admin.staff.last_owner"})
    before = (user.role, user.read_only)
    user.role, user.read_only = role, read_only
    db.add(user)
    audit.record(db, "merchant.staff_access_changed", merchant_user_id=by.id, email=user.email,
                 detail=f"user={user.id} role={before[0]}->{role} read_only={before[1]}->{read_only}")
    return user


def set_active(db: Session, user_id: object, active: object, *, by: MerchantUser) -> MerchantUser:
    """Deactivate (every session of theirs ends now) or reactivate a user."""
    if not isinstance(active, bool):
        raise FormErrors({"form": "admin.staff.not_found"})
    user = _target(db, user_id)
    if not active and _is_last_active_owner(db, user):
        raise FormErrors({"form": "admin.staff.last_owner"})
    user.is_active = active
    db.add(user)
    if not active:
        sessions.end_all_sessions(db, merchant_user_id=user.id)
    audit.record(db, "merchant.staff_activated" if active else "merchant.staff_deactivated", merchant_user_id=by.id,
                 email=user.email, detail=f"user={user.id}")
    return user
