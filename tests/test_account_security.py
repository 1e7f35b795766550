"""Sign-in and security: password change, email change by code or link, confirmation codes, sessions."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.i18n import CATALOGUES
from shop.identity import codes, security, sessions, signin
from shop.identity.signin import SignInStatus
from shop.models import AuditEvent, CodePurpose, Customer, OneTimeCode, SignInSession, utcnow
from tests.helpers import code_in, count_rows

PASSWORD = "green tea and linen towels"
NEW_PASSWORD = "copper kettle by the window"
CHANGE = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD}
CONFIRM_LINK = re.compile(r"/account/security/confirm-email/([A-Za-z0-9_-]{20,})")
CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.5 Mobile/15E148 Safari/604.1")


@pytest.fixture
def pending_messages():
    """The messages of this feature live in en.py and fr.py."""
    return CATALOGUES


def _link_token(email) -> str:
    return CONFIRM_LINK.search(email.text_body).group(1)


def _refused(db, call, *args, **kwargs) -> dict:
    with pytest.raises(FormErrors) as refused:
        call(db, *args, **kwargs)
    db.commit()  # the callers commit even on refusal, so counted attempts are kept
    return refused.value.errors


# --- password ---

def test_change_password_keeps_this_session_ends_the_others_and_notifies(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    current = sessions.start_session(db, customer_id=customer.id)
    other = sessions.start_session(db, customer_id=customer.id)
    someone_else = make_customer("bob@example.com")
    bobs = sessions.start_session(db, customer_id=someone_else.id)
    db.commit()
    security.change_password(db, customer.id, CHANGE, current_token=current)
    db.commit()
    assert signin.current_customer(db, current) is not None
    assert signin.current_customer(db, other) is None
    assert signin.current_customer(db, bobs) is not None
    assert [(e.to_address, e.template) for e in outbox()] == [("ana@example.com", "password_changed")]
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.password_changed")).one().customer_id == (
        customer.id)
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.INVALID
    assert signin.sign_in_with_password(db, "ana@example.com", NEW_PASSWORD).status == SignInStatus.OK


def test_wrong_or_missing_current_password_is_refused(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    hash_before = customer.password_hash
    assert _refused(db, security.change_password, customer.id,
                    {**CHANGE, "current_password": "not my password"}, current_token=None) == {
        "current_password": "security.error.current_password_wrong"}
    assert _refused(db, security.change_password, customer.id,
                    {**CHANGE, "current_password": ""}, current_token=None) == {
        "current_password": "error.password_required"}
    assert db.get(Customer, customer.id).password_hash == hash_before
    assert outbox() == []


def test_repeated_wrong_passwords_are_throttled(db, make_customer):
    customer = make_customer()
    for _ in range(security.CONFIRM_MAX_FAILURES):
        _refused(db, security.change_password, customer.id, {**CHANGE, "current_password": "nope nope"},
                 current_token=None)
    # Even the right password is refused for a while: a stolen session is no password oracle.
    assert _refused(db, security.change_password, customer.id, CHANGE, current_token=None) == {
        "current_password": "security.error.too_many_attempts"}


def test_weak_or_mismatched_new_password_is_refused(db, make_customer):
    customer = make_customer("camille.martin@example.com")
    hash_before = customer.password_hash
    assert _refused(db, security.change_password, customer.id,
                    {**CHANGE, "new_password": "password1", "new_password_confirm": "password1"},
                    current_token=None) == {"new_password": "error.password_weak"}
    assert _refused(db, security.change_password, customer.id,
                    {**CHANGE, "new_password": "camillemartin", "new_password_confirm": "camillemartin"},
                    current_token=None) == {"new_password": "error.password_weak"}
    assert _refused(db, security.change_password, customer.id,
                    {**CHANGE, "new_password_confirm": "something else entirely"}, current_token=None) == {
        "new_password_confirm": "error.password_mismatch"}
    assert db.get(Customer, customer.id).password_hash == hash_before


def test_passwordless_customer_sets_a_password_with_an_emailed_code(db, make_customer, outbox):
    customer = make_customer("ana@example.com", password=None)
    form = {"new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD}
    assert _refused(db, security.change_password, customer.id, form, current_token=None) == {
        "code": "error.code_format"}
    security.send_confirmation_code(db, customer.id)
    db.commit()
    assert outbox()[-1].template == "confirm_action_code" and outbox()[-1].to_address == "ana@example.com"
    code = code_in(outbox()[-1])
    wrong = "000000" if code != "000000" else "111111"
    assert _refused(db, security.change_password, customer.id, {**form, "code": wrong},
                    current_token=None) == {"code": "error.code_invalid"}
    security.change_password(db, customer.id, {**form, "code": code}, current_token=None)
    db.commit()
    assert signin.sign_in_with_password(db, "ana@example.com", NEW_PASSWORD).status == SignInStatus.OK


def test_confirmation_codes_only_for_passwordless_customers_and_once_a_minute(db, make_customer, outbox):
    with_password = make_customer()
    security.send_confirmation_code(db, with_password.id)
    assert outbox() == []
    passwordless = make_customer(password=None)
    security.send_confirmation_code(db, passwordless.id)
    security.send_confirmation_code(db, passwordless.id)
    assert len(outbox()) == 1


def test_verify_password_or_code(db, make_customer, outbox):
    with_password = make_customer()
    assert security.verify_password_or_code(db, with_password, PASSWORD, None)
    assert not security.verify_password_or_code(db, with_password, "wrong one", "123456")
    assert not security.verify_password_or_code(db, with_password, None, None)
    passwordless = make_customer(password=None)
    assert not security.verify_password_or_code(db, passwordless, PASSWORD, None)
    security.send_confirmation_code(db, passwordless.id)
    code = code_in(outbox()[-1])
    assert security.verify_password_or_code(db, passwordless, None, code)
    assert not security.verify_password_or_code(db, passwordless, None, code)  # used once


# --- email change ---

def test_email_change_sends_a_code_and_link_to_the_new_address_only(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    assert security.request_email_change(
        db, customer.id, {"new_email": "  Ana.New@Example.com ", "password": PASSWORD}) == "ana.new@example.com"
    db.commit()
    [email] = outbox()
    assert (email.to_address, email.template) == ("ana.new@example.com", "email_change")
    assert code_in(email) and _link_token(email)
    # Until confirmed, the old address is the account's and still signs in.
    assert db.get(Customer, customer.id).email == "ana@example.com"
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.OK
    assert signin.sign_in_with_password(db, "ana.new@example.com", PASSWORD).status == SignInStatus.INVALID


def test_confirm_by_code_changes_the_address_notifies_the_old_one_and_kills_the_link(db, make_customer, outbox,
                                                                                      pending_messages):
    customer = make_customer("ana@example.com", verified=False)
    security.request_email_change(db, customer.id, {"new_email": "ana.new@example.com",
                                                            "password": PASSWORD})
    email = outbox()[-1]
    security.confirm_email_change_with_code(db, customer.id, "ana.new@example.com", code_in(email))
    db.commit()
    changed = db.get(Customer, customer.id)
    assert changed.email == "ana.new@example.com" and changed.email_verified_at is not None
    notice = outbox()[-1]
    assert (notice.to_address, notice.template) == ("ana@example.com", "email_changed_notice")
    assert "a•••@example.com" in notice.text_body and "ana.new@example.com" not in notice.text_body
    assert not security.email_change_link_is_valid(db, _link_token(email))
    with pytest.raises(FormErrors):
        security.confirm_email_change_with_link(db, _link_token(email))
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.email_changed")).one().detail == "code"
    assert signin.sign_in_with_password(db, "ana.new@example.com", PASSWORD).status == SignInStatus.OK
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.INVALID


def test_confirm_by_link_works_once_and_kills_the_code(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    security.request_email_change(db, customer.id, {"new_email": "ana.new@example.com",
                                                            "password": PASSWORD})
    email = outbox()[-1]
    token = _link_token(email)
    assert security.email_change_link_is_valid(db, token)
    assert security.confirm_email_change_with_link(db, token) == customer.id
    db.commit()
    assert db.get(Customer, customer.id).email == "ana.new@example.com"
    assert outbox()[-1].template == "email_changed_notice"
    assert _refused(db, security.confirm_email_change_with_link, token) == {"form": "error.link_invalid"}
    assert _refused(db, security.confirm_email_change_with_code, customer.id, "ana.new@example.com",
                    code_in(email)) == {"code": "error.code_invalid"}


def test_a_wrong_code_changes_nothing(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    security.request_email_change(db, customer.id, {"new_email": "ana.new@example.com",
                                                            "password": PASSWORD})
    code = code_in(outbox()[-1])
    wrong = "000000" if code != "000000" else "111111"
    assert _refused(db, security.confirm_email_change_with_code, customer.id, "ana.new@example.com",
                    wrong) == {"code": "error.code_invalid"}
    assert _refused(db, security.confirm_email_change_with_code, customer.id, "other@example.com",
                    code) == {"code": "error.code_invalid"}
    assert _refused(db, security.confirm_email_change_with_code, customer.id, "ana.new@example.com",
                    "12") == {"code": "error.code_format"}
    assert db.get(Customer, customer.id).email == "ana@example.com"
    assert len(outbox()) == 1


def test_another_customer_cannot_confirm_someone_elses_change(db, make_customer, outbox):
    ana, bob = make_customer("ana@example.com"), make_customer("bob@example.com")
    security.request_email_change(db, ana.id, {"new_email": "shared@example.com", "password": PASSWORD})
    code = code_in(outbox()[-1])
    assert _refused(db, security.confirm_email_change_with_code, bob.id, "shared@example.com", code) == {
        "code": "error.code_invalid"}
    security.confirm_email_change_with_code(db, ana.id, "shared@example.com", code)  # still usable
    assert db.get(Customer, ana.id).email == "shared@example.com"
    assert db.get(Customer, bob.id).email == "bob@example.com"


def test_a_newer_request_kills_the_code_for_the_earlier_address(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    security.request_email_change(db, customer.id, {"new_email": "first@example.com", "password": PASSWORD})
    first = outbox()[-1]
    security.request_email_change(db, customer.id, {"new_email": "second@example.com",
                                                            "password": PASSWORD})
    assert _refused(db, security.confirm_email_change_with_code, customer.id, "first@example.com",
                    code_in(first)) == {"code": "error.code_invalid"}
    assert db.get(Customer, customer.id).email == "ana@example.com"
    assert not security.email_change_link_is_valid(db, _link_token(first))


def test_taken_address_gets_a_notice_and_the_account_keeps_its_email(db, make_customer, outbox):
    ana = make_customer("ana@example.com")
    make_customer("bob@example.com", language="fr")
    # The same answer as for a free address: nothing tells Ana that Bob has an account.
    assert security.request_email_change(db, ana.id, {"new_email": "BOB@example.com",
                                                              "password": PASSWORD}) == "bob@example.com"
    db.commit()
    [email] = outbox()
    assert (email.to_address, email.template, email.language) == ("bob@example.com", "email_change_taken", "fr")
    assert not re.search(r"^\d{6}$", email.text_body, re.MULTILINE) and not CONFIRM_LINK.search(email.text_body)
    assert db.exec(select(OneTimeCode).where(OneTimeCode.email == "bob@example.com")).all() == []
    assert db.get(Customer, ana.id).email == "ana@example.com"
    # Asking again within the minute sends nothing more.
    security.request_email_change(db, ana.id, {"new_email": "bob@example.com", "password": PASSWORD})
    assert len(outbox()) == 1


def test_address_taken_between_request_and_confirmation(db, make_customer, outbox):
    ana = make_customer("ana@example.com")
    security.request_email_change(db, ana.id, {"new_email": "new@example.com", "password": PASSWORD})
    email = outbox()[-1]
    make_customer("new@example.com")
    assert _refused(db, security.confirm_email_change_with_code, ana.id, "new@example.com",
                    code_in(email)) == {"code": "security.error.email_unavailable"}
    assert _refused(db, security.confirm_email_change_with_link, _link_token(email)) == {
        "code": "security.error.email_unavailable"}
    assert db.get(Customer, ana.id).email == "ana@example.com"


def test_email_change_refusals(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    assert _refused(db, security.request_email_change, customer.id,
                    {"new_email": "ANA@example.com", "password": PASSWORD}) == {
        "new_email": "security.error.same_email"}
    assert _refused(db, security.request_email_change, customer.id,
                    {"new_email": "new@example.com", "password": "wrong password"}) == {
        "password": "security.error.current_password_wrong"}
    assert _refused(db, security.request_email_change, customer.id,
                    {"new_email": "not an email", "password": PASSWORD}) == {"new_email": "error.email_invalid"}
    for junk in [None, ["a@example.com"], {"a": 1}, "x" * 1_000_000]:
        errors = _refused(db, security.request_email_change, customer.id,
                          {"new_email": junk, "password": PASSWORD})
        assert set(errors) == {"new_email"}
        assert _refused(db, security.request_email_change, customer.id,
                        {"new_email": "new@example.com", "password": junk})
    assert outbox() == []
    assert db.exec(select(OneTimeCode)).all() == []


def test_email_change_cooldown(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    form = {"new_email": "new@example.com", "password": PASSWORD}
    security.request_email_change(db, customer.id, form)
    security.request_email_change(db, customer.id, form)
    assert len(outbox()) == 1
    assert codes.in_cooldown(db, "new@example.com", CodePurpose.CHANGE_EMAIL.value)


def test_passwordless_customer_changes_email_with_a_confirmation_code(db, make_customer, outbox):
    customer = make_customer("ana@example.com", password=None)
    assert _refused(db, security.request_email_change, customer.id,
                    {"new_email": "new@example.com", "password": PASSWORD}) == {"code": "error.code_format"}
    security.send_confirmation_code(db, customer.id)
    confirm = code_in(outbox()[-1])
    security.request_email_change(db, customer.id, {"new_email": "new@example.com", "code": confirm})
    email = outbox()[-1]
    assert (email.to_address, email.template) == ("new@example.com", "email_change")
    security.confirm_email_change_with_link(db, _link_token(email))
    assert db.get(Customer, customer.id).email == "new@example.com"


def test_junk_confirmations_are_refused(db, make_customer):
    customer = make_customer()
    for junk in [None, ["123456"], {"a": 1}, "x" * 1_000_000, 123456]:
        with pytest.raises(FormErrors):
            security.confirm_email_change_with_code(db, customer.id, "new@example.com", junk)
        with pytest.raises(FormErrors):
            security.confirm_email_change_with_code(db, customer.id, junk, "123456")
        with pytest.raises(FormErrors):
            security.confirm_email_change_with_link(db, junk)
    assert db.get(Customer, customer.id).email == "customer1@example.com"


# --- sessions ---

def test_device_labels():
    assert security.device_label(CHROME_LINUX) == "Chrome on Linux"
    assert security.device_label(SAFARI_IPHONE) == "Safari on iPhone"
    assert security.device_label(SAFARI_IPHONE, "fr") == "Safari sur iPhone"
    assert security.device_label(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
        "Safari/537.36 Edg/126.0") == "Edge on Windows"
    assert security.device_label(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0") == "Firefox on Mac"
    assert security.device_label(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile "
        "Safari/537.36") == "Chrome on Android"
    for unknown in ["", "curl/8.5.0", "Googlebot/2.1", "x" * 300, None]:
        assert security.device_label(unknown) == ""


def test_list_sessions_shows_only_own_live_sessions_newest_first(db, make_customer):
    ana, bob = make_customer(), make_customer()
    now = utcnow()
    old = sessions.start_session(db, customer_id=ana.id, user_agent=CHROME_LINUX, ip_address="203.0.113.5",
                                 now=now - timedelta(hours=2))
    current = sessions.start_session(db, customer_id=ana.id, user_agent=SAFARI_IPHONE, now=now)
    sessions.start_session(db, customer_id=ana.id, now=now - timedelta(days=2))  # expired after 12 hours
    sessions.start_session(db, customer_id=bob.id, user_agent=CHROME_LINUX)
    db.commit()
    listed = security.list_sessions(db, ana.id, current)
    assert [(s["device"], s["current"]) for s in listed] == [("Safari on iPhone", True), ("Chrome on Linux", False)]
    assert listed[1]["ip_address"] == "203.0.113.5"
    assert set(listed[0]) == {"id", "user_agent", "device", "ip_address", "last_seen_at", "created_at", "current"}
    assert signin.current_customer(db, old) is not None
    assert [s["current"] for s in security.list_sessions(db, ana.id, None)] == [False, False]


def test_end_other_sessions_keeps_the_current_one_and_other_customers(db, make_customer):
    ana, bob = make_customer(), make_customer()
    current = sessions.start_session(db, customer_id=ana.id)
    sessions.start_session(db, customer_id=ana.id)
    sessions.start_session(db, customer_id=ana.id)
    bobs = sessions.start_session(db, customer_id=bob.id)
    db.commit()
    assert security.end_other_sessions(db, ana.id, current) == 2
    db.commit()
    assert signin.current_customer(db, current) is not None and signin.current_customer(db, bobs) is not None
    assert count_rows(db, SignInSession) == 2


def test_end_one_session_only_if_it_is_ones_own(db, make_customer):
    ana, bob = make_customer(), make_customer()
    sessions.start_session(db, customer_id=ana.id)
    sessions.start_session(db, customer_id=bob.id)
    db.commit()
    ana_session, bob_session = [s["id"] for s in security.list_sessions(db, ana.id, None)] + [
        s["id"] for s in security.list_sessions(db, bob.id, None)]
    for junk in [bob_session, str(bob_session), 999_999, None, True, "1 OR 1=1", ["1"], {"id": 1}, -1, "x" * 1_000_000]:
        with pytest.raises(LookupError):
            security.end_session(db, ana.id, junk)
    assert count_rows(db, SignInSession) == 2
    security.end_session(db, ana.id, str(ana_session))
    db.commit()
    assert security.list_sessions(db, ana.id, None) == []
    assert count_rows(db, SignInSession) == 1


def test_unknown_customer_ids_are_lookup_errors(db):
    for call in [lambda c: security.change_password(db, c, CHANGE, current_token=None),
                 lambda c: security.request_email_change(db, c, {}),
                 lambda c: security.send_confirmation_code(db, c),
                 lambda c: security.list_sessions(db, c, None),
                 lambda c: security.end_other_sessions(db, c, None)]:
        for junk in [42, None, "1", [1]]:
            with pytest.raises(LookupError):
                call(junk)


# --- messages ---

TEMPLATES = ["email_change", "email_change_taken", "email_changed_notice", "confirm_action_code", "account_deleted",
             "account_deleted_merchant"]


def test_every_message_key_used_exists_in_both_languages():
    """Every message key written in the domain core, in any module, is in both catalogues."""
    from pathlib import Path

    import shop

    used = set()
    for module in Path(shop.__file__).parent.rglob("*.py"):
        if module.parent.name == "i18n":
            continue
        source = module.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?<![{\w])"((?:error|profile|security|email|verify|wishlist|delete)\.[a-z_]+'
                               r'(?:\.[a-z_]+)*)"', source))
    used |= {f"email.{template}.subject" for template in TEMPLATES}
    missing = [key for key in sorted(used) if key not in CATALOGUES["en"] or key not in CATALOGUES["fr"]]
    assert missing == []
