"""Guessing caps and anonymous-email caps: each rule tried as an attacker would, with a clock."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from shop.identity import codes, password_reset, signin, signup, throttle
from shop.identity.sessions import Client
from shop.models import CodePurpose, OutboxEmail, utcnow
from tests.helpers import code_in


def _stated_daily_guesses() -> int:
    """The bound the README's rule table promises: "at most **N wrong codes per address per day**"."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return int(re.search(r"at most \*\*(\d+) wrong codes per address per day\*\*", readme).group(1))


def _guess(db, email: str, now, client_ip: str) -> codes.CodeCheck:
    check = codes.check_code(db, email, CodePurpose.SIGN_IN.value, "000000", client_ip=client_ip, now=now)
    db.commit()
    return check


def test_a_day_of_guessing_checks_at_most_the_stated_number_of_codes(db):
    """An attacker with one address to attack and a new client address for every try asks for a new code
    whenever the old one dies, and guesses as fast as the shop lets them, for 24 hours. The wrong
    codes the shop actually checked are the real daily budget."""
    email, start = "victim@example.com", utcnow()
    checked = 0
    for second in range(0, 24 * 3600, 45):  # a try every 45 seconds, all day
        now = start + timedelta(seconds=second)
        if codes._live_code(db, email, CodePurpose.SIGN_IN.value) is None:
            codes.issue_code(db, email, CodePurpose.SIGN_IN.value, now=now)
        check = _guess(db, email, now, client_ip=f"198.51.{second // 256 % 256}.{second % 256}")
        checked += check.error_key == codes.WRONG_CODE
    assert checked == throttle.CODE_FAILURES_PER_EMAIL_PER_DAY
    assert checked <= _stated_daily_guesses() == 20


def test_wrong_codes_of_every_purpose_count_together(db):
    email, now = "ana@example.com", utcnow()
    purposes = [purpose.value for purpose in CodePurpose]
    for n in range(throttle.CODE_FAILURES_PER_EMAIL_PER_DAY):
        codes.check_code(db, email, purposes[n % len(purposes)], "000000", now=now)
    code = codes.issue_code(db, email, CodePurpose.CHANGE_EMAIL.value, now=now)
    refused = codes.check_code(db, email, CodePurpose.CHANGE_EMAIL.value, code, now=now)
    assert not refused.ok and refused.error_key == codes.THROTTLED and refused.wait_text == "24 h"


def test_wrong_codes_are_capped_per_client_address_too(db):
    client_ip, now = "203.0.113.50", utcnow()
    for n in range(throttle.CODE_FAILURES_PER_CLIENT_PER_DAY):
        # spread over hours, so the growing delay alone would not stop them
        codes.check_code(db, f"target{n}@example.com", CodePurpose.SIGN_IN.value, "000000", client_ip=client_ip,
                         now=now + timedelta(minutes=20 * n))
    later = now + timedelta(minutes=20 * throttle.CODE_FAILURES_PER_CLIENT_PER_DAY)
    assert not throttle.code_verdict(db, "fresh@example.com", client_ip, now=later).allowed
    assert throttle.code_verdict(db, "fresh@example.com", "203.0.113.51", now=later).allowed


def test_wrong_codes_count_toward_the_password_throttle(db, make_customer):
    make_customer("ana@example.com")
    for _ in range(throttle.PER_EMAIL_FAILURES):
        signin.sign_in_with_code(db, "ana@example.com", "000000")
    db.commit()
    assert signin.sign_in_with_password(db, "ana@example.com", "green tea and linen towels").status == \
        signin.SignInStatus.THROTTLED


def test_the_throttled_code_message_is_the_same_for_known_and_unknown_addresses(db, make_customer):
    make_customer("ana@example.com")
    answers = set()
    for email in ("ana@example.com", "nobody@example.com"):
        for _ in range(throttle.CODE_FAILURES_PER_EMAIL_PER_DAY):
            signin.sign_in_with_code(db, email, "000000")
        outcome = signin.sign_in_with_code(db, email, "000000")
        answers.add((outcome.status, outcome.error_key, outcome.wait_text))
    assert answers == {(signin.SignInStatus.CODE_ERROR, codes.THROTTLED, "24 h")}


