"""Shipping prices per destination country: a flat price for each country the merchant names, the store's
flat rate for every other one, and nothing to pay from the free-shipping threshold on."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shop.common import audit
from shop.common.validation import FieldError, FormErrors, form_value
from shop.customers.addresses import known_country_codes
from shop.models import ShippingRate, StoreSettings, utcnow
from shop.settings.admin import parse_cents


def shipping_rates(db: Session) -> list[ShippingRate]:
    """The countries with a price of their own, by country code."""
    return list(db.exec(select(ShippingRate).order_by(ShippingRate.country_code)))


def flat_rate_for(db: Session, settings: StoreSettings, country_code: str) -> int:
    """What shipping to this country costs, in cents, VAT of the shop's country included (before the
    free-shipping threshold)."""
    own = db.get(ShippingRate, country_code.upper()) if isinstance(country_code, str) and country_code else None
    return own.price_cents if own is not None else settings.shipping_flat_cents


def _country(raw: object) -> str:
    code = raw.strip().upper() if isinstance(raw, str) and len(raw) <= 10 else ""
    if code not in known_country_codes():
        raise FieldError("rate_country", "admin.settings.error.rate_country")
    return code


def set_shipping_rate(db: Session, form: object, *, merchant_user_id: int) -> ShippingRate:
    """Add or change one country's price from the form's `rate_country` and `rate_price`; FormErrors names
    each field at fault."""
    errors: dict[str, str] = {}
    country, cents = "", 0
    try:
        country = _country(form_value(form, "rate_country"))
    except FieldError as error:
        errors[error.field] = error.key
    try:
        cents = parse_cents(form_value(form, "rate_price"), "rate_price")
    except FieldError as error:
        errors[error.field] = error.key
    if errors:
        raise FormErrors(errors)
    rate = db.get(ShippingRate, country)
    if rate is None:
        try:
            with db.begin_nested():  # two owners adding the same country at once: one inserts, one updates
                rate = ShippingRate(country_code=country, price_cents=cents)
                db.add(rate)
        except IntegrityError:
            rate = db.get(ShippingRate, country)
    rate.price_cents, rate.updated_at = cents, utcnow()
    db.add(rate)
    audit.record(db, "settings.shipping_rate_set", merchant_user_id=merchant_user_id, detail=f"{country}={cents}")
    return rate


def remove_shipping_rate(db: Session, country_code: object, *, merchant_user_id: int) -> bool:
    """The country pays the store's flat rate again. False when it had no price of its own."""
    rate = db.get(ShippingRate, country_code) if isinstance(country_code, str) and len(country_code) == 2 else None
    if rate is None:
        return False
    db.delete(rate)
    audit.record(db, "settings.shipping_rate_removed", merchant_user_id=merchant_user_id, detail=rate.country_code)
    return True
