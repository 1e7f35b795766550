"""The customer card: what a merchant may change, create, note, block, approve, invite, reset; what is refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.customers import card, merchant_edits, notes
from shop.i18n import translate
from shop.identity import invitations, sessions, signin, tokens
from shop.identity.sessions import Client
from shop.merchants import accounts
from shop.merchants.permissions import Permission, PermissionDenied, require
from shop.models import (
    Address,
    AuditEvent,
    Customer,
    CustomerGroup,
    CustomerNote,
    MerchantRole,
    Order,
    SignInSession,
    TokenKind,
)

PASSWORD = "green tea and linen towels"
VALID_FR_VAT = "FR40303265045"


def form(customer: Customer, **changes) -> dict:
    """The card's form as the page sends it, with some values changed."""
    values = {
        "own_number": customer.own_number or "", "email": customer.email, "first_name": customer.first_name,
        "last_name": customer.last_name, "company": customer.company, "vat_number": customer.vat_number,
        "phone": customer.phone, "language": customer.language, "group_id": str(customer.group_id or ""),
    }
    for flag, field in (("newsletter", "newsletter_opt_in"), ("tax_exempt", "tax_exempt"),
                        ("pay_on_invoice", "pay_on_invoice")):
        if getattr(customer, field):
            values[flag] = "on"
    values.update(changes)
    return values


def errors_of(call) -> dict[str, str]:
    with pytest.raises(FormErrors) as refused:
        call()
    return refused.value.errors


def audit_kinds(db, customer_id: int) -> list[str]:
    return [event.kind for event in db.exec(select(AuditEvent).where(AuditEvent.customer_id == customer_id)
                                            .order_by(AuditEvent.id))]


@pytest.fixture
def owner(db, cheap_bcrypt):
    user = accounts.create_merchant(db, "owner@example.com", "a long enough password")
    db.commit()
    return user


@pytest.fixture
def read_only_staff(db, cheap_bcrypt):
    user = accounts.create_merchant(db, "viewer@example.com", "a long enough password")
    user.role, user.read_only = MerchantRole.STAFF.value, True
    db.add(user)
    db.commit()
    return user


@pytest.fixture
def group(db):
    made = CustomerGroup(name="Wholesale")
    db.add(made)
    db.commit()
    return made


# --- editing the profile ---

def test_the_merchant_edits_the_profile_fields(db, make_customer, owner, group):
    customer = make_customer("ana@example.com")
    merchant_edits.update_customer(db, customer.id, form(
        customer, own_number=" ACC-1 ", first_name="Ana", last_name="Lopez", company="Lopez SARL",
        vat_number="FR 40 303 265 045", phone="06 12 34 56 78", language="fr", group_id=str(group.id),
        newsletter="on", tax_exempt="on", pay_on_invoice="on"), owner)
    db.commit()
    db.refresh(customer)
    assert (customer.own_number, customer.first_name, customer.last_name, customer.company) == \
        ("ACC-1", "Ana", "Lopez", "Lopez SARL")
    assert customer.vat_number == VALID_FR_VAT
    assert customer.phone == "+33612345678"
    assert customer.language == "fr" and customer.group_id == group.id
    assert customer.newsletter_opt_in and customer.tax_exempt and customer.pay_on_invoice
    assert "customer.updated_by_merchant" in audit_kinds(db, customer.id)


def test_unchecked_flags_and_an_empty_group_clear_them(db, make_customer, owner, group):
    customer = make_customer(group_id=group.id, tax_exempt=True, pay_on_invoice=True, newsletter_opt_in=True,
                             own_number="X1")
    changed = form(customer, group_id="", own_number="")
    for flag in ("newsletter", "tax_exempt", "pay_on_invoice"):
        changed.pop(flag)
    merchant_edits.update_customer(db, customer.id, changed, owner)
    assert customer.group_id is None and customer.own_number is None
    assert not (customer.tax_exempt or customer.pay_on_invoice or customer.newsletter_opt_in)


