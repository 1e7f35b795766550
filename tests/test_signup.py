"""Sign-up and email verification, with every refusal."""

import threading

import pytest
from sqlmodel import Session, func, select

from shop.common.validation import FormErrors
from shop.identity import signup
from shop.models import AuditEvent, Customer, OutboxEmail, PendingSignUp, SignInSession
from tests.helpers import code_in, wrong_code_for

GOOD = {"email": "  Ana.Lopez@Example.COM ", "password": "green tea and linen towels", "first_name": "Ana",
        "last_name": "Lopez", "newsletter": True}


def test_sign_up_keeps_the_attempt_apart_and_sends_a_code(db, cheap_bcrypt, outbox):
    outcome = signup.sign_up(db, GOOD, lang="fr")
    db.commit()
    assert outcome.email == "ana.lopez@example.com" and outcome.needs_verification
    assert len(outcome.pending_sign_up_token) >= 40
    assert db.exec(select(Customer)).first() is None  # no customer record before the address is proven
    pending = db.exec(select(PendingSignUp)).one()
    assert pending.email == "ana.lopez@example.com" and "green tea" not in pending.password_hash
    assert outcome.pending_sign_up_token not in pending.token_hash
    [email] = outbox("ana.lopez@example.com")
    assert email.template == "verify" and email.language == "fr" and len(code_in(email)) == 6
    assert email.text_body and email.html_body


def test_verification_creates_the_customer_and_signs_in(db, cheap_bcrypt, outbox):
    pending = signup.sign_up(db, GOOD, lang="fr").pending_sign_up_token
    db.commit()
    outcome = signup.verify_email(db, pending, code_in(outbox()[0]))
    db.commit()
    assert outcome.ok and outcome.session_token
    customer = db.exec(select(Customer)).one()
    assert customer.email == "ana.lopez@example.com" and customer.email_verified_at is not None
    assert customer.language == "fr" and customer.newsletter_opt_in and customer.customer_number.startswith("C")
    assert db.exec(select(SignInSession)).one().customer_id == customer.id
    assert db.exec(select(PendingSignUp)).first() is None


def test_the_code_works_only_in_the_browser_that_signed_up(db, cheap_bcrypt, outbox):
    """A stranger signs up with someone else's address; the owner has the code but not the browser."""
    signup.sign_up(db, GOOD, lang="en")
    db.commit()
    code = code_in(outbox()[0])
    for token in ["", "x" * 43, None, {"token": "x"}]:
        refused = signup.verify_email(db, token, code)
        assert not refused.ok and refused.session_token is None
    db.commit()
    assert db.exec(select(Customer)).first() is None


def test_a_strangers_sign_up_never_becomes_the_owners_account(db, cheap_bcrypt, outbox):
    """Issue: the stranger's password must not open the owner's account once the owner proves the address."""
    from shop.identity import signin

    stranger = signup.sign_up(db, {**GOOD, "password": "stranger chose this one"}, lang="en")
    db.commit()
    owner = signup.sign_up(db, GOOD, lang="en")  # the owner signs up on their own
    db.commit()
    [_, owners_email] = outbox("ana.lopez@example.com")
    assert signup.verify_email(db, owner.pending_sign_up_token, code_in(owners_email)).ok
    db.commit()
    assert signin.sign_in_with_password(db, GOOD["email"], "stranger chose this one").status == "invalid"
    assert signin.sign_in_with_password(db, GOOD["email"], GOOD["password"]).status == "ok"
    # The stranger's attempt is gone: its code cannot complete anything any more.
    assert signup.verify_email(db, stranger.pending_sign_up_token, code_in(owners_email)).ok is False


