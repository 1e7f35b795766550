"""Customer sign-in by password, code and link; throttling; blocking; sessions; the approved-buyer rule."""

from datetime import timedelta

import pytest
from sqlmodel import select

from storefront.models import AuditEvent, SignInSession, utcnow
from storefront.services import customers, passwords, sessions, signin, throttle
from storefront.services.signin import Client, SignInStatus
from tests.helpers import code_in, token_in

PASSWORD = "green tea and linen towels"


def test_right_password_opens_a_session(db, make_customer):
    customer = make_customer("ana@example.com")
    outcome = signin.sign_in_with_password(db, " ANA@example.com", PASSWORD, client=Client(ip_address="192.0.2.1"))
    db.commit()
    assert outcome.status == SignInStatus.OK and outcome.session_token
    assert signin.current_customer(db, outcome.session_token).id == customer.id


@pytest.mark.parametrize("email,password", [
    ("ana@example.com", "wrong password here"),
    ("nobody@example.com", PASSWORD),
    ("", PASSWORD),
    ("ana@example.com", ""),
    ("ana@example.com", "p" * 1_000_000),
    (None, None),
    (["ana@example.com"], {"$ne": ""}),
])
def test_every_refusal_is_the_same(db, make_customer, email, password):
    make_customer("ana@example.com")
    outcome = signin.sign_in_with_password(db, email, password)
    assert outcome.status == SignInStatus.INVALID and outcome.session_token is None


def test_unknown_email_still_pays_for_a_bcrypt_check(db, cheap_bcrypt, monkeypatch):
    calls = []
    real = passwords.bcrypt.checkpw
    monkeypatch.setattr(passwords.bcrypt, "checkpw", lambda *a: calls.append(1) or real(*a))
    signin.sign_in_with_password(db, "nobody@example.com", PASSWORD)
    assert calls == [1]


def test_a_new_token_at_every_sign_in_and_the_old_one_dies(db, make_customer):
    make_customer("ana@example.com")
    first = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    second = signin.sign_in_with_password(db, "ana@example.com", PASSWORD,
                                          client=Client(current_token=first)).session_token
    db.commit()
    assert first != second
    assert signin.current_customer(db, first) is None and signin.current_customer(db, second) is not None


def test_remember_me_sets_30_days_otherwise_12_hours(db, make_customer):
    make_customer("ana@example.com")
    long = signin.sign_in_with_password(db, "ana@example.com", PASSWORD, remember_me=True).session_token
    short = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    db.commit()
    now = utcnow()
    by_token = {s.remember_me: s for s in db.exec(select(SignInSession))}
    assert by_token[True].expires_at - now > timedelta(days=29)
    assert by_token[False].expires_at - now <= timedelta(hours=12)
    assert sessions.resolve_session(db, short, now=now + timedelta(hours=13)) is None
    assert sessions.resolve_session(db, long, now=now + timedelta(days=29)) is not None


def test_five_failures_throttle_even_the_right_password(db, make_customer):
    make_customer("ana@example.com")
    for _ in range(throttle.PER_EMAIL):
        signin.sign_in_with_password(db, "ana@example.com", "wrong password here")
    db.commit()
    outcome = signin.sign_in_with_password(db, "ana@example.com", PASSWORD)
    assert outcome.status == SignInStatus.INVALID  # same message as a wrong password
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.sign_in_throttled")).first()


def test_throttle_per_client_address(db, make_customer):
    make_customer("ana@example.com")
    client = Client(ip_address="203.0.113.9")
    for n in range(throttle.PER_CLIENT):
        signin.sign_in_with_password(db, f"guess{n}@example.com", "wrong password", client=client)
    db.commit()
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD, client=client).status == \
        SignInStatus.INVALID
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.OK


def test_throttle_ends_after_the_window(db, make_customer):
    make_customer("ana@example.com")
    for _ in range(throttle.PER_EMAIL):
        signin.sign_in_with_password(db, "ana@example.com", "wrong password here")
    db.commit()
    later = utcnow() + throttle.WINDOW + timedelta(seconds=1)
    assert not throttle.sign_in_blocked(db, "ana@example.com", "", now=later)


def test_blocked_customer_is_told_and_all_sessions_end(db, make_customer):
    customer = make_customer("ana@example.com")
    token = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    other = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    customers.block_customer(db, customer.id, merchant_user_id=None)
    db.commit()
    assert signin.current_customer(db, token) is None and signin.current_customer(db, other) is None
    assert db.exec(select(SignInSession)).first() is None
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.BLOCKED
    # Only the right password learns about the block.
    assert signin.sign_in_with_password(db, "ana@example.com", "wrong password here").status == \
        SignInStatus.INVALID
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.blocked")).first()