def test_forged_extra_keys_are_ignored(db, make_customer, owner):
    customer = make_customer()
    number, password_hash = customer.customer_number, customer.password_hash
    merchant_edits.update_customer(db, customer.id, form(
        customer, first_name="Zoé", password_hash="x", password="new password!", customer_number="C99999",
        id=999, is_blocked=True, approved_buyer=False, email_verified_at=None, source="import",
        order_count=50, total_spent_cents=10**9), owner)
    db.commit()
    db.refresh(customer)
    assert customer.first_name == "Zoé"
    assert customer.customer_number == number and customer.password_hash == password_hash
    assert customer.id != 999 and db.get(Customer, 999) is None
    assert not customer.is_blocked and customer.approved_buyer and customer.email_verified_at is not None
    assert customer.source == "signup" and customer.order_count == 0 and customer.total_spent_cents == 0


def test_an_own_number_already_taken_is_refused_next_to_the_field(db, make_customer, owner):
    make_customer("first@example.com", own_number="ACC-7")
    second = make_customer("second@example.com")
    refused = errors_of(lambda: merchant_edits.update_customer(db, second.id, form(second, own_number="acc-7"), owner))
    assert refused == {"own_number": "admin.card.error.own_number_taken"}
    assert translate("en", "admin.card.error.own_number_taken") == "Another customer already has this number."
    # Keeping one's own number is no conflict.
    first = db.exec(select(Customer).where(Customer.own_number == "ACC-7")).one()
    merchant_edits.update_customer(db, first.id, form(first, own_number="ACC-7", company="Kept"), owner)
    assert first.company == "Kept"


def test_an_email_already_taken_is_refused(db, make_customer, owner):
    make_customer("taken@example.com")
    customer = make_customer("mine@example.com")
    taken = form(customer, email=" Taken@Example.COM ")
    assert errors_of(lambda: merchant_edits.update_customer(db, customer.id, taken, owner)) == {
        "email": "admin.card.error.email_taken"}
    assert errors_of(lambda: merchant_edits.update_customer(db, customer.id, form(customer, email="not an email"),
                                                            owner)) == {"email": "error.email_invalid"}
    assert errors_of(lambda: merchant_edits.update_customer(db, customer.id, form(customer, email=""),
                                                            owner)) == {"email": "error.email_required"}
    db.rollback()
    assert db.get(Customer, customer.id).email == "mine@example.com"


def test_an_email_change_is_normalised_unverified_audited_and_claims_no_guest_orders(db, make_customer, owner):
    customer = make_customer("old@example.com")
    db.add(Order(number="G-1", email="new@example.com", total_cents=1200))
    db.commit()
    reset_link = tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    merchant_edits.update_customer(db, customer.id, form(customer, email="  New@Example.COM "), owner)
    db.commit()
    db.refresh(customer)
    assert customer.email == "new@example.com"
    assert customer.email_verified_at is None
    assert db.exec(select(Order).where(Order.number == "G-1")).one().customer_id is None
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.email_changed")).one()
    assert event.customer_id == customer.id and event.merchant_user_id == owner.id
    assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, reset_link) is None  # died with the old address


@pytest.mark.parametrize(("field", "value", "key"), [
    ("vat_number", "FR00000000000", "profile.error.vat_invalid"),
    ("vat_number", "not a vat", "profile.error.vat_invalid"),
    ("phone", "12", "error.phone_invalid"),
    ("phone", "+33 1", "error.phone_invalid"),
    ("language", "de", "error.invalid"),
    ("group_id", "999", "error.invalid"),
    ("group_id", ["1"], "error.invalid"),
    ("first_name", "x" * 101, "error.too_long"),
    ("own_number", "x" * 41, "error.too_long"),
    ("company", {"$ne": ""}, "error.invalid"),
])
def test_invalid_values_are_refused_next_to_their_field(db, make_customer, owner, field, value, key):
    customer = make_customer()
    assert errors_of(lambda: merchant_edits.update_customer(db, customer.id, form(customer, **{field: value}),
                                                            owner)) == {field: key}


