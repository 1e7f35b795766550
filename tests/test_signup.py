"""Sign-up and email verification, with every refusal."""

import threading

import pytest
from sqlmodel import Session, func, select

from storefront.models import AuditEvent, Customer, OutboxEmail, SignInSession
from storefront.services import signup
from storefront.services.validation import FormErrors
from tests.helpers import code_in

GOOD = {"email": "  Ana.Lopez@Example.COM ", "password": "green tea and linen towels", "first_name": "Ana",
        "last_name": "Lopez", "newsletter": True}


def test_sign_up_stores_a_normalised_email_and_sends_a_code(db, cheap_bcrypt, outbox):
    outcome = signup.sign_up(db, GOOD, lang="fr")
    db.commit()
    assert outcome.email == "ana.lopez@example.com" and outcome.needs_verification
    customer = db.exec(select(Customer)).one()
    assert customer.email == "ana.lopez@example.com" and customer.email_verified_at is None
    assert customer.language == "fr" and customer.newsletter_opt_in and customer.customer_number.startswith("C")
    assert "green tea" not in customer.password_hash
    [email] = outbox("ana.lopez@example.com")
    assert email.template == "verify" and email.language == "fr" and len(code_in(email)) == 6
    assert email.text_body and email.html_body


def test_verification_signs_in_and_verifies(db, cheap_bcrypt, outbox):
    signup.sign_up(db, GOOD, lang="en")
    db.commit()
    code = code_in(outbox()[0])
    outcome = signup.verify_email(db, "ANA.LOPEZ@example.com", code)
    db.commit()
    assert outcome.ok and outcome.session_token
    assert db.exec(select(Customer)).one().email_verified_at is not None
    assert db.exec(select(SignInSession)).one().customer_id is not None


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


def test_existing_email_gets_the_same_answer_and_a_notice(db, make_customer, outbox):
    existing = make_customer("ana.lopez@example.com", language="fr")
    outcome = signup.sign_up(db, {**GOOD, "password": "another long passphrase"}, lang="en")
    db.commit()
    fresh = signup.sign_up(db, {**GOOD, "email": "someone.new@example.com"}, lang="en")
    db.commit()
    assert (outcome.email, outcome.needs_verification, outcome.session_token) == \
           ("ana.lopez@example.com", True, None)
    assert (fresh.needs_verification, fresh.session_token) == (True, None)
    [notice] = outbox("ana.lopez@example.com")
    assert notice.template == "signup_attempt" and notice.language == "fr"
    assert db.exec(select(func.count()).select_from(Customer)).one() == 2
    db.refresh(existing)
    assert "another long" not in (existing.password_hash or "")


def test_two_sign_ups_at_once_give_one_account(engine, cheap_bcrypt):
    barrier = threading.Barrier(2)
    errors = []

    def attempt():
        try:
            with Session(engine) as db:
                barrier.wait()
                signup.sign_up(db, GOOD, lang="en")
                db.commit()
        except Exception as error:  # any exception here is the bug this test looks for
            errors.append(error)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
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
    signup.sign_up(db, GOOD, lang="en")
    db.commit()
    code = code_in(outbox()[0])
    wrong = "123456" if code != "123456" else "654321"
    refused = signup.verify_email(db, GOOD["email"], wrong)
    assert (refused.ok, refused.error_field, refused.error_key) == (False, "code", "error.code_wrong")
    assert signup.verify_email(db, GOOD["email"], " ".join([code[:3], code[3:]])).ok  # "123 456" is fine


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None, 123456, "1" * 1_000_000])
def test_malformed_codes_are_refused(db, cheap_bcrypt, code):
    outcome = signup.verify_email(db, "ana@example.com", code)
    assert not outcome.ok and outcome.error_key == "error.code_format"


def test_new_code_is_limited_to_one_a_minute(db, cheap_bcrypt, outbox):
    signup.sign_up(db, GOOD, lang="en")
    db.commit()
    signup.send_new_verification_code(db, GOOD["email"])
    db.commit()
    assert len(outbox()) == 1  # still in the 60-second window


def test_new_code_says_nothing_for_unknown_addresses(db):
    signup.send_new_verification_code(db, "nobody@example.com")
    signup.send_new_verification_code(db, "x" * 1_000_000)
    assert db.exec(select(OutboxEmail)).first() is None


def test_audit_records_sign_up_and_verification_without_secrets(db, cheap_bcrypt, outbox):
    signup.sign_up(db, GOOD, lang="en")
    db.commit()
    code = code_in(outbox()[0])
    signup.verify_email(db, GOOD["email"], code)
    db.commit()
    events = db.exec(select(AuditEvent)).all()
    assert {"customer.sign_up", "customer.email_verified", "customer.sign_in"} <= {e.kind for e in events}
    for event in events:
        assert code not in event.detail and "green tea" not in event.detail
