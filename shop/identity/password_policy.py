"""Which new passwords are accepted: 8 to 128 characters after NFKC, any Unicode, not easy to guess."""

from __future__ import annotations

from zxcvbn import zxcvbn

from shop.common.validation import FieldError
from shop.identity.passwords import MAX_LENGTH, MIN_LENGTH, normalize_password

MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable", resists an offline attack on a slow hash
ZXCVBN_MAX_INPUT = 72  # the library's own limit; longer passwords are judged on their first 72


def check_new_password(password: object, *, field: str = "password", related: list[str] | None = None) -> str:
    """Return the password to hash, or raise FieldError. No composition rules (NIST SP 800-63B)."""
    if not isinstance(password, str) or not password:
        raise FieldError(field, "error.password_required")
    normalized = normalize_password(password)
    if len(normalized) < MIN_LENGTH:
        raise FieldError(field, "error.password_too_short")
    if len(normalized) > MAX_LENGTH:
        raise FieldError(field, "error.password_too_long")
    hints = [part for item in (related or []) for part in item.lower().replace("@", " ").replace(".", " ").split()]
    if zxcvbn(normalized[:ZXCVBN_MAX_INPUT], user_inputs=hints)["score"] < MIN_SCORE:
        raise FieldError(field, "error.password_weak")
    return password


def read_new_password(form: object, *, related: list[str]) -> str:
    """The new password and its confirmation from a form, or FormErrors naming the field at fault."""
    from shop.common.validation import FormErrors, form_value

    try:
        password = check_new_password(form_value(form, "password"), related=related)
    except FieldError as error:
        raise FormErrors({"password": error.key}) from error
    if form_value(form, "password_confirm") != password:
        raise FormErrors({"password_confirm": "error.password_mismatch"})
    return password
