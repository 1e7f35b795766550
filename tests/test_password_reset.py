"""Forgotten password, reset by link, the merchant's reset email, and invitations."""

import pytest
from sqlmodel import func, select

from shop.common.validation import FormErrors
from shop.identity import invitations, password_reset, sessions, signin
from shop.identity.signin import SignInStatus
from shop.models import Customer, SignInSession
from tests.helpers import token_in

PASSWORD = "green tea and linen towels"
NEW = {"password": "copper kettle by the window", "password_confirm": "copper kettle by the window"}


def test_reset_sends_a_link_only_to_known_addresses(db, make_customer, outbox):
    make_customer("ana@example.com")
    assert password_reset.request_password_reset(db, "ana@example.com") == "ana@example.com"
    assert password_reset.request_password_reset(db, "nobody@example.com", lang="fr") == "nobody@example.com"
    assert [(e.to_address, e.template) for e in outbox()] == [
        ("ana@example.com", "reset"), ("nobody@example.com", "no_account")]
    assert "/reset-password/" in outbox()[0].text_body
    assert "/reset-password/" not in outbox()[1].text_body and outbox()[1].language == "fr"


def test_reset_emails_at_most_once_a_minute(db, make_customer, outbox):
    make_customer("ana@example.com")
    password_reset.request_password_reset(db, "ana@example.com")
    password_reset.request_password_reset(db, "ana@example.com")
    assert len(outbox()) == 1


def test_reset_sets_the_password_ends_other_sessions_and_notifies(db, make_customer, outbox):
    make_customer("ana@example.com")
    old_session = signin.sign_in_with_password(db, "ana@example.com", PASSWORD).session_token
    password_reset.request_password_reset(db, "ana@example.com")
    token = token_in(outbox()[-1])
    assert password_reset.reset_link_is_valid(db, token)  # opening the page consumes nothing
    assert password_reset.reset_link_is_valid(db, token)
    session_token = password_reset.reset_password(db, token, NEW)
    db.commit()
    assert signin.current_customer(db, old_session) is None
    assert signin.current_customer(db, session_token) is not None
    assert db.exec(select(func.count()).select_from(SignInSession)).one() == 1
    assert outbox()[-1].template == "password_changed"
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.INVALID
    assert signin.sign_in_with_password(db, "ana@example.com", NEW["password"]).status == SignInStatus.OK


def test_reset_link_works_once(db, make_customer, outbox):
    make_customer("ana@example.com")
    password_reset.request_password_reset(db, "ana@example.com")
    token = token_in(outbox()[-1])
    password_reset.reset_password(db, token, NEW)
    with pytest.raises(FormErrors) as refused:
        password_reset.reset_password(db, token, {"password": "yet another long phrase",
                                                  "password_confirm": "yet another long phrase"})
    assert refused.value.errors == {"form": "error.link_invalid"}


def test_reset_link_dies_after_an_email_change(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    password_reset.request_password_reset(db, "ana@example.com")
    token = token_in(outbox()[-1])
    customer.email = "ana.new@example.com"
    db.add(customer)
    db.commit()
    assert not password_reset.reset_link_is_valid(db, token)
    with pytest.raises(FormErrors):
        password_reset.reset_password(db, token, NEW)


def test_weak_or_mismatched_new_password_is_refused_and_the_link_stays_usable(db, make_customer, outbox):
    make_customer("ana@example.com")
    password_reset.request_password_reset(db, "ana@example.com")
    token = token_in(outbox()[-1])
    with pytest.raises(FormErrors) as weak:
        password_reset.reset_password(db, token, {"password": "password1", "password_confirm": "password1"})
    assert weak.value.errors == {"password": "error.password_weak"}
    with pytest.raises(FormErrors) as mismatch:
        password_reset.reset_password(db, token, {**NEW, "password_confirm": "something else"})
    assert mismatch.value.errors == {"password_confirm": "error.password_mismatch"}
    assert password_reset.reset_link_is_valid(db, token)


def test_reset_verifies_an_unverified_email(db, make_customer, outbox):
    customer = make_customer("ana@example.com", verified=False)
    password_reset.request_password_reset(db, "ana@example.com")
    password_reset.reset_password(db, token_in(outbox()[-1]), NEW)
    assert customer.email_verified_at is not None


def test_merchant_can_send_the_reset_email(db, make_customer, outbox):
    customer = make_customer("ana@example.com")
    assert password_reset.send_reset_for_customer(db, customer.id, merchant_user_id=1)
    assert outbox()[-1].template == "reset"
    with pytest.raises(LookupError):
        password_reset.send_reset_for_customer(db, 999, merchant_user_id=1)


def test_blocked_customer_gets_no_reset_link(db, make_customer, outbox):
    make_customer("ana@example.com", is_blocked=True)
    password_reset.request_password_reset(db, "ana@example.com")
    assert [e.template for e in outbox()] == ["access_refused"]
    assert "/reset-password/" not in outbox()[0].text_body


@pytest.mark.parametrize("route", ["reset", "invitation"])
def test_proving_the_address_by_reset_or_invitation_ends_the_strangers_sessions(db, make_customer, outbox, route):
    """A record made by an unverified sign-up (a stranger's, perhaps): the owner's reset or invitation
    sets the owner's password and signs out every session opened before."""
    stranger = make_customer("ana@example.com", password="stranger chose this one", verified=False)
    strangers_session = sessions.start_session(db, customer_id=stranger.id)
    db.commit()
    if route == "reset":
        password_reset.request_password_reset(db, "ana@example.com")
        owner_session = password_reset.reset_password(db, token_in(outbox()[-1]), NEW)
    else:
        invitations.invite_customer(db, stranger)
        owner_session = invitations.accept_invitation(db, token_in(outbox()[-1]), NEW)
    db.commit()
    assert sessions.resolve_session(db, strangers_session) is None
    assert signin.current_customer(db, owner_session).id == stranger.id
    assert signin.sign_in_with_password(db, "ana@example.com", "stranger chose this one").status == "invalid"
    db.refresh(stranger)
    assert stranger.email_verified_at is not None


# --- invitations ---

def test_invitation_attaches_the_account_to_the_existing_record(db, cheap_bcrypt, outbox):
    customer = invitations.invite_by_email(db, "Lou.Client@Example.com", first_name="Lou")
    db.commit()
    token = token_in(outbox()[-1])
    assert invitations.invitation_first_name(db, token) == "Lou"
    session_token = invitations.accept_invitation(db, token, NEW)
    db.commit()
    assert db.exec(select(func.count()).select_from(Customer)).one() == 1
    assert signin.current_customer(db, session_token).id == customer.id
    assert customer.email_verified_at is not None and customer.password_hash


def test_invitation_is_single_use_and_a_new_one_voids_the_old(db, cheap_bcrypt, outbox):
    invitations.invite_by_email(db, "lou@example.com")
    first = token_in(outbox()[-1])
    invitations.invite_by_email(db, "lou@example.com")
    second = token_in(outbox()[-1])
    assert invitations.invitation_first_name(db, first) is None
    invitations.accept_invitation(db, second, NEW)
    with pytest.raises(FormErrors):
        invitations.accept_invitation(db, second, NEW)


def test_invitation_expires_after_30_days(db, cheap_bcrypt, outbox):
    from datetime import timedelta

    from shop.models import SingleUseToken, utcnow

    invitations.invite_by_email(db, "lou@example.com")
    token = token_in(outbox()[-1])
    row = db.exec(select(SingleUseToken)).one()
    assert timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30)
    row.expires_at = utcnow()
    db.add(row)
    assert invitations.invitation_first_name(db, token) is None
