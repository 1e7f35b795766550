"""Settings, staff and two-factor sign-in of the back-office: every rule and every refusal."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.identity import sessions, throttle
from shop.merchants import accounts, staff, two_factor
from shop.merchants.permissions import Permission, PermissionDenied, allows
from shop.models import AuditEvent, MerchantRecoveryCode, MerchantUser, StoreSettings
from shop.settings import admin as settings_admin
from shop.settings.store import get_store_settings

PASSWORD = "a long enough password"
NEW_PASSWORD = "copper kettle under autumn rain"


@pytest.fixture
def owner(db, cheap_bcrypt):
    user = accounts.create_merchant(db, "owner@example.com", PASSWORD, name="Olive Owner")
    db.commit()
    return user


@pytest.fixture
def clerk(db, cheap_bcrypt):
    user = accounts.create_merchant(db, "clerk@example.com", PASSWORD, name="Clara Clerk")
    user.role = "staff"
    db.add(user)
    db.commit()
    return user


def valid_form(**changes) -> dict:
    form = {
        "shop_name": "Maison Lumen", "contact_email": "hello@maison-lumen.example", "default_language": "en",
        "registration_mode": "open", "email_verification": "code", "checkout_mode": "guests",
        "passwordless_sign_in": "on", "wishlist_enabled": "on", "keep_customer_prices": "on",
        "shop_country": "FR", "shipping_flat_cents": "5.90", "free_shipping_over_cents": "60.00",
        "bank_details": "IBAN FR76 3000 6000 0112 3456 7890 189", "unpaid_order_days": "7",
        "export_format": "csv", "csv_delimiter": ";",
        "terms_text": "", "legal_notice_text": "", "privacy_text": "", "shipping_returns_text": "",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


# --- settings ---

def test_the_owner_saves_every_setting_and_the_change_is_audited_by_field(db, owner):
    form = valid_form(shop_name="  Atelier Lumen ", contact_email="Shop@Example.com", default_language="fr",
                      registration_mode="members_only", email_verification="none", checkout_mode="account_required",
                      wishlist_enabled=None, passwordless_sign_in=None, account_from_order="on",
                      approved_buyers_only="on", require_two_factor="on", notify_on_signup="on",
                      shop_country="DE", shipping_flat_cents="4,50", free_shipping_over_cents="€ 80",
                      unpaid_order_days="14", export_format="xlsx", csv_delimiter=",",
                      terms_text="First paragraph.\r\n\r\nSecond\tparagraph.")
    saved, changed = settings_admin.update_settings(db, form, merchant_user_id=owner.id)
    db.commit()
    row = db.get(StoreSettings, 1)
    assert (row.shop_name, row.contact_email, row.default_language) == ("Atelier Lumen", "shop@example.com", "fr")
    assert (row.registration_mode, row.email_verification, row.checkout_mode) == (
        "members_only", "none", "account_required")
    assert not row.wishlist_enabled and not row.passwordless_sign_in and row.keep_customer_prices
    assert row.account_from_order and row.approved_buyers_only and row.require_two_factor and row.notify_on_signup
    assert (row.shop_country, row.shipping_flat_cents, row.free_shipping_over_cents) == ("DE", 450, 8000)
    assert (row.unpaid_order_days, row.export_format, row.csv_delimiter) == (14, "xlsx", ",")
    assert row.terms_text == "First paragraph.\n\nSecond\tparagraph."
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "settings.changed")).one()
    assert event.merchant_user_id == owner.id
    assert set(event.detail.split(",")) == set(changed)
    assert "wishlist_enabled" in changed and "shop_name" in changed and "keep_customer_prices" not in changed


def test_saving_the_same_values_changes_nothing_and_records_nothing(db, owner):
    view = settings_admin.settings_view(get_store_settings(db))
    form = {key: ("on" if value is True else value) for key, value in view.items() if value is not False}
    _, changed = settings_admin.update_settings(db, form, merchant_user_id=owner.id)
    assert changed == []
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "settings.changed")).first() is None


@pytest.mark.parametrize("field,value", [
    ("shop_name", ""), ("shop_name", "x" * 101), ("shop_name", "bad\x00name"), ("shop_name", ["list"]),
    ("contact_email", "not-an-email"), ("contact_email", None), ("contact_email", 42),
    ("registration_mode", "admin"), ("registration_mode", None), ("email_verification", "sms"),
    ("checkout_mode", {"$ne": 1}), ("default_language", "de"), ("shop_country", "XX"), ("shop_country", "fr"),
    ("export_format", "pdf"), ("csv_delimiter", "|"), ("csv_delimiter", ";;"),
    ("shipping_flat_cents", "-1"), ("shipping_flat_cents", "abc"), ("shipping_flat_cents", "1e9"),
    ("shipping_flat_cents", "5.999"), ("free_shipping_over_cents", "100000.01"), ("free_shipping_over_cents", 12),
    ("unpaid_order_days", "0"), ("unpaid_order_days", "91"), ("unpaid_order_days", "7.5"),
    ("unpaid_order_days", 7), ("bank_details", "x" * 501),
    ("terms_text", "x" * 50_001), ("privacy_text", "hidden\x07bell"), ("legal_notice_text", ["a"]),
])
def test_every_bad_value_is_refused_next_to_its_field_and_nothing_is_written(db, owner, field, value):
    before = settings_admin.settings_view(get_store_settings(db))
    with pytest.raises(FormErrors) as refused:
        settings_admin.update_settings(db, valid_form(**{field: value}) if value is not None
                                       else {k: v for k, v in valid_form().items() if k != field},
                                       merchant_user_id=owner.id)
    assert set(refused.value.errors) == {field}
    db.rollback()
    assert settings_admin.settings_view(get_store_settings(db)) == before


def test_fields_that_are_not_on_the_form_are_never_copied(db, owner):
    form = valid_form(id=7, currency="USD", updated_at="2000-01-01", guest_checkout=False)
    settings_admin.update_settings(db, form, merchant_user_id=owner.id)
    row = get_store_settings(db)
    assert row.id == 1 and row.currency == "EUR"


def test_a_payload_that_is_not_a_form_is_refused(db, owner):
    for junk in (None, [], "shop_name=x", 42):
        with pytest.raises(FormErrors):
            settings_admin.update_settings(db, junk, merchant_user_id=owner.id)


@pytest.mark.parametrize("text,cents", [("5.90", 590), ("5,9", 590), ("5", 500), ("€ 12", 1200), ("0", 0),
                                        ("100000", 10_000_000), ("1 250,00", 125_000)])
def test_money_inputs_accept_the_ways_people_write_amounts(text, cents):
    assert settings_admin.parse_cents(text, "f") == cents


def test_the_vat_rate_shown_follows_the_shop_country():
    assert settings_admin.vat_rate_text("FR") == "20"
    assert settings_admin.vat_rate_text("FI") == "25.5"
    assert settings_admin.vat_rate_text("US") == "0"


def test_only_owners_may_change_settings_or_manage_staff(db, owner, clerk):
    assert allows(owner, Permission.OWNER)
    assert not allows(clerk, Permission.OWNER) and allows(clerk, Permission.EDIT)
    clerk.read_only = True
    assert not allows(clerk, Permission.EDIT) and allows(clerk, Permission.VIEW)


# --- the back-office state's checks (the same path every handler takes) ---

class FakeAdminState:
    """The parts of AdminState that `_as_merchant` uses: the session cookie and the unit of work."""

    def __init__(self, engine, token: str, gated: bool = True):
        from sqlmodel import Session

        self._engine, self.token, self.gated = engine, token, gated
        self.Session = Session

    def _token(self):
        return self.token

    def _gated(self):
        return self.gated

    def _work(self, work):
        with self.Session(self._engine, expire_on_commit=False) as db:
            result = work(db)
            db.commit()
            return result


def _as_merchant(fake, permission, work):
    from backoffice.state.auth import AdminState

    return AdminState._as_merchant(fake, permission, work)


def _session_for(db, user) -> str:
    token = sessions.start_session(db, merchant_user_id=user.id)
    db.commit()
    return token


def test_staff_are_refused_the_settings_change_and_nothing_is_written(db, engine, clerk):
    fake = FakeAdminState(engine, _session_for(db, clerk))
    with pytest.raises(PermissionDenied):
        _as_merchant(fake, Permission.OWNER, lambda session, merchant: settings_admin.update_settings(
            session, valid_form(shop_name="Taken over"), merchant_user_id=merchant.id))
    db.expire_all()
    assert get_store_settings(db).shop_name == "Maison Lumen"


def test_staff_are_refused_staff_management(db, engine, owner, clerk):
    fake = FakeAdminState(engine, _session_for(db, clerk))
    with pytest.raises(PermissionDenied):
        _as_merchant(fake, Permission.OWNER, lambda session, merchant: staff.set_active(
            session, owner.id, False, by=merchant))
    db.expire_all()
    assert db.get(MerchantUser, owner.id).is_active


def test_a_user_who_must_set_up_two_factor_can_do_nothing_else(db, engine, owner):
    from backoffice.state.auth import TwoFactorSetupRequired

    settings = get_store_settings(db)
    settings.require_two_factor = True
    db.add(settings)
    db.commit()
    token = _session_for(db, owner)
    assert two_factor.setup_required(db, owner)
    with pytest.raises(TwoFactorSetupRequired):
        _as_merchant(FakeAdminState(engine, token), Permission.VIEW, lambda session, merchant: "page data")
    # The security page is the one that stays open.
    assert _as_merchant(FakeAdminState(engine, token, gated=False), Permission.VIEW,
                        lambda session, merchant: "setup") == "setup"
    secret = two_factor.begin_setup(db, owner).secret
    two_factor.confirm_setup(db, owner, pyotp.TOTP(secret).now())
    db.commit()
    assert not two_factor.setup_required(db, owner)
    assert _as_merchant(FakeAdminState(engine, token), Permission.VIEW, lambda session, merchant: "ok") == "ok"


def test_the_security_page_is_the_only_ungated_state():
    from backoffice.state.settings import SettingsState
    from backoffice.state.staff import SecurityState, StaffState

    assert not SecurityState._gated(None)
    assert SettingsState._gated(None) and StaffState._gated(None)


# --- staff ---

def _invite(db, owner, email="new.hire@example.com", **values):
    form = {"email": email, "name": "Noa Hire", "role": "staff", **values}
    user = staff.invite_staff(db, form, inviter=owner, lang="en")
    db.commit()
    return user


def _token_from(outbox, email) -> str:
    mail = outbox(email)[-1]
    link = next(word for word in mail.text_body.split() if "/admin/invite/" in word)
    return link.rsplit("/", 1)[-1]


def test_an_invitation_creates_a_user_who_cannot_sign_in_until_they_choose_a_password(db, owner, outbox):
    user = _invite(db, owner, read_only="on")
    assert (user.role, user.read_only, user.is_active) == ("staff", True, True)
    assert staff.is_invited(user)
    assert accounts.sign_in(db, user.email, "").token is None
    mail = outbox(user.email)[-1]
    assert "Olive Owner" in mail.text_body and mail.template == "staff_invitation"
    token = _token_from(outbox, user.email)
    assert staff.find_invited(db, token).id == user.id
    assert staff.accept_invitation(db, token, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}) \
        == user.email
    db.commit()
    assert accounts.sign_in(db, user.email, NEW_PASSWORD).token


def test_an_invitation_link_works_once(db, owner, outbox):
    user = _invite(db, owner)
    token = _token_from(outbox, user.email)
    staff.accept_invitation(db, token, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    db.commit()
    assert staff.find_invited(db, token) is None
    with pytest.raises(FormErrors) as refused:
        staff.accept_invitation(db, token, {"password": "another long passphrase 42",
                                            "password_confirm": "another long passphrase 42"})
    assert refused.value.errors == {"form": "admin.invite.link_invalid"}


def test_an_invitation_link_expires_after_seven_days(db, owner, outbox):
    user = _invite(db, owner)
    token = _token_from(outbox, user.email)
    assert staff.find_invited(db, token, now=time.time() + 6 * 24 * 3600) is not None
    assert staff.find_invited(db, token, now=time.time() + 7 * 24 * 3600 + 5) is None


def test_a_new_invitation_voids_the_previous_link(db, owner, outbox):
    user = _invite(db, owner)
    first = _token_from(outbox, user.email)
    staff.resend_invitation(db, user.id, inviter=owner, lang="fr")
    db.commit()
    second = _token_from(outbox, user.email)
    assert staff.find_invited(db, first) is None and staff.find_invited(db, second).id == user.id
    assert outbox(user.email)[-1].language == "fr"


def test_a_deactivated_invitee_cannot_use_the_link(db, owner, outbox):
    user = _invite(db, owner)
    token = _token_from(outbox, user.email)
    staff.set_active(db, user.id, False, by=owner)
    db.commit()
    assert staff.find_invited(db, token) is None


@pytest.mark.parametrize("forged", ["", "x" * 20, "1.2.3", "a.b.c" * 10, None, 42, ["1.2.3"],
                                    "1.9999999999." + "0" * 64, "x" * 500])
def test_forged_invitation_tokens_are_refused(db, owner, forged):
    assert staff.find_invited(db, forged) is None


def test_a_token_for_one_user_does_not_open_another(db, owner, outbox):
    first = _invite(db, owner, "first@example.com")
    second = _invite(db, owner, "second@example.com")
    user_id, rest = _token_from(outbox, first.email).split(".", 1)
    assert staff.find_invited(db, f"{second.id}.{rest}") is None


def test_a_weak_password_is_refused_and_the_link_still_works(db, owner, outbox):
    user = _invite(db, owner)
    token = _token_from(outbox, user.email)
    with pytest.raises(FormErrors) as refused:
        staff.accept_invitation(db, token, {"password": "password", "password_confirm": "password"})
    assert "password" in refused.value.errors
    with pytest.raises(FormErrors) as mismatch:
        staff.accept_invitation(db, token, {"password": NEW_PASSWORD, "password_confirm": "other"})
    assert "password_confirm" in mismatch.value.errors
    db.rollback()
    assert staff.find_invited(db, token) is not None


@pytest.mark.parametrize("form,field", [
    ({"email": "not an email", "role": "staff"}, "email"),
    ({"email": "owner@example.com", "role": "staff"}, "email"),
    ({"email": "OWNER@example.com", "role": "staff"}, "email"),
    ({"email": "a@example.com", "role": "admin"}, "role"),
    ({"email": "a@example.com", "role": None}, "role"),
    ({"email": "a@example.com", "role": "staff", "name": "x" * 101}, "name"),
    ({"email": ["a@example.com"], "role": "staff"}, "email"),
])
def test_bad_invitations_are_refused(db, owner, form, field):
    with pytest.raises(FormErrors) as refused:
        staff.invite_staff(db, form, inviter=owner, lang="en")
    assert field in refused.value.errors


def test_read_only_applies_to_staff_only(db, owner):
    user = _invite(db, owner, role="owner", read_only="on")
    assert user.role == "owner" and not user.read_only


def test_the_last_active_owner_can_be_neither_demoted_nor_deactivated(db, owner, clerk):
    with pytest.raises(FormErrors) as refused:
        staff.change_access(db, owner.id, {"role": "staff"}, by=owner)
    assert refused.value.errors == {"form": "admin.staff.last_owner"}
    with pytest.raises(FormErrors):
        staff.set_active(db, owner.id, False, by=owner)
    db.rollback()
    staff.change_access(db, clerk.id, {"role": "owner"}, by=owner)
    db.commit()
    staff.change_access(db, owner.id, {"role": "staff", "read_only": "on"}, by=owner)
    db.commit()
    db.refresh(owner)
    assert (owner.role, owner.read_only) == ("staff", True)
    with pytest.raises(FormErrors):
        staff.set_active(db, clerk.id, False, by=clerk)  # now the last owner


def test_an_invited_owner_who_never_chose_a_password_does_not_count_as_the_other_owner(db, owner, outbox):
    invited = _invite(db, owner, email="co.owner@example.com", role="owner")
    assert staff.is_invited(invited)
    with pytest.raises(FormErrors) as refused:  # the invitation may never be accepted: it expires in 7 days
        staff.change_access(db, owner.id, {"role": "staff"}, by=owner)
    assert refused.value.errors == {"form": "admin.staff.last_owner"}
    with pytest.raises(FormErrors):
        staff.set_active(db, owner.id, False, by=owner)
    db.rollback()
    # The invited owner themself may be withdrawn: they were never the one keeping the shop manageable.
    staff.set_active(db, invited.id, False, by=owner)
    db.commit()


def test_deactivation_ends_every_session_at_once_and_reactivation_restores_sign_in(db, owner, clerk):
    first = sessions.start_session(db, merchant_user_id=clerk.id)
    second = sessions.start_session(db, merchant_user_id=clerk.id)
    db.commit()
    staff.set_active(db, clerk.id, False, by=owner)
    db.commit()
    assert accounts.current_merchant(db, first) is None and accounts.current_merchant(db, second) is None
    assert accounts.sign_in(db, clerk.email, PASSWORD).token is None
    staff.set_active(db, clerk.id, True, by=owner)
    db.commit()
    assert accounts.sign_in(db, clerk.email, PASSWORD).token
    kinds = [event.kind for event in db.exec(select(AuditEvent).where(AuditEvent.merchant_user_id == owner.id))]
    assert "merchant.staff_deactivated" in kinds and "merchant.staff_activated" in kinds


@pytest.mark.parametrize("forged", [0, -1, 2**40, "1", True, None, 1.5, 999])
def test_forged_user_ids_are_refused(db, owner, forged):
    with pytest.raises(FormErrors):
        staff.set_active(db, forged, False, by=owner)
    with pytest.raises(FormErrors):
        staff.change_access(db, forged, {"role": "staff"}, by=owner)


def test_set_active_wants_a_boolean(db, owner, clerk):
    with pytest.raises(FormErrors):
        staff.set_active(db, clerk.id, "false", by=owner)


def test_the_staff_list_says_who_is_who(db, owner, clerk):
    invited = _invite(db, owner)
    rows = {row.email: row for row in staff.list_staff(db, viewer_id=owner.id)}
    assert rows[owner.email].is_you and not rows[clerk.email].is_you
    assert rows[invited.email].invited and not rows[clerk.email].invited
    assert rows[clerk.email].role == "staff" and not rows[clerk.email].two_factor


# --- two-factor sign-in ---

def _enable(db, user) -> tuple[str, list[str]]:
    secret = two_factor.begin_setup(db, user).secret
    codes = two_factor.confirm_setup(db, user, pyotp.TOTP(secret).at(time.time() - 30))
    db.commit()
    return secret, codes


def test_the_secret_is_stored_encrypted(db, owner):
    setup = two_factor.begin_setup(db, owner)
    db.commit()
    row = db.get(MerchantUser, owner.id)
    assert setup.secret not in row.totp_secret_encrypted and row.totp_secret_encrypted
    assert two_factor.decrypt_secret(row.totp_secret_encrypted) == setup.secret
    assert setup.qr_data_uri.startswith("data:image/svg+xml")
    assert row.totp_enabled_at is None  # not in force before a code confirms it


def test_a_wrong_setup_code_is_refused_and_counted(db, owner):
    two_factor.begin_setup(db, owner)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.confirm_setup(db, owner, "000000")
    assert not two_factor.is_enabled(owner)


def test_setup_gives_ten_single_use_recovery_codes_stored_as_hashes(db, owner):
    _, codes = _enable(db, owner)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = [row.code_hash for row in db.exec(select(MerchantRecoveryCode))]
    assert len(stored) == 10 and not any(code.replace("-", "") in stored for code in codes)


def test_sign_in_with_two_factor_asks_for_a_code_before_any_session(db, owner):
    secret, _ = _enable(db, owner)
    first = accounts.sign_in(db, owner.email, PASSWORD)
    db.commit()
    assert first.token is None and first.needs_code and first.ticket
    assert db.exec(select(sessions.SignInSession)).first() is None
    code = pyotp.TOTP(secret).at(time.time() + 30)
    done = accounts.complete_sign_in(db, first.ticket, code)
    db.commit()
    assert done.token and accounts.current_merchant(db, done.token).id == owner.id


def test_the_same_code_is_refused_twice(db, owner):
    secret, _ = _enable(db, owner)
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert accounts.complete_sign_in(db, accounts.sign_in(db, owner.email, PASSWORD).ticket, code).token
    db.commit()
    replay = accounts.complete_sign_in(db, accounts.sign_in(db, owner.email, PASSWORD).ticket, code)
    assert replay.token is None and replay.error == "admin.security.code_wrong" and replay.ticket


def test_an_older_code_than_the_last_accepted_is_refused(db, owner):
    secret, _ = _enable(db, owner)  # took the step before now
    older = pyotp.TOTP(secret).at(time.time() - 30)
    assert accounts.complete_sign_in(db, accounts.sign_in(db, owner.email, PASSWORD).ticket, older).token is None


def test_a_recovery_code_works_once(db, owner):
    _, codes = _enable(db, owner)
    ticket = accounts.sign_in(db, owner.email, PASSWORD).ticket
    assert accounts.complete_sign_in(db, ticket, codes[0].upper()).token
    db.commit()
    assert two_factor.recovery_codes_left(db, owner) == 9
    ticket = accounts.sign_in(db, owner.email, PASSWORD).ticket
    assert accounts.complete_sign_in(db, ticket, codes[0]).token is None


@pytest.mark.parametrize("forged", ["", "1.2.3", None, 42, {"id": 1}, "1." + "9" * 10 + "." + "0" * 64, "x" * 500])
def test_forged_tickets_are_refused(db, owner, forged):
    _enable(db, owner)
    result = accounts.complete_sign_in(db, forged, "123456")
    assert result.token is None and result.error == "admin.login.ticket_expired" and not result.ticket


def test_a_ticket_expires_and_dies_with_a_password_change(db, owner):
    _enable(db, owner)
    ticket = accounts.sign_in(db, owner.email, PASSWORD).ticket
    assert accounts.read_ticket(db, ticket).id == owner.id
    assert accounts.read_ticket(db, ticket, now=time.time() + accounts.TICKET_SECONDS + 1) is None
    owner.password_hash = "bcrypt-sha256$changed"
    db.add(owner)
    assert accounts.read_ticket(db, ticket) is None


def test_wrong_codes_are_throttled_like_passwords(db, owner):
    secret, _ = _enable(db, owner)
    ticket = accounts.sign_in(db, owner.email, PASSWORD).ticket
    for _ in range(throttle.PER_EMAIL_FAILURES):
        refused = accounts.complete_sign_in(db, ticket, "000000")
        assert refused.token is None and refused.wait_text == ""
    db.commit()
    held = accounts.complete_sign_in(db, ticket, pyotp.TOTP(secret).at(time.time() + 30))
    assert held.token is None and held.error == "admin.login.throttled" and held.wait_text
    kinds = [event.kind for event in db.exec(select(AuditEvent))]
    assert kinds.count("merchant.2fa_failed") == throttle.PER_EMAIL_FAILURES


def test_turning_two_factor_off_asks_for_a_current_code(db, owner):
    secret, _ = _enable(db, owner)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.disable(db, owner, "not a code")
    assert two_factor.is_enabled(owner)
    two_factor.disable(db, owner, pyotp.TOTP(secret).at(time.time() + 30))
    db.commit()
    assert not two_factor.is_enabled(owner) and owner.totp_secret_encrypted == ""
    assert db.exec(select(MerchantRecoveryCode)).first() is None
    assert accounts.sign_in(db, owner.email, PASSWORD).token  # back to the password alone


def test_a_shop_that_requires_two_factor_does_not_let_it_be_turned_off(db, owner):
    secret, _ = _enable(db, owner)
    settings = get_store_settings(db)
    settings.require_two_factor = True
    db.add(settings)
    with pytest.raises(two_factor.TwoFactorError) as refused:
        two_factor.disable(db, owner, pyotp.TOTP(secret).at(time.time() + 30))
    assert refused.value.key == "admin.security.required_by_shop"


def test_setup_cannot_start_twice_once_enabled(db, owner):
    _enable(db, owner)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.begin_setup(db, owner)


def test_a_secret_from_another_key_cannot_be_read(db, owner):
    assert two_factor.decrypt_secret("gAAAAAB-not-a-token") is None
    assert two_factor.decrypt_secret("") is None


# --- own password ---

def test_changing_the_password_asks_for_the_current_one_and_ends_other_sessions(db, owner):
    here = sessions.start_session(db, merchant_user_id=owner.id)
    elsewhere = sessions.start_session(db, merchant_user_id=owner.id)
    db.commit()
    with pytest.raises(FormErrors) as refused:
        accounts.change_password(db, owner, {"current_password": "wrong", "password": NEW_PASSWORD,
                                             "password_confirm": NEW_PASSWORD}, keep_token=here)
    assert refused.value.errors == {"current_password": "admin.security.current_password_wrong"}
    with pytest.raises(FormErrors) as weak:
        accounts.change_password(db, owner, {"current_password": PASSWORD, "password": "password",
                                             "password_confirm": "password"}, keep_token=here)
    assert "password" in weak.value.errors
    accounts.change_password(db, owner, {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                         "password_confirm": NEW_PASSWORD}, keep_token=here)
    db.commit()
    assert accounts.current_merchant(db, here) and accounts.current_merchant(db, elsewhere) is None
    assert accounts.sign_in(db, owner.email, NEW_PASSWORD).token


def test_wrong_current_passwords_are_throttled(db, owner):
    for _ in range(throttle.PER_EMAIL_FAILURES):
        with pytest.raises(FormErrors):
            accounts.change_password(db, owner, {"current_password": "wrong"})
    with pytest.raises(FormErrors) as held:
        accounts.change_password(db, owner, {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                             "password_confirm": NEW_PASSWORD})
    assert held.value.errors["current_password"] == "admin.login.throttled"


def test_a_page_loads_settings_follow_a_change_in_the_same_session(db):
    """page_settings is read once per transaction: a change made in it, or committed since, is seen."""
    from shop.settings.store import get_store_settings, page_settings

    assert page_settings(db).shop_name == get_store_settings(db).shop_name
    settings = get_store_settings(db)
    settings.shop_name, settings.keep_customer_prices = "Atelier Nord", False
    db.add(settings)
    db.flush()
    assert (page_settings(db).shop_name, page_settings(db).keep_customer_prices) == ("Atelier Nord", False)
    db.commit()
    settings.approved_buyers_only = True
    db.add(settings)
    db.commit()
    assert page_settings(db).approved_buyers_only is True


def test_a_page_loads_settings_are_read_again_in_the_next_transaction(db):
    from sqlmodel import Session

    from shop.settings.store import get_store_settings, page_settings

    before = page_settings(db).contact_email
    db.commit()
    with Session(db.get_bind()) as other:  # another worker's session
        settings = get_store_settings(other)
        settings.contact_email = "shop@atelier-nord.example"
        other.add(settings)
        other.commit()
    page_settings(db)  # a transaction begins, and reads
    db.rollback()
    assert before != "shop@atelier-nord.example" and page_settings(db).contact_email == "shop@atelier-nord.example"
