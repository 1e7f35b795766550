"""Emails to the shop itself (its contact address, in its default language): a new account, a closed one."""

from __future__ import annotations

from sqlmodel import Session

from shop.common.formatting import format_moment
from shop.customers import emails as customer_emails
from shop.mail.outbox import queue_message
from shop.models import Customer, OutboxEmail, utcnow
from shop.settings.store import get_store_settings


def notify_sign_up(db: Session, customer: Customer) -> OutboxEmail | None:
    """With `notify_on_signup` on, the shop hears of every account created by a sign-up."""
    settings = get_store_settings(db)
    if not settings.notify_on_signup or not settings.contact_email:
        return None
    lang = settings.default_language
    return queue_message(db, to=settings.contact_email, template="merchant_new_account", lang=lang,
                         subject_key="admin.email.new_account.subject",
                         paragraphs=["admin.email.new_account.body"],
                         params={"number": customer.customer_number, "name": customer.full_name or "-",
                                 "email": customer.email, "when": format_moment(utcnow(), lang)})


def notify_account_deleted(db: Session, *, customer_number: str, name: str, email: str, comment: str) -> None:
    """Always: the shop hears of every closed account, with the comment the customer typed (as text)."""
    customer_emails.send_account_deleted_merchant(db, customer_number=customer_number, name=name, email=email,
                                                  comment=comment)