@pytest.mark.parametrize("field,value,key", [
    ("email", "", "error.email_required"),
    ("email", "not-an-email", "error.email_invalid"),
    ("email", "a" * 1_000_000 + "@example.com", "error.email_invalid"),
    ("password", "short", "error.password_too_short"),
    ("password", "x" * 129, "error.password_too_long"),
    ("password", "password123", "error.password_weak"),
    ("password", "Lopez2026", "error.password_weak"),  # built from the name
    ("first_name", "", "error.required"),
    ("first_name", "A" * 1_000_000, "error.too_long"),
    ("last_name", {"$gt": ""}, "error.invalid"),
    ("first_name", "Ana\x00", "error.invalid"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(db, cheap_bcrypt, field, value, key):
    with pytest.raises(FormErrors) as refused:
        signup.sign_up(db, {**GOOD, field: value}, lang="en")
    assert refused.value.errors[field] == key
    db.rollback()
    assert db.exec(select(func.count()).select_from(Customer)).one() == 0
    assert db.exec(select(func.count()).select_from(OutboxEmail)).one() == 0


def test_junk_payloads_are_refused(db, cheap_bcrypt):
    for junk in [None, [], "email=a@b.c", {"email": ["a@b.c"]}]:
        with pytest.raises(FormErrors):
            signup.sign_up(db, junk, lang="en")


def test_existing_email_gets_the_same_answer_and_one_notice_an_hour(db, make_customer, outbox):
    existing = make_customer("ana.lopez@example.com", language="fr")
    outcomes = [signup.sign_up(db, {**GOOD, "password": "another long passphrase"}, lang="en") for _ in range(10)]
    db.commit()
    fresh = signup.sign_up(db, {**GOOD, "email": "someone.new@example.com"}, lang="en")
    db.commit()
    assert {(o.email, o.needs_verification, o.session_token) for o in outcomes} == \
           {("ana.lopez@example.com", True, None)}
    assert (fresh.needs_verification, fresh.session_token) == (True, None)
    [notice] = outbox("ana.lopez@example.com")  # ten sign-ups, one email: no mail cannon
    assert notice.template == "signup_attempt" and notice.language == "fr"
    assert db.exec(select(func.count()).select_from(Customer)).one() == 1
    db.refresh(existing)
    assert "another long" not in (existing.password_hash or "")


def test_a_record_nobody_proved_is_claimed_by_whoever_proves_the_address(db, make_customer, outbox):
    """A merchant-created record (no password) or an old unverified sign-up: the sign-up with its code
    takes it over, and every session opened before ends."""
    from shop.identity import sessions

    old = make_customer("ana.lopez@example.com", password="stranger chose this one", verified=False)
    strangers_session = sessions.start_session(db, customer_id=old.id)
    db.commit()
    pending = signup.sign_up(db, GOOD, lang="en").pending_sign_up_token
    db.commit()
    [email] = outbox("ana.lopez@example.com")
    assert email.template == "verify"  # treated like a new address
    assert signup.verify_email(db, pending, code_in(email)).ok
    db.commit()
    db.refresh(old)
    assert old.email_verified_at is not None
    assert sessions.resolve_session(db, strangers_session) is None
    from shop.identity.passwords import verify_password
    assert verify_password(GOOD["password"], old.password_hash)
    assert not verify_password("stranger chose this one", old.password_hash)


def test_two_verifications_at_once_give_one_account(engine, cheap_bcrypt):
    with Session(engine) as db:
        tokens = [signup.sign_up(db, GOOD, lang="en").pending_sign_up_token for _ in range(2)]
        db.commit()
        codes = [code_in(email) for email in db.exec(select(OutboxEmail).order_by(OutboxEmail.id))]
    barrier = threading.Barrier(2)
    errors = []

    results = []

    def attempt(token, code):
        try:
            with Session(engine) as db:
                barrier.wait()
                results.append(signup.verify_email(db, token, code).ok)
                db.commit()
        except Exception as error:  # any exception here is the bug this test looks for
            errors.append(error)

    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(tokens, codes, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, True]  # the first proof wins; the other sign-up is over
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(Customer)).one() == 1


def test_registration_closed_refuses_sign_up(db, cheap_bcrypt, store_settings):
    for mode in ("disabled", "members_only"):
        store_settings.registration_mode = mode
        db.add(store_settings)
        db.commit()
        with pytest.raises(FormErrors) as refused:
            signup.sign_up(db, GOOD, lang="en")
        assert refused.value.errors == {"form": "error.registration_closed"}


def test_without_verification_the_customer_is_signed_in_at_once(db, cheap_bcrypt, store_settings, outbox):
    store_settings.email_verification = "none"
    db.add(store_settings)
    db.commit()
    outcome = signup.sign_up(db, GOOD, lang="en")
    db.commit()
    assert outcome.session_token and not outcome.needs_verification
    assert outbox() == []


def test_wrong_code_then_right_code(db, cheap_bcrypt, outbox):
    pending = signup.sign_up(db, GOOD, lang="en").pending_sign_up_token
    db.commit()
    code = code_in(outbox()[0])
    refused = signup.verify_email(db, pending, wrong_code_for(code))
    assert (refused.ok, refused.error_field, refused.error_key) == (False, "code", "error.code_invalid")
    assert signup.verify_email(db, pending, " ".join([code[:3], code[3:]])).ok  # "123 456" is fine


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None, 123456, "1" * 1_000_000])
def test_malformed_codes_are_refused(db, cheap_bcrypt, code):
    outcome = signup.verify_email(db, "x" * 43, code)
    assert not outcome.ok and outcome.error_key == "error.code_format"