def test_the_vat_number_is_checked_for_the_billing_country(db, make_customer, owner):
    customer = make_customer()
    db.add(Address(customer_id=customer.id, country_code="BE", is_default_billing=True, city="Bruxelles"))
    db.commit()
    assert errors_of(lambda: merchant_edits.update_customer(db, customer.id, form(customer, vat_number=VALID_FR_VAT),
                                                            owner)) == {"vat_number": "profile.error.vat_invalid"}


@pytest.mark.parametrize("forged_id", [0, -1, 999_999, "1", None, True, 1.0, [1]])
def test_an_unknown_customer_id_is_refused(db, make_customer, owner, forged_id):
    make_customer()
    for call in (lambda: merchant_edits.update_customer(db, forged_id, {}, owner),
                 lambda: notes.add_note(db, forged_id, "A note", owner),
                 lambda: merchant_edits.set_blocked(db, forged_id, True, owner),
                 lambda: merchant_edits.set_approved(db, forged_id, True, owner),
                 lambda: merchant_edits.send_invitation(db, forged_id, "Hello", owner),
                 lambda: merchant_edits.send_password_reset(db, forged_id, owner),
                 lambda: card.customer_card(db, forged_id)):
        with pytest.raises(LookupError):
            call()


# --- notes ---

def test_a_note_is_dated_signed_and_private(db, make_customer, owner):
    customer = make_customer()
    notes.add_note(db, customer.id, "  Prefers delivery on Tuesdays.\nCall before.  ", owner)
    notes.add_note(db, customer.id, "Second note", owner)
    db.commit()
    found = notes.list_notes(db, customer.id)
    assert [note.body for note in found] == ["Second note", "Prefers delivery on Tuesdays.\nCall before."]
    assert found[0].author == "owner@example.com" and found[0].merchant_user_id == owner.id
    assert found[0].created_at is not None
    assert "customer.note_added" in audit_kinds(db, customer.id)


@pytest.mark.parametrize(("body", "key"), [("", "error.required"), ("   \n ", "error.required"),
                                           ("x" * 5001, "error.too_long"), ("x" * 100_000, "error.too_long"),
                                           (None, "error.invalid"), (42, "error.invalid"),
                                           ("bad\x00byte", "error.invalid")])
def test_an_empty_or_too_long_note_is_refused(db, make_customer, owner, body, key):
    customer = make_customer()
    assert errors_of(lambda: notes.add_note(db, customer.id, body, owner)) == {"body": key}
    assert db.exec(select(CustomerNote)).first() is None


def test_a_note_of_exactly_5000_characters_is_kept(db, make_customer, owner):
    customer = make_customer()
    assert len(notes.add_note(db, customer.id, "x" * 5000, owner).body) == 5000


# --- blocking ---

def test_blocking_ends_every_session_and_sign_in_is_refused_with_the_message(db, make_customer, owner):
    customer = make_customer("blocked@example.com")
    token = sessions.open_customer_session(db, customer, Client(), how="password")
    link = tokens.issue_token(db, TokenKind.SIGN_IN_LINK, customer)
    db.commit()
    merchant_edits.set_blocked(db, customer.id, True, owner)
    db.commit()
    assert db.exec(select(SignInSession).where(SignInSession.customer_id == customer.id)).first() is None
    assert signin.current_customer(db, token) is None
    assert signin.sign_in_with_password(db, "blocked@example.com", PASSWORD).status == signin.SignInStatus.BLOCKED
    assert signin.sign_in_with_link(db, link).status == signin.SignInStatus.BLOCKED
    # A wrong password says nothing about the account.
    assert signin.sign_in_with_password(db, "blocked@example.com", "wrong password!").status == \
        signin.SignInStatus.INVALID
    assert translate("en", "error.blocked") == "Sign-in was refused for this account. Contact the shop."
    assert translate("fr", "error.blocked").startswith("La connexion a été refusée")
    assert customer.is_blocked and "customer.blocked" in audit_kinds(db, customer.id)


