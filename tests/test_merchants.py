"""Merchant sign-in: bcrypt, same answer for every refusal, throttling, hash upgrade."""

import pytest
from sqlmodel import select

from shop.identity import passwords
from shop.merchants import accounts
from shop.models import AuditEvent


def test_email_is_stored_lower_case(merchant):
    assert merchant.email == "ops@example.com"


def test_sign_in_with_the_right_password_opens_a_session(db, merchant):
    result = accounts.sign_in(db, " OPS@example.com ", "a long enough password", ip_address="10.0.0.1")
    db.commit()
    assert result.token and result.user_id == merchant.id and result.email == "ops@example.com"
    assert accounts.current_merchant(db, result.token).id == merchant.id


@pytest.mark.parametrize("email,password", [
    ("ops@example.com", "wrong password"),
    ("nobody@example.com", "a long enough password"),
    ("not an email", "a long enough password"),
    ("ops@example.com", ""),
    ("ops@example.com", "x" * 1_000_000),
    (None, None),
    ({"$ne": 1}, ["a"]),
])
def test_every_refusal_looks_the_same(db, merchant, email, password):
    result = accounts.sign_in(db, email, password)
    assert result.token is None and result.user_id is None


def test_failed_sign_ins_are_audited_without_the_password(db, merchant):
    accounts.sign_in(db, "ops@example.com", "wrong password 123")
    db.commit()
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == accounts.FAILED_SIGN_IN)).one()
    assert "wrong password 123" not in event.detail


def test_five_failures_throttle_even_the_right_password_and_say_so(db, merchant):
    from shop.identity import throttle

    for _ in range(throttle.PER_EMAIL_FAILURES):
        assert accounts.sign_in(db, "ops@example.com", "wrong password").wait_text == ""
    db.commit()
    held = accounts.sign_in(db, "ops@example.com", "a long enough password")
    assert held.token is None and held.wait_text == "15 min"


def test_a_new_sign_in_ends_this_browsers_previous_session(db, merchant):
    from shop.identity import sessions

    first = accounts.sign_in(db, "ops@example.com", "a long enough password").token
    second = accounts.sign_in(db, "ops@example.com", "a long enough password", current_token=first).token
    db.commit()
    assert sessions.resolve_session(db, first) is None and sessions.resolve_session(db, second) is not None


def test_the_published_demo_password_is_flagged(db, merchant):
    assert not merchant.uses_demo_password
    demo = accounts.create_merchant(db, "demo@example.com", accounts.PUBLISHED_DEMO_PASSWORD)
    assert demo.uses_demo_password
    accounts.sign_in(db, "ops@example.com", "a long enough password")
    db.refresh(merchant)
    assert not merchant.uses_demo_password


def test_inactive_merchant_cannot_sign_in(db, merchant):
    merchant.is_active = False
    db.add(merchant)
    db.commit()
    assert accounts.sign_in(db, "ops@example.com", "a long enough password").token is None


def test_hash_is_upgraded_when_the_cost_changes(db, merchant):
    merchant.password_hash = passwords.hash_password("a long enough password", cost=4)
    db.add(merchant)
    db.commit()
    assert accounts.sign_in(db, "ops@example.com", "a long enough password").token
    assert not passwords.needs_rehash(merchant.password_hash)


def test_sign_out_ends_the_session(db, merchant):
    token = accounts.sign_in(db, "ops@example.com", "a long enough password").token
    db.commit()
    accounts.sign_out(db, token)
    db.commit()
    assert accounts.current_merchant(db, token) is None


@pytest.mark.parametrize("email,password,error", [
    ("bad", "a long enough password", "invalid_email"),
    ("ok@example.com", "short", "password_length"),
    ("ok@example.com", "x" * 129, "password_length"),
])
def test_create_merchant_refusals(db, email, password, error):
    with pytest.raises(accounts.MerchantError, match=error):
        accounts.create_merchant(db, email, password)


def test_create_merchant_refuses_a_taken_email(db, merchant):
    with pytest.raises(accounts.MerchantError, match="email_taken"):
        accounts.create_merchant(db, "OPS@example.com", "another long password")
