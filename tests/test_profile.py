"""The profile form: names, company, VAT number per billing country, phone in E.164, language, newsletter."""

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.customers import profile
from shop.models import Address, Customer

VALID = {"first_name": "Camille", "last_name": "Martin", "company": "", "vat_number": "", "phone": "",
         "language": "en"}


def _billing(db, customer, country):
    db.add(Address(customer_id=customer.id, name="Camille Martin", street_address="1 rue de la Paix",
                   city="Paris", postal_code="75002", country_code=country, is_default_billing=True))
    db.commit()


def _refused(db, customer_id, form) -> dict:
    with pytest.raises(FormErrors) as refused:
        profile.update_profile(db, customer_id, form)
    db.rollback()
    return refused.value.errors


def test_update_saves_every_field_and_stamps_updated_at(db, make_customer):
    customer = make_customer("ana@example.com")
    before = customer.updated_at
    saved = profile.update_profile(db, customer.id, {
        **VALID, "first_name": "  Ana ", "last_name": "Lopez", "company": "Atelier Lopez",
        "phone": "06 12 34 56 78", "language": "fr", "newsletter": "on"})
    db.commit()
    assert (saved.first_name, saved.last_name, saved.company, saved.phone, saved.language) == (
        "Ana", "Lopez", "Atelier Lopez", "+33612345678", "fr")
    assert saved.newsletter_opt_in is True
    assert saved.updated_at > before
    view = profile.profile_view(db, customer.id)
    assert view["first_name"] == "Ana" and view["newsletter"] is True and view["email"] == "ana@example.com"
    assert "password_hash" not in view
    profile.update_profile(db, customer.id, VALID)  # an unticked checkbox is simply absent
    assert db.get(Customer, customer.id).newsletter_opt_in is False


def test_names_are_required_and_optional_fields_may_be_empty(db, make_customer):
    customer = make_customer()
    assert _refused(db, customer.id, {**VALID, "first_name": " ", "last_name": ""}) == {
        "first_name": "error.required", "last_name": "error.required"}
    saved = profile.update_profile(db, customer.id, {"first_name": "A", "last_name": "B", "language": "en"})
    assert (saved.company, saved.vat_number, saved.phone) == ("", "", "")


@pytest.mark.parametrize("raw", ["FR40303265045", "40 303 265 045", "fr 40-303.265.045"])
def test_french_vat_is_stored_compact_with_its_prefix(db, make_customer, raw):
    customer = make_customer()
    _billing(db, customer, "FR")
    assert profile.update_profile(db, customer.id, {**VALID, "vat_number": raw}).vat_number == "FR40303265045"


def test_vat_is_checked_for_the_billing_country(db, make_customer):
    customer = make_customer()
    _billing(db, customer, "DE")
    # A valid French number is not a German one.
    assert _refused(db, customer.id, {**VALID, "vat_number": "FR40303265045"}) == {
        "vat_number": "profile.error.vat_invalid"}
    assert _refused(db, customer.id, {**VALID, "vat_number": "DE123456780"}) == {
        "vat_number": "profile.error.vat_invalid"}
    assert db.get(Customer, customer.id).vat_number == ""


def test_greek_and_british_vat_numbers(db, make_customer):
    greek, british = make_customer(), make_customer()
    _billing(db, greek, "GR")
    _billing(db, british, "GB")
    assert profile.update_profile(db, greek.id, {**VALID, "vat_number": "094259216"}).vat_number == "EL094259216"
    assert profile.update_profile(db, british.id, {**VALID, "vat_number": "980 7806 84"}).vat_number == "GB980780684"
    assert _refused(db, british.id, {**VALID, "vat_number": "GB980780685"}) == {
        "vat_number": "profile.error.vat_invalid"}


def test_without_billing_address_the_prefix_names_the_country(db, make_customer):
    customer = make_customer()
    assert profile.update_profile(db, customer.id, {**VALID, "vat_number": "FR 40 303 265 045"}).vat_number == (
        "FR40303265045")
    assert _refused(db, customer.id, {**VALID, "vat_number": "40303265045"}) == {
        "vat_number": "profile.error.vat_invalid"}


def test_phone_is_read_in_the_billing_country(db, make_customer):
    customer = make_customer()
    _billing(db, customer, "BE")
    assert profile.update_profile(db, customer.id, {**VALID, "phone": "0470 12 34 56"}).phone == "+32470123456"
    assert profile.update_profile(db, customer.id, {**VALID, "phone": "+33 6 12 34 56 78"}).phone == "+33612345678"
    assert _refused(db, customer.id, {**VALID, "phone": "12"}) == {"phone": "error.phone_invalid"}
    assert _refused(db, customer.id, {**VALID, "phone": "call me maybe"}) == {"phone": "error.phone_invalid"}


def test_without_a_billing_address_a_phone_is_read_in_the_shops_country(db, make_customer, store_settings):
    from shop.customers import merchant_edits
    from shop.models import MerchantUser

    store_settings.shop_country = "BE"
    db.add(store_settings)
    db.commit()
    customer = make_customer()
    assert profile.update_profile(db, customer.id, {**VALID, "phone": "0470 12 34 56"}).phone == "+32470123456"
    owner = MerchantUser(email="owner@example.com", password_hash="x", role="owner")
    db.add(owner)
    db.flush()
    created = merchant_edits.create_customer(db, {"email": "new@example.com", "phone": "0470 12 34 56",
                                                  "language": "fr"}, owner)
    assert created.customer.phone == "+32470123456"  # not the French landline +33 4 70 12 34 56


def test_language_must_be_one_we_have(db, make_customer):
    customer = make_customer()
    for junk in ["de", "EN", "", None, ["fr"], "fr" * 500]:
        assert _refused(db, customer.id, {**VALID, "language": junk}) == {"language": "error.invalid"}


def test_junk_is_refused_and_nothing_is_written(db, make_customer):
    customer = make_customer()
    before = db.get(Customer, customer.id).model_dump()
    junk_values = [None, ["a"], {"x": 1}, 42, "x" * 1_000_000, "Ana\x00"]
    for junk in junk_values[1:]:
        errors = _refused(db, customer.id, {**VALID, "first_name": junk, "company": junk, "vat_number": junk,
                                            "phone": junk})
        assert set(errors) == {"first_name", "company", "vat_number", "phone"}
    for junk_form in [None, [], "form", 42, {"first_name": None}]:
        _refused(db, customer.id, junk_form)
    # Fields outside the allow-list are never copied.
    profile.update_profile(db, customer.id, {**VALID, "email": "evil@example.com", "is_blocked": True,
                                             "group_id": 1, "password_hash": "x", "approved_buyer": False})
    db.commit()
    after = db.get(Customer, customer.id)
    assert after.email == before["email"] and after.password_hash == before["password_hash"]
    assert after.group_id is None and after.approved_buyer is True and after.is_blocked is False


def test_unknown_customer_is_a_lookup_error(db):
    for junk in [999, None, "1", True]:
        with pytest.raises(LookupError):
            profile.update_profile(db, junk, VALID)
        with pytest.raises(LookupError):
            profile.profile_view(db, junk)
    assert db.exec(select(Customer)).all() == []