def test_a_blocked_customer_with_a_code_is_refused_after_the_code(db, make_customer, owner):
    from shop.identity import codes
    from shop.models import CodePurpose

    customer = make_customer("coded@example.com")
    code = codes.issue_code(db, customer.email, CodePurpose.SIGN_IN.value, customer_id=customer.id)
    merchant_edits.set_blocked(db, customer.id, True, owner)
    db.commit()
    assert signin.sign_in_with_code(db, customer.email, code).status == signin.SignInStatus.BLOCKED


def test_unblocking_lets_the_customer_sign_in_again(db, make_customer, owner):
    customer = make_customer("back@example.com")
    merchant_edits.set_blocked(db, customer.id, True, owner)
    merchant_edits.set_blocked(db, customer.id, False, owner)
    db.commit()
    assert not customer.is_blocked
    assert signin.sign_in_with_password(db, "back@example.com", PASSWORD).status == signin.SignInStatus.OK
    assert "customer.unblocked" in audit_kinds(db, customer.id)


def test_block_and_approve_take_booleans_only(db, make_customer, owner):
    customer = make_customer()
    for junk in ("true", 1, None):
        with pytest.raises(ValueError):
            merchant_edits.set_blocked(db, customer.id, junk, owner)
        with pytest.raises(ValueError):
            merchant_edits.set_approved(db, customer.id, junk, owner)


# --- approval ---

def test_approval_toggles_and_is_audited(db, make_customer, owner):
    customer = make_customer()
    merchant_edits.set_approved(db, customer.id, False, owner)
    assert not customer.approved_buyer
    merchant_edits.set_approved(db, customer.id, True, owner)
    assert customer.approved_buyer
    assert audit_kinds(db, customer.id)[-2:] == ["customer.approval_withdrawn", "customer.approved"]


# --- invitation and reset ---

def test_the_invitation_carries_the_merchants_words_and_a_working_link(db, make_customer, owner, outbox):
    customer = make_customer("invited@example.com", password=None, verified=False, language="fr")
    prefilled = merchant_edits.invitation_text(db, customer)
    assert "a créé un compte client pour vous" in prefilled  # in the customer's language
    merchant_edits.send_invitation(db, customer.id, "Bonjour Camille,\n\nVotre compte pro est prêt.", owner)
    db.commit()
    [email] = outbox("invited@example.com")
    assert email.template == "invitation" and email.language == "fr"
    assert "Votre compte pro est prêt." in email.text_body
    assert "a créé un compte client pour vous" not in email.text_body
    token = email.text_body.split("/invite/")[1].split()[0]
    session = invitations.accept_invitation(db, token, {"password": "a brand new long password",
                                                        "password_confirm": "a brand new long password"})
    assert session and customer.password_hash and customer.email_verified_at is not None
    assert "customer.invited" in audit_kinds(db, customer.id)


@pytest.mark.parametrize(("message", "key"), [("", "error.required"), ("x" * 5001, "error.too_long"),
                                              (None, "error.invalid")])
def test_an_empty_or_too_long_invitation_is_refused(db, make_customer, owner, outbox, message, key):
    customer = make_customer()
    assert errors_of(lambda: merchant_edits.send_invitation(db, customer.id, message, owner)) == {"message": key}
    assert outbox() == []


def test_a_blocked_customer_gets_no_invitation_and_no_reset(db, make_customer, owner, outbox):
    customer = make_customer(is_blocked=True)
    with pytest.raises(merchant_edits.CustomerBlocked):
        merchant_edits.send_invitation(db, customer.id, "Hello", owner)
    with pytest.raises(merchant_edits.CustomerBlocked):
        merchant_edits.send_password_reset(db, customer.id, owner)
    assert outbox() == []


def test_the_merchant_sends_a_password_reset_once_a_minute(db, make_customer, owner, outbox):
    customer = make_customer("reset@example.com")
    assert merchant_edits.send_password_reset(db, customer.id, owner) is True
    assert merchant_edits.send_password_reset(db, customer.id, owner) is False
    db.commit()
    [email] = outbox("reset@example.com")
    assert email.template == "reset" and "/reset-password/" in email.text_body
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.password_reset_requested")).one()
    assert event.merchant_user_id == owner.id and event.detail == "merchant"


# --- new customers ---