# --- no mail cannon ---

def _emails(db) -> int:
    return db.exec(select(func.count()).select_from(OutboxEmail)).one()


@pytest.mark.parametrize("request_email", [
    lambda db, email, client: signin.request_sign_in_code(db, email, client=client),
    lambda db, email, client: password_reset.request_password_reset(db, email, client=client),
], ids=["sign-in code", "reset"])
def test_anonymous_requests_have_a_per_address_cooldown(db, make_customer, request_email):
    make_customer("ana@example.com")
    for _ in range(5):
        request_email(db, "ana@example.com", Client(ip_address="192.0.2.1"))
        request_email(db, "nobody@example.com", Client(ip_address="192.0.2.1"))
    db.commit()
    assert _emails(db) == 2  # one each: known and unknown alike


def test_the_sign_up_notice_has_a_cooldown(db, make_customer):
    make_customer("ana@example.com")
    form = {"email": "ana@example.com", "password": "another long passphrase", "first_name": "A", "last_name": "B"}
    for n in range(10):
        signup.sign_up(db, form, lang="en", client=Client(ip_address=f"192.0.2.{n}"))
    db.commit()
    assert _emails(db) == 1


def test_anonymous_emails_are_capped_per_client_address_per_hour(db):
    client = Client(ip_address="192.0.2.99")
    for n in range(throttle.ANONYMOUS_EMAILS_PER_CLIENT_PER_HOUR + 10):
        password_reset.request_password_reset(db, f"someone{n}@example.com", client=client)
    db.commit()
    assert _emails(db) == throttle.ANONYMOUS_EMAILS_PER_CLIENT_PER_HOUR
    password_reset.request_password_reset(db, "another@example.com", client=Client(ip_address="192.0.2.100"))
    assert _emails(db) == throttle.ANONYMOUS_EMAILS_PER_CLIENT_PER_HOUR + 1  # other clients are unaffected


def test_anonymous_emails_are_capped_per_address_per_day(db):
    start = utcnow()
    for n in range(throttle.ANONYMOUS_EMAILS_PER_ADDRESS_PER_DAY + 5):
        now = start + timedelta(minutes=5 * n)  # past every cooldown
        assert throttle.may_send_anonymous_email(db, "ana@example.com", f"192.0.2.{n}", "reset", now=now) == \
            (n < throttle.ANONYMOUS_EMAILS_PER_ADDRESS_PER_DAY)


def test_email_change_requests_are_capped_per_customer_per_day(db, make_customer):
    from shop.common.validation import FormErrors
    from shop.identity import security

    customer = make_customer("ana@example.com")
    for n in range(throttle.EMAIL_CHANGES_PER_CUSTOMER_PER_DAY):
        security.request_email_change(
            db, customer.id, {"new_email": f"new{n}@example.com", "password": "green tea and linen towels"})
    with pytest.raises(FormErrors) as refused:
        security.request_email_change(
            db, customer.id, {"new_email": "one.more@example.com", "password": "green tea and linen towels"})
    assert refused.value.errors == {"new_email": "security.error.email_change_limit"}


def test_a_strangers_sign_up_does_not_hold_back_the_owners_code(db, cheap_bcrypt, outbox):
    form = {"email": "ana@example.com", "password": "green tea and linen towels", "first_name": "Ana",
            "last_name": "Lopez"}
    signup.sign_up(db, {**form, "password": "stranger chose this one"}, lang="en")
    owner = signup.sign_up(db, form, lang="en")
    db.commit()
    assert len(outbox("ana@example.com")) == 2
    assert signup.verify_email(db, owner.pending_sign_up_token, code_in(outbox("ana@example.com")[-1])).ok


def test_old_events_are_deleted(db):
    throttle.record(db, throttle.PASSWORD_FAILURE, email="a@example.com", now=utcnow() - timedelta(days=3))
    throttle.record(db, throttle.PASSWORD_FAILURE, email="b@example.com")
    db.commit()
    assert throttle.delete_old_events(db) == 1
