"""The catalogue in a browser: search, categories, a sold-out product's alert, the legal pages."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import unique_email
from tests.e2e.pages import HomePage, LegalPage, ProductPage


def test_searching_and_choosing_a_category_filter_the_collection(page):
    home = HomePage(page).goto()
    home.field("Search the collection").fill("mug")
    home.button("Search").click()
    expect(page).to_have_url(re.compile(r"q=mug"))
    expect(home.product("Stoneware Mug, Sage")).to_be_visible()
    expect(home.product("Breakfast Bowl, Oat")).to_have_count(0)
    home.wait_until_live()
    home.main.get_by_role("link", name="Coffee", exact=True).click()
    expect(home.product("House Blend Coffee Beans, 250 g")).to_be_visible()
    expect(home.product("Stoneware Mug, Sage")).to_have_count(0)
    home.field("Search the collection").fill("no such thing anywhere")
    home.button("Search").click()
    expect(page.get_by_text("Nothing matches “no such thing anywhere” here.")).to_be_visible()


def test_a_sold_out_product_offers_an_alert_instead_of_a_delivery_promise(page):
    product = ProductPage(page, "rooibos-vanilla-tea").goto()
    expect(product.button("Add to cart")).to_have_count(0)
    expect(page.get_by_text("Ships within 2 working days")).to_have_count(0)
    email = unique_email("alert")
    product.field("Email for the alert").fill(email)
    product.button("Email me when it is back").click()
    expect(page.get_by_role("status").filter(has_text=f"we will email {email} once")).to_be_visible()


def test_the_legal_pages_are_one_click_from_every_page(page):
    home = HomePage(page).goto()
    home.page.get_by_role("contentinfo").get_by_role("link", name="Terms of sale").click()
    terms = LegalPage(page).expect_open("Terms of sale")
    expect(terms.paragraphs().first).to_contain_text("Maison Lumen")
    page.get_by_role("contentinfo").get_by_role("link", name="30-day returns").click()
    LegalPage(page).expect_open("Shipping and returns")
    LegalPage(page, "privacy").goto().expect_open("Privacy")
    LegalPage(page, "no-such-page").goto().expect_open("This page does not exist.")


def test_a_card_of_the_grid_opens_its_product_without_reloading_the_page(page):
    """The grid's cards are plain elements with Radix's classes (a cheaper render): they must still look like
    cards and move within the app, as rx.link did, instead of loading a whole new document."""
    home = HomePage(page).goto()
    home.wait_until_live()
    card = page.locator(".product-card").first
    expect(card).to_be_visible()
    look = card.evaluate("e => { const s = getComputedStyle(e); const after = getComputedStyle(e, '::after');"
                         " return [s.borderTopLeftRadius, s.paddingLeft, after.boxShadow]; }")
    assert look[0] != "0px" and look[1] != "0px" and look[2] != "none", look
    page.evaluate("window.__same_document = true")
    product = home.open_product("Stoneware Mug, Sage")
    expect(product.page.get_by_role("heading", name="Stoneware Mug, Sage", level=1)).to_be_visible()
    assert page.evaluate("window.__same_document === true"), "the card loaded a new document"
