"""Sign-in sessions: random tokens stored hashed, expiry, sign-out, junk refused."""

from datetime import timedelta

from sqlmodel import select

from shop.identity import sessions
from shop.identity.hashing import hash_token
from shop.models import MerchantUser, SignInSession, utcnow


def _merchant(db):
    user = MerchantUser(email="ops@example.com", password_hash="x")
    db.add(user)
    db.commit()
    return user


def test_token_is_random_and_stored_only_as_a_hash(db):
    user = _merchant(db)
    token = sessions.start_session(db, merchant_user_id=user.id)
    other = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()
    assert token != other and len(token) >= 43  # 256 bits in URL-safe base64
    stored = db.exec(select(SignInSession.token_hash)).all()
    assert token not in stored and hash_token(token) in stored


def test_resolve_then_end(db):
    user = _merchant(db)
    token = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()
    assert sessions.resolve_session(db, token).merchant_user_id == user.id
    sessions.end_session(db, token)
    db.commit()
    assert sessions.resolve_session(db, token) is None


def test_expired_sessions_are_refused_and_removed(db):
    user = _merchant(db)
    start = utcnow()
    token = sessions.start_session(db, merchant_user_id=user.id, now=start)
    db.commit()
    later = start + sessions.BROWSER_SESSION_LIFETIME + timedelta(seconds=1)
    assert sessions.resolve_session(db, token, now=later) is None
    db.commit()
    assert db.exec(select(SignInSession)).first() is None


def test_remember_me_lasts_30_days(db):
    user = _merchant(db)
    start = utcnow()
    token = sessions.start_session(db, merchant_user_id=user.id, remember_me=True, now=start)
    db.commit()
    assert sessions.resolve_session(db, token, now=start + timedelta(days=29)) is not None
    assert sessions.resolve_session(db, token, now=start + timedelta(days=31)) is None


def test_junk_tokens_are_refused(db):
    for junk in [None, "", "short", 42, ["a"], "x" * 10_000]:
        assert sessions.resolve_session(db, junk) is None


def test_end_all_sessions_keeps_the_current_one(db):
    user = _merchant(db)
    keep = sessions.start_session(db, merchant_user_id=user.id)
    drop = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()
    assert sessions.end_all_sessions(db, merchant_user_id=user.id, keep_token=keep) == 1
    db.commit()
    assert sessions.resolve_session(db, keep) is not None
    assert sessions.resolve_session(db, drop) is None


def test_a_customer_is_resolved_with_their_session_in_one_query(db, make_customer):
    from sqlalchemy import event

    customer = make_customer()
    start = utcnow()
    token = sessions.start_session(db, customer_id=customer.id, now=start)
    db.commit()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 (connection, cursor, statement, ...)
    event.listen(db.get_bind(), "before_cursor_execute", listener)
    try:
        db.expire_all()
        assert sessions.resolve_customer(db, token, now=start).id == customer.id
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", listener)
    assert len(statements) == 1
    # The rules of resolve_session hold: last seen kept, expired sessions refused and removed.
    assert sessions.resolve_customer(db, token, now=start + sessions.LAST_SEEN_RESOLUTION) is not None
    db.commit()
    assert db.exec(select(SignInSession)).one().last_seen_at == start + sessions.LAST_SEEN_RESOLUTION
    expired = start + sessions.BROWSER_SESSION_LIFETIME + timedelta(seconds=1)
    assert sessions.resolve_customer(db, token, now=expired) is None
    db.commit()
    assert db.exec(select(SignInSession)).first() is None


def test_a_merchants_or_a_junk_token_resolves_no_customer(db):
    user = _merchant(db)
    token = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()
    assert sessions.resolve_customer(db, token) is None
    for junk in [None, "", "short", 42, ["a"], "x" * 10_000, "y" * 43]:
        assert sessions.resolve_customer(db, junk) is None