def test_unverified_customer_gets_a_code_instead_of_a_session(db, make_customer, outbox):
    make_customer("ana@example.com", verified=False)
    outcome = signin.sign_in_with_password(db, "ana@example.com", PASSWORD)
    db.commit()
    assert outcome.status == SignInStatus.UNVERIFIED and outcome.session_token is None
    assert outbox("ana@example.com")[-1].template == "verify"


def test_not_approved_customer_signs_in_but_cannot_order(db, make_customer, store_settings):
    make_customer("ana@example.com", approved_buyer=False)
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).can_order  # setting off
    store_settings.approved_buyers_only = True
    db.add(store_settings)
    db.commit()
    outcome = signin.sign_in_with_password(db, "ana@example.com", PASSWORD)
    assert outcome.status == SignInStatus.OK and not outcome.can_order


def test_hash_is_upgraded_at_sign_in_when_the_cost_changes(db, make_customer, monkeypatch):
    customer = make_customer("ana@example.com")  # hashed at cost 4
    monkeypatch.setattr(passwords, "BCRYPT_COST", 5)
    signin.sign_in_with_password(db, "ana@example.com", PASSWORD)
    assert customer.password_hash.split("$")[3] == "05"


def test_sign_out_deletes_the_session(db, make_customer):
    make_customer("ana@example.com")
    token = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    signin.sign_out(db, token)
    db.commit()
    assert db.exec(select(SignInSession)).first() is None
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.sign_out")).first()


# --- by code and by link ---

def test_code_and_link_arrive_in_one_email(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "Ana@Example.com")
    db.commit()
    [email] = outbox("ana@example.com")
    assert email.template == "sign_in_code" and code_in(email) and "/login/link/" in email.text_body


def test_sign_in_with_code_voids_the_link(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    email = outbox()[-1]
    outcome = signin.sign_in_with_code(db, "ana@example.com", code_in(email))
    assert outcome.status == SignInStatus.OK
    assert signin.sign_in_with_link(db, token_in(email)).status == SignInStatus.CODE_ERROR


def test_sign_in_with_link_works_once_and_voids_the_code(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    email = outbox()[-1]
    assert signin.sign_in_link_is_valid(db, token_in(email))  # opening the page consumes nothing
    assert signin.sign_in_with_link(db, token_in(email)).status == SignInStatus.OK
    reused = signin.sign_in_with_link(db, token_in(email))
    assert reused.status == SignInStatus.CODE_ERROR and reused.error_key == "error.link_invalid"
    assert signin.sign_in_with_code(db, "ana@example.com", code_in(email)).status == SignInStatus.CODE_ERROR


def test_wrong_sign_in_code_counts_and_sixth_try_fails(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    code = code_in(outbox()[-1])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert signin.sign_in_with_code(db, "ana@example.com", wrong).status == SignInStatus.CODE_ERROR
    assert signin.sign_in_with_code(db, "ana@example.com", code).status == SignInStatus.CODE_ERROR


def test_code_sign_in_sends_nothing_to_unknown_or_blocked_addresses(db, make_customer, outbox):
    make_customer("blocked@example.com", is_blocked=True)
    assert signin.request_sign_in_code(db, "nobody@example.com") == "nobody@example.com"
    signin.request_sign_in_code(db, "blocked@example.com")
    assert outbox() == []


def test_code_sign_in_is_limited_to_one_email_a_minute(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    assert len(outbox()) == 1


def test_customer_without_password_can_always_use_a_code(db, make_customer, store_settings, outbox):
    store_settings.passwordless_sign_in = False
    db.add(store_settings)
    make_customer("with.password@example.com")
    make_customer("from.order@example.com", password=None, verified=False)
    signin.request_sign_in_code(db, "with.password@example.com")
    signin.request_sign_in_code(db, "from.order@example.com")
    assert [e.to_address for e in outbox()] == ["from.order@example.com"]
    outcome = signin.sign_in_with_code(db, "from.order@example.com", code_in(outbox()[-1]))
    assert outcome.status == SignInStatus.OK  # and the code proved the address


def test_blocked_customer_cannot_use_an_old_link(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    customers.block_customer(db, customer.id)
    outcome = signin.sign_in_with_link(db, token_in(outbox()[-1]))
    assert outcome.status == SignInStatus.BLOCKED and outcome.session_token is None


def test_malformed_email_for_a_code_is_refused_next_to_the_field(db):
    from storefront.services.validation import FieldError

    with pytest.raises(FieldError) as refused:
        signin.request_sign_in_code(db, "not an email")
    assert refused.value.field == "email"


def test_audit_of_sign_in_and_failure_has_no_secret(db, make_customer):
    make_customer("ana@example.com")
    signin.sign_in_with_password(db, "ana@example.com", "wrong password here")
    token = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    db.commit()
    for event in db.exec(select(AuditEvent)):
        assert PASSWORD not in event.detail and "wrong password" not in event.detail and token not in event.detail
    kinds = [e.kind for e in db.exec(select(AuditEvent))]
    assert "customer.sign_in_failed" in kinds and "customer.sign_in" in kinds
