"""The back-office's "Import and export" page: an owner exports and downloads a CSV file, staff may not
export, and an owner imports a CSV file with a bad row, all or nothing and then skipping the bad row."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import Customer, MerchantRole
from tests.e2e.helpers import create_customer, create_merchant, sign_in_merchant, unique_email
from tests.e2e.pages.admin_transfer import AdminTransferPage


def test_owner_exports_the_selection_and_downloads_a_csv_file(page, shop_db):
    first = create_customer(shop_db, "export", first_name="=HYPERLINK(1)", last_name="Moreau")
    second = create_customer(shop_db, "export", first_name="Inès", last_name="Roux")
    sign_in_merchant(page, create_merchant(shop_db))
    transfer = AdminTransferPage(page).goto(f"{AdminTransferPage.route}?ids={first.id},{second.id}")
    transfer.expect_open()
    expect(transfer.text("2 customers matching: 2 selected customers.")).to_be_visible()
    expect(transfer.field("CSV delimiter")).to_have_value(";")
    link = transfer.export("CSV (Excel, accounting software)")
    expect(transfer.progress("Export progress")).to_have_attribute("aria-valuenow", "100")
    expect(transfer.text("Your file is ready: 2 customers.")).to_be_visible()
    download = transfer.download(link)
    assert re.fullmatch(r"customers-\d{4}-\d{2}-\d{2}-\d{4}\.csv", download.suggested_filename)
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Customer number;Own number;Email;")
    assert len(lines) == 3 and first.email in lines[1] and second.email in lines[2]
    assert ";'=HYPERLINK(1);" in lines[1] and ";Inès;" in lines[2]
    # The link is bound to this browser's merchant session: another browser gets nothing.
    other = page.context.browser.new_context(base_url=page.url.split("/admin")[0])
    try:
        assert other.request.get(link.get_attribute("href")).status == 404
    finally:
        other.close()


def test_staff_cannot_export(page, shop_db):
    sign_in_merchant(page, create_merchant(shop_db, MerchantRole.STAFF.value))
    transfer = AdminTransferPage(page).goto()
    transfer.expect_open()
    expect(transfer.text("Only the shop owner can export customers. Ask an owner for the file.")).to_be_visible()
    expect(transfer.exact_button("Export")).to_have_count(0)
    expect(transfer.exact_button("Choose a CSV file")).to_be_visible()  # staff may import


def test_owner_imports_a_csv_file_all_or_nothing_then_skipping_the_bad_row(page, shop_db, tmp_path):
    good, other = unique_email("imported"), unique_email("imported")
    path = tmp_path / "clients.csv"
    path.write_bytes(("\ufeffE-mail;Prénom;Nom;Téléphone;Mot de passe\r\n"
                      f"{good};Hélène;Dupont;06 12 34 56 78;secret\r\n"
                      "not-an-email;Bad;Row;;\r\n"
                      f"{other};Jules;Martin;;\r\n").encode())
    sign_in_merchant(page, create_merchant(shop_db))
    transfer = AdminTransferPage(page).goto()
    transfer.upload(path)
    expect(transfer.text("clients.csv: 3 rows, read as UTF-8.")).to_be_visible()
    expect(transfer.column("E-mail")).to_have_value("email")
    expect(transfer.column("Prénom")).to_have_value("first_name")
    expect(transfer.column("Mot de passe")).to_have_value("")
    expect(transfer.text(re.compile("looks like passwords: it is ignored"))).to_be_visible()
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    expect(transfer.column("E-mail")).to_be_visible()
    page.screenshot(path="/tmp/transfer-mapping-375.png", full_page=True)
    page.set_viewport_size(size)

    transfer.start_import()
    expect(transfer.text(re.compile("Nothing was imported. Rows with errors: 1."))).to_be_visible()
    expect(transfer.progress("Import progress")).to_have_attribute("aria-valuenow", "100")
    rows = transfer.report_rows()
    expect(rows).to_have_count(2)  # the header and line 3
    expect(rows.nth(1)).to_contain_text("3")
    expect(rows.nth(1)).to_contain_text("Not a valid email address.")
    with Session(shop_db) as db:
        assert db.exec(select(Customer).where(Customer.email.in_([good, other]))).all() == []

    transfer.choose_mode("Skip the bad rows and import the others")
    transfer.start_import()
    expect(transfer.text(re.compile(r"Imported with the tag import-\d{4}-\d{2}-\d{2}-[0-9a-f]{4}: 2 created"))) \
        .to_be_visible()
    expect(transfer.text("Rows with errors, skipped: 1.")).to_be_visible()
    expect(transfer.report_rows().nth(1)).to_contain_text("Not a valid email address.")
    with Session(shop_db) as db:
        imported = db.exec(select(Customer).where(Customer.email.in_([good, other])).order_by(Customer.id)).all()
    assert [(c.first_name, c.source, c.password_hash) for c in imported] == [
        ("Hélène", "import", None), ("Jules", "import", None)]
    assert imported[0].phone == "+33612345678" and imported[0].import_batch.startswith("import-")

    page.screenshot(path="/tmp/transfer-import-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    expect(transfer.exact_button("Import another file")).to_be_visible()
    transfer.report_rows().nth(1).scroll_into_view_if_needed()
    expect(transfer.report_rows().nth(1)).to_contain_text("Not a valid email address.")
    page.screenshot(path="/tmp/transfer-import-375.png", full_page=True)
    page.screenshot(path="/tmp/transfer-report-375.png")
