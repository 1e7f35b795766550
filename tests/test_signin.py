"""Customer sign-in by password, code and link; throttling; blocking; sessions; the approved-buyer rule."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from shop.customers import records
from shop.identity import passwords, sessions, signin, throttle
from shop.identity.signin import Client, SignInStatus
from shop.models import AuditEvent, SignInSession, utcnow
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


def test_five_failures_throttle_and_say_so_for_known_and_unknown_addresses(db, make_customer):
    make_customer("ana@example.com")
    for email in ("ana@example.com", "nobody@example.com"):
        for _ in range(throttle.PER_EMAIL_FAILURES):
            assert signin.sign_in_with_password(db, email, "wrong password here").status == SignInStatus.INVALID
    db.commit()
    known = signin.sign_in_with_password(db, "ana@example.com", PASSWORD)  # even the right password
    unknown = signin.sign_in_with_password(db, "nobody@example.com", PASSWORD)
    assert (known.status, unknown.status) == (SignInStatus.THROTTLED, SignInStatus.THROTTLED)
    assert known.wait_text == unknown.wait_text == "15 min"
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.sign_in_throttled")).first()


def test_throttled_attempts_are_not_counted_so_nobody_keeps_an_owner_locked_out(db, make_customer):
    make_customer("ana@example.com")
    start = utcnow()
    for minute in range(throttle.PER_EMAIL_FAILURES):
        throttle.record(db, throttle.PASSWORD_FAILURE, email="ana@example.com", now=start + timedelta(minutes=minute))
    # An attacker knocks every 3 minutes while the address is held...
    for minute in (5, 8, 11, 14):
        outcome = signin.sign_in_with_password(db, "ana@example.com", "another guess",
                                               client=Client(ip_address="198.51.100.7"))
        assert outcome.status == SignInStatus.THROTTLED
        db.commit()
        assert not throttle.password_verdict(db, "ana@example.com", "", now=start + timedelta(minutes=minute)).allowed
    # ...which added nothing: the owner is let in once the first failure leaves the 15-minute window.
    assert throttle.password_verdict(db, "ana@example.com", "", now=start + timedelta(minutes=15, seconds=1)).allowed


def test_throttle_per_client_address_with_growing_delays(db, make_customer, cheap_bcrypt):
    make_customer("ana@example.com")
    client = Client(ip_address="203.0.113.9")
    for n in range(throttle.CLIENT_FREE_FAILURES):
        assert signin.sign_in_with_password(db, f"guess{n}@example.com", "wrong password",
                                            client=client).status == SignInStatus.INVALID
    db.commit()
    held = signin.sign_in_with_password(db, "ana@example.com", PASSWORD, client=client)
    assert held.status == SignInStatus.THROTTLED and held.wait_text == "1 min"  # 5 seconds, said as a minute
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.OK  # others pass
    # Each further failure doubles the wait: 5 s, 10 s, 20 s... never more than 10 minutes.
    start = utcnow()
    waits = []
    for n in range(12):
        now = start + timedelta(hours=n)
        times = [now - timedelta(seconds=1)] * (throttle.CLIENT_FREE_FAILURES + n)
        waits.append(throttle._client_delay(times, now).retry_after)
    assert waits[0] == timedelta(seconds=4) and waits[1] == timedelta(seconds=9)
    assert max(waits) == throttle.CLIENT_MAX_DELAY - timedelta(seconds=1)


def test_ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4():
    assert throttle.client_network("2001:db8:1:2:aaaa::1") == throttle.client_network("2001:db8:1:2:ffff::9") \
        == "2001:db8:1:2::/64"
    assert throttle.client_network("2001:db8:1:3::1") != throttle.client_network("2001:db8:1:2::1")
    assert throttle.client_network("::ffff:192.0.2.7") == "192.0.2.7"
    assert throttle.client_network("not an address") == ""
    # A loopback peer is a proxy on this machine (or a test), never one person: never counted.
    assert throttle.client_network("127.0.0.1") == throttle.client_network("::1") == ""
    assert throttle.client_network("::ffff:127.0.0.1") == ""


def test_throttle_ends_after_the_window(db, make_customer):
    make_customer("ana@example.com")
    for _ in range(throttle.PER_EMAIL_FAILURES):
        signin.sign_in_with_password(db, "ana@example.com", "wrong password here")
    db.commit()
    later = utcnow() + throttle.PER_EMAIL_WINDOW + timedelta(seconds=1)
    assert throttle.password_verdict(db, "ana@example.com", "", now=later).allowed


def test_blocked_customer_is_told_and_all_sessions_end(db, make_customer):
    customer = make_customer("ana@example.com")
    token = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    other = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    records.block_customer(db, customer.id, merchant_user_id=None)
    db.commit()
    assert signin.current_customer(db, token) is None and signin.current_customer(db, other) is None
    assert db.exec(select(SignInSession)).first() is None
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.BLOCKED
    # Only the right password learns about the block.
    assert signin.sign_in_with_password(db, "ana@example.com", "wrong password here").status == \
        SignInStatus.INVALID
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.blocked")).first()


def test_unverified_customer_gets_a_code_bound_to_this_browser(db, make_customer, outbox):
    from shop.identity import signup

    make_customer("ana@example.com", verified=False)
    outcome = signin.sign_in_with_password(db, "ana@example.com", PASSWORD)
    db.commit()
    assert outcome.status == SignInStatus.UNVERIFIED and outcome.session_token is None
    email = outbox("ana@example.com")[-1]
    assert email.template == "verify"
    assert signup.verify_email(db, outcome.pending_sign_up_token, code_in(email)).ok
    db.commit()
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.OK


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


def test_a_password_chosen_before_the_address_was_proven_dies_when_the_owner_proves_it(
        db, make_customer, store_settings, outbox):
    """The takeover: a stranger signs up with the owner's address (here in a shop that does not verify
    emails) and a password of their own. The owner then signs in with an emailed code, or a link."""
    store_settings.email_verification = "none"
    db.add(store_settings)
    for route in ("code", "link"):
        email = f"owner.{route}@example.com"
        stranger = make_customer(email, password="stranger chose this one", verified=False)
        strangers_session = sessions.start_session(db, customer_id=stranger.id)
        db.commit()
        signin.request_sign_in_code(db, email)
        message = outbox(email)[-1]
        outcome = (signin.sign_in_with_code(db, email, code_in(message)) if route == "code"
                   else signin.sign_in_with_link(db, token_in(message)))
        db.commit()
        assert outcome.status == SignInStatus.OK
        assert signin.sign_in_with_password(db, email, "stranger chose this one").status == SignInStatus.INVALID
        assert sessions.resolve_session(db, strangers_session) is None  # the stranger is signed out
        assert signin.current_customer(db, outcome.session_token) is not None  # the owner stays in
        db.refresh(stranger)
        assert stranger.password_hash is None and stranger.email_verified_at is not None


def test_wrong_sign_in_code_counts_and_sixth_try_fails(db, make_customer, outbox):
    make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    code = code_in(outbox()[-1])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert signin.sign_in_with_code(db, "ana@example.com", wrong).status == SignInStatus.CODE_ERROR
    assert signin.sign_in_with_code(db, "ana@example.com", code).status == SignInStatus.CODE_ERROR


def test_code_requests_for_unknown_or_blocked_addresses_get_an_email_without_a_code(db, make_customer, outbox):
    make_customer("blocked@example.com", is_blocked=True)
    assert signin.request_sign_in_code(db, "nobody@example.com", lang="fr") == "nobody@example.com"
    signin.request_sign_in_code(db, "blocked@example.com")
    assert [(e.to_address, e.template) for e in outbox()] == [
        ("nobody@example.com", "no_account"), ("blocked@example.com", "access_refused")]
    assert outbox()[0].language == "fr"
    for email in outbox():
        assert not re.search(r"\b\d{6}\b", email.text_body) and "/login/link/" not in email.text_body
    # The code and link rehearsed for them (to take the same time) were thrown away.
    from shop.models import OneTimeCode, SingleUseToken
    assert db.exec(select(OneTimeCode)).first() is None and db.exec(select(SingleUseToken)).first() is None


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
    assert [(e.to_address, e.template) for e in outbox()] == [
        ("with.password@example.com", "use_password"), ("from.order@example.com", "sign_in_code")]
    outcome = signin.sign_in_with_code(db, "from.order@example.com", code_in(outbox()[-1]))
    assert outcome.status == SignInStatus.OK  # and the code proved the address


def test_blocked_customer_cannot_use_an_old_link(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    signin.request_sign_in_code(db, "ana@example.com")
    records.block_customer(db, customer.id)
    outcome = signin.sign_in_with_link(db, token_in(outbox()[-1]))
    assert outcome.status == SignInStatus.BLOCKED and outcome.session_token is None


def test_malformed_email_for_a_code_is_refused_next_to_the_field(db):
    from shop.common.validation import FieldError

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
