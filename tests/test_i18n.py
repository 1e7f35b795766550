"""The two catalogues are complete twins, and the lookup helper refuses what it does not know."""

import re

from shop.i18n import CATALOGUES, normalize_language, translate

EN, FR = CATALOGUES["en"], CATALOGUES["fr"]  # the shop's and the back-office's messages

PLACEHOLDER = re.compile(r"{(\w+)}")


def test_english_and_french_have_the_same_keys():
    assert set(EN) == set(FR)


def test_placeholders_match_in_both_languages():
    for key in EN:
        assert set(PLACEHOLDER.findall(EN[key])) == set(PLACEHOLDER.findall(FR[key])), key


def test_no_french_message_is_left_in_english():
    same = [key for key in EN if EN[key] == FR[key] and not key.startswith("lang.")]
    # A few words are the same in both languages.
    assert set(same) <= {"nav.catalogue", "nav.menu", "admin.title", "admin.order.total", "page.checkout",
                         "orders.total", "orders.line_total", "address.city.district", "address.city_area.district",
                         "address.country_area.province", "address.country_area.district",
                         "address.postal_code.eircode", "cart.total", "checkout.contact"}, same


def test_translate_fills_placeholders_and_formats_per_language():
    assert translate("en", "home.product_count", count=24) == "24 products"
    assert translate("fr", "home.product_count", count=24) == "24 produits"


def test_unknown_language_falls_back_to_english():
    for junk in ["de", "", None, 42, "x" * 1000, {"lang": "fr"}]:
        assert normalize_language(junk) == "en"
    assert translate("zz", "nav.sign_in") == "Sign in"


def test_every_language_has_a_catalogue():
    assert set(CATALOGUES) == {"en", "fr"}


def test_the_back_office_messages_live_in_their_own_catalogues():
    from shop.i18n import ADMIN_EN, ADMIN_FR
    from shop.i18n.en import MESSAGES as SHOP_EN

    for english, french in zip(ADMIN_EN, ADMIN_FR, strict=True):
        assert set(english.MESSAGES) == set(french.MESSAGES), english.__name__
        assert all(key.startswith("admin.") for key in english.MESSAGES), english.__name__
    every_key = [key for module in ADMIN_EN for key in module.MESSAGES]
    assert len(every_key) == len(set(every_key)), "a back-office key is defined in two catalogues"
    assert not any(key.startswith("admin.") for key in SHOP_EN)
