"""Translation catalogues and the one lookup helper every user-facing string goes through."""

from __future__ import annotations

from shop.i18n import (
    admin_actions_en,
    admin_actions_fr,
    admin_card_en,
    admin_card_fr,
    admin_catalog_en,
    admin_catalog_fr,
    admin_customers_en,
    admin_customers_fr,
    admin_en,
    admin_fr,
    admin_orders_en,
    admin_orders_fr,
    admin_settings_en,
    admin_settings_fr,
    admin_transfer_en,
    admin_transfer_fr,
    passkeys_en,
    passkeys_fr,
    social_en,
    social_fr,
)
from shop.i18n.en import MESSAGES as EN
from shop.i18n.fr import MESSAGES as FR

DEFAULT_LANGUAGE = "en"
# The shop's messages, and the back-office's in a catalogue of their own (admin_*.py): pages compile in
# only the messages they use, so a shopper's browser never receives the merchant's.
# One catalogue per back-office area keeps each screen's messages together.
ADMIN_EN = [admin_en, admin_customers_en, admin_card_en, admin_actions_en, admin_catalog_en, admin_orders_en, admin_settings_en,
            admin_transfer_en]
ADMIN_FR = [admin_fr, admin_customers_fr, admin_card_fr, admin_actions_fr, admin_catalog_fr, admin_orders_fr, admin_settings_fr,
            admin_transfer_fr]
# Shop-side areas with a catalogue of their own (the shop's pages compile them in like en.py/fr.py).
SHOP_EN = [passkeys_en, social_en]
SHOP_FR = [passkeys_fr, social_fr]
CATALOGUES: dict[str, dict[str, str]] = {
    "en": {**EN, **{key: text for module in SHOP_EN + ADMIN_EN for key, text in module.MESSAGES.items()}},
    "fr": {**FR, **{key: text for module in SHOP_FR + ADMIN_FR for key, text in module.MESSAGES.items()}},
}
LANGUAGES: tuple[str, ...] = tuple(CATALOGUES)
# Babel locales used for money and dates.
BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def normalize_language(lang: object) -> str:
    """Any value a browser sends becomes a language we have."""
    if isinstance(lang, str) and lang[:2].lower() in CATALOGUES:
        return lang[:2].lower()
    return DEFAULT_LANGUAGE


def catalogue(lang: str) -> dict[str, str]:
    return CATALOGUES[normalize_language(lang)]


def translate(lang: str, key: str, **params: object) -> str:
    """The message for `key` in `lang`, with `{name}` placeholders filled from params."""
    text = catalogue(lang).get(key) or EN.get(key) or key
    return text.format(**params) if params else text


def babel_locale(lang: str) -> str:
    return BABEL_LOCALES[normalize_language(lang)]
