"""The emails of the account pages (email change, confirmations, deletion), queued in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from storefront.config import get_settings
from storefront.i18n import translate
from storefront.models import utcnow
from storefront.services.formatting import format_moment
from storefront.services.mail import queue_email, render_email
from storefront.services.store_settings import get_store_settings

CONFIRM_EMAIL_PATH = "/account/security/confirm-email/"


def _link(path: str) -> str:
    # Always the configured origin, never the request's Host header.
    return get_settings().store_base_url + path


def mask_email(email: str) -> str:
    """`c•••@example.com`: enough for the owner to recognise, not enough to hand out a new address."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def _send(db: Session, *, to: str, template: str, lang: str, name: str = "", code: str | None = None,
          action_key: str | None = None, action_path: str | None = None, paragraphs: list[str],
          params: dict[str, object] | None = None, extra: list[str] | None = None) -> None:
    """`paragraphs` are message keys filled with `params`; `extra` is text someone typed, shown as is."""
    shop = get_store_settings(db).shop_name
    values = {**(params or {}), "shop": shop}
    rendered = render_email(
        lang, shop_name=shop, name=name, code=code,
        subject=translate(lang, f"email.{template}.subject", **values),
        paragraphs=[translate(lang, key, **values) for key in paragraphs] + list(extra or []),
        action_label=translate(lang, action_key, **values) if action_key else None,
        action_url=_link(action_path) if action_path else None,
    )
    queue_email(db, to=to, template=template, lang=lang, email=rendered)


def send_email_change(db: Session, to: str, lang: str, name: str, code: str, token: str) -> None:
    """To the NEW address: a code and a link; either one confirms it."""
    _send(db, to=to, template="email_change", lang=lang, name=name, code=code,
          paragraphs=["email.email_change.body", "email.email_change.outro"],
          action_key="email.email_change.action", action_path=f"{CONFIRM_EMAIL_PATH}{token}")


def send_email_change_taken(db: Session, to: str, lang: str, name: str) -> None:
    """To an address that already has an account: the person who asked is told nothing different."""
    _send(db, to=to, template="email_change_taken", lang=lang, name=name,
          paragraphs=["email.email_change_taken.body", "email.email_change_taken.outro"])


def send_email_changed_notice(db: Session, to: str, lang: str, name: str, new_email: str) -> None:
    """To the OLD address, once the change is done."""
    _send(db, to=to, template="email_changed_notice", lang=lang, name=name,
          paragraphs=["email.email_changed_notice.body", "email.email_changed_notice.outro"],
          params={"email": mask_email(new_email), "when": format_moment(utcnow(), lang)})


def send_confirm_action_code(db: Session, to: str, lang: str, name: str, code: str) -> None:
    _send(db, to=to, template="confirm_action_code", lang=lang, name=name, code=code,
          paragraphs=["email.confirm_action_code.body", "email.confirm_action_code.outro"])


def send_account_deleted(db: Session, to: str, lang: str, name: str) -> None:
    _send(db, to=to, template="account_deleted", lang=lang, name=name,
          paragraphs=["email.account_deleted.body", "email.account_deleted.outro"])


def send_account_deleted_merchant(db: Session, *, customer_number: str, name: str, email: str,
                                  comment: str) -> None:
    """To the shop's contact address, in the shop's language. The comment is plain text (escaped in HTML)."""
    settings = get_store_settings(db)
    lang = settings.default_language
    if comment:
        keys = ["email.account_deleted_merchant.body", "email.account_deleted_merchant.comment_heading"]
        extra = [line for line in comment.split("\n") if line.strip()]
    else:
        keys = ["email.account_deleted_merchant.body", "email.account_deleted_merchant.no_comment"]
        extra = []
    _send(db, to=settings.contact_email, template="account_deleted_merchant", lang=lang,
          paragraphs=keys, extra=extra,
          params={"number": customer_number, "name": name or "-", "email": email,
                  "when": format_moment(utcnow(), lang)})
