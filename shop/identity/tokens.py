"""Single-use link tokens (reset, invitation, sign-in link, email change).

Only a SHA-256 of the token is stored. Each token carries a fingerprint of the customer's password
hash and email when it was issued, so it dies as soon as either changes (as Django's tokens do).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from shop.identity.hashing import hash_token, keyed_hash, new_token, same
from shop.models import Customer, SingleUseToken, TokenKind, utcnow

LIFETIMES = {
    TokenKind.PASSWORD_RESET: timedelta(hours=1),
    TokenKind.INVITATION: timedelta(days=30),
    TokenKind.SIGN_IN_LINK: timedelta(minutes=10),
    TokenKind.EMAIL_CHANGE: timedelta(hours=1),
}


def state_fingerprint(customer: Customer) -> str:
    return keyed_hash("token-state", customer.password_hash or "", customer.email)


def void_tokens(db: Session, kind: TokenKind, customer_id: int, now: datetime | None = None) -> None:
    db.exec(
        update(SingleUseToken)
        .where(SingleUseToken.kind == kind.value, SingleUseToken.customer_id == customer_id,
               SingleUseToken.used_at.is_(None))
        .values(used_at=now or utcnow())
    )


def issue_token(db: Session, kind: TokenKind, customer: Customer, *, email: str | None = None,
                now: datetime | None = None) -> str:
    """A new token of this kind for the customer; older unused ones of the same kind stop working."""
    now = now or utcnow()
    void_tokens(db, kind, customer.id, now)
    token = new_token()
    db.add(SingleUseToken(kind=kind.value, token_hash=hash_token(token), customer_id=customer.id,
                          email=email or customer.email, state_fingerprint=state_fingerprint(customer),
                          created_at=now, expires_at=now + LIFETIMES[kind]))
    db.flush()
    return token


def find_valid_token(db: Session, kind: TokenKind, token: object,
                     now: datetime | None = None) -> tuple[SingleUseToken, Customer] | None:
    """The token and its customer if the token is unused, unexpired and still matches the account."""
    if not isinstance(token, str) or not (20 <= len(token) <= 100):
        return None
    now = now or utcnow()
    row = db.exec(select(SingleUseToken).where(SingleUseToken.token_hash == hash_token(token),
                                               SingleUseToken.kind == kind.value)).first()
    if row is None or row.used_at is not None or row.expires_at <= now or row.customer_id is None:
        return None
    customer = db.get(Customer, row.customer_id)
    if customer is None or not same(row.state_fingerprint, state_fingerprint(customer)):
        return None
    return row, customer


def consume_token(db: Session, row: SingleUseToken, now: datetime | None = None) -> bool:
    """Mark the token used; False if another request used it first."""
    result = db.exec(
        update(SingleUseToken)
        .where(SingleUseToken.id == row.id, SingleUseToken.used_at.is_(None))
        .values(used_at=now or utcnow())
    )
    return result.rowcount == 1


def last_issued_at(db: Session, kind: TokenKind, customer_id: int) -> datetime | None:
    return db.exec(
        select(SingleUseToken.created_at)
        .where(SingleUseToken.kind == kind.value, SingleUseToken.customer_id == customer_id)
        .order_by(SingleUseToken.id.desc())
    ).first()