def test_a_new_customer_gets_a_number_the_merchant_source_and_an_invitation(db, owner, group, outbox):
    created = merchant_edits.create_customer(db, {
        "email": " New.Client@Example.com ", "own_number": "TILL-12", "first_name": "Léa", "last_name": "Roux",
        "company": "Roux & fils", "phone": "0612345678", "language": "fr", "group_id": str(group.id),
        "newsletter": "on", "send_invitation": "on",
        "customer_number": "C00001", "id": 77, "is_blocked": True, "password_hash": "x", "source": "import",
    }, owner)
    db.commit()
    customer = created.customer
    assert created.invited
    assert customer.email == "new.client@example.com" and customer.customer_number == f"C{customer.id:05d}"
    assert customer.source == "merchant" and customer.own_number == "TILL-12" and customer.group_id == group.id
    assert customer.phone == "+33612345678" and customer.language == "fr" and customer.newsletter_opt_in
    assert customer.password_hash is None and not customer.is_blocked and customer.id != 77
    [email] = outbox("new.client@example.com")
    assert email.template == "invitation" and "/invite/" in email.text_body
    assert "customer.created_by_merchant" in audit_kinds(db, customer.id)


def test_a_new_customer_without_the_invitation_gets_no_email(db, owner, outbox):
    created = merchant_edits.create_customer(db, {"email": "quiet@example.com", "language": "en"}, owner)
    assert not created.invited and outbox() == []


def test_a_new_customer_needs_a_free_email_and_a_free_own_number(db, make_customer, owner):
    make_customer("exists@example.com", own_number="N-1")
    assert errors_of(lambda: merchant_edits.create_customer(
        db, {"email": "EXISTS@example.com", "own_number": "n-1", "language": "en"}, owner)) == {
        "email": "admin.card.error.email_taken", "own_number": "admin.card.error.own_number_taken"}
    assert errors_of(lambda: merchant_edits.create_customer(db, {"language": "en"}, owner)) == {
        "email": "error.email_required"}
    assert errors_of(lambda: merchant_edits.create_customer(db, "not a form", owner))["email"] == \
        "error.email_required"


# --- the card and its timeline ---

def test_the_card_shows_orders_and_a_readable_timeline_newest_first(db, make_customer, owner, outbox):
    from backoffice.state.customer_card import card_view

    customer = make_customer("timeline@example.com")
    db.add(Order(number="ML-1001", customer_id=customer.id, email=customer.email, total_cents=4590))
    db.commit()
    merchant_edits.send_password_reset(db, customer.id, owner)
    merchant_edits.send_invitation(db, customer.id, "Welcome", owner)
    notes.add_note(db, customer.id, "Met at the fair.", owner)
    db.commit()
    found = card.customer_card(db, customer.id)
    assert [order.number for order in found.orders] == ["ML-1001"]
    kinds = {entry.kind for entry in found.timeline}
    assert kinds == {"account", "order", "email", "note"}
    moments = [entry.at for entry in found.timeline]
    assert moments == sorted(moments, reverse=True)
    for lang in ("en", "fr"):
        view = card_view(found, lang)
        texts = " | ".join(row["text"] + row["body"] for row in view["timeline"])
        assert "ML-1001" in texts and "Met at the fair." in texts
        assert "customer." not in texts  # sentences, not codes
        for email in outbox():  # the links' tokens never show
            token = email.text_body.split("/reset-password/")[-1].split("/invite/")[-1].split()[0]
            assert token not in texts
    english = " | ".join(row["text"] for row in card_view(found, "en")["timeline"])
    assert "Invited to set a password" in english and "Password reset email requested" in english
    assert "Note by owner@example.com" in english and "Email sent: " in english
    assert view["orders"][0]["href"] == "/admin/orders/ML-1001"


def test_an_unknown_audit_kind_reads_as_an_account_event(db, make_customer):
    from backoffice.state.customer_card import card_view
    from shop.common import audit

    customer = make_customer()
    audit.record(db, "customer.something_new", customer_id=customer.id, detail="secret-token-123")
    db.commit()
    rows = card_view(card.customer_card(db, customer.id), "en")["timeline"]
    assert rows[0]["text"] == "Account event" and "secret-token-123" not in str(rows)


