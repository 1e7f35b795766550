"""The owner's changes to the store settings: every field read from the form, checked, and written at once.

Only the fields named here are copied from a form; everything else on the row stays as it is.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from sqlmodel import Session

from shop.catalog.tax import EU_STANDARD_VAT_BP, rate_for
from shop.common import audit
from shop.common.validation import FieldError, FormErrors, clean_text, form_value, is_checked, normalize_email
from shop.i18n import LANGUAGES
from shop.models import CheckoutMode, EmailVerification, ExportFormat, RegistrationMode, StoreSettings, utcnow
from shop.settings.store import get_store_settings

# Countries a shop may be based in: the EU (whose VAT rates the shop knows) and a few neighbours (no EU VAT).
SHOP_COUNTRIES = tuple(sorted(EU_STANDARD_VAT_BP)) + ("CH", "GB", "NO", "US", "CA")
CSV_DELIMITERS = (";", ",")
MAX_MONEY_CENTS = 10_000_000  # 100 000.00
MAX_UNPAID_DAYS = 90
MAX_LEGAL_TEXT = 50_000
MONEY = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")
DAYS = re.compile(r"^\d{1,3}$")

CHOICES = {
    "registration_mode": tuple(mode.value for mode in RegistrationMode),
    "checkout_mode": tuple(mode.value for mode in CheckoutMode),
    "email_verification": tuple(mode.value for mode in EmailVerification),
    "default_language": LANGUAGES,
    "shop_country": SHOP_COUNTRIES,
    "export_format": tuple(fmt.value for fmt in ExportFormat),
    "csv_delimiter": CSV_DELIMITERS,
}
SWITCHES = ("passwordless_sign_in", "wishlist_enabled", "keep_customer_prices", "account_from_order",
            "approved_buyers_only", "require_two_factor", "notify_on_signup")
MONEY_FIELDS = ("shipping_flat_cents", "free_shipping_over_cents")
LEGAL_TEXTS = ("terms_text", "legal_notice_text", "privacy_text", "shipping_returns_text")
FIELDS = ("shop_name", "contact_email", *CHOICES, *SWITCHES, *MONEY_FIELDS, "bank_details", "unpaid_order_days",
          *LEGAL_TEXTS)


def cents_text(cents: int) -> str:
    """1250 -> "12.50", the way the money inputs show an amount."""
    return f"{cents // 100}.{cents % 100:02d}"


def parse_cents(raw: object, field: str) -> int:
    """"5,90", "5.90", "5" or "€ 5.90" -> 590; a refusal names the field."""
    if not isinstance(raw, str) or len(raw) > 20:
        raise FieldError(field, "admin.settings.error.money")
    text = raw.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not MONEY.match(text):
        raise FieldError(field, "admin.settings.error.money")
    cents = int(Decimal(text.replace(",", ".")) * 100)
    if cents > MAX_MONEY_CENTS:
        raise FieldError(field, "admin.settings.error.money_range")
    return cents


def clean_long_text(raw: object, field: str, *, max_length: int) -> str:
    """Several paragraphs of plain text: line breaks and tabs kept, other control characters refused."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str) or len(raw) > max_length * 2:
        raise FieldError(field, "error.too_long" if isinstance(raw, str) else "error.invalid")
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(value) > max_length:
        raise FieldError(field, "error.too_long")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise FieldError(field, "error.invalid")
    return value


def settings_view(settings: StoreSettings) -> dict[str, str | bool]:
    """The form's values, as the inputs show them."""
    values: dict[str, str | bool] = {name: getattr(settings, name) for name in (*CHOICES, *SWITCHES, *LEGAL_TEXTS)}
    values.update(shop_name=settings.shop_name, contact_email=settings.contact_email,
                  bank_details=settings.bank_details, unpaid_order_days=str(settings.unpaid_order_days),
                  **{name: cents_text(getattr(settings, name)) for name in MONEY_FIELDS})
    return values


def vat_rate_text(country: str) -> str:
    """"20 %" style figure for the shop's country ("0" outside the EU)."""
    rate = Decimal(rate_for(country)) / 100
    return f"{rate.normalize():f}"


def read_settings_form(form: object) -> dict[str, object]:
    """Every field checked; FormErrors names each one at fault."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}

    def check(field: str, read):
        try:
            values[field] = read()
        except FieldError as error:
            errors[field] = error.key

    check("shop_name", lambda: clean_text(form_value(form, "shop_name"), "shop_name", max_length=100, required=True))
    check("contact_email", lambda: normalize_email(form_value(form, "contact_email"), "contact_email"))
    for field, allowed in CHOICES.items():
        raw = form_value(form, field)
        if isinstance(raw, str) and raw in allowed:
            values[field] = raw
        else:
            errors[field] = "admin.settings.error.choice"
    for field in SWITCHES:
        values[field] = is_checked(form_value(form, field))
    for field in MONEY_FIELDS:
        check(field, lambda field=field: parse_cents(form_value(form, field), field))
    check("bank_details", lambda: clean_text(form_value(form, "bank_details"), "bank_details", max_length=500))
    days = form_value(form, "unpaid_order_days")
    days = days.strip() if isinstance(days, str) else ""
    if DAYS.match(days) and 1 <= int(days) <= MAX_UNPAID_DAYS:
        values["unpaid_order_days"] = int(days)
    else:
        errors["unpaid_order_days"] = "admin.settings.error.days"
    for field in LEGAL_TEXTS:
        check(field, lambda field=field: clean_long_text(form_value(form, field), field, max_length=MAX_LEGAL_TEXT))
    if errors:
        raise FormErrors(errors)
    return values


def update_settings(db: Session, form: object, *, merchant_user_id: int) -> tuple[StoreSettings, list[str]]:
    """Write the form to the settings row; returns the row and the names of the fields that changed."""
    values = read_settings_form(form)
    settings = get_store_settings(db)
    changed = [name for name in FIELDS if getattr(settings, name) != values[name]]
    if changed:
        for name in changed:
            setattr(settings, name, values[name])
        settings.updated_at = utcnow()
        db.add(settings)
        audit.record(db, "settings.changed", merchant_user_id=merchant_user_id, detail=",".join(changed))
    return settings, changed
