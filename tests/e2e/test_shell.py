"""The shop end to end in Chromium: catalogue, product page, language switch, back-office guard, 404."""

import re

from playwright.sync_api import expect

from shop.demo.seed import DEMO_MERCHANT_EMAIL, demo_password


def test_home_lists_products_with_prices(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Things made to last")
    mug = page.get_by_role("link", name=re.compile("Stoneware Mug, Sage"))
    expect(mug).to_be_visible()
    expect(mug).to_contain_text("€24.00")
    expect(page.get_by_text("24 products")).to_be_visible()
    expect(page.get_by_role("img", name="Stoneware Mug, Sage")).to_be_visible()


def test_the_collection_is_served_twelve_at_a_time_with_real_page_links(page):
    page.goto("/")
    grid_links = page.locator("#main a[href^='/products/']")
    expect(grid_links).to_have_count(12)
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    first_page = set(grid_links.evaluate_all("links => links.map(link => link.getAttribute('href'))"))
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"/\?page=2#collection$"))
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(grid_links).to_have_count(12)
    second_page = set(grid_links.evaluate_all("links => links.map(link => link.getAttribute('href'))"))
    assert first_page.isdisjoint(second_page)
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    page.goto("/?page=99")  # past the end: the last page
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()


def test_product_page_opens_from_the_grid(page):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Stoneware Mug, Sage")).click()
    expect(page).to_have_url(re.compile(r"/products/stoneware-mug-sage$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoneware Mug, Sage")
    expect(page.get_by_text("€24.00")).to_be_visible()
    expect(page.get_by_text("ML-CER-001")).to_be_visible()
    expect(page).to_have_title(re.compile("Stoneware Mug, Sage"))


def test_out_of_stock_product_says_so(page):
    page.goto("/products/dinner-plate-chalk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dinner Plate, Chalk")
    expect(page.get_by_text("Out of stock")).to_be_visible()


def test_unknown_product_shows_a_friendly_message(page):
    page.goto("/products/no-such-thing")
    expect(page.get_by_role("heading", level=1)).to_have_text("This product is no longer available")


def test_language_switch_turns_the_interface_french_and_back(page):
    page.goto("/products/stoneware-mug-sage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoneware Mug, Sage")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mug en grès, sauge")
    expect(page.get_by_text(re.compile(r"24,00\s€"))).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()
    page.reload()  # the choice is kept
    expect(page.get_by_role("heading", level=1)).to_have_text("Mug en grès, sauge")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Des objets faits pour durer")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Things made to last")


def test_admin_sends_a_visitor_to_the_merchant_sign_in(page):
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=/admin$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merchant sign-in")
    expect(page.get_by_text("Customers")).to_have_count(0)  # nothing of the back-office leaked


def test_merchant_signs_in_and_out(page):
    page.goto("/admin/emails")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.get_by_label("Email").fill(DEMO_MERCHANT_EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/emails$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("heading", name="Recent orders")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/admin/login"))


def test_unknown_route_shows_the_404_page(page):
    page.goto("/this/page/does-not-exist")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="Back to the shop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Things made to last")


def test_every_reserved_route_has_one_heading(page):
    for path in ["/signup", "/login", "/account", "/cart", "/checkout", "/account/orders/ML-100001"]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_phone_layout_has_a_menu(browser, shop):
    context = browser.new_context(base_url=shop["url"], viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Things made to last")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("menuitem", name="Sign in")).to_be_visible()
    context.close()


def test_every_back_office_menu_link_opens_a_back_office_page(page):
    page.goto("/admin/login")
    page.get_by_label("Email").fill(DEMO_MERCHANT_EMAIL)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    menu = page.get_by_role("navigation")
    for name, heading in [("Customers", "Customers"), ("Customer groups", "Customer groups"), ("Orders", "Orders"),
                          ("Products", "Products"), ("Emails", "Emails"), ("Settings", "Settings"),
                          ("Dashboard", "Dashboard")]:
        menu.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("link", name="Sign out")).to_have_count(0)  # never the shop's header