def test_new_code_is_limited_to_one_a_minute(db, cheap_bcrypt, outbox):
    pending = signup.sign_up(db, GOOD, lang="en").pending_sign_up_token
    db.commit()
    signup.send_new_verification_code(db, pending)
    db.commit()
    assert len(outbox()) == 1  # still in the 60-second window


def test_new_code_needs_this_browsers_sign_up(db):
    for junk in ["nobody@example.com", "x" * 1_000_000, None, 42]:
        signup.send_new_verification_code(db, junk)
    assert db.exec(select(OutboxEmail)).first() is None


def test_audit_records_sign_up_and_verification_without_secrets(db, cheap_bcrypt, outbox):
    pending = signup.sign_up(db, GOOD, lang="en").pending_sign_up_token
    db.commit()
    code = code_in(outbox()[0])
    signup.verify_email(db, pending, code)
    db.commit()
    events = db.exec(select(AuditEvent)).all()
    assert {"customer.sign_up", "customer.email_verified", "customer.sign_in"} <= {e.kind for e in events}
    for event in events:
        assert code not in event.detail and "green tea" not in event.detail


def test_sign_ups_are_capped_per_client_network_before_the_password_is_hashed(db, cheap_bcrypt, outbox,
                                                                              monkeypatch):
    from datetime import timedelta

    from shop.identity import throttle
    from shop.identity.sessions import Client
    from shop.models import utcnow

    hashed = []
    real_hash = signup.hash_password
    monkeypatch.setattr(signup, "hash_password", lambda password: hashed.append(1) or real_hash(password))
    office = Client(ip_address="203.0.113.7")
    for number in range(throttle.SIGN_UPS_PER_CLIENT_PER_HOUR):
        signup.sign_up(db, {**GOOD, "email": f"colleague{number}@example.com"}, lang="en", client=office)
        db.commit()
    with pytest.raises(FormErrors) as refused:
        signup.sign_up(db, {**GOOD, "email": "one.more@example.com"}, lang="en", client=office)
    db.rollback()
    assert refused.value.errors["form"] == "error.sign_up_throttled"
    assert refused.value.errors["wait"] in ("59 min", "60 min")
    assert len(hashed) == throttle.SIGN_UPS_PER_CLIENT_PER_HOUR  # the refused one cost no hash
    assert db.exec(select(func.count()).select_from(PendingSignUp)).one() == throttle.SIGN_UPS_PER_CLIENT_PER_HOUR
    # Another network signs up as usual; the office does again once the hour has passed.
    signup.sign_up(db, {**GOOD, "email": "elsewhere@example.com"}, lang="en", client=Client(ip_address="198.51.100.4"))
    later = utcnow() + timedelta(minutes=61)
    assert throttle.sign_up_verdict(db, office.ip_address, now=later).allowed
