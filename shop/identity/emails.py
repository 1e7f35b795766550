"""The emails of sign-up, sign-in, password and email-address changes, each in the recipient's language,
queued in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from shop import routes
from shop.common.formatting import format_moment
from shop.mail.outbox import queue_message
from shop.models import utcnow


def send_verification_code(db: Session, to: str, lang: str, name: str, code: str) -> None:
    queue_message(db, to=to, template="verify", lang=lang, name=name, code=code,
                  paragraphs=["email.verify.body", "email.verify.outro"])


def send_signup_attempt_notice(db: Session, to: str, lang: str, name: str) -> None:
    queue_message(db, to=to, template="signup_attempt", lang=lang, name=name,
                  paragraphs=["email.signup_attempt.body", "email.signup_attempt.outro"],
                  action_key="email.signup_attempt.action", action_path=routes.FORGOT_PASSWORD)


def send_sign_in_code(db: Session, to: str, lang: str, name: str, code: str, link_token: str) -> None:
    queue_message(db, to=to, template="sign_in_code", lang=lang, name=name, code=code,
                  paragraphs=["email.sign_in_code.body"], action_key="email.sign_in_code.action",
                  action_path=routes.with_token(routes.LOGIN_LINK, link_token))


def send_password_reset(db: Session, to: str, lang: str, name: str, token: str) -> None:
    queue_message(db, to=to, template="reset", lang=lang, name=name,
                  paragraphs=["email.reset.body", "email.reset.outro"], action_key="email.reset.action",
                  action_path=routes.with_token(routes.RESET_PASSWORD, token))


def send_password_changed_notice(db: Session, to: str, lang: str, name: str) -> None:
    queue_message(db, to=to, template="password_changed", lang=lang, name=name,
                  paragraphs=["email.password_changed.body"], params={"when": format_moment(utcnow(), lang)},
                  action_key="email.password_changed.action", action_path=routes.FORGOT_PASSWORD)


def send_invitation(db: Session, to: str, lang: str, name: str, token: str) -> None:
    queue_message(db, to=to, template="invitation", lang=lang, name=name,
                  paragraphs=["email.invitation.body"], action_key="email.invitation.action",
                  action_path=routes.with_token(routes.INVITE, token))


def send_no_account(db: Session, to: str, lang: str, *, asked_for: str) -> None:
    """To an address with no account that someone asked a code or a reset for: the same work as for
    a known address, and the mailbox's owner learns what happened."""
    queue_message(db, to=to, template="no_account", lang=lang,
                  paragraphs=[f"email.no_account.body.{asked_for}", "email.no_account.outro"],
                  action_key="email.no_account.action", action_path=routes.SIGNUP)


def send_access_refused(db: Session, to: str, lang: str, name: str) -> None:
    queue_message(db, to=to, template="access_refused", lang=lang, name=name,
                  paragraphs=["email.access_refused.body", "email.access_refused.outro"])


def send_use_your_password(db: Session, to: str, lang: str, name: str) -> None:
    """Sign-in codes are off and this customer has a password."""
    queue_message(db, to=to, template="use_password", lang=lang, name=name,
                  paragraphs=["email.use_password.body", "email.use_password.outro"],
                  action_key="email.use_password.action", action_path=routes.FORGOT_PASSWORD)


def mask_email(email: str) -> str:
    """`c•••@example.com`: enough for the owner to recognise, not enough to hand out a new address."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def send_email_change(db: Session, to: str, lang: str, name: str, code: str, token: str) -> None:
    """To the NEW address: a code and a link; either one confirms it."""
    queue_message(db, to=to, template="email_change", lang=lang, name=name, code=code,
                  paragraphs=["email.email_change.body", "email.email_change.outro"],
                  action_key="email.email_change.action",
                  action_path=routes.with_token(routes.ACCOUNT_CONFIRM_EMAIL, token))


def send_email_change_taken(db: Session, to: str, lang: str, name: str) -> None:
    """To an address that already has an account: the person who asked is told nothing different."""
    queue_message(db, to=to, template="email_change_taken", lang=lang, name=name,
                  paragraphs=["email.email_change_taken.body", "email.email_change_taken.outro"])


def send_email_changed_notice(db: Session, to: str, lang: str, name: str, new_email: str) -> None:
    """To the OLD address, once the change is done."""
    queue_message(db, to=to, template="email_changed_notice", lang=lang, name=name,
                  paragraphs=["email.email_changed_notice.body", "email.email_changed_notice.outro"],
                  params={"email": mask_email(new_email), "when": format_moment(utcnow(), lang)})


def send_confirm_action_code(db: Session, to: str, lang: str, name: str, code: str) -> None:
    queue_message(db, to=to, template="confirm_action_code", lang=lang, name=name, code=code,
                  paragraphs=["email.confirm_action_code.body", "email.confirm_action_code.outro"])
