"""The customer's own details: names, company, VAT number (python-stdnum), phone (phonenumbers), language."""

from __future__ import annotations

import phonenumbers
from sqlmodel import Session, select
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import vat as gb_vat
from stdnum.util import clean, get_cc_module

from shop.common.validation import MAX_NAME, FieldError, FormErrors, clean_text, form_value, is_checked
from shop.i18n import LANGUAGES
from shop.models import Address, Customer, utcnow
from shop.settings.store import get_store_settings

MAX_COMPANY = 150
MAX_VAT_INPUT = 40  # the column's size; spaces and dots that people type fit in it
MAX_PHONE_INPUT = 32
DEFAULT_PHONE_REGION = "FR"
# The VAT prefix differs from the ISO code for Greece only.
VAT_PREFIXES = {"GR": "EL"}
EU_VAT_COUNTRIES = {code.upper() for code in eu_vat.MEMBER_STATES} - {"XI"}


def own_customer(db: Session, customer_id: object) -> Customer:
    """The customer row, or LookupError for anything that is not an existing id."""
    if not isinstance(customer_id, int) or isinstance(customer_id, bool):
        raise LookupError("customer not found")
    customer = db.get(Customer, customer_id)
    if customer is None:
        raise LookupError("customer not found")
    return customer


def billing_country(db: Session, customer_id: int) -> str | None:
    address = db.exec(
        select(Address).where(Address.customer_id == customer_id, Address.is_default_billing).order_by(Address.id)
    ).first()
    return address.country_code.upper() if address and address.country_code else None


def clean_vat_number(raw: object, country: str | None, field: str = "vat_number") -> str:
    """Compact, with the country prefix (`FR40303265045`), checked for the billing country. "" when empty."""
    value = clean_text(raw, field, max_length=MAX_VAT_INPUT)
    if not value:
        return ""
    invalid = FieldError(field, "profile.error.vat_invalid")
    try:
        if country in EU_VAT_COUNTRIES:
            prefix = VAT_PREFIXES.get(country, country)
            compact = clean(value, " -./,:").upper().strip()
            if compact[:2] in {prefix, country}:
                compact = compact[2:]
            return eu_vat.validate(prefix + compact)
        if country == "GB":
            return "GB" + gb_vat.validate(value)
        if country is None:
            # No billing address yet: the prefix says which country the number is from.
            if clean(value, " -./,:").upper().startswith("GB"):
                return "GB" + gb_vat.validate(value)
            return eu_vat.validate(value)
        module = _country_vat_module(country)
        if module is None:
            # No checker for this country: keep the number as typed, compacted.
            compact = "".join(ch for ch in value.upper() if ch.isalnum())
            if not compact:
                raise invalid
            return compact
        return module.validate(value)
    except StdnumError as error:
        raise invalid from error
    except (ValueError, KeyError, IndexError) as error:  # a checker choking on odd input is a refusal too
        raise invalid from error


def _country_vat_module(country: str):
    if not (len(country) == 2 and country.isalpha()):
        return None
    try:
        return get_cc_module(country.lower(), "vat")
    except (ImportError, ValueError):
        return None


def phone_region(db: Session, country: str | None) -> str:
    """Where a number typed without its +code is read: the customer's billing country, else the shop's."""
    return country or get_store_settings(db).shop_country or DEFAULT_PHONE_REGION


def clean_phone(raw: object, region: str | None, field: str = "phone") -> str:
    """E.164 (`+33612345678`), read in the billing country when no `+` is typed. "" when empty."""
    value = clean_text(raw, field, max_length=MAX_PHONE_INPUT)
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region or DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise FieldError(field, "error.phone_invalid") from error
    if not phonenumbers.is_valid_number(parsed):
        raise FieldError(field, "error.phone_invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _clean_language(raw: object) -> str:
    if not isinstance(raw, str) or raw not in LANGUAGES:
        raise FieldError("language", "error.invalid")
    return raw


def update_profile(db: Session, customer_id: int, form: object) -> Customer:
    """Check every field, then write them all, or nothing. Only these fields are ever copied."""
    customer = own_customer(db, customer_id)
    country = billing_country(db, customer.id)
    cleaners = {
        "first_name": lambda raw: clean_text(raw, "first_name", max_length=MAX_NAME, required=True),
        "last_name": lambda raw: clean_text(raw, "last_name", max_length=MAX_NAME, required=True),
        "company": lambda raw: clean_text(raw, "company", max_length=MAX_COMPANY),
        "vat_number": lambda raw: clean_vat_number(raw, country),
        "phone": lambda raw: clean_phone(raw, phone_region(db, country)),
        "language": _clean_language,
    }
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, cleaner in cleaners.items():
        try:
            values[field] = cleaner(form_value(form, field))
        except FieldError as error:
            errors[error.field] = error.key
    if errors:
        raise FormErrors(errors)
    for field, value in values.items():
        setattr(customer, field, value)
    customer.newsletter_opt_in = is_checked(form_value(form, "newsletter"))
    customer.updated_at = utcnow()
    db.add(customer)
    db.flush()
    return customer


def profile_view(db: Session, customer_id: int) -> dict:
    """The values the profile form starts with."""
    customer = own_customer(db, customer_id)
    return {
        "customer_number": customer.customer_number,
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "company": customer.company,
        "vat_number": customer.vat_number,
        "phone": customer.phone,
        "language": customer.language if customer.language in LANGUAGES else LANGUAGES[0],
        "newsletter": bool(customer.newsletter_opt_in),
        "has_password": bool(customer.password_hash),
        "billing_country": billing_country(db, customer.id) or "",
    }
