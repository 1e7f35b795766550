"""The back-office's doors: every menu link opens a real page for the owner and for staff, a visitor who
opens any back-office address is sent to the merchant sign-in, and the phone menu has what the desktop
menu has."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from shop import routes
from shop.models import MerchantRole
from tests.e2e.helpers import create_merchant, sign_in_merchant
from tests.e2e.pages import AdminLoginPage, AdminPage

PLACEHOLDER = "This screen is part of the next back-office release."
NOT_FOUND = "Page not found"
# Every back-office address behind the merchant sign-in, with its parameters filled.
GUARDED = sorted(
    routes.with_id(value, "1")
    for name, value in vars(routes).items()
    if name.startswith("ADMIN") and value not in (routes.ADMIN_LOGIN, routes.ADMIN_INVITE)
)


def _menu_links(page) -> list[tuple[str, str]]:
    navigation = page.get_by_role("navigation")
    links = navigation.get_by_role("link")
    expect(links.first).to_be_visible()
    return [(links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href")) for i in range(links.count())]


@pytest.mark.parametrize("role", [MerchantRole.OWNER.value, MerchantRole.STAFF.value])
def test_every_menu_link_opens_a_real_page(page, shop_db, role):
    sign_in_merchant(page, create_merchant(shop_db, role))
    links = _menu_links(page)
    assert len(links) >= 7, links
    for name, href in links:
        page.goto(href)
        opened = AdminPage(page)
        opened.wait_until_live()
        expect(opened.heading).to_have_text(name)  # the page the link names
        expect(page.get_by_text(PLACEHOLDER)).to_have_count(0)
        expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
        expect(page).to_have_url(re.compile(re.escape(href) + r"$"))


@pytest.mark.parametrize("path", GUARDED)
def test_a_visitor_is_sent_to_the_merchant_sign_in(page, path):
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    AdminLoginPage(page).expect_open()


def test_the_phone_menu_has_the_language_switch_and_the_way_back_to_the_shop(page, shop_db):
    page.set_viewport_size({"width": 375, "height": 800})
    dashboard = sign_in_merchant(page, create_merchant(shop_db))
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("menuitem", name="View shop")).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Français").click()
    dashboard.expect_open("Tableau de bord")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
