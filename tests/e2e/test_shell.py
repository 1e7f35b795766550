"""The shop end to end in Chromium: catalogue, product page, language switch, back-office guard, 404."""

import re

from playwright.sync_api import expect

from shop.demo.seed import DEMO_MERCHANT_EMAIL, demo_password
from tests.e2e.pages import (
    AdminDashboardPage,
    AdminEmailsPage,
    AdminLoginPage,
    CartPage,
    HomePage,
    LoginPage,
    NotFoundPage,
    PageObject,
    ProductPage,
)

GRID_LINKS = "#main a[href^='/products/']"


def test_home_lists_products_with_prices(page):
    home = HomePage(page).goto().expect_open()
    mug = home.product("Stoneware Mug, Sage")
    expect(mug).to_be_visible()
    expect(mug).to_contain_text("€24.00")
    expect(home.text("24 products")).to_be_visible()
    expect(page.get_by_role("img", name="Stoneware Mug, Sage")).to_be_visible()


def test_the_lean_build_keeps_the_colours_the_pages_use_and_one_ui_chunk(page):
    HomePage(page).goto().expect_open()
    colour = "getComputedStyle(document.querySelector('.radix-themes')).getPropertyValue('--{}-9').trim()"
    for used in ("grass", "sand", "red", "amber", "gray"):
        assert page.evaluate(colour.format(used)), f"--{used}-9 is not defined"
    assert page.evaluate(colour.format("tomato")) == ""  # a scale the shop never uses is not shipped
    scripts = page.evaluate("[...document.querySelectorAll('link[rel=modulepreload]')].map(link => link.href)")
    assert any("/assets/ui-" in script for script in scripts)
    assert not any(re.search(r"/assets/(heart|shopping-bag|switch|card)-", script) for script in scripts)


def test_a_product_page_names_its_scripts_and_image_in_its_html(page):
    html = page.request.get("/products/stoneware-mug-sage").text()
    head = html.split("</head>")[0]
    assert re.search(r'rel="modulepreload" href="/assets/_products_[^"]+"', head)
    assert '<link rel="preload" as="image" href="/images/products/stoneware-mug-sage.svg"/>' in head
    ProductPage(page, "stoneware-mug-sage").goto()  # the preloads change nothing the visitor sees
    expect(page.get_by_role("button", name="Add to cart")).to_be_enabled()
    expect(page.get_by_role("img", name="Stoneware Mug, Sage")).to_be_visible()


def test_the_collection_is_served_twelve_at_a_time_with_real_page_links(page):
    home = HomePage(page).goto()
    grid_links = page.locator(GRID_LINKS)
    expect(grid_links).to_have_count(12)
    expect(home.text("Page 1 of 2")).to_be_visible()
    first_page = set(grid_links.evaluate_all("links => links.map(link => link.getAttribute('href'))"))
    home.next_page()
    expect(page).to_have_url(re.compile(r"/\?page=2#collection$"))
    expect(home.text("Page 2 of 2")).to_be_visible()
    expect(grid_links).to_have_count(12)
    second_page = set(grid_links.evaluate_all("links => links.map(link => link.getAttribute('href'))"))
    assert first_page.isdisjoint(second_page)
    expect(home.link("Next page")).to_have_count(0)
    home.goto("/?page=99")  # past the end: the last page
    expect(home.text("Page 2 of 2")).to_be_visible()


def test_product_page_opens_from_the_grid(page):
    product = HomePage(page).goto().open_product("Stoneware Mug, Sage")
    expect(page).to_have_url(re.compile(r"/products/stoneware-mug-sage$"))
    product.expect_open("Stoneware Mug, Sage")
    expect(product.text("€24.00")).to_be_visible()
    expect(product.text("ML-CER-001")).to_be_visible()
    expect(page).to_have_title(re.compile("Stoneware Mug, Sage"))


def test_out_of_stock_product_says_so(page):
    product = ProductPage(page, "dinner-plate-chalk").goto().expect_open("Dinner Plate, Chalk")
    expect(product.text("Out of stock")).to_be_visible()


def test_unknown_product_shows_a_friendly_message(page):
    ProductPage(page, "no-such-thing").goto().expect_open("This product is no longer available")


