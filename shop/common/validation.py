"""Checks for values that come from a browser: type, length, shape. Errors name a field and a message key."""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

MAX_EMAIL = 254
MAX_NAME = 100
CODE_PATTERN = re.compile(r"^\d{6}$")


class FieldError(ValueError):
    """A value a person can fix: `field` names the input, `key` the translated message."""

    def __init__(self, field: str, key: str):
        super().__init__(f"{field}: {key}")
        self.field, self.key = field, key


class FormErrors(ValueError):
    """Several field errors at once, so the form can show each next to its input."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{field}: {key}" for field, key in errors.items()))
        self.errors = errors


def normalize_email(raw: object, field: str = "email") -> str:
    """Trimmed, lower-cased, at most 254 characters, and a valid address."""
    if not isinstance(raw, str) or not raw.strip():
        raise FieldError(field, "error.email_required")
    if len(raw) > MAX_EMAIL + 20:  # room for surrounding spaces, not for a payload
        raise FieldError(field, "error.email_invalid")
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise FieldError(field, "error.email_invalid") from error
    email = checked.normalized.lower()
    if len(email) > MAX_EMAIL:
        raise FieldError(field, "error.email_invalid")
    return email


def clean_text(raw: object, field: str, *, max_length: int, required: bool = False) -> str:
    """One line of text: trimmed, no control characters, within its length."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise FieldError(field, "error.invalid")
    value = unicodedata.normalize("NFC", raw).strip()
    if required and not value:
        raise FieldError(field, "error.required")
    if len(value) > max_length:
        raise FieldError(field, "error.too_long")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise FieldError(field, "error.invalid")
    return value


def clean_code(raw: object, field: str = "code") -> str:
    """A 6-digit code; spaces that people type between groups are ignored."""
    if not isinstance(raw, str) or len(raw) > 20:
        raise FieldError(field, "error.code_format")
    code = raw.replace(" ", "").replace("-", "")
    if not CODE_PATTERN.match(code):
        raise FieldError(field, "error.code_format")
    return code


def form_value(form: object, name: str) -> object:
    """Read one value from a browser form payload, whatever shape the payload has."""
    return form.get(name) if isinstance(form, dict) else None


def is_checked(value: object) -> bool:
    return value is True or value in ("on", "true", "1")
