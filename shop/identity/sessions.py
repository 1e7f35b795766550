"""Sign-in sessions: an opaque random token in the browser, only its hash in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, delete, select

from shop.common import audit
from shop.identity.hashing import hash_token, new_token
from shop.models import Customer, SignInSession, utcnow


@dataclass(frozen=True)
class Client:
    """Who is asking, as the server sees it: every sign-in and rate limit needs it."""

    ip_address: str = ""
    user_agent: str = ""
    current_token: str = ""  # the browser's previous session, ended at sign-in


REMEMBER_ME_LIFETIME = timedelta(days=30)
BROWSER_SESSION_LIFETIME = timedelta(hours=12)
# Writing last_seen on every request would make every page view a write.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def start_session(
    db: Session,
    *,
    customer_id: int | None = None,
    merchant_user_id: int | None = None,
    remember_me: bool = False,
    user_agent: str = "",
    ip_address: str = "",
    now: datetime | None = None,
) -> str:
    """Create a session and return the token for the browser (never stored in clear)."""
    if (customer_id is None) == (merchant_user_id is None):
        raise ValueError("a session belongs to exactly one customer or one merchant user")
    now = now or utcnow()
    token = new_token()
    db.add(
        SignInSession(
            token_hash=hash_token(token),
            customer_id=customer_id,
            merchant_user_id=merchant_user_id,
            remember_me=remember_me,
            user_agent=user_agent[:300],
            ip_address=ip_address[:64],
            created_at=now,
            last_seen_at=now,
            expires_at=now + (REMEMBER_ME_LIFETIME if remember_me else BROWSER_SESSION_LIFETIME),
        )
    )
    return token


def open_customer_session(db: Session, customer: Customer, client: Client, *, how: str,
                          remember_me: bool = False) -> str:
    """Sign this customer in, in this browser: the browser's previous session (whoever it was) ends, a new
    token is made, and the sign-in is recorded. Every way of signing in ends here."""
    end_session(db, client.current_token)
    customer.last_sign_in_at = utcnow()
    db.add(customer)
    token = start_session(db, customer_id=customer.id, remember_me=remember_me, user_agent=client.user_agent,
                          ip_address=client.ip_address)
    audit.record(db, "customer.sign_in", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address, detail=how)
    return token


def resolve_session(db: Session, token: object, now: datetime | None = None) -> SignInSession | None:
    """The live session for a browser token, or None. Expired sessions are deleted on sight."""
    if not _plausible(token):
        return None
    found = db.exec(select(SignInSession).where(SignInSession.token_hash == hash_token(token))).first()
    return _live(db, found, now or utcnow())


# Built once: making the statement cost as much as running it, on every customer's event.
_CUSTOMER_BY_TOKEN = select(SignInSession, Customer).join(Customer, Customer.id == SignInSession.customer_id) \
    .where(SignInSession.token_hash == bindparam("token_hash"))


def resolve_customer(db: Session, token: object, now: datetime | None = None) -> Customer | None:
    """The customer of the live session for a browser token, or None: one query for both rows, since every
    customer's event asks it (blocked customers are the caller's to refuse)."""
    if not _plausible(token):
        return None
    row = db.exec(_CUSTOMER_BY_TOKEN, params={"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    found, customer = row
    return customer if _live(db, found, now or utcnow()) is not None else None


def _plausible(token: object) -> bool:
    return isinstance(token, str) and 20 <= len(token) <= 100


def _live(db: Session, found: SignInSession | None, now: datetime) -> SignInSession | None:
    """The session if it has not expired (an expired one is deleted); its last_seen kept to the minutes."""
    if found is None:
        return None
    if found.expires_at <= now:
        db.delete(found)
        return None
    if now - found.last_seen_at >= LAST_SEEN_RESOLUTION:
        found.last_seen_at = now
        db.add(found)
    return found


def end_session(db: Session, token: object) -> None:
    if isinstance(token, str) and token:
        db.exec(delete(SignInSession).where(SignInSession.token_hash == hash_token(token)))


def end_all_sessions(db: Session, *, customer_id: int | None = None, merchant_user_id: int | None = None,
                     keep_token: str | None = None) -> int:
    """End every session of one customer or merchant user, except optionally the current one."""
    query = delete(SignInSession)
    if customer_id is not None:
        query = query.where(SignInSession.customer_id == customer_id)
    elif merchant_user_id is not None:
        query = query.where(SignInSession.merchant_user_id == merchant_user_id)
    else:
        raise ValueError("name whose sessions to end")
    if keep_token:
        query = query.where(SignInSession.token_hash != hash_token(keep_token))
    return db.exec(query).rowcount