# --- permissions ---

def test_read_only_staff_may_view_but_not_edit(read_only_staff):
    assert require(read_only_staff, Permission.VIEW) is read_only_staff
    with pytest.raises(PermissionDenied):
        require(read_only_staff, Permission.EDIT)


@pytest.fixture
def card_state(engine, monkeypatch):
    """The card's State, run against the test database."""
    import reflex as rx

    import storefront.state.app as app_module
    from backoffice.state.customer_card import CustomerCardState

    monkeypatch.setattr(app_module, "get_engine", lambda: engine)
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(CustomerCardState.get_full_name().split(".")[1:])


def _signed_in(db, state, merchant):
    state.admin_token = accounts.sign_in(db, merchant.email, "a long enough password").token
    db.commit()
    assert state.admin_token


def test_the_state_refuses_read_only_staff_every_change(db, make_customer, read_only_staff, card_state):
    customer = make_customer("guarded@example.com")
    _signed_in(db, card_state, read_only_staff)
    card_state._customer_id = customer.id
    card_state.save(form(customer, first_name="Changed"))
    card_state.add_note({"body": "A note"})
    card_state.set_blocked(True)
    card_state.set_approved(False)
    card_state.open_invitation()
    card_state.send_invitation({"message": "Hello"})
    card_state.send_password_reset()
    db.expire_all()
    fresh = db.get(Customer, customer.id)
    assert fresh.first_name == "Camille" and not fresh.is_blocked and fresh.approved_buyer
    assert db.exec(select(CustomerNote)).first() is None
    assert not card_state.invite_open
    assert [kind for kind in audit_kinds(db, customer.id) if not kind.startswith("customer.sign")] == []


def test_the_state_lets_an_owner_save_and_ignores_junk(db, make_customer, owner, card_state):
    customer = make_customer("owned@example.com")
    _signed_in(db, card_state, owner)
    card_state._customer_id = customer.id
    for junk in (None, "x", 3, ["a"]):
        card_state.save(junk)
        card_state.set_blocked(junk)
    card_state.save(form(customer, first_name="Saved"))
    assert card_state.values["first_name"] == "Saved" and card_state.found
    card_state.set_blocked(True)
    assert card_state.blocked
    db.expire_all()
    assert db.get(Customer, customer.id).is_blocked


def test_the_state_refuses_a_visitor(db, make_customer, card_state):
    customer = make_customer()
    card_state._customer_id = customer.id
    card_state.set_blocked(True)
    db.expire_all()
    assert not db.get(Customer, customer.id).is_blocked


# --- the address book, from the card ---

PARIS = {"name": "Camille Martin", "street_address": "12 rue de Rivoli", "postal_code": "75001", "city": "Paris",
         "country_code": "FR"}
LYON = {"name": "Camille Martin", "street_address": "3 place Bellecour", "postal_code": "69002", "city": "Lyon",
        "country_code": "FR"}


def addresses_of(db, customer_id: int) -> list[Address]:
    db.expire_all()
    return list(db.exec(select(Address).where(Address.customer_id == customer_id).order_by(Address.id)))


def test_the_merchant_adds_edits_sets_defaults_and_deletes_an_address(db, make_customer, owner):
    from shop.customers import merchant_addresses

    customer = make_customer("book@example.com")
    first = merchant_addresses.add_address(db, customer.id, PARIS, owner)
    second = merchant_addresses.add_address(db, customer.id, {**LYON, "customer_id": 999, "id": 1}, owner)
    db.commit()
    assert first.is_default_billing and first.is_default_shipping  # the first address is the default
    assert second.customer_id == customer.id and not second.is_default_billing
    merchant_addresses.update_address(db, customer.id, second.id, {**LYON, "postal_code": "69003"}, owner)
    merchant_addresses.set_default(db, customer.id, second.id, "billing", owner)
    db.commit()
    saved = {address.id: address for address in addresses_of(db, customer.id)}
    assert saved[second.id].postal_code == "69003" and saved[second.id].is_default_billing
    assert not saved[first.id].is_default_billing and saved[first.id].is_default_shipping
    merchant_addresses.delete_address(db, customer.id, first.id, owner)
    db.commit()
    left = addresses_of(db, customer.id)
    assert [address.id for address in left] == [second.id] and left[0].is_default_shipping  # the default passed on
    kinds = [kind for kind in audit_kinds(db, customer.id) if kind.startswith("customer.address")]
    assert kinds == ["customer.address_added", "customer.address_added", "customer.address_updated",
                     "customer.address_default_billing", "customer.address_deleted"]
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.address_deleted")).one()
    assert event.merchant_user_id == owner.id and "rue" not in event.detail


