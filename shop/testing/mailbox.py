"""The emails the shop wrote, as a test reads them: subject, text, the 6-digit code and the links."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select

from shop.models import OutboxEmail

CODE = re.compile(r"^(\d{6})$", re.MULTILINE)
LINK = re.compile(r"https?://[^\s<>\"]+")
MAX_EMAILS = 200


def as_message(row: OutboxEmail) -> dict:
    code = CODE.search(row.text_body)
    return {"id": row.id, "to": row.to_address, "subject": row.subject, "template": row.template,
            "language": row.language, "text": row.text_body, "code": code.group(1) if code else "",
            "links": LINK.findall(row.text_body), "created_at": row.created_at.isoformat()}


def latest_id(db: Session) -> int:
    return db.exec(select(func.max(OutboxEmail.id))).one() or 0


def messages(db: Session, *, to: str = "", after_id: int = 0) -> list[dict]:
    """The emails written after `after_id`, oldest first, to one address when `to` is given."""
    query = select(OutboxEmail).where(OutboxEmail.id > after_id)
    if to:
        query = query.where(func.lower(OutboxEmail.to_address) == to.strip().lower())
    return [as_message(row) for row in db.exec(query.order_by(OutboxEmail.id).limit(MAX_EMAILS))]