def test_language_switch_turns_the_interface_french_and_back(page):
    product = ProductPage(page, "stoneware-mug-sage").goto().expect_open("Stoneware Mug, Sage")
    page.get_by_role("button", name="Français").click()
    product.expect_open("Mug en grès, sauge")
    expect(product.text(re.compile(r"24,00\s€"))).to_be_visible()
    expect(product.header.get_by_role("link", name="Se connecter")).to_be_visible()
    page.reload()  # the choice is kept
    product.expect_open("Mug en grès, sauge")
    home = HomePage(page).goto().expect_open("Des objets faits pour durer")
    page.get_by_role("button", name="English").click()
    home.expect_open()


def test_a_language_switch_rewords_what_the_server_wrote_without_a_reload(page):
    """A refused form's message and the cart's lines are made on the server: they follow the switch too."""
    login = LoginPage(page).goto()
    login.sign_in("nobody-here@example.com", "not the password at all")
    login.expect_refused()
    page.get_by_role("button", name="Français").click()
    expect(login.alert).to_have_text("L’e-mail ou le mot de passe est incorrect.")
    page.get_by_role("button", name="English").click()
    login.expect_refused()

    ProductPage(page, "stoneware-mug-sage").goto().add_to_cart()
    cart = CartPage(page).goto()
    expect(cart.line("Stoneware Mug, Sage")).to_be_visible()
    page.get_by_role("button", name="Français").click()
    expect(cart.line("Mug en grès, sauge")).to_be_visible()
    expect(cart.text(re.compile(r"24,00\s€")).first).to_be_visible()


def test_admin_sends_a_visitor_to_the_merchant_sign_in(page):
    AdminDashboardPage(page).goto(wait_until_live=False)
    expect(page).to_have_url(re.compile(r"/admin/login\?next=/admin$"))
    AdminLoginPage(page).expect_open()
    expect(page.get_by_text("Customers")).to_have_count(0)  # nothing of the back-office leaked


def test_merchant_signs_in_and_out(page):
    AdminEmailsPage(page).goto(wait_until_live=False)
    expect(page).to_have_url(re.compile(r"/admin/login"))
    login = AdminLoginPage(page)
    login.sign_in(DEMO_MERCHANT_EMAIL, "not the password")
    login.expect_alert("The email or password is incorrect.")
    login.sign_in(DEMO_MERCHANT_EMAIL, demo_password())
    expect(page).to_have_url(re.compile(r"/admin/emails$"))
    emails = AdminEmailsPage(page).expect_open()
    emails.open_menu_link("Dashboard")
    dashboard = AdminDashboardPage(page).expect_open()
    expect(page.get_by_role("heading", name="Recent orders")).to_be_visible()
    dashboard.sign_out()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    dashboard.goto(wait_until_live=False)
    expect(page).to_have_url(re.compile(r"/admin/login"))


def test_unknown_route_shows_the_404_page(page):
    NotFoundPage(page).goto("/this/page/does-not-exist").expect_open()
    page.get_by_role("link", name="Back to the shop").click()
    HomePage(page).expect_open()


def test_every_reserved_route_has_one_heading(page):
    for path in ["/signup", "/login", "/account", "/cart", "/checkout", "/account/orders/ML-100001"]:
        expect(PageObject(page).goto(path).heading).to_have_count(1)


def test_phone_layout_has_a_menu(browser, shop):
    context = browser.new_context(base_url=shop["url"], viewport={"width": 375, "height": 812})
    page = context.new_page()
    HomePage(page).goto().expect_open()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("menuitem", name="Sign in")).to_be_visible()
    context.close()


def test_every_back_office_menu_link_opens_a_back_office_page(page):
    AdminLoginPage(page).goto().sign_in(DEMO_MERCHANT_EMAIL, demo_password())
    dashboard = AdminDashboardPage(page).expect_open()
    for name, heading in [("Customers", "Customers"), ("Customer groups", "Customer groups"), ("Orders", "Orders"),
                          ("Products", "Products"), ("Emails", "Emails"), ("Settings", "Settings"),
                          ("Dashboard", "Dashboard")]:
        dashboard.open_menu_link(name)
        dashboard.expect_open(heading)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("link", name="Sign out")).to_have_count(0)  # never the shop's header


def test_no_card_blurs_the_page_behind_it(page):
    """Panels are solid (rxconfig.py): Radix's translucent ones blurred what lay behind every card, which made
    one frame of the address book cost 60 ms to draw without a GPU, and a click's answer waited for it."""
    LoginPage(page).goto().expect_open()
    expect(page.locator(".rt-Card").first).to_be_visible()
    blurred = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter((element) => [null, '::before', '::after']
            .some((part) => getComputedStyle(element, part).backdropFilter !== 'none'))
        .map((element) => element.className)""")
    assert blurred == []