def test_the_card_timeline_names_address_changes(db, make_customer, owner):
    from backoffice.state.customer_card import card_view
    from shop.customers import merchant_addresses

    customer = make_customer()
    merchant_addresses.add_address(db, customer.id, PARIS, owner)
    db.commit()
    view = {lang: card_view(card.customer_card(db, customer.id), lang) for lang in ("en", "fr")}
    assert "Address added by the shop" in [row["text"] for row in view["en"]["timeline"]]
    assert "Adresse ajoutée par la boutique" in [row["text"] for row in view["fr"]["timeline"]]
    assert view["en"]["addresses"][0]["postal_code"] == "75001" and view["en"]["addresses"][0]["billing"]


def test_an_invalid_postal_code_is_refused_next_to_the_field(db, make_customer, owner):
    from shop.customers import merchant_addresses

    customer = make_customer()
    errors = errors_of(lambda: merchant_addresses.add_address(db, customer.id, {**PARIS, "postal_code": "7500"},
                                                              owner))
    assert errors == {"postal_code": "address.error.postal_code_invalid"}
    assert addresses_of(db, customer.id) == []


@pytest.mark.parametrize("forged", ["other", 0, -1, "1", None, 2**70, True, [1]])
def test_an_address_of_another_customer_or_junk_is_refused(db, make_customer, owner, forged):
    from shop.customers import addresses, merchant_addresses

    customer, other = make_customer(), make_customer()
    theirs = merchant_addresses.add_address(db, other.id, PARIS, owner)
    db.commit()
    address_id = theirs.id if forged == "other" else forged
    for call in (lambda: merchant_addresses.update_address(db, customer.id, address_id, LYON, owner),
                 lambda: merchant_addresses.delete_address(db, customer.id, address_id, owner),
                 lambda: merchant_addresses.set_default(db, customer.id, address_id, "billing", owner)):
        with pytest.raises(addresses.AddressNotFound):
            call()
    db.rollback()
    kept = addresses_of(db, other.id)
    assert [(a.id, a.postal_code) for a in kept] == [(theirs.id, "75001")]


def test_a_default_kind_must_be_billing_or_shipping(db, make_customer, owner):
    from shop.customers import merchant_addresses

    customer = make_customer()
    address = merchant_addresses.add_address(db, customer.id, PARIS, owner)
    for kind in ("admin", "", None, ["billing"]):
        with pytest.raises(ValueError):
            merchant_addresses.set_default(db, customer.id, address.id, kind, owner)


