"""Customer export and import: formats, formula escaping, filters, the one-time download link, and every
import rule (size, encodings, delimiters, mapping, duplicates, existing customers, both modes, passwords)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from shop.common.formatting import DEFAULT_TIMEZONE
from shop.customers.register import RegisterQuery, query_from_params
from shop.merchants import accounts
from shop.models import Address, AuditEvent, Customer, CustomerGroup, MerchantRole, SingleUseToken, utcnow
from shop.transfer import cells, customer_import, export
from shop.transfer.customer_import import ImportRefused
from tests.helpers import run_coroutine


@pytest.fixture(autouse=True)
def private_transfer_dir(tmp_path, monkeypatch):
    folder = tmp_path / "transfer"
    monkeypatch.setenv("STORE_TRANSFER_DIR", str(folder))
    return folder


# --- formula escaping -----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+33612345678", "'+33612345678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Camille", "Camille"),
    ("", ""),
    ("a=b", "a=b"),
])
def test_text_cells_that_start_like_a_formula_are_escaped(value, expected):
    assert cells.escape_text(value) == expected
    assert cells.csv_cell(value) == expected
    assert cells.xlsx_cell(value) == (expected or None)


@pytest.mark.parametrize(("value", "expected"), [
    (12, "12"), (-3, "-3"), (Decimal("-12.50"), "-12.50"), (Decimal("1234.50"), "1234.50"), (True, "yes"),
    (False, "no"), (None, ""),
])
def test_numbers_stay_numbers(value, expected):
    assert cells.csv_cell(value) == expected
    assert cells.xlsx_cell(value) == value


# --- the export -----------------------------------------------------------------------------------

def _customers(db, make_customer):
    group = CustomerGroup(name="Trade")
    db.add(group)
    db.commit()
    evil = make_customer("evil@example.com", first_name="=HYPERLINK(\"http://x\")", last_name="-Smith",
                         phone="+33612345678", company="@corp", order_count=3, total_spent_cents=123450,
                         group_id=group.id, newsletter_opt_in=True)
    plain = make_customer("plain@example.com", first_name="Élodie", last_name="Durand", verified=False)
    db.add(Address(customer_id=evil.id, name="Shipping", city="Lyon", country_code="FR", is_default_shipping=True))
    db.add(Address(customer_id=evil.id, name="Billing", city="Paris", street_address="1 rue de Rivoli",
                   country_code="FR", is_default_billing=True))
    db.add(Address(customer_id=plain.id, name="Elsewhere", city="Brussels", country_code="BE"))
    db.commit()
    return evil, plain


def _write(db, query, fmt, path, **options):
    return export.write_export(db, query, fmt, path, **options)


def test_csv_has_a_bom_the_delimiter_escaped_text_and_plain_numbers(db, make_customer, tmp_path):
    evil, plain = _customers(db, make_customer)
    path = tmp_path / "out.csv"
    assert _write(db, RegisterQuery(), "csv", path, delimiter=";") == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Customer number", "Own number", "Email"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["First name"] == "'=HYPERLINK(\"http://x\")"
    assert first["Last name"] == "'-Smith"
    assert first["Phone"] == "'+33612345678"
    assert first["Company"] == "'@corp"
    assert first["Orders"] == "3"
    assert first["Total spent"] == "1234.50"
    assert first["Group"] == "Trade"
    assert first["Newsletter"] == "yes"
    assert first["Address: city"] == "Paris"  # the default billing address
    second = dict(zip(header, rows[2], strict=True))
    assert second["First name"] == "Élodie"
    assert second["Email verified"] == "no"
    assert second["Address: country"] == "BE"
    assert all("hash" not in name.lower() and "password" not in name.lower() for name in header)
    assert "$2b$" not in raw.decode("utf-8-sig")


def test_csv_with_a_comma_and_french_headers(db, make_customer, tmp_path):
    _customers(db, make_customer)
    path = tmp_path / "out.csv"
    _write(db, RegisterQuery(), "csv", path, delimiter=",", lang="fr")
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Numéro client,Numéro propre,E-mail,")


def test_xlsx_text_is_a_string_cell_never_a_formula_and_numbers_are_numeric(db, make_customer, tmp_path):
    _customers(db, make_customer)
    path = tmp_path / "out.xlsx"
    assert _write(db, RegisterQuery(), "xlsx", path) == 2
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    for name, value in (("First name", "'=HYPERLINK(\"http://x\")"), ("Phone", "'+33612345678"),
                        ("Last name", "'-Smith"), ("Company", "'@corp")):
        assert row[name].data_type == "s"
        assert row[name].value == value
    assert row["Orders"].data_type == "n" and row["Orders"].value == 3
    assert row["Total spent"].data_type == "n" and row["Total spent"].value == pytest.approx(1234.5)
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_json_is_valid_and_keeps_the_values(db, make_customer, tmp_path):
    _customers(db, make_customer)
    path = tmp_path / "out.json"
    assert _write(db, RegisterQuery(), "json", path) == 2
    data = json.loads(path.read_text())
    assert [row["email"] for row in data] == ["evil@example.com", "plain@example.com"]
    assert data[0]["total_spent"] == 1234.5 and data[0]["order_count"] == 3
    assert data[0]["first_name"] == "=HYPERLINK(\"http://x\")"  # JSON is data, not a spreadsheet
    assert "password_hash" not in data[0]


def test_an_empty_export_is_valid_json(db, tmp_path):
    path = tmp_path / "out.json"
    assert _write(db, RegisterQuery(), "json", path) == 0
    assert json.loads(path.read_text()) == []


def test_export_follows_filters_and_a_selection(db, make_customer, tmp_path):
    evil, plain = _customers(db, make_customer)
    assert export.count_matching(db, query_from_params({"country": "BE"})) == 1
    assert export.count_matching(db, query_from_params({"verified": "yes"})) == 1
    assert export.count_matching(db, query_from_params({"newsletter": "yes", "orders": "yes"})) == 1
    assert export.count_matching(db, query_from_params({"group": "none"})) == 1
    assert export.count_matching(db, query_from_params({"spent_above": "1000"})) == 1
    assert export.count_matching(db, query_from_params({"q": "Durand"})) == 1  # full text (FTS5)
    assert export.count_matching(db, query_from_params({"q": "pl"})) == 1  # a short prefix
    assert export.count_matching(db, query_from_params({"q": '" OR *'})) == 0  # never FTS syntax
    today = utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()  # the register's dates are the shop's days
    assert export.count_matching(db, query_from_params({"created_to": today.isoformat()})) == 2
    assert export.count_matching(db, query_from_params(
        {"created_from": (today + timedelta(days=1)).isoformat()})) == 0
    path = tmp_path / "out.json"
    _write(db, query_from_params({"ids": f"{plain.id}"}), "json", path)
    assert [row["email"] for row in json.loads(path.read_text())] == ["plain@example.com"]
    summary = export.describe_query(db, query_from_params({"country": "FR", "verified": "yes"}), "en")
    assert summary == "country FR, verified"
    assert export.describe_query(db, RegisterQuery(), "en") == ""


def test_progress_is_reported(db, make_customer, tmp_path):
    _customers(db, make_customer)
    seen = []
    _write(db, RegisterQuery(), "csv", tmp_path / "x.csv", on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2, 2)


def test_unknown_format_or_delimiter_is_refused(db, tmp_path):
    with pytest.raises(ValueError):
        _write(db, RegisterQuery(), "exe", tmp_path / "x")
    with pytest.raises(ValueError):
        _write(db, RegisterQuery(), "csv", tmp_path / "x", delimiter="|")


# --- the download link ----------------------------------------------------------------------------

SESSION = "a-merchant-session-token-of-some-length"


def _ready_file(fmt="csv", now=None):
    made = export.new_export_file(SESSION, fmt, merchant_user_id=1, now=now)
    made.path.write_text("x")
    export.mark_ready(made)
    return made


def test_the_link_works_once_for_its_session_with_a_minute_of_grace(private_transfer_dir):
    made = _ready_file()
    assert private_transfer_dir.stat().st_mode & 0o077 == 0
    assert made.token not in str(made.path)  # files are named after the token's digest
    download = export.claim_download(made.token, SESSION)
    assert download is not None and download.filename.endswith(".csv") and download.path.read_text() == "x"
    assert export.claim_download(made.token, SESSION) is not None  # a browser's repeated request
    assert export.claim_download(made.token, SESSION, now=utcnow() + timedelta(seconds=61)) is None
    assert export.claim_download(made.token, SESSION) is None  # dead for good
    assert list(private_transfer_dir.iterdir()) == []  # and its file deleted


def test_the_link_refuses_another_session_an_unknown_token_and_an_expired_link():
    made = _ready_file()
    assert export.claim_download(made.token, "another-merchant-session-token-xyz") is None
    assert export.claim_download(made.token, "") is None
    assert export.claim_download("x" * 43, SESSION) is None
    assert export.claim_download("../../etc/passwd", SESSION) is None
    assert export.claim_download(None, SESSION) is None
    later = utcnow() + timedelta(minutes=16)
    assert export.claim_download(made.token, SESSION, now=later) is None
    assert export.claim_download(made.token, SESSION) is None  # the expired file was deleted


def test_a_file_still_being_written_cannot_be_downloaded():
    made = export.new_export_file(SESSION, "csv", merchant_user_id=1)
    made.path.write_text("partial")
    assert export.claim_download(made.token, SESSION) is None


# --- the route's checks: the merchant behind the cookie ---------------------------------------------

def _merchant_session(db, role=MerchantRole.OWNER.value, email="boss@example.com"):
    user = accounts.create_merchant(db, email, "a long enough password")
    user.role = role
    db.add(user)
    db.commit()
    result = accounts.sign_in(db, email, "a long enough password")
    db.commit()
    return user, result.token


def test_the_download_route_checks_the_session_is_alive_and_an_owner(db, engine, monkeypatch):
    from backoffice import downloads

    monkeypatch.setattr(downloads, "get_engine", lambda: engine)
    owner, owner_token = _merchant_session(db)
    made = export.new_export_file(owner_token, "csv", merchant_user_id=owner.id)
    made.path.write_text("x")
    export.mark_ready(made)
    assert downloads.claim(made.token, "not-a-session-token-at-all-00000") is None
    assert downloads.claim(made.token, owner_token) is not None
    staff, staff_token = _merchant_session(db, MerchantRole.STAFF.value, "staff@example.com")
    made = export.new_export_file(staff_token, "csv", merchant_user_id=staff.id)
    made.path.write_text("x")
    export.mark_ready(made)
    assert downloads.claim(made.token, staff_token) is None  # no longer (or never) allowed to export


def test_the_download_route_sends_the_file_once_and_refuses_others(db, engine, monkeypatch):
    from starlette.testclient import TestClient

    from backoffice import downloads

    monkeypatch.setattr(downloads, "get_engine", lambda: engine)
    owner, owner_token = _merchant_session(db)
    made = export.new_export_file(owner_token, "csv", merchant_user_id=owner.id)
    made.path.write_bytes("\ufeffa;b\r\n".encode())
    export.mark_ready(made)
    client = TestClient(downloads.downloads())
    url = f"/admin/export-file/{made.token}"
    refused = client.get(url, cookies={"ml_admin": "someone-elses-session-token-0000", "ml_lang": "fr"})
    assert refused.status_code == 404 and "a expiré ou a déjà servi" in refused.text
    assert client.get("/admin/export-file/unknown", cookies={"ml_admin": owner_token}).status_code == 404
    sent = client.get(url, cookies={"ml_admin": owner_token})
    assert sent.status_code == 200 and sent.content.startswith(b"\xef\xbb\xbf")
    assert sent.headers["content-disposition"].startswith("attachment; filename=\"customers-")
    assert sent.headers["cache-control"] == "no-store"
    assert export.claim_download(made.token, owner_token, now=utcnow() + timedelta(minutes=2)) is None
    assert client.get(url, cookies={"ml_admin": owner_token}).status_code == 404
    assert not made.path.exists()


# --- the import -----------------------------------------------------------------------------------

def _csv(*lines: str, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    data = "\r\n".join(line.replace(";", delimiter) for line in lines).encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def _import(db, data: bytes, *, mapping=None, delimiter="auto", **options):
    table = customer_import.read_table(data, delimiter)
    mapping = mapping or customer_import.guess_mapping(table.headers)
    result = customer_import.import_customers(db, table, mapping, **options)
    db.commit()
    return result


def test_a_file_over_15_mb_is_refused():
    data = b"email\n" + b"a" * (15 * 1024 * 1024)
    with pytest.raises(ImportRefused) as refused:
        customer_import.read_table(data)
    assert refused.value.key == "admin.transfer.import.error.too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ImportRefused):
        customer_import.read_table(b"  \r\n")


def test_the_bom_is_stripped_and_french_headers_are_matched():
    table = customer_import.read_table(_csv("E-mail;Prénom;Nom;Société;Téléphone;Numéro de TVA", "a@b.fr;A;B;C;;",
                                            bom=True))
    assert table.encoding == "UTF-8" and table.delimiter == ";"
    assert table.headers[0] == "E-mail"
    assert customer_import.guess_mapping(table.headers) == [
        "email", "first_name", "last_name", "company", "phone", "vat_number"]


def test_windows_1252_is_read_when_utf8_fails():
    table = customer_import.read_table(_csv("Email;Prénom", "a@b.fr;Hélène", encoding="cp1252"))
    assert table.encoding == "Windows-1252"
    assert table.headers == ["Email", "Prénom"] and table.rows[0][1] == ["a@b.fr", "Hélène"]


@pytest.mark.parametrize(("choice", "delimiter"), [("auto", ","), ("comma", ","), ("semicolon", ";")])
def test_the_delimiter_is_detected_or_chosen(choice, delimiter):
    table = customer_import.read_table(_csv("email;first name", "a@b.fr;Ann", delimiter=","), choice)
    assert table.delimiter == delimiter


def test_a_tab_delimited_file_is_detected():
    assert customer_import.read_table(_csv("email;first name", "a@b.fr;Ann", delimiter="\t")).delimiter == "\t"


def test_an_unknown_delimiter_choice_is_refused():
    with pytest.raises(ImportRefused):
        customer_import.read_table(_csv("email", "a@b.fr"), "pipe")


def test_english_headers_and_the_exports_own_titles_are_matched():
    assert customer_import.guess_mapping(["Email address", "First Name", "Surname", "Phone", "Whatever"]) == [
        "email", "first_name", "last_name", "phone", ""]
    assert customer_import.guess_mapping(export.headers("en"))[:10] == [
        "", "own_number", "email", "", "first_name", "last_name", "company", "vat_number", "phone", "language"]
    assert customer_import.guess_mapping(["Email", "E-mail"]) == ["email", ""]  # a field once


def test_a_mapping_from_the_browser_is_checked():
    for bad in (["email", "email"], ["password", ""], ["email"], "email", [1, 2], ["", "first_name"]):
        with pytest.raises(ImportRefused):
            customer_import.check_mapping(bad, 2)


def test_new_customers_are_created_with_source_batch_and_no_password(db, outbox):
    data = _csv("Email;Prénom;Nom;Téléphone;Password;Newsletter;Langue",
                "new@example.com;Hélène;Roux;06 12 34 56 78;hunter2hunter2;oui;fr")
    table = customer_import.read_table(data)
    assert table.headers[4] == "Password"
    mapping = customer_import.guess_mapping(table.headers)
    assert mapping[4] == ""  # the password column is ignored
    result = customer_import.import_customers(db, table, mapping, now=utcnow())
    db.commit()
    assert result.written and result.created == 1
    assert result.batch.startswith(f"import-{utcnow():%Y-%m-%d}-")
    assert len(result.batch) == len("import-2026-11-30-1a2b")
    customer = db.exec(select(Customer).where(Customer.email == "new@example.com")).one()
    assert customer.password_hash is None and customer.email_verified_at is None
    assert customer.source == "import" and customer.import_batch == result.batch
    assert (customer.first_name, customer.phone, customer.newsletter_opt_in, customer.language) == (
        "Hélène", "+33612345678", True, "fr")
    assert outbox() == []
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.imported")).one()


def test_a_password_column_can_never_be_mapped(db):
    table = customer_import.read_table(_csv("Email;Password", "new@example.com;secret secret"))
    with pytest.raises(ImportRefused):
        customer_import.import_customers(db, table, ["email", "password"])
    assert db.exec(select(Customer)).all() == []


def test_escaped_cells_from_our_export_are_read_back():
    table = customer_import.read_table(_csv("Email;Phone", "a@example.com;'+33612345678"))
    assert customer_import._unescaped(table.rows[0][1][1]) == "+33612345678"


def test_each_bad_row_is_reported_with_its_line_and_field(db):
    result = _import(db, _csv(
        "Email;First name;Phone;VAT number;Newsletter;Language;Group",
        "good@example.com;Ann;;;yes;en;",
        "not-an-email;Bob;;;;;",
        "phone@example.com;Cy;12;;;;",
        "vat@example.com;Di;;FR123;;;",
        "flag@example.com;Ed;;;maybe;de;Nobody",
        ";Fay;;;;;",
    ), mode="skip_bad")
    problems = {(p.line, p.field, p.key) for p in result.problems}
    assert problems == {
        (3, "email", "admin.transfer.import.error.email_invalid"),
        (4, "phone", "admin.transfer.import.error.phone_invalid"),
        (5, "vat_number", "admin.transfer.import.error.vat_invalid"),
        (6, "newsletter", "admin.transfer.import.error.yes_no"),
        (6, "language", "admin.transfer.import.error.language"),
        (6, "group", "admin.transfer.import.error.group"),
        (7, "email", "admin.transfer.import.error.email_required"),
    }
    assert result.created == 1 and result.rejected == 5 and result.written
    assert [c.email for c in db.exec(select(Customer))] == ["good@example.com"]


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(db):
    result = _import(db, _csv("Email;First name", "one@example.com;Ann", "two@example.com;Bob", "bad;Cy"))
    assert not result.written and result.created == 0 and result.batch == ""
    assert [(p.line, p.field) for p in result.problems] == [(4, "email")]
    assert db.exec(select(Customer)).all() == []
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.imported")).all() == []


def test_a_failure_while_writing_leaves_nothing(db, engine, monkeypatch):
    from sqlmodel import Session

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    table = customer_import.read_table(_csv("Email", "one@example.com", "two@example.com"))
    monkeypatch.setattr(customer_import, "invite_customer", broken)
    with Session(engine) as session, pytest.raises(RuntimeError):
        customer_import.import_customers(session, table, ["email"], invite=True)
        session.commit()
    assert db.exec(select(Customer)).all() == []


def test_repeated_emails_in_the_file_are_reported(db):
    result = _import(db, _csv("Email;First name", "dup@example.com;Ann", "other@example.com;Bob",
                              "DUP@example.com;Cy"), mode="skip_bad")
    assert [(p.line, p.field, p.key, p.params) for p in result.problems] == [
        (4, "email", "admin.transfer.import.error.duplicate", {"line": 2})]
    assert result.created == 2
    assert db.exec(select(Customer).where(Customer.email == "dup@example.com")).one().first_name == "Ann"


def test_existing_customers_are_skipped(db, make_customer):
    existing = make_customer("known@example.com", first_name="Old")
    result = _import(db, _csv("Email;First name", "KNOWN@example.com;New", "fresh@example.com;Ann"))
    assert (result.created, result.updated, result.skipped_existing) == (1, 0, 1)
    db.refresh(existing)
    assert existing.first_name == "Old" and existing.import_batch == ""


def test_existing_customers_get_only_the_allowed_fields_updated(db, make_customer, cheap_bcrypt):
    group = CustomerGroup(name="Trade")
    db.add(group)
    db.commit()
    existing = make_customer("known@example.com", first_name="Old", last_name="Name", company="Keep")
    existing.is_blocked = True
    db.add(existing)
    db.commit()
    password_hash, verified_at = existing.password_hash, existing.email_verified_at
    result = _import(db, _csv("Email;First name;Last name;Company;Group;Own number;Password",
                              "known@example.com;New;;;trade;ACC-1;new password here"), existing="update")
    assert result.updated == 1 and result.created == 0
    db.refresh(existing)
    assert (existing.first_name, existing.last_name, existing.company) == ("New", "Name", "Keep")  # blank: kept
    assert existing.group_id == group.id and existing.own_number == "ACC-1"
    assert existing.password_hash == password_hash and existing.email_verified_at == verified_at
    assert existing.is_blocked and existing.import_batch == ""


def test_a_group_is_left_alone_unless_mapped(db, make_customer):
    group = CustomerGroup(name="Trade")
    db.add(group)
    db.commit()
    existing = make_customer("known@example.com", group_id=group.id)
    _import(db, _csv("Email;First name", "known@example.com;New"), existing="update")
    db.refresh(existing)
    assert existing.group_id == group.id


def test_an_own_number_in_use_or_repeated_is_reported(db, make_customer):
    make_customer("holder@example.com", own_number="ACC-9")
    result = _import(db, _csv("Email;Own number", "a@example.com;ACC-9", "b@example.com;ACC-1",
                              "c@example.com;ACC-1", "d@example.com;acc-9", "e@example.com;Acc-1"), mode="skip_bad")
    # Whatever their case, as the customer card compares them (otherwise neither card could be saved again).
    assert [(p.line, p.key) for p in result.problems] == [
        (2, "admin.transfer.import.error.own_number_taken"), (4, "admin.transfer.import.error.duplicate"),
        (5, "admin.transfer.import.error.own_number_taken"), (6, "admin.transfer.import.error.duplicate")]
    assert result.created == 1


def test_invitations_go_to_new_customers_only(db, make_customer, outbox):
    make_customer("known@example.com")
    result = _import(db, _csv("Email;Prénom", "known@example.com;Old", "new@example.com;Ann"), invite=True)
    assert result.invited == 1
    assert [mail.to_address for mail in outbox()] == ["new@example.com"]
    assert db.exec(select(SingleUseToken)).one().customer_id == db.exec(
        select(Customer.id).where(Customer.email == "new@example.com")).one()


def test_import_options_are_checked(db):
    table = customer_import.read_table(_csv("Email", "a@example.com"))
    for options in ({"existing": "delete"}, {"mode": "yolo"}, {"invite": "yes"}):
        with pytest.raises(ImportRefused):
            customer_import.import_customers(db, table, ["email"], **options)


def test_import_progress_reaches_the_end(db):
    seen = []
    table = customer_import.read_table(_csv("Email", *[f"p{n}@example.com" for n in range(1200)]))
    customer_import.import_customers(db, table, ["email"], on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2400, 2400) and len(seen) > 2


def test_the_register_links_to_the_import_page_with_its_parameters():
    query = query_from_params({"country": "fr", "verified": "yes", "ids": "1,2,3", "created_from": "2026-01-01"})
    assert query.ids == (1, 2, 3) and query.created_from == date(2026, 1, 1) and query.country == "FR"


# --- the page's state: who may export and import --------------------------------------------------

@pytest.fixture
def app_engine(engine, monkeypatch):
    import storefront.state.app as app_module

    monkeypatch.setattr(app_module, "get_engine", lambda: engine)
    return engine


def _transfer_state(token: str = ""):
    import reflex as rx

    import storefront.storefront  # noqa: F401  (registers every state)
    from backoffice.state.transfer import TransferState

    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(TransferState.get_full_name().split(".")[1:])
    state.admin_token = token
    return state


def test_only_an_owner_exports(db, app_engine, make_customer):
    from backoffice.state.auth import NotSignedIn
    from backoffice.state.transfer import _Progress, run_export
    from shop.merchants.permissions import PermissionDenied

    make_customer("someone@example.com")
    _, staff_token = _merchant_session(db, MerchantRole.STAFF.value, "staff@example.com")
    with pytest.raises(PermissionDenied):
        run_export(staff_token, RegisterQuery(), "csv", ";", "en", _Progress())
    with pytest.raises(NotSignedIn):
        run_export("no-such-session-token-000000000", RegisterQuery(), "csv", ";", "en", _Progress())
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.exported")).all() == []
    owner, owner_token = _merchant_session(db)
    progress = _Progress()
    made, count = run_export(owner_token, RegisterQuery(), "xlsx", ";", "en", progress)
    assert count == 1 and progress.percent == 100
    assert export.claim_download(made.token, owner_token).filename.endswith(".xlsx")
    audit_row = db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.exported")).one()
    assert audit_row.merchant_user_id == owner.id and audit_row.detail == "1 customers, xlsx"
    assert run_export(owner_token, query_from_params({"country": "JP"}), "csv", ";", "en", _Progress()) == (None, 0)


def test_read_only_staff_cannot_import(db, app_engine, tmp_path):
    from backoffice.state.transfer import _Progress, run_import
    from shop.merchants.permissions import PermissionDenied

    user, token = _merchant_session(db, MerchantRole.STAFF.value, "viewer@example.com")
    user.read_only = True
    db.add(user)
    db.commit()
    path = tmp_path / "in.csv"
    path.write_bytes(_csv("Email", "new@example.com"))
    options = {"existing": "skip", "mode": "all_or_nothing", "invite": False}
    with pytest.raises(PermissionDenied):
        run_import(token, str(path), "auto", ["email"], options, _Progress())
    assert db.exec(select(Customer)).all() == []
    _, staff_token = _merchant_session(db, MerchantRole.STAFF.value, "editor@example.com")
    result = run_import(staff_token, str(path), "auto", ["email"], options, _Progress())
    assert result.created == 1


def test_an_owner_who_must_set_up_two_factor_can_neither_export_nor_import_nor_download(
        db, app_engine, make_customer, tmp_path, monkeypatch):
    from backoffice import downloads
    from backoffice.state.auth import TwoFactorSetupRequired
    from backoffice.state.transfer import _Progress, run_export, run_import
    from shop.settings.store import get_store_settings

    monkeypatch.setattr(downloads, "get_engine", lambda: app_engine)
    make_customer("someone@example.com")
    owner, owner_token = _merchant_session(db)
    made, _ = run_export(owner_token, RegisterQuery(), "csv", ";", "en", _Progress())  # before the rule
    settings = get_store_settings(db)
    settings.require_two_factor = True
    db.add(settings)
    db.commit()

    with pytest.raises(TwoFactorSetupRequired):
        run_export(owner_token, RegisterQuery(), "csv", ";", "en", _Progress())
    path = tmp_path / "in.csv"
    path.write_bytes(_csv("Email", "new@example.com"))
    with pytest.raises(TwoFactorSetupRequired):
        run_import(owner_token, str(path), "auto", ["email"], {"existing": "skip", "mode": "all_or_nothing",
                                                               "invite": False}, _Progress())
    assert downloads.claim(made.token, owner_token) is None
    assert db.exec(select(Customer).where(Customer.email == "new@example.com")).first() is None
    assert len(db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.exported")).all()) == 1


def _call(state, name: str, *args):
    """A handler as the browser runs it: the function behind the event handler, on this state."""
    return getattr(type(state), name).fn(state, *args)


class _FakeUpload:
    def __init__(self, filename: str, data: bytes):
        self.filename, self._data = filename, data

    async def read(self, size: int = -1) -> bytes:
        return self._data if size < 0 else self._data[:size]


def test_the_upload_is_checked_then_previewed(db, app_engine, private_transfer_dir):

    _, token = _merchant_session(db, MerchantRole.STAFF.value, "editor@example.com")
    state = _transfer_state(token)
    run_coroutine(_call(state, "upload_import", [_FakeUpload("big.csv", b"email\n" + b"a" * (15 * 1024 * 1024))]))
    assert state._import_error == "admin.transfer.import.error.too_large" and not state._upload_path
    run_coroutine(_call(state, "upload_import", [_FakeUpload("people.xlsx", b"PK")]))
    assert state._import_error == "admin.transfer.import.error.not_csv"
    run_coroutine(_call(state, "upload_import", "junk"))
    assert state._import_error == "admin.transfer.import.error.no_file"
    data = _csv("E-mail;Prénom;Mot de passe", "a@example.com;Ann;secret", bom=True)
    run_coroutine(_call(state, "upload_import", [_FakeUpload("../../clients.csv", data)]))
    assert state._import_error == "" and state.import_file_name == "clients.csv"
    assert state.import_headers == ["E-mail", "Prénom", "Mot de passe"]
    assert state.import_mapping == ["email", "first_name", ""]
    assert state.import_password_columns == ["Mot de passe"]
    assert state.import_samples == ["a@example.com", "Ann", ""]  # never a password on screen
    stored = list(private_transfer_dir.glob("upload-*.csv"))
    assert len(stored) == 1 and stored[0].stat().st_mode & 0o077 == 0
    _call(state, "set_column_field", "2", "password")
    _call(state, "set_column_field", "99", "email")
    _call(state, "set_column_field", True, "email")
    _call(state, "set_column_field", "x" * 10_000, "email")
    assert state.import_mapping == ["email", "first_name", ""]
    _call(state, "set_column_field", "1", "email")  # a field once: it leaves the other column
    assert state.import_mapping == ["", "email", ""]
    _call(state, "set_import_mode", "drop tables")
    _call(state, "set_import_existing", {"x": 1})
    _call(state, "set_import_invite", "yes")
    assert (state.import_mode, state.import_existing, state.import_invite) == ("all_or_nothing", "skip", False)
    _call(state, "reset_import")
    assert list(private_transfer_dir.glob("upload-*.csv")) == []


def test_read_only_staff_cannot_upload(db, app_engine, private_transfer_dir):

    user, token = _merchant_session(db, MerchantRole.STAFF.value, "viewer@example.com")
    user.read_only = True
    db.add(user)
    db.commit()
    state = _transfer_state(token)
    run_coroutine(_call(state, "upload_import", [_FakeUpload("a.csv", _csv("Email", "a@example.com"))]))
    assert state.import_headers == [] and not private_transfer_dir.exists() or \
        list(private_transfer_dir.glob("upload-*")) == []


def test_export_choices_are_checked(db, app_engine):
    state = _transfer_state()
    _call(state, "set_export_format", "exe")
    _call(state, "set_export_delimiter", "|")
    assert (state.export_format, state.export_delimiter) == ("csv", ";")
    _call(state, "set_export_format", "json")
    _call(state, "set_export_delimiter", ",")
    assert (state.export_format, state.export_delimiter) == ("json", ",")
