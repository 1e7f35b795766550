"""What every page object shares: opening its route and waiting until the page is live, and finding
things the way a person does (by role, by label, by visible text)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from shop import routes

PARAMETER = re.compile(r"\[\[?\w+\]?\]")
OPTIONAL_PARAMETER = re.compile(r"/\[\[\w+\]\]")

# The page says data-live="true" on #page-live once it is hydrated and its on-load work is done (until
# then its buttons take no click). Waiting for it is how a script never races the page.
LIVE = "document.querySelector('#page-live')?.dataset.live === 'true'"


class PageObject:
    route = routes.HOME  # its route in shop/routes.py: "/products/[slug]" has one parameter
    title = ""  # the page's heading (level 1), in English

    def __init__(self, page: Page, *parameters: str):
        """ProductPage(page, "stoneware-mug-sage"): the values of the route's [parameters], in order."""
        self.page = page
        self.parameters = parameters

    @property
    def path(self) -> str:
        """The route with its parameters filled in; a missing optional one ([[number]]) is left out."""
        path = self.route
        for value in self.parameters:
            path = PARAMETER.sub(value, path, count=1)
        return OPTIONAL_PARAMETER.sub("", path)

    # --- opening ---

    def goto(self, path: str | None = None, *, wait_until_live: bool = True):
        """Open the page. A hurried script can skip the wait: the page must then still never lose a click."""
        self.page.goto(path or self.path)
        if wait_until_live:
            self.wait_until_live()
        return self

    def open(self, *parameters: str, wait_until_live: bool = True):
        """Open the route with these parameters: ResetPasswordPage(page).open(token)."""
        self.parameters = parameters
        return self.goto(wait_until_live=wait_until_live)

    def wait_until_live(self) -> None:
        self.page.wait_for_function(LIVE)

    # --- finding ---

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def main(self) -> Locator:
        return self.page.get_by_role("main")

    @property
    def header(self) -> Locator:
        return self.page.get_by_role("banner")

    @property
    def alert(self) -> Locator:
        return self.page.get_by_role("alert")

    def field(self, label: str) -> Locator:
        return self.page.get_by_label(label, exact=True)

    def button(self, name: str) -> Locator:
        return self.main.get_by_role("button", name=name)

    def link(self, name: str | re.Pattern) -> Locator:
        return self.page.get_by_role("link", name=name)

    def text(self, text: str | re.Pattern) -> Locator:
        return self.page.get_by_text(text)

    # --- checking ---

    def expect_open(self, title: str | re.Pattern | None = None):
        expect(self.heading).to_have_text(title or self.title)
        return self

    def expect_alert(self, text: str | re.Pattern | None = None):
        alert = self.alert.first
        expect(alert).to_be_visible()
        if text is not None:
            expect(alert).to_contain_text(text)
        return self


def path_pattern(path: str) -> re.Pattern:
    """A URL that ends with `path` (query string included)."""
    return re.compile(re.escape(path) + "$")
