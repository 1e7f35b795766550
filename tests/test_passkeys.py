"""Passkeys: adding one, signing in with it, and every refusal, against a software authenticator."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import select

from shop.customers import deletion, merge
from shop.identity import passkeys, sessions, throttle
from shop.identity.sessions import Client
from shop.identity.signin import SignInStatus
from shop.models import AuditEvent, Customer, PasskeyCredential, SignInSession, WebAuthnChallenge, utcnow
from tests.helpers import count_rows, run_coroutine
from tests.support.authenticator import SoftAuthenticator

PASSWORD = "green tea and linen towels"
TAB, OTHER_TAB = "t" * 43, "o" * 43
CLIENT = Client(ip_address="203.0.113.7", user_agent="pytest")


@pytest.fixture
def customer(db, make_customer):
    ana = make_customer("ana@example.com", PASSWORD, first_name="Ana")
    db.commit()
    return ana


@pytest.fixture
def session_token(db, customer):
    token = sessions.start_session(db, customer_id=customer.id)
    db.commit()
    return token


def _add(db, customer, session_token, authenticator=None, *, name="My phone", **create):
    authenticator = authenticator or SoftAuthenticator()
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB,
                                          client=CLIENT)
    assert started.ok, started
    added = passkeys.finish_registration(db, customer, browser_token=TAB, name=name, client=CLIENT,
                                         answer=authenticator.create(started.options_json, **create))
    db.commit()
    return authenticator, added


def _sign_in(db, authenticator, *, tab=TAB, finish_tab=None, **get):
    started = passkeys.begin_authentication(db, browser_token=tab, client=CLIENT)
    assert started.ok, started
    outcome = passkeys.finish_authentication(db, browser_token=finish_tab or tab, client=CLIENT,
                                             answer=authenticator.get(started.options_json, **get))
    db.commit()
    return outcome


def _audit(db, kind):
    return db.exec(select(AuditEvent).where(AuditEvent.kind == kind)).all()


# --- the happy path ---

def test_relying_party_comes_from_store_base_url():
    assert passkeys.relying_party("https://shop.example.com") == passkeys.RelyingParty(
        "shop.example.com", "https://shop.example.com", "Maison Lumen")
    assert passkeys.relying_party("http://localhost:3201").origin == "http://localhost:3201"
    assert passkeys.relying_party("http://localhost:3201").id == "localhost"


def test_registration_options_ask_for_a_discoverable_verified_passkey(db, customer, session_token):
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    options = json.loads(started.options_json)
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["user"]["name"] == "ana@example.com"
    assert str(customer.id) not in options["user"]["id"]  # an opaque handle
    row = db.exec(select(WebAuthnChallenge)).one()
    assert row.browser_token_hash != TAB and row.customer_id == customer.id and row.purpose == "register"
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_add_then_sign_in_opens_a_session_and_stores_only_public_data(db, customer, session_token):
    authenticator, added = _add(db, customer, session_token)
    assert added.ok
    stored = db.get(PasskeyCredential, added.passkey_id)
    assert (stored.customer_id, stored.name, stored.sign_count, stored.last_used_at) == (customer.id, "My phone", 0,
                                                                                         None)
    assert stored.public_key and stored.credential_id
    assert set(PasskeyCredential.model_fields) == {"id", "customer_id", "credential_id", "public_key", "sign_count",
                                                   "transports", "name", "created_at", "last_used_at"}

    outcome = _sign_in(db, authenticator)
    assert outcome.status == SignInStatus.OK and outcome.email == "ana@example.com"
    assert sessions.resolve_session(db, outcome.session_token).customer_id == customer.id
    db.refresh(stored)
    assert stored.sign_count == 1 and stored.last_used_at is not None
    assert [event.detail for event in _audit(db, "customer.sign_in")] == ["passkey"]
    assert passkeys.list_passkeys(db, customer.id)[0]["name"] == "My phone"


def test_a_passkey_sign_in_ends_the_browsers_previous_session(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    started = passkeys.begin_authentication(db, browser_token=TAB)
    client = Client(current_token=session_token)
    outcome = passkeys.finish_authentication(db, browser_token=TAB, answer=authenticator.get(started.options_json),
                                             client=client)
    db.commit()
    assert outcome.status == SignInStatus.OK
    assert sessions.resolve_session(db, session_token) is None


def test_an_authenticator_without_a_counter_keeps_working(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    for _ in range(2):
        assert _sign_in(db, authenticator, counter=0).status == SignInStatus.OK


# --- challenges: single-use, 5 minutes, this tab, this customer ---

def test_a_replayed_challenge_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    started = passkeys.begin_authentication(db, browser_token=TAB)
    answer = authenticator.get(started.options_json)
    assert passkeys.finish_authentication(db, browser_token=TAB, answer=answer).status == SignInStatus.OK
    again = passkeys.finish_authentication(db, browser_token=TAB, answer=answer)
    assert (again.status, again.error_key) == (SignInStatus.INVALID, passkeys.ERR_EXPIRED)


def test_an_expired_challenge_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    started = passkeys.begin_authentication(db, browser_token=TAB, now=utcnow() - timedelta(minutes=5, seconds=1))
    outcome = passkeys.finish_authentication(db, browser_token=TAB, answer=authenticator.get(started.options_json))
    assert (outcome.status, outcome.error_key) == (SignInStatus.INVALID, passkeys.ERR_EXPIRED)
    # Four minutes is fine.
    started = passkeys.begin_authentication(db, browser_token=TAB, now=utcnow() - timedelta(minutes=4))
    assert passkeys.finish_authentication(db, browser_token=TAB, answer=authenticator.get(
        started.options_json)).status == SignInStatus.OK


def test_a_challenge_from_another_browser_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    outcome = _sign_in(db, authenticator, tab=TAB, finish_tab=OTHER_TAB)
    assert (outcome.status, outcome.error_key) == (SignInStatus.INVALID, passkeys.ERR_EXPIRED)


def test_a_registration_challenge_from_another_browser_or_customer_is_refused(db, customer, session_token,
                                                                              make_customer):
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    answer = SoftAuthenticator().create(started.options_json)
    assert passkeys.finish_registration(db, customer, browser_token=OTHER_TAB, answer=answer,
                                        name="x").error_key == passkeys.ERR_EXPIRED
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    answer = SoftAuthenticator().create(started.options_json)
    bob = make_customer("bob@example.com")
    assert passkeys.finish_registration(db, bob, browser_token=TAB, answer=answer,
                                        name="x").error_key == passkeys.ERR_EXPIRED
    # A sign-in challenge does not register, and a registration one does not sign in.
    started = passkeys.begin_authentication(db, browser_token=TAB)
    fake = json.loads(SoftAuthenticator().create(json.dumps(
        {"challenge": json.loads(started.options_json)["challenge"], "rp": {"id": "localhost"},
         "user": {"id": "AAAA"}})))
    assert passkeys.finish_registration(db, customer, browser_token=TAB, answer=json.dumps(fake),
                                        name="x").error_key == passkeys.ERR_EXPIRED
    db.commit()
    assert count_rows(db, PasskeyCredential) == 0


def test_a_replayed_registration_is_refused(db, customer, session_token):
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    answer = SoftAuthenticator().create(started.options_json)
    assert passkeys.finish_registration(db, customer, browser_token=TAB, answer=answer, name="one").ok
    assert passkeys.finish_registration(db, customer, browser_token=TAB, answer=answer,
                                        name="two").error_key == passkeys.ERR_EXPIRED
    assert count_rows(db, PasskeyCredential) == 1


# --- the answer itself ---

@pytest.mark.parametrize("forged", [{"origin": "https://evil.example"}, {"origin": "http://localhost:9999"},
                                    {"rp_id": "evil.example"}])
def test_wrong_origin_or_rp_id_is_refused(db, customer, session_token, forged):
    _, added = _add(db, customer, session_token, **forged)
    assert added.error_key == passkeys.ERR_INVALID
    assert count_rows(db, PasskeyCredential) == 0
    authenticator, added = _add(db, customer, session_token)
    outcome = _sign_in(db, authenticator, **forged)
    assert (outcome.status, outcome.error_key) == (SignInStatus.INVALID, passkeys.ERR_INVALID)
    assert count_rows(db, SignInSession, SignInSession.customer_id == customer.id) == 1  # only the fixture's


def test_an_unknown_credential_is_refused(db, customer, session_token):
    stranger = SoftAuthenticator()
    stranger.create(json.dumps({"challenge": "AAAA", "rp": {"id": "localhost"}, "user": {"id": "AAAA"}}))
    outcome = _sign_in(db, stranger)
    assert (outcome.status, outcome.error_key) == (SignInStatus.INVALID, passkeys.ERR_INVALID)
    assert "unknown credential" in _audit(db, "customer.sign_in_failed")[0].detail


def test_a_forged_signature_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    impostor = SoftAuthenticator()
    impostor.create(json.dumps({"challenge": "AAAA", "rp": {"id": "localhost"}, "user": {"id": "AAAA"}}))
    impostor.credentials[0].credential_id = authenticator.credentials[0].credential_id  # same id, other key
    assert _sign_in(db, impostor).status == SignInStatus.INVALID


def test_without_user_verification_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    authenticator.user_verified = False
    assert _sign_in(db, authenticator).status == SignInStatus.INVALID


def test_a_counter_that_does_not_grow_is_a_clone_refused_and_logged(db, customer, session_token):
    authenticator, added = _add(db, customer, session_token)
    assert _sign_in(db, authenticator, counter=5).status == SignInStatus.OK
    for counter in (5, 3):
        outcome = _sign_in(db, authenticator, counter=counter)
        assert outcome.status == SignInStatus.INVALID and outcome.session_token is None
    clones = _audit(db, "customer.passkey_clone_refused")
    assert len(clones) == 2 and clones[0].customer_id == customer.id and "counter 5 after 5" in clones[0].detail
    assert db.get(PasskeyCredential, added.passkey_id).sign_count == 5  # unchanged
    assert _sign_in(db, authenticator, counter=6).status == SignInStatus.OK


@pytest.mark.parametrize("junk", [None, 42, "", "not json", "[]", "{}", json.dumps({"response": "x"}),
                                  "x" * 30_000, json.dumps({"response": {"clientDataJSON": "!!!"}})])
def test_junk_answers_are_refused(db, customer, session_token, junk):
    passkeys.begin_authentication(db, browser_token=TAB)
    assert passkeys.finish_authentication(db, browser_token=TAB, answer=junk).status == SignInStatus.INVALID
    passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    assert not passkeys.finish_registration(db, customer, browser_token=TAB, answer=junk, name="x").ok
    assert count_rows(db, PasskeyCredential) == 0


def test_a_blocked_customer_is_refused(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    customer.is_blocked = True
    db.add(customer)
    db.commit()
    outcome = _sign_in(db, authenticator)
    assert (outcome.status, outcome.session_token) == (SignInStatus.BLOCKED, None)
    assert _audit(db, "customer.sign_in_blocked")[0].detail == "passkey"


def test_failures_are_throttled_like_other_sign_in_failures(db, customer, session_token):
    authenticator, _ = _add(db, customer, session_token)
    for _ in range(throttle.CLIENT_FREE_FAILURES):
        assert _sign_in(db, authenticator, origin="https://evil.example").status == SignInStatus.INVALID
    refused = passkeys.begin_authentication(db, browser_token=TAB, client=CLIENT)
    assert refused.error_key == passkeys.ERR_THROTTLED and refused.wait_text
    started = passkeys.begin_authentication(db, browser_token=TAB, client=Client(ip_address="198.51.100.1"))
    answer = authenticator.get(started.options_json)
    outcome = passkeys.finish_authentication(db, browser_token=TAB, answer=answer, client=CLIENT)
    assert outcome.status == SignInStatus.THROTTLED and outcome.session_token is None
    # Failures with a passkey never lock the address out of its password.
    assert throttle.password_verdict(db, "ana@example.com", "198.51.100.1").allowed


def test_one_network_cannot_fill_the_table_with_sign_in_challenges(db):
    busy, other = Client(ip_address="203.0.113.7"), Client(ip_address="198.51.100.9")
    for _ in range(throttle.PASSKEY_CHALLENGES_PER_CLIENT_PER_HOUR):
        assert passkeys.begin_authentication(db, browser_token=TAB, client=busy).options_json
    refused = passkeys.begin_authentication(db, browser_token=TAB, client=busy)
    assert refused.error_key == passkeys.ERR_TOO_MANY_CHALLENGES and not refused.options_json
    assert count_rows(db, WebAuthnChallenge) == throttle.PASSKEY_CHALLENGES_PER_CLIENT_PER_HOUR
    assert passkeys.begin_authentication(db, browser_token=TAB, client=other).options_json
    later = utcnow() + timedelta(hours=1, minutes=1)
    assert passkeys.begin_authentication(db, browser_token=TAB, client=busy, now=later).options_json


# --- adding: the cap, a recent sign-in or the password ---

def test_an_eleventh_passkey_is_refused(db, customer, session_token):
    for n in range(passkeys.MAX_PASSKEYS):
        assert _add(db, customer, session_token, name=f"Key {n}")[1].ok
    refused = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    assert refused.error_key == passkeys.ERR_LIMIT
    assert count_rows(db, PasskeyCredential) == 10


def test_the_cap_is_checked_again_when_the_answer_comes(db, customer, session_token):
    started = passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    for n in range(passkeys.MAX_PASSKEYS):
        _add(db, customer, session_token, name=f"Key {n}")
    added = passkeys.finish_registration(db, customer, browser_token=TAB, name="late",
                                         answer=SoftAuthenticator().create(started.options_json))
    assert added.error_key == passkeys.ERR_LIMIT


def test_no_recent_sign_in_needs_the_password(db, customer):
    old = sessions.start_session(db, customer_id=customer.id, now=utcnow() - timedelta(minutes=11))
    db.commit()
    assert not passkeys.signed_in_recently(db, old)
    refused = passkeys.begin_registration(db, customer, session_token=old, browser_token=TAB, client=CLIENT)
    assert (refused.error_field, refused.error_key) == ("password", passkeys.ERR_PASSWORD_NEEDED)
    wrong = passkeys.begin_registration(db, customer, session_token=old, browser_token=TAB, password="nope",
                                        client=CLIENT)
    assert (wrong.error_field, wrong.error_key) == ("password", passkeys.ERR_PASSWORD)
    assert count_rows(db, WebAuthnChallenge) == 0
    assert passkeys.begin_registration(db, customer, session_token=old, browser_token=TAB, password=PASSWORD).ok


def test_wrong_passwords_when_adding_are_counted_and_throttled(db, customer):
    old = sessions.start_session(db, customer_id=customer.id, now=utcnow() - timedelta(minutes=11))
    for _ in range(throttle.PER_EMAIL_FAILURES):
        passkeys.begin_registration(db, customer, session_token=old, browser_token=TAB, password="nope")
    refused = passkeys.begin_registration(db, customer, session_token=old, browser_token=TAB, password=PASSWORD)
    assert refused.error_key == passkeys.ERR_THROTTLED


def test_no_recent_sign_in_and_no_password_means_sign_in_again(db, make_customer):
    lou = make_customer("lou@example.com", None)
    old = sessions.start_session(db, customer_id=lou.id, now=utcnow() - timedelta(minutes=30))
    refused = passkeys.begin_registration(db, lou, session_token=old, browser_token=TAB, password="anything")
    assert refused.error_key == passkeys.ERR_SIGN_IN_AGAIN


@pytest.mark.parametrize("name", [None, "", "   ", "x" * 61, 42, ["phone"]])
def test_a_passkey_needs_a_name(db, customer, session_token, name):
    _, added = _add(db, customer, session_token, name=name)
    assert added.error_key == passkeys.ERR_NAME
    assert passkeys.clean_name("  My   phone ") == "My phone"


def test_the_same_credential_is_not_added_twice(db, customer, session_token, make_customer):
    authenticator, _ = _add(db, customer, session_token)
    first = authenticator.credentials[0].credential_id
    _, again = _add(db, customer, session_token, name="again", credential_id=first)
    assert again.error_key == passkeys.ERR_DUPLICATE
    bob = make_customer("bob@example.com")
    bob_token = sessions.start_session(db, customer_id=bob.id)
    _, stolen = _add(db, bob, bob_token, credential_id=first)
    assert stolen.error_key == passkeys.ERR_DUPLICATE
    assert count_rows(db, PasskeyCredential) == 1


# --- managing ---

def test_removing_another_customers_passkey_changes_nothing(db, customer, session_token, make_customer):
    _, added = _add(db, customer, session_token)
    bob = make_customer("bob@example.com")
    for forged in (added.passkey_id, added.passkey_id + 1, -1, 0, "1", None, True, 2**70, [added.passkey_id]):
        assert passkeys.remove_passkey(db, bob.id, forged) is False
    db.commit()
    assert count_rows(db, PasskeyCredential) == 1
    assert passkeys.remove_passkey(db, customer.id, added.passkey_id) is True
    db.commit()
    assert count_rows(db, PasskeyCredential) == 0
    assert _audit(db, "customer.passkey_removed")[0].detail == "My phone"


def test_a_removed_passkey_no_longer_signs_in(db, customer, session_token):
    authenticator, added = _add(db, customer, session_token)
    passkeys.remove_passkey(db, customer.id, added.passkey_id)
    db.commit()
    assert _sign_in(db, authenticator).status == SignInStatus.INVALID


def test_deleting_the_account_deletes_its_passkeys(db, customer, session_token):
    _add(db, customer, session_token)
    passkeys.begin_registration(db, customer, session_token=session_token, browser_token=TAB)
    db.commit()
    deletion.erase_customer(db, db.get(Customer, customer.id))
    db.commit()
    assert count_rows(db, PasskeyCredential) == 0
    assert count_rows(db, WebAuthnChallenge, WebAuthnChallenge.customer_id.is_not(None)) == 0


def test_a_merge_moves_the_passkeys_to_the_kept_record(db, customer, session_token, make_customer, merchant):
    other = make_customer("ana.work@example.com", first_name="Ana")
    other_token = sessions.start_session(db, customer_id=other.id)
    db.commit()
    authenticator, added = _add(db, other, other_token, name="Work laptop")
    _add(db, customer, session_token, name="My phone")
    passkeys.begin_registration(db, other, session_token=other_token, browser_token=OTHER_TAB)
    db.commit()
    merge.merge_customers(db, customer.id, other.id, {"name": merge.KEEP}, merchant_user_id=merchant.id)
    db.commit()
    assert sorted(row["name"] for row in passkeys.list_passkeys(db, customer.id)) == ["My phone", "Work laptop"]
    assert count_rows(db, WebAuthnChallenge, WebAuthnChallenge.customer_id == other.id) == 0
    outcome = _sign_in(db, authenticator)
    assert outcome.status == SignInStatus.OK and outcome.email == "ana@example.com"


def test_old_challenges_are_cleaned_up(db, customer, session_token):
    passkeys.begin_authentication(db, browser_token=TAB, now=utcnow() - timedelta(minutes=11))
    passkeys.begin_authentication(db, browser_token=TAB)
    assert passkeys.delete_old_challenges(db) == 1


# --- the states: the browser may call any handler with any JSON ---

@pytest.fixture
def tab(engine, monkeypatch):
    import storefront.state.app as app_state
    import storefront.storefront  # noqa: F401  (registers every state)

    monkeypatch.setattr(app_state, "get_engine", lambda: engine)

    def make(state_class, session_token: str = ""):
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_class.get_full_name().split(".")[1:])
        state.browser_token = session_token
        return state

    return make


def test_the_sign_in_state_refuses_junk_from_the_browser(db, tab):
    from storefront.state.passkeys import PasskeySignInState

    state = tab(PasskeySignInState)
    for junk in (None, "yes", 1, {"supported": True}):
        state.note_support(junk)
        assert state.support == "no"
    state.note_support(True)
    assert state.support == "yes"
    for junk in (None, 42, "x", {"error": "NotAllowedError"}, {"credential": 42}, {"credential": "{}"}):
        state.start_sign_in()
        assert state._ceremony_token and state.busy
        run_coroutine(state.finish_sign_in(junk))
        assert "passkey" in state._errors and not state.signed_in and not state.busy
    state._errors = {}
    run_coroutine(state.finish_sign_in({"error": "unsupported"}))
    assert state._errors == {"passkey": "passkeys.unsupported"}


def test_the_manage_state_adds_lists_and_refuses_forged_ids(db, customer, session_token, tab, make_customer):
    from storefront.state.passkeys import PasskeyManageState

    state = tab(PasskeyManageState, session_token)
    state.open_section()
    assert state.passkey_rows == [] and state.needs_password is False
    run_coroutine(state.start_adding({"passkey_name": ""}))
    assert state._errors == {"passkey_name": passkeys.ERR_NAME}
    result = run_coroutine(state.start_adding({"passkey_name": "My phone"}))
    assert state.busy and "_call_script" in str(result)
    options = db.exec(select(WebAuthnChallenge)).one()
    authenticator = SoftAuthenticator()
    answer = authenticator.create(json.dumps({"challenge": options.challenge, "rp": {"id": "localhost"},
                                              "user": {"id": "AAAA"}}))
    run_coroutine(state.finish_adding({"credential": answer}))
    assert state.notice_key == "passkeys.added" and state._errors == {}
    assert [row["name"] for row in state.passkey_rows] == ["My phone"]

    bob = make_customer("bob@example.com")
    bob_token = sessions.start_session(db, customer_id=bob.id)
    db.commit()
    bobs = tab(PasskeyManageState, bob_token)
    for forged in (state.passkey_rows[0]["id"], "1", None, 1.5, True, {"id": 1}):
        bobs.remove(forged)
    db.expire_all()
    assert count_rows(db, PasskeyCredential) == 1
    state.remove(state.passkey_rows[0]["id"])
    assert state.passkey_rows == [] and state.notice_key == "passkeys.removed"


def test_the_manage_state_asks_for_the_password_when_the_sign_in_is_old(db, customer, tab):
    from storefront.state.passkeys import PasskeyManageState

    old = sessions.start_session(db, customer_id=customer.id, now=utcnow() - timedelta(minutes=11))
    db.commit()
    state = tab(PasskeyManageState, old)
    state.open_section()
    assert state.needs_password is True
    run_coroutine(state.start_adding({"passkey_name": "My phone"}))
    assert state._errors == {"passkey_password": passkeys.ERR_PASSWORD_NEEDED}
    run_coroutine(state.start_adding({"passkey_name": "My phone", "passkey_password": "wrong"}))
    assert state._errors == {"passkey_password": passkeys.ERR_PASSWORD}
    result = run_coroutine(state.start_adding({"passkey_name": "My phone", "passkey_password": PASSWORD}))
    assert "_call_script" in str(result) and state._errors == {}


def test_a_signed_out_tab_cannot_add_or_remove(db, customer, session_token, tab):
    from storefront.state.passkeys import PasskeyManageState

    _, added = _add(db, customer, session_token)
    state = tab(PasskeyManageState, "")
    assert state.open_section() is None
    run_coroutine(state.start_adding({"passkey_name": "x"}))
    state.remove(added.passkey_id)
    assert count_rows(db, PasskeyCredential) == 1 and count_rows(db, WebAuthnChallenge) == 1