def test_the_state_edits_the_address_book_of_its_own_customer_only(db, make_customer, owner, card_state):
    customer, other = make_customer(), make_customer()
    from shop.customers import merchant_addresses

    theirs = merchant_addresses.add_address(db, other.id, PARIS, owner)
    db.commit()
    _signed_in(db, card_state, owner)
    card_state._customer_id, card_state.can_edit = customer.id, True
    card_state.open_new_address()
    assert card_state.address_form_open and card_state.address_editing_id == 0
    card_state.save_address({**PARIS, "postal_code": "ABC"})
    assert list(card_state.address_errors) == ["postal_code"]
    assert card_state.address_form_open and card_state.address_values["postal_code"] == "ABC"
    card_state.save_address(PARIS)
    assert not card_state.address_form_open
    [mine] = addresses_of(db, customer.id)
    assert card_state.addresses[0]["id"] == mine.id
    # Another customer's address, however it is sent: refused, nothing changes, the card stays.
    card_state.open_address(theirs.id)
    assert not card_state.address_form_open
    card_state.address_editing_id, card_state.address_form_open = theirs.id, True
    card_state.save_address(LYON)
    card_state.delete_address(theirs.id)
    card_state.set_default_address(theirs.id, "billing")
    assert card_state.found and card_state.values["id"] == str(customer.id)
    assert [(a.id, a.city) for a in addresses_of(db, other.id)] == [(theirs.id, "PARIS")]
    # Its own address: edit, then delete.
    card_state.open_address(mine.id)
    assert card_state.address_form_open and card_state.address_values["city"] == "PARIS"
    card_state.save_address(LYON)
    assert addresses_of(db, customer.id)[0].city == "LYON"
    for junk in (None, "x", 3.5, [mine.id]):
        card_state.delete_address(junk)
        card_state.set_default_address(junk, "billing")
        card_state.save_address(junk)
        card_state.choose_address_country(junk)
    card_state.set_default_address(mine.id, "everything")
    assert len(addresses_of(db, customer.id)) == 1
    card_state.delete_address(mine.id)
    assert addresses_of(db, customer.id) == [] and card_state.addresses == []


def test_the_state_refuses_read_only_staff_and_visitors_any_address_change(db, make_customer, owner,
                                                                          read_only_staff, card_state):
    from shop.customers import merchant_addresses

    customer = make_customer()
    address = merchant_addresses.add_address(db, customer.id, PARIS, owner)
    second = merchant_addresses.add_address(db, customer.id, LYON, owner)
    db.commit()
    before = audit_kinds(db, customer.id)
    card_state._customer_id = customer.id
    for signed_in in (None, read_only_staff):
        if signed_in is not None:
            _signed_in(db, card_state, signed_in)
        card_state.address_editing_id = 0
        card_state.save_address(PARIS)
        card_state.address_editing_id = address.id
        card_state.save_address(LYON)
        card_state.set_default_address(second.id, "billing")
        card_state.delete_address(address.id)
    saved = addresses_of(db, customer.id)
    assert [(a.id, a.city, a.is_default_billing) for a in saved] == [(address.id, "PARIS", True),
                                                                       (second.id, "LYON", False)]
    assert [k for k in audit_kinds(db, customer.id) if not k.startswith("customer.sign")] == \
        [k for k in before if not k.startswith("customer.sign")]


def _audit_kinds_about_a_customer() -> set[str]:
    """Every audit kind the code records with a customer_id: the ones the card's timeline shows."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    kinds = set()
    for package in ("shop", "storefront", "backoffice"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"
                        and len(node.args) >= 2 and any(k.arg == "customer_id" for k in node.keywords)):
                    kind = node.args[1]
                    if isinstance(kind, ast.Constant):
                        kinds.add(kind.value)
                    elif isinstance(kind, ast.IfExp):
                        kinds |= {kind.body.value, kind.orelse.value}
    return kinds


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_event_of_a_customer_reads_as_a_sentence_on_the_card(lang):
    from shop.i18n import CATALOGUES
    from shop.identity import security

    kinds = _audit_kinds_about_a_customer() | {security.CONFIRM_FAILED, security.EMAIL_CHANGE_REQUESTED}
    assert len(kinds) > 40  # the scan found the calls
    assert sorted(kind for kind in kinds if f"admin.card.event.{kind}" not in CATALOGUES[lang]) == []


def test_every_way_a_customer_came_has_a_label():
    import re
    from pathlib import Path

    from shop.i18n import CATALOGUES

    shop_code = Path(__file__).resolve().parent.parent / "shop"
    sources = {match for path in shop_code.rglob("*.py") for match in re.findall(r'source="(\w+)"', path.read_text())}
    assert {"signup", "checkout", "merchant", "social"} <= sources | {"import"}
    assert sorted(f"{lang}:{source}" for source in sources | {"import"} for lang in ("en", "fr")
                  if f"admin.card.source.{source}" not in CATALOGUES[lang]) == []
