"""The customer register (/admin/customers), as a merchant uses it."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import AdminCustomersPage


class AdminRegisterPage(AdminCustomersPage):
    def open_query(self, query: str) -> AdminRegisterPage:
        """The register with URL parameters, as a bookmark or a QA script opens it: "q=lopez&verified=yes"."""
        return self.goto(f"{self.route}?{query}" if query else self.route)

    # --- searching and filtering ---

    def search(self, text: str) -> None:
        self.field("Search customers").fill(text)
        self.submit()

    def choose(self, label: str, option: str) -> None:
        """A filter (a select), by its label and the option's visible text."""
        self.field(label).select_option(label=option)

    def submit(self) -> None:
        self.main.get_by_role("button", name="Search", exact=True).click()

    def show_filters(self) -> None:
        """On a phone the filters are behind a "Filters" button."""
        self.main.get_by_role("button", name="Filters", exact=True).click()

    def sort_by(self, column: str) -> None:
        self.main.get_by_role("columnheader").get_by_role("button", name=column, exact=True).click()

    # --- what it shows ---

    def expect_count(self, text: str) -> None:
        expect(self.page.get_by_role("heading", level=2, name=text)).to_be_visible()

    @property
    def names(self) -> Locator:
        """The name cell of each row, in order."""
        return self.main.get_by_role("rowheader")

    def expect_names(self, *names: str) -> None:
        expect(self.names).to_have_count(len(names))
        for index, name in enumerate(names):
            expect(self.names.nth(index)).to_contain_text(name)

    def expect_url(self, **params: str) -> None:
        for name, value in params.items():
            expect(self.page).to_have_url(re.compile(rf"[?&]{name}={re.escape(value)}(&|$)"))

    # --- the selection ---

    def select(self, name: str) -> None:
        """Tick a row's box (the server keeps the selection: wait for its answer)."""
        box = self.main.get_by_role("checkbox", name=f"Select {name}")
        box.click()
        expect(box).to_be_checked()

    def assign_selection_to(self, group: str) -> None:
        self.field("Group for the selection").select_option(label=group)
        self.main.get_by_role("button", name="Assign to group").click()

    @property
    def assign_button(self) -> Locator:
        return self.main.get_by_role("button", name="Assign to group")
