"""The emails of closing an account: to the customer, and to the shop with their comment."""

from __future__ import annotations

from sqlmodel import Session

from shop.common.formatting import format_moment
from shop.mail.outbox import queue_message
from shop.models import utcnow
from shop.settings.store import get_store_settings


def send_account_deleted(db: Session, to: str, lang: str, name: str) -> None:
    queue_message(db, to=to, template="account_deleted", lang=lang, name=name,
                  paragraphs=["email.account_deleted.body", "email.account_deleted.outro"])


def send_account_deleted_merchant(db: Session, *, customer_number: str, name: str, email: str,
                                  comment: str) -> None:
    """To the shop's contact address, in the shop's language. The comment is plain text (escaped in HTML)."""
    settings = get_store_settings(db)
    lang = settings.default_language
    ending = "comment_heading" if comment else "no_comment"
    queue_message(db, to=settings.contact_email, template="account_deleted_merchant", lang=lang,
                  paragraphs=["email.account_deleted_merchant.body", f"email.account_deleted_merchant.{ending}"],
                  extra=[line for line in comment.split("\n") if line.strip()],
                  params={"number": customer_number, "name": name or "-", "email": email,
                          "when": format_moment(utcnow(), lang)})
