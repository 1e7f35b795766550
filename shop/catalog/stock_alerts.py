""""Email me when it is back": a request per address and product, and one email when the stock returns."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shop import routes
from shop.catalog.products import localized_text
from shop.common.validation import normalize_email
from shop.i18n import normalize_language
from shop.identity import throttle
from shop.mail.outbox import queue_message
from shop.models import Product, StockAlert, utcnow

MAX_PENDING_PER_ADDRESS = 50  # a form that anyone can fill: keep one address from collecting thousands


def ask(db: Session, product_id: object, email: object, lang: str, client_ip: str = "") -> str:
    """Record the request (twice is once); returns the normalised address. FieldError for a bad address,
    LookupError for a product that is not sold out or not for sale. Past the per-client cap the request
    is silently dropped: the visitor sees the same confirmation."""
    address = normalize_email(email)
    product = db.get(Product, product_id) if isinstance(product_id, int) and not isinstance(product_id, bool) \
        and 0 < product_id < 2**63 else None
    if product is None or not product.is_active or product.stock > 0:
        raise LookupError("no such sold-out product")
    pending = db.exec(select(StockAlert).where(StockAlert.email == address, StockAlert.notified_at.is_(None))).all()
    if any(alert.product_id == product.id for alert in pending) or len(pending) >= MAX_PENDING_PER_ADDRESS:
        return address
    if not throttle.may_ask_stock_alert(db, client_ip):
        return address
    try:
        with db.begin_nested():
            db.add(StockAlert(email=address, product_id=product.id, language=normalize_language(lang)))
    except IntegrityError:  # asked before and already told: a new request after the email is allowed
        old = db.exec(select(StockAlert).where(StockAlert.email == address,
                                               StockAlert.product_id == product.id)).one()
        old.notified_at, old.created_at, old.language = None, utcnow(), normalize_language(lang)
        db.add(old)
    return address


def notify_returned(db: Session) -> int:
    """Email everyone waiting for a product that is in stock again, once. Returns how many emails.
    Each alert is claimed by one conditional write first: another worker's pass at the same moment skips it."""
    due = db.exec(select(StockAlert, Product).join(Product, StockAlert.product_id == Product.id)
                  .where(StockAlert.notified_at.is_(None), Product.stock > 0, Product.is_active)).all()
    sent = 0
    for alert, product in due:
        claimed = db.exec(sa.update(StockAlert).where(StockAlert.id == alert.id, StockAlert.notified_at.is_(None))
                          .values(notified_at=utcnow()).execution_options(synchronize_session=False))
        db.expire(alert)  # its notified_at was written around the session's copy
        if claimed.rowcount != 1:
            continue
        name, _ = localized_text(product, alert.language)
        queue_message(db, to=alert.email, template="back_in_stock", lang=alert.language,
                      paragraphs=["email.back_in_stock.body"], params={"name": name},
                      action_key="email.back_in_stock.action", action_path=routes.product_url(product.slug))
        sent += 1
    return sent
