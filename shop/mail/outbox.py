"""Composing emails (text and HTML, per language) and writing them to the outbox."""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass

from sqlmodel import Session

from shop.config import get_settings
from shop.i18n import normalize_language, translate
from shop.models import OutboxEmail, OutboxStatus
from shop.settings.store import get_store_settings


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text_body: str
    html_body: str


def render_email(
    lang: str,
    *,
    shop_name: str,
    subject: str,
    paragraphs: list[str],
    name: str = "",
    code: str | None = None,
    action_label: str | None = None,
    action_url: str | None = None,
) -> RenderedEmail:
    """One layout for every email. Every value is escaped in the HTML body."""
    greeting = translate(lang, "email.greeting", name=name) if name else translate(lang, "email.greeting_anonymous")
    signature = translate(lang, "email.signature")
    footer = translate(lang, "email.footer", shop=shop_name)

    text_parts = [greeting, *paragraphs]
    if code:
        text_parts.append(code)
    if action_label and action_url:
        text_parts.append(f"{action_label}: {action_url}")
    text_parts += [signature, "--", footer]
    text_body = "\n\n".join(text_parts) + "\n"

    e = html.escape
    blocks = [f'<p style="margin:0 0 16px">{e(greeting)}</p>']
    blocks += [f'<p style="margin:0 0 16px">{e(p)}</p>' for p in paragraphs]
    if code:
        blocks.append(
            '<p style="margin:24px 0;font-size:32px;letter-spacing:8px;font-weight:700;'
            f'font-family:Menlo,Consolas,monospace">{e(code)}</p>'
        )
    if action_label and action_url:
        blocks.append(
            f'<p style="margin:24px 0"><a href="{e(action_url, quote=True)}" style="background:#3e5c4a;'
            'color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">'
            f"{e(action_label)}</a></p>"
            f'<p style="margin:0 0 16px;font-size:13px;color:#6b6b6b">{e(translate(lang, "email.action_fallback"))}'
            f'<br><span style="word-break:break-all">{e(action_url)}</span></p>'
        )
    blocks.append(f'<p style="margin:24px 0 0">{e(signature)}</p>')
    html_body = (
        f'<!doctype html><html lang="{e(normalize_language(lang))}"><head><meta charset="utf-8">'
        f"<title>{e(subject)}</title></head>"
        '<body style="margin:0;background:#f6f3ee;font-family:Helvetica,Arial,sans-serif;color:#2b2b2b">'
        '<div style="max-width:560px;margin:0 auto;padding:32px 24px">'
        f'<p style="font-size:20px;font-weight:700;margin:0 0 24px">{e(shop_name)}</p>'
        f'<div style="background:#ffffff;border-radius:8px;padding:28px">{"".join(blocks)}</div>'
        f'<p style="font-size:12px;color:#8a8a8a;margin:16px 0 0">{e(footer)}</p>'
        "</div></body></html>"
    )
    return RenderedEmail(subject=subject, text_body=text_body, html_body=html_body)


def queue_email(db: Session, *, to: str, template: str, lang: str, email: RenderedEmail) -> OutboxEmail:
    """Write to the outbox in the caller's transaction; the background sender delivers it."""
    row = OutboxEmail(
        to_address=to,
        subject=email.subject[:300],
        text_body=email.text_body,
        html_body=email.html_body,
        template=template,
        language=normalize_language(lang),
        idempotency_key=f"outbox-{uuid.uuid4()}",
    )
    db.add(row)
    db.flush()
    return row


def queue_message(db: Session, *, to: str, template: str, lang: str, paragraphs: list[str], name: str = "",
                  code: str | None = None, params: dict[str, object] | None = None, extra: list[str] | None = None,
                  action_key: str | None = None, action_path: str | None = None,
                  subject_key: str | None = None) -> OutboxEmail:
    """Every email of the shop: `email.<template>.subject`, then `paragraphs` (message keys filled with
    `params` and the shop's name), then `extra` (text someone typed, shown as is), an optional code and
    an optional button to `action_path` on the configured origin (never the request's Host header).
    `subject_key` replaces the subject's key (the back-office's emails keep theirs in its catalogues)."""
    shop = get_store_settings(db).shop_name
    values = {**(params or {}), "shop": shop}
    rendered = render_email(
        lang, shop_name=shop, name=name, code=code,
        subject=translate(lang, subject_key or f"email.{template}.subject", **values),
        paragraphs=[translate(lang, key, **values) for key in paragraphs] + list(extra or []),
        action_label=translate(lang, action_key, **values) if action_key else None,
        action_url=get_settings().store_base_url + action_path if action_path else None,
    )
    return queue_email(db, to=to, template=template, lang=lang, email=rendered)


def queue_test_email(db: Session, to: str, lang: str) -> OutboxEmail:
    shop = get_store_settings(db).shop_name
    rendered = render_email(
        lang,
        shop_name=shop,
        subject=translate(lang, "email.test.subject", shop=shop),
        paragraphs=[translate(lang, "email.test.body")],
    )
    return queue_email(db, to=to, template="test", lang=lang, email=rendered)


def send_again(db: Session, email_id: int) -> OutboxEmail | None:
    """A failed email goes back to the queue with a fresh set of attempts; None unless it had failed."""
    row = db.get(OutboxEmail, email_id)
    if row is None or row.status != OutboxStatus.FAILED.value:
        return None
    row.status, row.attempts, row.next_attempt_at, row.claimed_until = OutboxStatus.PENDING.value, 0, None, None
    db.add(row)
    return row
