"""The emails of the identity flows, each in the recipient's language, queued in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from storefront import routes
from storefront.config import get_settings
from storefront.i18n import translate
from storefront.services.formatting import format_moment
from storefront.services.mail import queue_email, render_email
from storefront.services.store_settings import get_store_settings


def _link(path: str) -> str:
    # Always the configured origin, never the request's Host header.
    return get_settings().store_base_url + path


def _send(db: Session, *, to: str, template: str, lang: str, name: str = "", code: str | None = None,
          action_key: str | None = None, action_path: str | None = None, paragraphs: list[str]) -> None:
    shop = get_store_settings(db).shop_name
    rendered = render_email(
        lang, shop_name=shop, name=name, code=code,
        subject=translate(lang, f"email.{template}.subject", shop=shop),
        paragraphs=[translate(lang, key, shop=shop) for key in paragraphs],
        action_label=translate(lang, action_key, shop=shop) if action_key else None,
        action_url=_link(action_path) if action_path else None,
    )
    queue_email(db, to=to, template=template, lang=lang, email=rendered)


def send_verification_code(db: Session, to: str, lang: str, name: str, code: str) -> None:
    _send(db, to=to, template="verify", lang=lang, name=name, code=code,
          paragraphs=["email.verify.body", "email.verify.outro"])


def send_signup_attempt_notice(db: Session, to: str, lang: str, name: str) -> None:
    _send(db, to=to, template="signup_attempt", lang=lang, name=name,
          paragraphs=["email.signup_attempt.body", "email.signup_attempt.outro"],
          action_key="email.signup_attempt.action", action_path=routes.FORGOT_PASSWORD)


def send_sign_in_code(db: Session, to: str, lang: str, name: str, code: str, link_token: str) -> None:
    _send(db, to=to, template="sign_in_code", lang=lang, name=name, code=code,
          paragraphs=["email.sign_in_code.body"], action_key="email.sign_in_code.action",
          action_path=f"/login/link/{link_token}")


def send_password_reset(db: Session, to: str, lang: str, name: str, token: str) -> None:
    _send(db, to=to, template="reset", lang=lang, name=name,
          paragraphs=["email.reset.body", "email.reset.outro"], action_key="email.reset.action",
          action_path=f"/reset-password/{token}")


def send_password_changed_notice(db: Session, to: str, lang: str, name: str) -> None:
    from storefront.models import utcnow

    shop = get_store_settings(db).shop_name
    when = format_moment(utcnow(), lang)
    rendered = render_email(
        lang, shop_name=shop, name=name,
        subject=translate(lang, "email.password_changed.subject", shop=shop),
        paragraphs=[translate(lang, "email.password_changed.body", shop=shop, when=when)],
        action_label=translate(lang, "email.password_changed.action"), action_url=_link("/forgot-password"),
    )
    queue_email(db, to=to, template="password_changed", lang=lang, email=rendered)


def send_invitation(db: Session, to: str, lang: str, name: str, token: str) -> None:
    _send(db, to=to, template="invitation", lang=lang, name=name,
          paragraphs=["email.invitation.body"], action_key="email.invitation.action",
          action_path=f"/invite/{token}")


def send_no_account(db: Session, to: str, lang: str, *, asked_for: str) -> None:
    """To an address with no account that someone asked a code or a reset for: the same work as for
    a known address, and the mailbox's owner learns what happened."""
    _send(db, to=to, template="no_account", lang=lang,
          paragraphs=[f"email.no_account.body.{asked_for}", "email.no_account.outro"],
          action_key="email.no_account.action", action_path=routes.SIGNUP)


def send_access_refused(db: Session, to: str, lang: str, name: str) -> None:
    _send(db, to=to, template="access_refused", lang=lang, name=name,
          paragraphs=["email.access_refused.body", "email.access_refused.outro"])


def send_use_your_password(db: Session, to: str, lang: str, name: str) -> None:
    """Sign-in codes are off and this customer has a password."""
    _send(db, to=to, template="use_password", lang=lang, name=name,
          paragraphs=["email.use_password.body", "email.use_password.outro"],
          action_key="email.use_password.action", action_path=routes.FORGOT_PASSWORD)
