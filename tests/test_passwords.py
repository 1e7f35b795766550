"""Password hashing: bcrypt cost 12, nothing lost past 72 bytes, NFKC, upgrade on cost change."""

from shop.identity import passwords


def test_hash_and_verify():
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith(passwords.SCHEME)
    assert "correct horse" not in stored
    assert passwords.verify_password("correct horse battery", stored)
    assert not passwords.verify_password("correct horse batterie", stored)


def test_long_passwords_are_not_truncated_at_72_bytes():
    base = "é" * 40  # 80 bytes in UTF-8
    stored = passwords.hash_password(base + "A", cost=4)
    assert passwords.verify_password(base + "A", stored)
    assert not passwords.verify_password(base + "B", stored)


def test_nfkc_normalisation_makes_equivalent_forms_match():
    stored = passwords.hash_password("ｐａｓｓｗｏｒｄ１２３", cost=4)  # full-width forms
    assert passwords.verify_password("password123", stored)


def test_missing_or_foreign_hash_never_verifies():
    assert not passwords.verify_password("anything", None)
    assert not passwords.verify_password("anything", "md5$abc")


def test_needs_rehash_when_the_cost_changes():
    cheap = passwords.hash_password("some password", cost=4)
    assert passwords.needs_rehash(cheap)
    assert not passwords.needs_rehash(cheap, cost=4)
    assert passwords.needs_rehash(None)


def test_default_cost_is_12():
    assert passwords.BCRYPT_COST == 12
    assert passwords.hash_password("some long password").split("$")[3] == "12"
