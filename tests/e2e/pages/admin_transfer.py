"""The back-office's "Import and export" page (/admin/customers/import)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Download, Locator, expect

from tests.e2e.pages.admin import AdminImportPage


class AdminTransferPage(AdminImportPage):
    title = "Import and export"

    def exact_button(self, name: str) -> Locator:
        return self.main.get_by_role("button", name=name, exact=True)

    # --- export ---

    def export(self, file_format: str | None = None) -> Locator:
        """Start an export (in this format: a label of the list); returns the download link once it shows."""
        if file_format:
            self.field("File format").select_option(label=file_format)
        self.exact_button("Export").click()
        link = self.link("Download the file")
        expect(link).to_be_visible(timeout=30_000)
        return link

    def download(self, link: Locator) -> Download:
        with self.page.expect_download() as download:
            link.click()
        return download.value

    # --- import ---

    def upload(self, path: Path) -> None:
        with self.page.expect_file_chooser() as chooser:
            self.exact_button("Choose a CSV file").click()
        chooser.value.set_files(str(path))
        expect(self.text(f"{path.name}:")).to_be_visible(timeout=20_000)

    def column(self, header: str) -> Locator:
        return self.field(f"Column “{header}”")

    def choose_mode(self, label: str) -> None:
        self.field("When a row has an error").select_option(label=label)

    def start_import(self) -> None:
        self.exact_button("Import").click()

    def progress(self, name: str) -> Locator:
        return self.page.get_by_role("progressbar", name=name)

    def report_rows(self) -> Locator:
        return self.main.get_by_role("table").get_by_role("row")
