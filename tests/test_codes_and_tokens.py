"""One-time codes and single-use tokens: the rules every identity flow relies on."""

from datetime import timedelta

from sqlmodel import select

from shop.identity import codes, tokens
from shop.identity.passwords import hash_password
from shop.models import OneTimeCode, TokenKind, utcnow

EMAIL = "camille@example.com"
PURPOSE = "verify_email"


def test_code_is_six_digits_stored_only_as_an_hmac(db):
    code = codes.issue_code(db, EMAIL, PURPOSE)
    db.commit()
    assert len(code) == 6 and code.isdigit()
    row = db.exec(select(OneTimeCode)).one()
    assert code not in row.code_hmac and len(row.code_hmac) == 64


def test_leading_zeros_are_kept(monkeypatch):
    from shop.identity import hashing

    monkeypatch.setattr(hashing.secrets, "randbelow", lambda n: 42)
    assert hashing.new_numeric_code(6) == "000042"


def test_right_code_works_once(db):
    code = codes.issue_code(db, EMAIL, PURPOSE)
    assert codes.check_code(db, EMAIL, PURPOSE, code).ok
    again = codes.check_code(db, EMAIL, PURPOSE, code)
    assert not again.ok and again.error_key == "error.code_invalid"


def test_wrong_code_is_counted_and_the_fifth_voids_it(db):
    code = codes.issue_code(db, EMAIL, PURPOSE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(codes.MAX_FAILED_ATTEMPTS):
        assert codes.check_code(db, EMAIL, PURPOSE, wrong).error_key == "error.code_invalid"
    # The sixth try fails even with the right code.
    sixth = codes.check_code(db, EMAIL, PURPOSE, code)
    assert not sixth.ok and sixth.error_key == "error.code_invalid"


def test_code_expires_after_ten_minutes(db):
    start = utcnow()
    code = codes.issue_code(db, EMAIL, PURPOSE, now=start)
    assert codes.check_code(db, EMAIL, PURPOSE, code, now=start + timedelta(minutes=11)).error_key == \
        "error.code_invalid"


def test_every_wrong_code_reads_the_same_whether_or_not_a_code_was_sent(db):
    """A different word for "no live code" would tell a stranger which addresses have accounts."""
    code = codes.issue_code(db, EMAIL, PURPOSE)
    wrong = "000000" if code != "000000" else "111111"
    live = codes.check_code(db, EMAIL, PURPOSE, wrong)
    never_sent = codes.check_code(db, "nobody@example.com", PURPOSE, wrong)
    start = utcnow()
    expired_code = codes.issue_code(db, "late@example.com", PURPOSE, now=start - timedelta(minutes=11))
    expired = codes.check_code(db, "late@example.com", PURPOSE, expired_code)
    assert live == never_sent == expired == codes.CodeCheck(False, "error.code_invalid")


def test_a_new_code_voids_the_old_one(db):
    old = codes.issue_code(db, EMAIL, PURPOSE)
    new = codes.issue_code(db, EMAIL, PURPOSE)
    if old != new:
        assert not codes.check_code(db, EMAIL, PURPOSE, old).ok
    assert codes.check_code(db, EMAIL, PURPOSE, new).ok


def test_a_code_is_bound_to_its_email_and_purpose(db):
    code = codes.issue_code(db, EMAIL, PURPOSE)
    assert not codes.check_code(db, "other@example.com", PURPOSE, code).ok
    assert not codes.check_code(db, EMAIL, "sign_in", code).ok


def test_cooldown_is_sixty_seconds(db):
    start = utcnow()
    codes.issue_code(db, EMAIL, PURPOSE, now=start)
    assert codes.in_cooldown(db, EMAIL, PURPOSE, now=start + timedelta(seconds=59))
    assert not codes.in_cooldown(db, EMAIL, PURPOSE, now=start + timedelta(seconds=61))


def test_token_dies_when_the_password_changes(db, make_customer):
    customer = make_customer()
    token = tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token) is not None
    customer.password_hash = hash_password("a different password entirely")
    db.add(customer)
    assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token) is None


def test_token_dies_when_the_email_changes(db, make_customer):
    customer = make_customer()
    token = tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    customer.email = "new.address@example.com"
    db.add(customer)
    assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token) is None


def test_token_is_single_use_and_kind_bound(db, make_customer):
    customer = make_customer()
    token = tokens.issue_token(db, TokenKind.SIGN_IN_LINK, customer)
    assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token) is None
    row, _ = tokens.find_valid_token(db, TokenKind.SIGN_IN_LINK, token)
    assert tokens.consume_token(db, row)
    assert not tokens.consume_token(db, row)
    assert tokens.find_valid_token(db, TokenKind.SIGN_IN_LINK, token) is None


def test_token_lifetimes(db, make_customer):
    customer = make_customer()
    start = utcnow()
    for kind, life in [(TokenKind.PASSWORD_RESET, timedelta(hours=1)), (TokenKind.INVITATION, timedelta(days=30)),
                       (TokenKind.SIGN_IN_LINK, timedelta(minutes=10))]:
        token = tokens.issue_token(db, kind, customer, now=start)
        assert tokens.find_valid_token(db, kind, token, now=start + life - timedelta(seconds=1)) is not None
        assert tokens.find_valid_token(db, kind, token, now=start + life + timedelta(seconds=1)) is None


def test_junk_tokens_are_refused(db):
    for junk in [None, "", 7, "short", "x" * 1_000_000]:
        assert tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, junk) is None
